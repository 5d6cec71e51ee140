"""The auth service's background process: `python -m auth_service.worker`.

Each second it delivers due mail from the outbox and advances due account-deletion jobs.
Leases let several run at once (one per host on AWS).
"""

from __future__ import annotations

import logging
import sys

from service_kit import dynamodb_resource, mail
from service_kit.logs import configure_logging
from service_kit.passes import run_passes, stop_on_signals

from . import build_lifecycle, build_service, mailer
from .config import Settings
from .store_outbox import OutboxStore

logger = logging.getLogger(__name__)

POLL_S = 1.0


def run(settings: Settings, *, stop=lambda: False) -> None:
    """Poll until `stop()`; a failing pass is logged and the loop goes on."""
    if not settings.smtp_url:
        raise SystemExit("DREAD_SMTP_URL is not set: nowhere to send mail")
    target = mail.parse_smtp_url(settings.smtp_url)
    mail.sender_address(settings.mail_from)  # fail fast on a bad From
    dynamodb = dynamodb_resource(settings)
    outbox = OutboxStore(table=dynamodb.Table(settings.table_name("outbox")))
    lifecycle = build_lifecycle(settings, dynamodb, build_service(settings, dynamodb))
    logger.info("auth worker: mail to %s:%s (%s)", target.host, target.port, target.scheme)
    passes = (
        ("mail", lambda: mailer.deliver_due(outbox, target=target, sender=settings.mail_from)),
        ("deletions", lifecycle.run_due),
    )
    run_passes("auth", passes, stop=stop, idle_s=POLL_S, logger=logger)


def main() -> int:
    """Entry point of the worker process."""
    settings = Settings.from_env()
    configure_logging("auth-worker", settings.log_level)
    run(settings, stop=stop_on_signals())
    return 0


if __name__ == "__main__":
    sys.exit(main())
