"""HTTP handlers under /api/auth/users: the admin's user list and roles, public user cards."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify

from . import deps
from .deps import cursor_secret
from .deps import users as _users
from .errors import UserNotFound
from .schemas import (
    AuditPage,
    PublicUserEnvelope,
    UserEnvelope,
    UserPage,
    UserPatchBody,
    UsersQuery,
)
from .store_search import search_users

blueprint = Blueprint("auth_users", __name__)


@blueprint.get("/users")
@kit.require_role("admin")
@kit.spec(query=UsersQuery, response=UserPage)
def list_users(query: UsersQuery):
    """Users one page at a time: newest first (or ?order=oldest), or found by ?q= prefix of
    email or name, optionally of one ?role= (never a Scan)."""
    secret = cursor_secret()
    if query.q:
        start = kit.decode_cursor(query.cursor, secret)
        records, state = search_users(
            _users().table, q=query.q, role=query.role, limit=query.limit, after=start
        )
        return jsonify(
            items=[record.public() for record in records],
            next_cursor=kit.encode_cursor(state, secret),
        )
    records, next_cursor = _users().list_users(
        limit=query.limit,
        cursor=query.cursor,
        secret=secret,
        newest_first=query.order == "newest",
        role=query.role,
    )
    return jsonify(items=[record.public() for record in records], next_cursor=next_cursor)


@blueprint.patch("/users/<id:user_id>")
@kit.require_role("admin")
@kit.spec(body=UserPatchBody, response=UserEnvelope, errors=(UserNotFound,))
def update_user(user_id: str, body: UserPatchBody):
    """Give a user another role and/or suspend or restore them (audited)."""
    user = deps.admin().update_user(
        actor_id=kit.current_user().id, user_id=user_id, role=body.role, suspended=body.suspended
    )
    return jsonify(user=user.public())


@blueprint.get("/audit")
@kit.require_role("admin")
@kit.spec(query=kit.PageQuery, response=AuditPage)
def list_audit(query: kit.PageQuery):
    """The audit log, newest first."""
    secret = cursor_secret()
    events, next_cursor = deps.admin().audit.list_events(
        limit=query.limit, cursor=query.cursor, secret=secret
    )
    return jsonify(items=events, next_cursor=next_cursor)


@blueprint.get("/users/<id:user_id>/public")
@kit.require_user
@kit.spec(response=PublicUserEnvelope)
def get_public_user(user_id: str):
    """What any signed-in user may know about another (no email): id, name, role."""
    user = _users().get(user_id=user_id)
    if user is None or user.deleted_at:  # other services must not revive a deleted user
        raise UserNotFound()
    public = user.public()
    public.pop("email")
    public.pop("suspended")
    return jsonify(user=public)
