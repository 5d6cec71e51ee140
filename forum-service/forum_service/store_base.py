"""Machinery every forum store module shares: thread mapping, transactions, posting rate."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key
from service_kit import dynamo

from .errors import PostingTooFast
from .render import render
from .tables import TABLES

# A thread's item takes every reply's count update: a hot item, so a larger retry budget.
_TRANSACTION_ATTEMPTS = 10


def thread_sort_key(pinned: bool, last_activity_at: str, thread_id: str) -> str:
    """gsi1sk of a thread: pinned first, then newest activity (queried descending)."""
    return f"{1 if pinned else 0}#{last_activity_at}#{thread_id}"


def state_partition(course_id: str, answered: bool) -> str:
    """gsi2pk of a thread: its course's answered or open threads."""
    return f"COURSE#{course_id}#{'ANSWERED' if answered else 'OPEN'}"


def author_fields(item: dict) -> dict:
    """Who wrote a post, as every post shows it (a deleted account shows as "Deleted user")."""
    return {
        "author_id": item["author_id"],
        "author_name": item["author_name"],
        "author_role": item.get("author_role"),
        "author_deleted": bool(item.get("author_deleted")),
    }


def body_html(item: dict, video_id: str | None = None) -> str:
    """The stored rendering; posts written before Markdown are rendered on read."""
    if "body_html" in item:
        return item["body_html"]
    return render(item["body"], video_id=video_id) if item["body"] else ""


def to_thread(item: dict) -> dict:
    """The API's `thread` from a stored item (`my_vote` is the caller's: set by the API)."""
    return {
        "id": item["id"],
        "course_id": item["course_id"],
        **author_fields(item),
        "title": item["title"],
        "body": item["body"],
        "body_html": body_html(item, item.get("video_id")),
        "video_id": item.get("video_id"),
        "video_title": item.get("video_title"),
        "pinned": bool(item.get("pinned")),
        "locked": bool(item.get("locked")),
        "deleted": bool(item.get("deleted")),
        "reply_count": int(item.get("reply_count", 0)),
        "score": int(item.get("score", 0)),
        "my_vote": 0,
        "answer_reply_id": item.get("answer_reply_id"),
        "version": int(item.get("version", 1)),
        "created_at": item["created_at"],
        "last_activity_at": item["last_activity_at"],
        "edited_at": item.get("edited_at"),
    }


def version_condition(versions: frozenset[int], values: dict) -> str:
    """`#version IN (...)`; items from before versions count as version 1."""
    if not versions:
        raise ValueError("no version to match: the caller answers 412 itself")
    names = []
    for n, version in enumerate(sorted(versions)):
        values[f":v{n}"] = version
        names.append(f":v{n}")
    condition = f"#version IN ({', '.join(names)})"
    if 1 in versions:
        condition = f"({condition} OR attribute_not_exists(#version))"
    return condition


class StoreBase(dynamo.TableStore):
    """Tables, the low-level client for transactions, and the posting-rate item."""

    TABLES = TABLES

    def __init__(self, *, tables: dict, resource=None, settings=None, posts_per_minute=None):
        super().__init__(tables=tables, resource=resource, settings=settings)
        self.threads = tables["threads"]
        self.replies = tables["replies"]
        self.flags = tables["flags"]
        self.votes = tables["votes"]
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

    def course_page(self, table, *, course_id: str, cursor: str | None, limit: int,
                    index: str = "gsi1", partition: str | None = None):  # fmt: skip
        """One page of a course's partition of `table`'s `index`, highest sort key first."""
        partition = partition or f"COURSE#{course_id}"
        key = f"{index}pk"
        return self.page(
            table, cursor=cursor, limit=limit, expect={key: partition}, IndexName=index,
            KeyConditionExpression=Key(key).eq(partition), ScanIndexForward=False,
        )  # fmt: skip

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
