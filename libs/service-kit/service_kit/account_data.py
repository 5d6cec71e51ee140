"""The two internal routes every service holding user data offers the account lifecycle.

`GET /internal/<area>/users/<id>/export` → 200 `{service, user_id, data}` and
`DELETE /internal/<area>/users/<id>` → 204 (idempotent: purging twice is fine), both for
service tokens only. The auth service's deletion job and export call them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, jsonify

from .service_tokens import require_service


def export_path(area: str, user_id: str) -> str:
    """Where a service's export of one user lives."""
    return f"/internal/{area}/users/{user_id}/export"


def purge_path(area: str, user_id: str) -> str:
    """Where a service purges one user."""
    return f"/internal/{area}/users/{user_id}"


def account_blueprint(area: str, *, export: Callable[[str], dict],
                      purge: Callable[[str], None]) -> Blueprint:  # fmt: skip
    """A blueprint with this service's export and purge routes around `export`/`purge`."""
    blueprint = Blueprint(f"{area}_account_data", __name__)

    @blueprint.get(export_path(area, "<id:user_id>"))
    @require_service
    def export_user_data(user_id: str):
        """Everything this service holds about a user, as JSON."""
        return jsonify(service=area, user_id=user_id, data=export(user_id))

    @blueprint.delete(purge_path(area, "<id:user_id>"))
    @require_service
    def purge_user_data(user_id: str):
        """Remove every trace of a user from this service (idempotent)."""
        purge(user_id)
        return "", 204

    return blueprint
