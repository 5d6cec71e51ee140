"""Flags: one per user per post, and a per-post summary moderators page through."""

from __future__ import annotations

from service_kit.dynamo import TransactionCancelled

from .store_base import to_thread
from .store_replies import to_reply


class FlagRefused(Exception):
    """The caller already flagged this post."""


def to_flagged(summary: dict) -> dict:
    """A flagged post as moderators see it (the post itself is attached by the caller)."""
    return {
        "post_type": summary["post_type"],
        "post_id": summary["post_id"],
        "thread_id": summary["thread_id"],
        "course_id": summary["course_id"],
        "flag_count": int(summary.get("flag_count", 0)),
        "last_category": summary.get("last_category", "other"),
        "last_reason": summary.get("last_reason", ""),
        "last_flagged_at": summary["last_flagged_at"],
    }


class FlagsMixin:
    """Flag operations of ForumStore."""

    def add_flag(self, *, post: dict, user_id: str, category: str, reason: str, now: str) -> dict:
        """Record one user's flag on a post and update its summary, in one transaction.

        `post` = {post_type, post_id, thread_id, course_id, sort_key (replies only)}.
        """
        flag = {
            "pk": f"POST#{post['post_id']}",
            "sk": f"FLAG#{user_id}",
            "user_id": user_id,
            "category": category,
            "reason": reason,
            "created_at": now,
            "post_id": post["post_id"],
            "post_type": post["post_type"],
            "thread_id": post["thread_id"],
            "course_id": post["course_id"],
            # the flags a user raised (export, purge): gsi1's USER# partitions, apart from
            # the summaries' COURSE# partitions the moderators' queue reads
            "gsi1pk": f"USER#{user_id}",
            "gsi1sk": f"{now}#{post['post_id']}",
        }
        put = {
            "Put": {
                "TableName": self.flags.name,
                "Item": flag,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
        summary = {
            "Update": {
                "TableName": self.flags.name,
                "Key": {"pk": f"POST#{post['post_id']}", "sk": "SUMMARY"},
                "UpdateExpression": "ADD flag_count :one SET post_type = :type, post_id = :id, "
                "thread_id = :thread, course_id = :course, post_sort_key = :sort, "
                "last_category = :category, last_reason = :reason, last_flagged_at = :now, "
                "gsi1pk = :g1pk, gsi1sk = :g1sk",
                "ExpressionAttributeValues": {
                    ":one": 1,
                    ":type": post["post_type"],
                    ":id": post["post_id"],
                    ":thread": post["thread_id"],
                    ":course": post["course_id"],
                    ":sort": post.get("sort_key", "THREAD"),
                    ":category": category,
                    ":reason": reason,
                    ":now": now,
                    ":g1pk": f"COURSE#{post['course_id']}",
                    ":g1sk": f"{now}#{post['post_id']}",
                },
            }
        }
        try:
            self.transact([put, summary])
        except TransactionCancelled as refused:
            raise FlagRefused() from refused
        return {
            "post_type": post["post_type"],
            "post_id": post["post_id"],
            "category": category,
            "reason": reason,
            "created_at": now,
        }

    def flag_summary(self, *, post_id: str) -> dict | None:
        """The queue entry of a flagged post (None when it is not in the queue)."""
        key = {"pk": f"POST#{post_id}", "sk": "SUMMARY"}
        return self.flags.get_item(Key=key, ConsistentRead=True).get("Item")

    def forget_flags(self, *, post_id: str) -> None:
        """Take a post out of the moderators' queue (dismissed or deleted; idempotent).

        Each user's flag stays recorded, so the same user cannot flag the post again; a new
        flag from someone else puts it back in the queue.
        """
        self.flags.delete_item(Key={"pk": f"POST#{post_id}", "sk": "SUMMARY"})

    def list_flagged(
        self, *, course_id: str, limit: int, cursor: str | None
    ) -> tuple[list[dict], str | None]:
        """A page of a course's flagged posts, most recently flagged first, with each post."""
        summaries, next_cursor = self.course_page(
            self.flags, course_id=course_id, cursor=cursor, limit=limit
        )
        posts = self._posts_of(summaries)
        flagged = [
            {**to_flagged(s), "post": posts.get((s["thread_id"], s["post_sort_key"]))}
            for s in summaries
        ]
        return flagged, next_cursor

    def _posts_of(self, summaries: list[dict]) -> dict:
        """The flagged threads and replies of a page, in one BatchGetItem."""
        keys = {(s["thread_id"], s["post_sort_key"]) for s in summaries}
        if not keys:
            return {}
        threads = [{"pk": f"THREAD#{t}", "sk": "THREAD"} for t, sk in keys if sk == "THREAD"]
        replies = [{"pk": f"THREAD#{t}", "sk": sk} for t, sk in keys if sk != "THREAD"]
        requests = {}
        if threads:
            requests[self.threads.name] = {"Keys": threads}
        if replies:
            requests[self.replies.name] = {"Keys": replies}
        found = {}
        while requests:
            answer = self.resource.batch_get_item(RequestItems=requests)
            for item in answer["Responses"].get(self.threads.name, []):
                found[(item["id"], "THREAD")] = to_thread(item)
            for item in answer["Responses"].get(self.replies.name, []):
                found[(item["thread_id"], item["sk"])] = to_reply(item)
            requests = answer.get("UnprocessedKeys") or {}
        return found
