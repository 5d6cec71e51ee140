"""Typed service clients: answers are mapped, failures never look like "nothing exists"."""

import uuid

import pytest
from flask import Flask
from service_kit import NotFound, ServiceUnavailable, Unauthorized, User, ValidationFailed, clients
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

    return KitSettings(
        service="demo",
        service_urls={
            "video": "http://video.test",
            "course": "http://course.test",
            "profile": "http://profile.test",
            "auth": "http://auth.test",
        },
        **kit_settings,
    )


@pytest.fixture(autouse=True)
def empty_access_cache():
    """Every test starts from empty caches."""
    clients.clear_caches()


USER = User(id="u1", role="student", token="t")
V1, V2, C1 = uuid.uuid4().hex, uuid.uuid4().hex, str(uuid.uuid4())


class NotJson(FakeResponse):
    """An answer whose body is not JSON (an HTML error page, say)."""

    def json(self):
        """Like requests on a non-JSON body."""
        raise ValueError("Expecting value")


def answering(monkeypatch, answer):
    """Make every call to another service get `answer`; return the list of calls made."""
    calls = []

    def fake_call(*args, **kwargs):
        calls.append((args, kwargs))
        return answer

    monkeypatch.setattr(clients, "call_service", fake_call)
    return calls


def test_lookup_videos_maps_existing_videos_by_id(app_context, monkeypatch):
    answering(monkeypatch, FakeResponse(200, {"items": [{"id": V1, "title": "One"}]}))
    assert clients.lookup_videos([V1, V2], USER) == {V1: {"id": V1, "title": "One"}}


@pytest.mark.parametrize("status", [400, 403, 404, 409, 422, 429])
def test_lookup_videos_unexpected_status_is_unavailable(app_context, monkeypatch, status):
    answering(monkeypatch, FakeResponse(status))
    with pytest.raises(ServiceUnavailable):
        clients.lookup_videos([V1], USER)


def test_lookup_videos_sends_only_ids(app_context, monkeypatch):
    calls = answering(monkeypatch, FakeResponse(200, {"items": []}))
    assert clients.lookup_videos(["lookup", "a,b", "x" * 2100], USER) == {}
    assert calls == []  # nothing that is not an id can exist: no call at all
    clients.lookup_videos(["a.b", V1], USER)
    assert calls[0][1]["params"] == {"ids": V1}


def _access_answer(relation: str, allowed: bool) -> FakeResponse:
    return FakeResponse(
        200,
        {
            "course_id": C1,
            "owner_id": "o1",
            "published": True,
            "relation": relation,
            "can_view_content": allowed,
            "can_moderate": False,
        },
    )


def test_course_access_grant_is_cached(app_context, monkeypatch):
    calls = answering(monkeypatch, _access_answer("enrolled", True))
    user = User(id="learner", role="student", token="t")
    assert clients.course_access(C1, user).can_view_content
    assert clients.course_access(C1, user).relation == "enrolled"
    assert len(calls) == 1
    assert calls[0][0] == ("GET", f"http://course.test/api/courses/{C1}/access")


def test_course_access_denial_is_not_cached(app_context, monkeypatch):
    answers = [_access_answer("none", False), _access_answer("enrolled", True)]
    monkeypatch.setattr(clients, "call_service", lambda *a, **k: answers.pop(0))
    user = User(id="newcomer", role="student", token="t")
    assert not clients.course_access(C1, user).can_view_content
    # enrolled a moment later: the next question must reach the course service again
    assert clients.course_access(C1, user).can_view_content


@pytest.mark.parametrize("status", [400, 403, 404, 410, 422])
def test_course_access_absent_or_invalid_is_not_found(app_context, monkeypatch, status):
    answering(monkeypatch, FakeResponse(status))
    with pytest.raises(NotFound):
        clients.course_access(C1, USER)


@pytest.mark.parametrize("course_id", ["a.b", ".", "..", "a~b", "x" * 100, "lookup", "a/b", ""])
def test_course_access_of_a_non_id_is_not_found_without_a_call(app_context, monkeypatch, course_id):
    calls = answering(monkeypatch, _access_answer("enrolled", True))
    with pytest.raises(NotFound):
        clients.course_access(course_id, USER)
    assert calls == []


