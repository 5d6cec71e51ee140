"""Typed service clients: answers are mapped, failures never look like "nothing exists"."""

import pytest
from flask import Flask
from service_kit import ServiceUnavailable, User, clients
from service_kit.testing import FakeResponse


@pytest.fixture
def app_context(settings):
    """An app context whose settings name the other services."""
    app = Flask(__name__)
    app.extensions["dread.settings"] = settings
    with app.app_context():
        yield


@pytest.fixture
def settings(kit_settings):
    """Kit settings with service URLs."""
    from service_kit import KitSettings

    return KitSettings(service="demo", service_urls={"video": "http://video.test"}, **kit_settings)


USER = User(id="u1", role="student", token="t")


def test_lookup_videos_maps_existing_videos_by_id(app_context, monkeypatch):
    answer = FakeResponse(200, {"items": [{"id": "v1", "title": "One"}]})
    monkeypatch.setattr(clients, "call_service", lambda *a, **k: answer)
    assert clients.lookup_videos(["v1", "v2"], USER) == {"v1": {"id": "v1", "title": "One"}}


@pytest.mark.parametrize("status", [401, 403, 404, 429])
def test_lookup_videos_unexpected_status_is_unavailable(app_context, monkeypatch, status):
    monkeypatch.setattr(clients, "call_service", lambda *a, **k: FakeResponse(status))
    with pytest.raises(ServiceUnavailable):
        clients.lookup_videos(["v1"], USER)


def _access_answer(relation: str, allowed: bool) -> FakeResponse:
    return FakeResponse(
        200,
        {
            "course_id": "c1",
            "owner_id": "o1",
            "published": True,
            "relation": relation,
            "can_view_content": allowed,
            "can_moderate": False,
        },
    )


@pytest.fixture
def course_settings(app_context, settings):
    """Point the course client somewhere and start from an empty access cache."""
    settings.service_urls["course"] = "http://course.test"
    clients._access_cache._items.clear()


def test_course_access_grant_is_cached(course_settings, monkeypatch):
    calls = []

    def fake_call(*args, **kwargs):
        calls.append(args)
        return _access_answer("enrolled", True)

    monkeypatch.setattr(clients, "call_service", fake_call)
    user = User(id="learner", role="student", token="t")
    assert clients.course_access("c1", user).can_view_content
    assert clients.course_access("c1", user).relation == "enrolled"
    assert len(calls) == 1


def test_course_access_denial_is_not_cached(course_settings, monkeypatch):
    answers = [_access_answer("none", False), _access_answer("enrolled", True)]
    monkeypatch.setattr(clients, "call_service", lambda *a, **k: answers.pop(0))
    user = User(id="newcomer", role="student", token="t")
    assert not clients.course_access("c1", user).can_view_content
    # enrolled a moment later: the next question must reach the course service again
    assert clients.course_access("c1", user).can_view_content


def test_course_access_unknown_course_is_not_found(course_settings, monkeypatch):
    from service_kit import NotFound

    monkeypatch.setattr(clients, "call_service", lambda *a, **k: FakeResponse(404))
    with pytest.raises(NotFound):
        clients.course_access("missing", User(id="u", role="student", token="t"))
