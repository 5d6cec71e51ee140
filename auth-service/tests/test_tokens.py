"""Only tokens this service signed, for this audience, unexpired, open /api/auth/me."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from service_kit.testing import TokenFactory, assert_problem


def _b64(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _me(client, token):
    return client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})


def _parts(headers):
    token = headers["Authorization"].split(" ", 1)[1]
    return (
        token,
        jwt.get_unverified_header(token),
        jwt.decode(token, options={"verify_signature": False}),
    )


def _sign_with_ring(service, claims, typ="at+jwt"):
    key = service.keys.signer()
    headers = {"kid": key.kid, "typ": typ}
    return jwt.encode(claims, key.private_key, algorithm="EdDSA", headers=headers)


def test_own_token_is_accepted(client, signed_in):
    _user, headers = signed_in()
    assert client.get("/api/auth/me", headers=headers).status_code == 200


def test_alg_none_is_401(client, signed_in):
    _token, header, claims = _parts(signed_in()[1])
    forged = _b64({**header, "alg": "none"}) + "." + _b64(claims) + "."
    assert_problem(_me(client, forged), 401)


def test_hs256_signed_with_the_public_key_is_401(client, signed_in):
    _token, header, claims = _parts(signed_in()[1])
    jwk = client.get("/api/auth/.well-known/jwks.json").get_json()["keys"][0]
    public_pem = jwt.PyJWK(jwk).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = f"{_b64({**header, 'alg': 'HS256'})}.{_b64(claims)}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert_problem(_me(client, f"{signing_input}.{_b64(signature)}"), 401)


def test_tampered_payload_is_401(client, signed_in):
    token, _header, claims = _parts(signed_in()[1])
    head, _payload, signature = token.split(".")
    forged = f"{head}.{_b64({**claims, 'role': 'admin'})}.{signature}"
    assert_problem(_me(client, forged), 401)


@pytest.mark.parametrize(
    "change",
    [
        {"exp": int(time.time()) - 30, "iat": int(time.time()) - 930},
        {"iss": "someone-else"},
        {"aud": "another-audience"},
    ],
)
def test_expired_or_foreign_claims_are_401(client, service, signed_in, change):
    _token, _header, claims = _parts(signed_in()[1])
    assert_problem(_me(client, _sign_with_ring(service, {**claims, **change})), 401)


def test_token_from_unknown_key_is_401(client, signed_in):
    user, _headers = signed_in()
    stranger = TokenFactory(kid="first-key")  # even a colliding kid does not help
    assert_problem(_me(client, stranger.token(user["id"])), 401)
    assert_problem(_me(client, TokenFactory().token(user["id"])), 401)


def test_issued_access_token_is_typed_at_jwt(signed_in):
    _token, header, _claims = _parts(signed_in()[1])
    assert header["typ"] == "at+jwt"  # RFC 9068 §2.1


@pytest.mark.parametrize("typ", [None, "JWT"])
def test_own_key_signing_something_else_than_an_access_token_is_401(
    client, service, signed_in, typ
):
    _token, _header, claims = _parts(signed_in()[1])
    response = _me(client, _sign_with_ring(service, claims, typ=typ))
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_expired_own_token_challenge_is_invalid_token(client, service, signed_in):
    _token, _header, claims = _parts(signed_in()[1])
    now = int(time.time())
    response = _me(client, _sign_with_ring(service, {**claims, "iat": now - 999, "exp": now - 9}))
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith(
        'Bearer realm="dread", error="invalid_token"'
    )
