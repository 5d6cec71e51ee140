"""Fixtures: the auth service on moto tables built from its own tables.py, with a key folder."""

import uuid

import pytest
from auth_service import create_app
from auth_service.config import Settings
from auth_service.tables import TABLES
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from service_kit.testing import create_tables

BROWSER = {"X-Requested-With": "XMLHttpRequest"}
STRONG_PASSWORD = "quiet-otter-maps-41-rivers"


def write_key(folder, kid: str, mtime: float | None = None):
    """Write an Ed25519 PEM as `<kid>.pem` (optionally dated) and return the private key."""
    import os

    key = Ed25519PrivateKey.generate()
    path = folder / f"{kid}.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return key


@pytest.fixture
def key_dir(tmp_path):
    """A signing-key folder holding one key, as the local stack makes it."""
    folder = tmp_path / "signing-keys"
    folder.mkdir()
    write_key(folder, "first-key", mtime=1_700_000_000)
    return folder


@pytest.fixture
def settings(kit_settings, key_dir):
    """Unit-test settings (key folder, test bucket, Scan forbidden)."""
    return Settings(
        service="auth",
        signing_key_dir=str(key_dir),
        public_url="http://dread.test:8080",
        **kit_settings,
    )


@pytest.fixture
def app(settings, dynamodb):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def service(app):
    """The AuthService behind the app (to arrange state directly)."""
    return app.extensions["auth.service"]


@pytest.fixture
def register(client):
    """Register a fresh user; returns (user, email, password)."""

    def _register(email=None, password=STRONG_PASSWORD, display_name="Test User"):
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
        response = client.post(
            "/api/auth/register",
            json={"email": email, "password": password, "display_name": display_name},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["user"], email, password

    return _register


@pytest.fixture
def login(client):
    """Log in; returns the response (the client keeps the refresh cookie)."""

    def _login(email, password, **kwargs):
        return client.post("/api/auth/login", json={"email": email, "password": password}, **kwargs)

    return _login


@pytest.fixture
def signed_in(register, login, service):
    """A fresh user of `role`, signed in; returns (user, Authorization headers)."""

    def _signed_in(role="student"):
        user, email, password = register()
        if role != "student":
            service.users.set_role(user_id=user["id"], role=role)
        body = login(email, password).get_json()
        return body["user"], {"Authorization": f"Bearer {body['access_token']}"}

    return _signed_in
