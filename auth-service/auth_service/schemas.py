"""Request and response schemas of /api/auth (validation and OpenAPI)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator
from service_kit import PageQuery, RequestSchema, ResponseSchema

Role = Literal["student", "instructor", "admin"]

_LOCAL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _email(value: str) -> str:
    local, at, domain = value.rpartition("@")
    labels = domain.split(".")
    if not at or not _LOCAL.match(local) or ".." in local or len(labels) < 2:
        raise ValueError("Not a valid email address.")
    if not all(_LABEL.match(label) for label in labels):
        raise ValueError("Not a valid email address.")
    return value.lower()


def _display_name(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("Control characters are not allowed.")
    return value


# Passwords are taken byte for byte: no trimming; the policy (8 to 72 bytes ...) runs later.
Password = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=256)]
# A password being set: documented as the policy enforces it (8 to 72 bytes); 72 bytes are
# at most 72 characters, so the schema bound holds for every password the policy accepts.
NewPassword = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=8, max_length=72),
    Field(description="8 to 72 bytes once UTF-8 encoded, and hard to guess (zxcvbn score ≥ 3)"),
]
Email = Annotated[str, Field(min_length=3, max_length=254), AfterValidator(_email)]
DisplayName = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_display_name)]


class RegisterBody(RequestSchema):
    """Body of POST /register."""

    email: Email
    password: NewPassword
    display_name: DisplayName


class LoginBody(RequestSchema):
    """Body of POST /login (any email string: unknown ones fail like wrong passwords)."""

    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Password


class PasswordChangeBody(RequestSchema):
    """Body of POST /password."""

    current_password: Password
    new_password: Password


class MeUpdateBody(RequestSchema):
    """Body of PATCH /me."""

    display_name: DisplayName


class RoleBody(RequestSchema):
    """Body of PATCH /users/{user_id}."""

    role: Role


class UsersQuery(PageQuery):
    """`?limit=&cursor=&order=newest|oldest&q=&role=` for GET /users."""

    order: Literal["newest", "oldest"] = "newest"
    q: Annotated[
        str | None,
        Field(min_length=1, max_length=254, description="start of the email or display name"),
    ] = None
    role: Role | None = None


class UserPatchBody(RequestSchema):
    """Body of PATCH /users/{user_id}: a new role and/or suspension."""

    role: Role | None = None
    suspended: bool | None = None

    @model_validator(mode="after")
    def _something(self):
        if self.role is None and self.suspended is None:
            raise ValueError("Send role, suspended or both.")
        return self


class AuditEvent(ResponseSchema):
    """One audit-log entry."""

    id: str
    at: str
    actor_id: str | None
    action: str
    target_id: str | None
    detail: dict


class AuditPage(ResponseSchema):
    """A page of audit events, newest first."""

    items: list[AuditEvent]
    next_cursor: str | None


class User(ResponseSchema):
    """A user as the API shows it (never a password hash)."""

    id: str
    email: str
    display_name: str
    role: Role
    created_at: str
    suspended: bool = False


class UserEnvelope(ResponseSchema):
    """`{user}`."""

    user: User


class PublicUser(ResponseSchema):
    """What any signed-in user may know about another: no email."""

    id: str
    display_name: str
    role: Role
    created_at: str


class PublicUserEnvelope(ResponseSchema):
    """`{user}` with the public fields only."""

    user: PublicUser


class TokenResponse(ResponseSchema):
    """Answer of login and refresh; the refresh token travels only in its cookie."""

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    user: User


class UserPage(ResponseSchema):
    """A page of users."""

    items: list[User]
    next_cursor: str | None


class Jwks(ResponseSchema):
    """A JSON Web Key Set."""

    keys: list[dict]


class PasswordResetBody(RequestSchema):
    """Body of POST /password-reset (any email-looking string: the answer is always 202)."""

    email: Annotated[str, Field(min_length=3, max_length=254)]


class PasswordResetConfirmBody(RequestSchema):
    """Body of POST /password-reset/confirm."""

    token: Annotated[str, Field(min_length=1, max_length=200)]
    new_password: Password


class DeleteAccountBody(RequestSchema):
    """Body of DELETE /me: the password, so a borrowed session cannot delete the account."""

    password: Password


class UserMail(RequestSchema):
    """Body of POST /internal/auth/users/{id}/mail: a service mails a user it knows by id."""

    subject: Annotated[str, Field(min_length=1, max_length=200)]
    text: Annotated[str, Field(min_length=1, max_length=100_000)]
    html: Annotated[str | None, Field(max_length=200_000)] = None
    unsubscribe_url: Annotated[str | None, Field(max_length=2048, pattern=r"^https?://")] = None
    kind: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9-]*$")] = "mail"
