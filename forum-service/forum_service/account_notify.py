"""The notify half of a user's forum data: follows and notifications (export and purge)."""

from __future__ import annotations

from . import deps
from .store_account import DELETED_AUTHOR_ID, DELETED_AUTHOR_NAME


def notify_export(user_id: str) -> dict:
    """What the user follows and the notifications they have."""
    follows = [
        {"following": item["pk"], "state": item["state"], "since": item.get("updated_at")}
        for item in deps.follows().of_user(user_id=user_id)
        if "state" in item
    ]
    notifications, cursor = [], None
    while True:
        page, cursor = deps.notifications().list_page(user_id=user_id, limit=100, cursor=cursor)
        notifications += page
        if not cursor:
            return {"follows": follows, "notifications": notifications}


def notify_purge(user_id: str) -> None:
    """Delete the user's follows, names and notifications; others see them as "Deleted user"."""
    deps.follows().purge_user(user_id=user_id)
    deps.notifications().purge_user(user_id=user_id)
    deps.notifications().forget_actor(
        actor_id=user_id, name=DELETED_AUTHOR_NAME, anonymous_id=DELETED_AUTHOR_ID
    )
