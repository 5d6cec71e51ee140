"""The notify half's stores, bound to their tables (the app and the worker share this)."""

from __future__ import annotations

from . import deps
from .store_events import EventStore
from .store_follows import FollowStore
from .store_notifications import NotificationStore


def notify_stores(dynamodb, settings) -> dict:
    """The follow, notification and event stores by their app extension keys."""
    return {
        deps.FOLLOWS: FollowStore.from_resource(dynamodb, settings),
        deps.NOTIFICATIONS: NotificationStore.from_resource(dynamodb, settings),
        deps.EVENTS: EventStore.from_resource(dynamodb, settings),
    }
