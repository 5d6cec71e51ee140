"""ForumStore: the only code of this service that talks to DynamoDB (with store_*.py)."""

from __future__ import annotations

import logging

from botocore.exceptions import ClientError
from service_kit.dynamo import TransactionCancelled, condition_failed

from .store_account import AccountMixin
from .store_base import StoreBase, state_partition, thread_sort_key, to_thread, version_condition
from .store_flags import FlagsMixin
from .store_replies import RepliesMixin
from .store_votes import VotesMixin

logger = logging.getLogger(__name__)

DELETED_TITLE = "[deleted]"


def thread_item(thread: dict) -> dict:
    """The stored item of a new thread (with its course list and open-list index keys)."""
    sort_key = thread_sort_key(False, thread["last_activity_at"], thread["id"])
    item = {
        **thread,
        "score": 0,
        "version": 1,
        "pk": f"THREAD#{thread['id']}",
        "sk": "THREAD",
        "gsi1pk": f"COURSE#{thread['course_id']}",
        "gsi1sk": sort_key,
        "gsi2pk": state_partition(thread["course_id"], False),
        "gsi2sk": sort_key,
    }
    return {k: v for k, v in item.items() if v is not None}


class ForumStore(RepliesMixin, FlagsMixin, VotesMixin, AccountMixin, StoreBase):
    """Data access for the forum service; tables are injected."""

    def get_thread(self, *, thread_id: str) -> dict | None:
        """A thread, or None."""
        item = self.threads.get_item(
            Key={"pk": f"THREAD#{thread_id}", "sk": "THREAD"}, ConsistentRead=True
        ).get("Item")
        return to_thread(item) if item else None

    def add_thread(self, *, thread: dict, now_s: float) -> dict:
        """Create a thread, counting it against the author's posting rate."""
        item = thread_item(thread)
        put = {
            "Put": {
                "TableName": self.threads.name,
                "Item": item,
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

    def update_thread(
        self, *, thread: dict, changes: dict, versions: frozenset[int] | None = None
    ) -> dict | None:
        """Apply `changes` unless the thread changed activity or was deleted meanwhile.

        Returns None on such a race, or when its version is no longer one of `versions`
        (the caller re-reads to tell which). A title/body edit bumps the version; `pinned`
        moves the thread in the course's lists and `answer_reply_id` (None clears it) moves
        it between the answered and open lists, so sort keys are rebuilt from what we read.
        """
        sets, removes, values = dict(changes), [], {":no": False}
        condition = "attribute_exists(pk) AND deleted = :no"
        if "pinned" in sets:
            sets["gsi1sk"] = sets["gsi2sk"] = thread_sort_key(
                sets["pinned"], thread["last_activity_at"], thread["id"]
            )
            condition += " AND last_activity_at = :seen"
            values[":seen"] = thread["last_activity_at"]
        if "answer_reply_id" in sets:
            answer = sets["answer_reply_id"]
            sets["gsi2pk"] = state_partition(thread["course_id"], answer is not None)
            if answer is None:
                del sets["answer_reply_id"]
                removes.append("answer_reply_id")
        if versions is not None:
            condition += " AND " + version_condition(versions, values)
        names = {f"#{k}": k for k in [*sets, *removes]}
        values.update({f":{k}": v for k, v in sets.items()})
        expression = ", ".join(f"#{k} = :{k}" for k in sets)
        if {"title", "body"} & changes.keys():
            expression += ", #version = if_not_exists(#version, :one) + :one"
            names["#version"], values[":one"] = "version", 1
        expression = "SET " + expression.lstrip(", ")
        if removes:
            expression += " REMOVE " + ", ".join(f"#{k}" for k in removes)
        if "version" in condition:
            names["#version"] = "version"
        try:
            result = self.threads.update_item(
                Key={"pk": f"THREAD#{thread['id']}", "sk": "THREAD"},
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if condition_failed(error):
                return None
            raise
        return to_thread(result["Attributes"])

    def delete_thread(self, *, thread_id: str, by: str, now: str) -> None:
        """Blank a thread's text and mark it deleted; it keeps its place and its replies."""
        try:
            self.threads.update_item(
                Key={"pk": f"THREAD#{thread_id}", "sk": "THREAD"},
                UpdateExpression="SET deleted = :yes, title = :title, body = :empty, "
                "body_html = :empty, "
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
        self.forget_flags(post_id=thread_id)  # a deleted post leaves the moderators' queue
        logger.info("thread %s deleted by %s", thread_id, by)  # moderation audit trail

    def list_threads(
        self, *, course_id: str, limit: int, cursor: str | None, answered: bool | None = None
    ) -> tuple[list[dict], str | None]:
        """A page of a course's threads: pinned first, then newest activity.

        `answered` True/False keeps only answered/open threads (their own index partition).
        """
        if answered is None:
            found, next_cursor = self.course_page(
                self.threads, course_id=course_id, cursor=cursor, limit=limit
            )
        else:
            found, next_cursor = self.course_page(
                self.threads, course_id=course_id, cursor=cursor, limit=limit, index="gsi2",
                partition=state_partition(course_id, answered),
            )  # fmt: skip
        return [to_thread(i) for i in found], next_cursor
