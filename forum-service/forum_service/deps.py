"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit.deps import cursor_secret, settings  # the kit's, for every service

from .store import ForumStore
from .store_events import EventStore
from .store_follows import FollowStore
from .store_notifications import NotificationStore

STORE = "forum.store"
FOLLOWS, NOTIFICATIONS, EVENTS = "forum.follows", "forum.notifications", "forum.events"
__all__ = ["EVENTS", "FOLLOWS", "NOTIFICATIONS", "STORE", "cursor_secret", "events", "follows",
           "notifications", "settings", "store"]  # fmt: skip


def store() -> ForumStore:
    """The app's ForumStore."""
    return current_app.extensions[STORE]


def follows() -> FollowStore:
    """The app's FollowStore."""
    return current_app.extensions[FOLLOWS]


def notifications() -> NotificationStore:
    """The app's NotificationStore."""
    return current_app.extensions[NOTIFICATIONS]


def events() -> EventStore:
    """The app's EventStore (the fan-out queue)."""
    return current_app.extensions[EVENTS]
