"""HTTP handlers under /api/auth: parse, call the service, shape the output."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, Response, jsonify, request

from .deps import service as _service
from .errors import EmailTaken, InvalidCredentials, RefreshRefused, TooManyFailures, UserNotFound
from .schemas import (
    Jwks,
    LoginBody,
    MeUpdateBody,
    PasswordChangeBody,
    RegisterBody,
    TokenResponse,
    UserEnvelope,
)
from .service import Session
from .web import (
    COOKIE_NAME,
    cleared_cookie,
    client_address,
    refresh_cookie,
    require_browser_call,
    set_cookie,
)

blueprint = Blueprint("auth", __name__)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _session_response(session: Session) -> Response:
    response = jsonify(
        access_token=session.access_token,
        token_type="Bearer",  # noqa: S106 (a scheme name)
        expires_in=session.expires_in,
        user=session.user.public(),
    )
    max_age = _service().settings.refresh_ttl_s
    return _no_store(set_cookie(response, refresh_cookie(session.refresh_token, max_age)))


@blueprint.post("/register")
@kit.spec(body=RegisterBody, response=UserEnvelope, status=201, errors=(EmailTaken,))
def register_user(body: RegisterBody):
    """Create a student account."""
    user = _service().register(
        email=body.email, password=body.password, display_name=body.display_name
    )
    return jsonify(user=user.public()), 201


@blueprint.post("/login")
@kit.spec(
    body=LoginBody,
    response=TokenResponse,
    errors=(InvalidCredentials, kit.Forbidden, TooManyFailures),
)
def login_user(body: LoginBody):
    """Sign in: an access token in the body, the refresh token in an HttpOnly cookie."""
    service = _service()
    session = service.login(
        email=body.email,
        password=body.password,
        client=client_address(service.settings.proxy_hops),
        refresh_token=request.cookies.get(COOKIE_NAME),  # proves an earlier login, if valid
    )
    return _session_response(session)


@blueprint.post("/refresh")
@kit.spec(response=TokenResponse, errors=(RefreshRefused, kit.Forbidden))
def refresh_session():
    """Trade the refresh cookie for a new access token and a rotated cookie."""
    require_browser_call()
    try:
        session = _service().refresh(refresh_token=request.cookies.get(COOKIE_NAME))
    except RefreshRefused as error:
        error.headers["Set-Cookie"] = cleared_cookie()
        raise
    return _session_response(session)


@blueprint.post("/logout")
@kit.spec(status=204, errors=(kit.Forbidden,))
def logout_user():
    """End this session and clear the cookie."""
    require_browser_call()
    _service().logout(refresh_token=request.cookies.get(COOKIE_NAME))
    return set_cookie(Response(status=204), cleared_cookie())


@blueprint.get("/me")
@kit.require_user
@kit.spec(response=UserEnvelope, errors=(UserNotFound,))
def get_me():
    """The signed-in user."""
    user = _service().users.get(user_id=kit.current_user().id)
    if user is None or user.deleted_at:  # a deleted account is gone at once, purge or not
        raise UserNotFound()
    return _no_store(jsonify(user=user.public()))


@blueprint.patch("/me")
@kit.require_user
@kit.spec(body=MeUpdateBody, response=UserEnvelope, errors=(UserNotFound,))
def update_me(body: MeUpdateBody):
    """Change the signed-in user's display name."""
    found = _service().users.get(user_id=kit.current_user().id)
    if found is None or found.deleted_at:
        raise UserNotFound()
    user = _service().users.set_display_name(
        user_id=kit.current_user().id, display_name=body.display_name
    )
    return jsonify(user=user.public())


@blueprint.post("/password")
@kit.require_user
@kit.spec(body=PasswordChangeBody, status=204)
def change_password(body: PasswordChangeBody):
    """Change the password; every other session of the user ends."""
    _service().change_password(
        user_id=kit.current_user().id,
        current=body.current_password,
        new=body.new_password,
        refresh_token=request.cookies.get(COOKIE_NAME),
    )
    return Response(status=204)


@blueprint.get("/.well-known/jwks.json")
@kit.spec(response=Jwks)
def get_jwks():
    """The public keys access tokens are verified with (old ones stay until retired)."""
    response = jsonify(_service().keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
