"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app

from .avatars import Avatars
from .store import ProfileStore

STORE = "profile.store"
AVATARS = "profile.avatars"


def store() -> ProfileStore:
    """The app's ProfileStore."""
    return current_app.extensions[STORE]


def avatars() -> Avatars:
    """The app's avatar bucket."""
    return current_app.extensions[AVATARS]
