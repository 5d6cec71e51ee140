"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit.deps import settings  # the kit's, for every service

from .avatars import Avatars
from .store import ProfileStore

STORE = "profile.store"
AVATARS = "profile.avatars"
__all__ = ["AVATARS", "STORE", "avatars", "settings", "store"]


def store() -> ProfileStore:
    """The app's ProfileStore."""
    return current_app.extensions[STORE]


def avatars() -> Avatars:
    """The app's avatar bucket."""
    return current_app.extensions[AVATARS]
