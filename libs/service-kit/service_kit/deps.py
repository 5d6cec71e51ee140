"""Typed accessors for what the kit keeps on the app (the one place that knows their keys).

Services do the same for their own dependencies in their `deps.py`; nothing else reads
`app.extensions` by key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app, has_app_context

if TYPE_CHECKING:
    from .auth import JwksVerifier
    from .config import KitSettings

SETTINGS = "dread.settings"
VERIFIER = "dread.verifier"
READY_CHECKS = "dread.ready_checks"
TITLE = "dread.title"
RATE_LIMITED = "dread.rate_limited"
OPENAPI = "dread.openapi"
# the auth service mints its own service tokens instead of asking itself over HTTP
SERVICE_TOKEN_MINTER = "dread.service_token_minter"  # noqa: S105 (a key name, not a secret)
SERVICE_VERIFIER = "dread.service_verifier"


def settings_of(app: Flask) -> KitSettings:
    """The settings an app was built with."""
    return app.extensions[SETTINGS]


def settings() -> KitSettings:
    """The current app's settings."""
    return current_app.extensions[SETTINGS]


def settings_if_any() -> KitSettings | None:
    """The current app's settings, None in an app the kit did not build (tests, tools)."""
    return current_app.extensions.get(SETTINGS)


def cursor_secret() -> str:
    """The secret that signs the current app's page cursors."""
    return settings().cursor_secret


def verifier() -> JwksVerifier:
    """The current app's access-token verifier."""
    return current_app.extensions[VERIFIER]


def ready_checks() -> list:
    """The current app's readiness checks (tables, bucket)."""
    return current_app.extensions.get(READY_CHECKS, [])


def service_token_minter():
    """The current app's own service-token minter (only the auth service has one), or None."""
    return current_app.extensions.get(SERVICE_TOKEN_MINTER) if has_app_context() else None


def service_verifier(build):
    """The current app's service-token verifier, built once by `build(settings)`."""
    verifier = current_app.extensions.get(SERVICE_VERIFIER)
    if verifier is None:
        verifier = current_app.extensions[SERVICE_VERIFIER] = build(settings())
    return verifier
