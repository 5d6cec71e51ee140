"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit.deps import cursor_secret, settings  # the kit's, for every service

from .store import ForumStore

STORE = "forum.store"
__all__ = ["STORE", "cursor_secret", "settings", "store"]


def store() -> ForumStore:
    """The app's ForumStore."""
    return current_app.extensions[STORE]
