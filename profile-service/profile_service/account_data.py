"""A user's profile for the account lifecycle: export it, purge it and its avatar objects."""

from __future__ import annotations

from service_kit.account_data import account_blueprint

from . import deps

_PUBLIC = (
    "display_name",
    "bio",
    "location",
    "website",
    "avatar_key",
    "email_digest",
    "created_at",
    "updated_at",
)


def _store():
    return deps.store()


def export(user_id: str) -> dict:
    """The user's profile as stored (null when there is none)."""
    profile = _store().get(user_id=user_id)
    return {"profile": {k: profile.get(k) for k in _PUBLIC} if profile else None}


def purge(user_id: str) -> None:
    """Delete the avatar objects first (an error is retried by the caller), then the item."""
    profile = _store().get(user_id=user_id)
    if profile is None:
        return
    avatars = deps.avatars()
    for key in {profile.get("avatar_key"), profile.get("pending_avatar_key")} - {None}:
        avatars.s3.delete_object(Bucket=avatars.bucket, Key=key)
    _store().table.delete_item(Key={"pk": f"USER#{user_id}"})


blueprint = account_blueprint("profiles", export=export, purge=purge)
