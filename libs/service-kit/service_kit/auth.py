"""Access-token verification against the auth service's JWKS, and route guards."""

from __future__ import annotations

import functools
import logging
import threading
import time
from dataclasses import dataclass

import jwt
import requests
from flask import g, request

from . import deps
from .errors import Forbidden, ServiceUnavailable, Unauthorized

logger = logging.getLogger(__name__)

ALLOWED_ALGORITHMS = ("EdDSA", "RS256")
# RFC 9068 §2.1: access tokens say what they are, so no other JWT signed with the same key
# (an ID token, a logout token, ...) passes for one; `application/` may prefix it (RFC 7515).
ACCESS_TOKEN_TYPE = "at+jwt"  # noqa: S105 (a media type, not a secret)
_ACCEPTED_TYPES = (ACCESS_TOKEN_TYPE, f"application/{ACCESS_TOKEN_TYPE}")
REALM = "dread"
ROLES = ("student", "instructor", "admin")
_JWKS_TIMEOUT_S = 2.0
_MIN_REFRESH_INTERVAL_S = 5.0
_MAX_KEY_AGE_S = 300.0


@dataclass(frozen=True)
class User:
    """The caller, as the access token describes them."""

    id: str
    role: str
    token: str

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == "admin"


class InvalidToken(Unauthorized):
    """A bearer token was sent but is refused: the challenge says `invalid_token` (RFC 6750)."""

    def __init__(self, detail: str):
        # error_description allows printable ASCII but the quote and the backslash (RFC 6750 §3)
        description = "".join(c for c in detail if " " <= c <= "~" and c not in '"\\')
        challenge = (
            f'Bearer realm="{REALM}", error="invalid_token", error_description="{description}"'
        )
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class JwksVerifier:
    """Verifies access tokens with keys from a JWKS URL, cached and refreshed on unknown kid."""

    def __init__(self, *, issuer: str, audience: str, jwks_url: str | None = None, jwks=None,
                 roles: tuple[str, ...] = ROLES):  # fmt: skip
        self.issuer = issuer
        self.audience = audience
        self.roles = roles  # service tokens: ("system",) on their own audience
        self.jwks_url = jwks_url
        self._lock = threading.Lock()
        self._keys: dict = {}
        self._fetched_at = 0.0
        if jwks is not None:
            self._keys = self._parse(jwks)
            self._fetched_at = float("inf")  # static keys never expire

    @staticmethod
    def _parse(jwks: dict) -> dict:
        keys = {}
        for jwk in jwks.get("keys", []):
            kid = jwk.get("kid")
            if not kid:
                continue
            try:
                keys[kid] = jwt.PyJWK(jwk)
            except jwt.PyJWTError:
                logger.warning("ignoring unusable JWK %s", kid)
        return keys

    def _refresh(self, *, force: bool) -> None:
        if self.jwks_url is None:
            return
        with self._lock:
            age = time.monotonic() - self._fetched_at
            if age < _MIN_REFRESH_INTERVAL_S or (not force and age < _MAX_KEY_AGE_S):
                return
            try:
                response = requests.get(self.jwks_url, timeout=_JWKS_TIMEOUT_S)
                response.raise_for_status()
                self._keys = self._parse(response.json())
                self._fetched_at = time.monotonic()
            except (requests.RequestException, ValueError) as error:
                logger.warning("could not fetch JWKS from %s: %s", self.jwks_url, error)
                if not self._keys:
                    raise ServiceUnavailable(
                        "The token keys are unavailable; try again."
                    ) from error

    def _key_for(self, kid: str):
        self._refresh(force=False)
        if kid not in self._keys:
            self._refresh(force=True)
        return self._keys.get(kid)

    def verify(self, token: str) -> User:
        """Return the user a token names, or raise InvalidToken (a 401)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidToken("The access token is malformed.") from error
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise InvalidToken("The access token uses an algorithm that is not accepted.")
        if str(header.get("typ", "")).lower() not in _ACCEPTED_TYPES:
            raise InvalidToken(
                f"The token is not an access token (its typ is not {ACCESS_TOKEN_TYPE})."
            )
        key = self._key_for(str(header.get("kid", "")))
        if key is None:
            raise InvalidToken("The access token was signed by an unknown key.")
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[key.algorithm_name] if key.algorithm_name else list(ALLOWED_ALGORITHMS),
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise InvalidToken("The access token has expired.") from error
        except jwt.PyJWTError as error:
            raise InvalidToken("The access token is not valid.") from error
        role = claims.get("role")
        if role not in self.roles:
            raise InvalidToken("The access token carries no known role.")
        return User(id=str(claims["sub"]), role=role, token=token)


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Sign in: this endpoint needs an Authorization: Bearer token.")
    return token.strip()


def current_user() -> User:
    """The authenticated caller of this request (after require_user)."""
    user = g.get("user")
    if user is None:
        user = deps.verifier().verify(_bearer_token())
        g.user = user
    return user


def optional_user() -> User | None:
    """The caller if a token was sent, else None (a bad token is still a 401)."""
    if not request.headers.get("Authorization"):
        return None
    return current_user()


def require_user(view):
    """Route guard: the caller must present a valid access token."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        current_user()
        return view(*args, **kwargs)

    wrapper._openapi_auth = True
    return wrapper


def require_role(*roles: str):
    """Route guard: the caller must hold one of `roles` (admins always pass)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user.role not in roles and not user.is_admin:
                raise Forbidden(f"This action needs the role: {' or '.join(roles)}.")
            return view(*args, **kwargs)

        wrapper._openapi_auth = True
        wrapper._openapi_roles = roles
        return wrapper

    return decorator
