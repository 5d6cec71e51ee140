"""ForumStore: the only code of this service that talks to DynamoDB (with store_*.py)."""

from __future__ import annotations

import logging

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit.dynamo import TransactionCancelled, condition_failed

from .store_base import StoreBase, thread_sort_key, to_thread
from .store_flags import FlagsMixin
from .store_replies import RepliesMixin

logger = logging.getLogger(__name__)

DELETED_TITLE = "[deleted]"


class ForumStore(RepliesMixin, FlagsMixin, StoreBase):
    """Data access for the forum service; tables are injected."""

    def get_thread(self, *, thread_id: str) -> dict | None:
        """A thread, or None."""
        item = self.threads.get_item(
            Key={"pk": f"THREAD#{thread_id}", "sk": "THREAD"}, ConsistentRead=True
        ).get("Item")
        return to_thread(item) if item else None

    def add_thread(self, *, thread: dict, now_s: float) -> dict:
        """Create a thread, counting it against the author's posting rate."""
        item = {
            **thread,
            "pk": f"THREAD#{thread['id']}",
            "sk": "THREAD",
            "gsi1pk": f"COURSE#{thread['course_id']}",
            "gsi1sk": thread_sort_key(False, thread["last_activity_at"], thread["id"]),
        }
        put = {
            "Put": {
                "TableName": self.threads.name,
                "Item": {k: v for k, v in item.items() if v is not None},
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        try:
            self.transact([put, self.rate_item(user_id=thread["author_id"], now_s=now_s)])
        except TransactionCancelled as refused:
            if refused.failed(1):
                raise self.too_fast(now_s) from refused
            raise
        return to_thread(item)

    def update_thread(self, *, thread: dict, changes: dict) -> dict | None:
        """Apply `changes` unless the thread changed activity or was deleted meanwhile.

        Returns None on such a race (the caller re-reads and retries). `pinned` moves the
        thread in the course's list, so its sort key is rebuilt from the state we read.
        """
        changes = dict(changes)
        if "pinned" in changes:
            changes["gsi1sk"] = thread_sort_key(
                changes["pinned"], thread["last_activity_at"], thread["id"]
            )
        values = {f":{k}": v for k, v in changes.items()}
        values[":no"] = False
        condition = "attribute_exists(pk) AND deleted = :no"
        if "gsi1sk" in changes:
            condition += " AND last_activity_at = :seen"
            values[":seen"] = thread["last_activity_at"]
        try:
            answer = self.threads.update_item(
                Key={"pk": f"THREAD#{thread['id']}", "sk": "THREAD"},
                UpdateExpression="SET " + ", ".join(f"#{k} = :{k}" for k in changes),
                ConditionExpression=condition,
                ExpressionAttributeNames={f"#{k}": k for k in changes},
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if condition_failed(error):
                return None
            raise
        return to_thread(answer["Attributes"])

    def delete_thread(self, *, thread_id: str, by: str, now: str) -> None:
        """Blank a thread's text and mark it deleted; it keeps its place and its replies."""
        try:
            self.threads.update_item(
                Key={"pk": f"THREAD#{thread_id}", "sk": "THREAD"},
                UpdateExpression="SET deleted = :yes, title = :title, body = :empty, "
                "deleted_at = if_not_exists(deleted_at, :now), "
                "deleted_by = if_not_exists(deleted_by, :by)",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeValues={
                    ":yes": True,
                    ":title": DELETED_TITLE,
                    ":empty": "",
                    ":now": now,
                    ":by": by,
                },
            )
        except ClientError as error:
            if not condition_failed(error):
                raise
            return
        logger.info("thread %s deleted by %s", thread_id, by)  # moderation audit trail

    def list_threads(
        self, *, course_id: str, limit: int, cursor: str | None
    ) -> tuple[list[dict], str | None]:
        """A page of a course's threads: pinned first, then newest activity."""
        partition = {"gsi1pk": f"COURSE#{course_id}"}
        found, next_cursor = self.page(
            self.threads, cursor=cursor, limit=limit, expect=partition, IndexName="gsi1",
            KeyConditionExpression=Key("gsi1pk").eq(partition["gsi1pk"]), ScanIndexForward=False,
        )  # fmt: skip
        return [to_thread(i) for i in found], next_cursor
