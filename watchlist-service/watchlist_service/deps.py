"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit import deps as kit_deps

from .config import Settings
from .store import WatchlistStore

STORE = "watchlist.store"


def store() -> WatchlistStore:
    """The app's WatchlistStore."""
    return current_app.extensions[STORE]


def settings() -> Settings:
    """This app's settings."""
    return kit_deps.settings()


def cursor_secret() -> str:
    """The secret that signs this service's cursors."""
    return kit_deps.settings().cursor_secret
