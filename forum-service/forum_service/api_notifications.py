"""HTTP handlers for the caller's notifications under /api/forum/notifications."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify

from .deps import notifications
from .schemas_notify import MarkRead, NotificationPage, NotificationQuery, UnreadCount

blueprint = Blueprint("forum_notifications", __name__)


@blueprint.get("/notifications")
@kit.require_user
@kit.spec(query=NotificationQuery, response=NotificationPage)
def list_notifications(query):
    """The caller's notifications, newest first."""
    items, next_cursor = notifications().list_page(
        user_id=kit.current_user().id, limit=query.limit, cursor=query.cursor
    )
    return jsonify(items=items, next_cursor=next_cursor)


@blueprint.get("/notifications/unread-count")
@kit.require_user
@kit.spec(response=UnreadCount)
def unread_count():
    """How many notifications the caller has not read (one GetItem: the navbar polls it)."""
    response = jsonify(count=notifications().unread_count(user_id=kit.current_user().id))
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/notifications/read")
@kit.require_user
@kit.spec(body=MarkRead, status=204)
def mark_read(body):
    """Mark some (`ids`) or all (`all: true`) of the caller's notifications read."""
    user_id = kit.current_user().id
    if body.all:
        notifications().mark_all_read(user_id=user_id)
    else:
        notifications().mark_read(user_id=user_id, ids=body.ids)
    return "", 204