CALLS = {
    "course_access": lambda: clients.course_access(C1, USER),
    "get_video": lambda: clients.get_video(V1, USER),
    "lookup_videos": lambda: clients.lookup_videos([V1], USER),
    "list_course_videos": lambda: clients.list_course_videos(C1, USER),
    "display_name": lambda: clients.display_name(USER),
    "my_account": lambda: clients.my_account(USER),
    "public_account": lambda: clients.public_account(V1, USER),
    "rename_account": lambda: clients.rename_account(USER, "Pat"),
}
# Calls without a user token (anonymous visitors, HLS playlists): no token to refuse.
ANONYMOUS = {
    "course_state": lambda: clients.course_state(C1),
    "published_course": lambda: clients.published_course(C1),
    "course_exists": lambda: clients.course_exists(C1),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_a_refused_token_is_unauthorized(app_context, monkeypatch, call):
    answering(monkeypatch, FakeResponse(401, {"title": "Unauthorized"}))
    with pytest.raises(Unauthorized) as raised:
        call()
    assert "sign in again" in raised.value.detail


@pytest.mark.parametrize("call", ANONYMOUS.values(), ids=ANONYMOUS.keys())
def test_a_401_to_a_call_without_token_is_unavailable(app_context, monkeypatch, call):
    answering(monkeypatch, FakeResponse(401, {"title": "Unauthorized"}))
    with pytest.raises(ServiceUnavailable):
        call()


ALL_CALLS = {**CALLS, **ANONYMOUS}


@pytest.mark.parametrize("call", ALL_CALLS.values(), ids=ALL_CALLS.keys())
@pytest.mark.parametrize(
    "answer",
    [
        FakeResponse(200, {"status": "ok"}),  # e.g. a health route answered, not the resource
        FakeResponse(
            200, {"video": "x", "items": "x", "course_id": "x", "profile": "x", "user": "x"}
        ),
        NotJson(200),
        FakeResponse(429),
        FakeResponse(405),
        FakeResponse(302),
    ],
    ids=["other-shape", "wrong-types", "not-json", "429", "405", "302"],
)
def test_an_unusable_answer_is_unavailable(app_context, monkeypatch, call, answer):
    answering(monkeypatch, answer)
    with pytest.raises(ServiceUnavailable):
        call()


@pytest.mark.parametrize("status", [400, 403, 404, 422])
def test_get_video_absent_or_invalid_is_none(app_context, monkeypatch, status):
    answering(monkeypatch, FakeResponse(status))
    assert clients.get_video(V1, USER) is None


@pytest.mark.parametrize("video_id", ["lookup", "healthz", ".", "a.b", "x" * 2100, "a%2fb"])
def test_get_video_of_a_non_id_is_none_without_a_call(app_context, monkeypatch, video_id):
    calls = answering(monkeypatch, FakeResponse(200, {"video": {"id": video_id}}))
    assert clients.get_video(video_id, USER) is None
    assert calls == []


@pytest.mark.parametrize("status", [400, 403, 404, 422])
def test_list_course_videos_absent_or_invalid_is_not_found(app_context, monkeypatch, status):
    answering(monkeypatch, FakeResponse(status))
    with pytest.raises(NotFound):
        clients.list_course_videos(C1, USER)


def test_path_segment_quotes_everything_that_could_change_the_path():
    from service_kit.ids import path_segment

    assert path_segment("../a/b?c#d%e") == "%2E%2E%2Fa%2Fb%3Fc%23d%25e"
    assert path_segment(V1) == V1


@pytest.mark.parametrize("status", [400, 403, 404, 410, 422])
def test_course_state_absent_is_none_and_cached(app_context, monkeypatch, status):
    calls = answering(monkeypatch, FakeResponse(status))
    assert clients.course_state(C1) is None
    assert not clients.course_exists(C1)
    assert not clients.published_course(C1)
    assert len(calls) == 1  # absences are cached too (~5 s): HLS asks on every playlist
    assert calls[0][0] == ("GET", f"http://course.test/internal/courses/{C1}")
    assert calls[0][1]["token"] is None


@pytest.mark.parametrize("published", [True, False])
def test_course_state_tells_existence_and_publication(app_context, monkeypatch, published):
    answering(monkeypatch, FakeResponse(200, {"id": C1, "published": published}))
    assert clients.course_exists(C1)
    assert clients.published_course(C1) is published


def test_course_state_of_a_non_id_is_none_without_a_call(app_context, monkeypatch):
    calls = answering(monkeypatch, FakeResponse(200, {"id": C1, "published": True}))
    assert clients.course_state("../healthz") is None
    assert calls == []


@pytest.mark.parametrize("status", [400, 403, 404, 410, 422])
def test_display_name_of_a_missing_profile_is_none(app_context, monkeypatch, status):
    answering(monkeypatch, FakeResponse(status))
    assert clients.display_name(USER) is None


@pytest.mark.parametrize("name, shown", [("  Pat Doe ", "Pat Doe"), ("   ", None), (7, None)])
def test_display_name_is_the_trimmed_profile_name(app_context, monkeypatch, name, shown):
    calls = answering(monkeypatch, FakeResponse(200, {"profile": {"display_name": name}}))
    assert clients.display_name(USER) == shown
    assert calls[0][0] == ("GET", "http://profile.test/api/profiles/u1")


@pytest.mark.parametrize("status", [400, 403, 404, 410, 422])
def test_accounts_absent_are_not_found(app_context, monkeypatch, status):
    answering(monkeypatch, FakeResponse(status))
    with pytest.raises(NotFound, match="No such account"):
        clients.my_account(USER)
    with pytest.raises(NotFound, match="No such profile"):
        clients.public_account(V1, USER)


def test_rename_account_relays_the_field_errors(app_context, monkeypatch):
    problem = {"detail": "Too long.", "errors": {"display_name": "At most 100 characters."}}
    answering(monkeypatch, FakeResponse(422, problem))
    with pytest.raises(ValidationFailed) as raised:
        clients.rename_account(USER, "x" * 500)
    assert raised.value.errors == {"display_name": "At most 100 characters."}


def test_rename_account_answers_the_account(app_context, monkeypatch):
    calls = answering(monkeypatch, FakeResponse(200, {"user": {"id": "u1", "display_name": "P"}}))
    assert clients.rename_account(USER, "P") == {"id": "u1", "display_name": "P"}
    assert calls[0][0] == ("PATCH", "http://auth.test/api/auth/me")
    assert calls[0][1]["json_body"] == {"display_name": "P"}


WORKER_CALLS = {
    "deleted_courses": lambda: clients.deleted_courses(course_url="http://course.test"),
    "forget_deleted_course": lambda: clients.forget_deleted_course(C1, course_url="http://c.t"),
}


@pytest.mark.parametrize("call", WORKER_CALLS.values(), ids=WORKER_CALLS.keys())
@pytest.mark.parametrize("status", [400, 401, 403, 404, 429])
def test_a_refused_sweep_call_is_unavailable_never_nothing_to_do(monkeypatch, call, status):
    answering(monkeypatch, FakeResponse(status))
    with pytest.raises(ServiceUnavailable):
        call()


def test_deleted_courses_lists_the_tombstoned_course_ids(monkeypatch):
    items = [{"course_id": C1}, {"course_id": 7}, "junk"]
    calls = answering(monkeypatch, FakeResponse(200, {"items": items}))
    assert clients.deleted_courses(course_url="http://course.test") == [C1]
    assert calls[0][0] == ("GET", "http://course.test/internal/courses/deleted")


def test_public_profiles_have_names_and_avatars_and_are_cached(app_context, monkeypatch):
    profile = {"user_id": V1, "display_name": "Pat", "avatar_url": "http://s3.test/a.webp"}
    calls = answering(monkeypatch, FakeResponse(200, {"profile": profile}))
    expected = {V1: {"display_name": "Pat", "avatar_url": "http://s3.test/a.webp"}}
    assert clients.public_profiles([V1, V1, "not an id"], USER) == expected
    assert clients.public_profiles([V1], USER) == expected
    assert clients.display_names([V1], USER) == {V1: "Pat"}
    assert len(calls) == 1  # one call per profile, then the cache


def test_public_profiles_leave_unknown_users_out(app_context, monkeypatch):
    answering(monkeypatch, FakeResponse(404, {}))
    assert clients.public_profiles([V2], USER) == {}
