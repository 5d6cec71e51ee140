"""HTTP handlers under /api/auth/users: the admin's user list and roles, public user cards."""

from __future__ import annotations

import logging

import service_kit as kit
from flask import Blueprint, current_app, jsonify

from .schemas import PublicUserEnvelope, RoleBody, UserEnvelope, UserPage, UsersQuery
from .store import UserNotFound, UserStore

logger = logging.getLogger(__name__)

blueprint = Blueprint("auth_users", __name__)


def _users() -> UserStore:
    return current_app.extensions["auth.service"].users


@blueprint.get("/users")
@kit.require_role("admin")
@kit.spec(query=UsersQuery, response=UserPage)
def list_users(query: UsersQuery):
    """Every user, newest first (or oldest first with ?order=oldest), one page at a time."""
    secret = kit.settings_of(current_app).cursor_secret
    records, last_key = _users().list_users(
        limit=query.limit,
        start_key=kit.decode_cursor(query.cursor, secret),
        newest_first=query.order == "newest",
    )
    return jsonify(
        items=[record.public() for record in records],
        next_cursor=kit.encode_cursor(last_key, secret),
    )


@blueprint.patch("/users/<id:user_id>")
@kit.require_role("admin")
@kit.spec(body=RoleBody, response=UserEnvelope)
def update_user_role(user_id: str, body: RoleBody):
    """Give a user another role (it shows in their next access token)."""
    caller = kit.current_user()
    if user_id == caller.id and body.role != "admin":
        raise kit.Forbidden("Admins cannot take away their own admin role.")
    user = _users().set_role(user_id=user_id, role=body.role)
    logger.info("admin %s set role of user %s to %s", caller.id, user_id, body.role)
    return jsonify(user=user.public())


@blueprint.get("/users/<id:user_id>/public")
@kit.require_user
@kit.spec(response=PublicUserEnvelope)
def get_public_user(user_id: str):
    """What any signed-in user may know about another (no email): id, name, role."""
    user = _users().get(user_id=user_id)
    if user is None:
        raise UserNotFound()
    public = user.public()
    public.pop("email")
    public.pop("suspended")
    return jsonify(user=public)
