"""HTTP handlers for password reset: ask for a link (always 202), then set a new password."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, Response, request

from . import deps
from .errors import ResetTokenRefused
from .reset import PasswordReset
from .schemas import PasswordResetBody, PasswordResetConfirmBody
from .web import client_address

blueprint = Blueprint("auth_reset", __name__)


def _reset() -> PasswordReset:
    return deps.reset()


@blueprint.post("/password-reset")
@kit.spec(body=PasswordResetBody, status=202, errors=(kit.TooManyRequests,))
def request_password_reset(body: PasswordResetBody):
    """Mail a reset link if the account exists; the answer never says whether it does."""
    reset = _reset()
    reset.request(
        email=body.email.strip(),
        client=client_address(reset.settings.proxy_hops),
        user_agent=request.headers.get("User-Agent", ""),
    )
    return Response(status=202)


@blueprint.post("/password-reset/confirm")
@kit.spec(body=PasswordResetConfirmBody, status=204, errors=(ResetTokenRefused,))
def confirm_password_reset(body: PasswordResetConfirmBody):
    """Set a new password with a mailed token; every session of the account ends."""
    _reset().confirm(token=body.token, new_password=body.new_password)
    return Response(status=204)
