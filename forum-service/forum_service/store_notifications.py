"""NotificationStore: a user's notifications, newest first, and an exact unread counter.

Every change to `read` and the counter happen in one transaction, so the count that the
navbar reads with one GetItem is the number of unread items. Adding is idempotent (the item
key is the event's id): a fan-out chunk retried after a crash does not notify twice.
"""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit import clock, dynamo
from service_kit.dynamo import TableStore, TransactionCancelled, condition_failed, query_pages

KEEP_S = 90 * 24 * 3600  # notifications older than this are dropped by TTL
COUNT = "COUNT"
_MARK_CHUNK = 24  # item updates per transaction (+ the counter)
ADD_GROUP = 50  # notifications added per transaction: two writes each (100, the item limit)
FIELDS = (
    "id",
    "kind",
    "course_id",
    "thread_id",
    "reply_id",
    "actor_id",
    "actor_name",
    "thread_title",
    "course_title",
    "excerpt",
    "created_at",
)


def to_notification(item: dict) -> dict:
    """The API's notification from a stored item."""
    shaped = {name: item.get(name) for name in FIELDS}
    shaped["read"] = "gsi1pk" not in item
    return shaped


class NotificationStore(TableStore):
    """Notifications under USER#<uid>; the counter item USER#<uid>/COUNT."""

    TABLES = ("notifications",)

    def __init__(self, *, tables: dict, resource=None, settings=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.table = tables["notifications"]
        self.client = self.table.meta.client

    @staticmethod
    def _key(user_id: str, notification_id: str) -> dict:
        return {"pk": f"USER#{user_id}", "sk": f"N#{notification_id}"}

    def _count_update(self, user_id: str, delta: int) -> dict:
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": {"pk": f"USER#{user_id}", "sk": COUNT},
                "UpdateExpression": "ADD unread :delta",
                "ExpressionAttributeValues": {":delta": delta},
            }
        }

    def _add_writes(self, user_id: str, notification: dict) -> list[dict]:
        """The two writes that add one notification: the item (if new) and its unread count."""
        key = self._key(user_id, notification["id"])
        item = {
            **key,
            **{k: v for k, v in notification.items() if v is not None},
            "gsi1pk": f"UNREAD#{user_id}",
            "gsi1sk": key["sk"],
            "gsi2pk": f"ACTOR#{notification.get('actor_id')}",
            "expires_at": int(clock.epoch()) + KEEP_S,
        }
        put = {
            "Put": {
                "TableName": self.table.name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        return [put, self._count_update(user_id, 1)]

    def add(self, *, user_id: str, notification: dict) -> bool:
        """Store one notification and count it unread; False when it was already there."""
        return self.add_many(user_ids=[user_id], notification=notification) == 1

    def add_many(self, *, user_ids: list[str], notification: dict) -> int:
        """Store `notification` for each of these (distinct) users; return how many were new.

        One transaction per ADD_GROUP users instead of one per user: the fan-out's cost is
        its round trips to the store.
        """
        return sum(
            self._add_group(list(user_ids[start : start + ADD_GROUP]), notification)
            for start in range(0, len(user_ids), ADD_GROUP)
        )

    def _add_group(self, user_ids: list[str], notification: dict) -> int:
        """One transaction for the group; users who already have it are left out and the
        rest retried (a chunk redone after a crash, or a mention that was also a follower)."""
        while user_ids:
            writes = [w for u in user_ids for w in self._add_writes(u, notification)]
            try:
                dynamo.transact(self.client, writes)
                return len(user_ids)
            except TransactionCancelled as refused:
                fresh = [u for i, u in enumerate(user_ids) if not refused.failed(2 * i)]
                if len(fresh) == len(user_ids):
                    raise  # refused for another reason than "already there"
                user_ids = fresh
        return 0

    def unread_count(self, *, user_id: str) -> int:
        """The unread count: one GetItem."""
        item = self.table.get_item(Key={"pk": f"USER#{user_id}", "sk": COUNT}).get("Item")
        return max(0, int(item.get("unread", 0))) if item else 0

    def list_page(self, *, user_id: str, limit: int, cursor: str | None):
        """A page of a user's notifications, newest first."""
        partition = f"USER#{user_id}"
        found, next_cursor = dynamo.query_page(
            self.table,
            limit=limit,
            cursor=cursor,
            secret=self.settings.cursor_secret,
            expect={"pk": partition},
            ScanIndexForward=False,
            KeyConditionExpression=Key("pk").eq(partition) & Key("sk").begins_with("N#"),
        )
        return [to_notification(item) for item in found], next_cursor

    def unread_since(self, *, user_id: str, after_id: str, limit: int) -> list[dict]:
        """Unread notifications newer than `after_id` (a ULID), newest first (the digest)."""
        answer = self.table.query(
            KeyConditionExpression=Key("pk").eq(f"USER#{user_id}")
            & Key("sk").between(f"N#{after_id}", "N#~"),
            ScanIndexForward=False,
            Limit=limit * 4,
        )
        items = [to_notification(i) for i in answer["Items"] if i["sk"] != f"N#{after_id}"]
        return [n for n in items if not n["read"]][:limit]

    def mark_read(self, *, user_id: str, ids: list[str]) -> int:
        """Mark these notifications read (unknown or already read ones are skipped)."""
        marked = 0
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), _MARK_CHUNK):
            marked += self._mark_chunk(user_id, unique[start : start + _MARK_CHUNK])
        return marked

    def mark_all_read(self, *, user_id: str) -> int:
        """Mark every unread notification read (pages of the sparse unread index)."""
        pages = query_pages(
            self.table,
            IndexName="gsi1",
            Limit=100,
            KeyConditionExpression=Key("gsi1pk").eq(f"UNREAD#{user_id}"),
        )
        return sum(
            self.mark_read(user_id=user_id, ids=[i["sk"].removeprefix("N#") for i in page])
            for page in pages
        )

    def _flip(self, user_id: str, notification_id: str) -> dict:
        return {
            "Update": {
                "TableName": self.table.name,
                "Key": self._key(user_id, notification_id),
                "UpdateExpression": "REMOVE gsi1pk, gsi1sk",
                "ConditionExpression": "attribute_exists(gsi1pk)",
            }
        }

    def _mark_chunk(self, user_id: str, ids: list[str]) -> int:
        """One transaction for the chunk; one per id when some were not unread."""
        if not ids:
            return 0
        flips = [self._flip(user_id, i) for i in ids]
        try:
            dynamo.transact(self.client, [*flips, self._count_update(user_id, -len(ids))])
            return len(ids)
        except TransactionCancelled:
            if len(ids) == 1:
                return 0
        return sum(self._mark_chunk(user_id, [i]) for i in ids)

    def last_digest(self, *, user_id: str) -> str | None:
        """The newest notification id the last digest covered (None: never sent)."""
        item = self.table.get_item(Key={"pk": f"USER#{user_id}", "sk": "DIGEST"}).get("Item")
        return item.get("last_id") if item else None

    def set_last_digest(self, *, user_id: str, last_id: str) -> None:
        """Remember what the digest just sent covered."""
        self.table.put_item(
            Item={
                "pk": f"USER#{user_id}",
                "sk": "DIGEST",
                "last_id": last_id,
                "sent_at": clock.timestamp(),
            }
        )

    def forget_actor(self, *, actor_id: str, name: str, anonymous_id: str) -> None:
        """Show a deleted account as `name` in everyone's notifications (the actor index)."""
        pages = query_pages(
            self.table,
            IndexName="gsi2",
            KeyConditionExpression=Key("gsi2pk").eq(f"ACTOR#{actor_id}"),
        )
        for item in (item for page in pages for item in page):
            try:
                self.table.update_item(
                    Key={"pk": item["pk"], "sk": item["sk"]},
                    UpdateExpression="SET actor_name = :name, actor_id = :anon REMOVE gsi2pk",
                    ConditionExpression="attribute_exists(pk)",  # not one TTL just removed
                    ExpressionAttributeValues={":name": name, ":anon": anonymous_id},
                )
            except ClientError as error:
                if not condition_failed(error):
                    raise

    def purge_user(self, *, user_id: str) -> list[dict]:
        """Delete every item of a user; return the notifications."""
        removed = []
        for page in query_pages(self.table, KeyConditionExpression=Key("pk").eq(f"USER#{user_id}")):
            with self.table.batch_writer() as batch:
                for item in page:
                    batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
            removed += [to_notification(i) for i in page if i["sk"].startswith("N#")]
        return removed
