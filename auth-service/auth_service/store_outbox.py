"""OutboxStore: mail waiting to be sent, written in the same transaction as the change.

Pending items live in one partition ordered by when they are due (`PENDING` /
`<due epoch ms>#<id>`), so the sender finds due mail with one Query (no Scan). A sender
leases an item before sending (several senders may run); a failed attempt is re-queued later
with backoff; after MAX_ATTEMPTS it moves to `FAILED` for an operator. Every item expires by
TTL: a mail holding a 30-minute reset link is worthless, and unsafe to keep, after that.
"""

from __future__ import annotations

import uuid

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit import clock, dynamo
from service_kit.dynamo import condition_failed

PENDING = "PENDING"
FAILED = "FAILED"
MAX_ATTEMPTS = 8
LEASE_S = 60
_FIELDS = ("to", "subject", "text", "html", "unsubscribe_url", "kind")


def _sort_key(due_ms: int, mail_id: str) -> str:
    return f"{due_ms:015d}#{mail_id}"


def backoff_s(attempts: int) -> int:
    """Seconds before retry number `attempts` (1, 2, …): 5, 10, 20 … capped at 15 minutes."""
    return min(5 * 2 ** (attempts - 1), 900)


class OutboxStore:
    """The outbox table; `put_request` is the piece other writes add to their transaction."""

    def __init__(self, *, table):
        self.table = table
        self.client = table.meta.client

    def put_request(self, *, to: str, subject: str, text: str, html: str | None = None,
                    kind: str = "mail", ttl_s: int = 24 * 3600,
                    unsubscribe_url: str | None = None) -> dict:  # fmt: skip
        """A TransactWriteItems `Put` queueing one mail now (the resource client serialises it)."""
        now = clock.epoch()
        mail_id = uuid.uuid4().hex
        item = {
            "pk": PENDING,
            "sk": _sort_key(int(now * 1000), mail_id),
            "id": mail_id,
            "to": to,
            "subject": subject,
            "text": text,
            "kind": kind,
            "attempts": 0,
            "created_at": int(now),
            "expires_at": int(now) + ttl_s,
        }
        if html is not None:
            item["html"] = html
        if unsubscribe_url:
            item["unsubscribe_url"] = unsubscribe_url
        return {"Put": {"TableName": self.table.name, "Item": item}}

    def enqueue(self, **mail) -> None:
        """Queue one mail on its own (when there is no other write to join)."""
        dynamo.transact(self.client, [self.put_request(**mail)])

    def due(self, *, limit: int = 10) -> list[dict]:
        """Pending mail whose time has come, oldest first."""
        now_ms = int(clock.epoch() * 1000)
        return self.table.query(
            KeyConditionExpression=Key("pk").eq(PENDING) & Key("sk").lte(f"{now_ms:015d}~"),
            Limit=limit,
            ConsistentRead=True,
        )["Items"]

    def lease(self, item: dict) -> bool:
        """Claim an item for LEASE_S seconds; False when another sender holds it or it is gone."""
        now = int(clock.epoch())
        try:
            self.table.update_item(
                Key={"pk": item["pk"], "sk": item["sk"]},
                UpdateExpression="SET lease_until = :until",
                ConditionExpression="attribute_exists(pk) AND "
                "(attribute_not_exists(lease_until) OR lease_until < :now)",
                ExpressionAttributeValues={":until": now + LEASE_S, ":now": now},
            )
        except ClientError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def done(self, item: dict) -> None:
        """The mail was handed over (or dropped as expired): forget it."""
        self.table.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})

    def retry_later(self, item: dict, *, error: str) -> str:
        """Re-queue after a failed attempt with backoff, or park it in FAILED; return which."""
        attempts = int(item.get("attempts", 0)) + 1
        moved = {k: v for k, v in item.items() if k not in ("lease_until",)}
        moved.update(attempts=attempts, last_error=error[:500], last_attempt_at=int(clock.epoch()))
        if attempts >= MAX_ATTEMPTS:
            moved.update(pk=FAILED, sk=item["sk"])
            state = FAILED
        else:
            due_ms = int((clock.epoch() + backoff_s(attempts)) * 1000)
            moved.update(sk=_sort_key(due_ms, item["id"]))
            state = PENDING
        dynamo.transact(
            self.client,
            [
                {
                    "Delete": {
                        "TableName": self.table.name,
                        "Key": {"pk": item["pk"], "sk": item["sk"]},
                    }
                },
                {"Put": {"TableName": self.table.name, "Item": moved}},
            ],
        )
        return state

    def failed(self, *, limit: int = 50) -> list[dict]:
        """Mail that ran out of attempts (for operators and tests)."""
        return self.table.query(KeyConditionExpression=Key("pk").eq(FAILED), Limit=limit)["Items"]


def mail_fields(item: dict) -> dict:
    """The message fields of a stored item."""
    return {name: item[name] for name in _FIELDS if name in item}
