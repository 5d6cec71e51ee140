"""Service tokens: short-lived JWTs the auth service signs for calls that carry no user.

A service trades `DREAD_SERVICE_SECRET` (default: derived from the cursor secret) over HTTP
Basic, client-credentials style, for a token at the auth service's internal route
`POST /internal/auth/token`. The token carries `aud` `dread-internal` and role `system`: it
is never accepted where a user token is, and no user token is accepted where it is. Routes
under `/internal/` (outside `/api/`: NGINX never exposes them) are guarded by
`require_service`; `call_service` attaches a token by itself to any `/internal/` URL.
"""

from __future__ import annotations

import functools
import logging
import threading
import time

import requests
from flask import g, has_app_context

from . import deps
from .auth import JwksVerifier, User, _bearer_token
from .config import env_str, service_secret_from_env
from .errors import ServiceUnavailable

logger = logging.getLogger(__name__)

SERVICE_AUDIENCE = "dread-internal"
SERVICE_ROLE = "system"
SERVICE_TOKEN_TTL_S = 5 * 60
TOKEN_PATH = "/internal/auth/token"  # noqa: S105 (a path)
_RENEW_BEFORE_S = 60
_TIMEOUT_S = (1.0, 3.0)


def service_verifier(settings) -> JwksVerifier:
    """A verifier for service tokens on the same keys as user tokens (other audience, role)."""
    return JwksVerifier(
        issuer=settings.token_issuer,
        audience=SERVICE_AUDIENCE,
        jwks_url=settings.jwks_url,
        jwks=settings.jwks,
        roles=(SERVICE_ROLE,),
    )


def require_service(view):
    """Route guard: only another DREAD service, with a valid service token, may call this."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        verifier = deps.service_verifier(service_verifier)
        g.service = verifier.verify(_bearer_token())
        return view(*args, **kwargs)

    wrapper._openapi_auth = True
    return wrapper


class TokenSource:
    """This process's service token, fetched from the auth service and renewed before expiry."""

    def __init__(self, *, name: str, secret: str, auth_url: str):
        self.name, self.secret, self.auth_url = name, secret, auth_url
        self._lock = threading.Lock()
        self._token, self._expires_at = "", 0.0

    def token(self) -> str:
        """A token valid for at least another minute (raises ServiceUnavailable if auth is down)."""
        with self._lock:
            if time.time() < self._expires_at - _RENEW_BEFORE_S:
                return self._token
            try:
                response = requests.post(
                    self.auth_url + TOKEN_PATH,
                    auth=(self.name, self.secret),
                    data={"grant_type": "client_credentials"},
                    timeout=_TIMEOUT_S,
                )
                response.raise_for_status()
                body = response.json()
                self._token = body["access_token"]
                self._expires_at = time.time() + int(body["expires_in"])
            except (requests.RequestException, ValueError, KeyError) as error:
                logger.warning("no service token from the auth service: %s", error)
                raise ServiceUnavailable("The auth service gave no service token.") from error
            return self._token


_sources: dict[tuple, TokenSource] = {}
_sources_lock = threading.Lock()


def token_source() -> TokenSource | None:
    """The process's token source, from the app's settings or (worker processes) the env;
    None when no service secret is configured (unit tests)."""
    if has_app_context():
        settings = deps.settings()
        name, secret = settings.service, settings.service_secret
        auth_url = settings.service_urls.get("auth", "")
    else:
        name = env_str("DREAD_SERVICE_NAME", "worker")
        secret = service_secret_from_env(env_str("DREAD_CURSOR_SECRET"))
        auth_url = env_str("AUTH_SERVICE_URL", "http://127.0.0.1:5001")
    if not secret:
        return None
    key = (name, secret, auth_url)
    with _sources_lock:
        if key not in _sources:
            _sources[key] = TokenSource(name=name, secret=secret, auth_url=auth_url)
        return _sources[key]


def service_token() -> str | None:
    """A bearer token for an internal call, or None when none is configured."""
    minter = deps.service_token_minter()
    if minter is not None:  # the auth service signs its own, no HTTP round trip
        return minter()
    source = token_source()
    return source.token() if source else None


def caller_service() -> User:
    """The calling service (after require_service): id `service:<name>`, role `system`."""
    return g.service
