"""`healthz` (process alive) and `readyz` (its stores answer, within 2 s)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait

from flask import Blueprint, jsonify

from . import deps

logger = logging.getLogger(__name__)

READY_DEADLINE_S = 1.5
_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="readyz")


def table_check(client, table_name: str) -> Callable[[], None]:
    """A readiness check that the DynamoDB table exists and is ACTIVE."""

    def check():
        status = client.describe_table(TableName=table_name)["Table"]["TableStatus"]
        if status not in ("ACTIVE", "UPDATING"):
            raise RuntimeError(f"table {table_name} is {status}")

    check.__name__ = f"table:{table_name}"
    check.warm = getattr(client, "warm", None)
    return check


def bucket_check(client, bucket: str) -> Callable[[], None]:
    """A readiness check that the S3 bucket answers."""

    def check():
        client.head_bucket(Bucket=bucket)

    check.__name__ = f"bucket:{bucket}"
    check.warm = getattr(client, "warm", None)
    return check


def run_checks(checks: list[Callable[[], None]]) -> dict[str, str]:
    """Run checks in parallel under one deadline; map each name to 'ok' or the failure."""
    for check in checks:
        # A client made on first use is built here, outside the deadline: building it is this
        # process's own work (a busy machine took > 1.5 s), not the store failing to answer.
        warm = getattr(check, "warm", None)
        if warm is not None:
            warm()
    futures = {_pool.submit(check): check.__name__ for check in checks}
    done, _ = wait(futures, timeout=READY_DEADLINE_S)
    results = {}
    for future, name in futures.items():
        if future not in done:
            results[name] = "timeout"
            continue
        error = future.exception()
        results[name] = "ok" if error is None else f"{type(error).__name__}: {error}"[:200]
    return results


def public_checks(results: dict[str, str]) -> dict[str, str]:
    """The results without table or bucket names or error text (those stay in the logs)."""
    counts: dict[str, int] = {}
    public = {}
    for name, value in results.items():
        kind = name.partition(":")[0]
        counts[kind] = counts.get(kind, 0) + 1
        public[f"{kind}-{counts[kind]}"] = value if value in ("ok", "timeout") else "failed"
    return public


def health_blueprint(prefix: str) -> Blueprint:
    """The health routes under `prefix` (e.g. /api/courses)."""
    blueprint = Blueprint("health", __name__)

    @blueprint.get(f"{prefix}/healthz")
    def healthz():
        """Liveness: 200 while the process runs."""
        return jsonify(status="ok")

    @blueprint.get(f"{prefix}/readyz")
    def readyz():
        """Readiness: 200 when every table and bucket of this service answers, else 503."""
        checks = deps.ready_checks()
        results = run_checks(checks)
        ready = all(value == "ok" for value in results.values())
        if not ready:
            logger.warning("not ready: %s", results)
        body = {"status": "ready" if ready else "unavailable", "checks": public_checks(results)}
        return jsonify(body), (200 if ready else 503)

    return blueprint
