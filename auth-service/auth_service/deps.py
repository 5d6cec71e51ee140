"""Typed accessors for this app's dependencies (the one place that knows their keys)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from service_kit.deps import cursor_secret, settings  # the kit's, for every service

from .service import AuthService
from .store import UserStore

if TYPE_CHECKING:
    from .admin import Administration
    from .lifecycle import AccountLifecycle
    from .reset import PasswordReset

SERVICE = "auth.service"
RESET = "auth.reset"
LIFECYCLE = "auth.lifecycle"
ADMIN = "auth.admin"
__all__ = [
    "ADMIN",
    "LIFECYCLE",
    "RESET",
    "SERVICE",
    "admin",
    "cursor_secret",
    "lifecycle",
    "reset",
    "service",
    "settings",
    "users",
]


def service() -> AuthService:
    """The accounts service of this app."""
    return current_app.extensions[SERVICE]


def users() -> UserStore:
    """The user store (through the accounts service)."""
    return service().users


def reset() -> PasswordReset:
    """Password reset (tokens, mail, throttle)."""
    return current_app.extensions[RESET]


def lifecycle() -> AccountLifecycle:
    """Account deletion and export."""
    return current_app.extensions[LIFECYCLE]


def admin() -> Administration:
    """User administration (roles, suspension) with its audit log."""
    return current_app.extensions[ADMIN]
