"""Machinery every forum store module shares: thread mapping, transactions, posting rate."""

from __future__ import annotations

from service_kit import dynamo

from .errors import PostingTooFast
from .tables import TABLES

# A thread's item takes every reply's count update: a hot item, so a larger retry budget.
_TRANSACTION_ATTEMPTS = 10


def thread_sort_key(pinned: bool, last_activity_at: str, thread_id: str) -> str:
    """gsi1sk of a thread: pinned first, then newest activity (queried descending)."""
    return f"{1 if pinned else 0}#{last_activity_at}#{thread_id}"


def to_thread(item: dict) -> dict:
    """The API's `thread` from a stored item."""
    return {
        "id": item["id"],
        "course_id": item["course_id"],
        "author_id": item["author_id"],
        "author_name": item["author_name"],
        "title": item["title"],
        "body": item["body"],
        "pinned": bool(item.get("pinned")),
        "locked": bool(item.get("locked")),
        "deleted": bool(item.get("deleted")),
        "reply_count": int(item.get("reply_count", 0)),
        "created_at": item["created_at"],
        "last_activity_at": item["last_activity_at"],
        "edited_at": item.get("edited_at"),
    }


class StoreBase(dynamo.TableStore):
    """Tables, the low-level client for transactions, and the posting-rate item."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource=None, settings=None, posts_per_minute=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.threads = tables["threads"]
        self.replies = tables["replies"]
        self.flags = tables["flags"]
        self.limits = tables["limits"]
        # The resource's client (de)serializes attribute values itself, transactions included.
        self.client = self.threads.meta.client
        if posts_per_minute is None:
            posts_per_minute = getattr(settings, "posts_per_minute", 10)
        self.posts_per_minute = posts_per_minute

    def transact(self, items: list[dict]) -> None:
        """The kit's transaction (TransactionCancelled on a failed condition), this budget."""
        dynamo.transact(
            self.client,
            items,
            attempts=_TRANSACTION_ATTEMPTS,
            busy="This thread is very busy; try again.",
        )

    def page(self, table, *, cursor: str | None, limit: int, expect: dict, **query):
        """One page of `table.query(**query)` with this service's signed cursors."""
        secret = self.settings.cursor_secret
        return dynamo.query_page(
            table, limit=limit, cursor=cursor, secret=secret, expect=expect, **query
        )

    def rate_item(self, *, user_id: str, now_s: float) -> dict:
        """The transaction item that counts one post against the user's minute."""
        minute = int(now_s // 60)
        return {
            "Update": {
                "TableName": self.limits.name,
                "Key": {"pk": f"USER#{user_id}", "sk": f"POSTS#{minute}"},
                "UpdateExpression": "ADD n :one SET expires_at = :expires",
                "ConditionExpression": "attribute_not_exists(n) OR n < :max",
                "ExpressionAttributeValues": {
                    ":one": 1,
                    ":max": self.posts_per_minute,
                    ":expires": (minute + 2) * 60,
                },
            }
        }

    @staticmethod
    def too_fast(now_s: float) -> PostingTooFast:
        """The 429 for a user over the limit, retrying when the minute turns."""
        wait = 60 - int(now_s % 60)
        return PostingTooFast("You are posting too fast; wait a moment.", retry_after=wait)
