"""Fixtures: the course service on moto tables built from its own tables.py."""

import uuid

import pytest
from course_service import create_app
from course_service.config import Settings
from course_service.tables import TABLES
from service_kit import clients
from service_kit.errors import ServiceUnavailable
from service_kit.testing import create_tables


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    return Settings(service="course", **kit_settings)


@pytest.fixture
def app(settings, dynamodb, s3):
    """The app on fresh moto tables and bucket."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb, s3=s3)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


class Person:
    """A caller with a fixed id and role; `headers` mints a fresh token each time."""

    def __init__(self, tokens, role: str):
        self.id = f"{role}-{uuid.uuid4().hex[:8]}"
        self.role = role
        self._tokens = tokens

    @property
    def headers(self) -> dict:
        """Authorization header for this person."""
        return self._tokens.headers(self.id, self.role)


@pytest.fixture
def person(tokens):
    """Factory: person("student") → a new caller with that role."""
    return lambda role="student": Person(tokens, role)


@pytest.fixture
def instructor(person):
    """An instructor."""
    return person("instructor")


@pytest.fixture
def student(person):
    """A student."""
    return person("student")


@pytest.fixture
def admin(person):
    """An admin."""
    return person("admin")


@pytest.fixture
def make_course(client, instructor):
    """Create a course through the API (published unless said otherwise); returns it."""

    def make(owner=None, **fields):
        body = {
            "title": f"Course {uuid.uuid4().hex[:6]}",
            "description": "About things.",
            "category": "Programming",
            "published": True,
            **fields,
        }
        response = client.post("/api/courses", json=body, headers=(owner or instructor).headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["course"]

    return make


class FakePeople:
    """Stands in for the profile service: display names and public profiles by user id."""

    def __init__(self):
        self.profiles: dict[str, dict] = {}
        self.down = False

    def name(self, user_id: str) -> str:
        """The name a user's courses show (their profile's, else a made-up default)."""
        return self.profiles.get(user_id, {}).get("display_name", f"Name of {user_id}")

    def display_name(self, user):
        """service_kit.clients.display_name."""
        if self.down:
            raise ServiceUnavailable("profile down")
        return self.name(user.id)

    def public_profile(self, user_id: str):
        """service_kit.clients.public_profile."""
        if self.down:
            raise ServiceUnavailable("profile down")
        return self.profiles.get(user_id)


@pytest.fixture(autouse=True)
def people(monkeypatch):
    """The fake profile service every test talks to."""
    fake = FakePeople()
    monkeypatch.setattr(clients, "display_name", fake.display_name)
    monkeypatch.setattr(clients, "public_profile", fake.public_profile)
    return fake
