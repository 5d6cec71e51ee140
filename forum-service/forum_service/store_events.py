"""EventStore: new posts waiting to be fanned out to their followers (a durable queue).

A request writes one event (bounded work: one PutItem, whatever the number of followers);
the worker (`python -m forum_service.worker`) leases due events, advances each by one
bounded chunk of followers per pass and saves where it stopped, so a course with thousands
of followers neither blocks the request nor starves the other events.
"""

from __future__ import annotations

import json
import uuid

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit import clock
from service_kit.dynamo import TableStore, condition_failed
from service_kit.ids import new_ulid

PENDING = "PENDING"
LEASE_S = 30
KEEP_S = 7 * 24 * 3600  # an event nobody could process for a week is dropped by TTL


class EventStore(TableStore):
    """Events under PENDING/<ulid> (oldest first) and digest runs under RUN#<n>."""

    TABLES = ("events",)

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["events"]
        self.owner = uuid.uuid4().hex  # this process, as a lease holder

    def add(self, *, event: dict) -> dict:
        """Queue one event now; returns it with its id (a ULID: notifications sort by it)."""
        event_id = new_ulid()
        item = {
            "pk": PENDING,
            "sk": event_id,
            "id": event_id,
            "phase": "direct",
            "created_at": clock.timestamp(),
            "expires_at": int(clock.epoch()) + KEEP_S,
            **{k: v for k, v in event.items() if v is not None},
        }
        self.table.put_item(Item=item)
        return item

    def due(self, *, limit: int = 25) -> list[dict]:
        """Pending events, oldest first (leased ones included: `lease` decides)."""
        answer = self.table.query(
            KeyConditionExpression=Key("pk").eq(PENDING), Limit=limit, ConsistentRead=True
        )
        return answer["Items"]

    def lease(self, event: dict) -> bool:
        """Claim an event for LEASE_S seconds; False when another worker holds it."""
        now = int(clock.epoch())
        try:
            self.table.update_item(
                Key={"pk": PENDING, "sk": event["sk"]},
                UpdateExpression="SET lease_until = :until, lease_owner = :me",
                ConditionExpression="attribute_exists(pk) AND "
                "(attribute_not_exists(lease_until) OR lease_until < :now OR lease_owner = :me)",
                ExpressionAttributeValues={":until": now + LEASE_S, ":now": now, ":me": self.owner},
            )
        except ClientError as error:
            if condition_failed(error):
                return False
            raise
        return True

    def advance(self, event: dict, *, phase: str, start: dict | None) -> None:
        """Save where the fan-out stopped (the next chunk starts there) and free the lease."""
        self.table.update_item(
            Key={"pk": PENDING, "sk": event["sk"]},
            UpdateExpression="SET phase = :phase, start_key = :start REMOVE lease_until",
            ConditionExpression="lease_owner = :me",
            ExpressionAttributeValues={
                ":phase": phase,
                ":start": json.dumps(start) if start else "",
                ":me": self.owner,
            },
        )

    def finish(self, event: dict) -> None:
        """Every recipient was notified: forget the event."""
        self.table.delete_item(Key={"pk": PENDING, "sk": event["sk"]})

    def claim_run(self, *, run: int) -> bool:
        """Claim digest run number `run` (one per interval, whichever worker is first)."""
        try:
            self.table.put_item(
                Item={
                    "pk": f"RUN#{run}",
                    "sk": "RUN",
                    "owner": self.owner,
                    "started_at": clock.timestamp(),
                    "expires_at": int(clock.epoch()) + KEEP_S,
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
        except ClientError as error:
            if condition_failed(error):
                return False
            raise
        return True


def start_key(event: dict) -> dict | None:
    """Where the follower pages of an event continue (None: from the first)."""
    saved = event.get("start_key")
    return json.loads(saved) if saved else None
