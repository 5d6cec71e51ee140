"""HTTP handlers for leaving: delete the account (202, purged everywhere) and export the data."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, Response

from . import deps
from .errors import UserNotFound
from .lifecycle import AccountLifecycle
from .schemas import DeleteAccountBody
from .web import cleared_cookie, set_cookie

blueprint = Blueprint("auth_account", __name__)


def _lifecycle() -> AccountLifecycle:
    return deps.lifecycle()


@blueprint.delete("/me")
@kit.require_user
@kit.spec(body=DeleteAccountBody, status=202, errors=(kit.Forbidden, UserNotFound))
def delete_me(body: DeleteAccountBody):
    """Delete the account: sign-in stops now, every service purges the user shortly after."""
    _lifecycle().delete_account(user_id=kit.current_user().id, password=body.password)
    return set_cookie(Response(status=202), cleared_cookie())


@blueprint.get("/me/export")
@kit.require_user
@kit.spec(status=200, errors=(UserNotFound, kit.ServiceUnavailable))
def export_me():
    """A zip of everything the platform holds about the caller, one JSON file per service."""
    lifecycle = _lifecycle()
    user = lifecycle.auth.users.get(user_id=kit.current_user().id)
    if user is None or user.deleted_at:
        raise UserNotFound()
    response = Response(lifecycle.export_zip(user), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="dread-export.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response
