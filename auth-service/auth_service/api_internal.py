"""Internal routes of the auth service (outside /api/: NGINX never exposes them).

`POST /internal/auth/token`: another service trades the shared service secret (HTTP Basic,
user = its name) for a short-lived service token (OAuth 2 client-credentials style).
`POST /internal/auth/users/<id>/mail`: a service (the forum's digest) queues a mail to a
user by id in the outbox; it never learns the address.
"""

from __future__ import annotations

import hmac
import re
import uuid

import jwt
import service_kit as kit
from flask import Blueprint, jsonify, request
from service_kit import clock
from service_kit.auth import ACCESS_TOKEN_TYPE
from service_kit.service_tokens import (
    SERVICE_AUDIENCE,
    SERVICE_ROLE,
    SERVICE_TOKEN_TTL_S,
    require_service,
)

from . import deps
from .schemas import UserMail

blueprint = Blueprint("auth_internal", __name__)
_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


def mint_service_token(name: str) -> str:
    """A signed service token for `name` (sub `service:<name>`, role system, own audience)."""
    service = deps.service()
    key = service.keys.signer()
    now = int(clock.epoch())
    claims = {
        "iss": service.settings.token_issuer,
        "aud": SERVICE_AUDIENCE,
        "sub": f"service:{name}",
        "role": SERVICE_ROLE,
        "iat": now,
        "exp": now + SERVICE_TOKEN_TTL_S,
        "jti": uuid.uuid4().hex,
    }
    headers = {"kid": key.kid, "typ": ACCESS_TOKEN_TYPE}
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=headers)


@blueprint.post("/internal/auth/token")
def issue_service_token():
    """A service token for a service that proves the shared service secret."""
    secret = deps.settings().service_secret
    given = request.authorization
    if (
        not secret
        or given is None
        or given.type != "basic"
        or not _NAME.match(given.username or "")
        or not hmac.compare_digest((given.password or "").encode(), secret.encode())
    ):
        raise kit.Unauthorized(
            "A service token needs HTTP Basic credentials: the service name and secret.",
            headers={"WWW-Authenticate": 'Basic realm="dread-internal"'},
        )
    response = jsonify(
        access_token=mint_service_token(given.username),
        token_type="Bearer",  # noqa: S106 (a scheme name)
        expires_in=SERVICE_TOKEN_TTL_S,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.post("/internal/auth/users/<id:user_id>/mail")
@require_service
@kit.spec(body=UserMail, status=202, errors=(kit.NotFound,))
def queue_user_mail(user_id, body):
    """Queue a mail to an active account's address (404: no such, deleted or suspended)."""
    user = deps.users().get(user_id=user_id)
    if user is None or user.deleted_at or user.suspended:
        raise kit.NotFound("No such active account.")
    deps.reset().outbox.enqueue(to=user.email, **body.model_dump(exclude_none=True))
    return "", 202
