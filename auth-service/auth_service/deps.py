"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit import deps as kit_deps

from .config import Settings
from .service import AuthService
from .store import UserStore

SERVICE = "auth.service"


def service() -> AuthService:
    """The accounts service of this app."""
    return current_app.extensions[SERVICE]


def users() -> UserStore:
    """The user store (through the accounts service)."""
    return service().users


def settings() -> Settings:
    """This app's settings."""
    return kit_deps.settings()


def cursor_secret() -> str:
    """The secret that signs this service's cursors."""
    return kit_deps.settings().cursor_secret
