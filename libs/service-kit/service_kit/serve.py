"""`python -m service_kit.serve <package>`: the container entry point of every service.

Creates the service's tables first when DREAD_BOOTSTRAP_TABLES=1 (compose; on AWS the
tables come from CloudFormation), then replaces itself with gunicorn.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import metrics_mode
from .bootstrap import bootstrap
from .config import env_bool
from .logs import configure_logging

GUNICORN_CONF = Path(__file__).with_name("gunicorn_conf.py")


def main(argv: list[str]) -> int:
    """Bootstrap (optional) and exec gunicorn for `argv[0]` (a service package)."""
    if len(argv) != 1:
        print("usage: python -m service_kit.serve <package>", file=sys.stderr)
        return 2
    package = argv[0]
    configure_logging("serve")
    if env_bool("DREAD_BOOTSTRAP_TABLES"):
        bootstrap(package, wait_s=float(os.environ.get("DREAD_BOOTSTRAP_WAIT", "120")))
    # gunicorn's workers add up in the image's multiprocess folder: create it and pass it on
    # (the kit dropped the variable from this process, whose folder did not exist yet)
    if metrics_mode.requested:
        Path(metrics_mode.requested).mkdir(parents=True, exist_ok=True)
        os.environ[metrics_mode.VARIABLE] = metrics_mode.requested
    gunicorn_argv = ["gunicorn", "-c", str(GUNICORN_CONF), f"{package}:create_app()"]
    os.execvp(gunicorn_argv[0], gunicorn_argv)  # noqa: S606 (fixed command)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
