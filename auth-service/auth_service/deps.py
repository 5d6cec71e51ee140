"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from flask import current_app
from service_kit.deps import cursor_secret, settings  # the kit's, for every service

from .service import AuthService
from .store import UserStore

SERVICE = "auth.service"
__all__ = ["SERVICE", "cursor_secret", "service", "settings", "users"]


def service() -> AuthService:
    """The accounts service of this app."""
    return current_app.extensions[SERVICE]


def users() -> UserStore:
    """The user store (through the accounts service)."""
    return service().users
