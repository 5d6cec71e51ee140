"""The outbox sender's pass (run by `python -m auth_service.worker`): deliver queued mail.

A failed delivery is logged and counted (`dread_mail_failures_total`) and retried with
backoff; leases keep two workers off the same item.
"""

from __future__ import annotations

import logging

from prometheus_client import Counter
from service_kit import clock, mail

from .store_outbox import FAILED, OutboxStore, mail_fields

logger = logging.getLogger(__name__)

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
        if int(item.get("expires_at", 0)) <= clock.epoch():
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
