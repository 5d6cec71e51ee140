"""`python -m course_service.seed`: idempotent demo courses, never breaking `make up`."""

import pytest
from course_service import seed
from service_kit.testing import FakeResponse


class FakeSession:
    """Records requests; answers login, /mine and course creation."""

    def __init__(self, *, login_status=200, owned=()):
        self.headers = {}
        self.login_status = login_status
        self.owned = list(owned)
        self.created = []

    def post(self, url, json=None, timeout=None):
        """POST login or course."""
        if url.endswith("/api/auth/login"):
            return FakeResponse(self.login_status, {"access_token": "t"})
        self.created.append(json)
        return FakeResponse(201, {"course": json})

    def get(self, url, params=None, timeout=None):
        """GET /mine."""
        return FakeResponse(200, {"items": self.owned, "next_cursor": None})


@pytest.fixture
def session(monkeypatch):
    """Install a fake session; returns a setter for the next one."""
    holder = {}

    def install(**kwargs):
        holder["session"] = FakeSession(**kwargs)
        monkeypatch.setattr(seed.requests, "Session", lambda: holder["session"])
        return holder["session"]

    return install


def test_seed_creates_published_courses_in_several_categories(session):
    fake = session()
    assert seed.seed("http://dread.test") == len(seed.COURSES)
    assert 5 <= len(fake.created) <= 6
    assert all(course["published"] is True for course in fake.created)
    assert len({course["category"] for course in fake.created}) >= 3
    assert fake.headers["Authorization"] == "Bearer t"


def test_seed_does_nothing_when_the_instructor_has_courses(session):
    fake = session(owned=[{"id": "c1"}])
    assert seed.seed("http://dread.test") == 0
    assert fake.created == []


def test_seed_without_auth_warns_and_exits_0(session, monkeypatch):
    fake = session(login_status=404)
    monkeypatch.setenv("DREAD_PUBLIC_URL", "http://dread.test")
    assert seed.main() == 0
    assert fake.created == []


def test_seed_with_the_stack_unreachable_exits_0(monkeypatch):
    monkeypatch.setenv("DREAD_PUBLIC_URL", "http://127.0.0.1:9")  # discard port: refused
    assert seed.main() == 0
