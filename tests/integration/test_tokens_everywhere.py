"""Every service refuses forged, expired and foreign access tokens with 401 (through NGINX).

One authenticated endpoint per service (from API.md). Tokens with the right issuer but the
wrong signature, algorithm, type, audience or lifetime must never get past any service's
verifier, and every refusal challenges with `WWW-Authenticate: Bearer` (RFC 6750).
An endpoint whose service has not been built yet is skipped (its OpenAPI lacks the route).
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.accounts import auth_call, new_account

# (method, path, area, OpenAPI path template)
ENDPOINTS = [
    ("GET", "/api/auth/me", "auth", "/api/auth/me"),
    ("GET", "/api/profiles/me", "profiles", "/api/profiles/me"),
    ("GET", "/api/courses/enrolled", "courses", "/api/courses/enrolled"),
    ("POST", "/api/videos", "videos", "/api/videos"),
    ("GET", "/api/watchlist", "watchlist", "/api/watchlist"),
    ("GET", "/api/progress/recent", "progress", "/api/progress/recent"),
    (
        "GET",
        "/api/forum/courses/" + "0" * 32 + "/threads",  # an id-shaped course (the kit 404s others)
        "forum",
        "/api/forum/courses/{course_id}/threads",
    ),
]
FORGERIES = [
    "alg-none",
    "hs256-with-public-key",
    "tampered-payload",
    "expired",
    "wrong-issuer",
    "wrong-audience",
    "unknown-key",
    "not-an-access-token",
]


def _b64(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def genuine(stack):
    """A real token of a fresh user, its claims and header."""
    account = new_account(stack)
    token = account.token
    return (
        token,
        jwt.get_unverified_header(token),
        jwt.decode(token, options={"verify_signature": False}),
    )


@pytest.fixture(scope="module")
def signer(stack, genuine):
    """The stack's own signing key (it sits in the stack's secrets folder)."""
    kid = genuine[1]["kid"]
    pem = (Path(stack.home) / "secrets" / "signing-keys" / f"{kid}.pem").read_bytes()
    return kid, serialization.load_pem_private_key(pem, password=None)


def _forge(kind: str, stack, genuine, signer) -> str:
    token, header, claims = genuine
    kid, key = signer
    now = int(time.time())
    if kind == "alg-none":
        return f"{_b64({**header, 'alg': 'none'})}.{_b64(claims)}."
    if kind == "hs256-with-public-key":
        jwks = auth_call(stack, "GET", "/api/auth/.well-known/jwks.json").json()["keys"]
        public = jwt.PyJWK(next(k for k in jwks if k["kid"] == kid)).key
        secret = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        signing_input = f"{_b64({**header, 'alg': 'HS256'})}.{_b64(claims)}"
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(mac)}"
    if kind == "tampered-payload":
        head, _payload, signature = token.split(".")
        return f"{head}.{_b64({**claims, 'role': 'admin'})}.{signature}"
    changes = {
        "expired": {"iat": now - 1000, "exp": now - 100},
        "wrong-issuer": {"iss": "https://evil.example"},
        "wrong-audience": {"aud": "someone-else"},
        "unknown-key": {},
        "not-an-access-token": {},  # the genuine key and claims, but typ JWT (RFC 9068)
    }[kind]
    signing_key = Ed25519PrivateKey.generate() if kind == "unknown-key" else key
    fresh = {**claims, "jti": uuid.uuid4().hex, **changes}
    typ = "JWT" if kind == "not-an-access-token" else header["typ"]
    return jwt.encode(fresh, signing_key, algorithm="EdDSA", headers={"kid": kid, "typ": typ})


def _call(stack, method, path, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs = {"json": {}} if method == "POST" else {}
    return auth_call(stack, method, path, headers=headers, **kwargs)


def _require_built(stack, method, area, template):
    document = auth_call(stack, "GET", f"/api/{area}/openapi.json")
    paths = document.json().get("paths", {}) if document.status_code == 200 else {}
    if method.lower() not in paths.get(template, {}):
        pytest.skip(f"{method} {template} is not built yet")


@pytest.mark.parametrize(("method", "path", "area", "template"), ENDPOINTS)
def test_genuine_token_passes_and_no_token_is_401(stack, genuine, method, path, area, template):
    _require_built(stack, method, area, template)
    assert _call(stack, method, path, genuine[0]).status_code != 401
    response = _call(stack, method, path, None)
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="dread"'  # RFC 6750 §3.1


def test_genuine_tokens_are_typed_access_tokens(genuine):
    assert genuine[1]["typ"] == "at+jwt"  # RFC 9068 §2.1


@pytest.mark.parametrize("kind", FORGERIES)
@pytest.mark.parametrize(("method", "path", "area", "template"), ENDPOINTS)
def test_forged_token_is_401(stack, genuine, signer, method, path, area, template, kind):
    _require_built(stack, method, area, template)
    response = _call(stack, method, path, _forge(kind, stack, genuine, signer))
    assert response.status_code == 401, (kind, response.status_code, response.text)
    challenge = response.headers.get("WWW-Authenticate", "")
    assert challenge.startswith('Bearer realm="dread", error="invalid_token"'), challenge
    assert response.headers["Content-Type"].startswith("application/problem+json")
