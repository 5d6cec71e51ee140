"""A user's forum data for the account lifecycle: export it, anonymise it (internal routes).

Posts stay in their threads (a discussion keeps its answers), shown as written by
"Deleted user": the author's id, name and badge are replaced. The user's votes and flags
go; the scores and flag counts they added stay, as anonymous counts.
"""

from __future__ import annotations

from service_kit.account_data import account_blueprint

from . import deps
from .account_notify import notify_export, notify_purge


def export(user_id: str) -> dict:
    """The user's threads and replies (as written), votes and flags."""
    store = deps.store()
    threads = store.posts_by(table=store.threads, author_id=user_id)
    replies = store.posts_by(table=store.replies, author_id=user_id)
    thread_fields = ("id", "course_id", "title", "body", "video_id", "created_at", "edited_at",
                     "deleted")  # fmt: skip
    reply_fields = ("id", "thread_id", "course_id", "body", "created_at", "edited_at", "deleted")
    return {
        "threads": [{f: item.get(f) for f in thread_fields} for item in threads],
        "replies": [{f: item.get(f) for f in reply_fields} for item in replies],
        "votes": [
            {"post_id": v["gsi1sk"].removeprefix("POST#")} for v in store.votes_of(user_id=user_id)
        ],
        "flags": [
            {f: flag.get(f) for f in ("post_id", "category", "reason", "created_at")}
            for flag in store.flags_by(user_id=user_id)
        ],
        **notify_export(user_id),
    }


def purge(user_id: str) -> None:
    """Anonymise the user's posts, remove their votes and flags (idempotent)."""
    deps.store().forget_user(user_id=user_id)
    notify_purge(user_id)


blueprint = account_blueprint("forum", export=export, purge=purge)
