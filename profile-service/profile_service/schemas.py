"""Request and response schemas of /api/profiles (validation and OpenAPI)."""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StrictBool
from service_kit import PageQuery, QuerySchema, RequestSchema, ResponseSchema

MAX_AVATAR_BYTES = 2 * 1024 * 1024
AVATAR_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # newlines and tabs stay allowed


def _no_control(value: str | None) -> str | None:
    if value is not None and _CONTROL.search(value):
        raise ValueError("Control characters are not allowed.")
    return value


def _single_line(value: str | None) -> str | None:
    if value is not None and ("\n" in value or "\r" in value or "\t" in value):
        raise ValueError("Use a single line.")
    return _no_control(value)


def _website(value: str | None) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError("Use an http:// or https:// address.")
    if any(ch.isspace() for ch in value) or parts.username or parts.password:
        raise ValueError("Use a plain web address without spaces or credentials.")
    return value


DisplayName = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_single_line)]
Bio = Annotated[str | None, Field(max_length=2000), AfterValidator(_no_control)]
Location = Annotated[str | None, Field(max_length=100), AfterValidator(_single_line)]
Website = Annotated[str | None, Field(max_length=2048), AfterValidator(_website)]


class ProfileUpdate(RequestSchema):
    """Body of PATCH /me: only the fields sent change; null or "" clears bio/location/website."""

    display_name: DisplayName | None = None
    bio: Bio = None
    location: Location = None
    website: Website = None
    email_digest: StrictBool | None = None  # the forum's daily digest mail (opt-in)


class AvatarUploadRequest(RequestSchema):
    """Body of POST /me/avatar."""

    content_type: Literal["image/png", "image/jpeg", "image/webp"]
    size_bytes: Annotated[int, Field(ge=1, le=MAX_AVATAR_BYTES)]


class Profile(ResponseSchema):
    """A profile as anyone signed in sees it (never an email)."""

    user_id: str
    display_name: str
    bio: str
    location: str
    website: str | None
    avatar_url: str | None
    email_digest: bool | None = None  # only in the owner's own view
    version: int
    updated_at: str


class ProfileEnvelope(ResponseSchema):
    """`{profile}`."""

    profile: Profile


class Upload(ResponseSchema):
    """How the browser sends the file straight to S3 (a presigned POST form)."""

    method: Literal["POST"]
    url: str
    fields: dict[str, str]
    expires_at: str
    max_bytes: int


class UploadEnvelope(ResponseSchema):
    """`{upload, complete_url}`."""

    upload: Upload
    complete_url: str


class UnsubscribeQuery(QuerySchema):
    """`?token=` of an unsubscribe link (from a digest mail)."""

    token: Annotated[str, Field(min_length=1, max_length=512)]


class SubscriberQuery(PageQuery):
    """`?limit=&cursor=` of the digest subscribers (internal)."""

    limit: Annotated[int, Field(ge=1, le=100)] = 100
