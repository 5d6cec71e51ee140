"""`python -m service_kit.bootstrap <package>`: create a service's tables (idempotent)."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import time

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from .aws import REQUEST_CONFIG
from .logs import configure_logging
from .tables import ensure_tables

logger = logging.getLogger("service_kit.bootstrap")


def bootstrap(package: str, *, wait_s: float = 60.0) -> list[str]:
    """Create the tables of `<package>.tables.TABLES` (or `.TABLES`), waiting for DynamoDB."""
    module = importlib.import_module(package)
    settings_class = getattr(module, "Settings", None)
    if settings_class is None:
        settings_class = importlib.import_module(f"{package}.config").Settings
    specs = getattr(module, "TABLES", None)
    if specs is None:
        specs = importlib.import_module(f"{package}.tables").TABLES
    settings = settings_class.from_env()
    client = boto3.session.Session().client(
        "dynamodb",
        region_name=settings.aws_region,
        endpoint_url=settings.dynamodb_endpoint,
        config=REQUEST_CONFIG,
    )
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return ensure_tables(client, specs, settings.table_name)
        except (BotoCoreError, ClientError) as error:
            if time.monotonic() > deadline:
                raise
            logger.info("waiting for DynamoDB: %s", error)
            time.sleep(0.5)


def main(argv=None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("packages", nargs="+", help="service packages, e.g. course_service")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for DynamoDB")
    args = parser.parse_args(argv)
    configure_logging("bootstrap")
    for package in args.packages:
        names = bootstrap(package, wait_s=args.wait)
        logger.info("%s tables ready: %s", package, ", ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
