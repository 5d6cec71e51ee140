"""Token verification: only tokens the auth service signed, for us, unexpired, pass."""

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from service_kit.auth import JwksVerifier
from service_kit.testing import TokenFactory, assert_problem

PREFIX = "/api/demo"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _get(client, token):
    return client.get(f"{PREFIX}/things", headers={"Authorization": f"Bearer {token}"})


def test_valid_token_is_accepted(client, tokens):
    assert _get(client, tokens.token("u1")).status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Basic dXNlcjpwYXNz", "Bearer not-a-jwt"])
def test_missing_or_malformed_token_is_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(f"{PREFIX}/things", headers=headers)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_no_token_challenge_names_no_error(client):
    response = client.get(f"{PREFIX}/things")
    # RFC 6750 §3.1: a request without credentials gets the challenge, not an error code
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="dread"'


@pytest.mark.parametrize(
    "make",
    [
        lambda tokens: "not-a-jwt",
        lambda tokens: tokens.token("u1", exp=int(time.time()) - 60),
        lambda tokens: tokens.token("u1", aud="another-audience"),
        lambda tokens: TokenFactory().token("u1"),
        lambda tokens: tokens.token("u1", typ=None),
    ],
    ids=["malformed", "expired", "foreign-audience", "unknown-key", "no-typ"],
)
def test_invalid_token_challenge_says_invalid_token(client, tokens, make):
    response = _get(client, make(tokens))
    assert_problem(response, 401)
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="dread", error="invalid_token"'), challenge
    assert 'error_description="' in challenge


def test_expired_token_challenge_describes_the_expiry(client, tokens):
    response = _get(client, tokens.token("u1", exp=int(time.time()) - 60))
    assert "expired" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("typ", ["at+jwt", "AT+JWT", "application/at+jwt"])
def test_access_token_type_is_accepted_in_any_spelling(client, tokens, typ):
    assert _get(client, tokens.token("u1", typ=typ)).status_code == 200


@pytest.mark.parametrize("typ", [None, "JWT", "id_token+jwt", "logout+jwt", ""])
def test_token_that_is_not_an_access_token_is_401(client, tokens, typ):
    # RFC 9068 §4: an ID token or any other JWT signed by the same key is not an access token
    body = assert_problem(_get(client, tokens.token("u1", typ=typ)), 401)
    assert "access token" in body["detail"]


def test_factory_tokens_carry_the_access_token_type(tokens):
    assert jwt.get_unverified_header(tokens.token("u1"))["typ"] == "at+jwt"


def test_alg_none_is_401(client, tokens):
    claims = jwt.decode(tokens.token("u1"), options={"verify_signature": False})
    forged = _b64({"alg": "none", "typ": "at+jwt", "kid": tokens.kid}) + "." + _b64(claims) + "."
    assert_problem(_get(client, forged), 401)


def test_hs256_signed_with_public_key_is_401(client, tokens):
    public_pem = tokens.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    claims = jwt.decode(tokens.token("u1"), options={"verify_signature": False})
    header = _b64({"alg": "HS256", "typ": "at+jwt", "kid": tokens.kid})
    import hashlib
    import hmac

    signing_input = f"{header}.{_b64(claims)}".encode()
    signature = base64.urlsafe_b64encode(
        hmac.new(public_pem, signing_input, hashlib.sha256).digest()
    ).rstrip(b"=")
    forged = signing_input.decode() + "." + signature.decode()
    assert_problem(_get(client, forged), 401)


def test_tampered_payload_is_401(client, tokens):
    header, _payload, signature = tokens.token("u1", role="student").split(".")
    claims = jwt.decode(tokens.token("u1"), options={"verify_signature": False})
    claims["role"] = "admin"
    assert_problem(_get(client, f"{header}.{_b64(claims)}.{signature}"), 401)


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": int(time.time()) - 60},
        {"iss": "someone-else"},
        {"aud": "another-audience"},
        {"role": "superuser"},
    ],
)
def test_expired_or_foreign_claims_are_401(client, tokens, claims):
    assert_problem(_get(client, tokens.token("u1", **claims)), 401)


def test_token_from_unknown_key_is_401(client):
    stranger = TokenFactory()
    assert_problem(_get(client, stranger.token("u1")), 401)


def test_rs256_token_from_rsa_key_in_jwks_is_accepted():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="rsa1", alg="RS256")
    verifier = JwksVerifier(issuer="i", audience="a", jwks={"keys": [jwk]})
    now = int(time.time())
    token = jwt.encode(
        {"iss": "i", "aud": "a", "sub": "u", "role": "student", "iat": now, "exp": now + 60},
        key,
        algorithm="RS256",
        headers={"kid": "rsa1", "typ": "at+jwt"},
    )
    assert verifier.verify(token).id == "u"


def test_student_on_admin_route_is_403(client, tokens):
    assert_problem(client.get(f"{PREFIX}/admin-only", headers=tokens.headers("u1")), 403)
    assert (
        client.get(f"{PREFIX}/admin-only", headers=tokens.headers("a1", "admin")).status_code == 200
    )


def test_unknown_kid_triggers_jwks_refetch(monkeypatch):
    old, new = TokenFactory(kid="old"), TokenFactory(kid="new")
    served = {"keys": [old.jwk]}
    calls = []

    class FakeResponse:
        def raise_for_status(self):
            return None

        def json(self):
            return served

    def fake_get(url, timeout):
        calls.append(url)
        return FakeResponse()

    monkeypatch.setattr("service_kit.auth.requests.get", fake_get)
    verifier = JwksVerifier(issuer="dread-auth", audience="dread", jwks_url="http://auth/jwks")
    assert verifier.verify(old.token("u1")).id == "u1"
    served = {"keys": [old.jwk, new.jwk]}  # rotation: the new key is published beside the old
    monkeypatch.setattr("service_kit.auth._MIN_REFRESH_INTERVAL_S", 0.0)
    assert verifier.verify(new.token("u2")).id == "u2"
    assert verifier.verify(old.token("u3")).id == "u3"
    assert len(calls) == 2
