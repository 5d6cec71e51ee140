"""HTTP handlers under /api/profiles: parse, call the store, shape the output."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, Response, jsonify, request
from service_kit import clients

from .avatars import Avatars
from .deps import avatars, store
from .schemas import AvatarUploadRequest, ProfileEnvelope, ProfileUpdate, UploadEnvelope

blueprint = Blueprint("profile", __name__)


def _shape(profile: dict, *, own: bool = False) -> dict:
    """The API's `profile`: never an email, the avatar as a presigned URL; the owner also
    sees their mail settings."""
    shaped = {
        "user_id": profile["user_id"],
        "display_name": profile["display_name"],
        "bio": profile.get("bio", ""),
        "location": profile.get("location", ""),
        "website": profile.get("website"),
        "avatar_url": avatars().url(profile.get("avatar_key")),
        "version": profile["version"],
        "updated_at": profile["updated_at"],
    }
    if own:
        shaped["email_digest"] = bool(profile.get("email_digest", False))
    return shaped


def _respond(profile: dict, status: int = 200, *, own: bool = True):
    response = jsonify(profile=_shape(profile, own=own))
    response.headers["ETag"] = f'"{profile["version"]}"'
    return response, status


def own_profile(caller: kit.User) -> dict:
    """The caller's profile, created from their account on first use."""
    profile = store().get(user_id=caller.id)
    if profile is None:
        account = clients.my_account(caller)
        profile = store().add(user_id=caller.id, display_name=account["display_name"])
    return profile


def _expected_version() -> int | None:
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    try:
        return int(header.strip().removeprefix("W/").strip('"'))
    except ValueError as error:
        raise kit.BadRequest(
            "If-Match must be a profile version.", errors={"If-Match": "Not a version."}
        ) from error


@blueprint.get("/me")
@kit.require_user
@kit.spec(response=ProfileEnvelope)
def get_my_profile():
    """The caller's own profile (it exists from registration on)."""
    return _respond(own_profile(kit.current_user()))


@blueprint.patch("/me")
@kit.require_user
@kit.spec(
    body=ProfileUpdate,
    response=ProfileEnvelope,
    errors=(kit.PreconditionFailed,),
    headers={"If-Match": 'The profile version edited, e.g. "3"; 412 when stale'},
)
def update_my_profile(body: ProfileUpdate):
    """Change display_name, bio, location, website or email_digest (If-Match honoured)."""
    caller = kit.current_user()
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for name in ("display_name", "email_digest"):
        if name in changes and changes[name] is None:
            raise kit.ValidationFailed(f"{name} cannot be null.", errors={name: "Required."})
    for name in ("bio", "location"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    profile, expected = own_profile(caller), _expected_version()
    if expected is not None and expected != profile["version"]:
        raise kit.PreconditionFailed("The profile changed since you read it.")
    if not changes:
        return _respond(profile)
    if changes.get("display_name", profile["display_name"]) != profile["display_name"]:
        clients.rename_account(caller, changes["display_name"])
    updated = store().update(user_id=caller.id, changes=changes, expected_version=expected)
    return _respond(updated)


@blueprint.post("/me/avatar")
@kit.require_user
@kit.spec(body=AvatarUploadRequest, response=UploadEnvelope, status=201)
def create_avatar_upload(body: AvatarUploadRequest):
    """A presigned POST for a new avatar (png/jpeg/webp, ≤ 2 MiB); confirm it afterwards."""
    caller = kit.current_user()
    own_profile(caller)
    key = Avatars.new_key(caller.id, body.content_type)
    store().set_pending_avatar(user_id=caller.id, key=key)
    upload = avatars().upload_form(key=key, content_type=body.content_type)
    return jsonify(upload=upload, complete_url="/api/profiles/me/avatar/complete"), 201


@blueprint.post("/me/avatar/complete")
@kit.require_user
@kit.spec(response=ProfileEnvelope, errors=(kit.Conflict, kit.ValidationFailed))
def complete_avatar_upload():
    """Check the uploaded file in S3 and make it the avatar."""
    caller = kit.current_user()
    profile = own_profile(caller)
    pending = profile.get("pending_avatar_key")
    if not pending:
        raise kit.Conflict("No avatar upload is pending: ask for one first.")
    head = avatars().uploaded(pending)
    if head is None:
        raise kit.Conflict("The avatar file has not been uploaded yet.")
    if not avatars().acceptable(head, pending):
        avatars().delete(pending)
        raise kit.ValidationFailed(
            "The uploaded file is not a png/jpeg/webp image of at most 2 MiB.",
            errors={"avatar": "Wrong type or size."},
        )
    updated = store().confirm_avatar(user_id=caller.id, key=pending)
    if profile.get("avatar_key") != pending:
        avatars().delete(profile.get("avatar_key"))
    return _respond(updated)


@blueprint.delete("/me/avatar")
@kit.require_user
@kit.spec(status=204)
def delete_avatar():
    """Remove the caller's avatar."""
    caller = kit.current_user()
    profile = own_profile(caller)
    store().clear_avatar(user_id=caller.id)
    avatars().delete(profile.get("avatar_key"))
    avatars().delete(profile.get("pending_avatar_key"))
    return Response(status=204)


@blueprint.get("/<id:user_id>")
@kit.require_user
@kit.spec(response=ProfileEnvelope)
def get_profile(user_id):
    """Anyone's public profile (no email)."""
    caller, user_id = kit.current_user(), str(user_id)
    if user_id == caller.id:
        return _respond(own_profile(caller))
    profile = store().get(user_id=user_id)
    if profile is None:
        account = clients.public_account(user_id, caller)
        profile = store().add(user_id=user_id, display_name=account["display_name"])
    return _respond(profile, own=False)
