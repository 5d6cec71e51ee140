"""Fixtures: the profile service on moto tables built from its own tables.py, a fake auth."""

import json
import uuid

import jwt
import pytest
import requests
from profile_service import create_app
from profile_service.config import Settings
from profile_service.tables import TABLES
from service_kit import clients
from service_kit.errors import ServiceUnavailable
from service_kit.testing import create_tables


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    return Settings(service="profile", service_urls={"auth": "http://auth.test"}, **kit_settings)


@pytest.fixture
def app(settings, dynamodb, s3, fake_auth):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb, s3=s3)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


class FakeAuth:
    """Stands in for the auth service: accounts by id, and the calls it received."""

    def __init__(self):
        self.accounts: dict[str, dict] = {}
        self.calls: list[tuple[str, str]] = []
        self.down = False

    def add(self, display_name="Pat Doe") -> str:
        """Register an account; return its id."""
        user_id = str(uuid.uuid4())
        self.accounts[user_id] = {"id": user_id, "display_name": display_name, "role": "student"}
        return user_id

    def __call__(self, method, url, *, token=None, json_body=None, **_kwargs):
        self.calls.append((method, url))
        if self.down:
            raise ServiceUnavailable("auth is down")
        caller = jwt.decode(token, options={"verify_signature": False})["sub"]
        path = url.split("/api/auth", 1)[1]
        target = caller if path == "/me" else path.split("/")[2]
        account = self.accounts.get(target)
        if account is None:
            return _response(404, {"status": 404})
        if method == "PATCH":
            account["display_name"] = json_body["display_name"]
        return _response(200, {"user": account})


def _response(status, body):
    response = requests.Response()
    response.status_code = status
    response._content = json.dumps(body).encode()
    return response


@pytest.fixture
def fake_auth(monkeypatch):
    """Replace calls to the auth service by a fake."""
    fake = FakeAuth()
    monkeypatch.setattr(clients, "call_service", fake)
    return fake


@pytest.fixture
def user(fake_auth, tokens):
    """A registered user: (id, Authorization headers)."""

    def _user(display_name="Pat Doe"):
        user_id = fake_auth.add(display_name)
        return user_id, tokens.headers(user_id)

    return _user
