"""Signing keys: JWKS publishes every key, the newest signs, rotation keeps old tokens valid."""

import os
import time

import jwt
import pytest
from auth_service import create_app
from auth_service.keys import KeyRing, thumbprint_kid
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from service_kit.config import MissingSetting

from .conftest import write_key


def _pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _token_for(client, signed_in_headers):
    return signed_in_headers["Authorization"].split(" ", 1)[1]


def test_jwks_publishes_public_okp_keys_only(client):
    response = client.get("/api/auth/.well-known/jwks.json")
    assert response.status_code == 200
    assert "max-age" in response.headers["Cache-Control"]
    (key,) = response.get_json()["keys"]
    assert key["kid"] == "first-key" and key["kty"] == "OKP" and key["crv"] == "Ed25519"
    assert key["alg"] == "EdDSA" and key["use"] == "sig"
    assert "d" not in key  # never the private part


def test_rotation_new_key_signs_and_old_tokens_still_verify(
    client, settings, dynamodb, key_dir, signed_in
):
    _user, old_headers = signed_in()
    assert jwt.get_unverified_header(_token_for(client, old_headers))["kid"] == "first-key"
    write_key(key_dir, "second-key")  # mtime now: newer than first-key
    rotated = create_app(settings, dynamodb=dynamodb).test_client()
    kids = [k["kid"] for k in rotated.get("/api/auth/.well-known/jwks.json").get_json()["keys"]]
    assert sorted(kids) == ["first-key", "second-key"]
    assert rotated.get("/api/auth/me", headers=old_headers).status_code == 200
    _user, email, password = _register_and_credentials(rotated)
    token = rotated.post("/api/auth/login", json={"email": email, "password": password})
    new_token = token.get_json()["access_token"]
    assert jwt.get_unverified_header(new_token)["kid"] == "second-key"
    assert (
        rotated.get("/api/auth/me", headers={"Authorization": f"Bearer {new_token}"}).status_code
        == 200
    )


def _register_and_credentials(client):
    email, password = f"rot-{time.time_ns()}@example.com", "copper-finch-27-meadow-lake"
    body = {"email": email, "password": password, "display_name": "Rot"}
    user = client.post("/api/auth/register", json=body).get_json()["user"]
    return user, email, password


def test_running_app_picks_up_a_new_key_file(client, key_dir, service, monkeypatch):
    import auth_service.keys as keys_module

    monkeypatch.setattr(keys_module, "_RESCAN_INTERVAL_S", 0.0)
    write_key(key_dir, "later-key")
    assert service.keys.signer().kid == "later-key"
    kids = {k["kid"] for k in client.get("/api/auth/.well-known/jwks.json").get_json()["keys"]}
    assert kids == {"first-key", "later-key"}


def test_future_dated_key_is_published_but_does_not_sign(key_dir):
    write_key(key_dir, "next-key", mtime=time.time() + 3600)
    ring = KeyRing(key_dir=str(key_dir))
    assert ring.signer().kid == "first-key"
    assert {k["kid"] for k in ring.jwks()["keys"]} == {"first-key", "next-key"}


def test_keys_from_env_var_sign_and_folder_keys_stay_published(key_dir):
    older, newer = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    ring = KeyRing(key_dir=str(key_dir), pem_text=_pem(older) + "\n" + _pem(newer))
    assert ring.signer().kid == thumbprint_kid(newer)
    kids = {k["kid"] for k in ring.jwks()["keys"]}
    assert kids == {"first-key", thumbprint_kid(older), thumbprint_kid(newer)}


def test_unreadable_and_non_ed25519_key_files_are_ignored(key_dir):
    (key_dir / "broken.pem").write_text("not a key")
    from cryptography.hazmat.primitives.asymmetric import rsa

    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (key_dir / "rsa.pem").write_text(_pem(rsa_key))
    ring = KeyRing(key_dir=str(key_dir))
    assert [k["kid"] for k in ring.jwks()["keys"]] == ["first-key"]


def test_no_key_at_all_fails_fast(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(MissingSetting):
        KeyRing(key_dir=str(empty))
    with pytest.raises(MissingSetting):
        KeyRing()


def test_oldest_of_several_files_does_not_sign(tmp_path):
    write_key(tmp_path, "b-old", mtime=1_600_000_000)
    write_key(tmp_path, "a-new", mtime=1_650_000_000)
    assert KeyRing(key_dir=str(tmp_path)).signer().kid == "a-new"
    os.utime(tmp_path / "b-old.pem", (1_700_000_000, 1_700_000_000))
    assert KeyRing(key_dir=str(tmp_path)).signer().kid == "b-old"
