"""Replies: a thread's replies oldest first; reply_count kept exact by transactions."""

from __future__ import annotations

import logging

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError
from service_kit.dynamo import TransactionCancelled, condition_failed

from .store_base import (
    author_fields,
    body_html,
    state_partition,
    thread_sort_key,
    version_condition,
)

logger = logging.getLogger(__name__)


def to_reply(item: dict) -> dict:
    """The API's `reply` from a stored item."""
    return {
        "id": item["id"],
        "thread_id": item["thread_id"],
        **author_fields(item),
        "body": item["body"],
        "body_html": body_html(item),
        "deleted": bool(item.get("deleted")),
        "score": int(item.get("score", 0)),
        "my_vote": 0,
        "version": int(item.get("version", 1)),
        "created_at": item["created_at"],
        "edited_at": item.get("edited_at"),
    }


def reply_key(thread_id: str, created_at: str, reply_id: str) -> dict:
    """Primary key of a reply: under its thread, in creation order."""
    return {"pk": f"THREAD#{thread_id}", "sk": f"REPLY#{created_at}#{reply_id}"}


class ReplyRefused(Exception):
    """The thread refused the reply: it is gone, locked, deleted, or its pin changed."""


class RepliesMixin:
    """Reply operations of ForumStore."""

    def add_reply(self, *, reply: dict, course_id: str, thread: dict, now_s: float) -> dict:
        """Put the reply, bump the thread's count and activity, count the post: one transaction.

        Raises ReplyRefused when the thread changed under us (re-read it to say why).
        """
        item = {
            **reply_key(reply["thread_id"], reply["created_at"], reply["id"]),
            **{k: v for k, v in reply.items() if v is not None},
            "score": 0,
            "version": 1,
            "course_id": course_id,
            "gsi1pk": f"REPLY#{reply['id']}",
            "gsi1sk": "REPLY",
        }
        bump = {
            "Update": {
                "TableName": self.threads.name,
                "Key": {"pk": f"THREAD#{reply['thread_id']}", "sk": "THREAD"},
                "UpdateExpression": "ADD reply_count :one "
                "SET last_activity_at = :now, gsi1sk = :sort, gsi2sk = :sort",
                # locked/deleted/pinned are checked atomically with the count, not just read.
                "ConditionExpression": "attribute_exists(pk) AND locked = :no AND deleted = :no "
                "AND pinned = :pinned",
                "ExpressionAttributeValues": {
                    ":one": 1,
                    ":now": reply["created_at"],
                    ":no": False,
                    ":pinned": thread["pinned"],
                    ":sort": thread_sort_key(
                        thread["pinned"], reply["created_at"], reply["thread_id"]
                    ),
                },
            }
        }
        put = {
            "Put": {
                "TableName": self.replies.name,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        try:
            self.transact([put, bump, self.rate_item(user_id=reply["author_id"], now_s=now_s)])
        except TransactionCancelled as refused:
            if refused.failed(2):
                raise self.too_fast(now_s) from refused
            if refused.failed(1):
                raise ReplyRefused() from refused
            raise
        return to_reply(item)

    def find_reply(self, *, reply_id: str) -> dict | None:
        """A reply by id (index lookup, then a consistent read), with its course_id."""
        found = self.replies.query(
            IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"REPLY#{reply_id}")
        )["Items"]
        if not found:
            return None
        key = {"pk": found[0]["pk"], "sk": found[0]["sk"]}
        item = self.replies.get_item(Key=key, ConsistentRead=True).get("Item")
        if not item:
            return None
        return {**to_reply(item), "course_id": item["course_id"], "sort_key": item["sk"]}

    def update_reply(
        self,
        *,
        reply: dict,
        body: str,
        html: str,
        now: str,
        versions: frozenset[int] | None = None,
    ) -> dict | None:
        """Replace a reply's body (and bump its version); None when it was deleted meanwhile
        or its version is no longer one of `versions` (None: any)."""
        condition = "attribute_exists(pk) AND deleted = :no"
        values = {":body": body, ":html": html, ":now": now, ":no": False, ":one": 1}
        if versions is not None:
            condition += " AND " + version_condition(versions, values)
        try:
            answer = self.replies.update_item(
                Key={"pk": f"THREAD#{reply['thread_id']}", "sk": reply["sort_key"]},
                UpdateExpression="SET body = :body, body_html = :html, edited_at = :now, "
                "#version = if_not_exists(#version, :one) + :one",
                ConditionExpression=condition,
                ExpressionAttributeNames={"#version": "version"},
                ExpressionAttributeValues=values,
                ReturnValues="ALL_NEW",
            )
        except ClientError as error:
            if condition_failed(error):
                return None
            raise
        return to_reply(answer["Attributes"])

    def delete_reply(self, *, reply: dict, by: str, now: str) -> None:
        """Blank a reply's body and mark it deleted; it keeps its place in the thread."""
        self.replies.update_item(
            Key={"pk": f"THREAD#{reply['thread_id']}", "sk": reply["sort_key"]},
            UpdateExpression="SET deleted = :yes, body = :empty, body_html = :empty, "
            "deleted_at = if_not_exists(deleted_at, :now), "
            "deleted_by = if_not_exists(deleted_by, :by)",
            ExpressionAttributeValues={
                ":yes": True, ":empty": "", ":now": now, ":by": by,
            },
        )  # fmt: skip
        self.forget_flags(post_id=reply["id"])  # a deleted post leaves the moderators' queue
        self.forget_answer(thread_id=reply["thread_id"], reply_id=reply["id"])
        logger.info("reply %s deleted by %s", reply["id"], by)  # moderation audit trail

    def forget_answer(self, *, thread_id: str, reply_id: str) -> None:
        """Unmark `reply_id` as its thread's answer, if it is (a deleted reply answers nothing)."""
        thread = self.get_thread(thread_id=thread_id)
        if thread is None or thread["answer_reply_id"] != reply_id:
            return
        try:
            self.threads.update_item(
                Key={"pk": f"THREAD#{thread_id}", "sk": "THREAD"},
                UpdateExpression="SET gsi2pk = :open REMOVE answer_reply_id",
                ConditionExpression="answer_reply_id = :reply",
                ExpressionAttributeValues={
                    ":reply": reply_id,
                    ":open": state_partition(thread["course_id"], False),
                },
            )
        except ClientError as error:
            if not condition_failed(error):
                raise

    def list_replies(
        self, *, thread_id: str, limit: int, cursor: str | None
    ) -> tuple[list[dict], str | None]:
        """A page of a thread's replies, oldest first."""
        partition = {"pk": f"THREAD#{thread_id}"}
        found, next_cursor = self.page(
            self.replies, cursor=cursor, limit=limit, expect=partition, ConsistentRead=True,
            KeyConditionExpression=Key("pk").eq(partition["pk"]) & Key("sk").begins_with("REPLY#"),
        )  # fmt: skip
        return [to_reply(i) for i in found], next_cursor
