"""Machinery every forum store module shares: thread mapping, transactions, posting rate."""

from __future__ import annotations

import logging
import random
import time

from botocore.exceptions import ClientError

from .errors import Contended, PostingTooFast

logger = logging.getLogger(__name__)

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


class TransactionRefused(Exception):
    """A transaction was cancelled by a condition; `codes` gives each item's reason."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes


class StoreBase:
    """Tables, the low-level client for transactions, and the posting-rate item."""

    def __init__(self, *, tables: dict, resource=None, posts_per_minute: int = 10):
        self.tables = tables
        self.resource = resource
        self.threads = tables["threads"]
        self.replies = tables["replies"]
        self.flags = tables["flags"]
        self.limits = tables["limits"]
        # The resource's client (de)serializes attribute values itself, transactions included.
        self.client = self.threads.meta.client
        self.posts_per_minute = posts_per_minute

    def transact(self, items: list[dict]) -> None:
        """TransactWriteItems, retried on conflicts; TransactionRefused on a failed condition."""
        for attempt in range(_TRANSACTION_ATTEMPTS):
            try:
                self.client.transact_write_items(TransactItems=items)
                return
            except ClientError as error:
                if error.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = error.response.get("CancellationReasons") or []
                codes = [r.get("Code", "None") for r in reasons]
                if "ConditionalCheckFailed" in codes:
                    raise TransactionRefused(codes) from error
                if "TransactionConflict" not in codes:
                    raise
            # Another transaction touched the same item (e.g. the thread's reply_count).
            time.sleep(random.uniform(0, 0.01 * 2**attempt))  # noqa: S311 (jitter, not crypto)
        logger.warning("transaction still conflicting after %s attempts", _TRANSACTION_ATTEMPTS)
        raise Contended("This thread is very busy; try again.")

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
