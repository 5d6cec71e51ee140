"""AuditStore: who did what to which account, newest first (role changes, suspensions,
deletions, password resets, admin creations).

One partition `AUDIT`, sort key `<at with microseconds>#<id>`: a page is one Query read
backwards, and the cursor is the last key seen.
"""

from __future__ import annotations

import json
import uuid

from boto3.dynamodb.conditions import Key
from service_kit import clock, dynamo

PARTITION = "AUDIT"


def _to_event(item: dict) -> dict:
    return {
        "id": item["id"],
        "at": item["at"],
        "actor_id": item.get("actor_id"),
        "action": item["action"],
        "target_id": item.get("target_id"),
        "detail": json.loads(item.get("detail", "{}")),
    }


class AuditStore:
    """The audit table."""

    def __init__(self, *, table):
        self.table = table
        self.client = table.meta.client

    def put_request(self, *, actor_id: str | None, action: str, target_id: str | None,
                    detail: dict) -> dict:  # fmt: skip
        """A TransactWriteItems `Put` recording one event (joins the change's transaction)."""
        moment = clock.now()
        event_id = uuid.uuid4().hex
        item = {
            "pk": PARTITION,
            "sk": clock.order_key(moment, event_id),
            "id": event_id,
            "at": clock.timestamp(moment),
            "action": action,
            "detail": json.dumps(detail, sort_keys=True),
        }
        if actor_id:
            item["actor_id"] = actor_id
        if target_id:
            item["target_id"] = target_id
        return {"Put": {"TableName": self.table.name, "Item": item}}

    def record(self, **event) -> None:
        """Record one event on its own."""
        dynamo.transact(self.client, [self.put_request(**event)])

    def list_events(self, *, limit: int, cursor: str | None, secret: str):
        """One page, newest first; returns (events, next cursor)."""
        found, next_cursor = dynamo.query_page(
            self.table,
            limit=limit,
            cursor=cursor,
            secret=secret,
            expect={"pk": PARTITION},
            KeyConditionExpression=Key("pk").eq(PARTITION),
            ScanIndexForward=False,
        )
        return [_to_event(item) for item in found], next_cursor
