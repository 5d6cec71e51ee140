"""The outbox sender: `python -m auth_service.mailer` delivers queued mail over SMTP.

Runs as its own small process beside the service (the local stack supervises it; on AWS
one per host is fine: leases keep two senders off the same item). A failed delivery is
logged and counted (`dread_mail_failures_total`) and retried with backoff.
"""

from __future__ import annotations

import logging
import signal
import sys
import time

from prometheus_client import Counter
from service_kit import dynamodb_resource, mail
from service_kit.logs import configure_logging

from .config import Settings
from .store_outbox import FAILED, OutboxStore, mail_fields

logger = logging.getLogger(__name__)

POLL_S = 1.0
SENT = Counter("dread_mail_sent_total", "Mail handed to the SMTP server", ["kind"])
FAILURES = Counter(
    "dread_mail_failures_total", "Failed mail deliveries (final: gave up)", ["kind", "final"]
)


def deliver_due(outbox: OutboxStore, *, target: mail.SmtpTarget, sender: str,
                send=mail.send) -> int:  # fmt: skip
    """Send every due mail once; return how many were handed over."""
    sent = 0
    for item in outbox.due():
        if not outbox.lease(item):
            continue
        fields = mail_fields(item)
        kind = fields.get("kind", "mail")
        if int(item.get("expires_at", 0)) <= time.time():
            logger.warning("dropping expired mail %s (%s)", item["id"], kind)
            outbox.done(item)
            continue
        message = mail.build_message(
            sender=sender,
            to=fields["to"],
            subject=fields["subject"],
            text=fields["text"],
            html=fields.get("html"),
            unsubscribe_url=fields.get("unsubscribe_url"),
        )
        try:
            send(target, message)
        except mail.MailDeliveryError as error:
            state = outbox.retry_later(item, error=str(error))
            FAILURES.labels(kind, str(state == FAILED).lower()).inc()
            log = logger.error if state == FAILED else logger.warning
            log("mail %s (%s) not delivered (attempt %s): %s; %s", item["id"], kind,
                int(item.get("attempts", 0)) + 1, error,
                "giving up" if state == FAILED else "will retry")  # fmt: skip
            continue
        outbox.done(item)
        SENT.labels(kind).inc()
        logger.info("mail %s (%s) sent", item["id"], kind)
        sent += 1
    return sent


def run(settings: Settings, *, stop=lambda: False) -> None:
    """Poll the outbox until `stop()`; store errors are logged and the loop goes on."""
    if not settings.smtp_url:
        raise SystemExit("DREAD_SMTP_URL is not set: nowhere to send mail")
    target = mail.parse_smtp_url(settings.smtp_url)
    mail.sender_address(settings.mail_from)  # fail fast on a bad From
    table = dynamodb_resource(settings).Table(settings.table_name("outbox"))
    outbox = OutboxStore(table=table)
    logger.info("mail sender: %s:%s (%s)", target.host, target.port, target.scheme)
    while not stop():
        try:
            deliver_due(outbox, target=target, sender=settings.mail_from)
        except Exception:  # the store being down must not end the sender
            logger.exception("mail sender: outbox pass failed")
        time.sleep(POLL_S)


def main() -> int:
    """Entry point of the sender process."""
    settings = Settings.from_env()
    configure_logging("auth-mailer", settings.log_level)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    run(settings, stop=lambda: bool(stopping))
    return 0


if __name__ == "__main__":
    sys.exit(main())
