"""/api/forum threads: who may read, write and moderate; ordering; deletion keeps places."""

import pytest
from service_kit.testing import assert_problem

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"  # the course the `forum` fixture creates
OTHER_COURSE = "c0ffee00c0ffee00c0ffee00c0ffee02"
PREFIX = "/api/forum"


def test_create_thread_enrolled_is_201_with_thread(forum):
    response = forum.request(
        "POST", f"/courses/{COURSE}/threads", "alice", json={"title": "  Hi ", "body": "Body"}
    )
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    thread = response.get_json()["thread"]
    assert thread["title"] == "Hi" and thread["body"] == "Body"
    assert thread["course_id"] == COURSE and thread["author_id"] == "alice"
    assert thread["author_name"] == "Alice A."
    assert thread["pinned"] is False and thread["locked"] is False and thread["deleted"] is False
    assert thread["reply_count"] == 0
    assert thread["created_at"] == thread["last_activity_at"] and thread["created_at"].endswith("Z")
    assert len(thread["id"]) == 32


@pytest.mark.parametrize("who", ["teacher", "root"])
def test_create_thread_owner_and_admin_are_201(forum, who):
    assert forum.thread(who)["author_id"] == who


def test_create_thread_not_enrolled_is_403(forum):
    response = forum.request(
        "POST", f"/courses/{COURSE}/threads", "stranger", json={"title": "t", "body": "b"}
    )
    assert_problem(response, 403)


def test_create_thread_unknown_course_is_404(forum):
    response = forum.request(
        "POST", "/courses/no-such-course/threads", "alice", json={"title": "t", "body": "b"}
    )
    assert_problem(response, 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "b"}, "title"),
        ({"title": "t"}, "body"),
        ({"title": "", "body": "b"}, "title"),
        ({"title": "   ", "body": "b"}, "title"),
        ({"title": "t", "body": " \n "}, "body"),
        ({"title": "x" * 201, "body": "b"}, "title"),
        ({"title": "t", "body": "x" * 10_001}, "body"),
        ({"title": 5, "body": "b"}, "title"),
        ({"title": "t", "body": "b", "pinned": True}, "pinned"),
    ],
)
def test_create_thread_invalid_body_is_422_naming_the_field(forum, body, field):
    response = forum.request("POST", f"/courses/{COURSE}/threads", "alice", json=body)
    assert field in assert_problem(response, 422)["errors"]


def test_create_thread_at_limits_is_201(forum):
    thread = forum.thread(title="x" * 200, body="y" * 10_000)
    assert len(thread["title"]) == 200 and len(thread["body"]) == 10_000


def test_create_thread_stores_markup_as_plain_text(forum):
    thread = forum.thread(body="<script>alert(1)</script>")
    assert forum.get_thread(thread["id"])["body"] == "<script>alert(1)</script>"


def test_create_thread_profile_service_down_is_503(forum, platform):
    platform.profiles_down = True
    response = forum.request(
        "POST", f"/courses/{COURSE}/threads", "alice", json={"title": "t", "body": "b"}
    )
    assert_problem(response, 503)
    assert forum.page(f"/courses/{COURSE}/threads")["items"] == []


def test_create_thread_without_profile_uses_fallback_name(forum, platform):
    del platform.names["alice"]
    assert forum.thread()["author_name"] == "Learner"


def test_create_thread_over_rate_limit_is_429_with_retry_after(forum, store):
    store.posts_per_minute = 3
    for _ in range(3):
        forum.thread()
    response = forum.request(
        "POST", f"/courses/{COURSE}/threads", "alice", json={"title": "t", "body": "b"}
    )
    assert_problem(response, 429)
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert len(forum.page(f"/courses/{COURSE}/threads")["items"]) == 3
    forum.thread("bob")  # the limit is per user


def test_get_thread_member_is_200(forum):
    thread = forum.thread()
    seen = forum.get_thread(thread["id"], "bob")
    # `following` is the reader's own: the author follows, bob does not
    assert (thread["following"], seen["following"]) == (True, False)
    assert {**seen, "following": True} == thread


def test_get_thread_not_enrolled_is_403(forum):
    thread = forum.thread()
    assert_problem(forum.request("GET", f"/threads/{thread['id']}", "stranger"), 403)


def test_get_thread_unknown_is_404(forum):
    assert_problem(forum.request("GET", f"/threads/{'0' * 32}", "alice"), 404)


def test_list_threads_pinned_first_then_newest_activity(forum):
    first, second, _third = (forum.thread(title=t) for t in ("first", "second", "third"))
    forum.reply(first["id"])  # activity moves `first` above the others
    pinned = forum.request("PATCH", f"/threads/{second['id']}", "teacher", json={"pinned": True})
    assert pinned.status_code == 200
    titles = [t["title"] for t in forum.all_items(f"/courses/{COURSE}/threads", limit=2)]
    assert titles == ["second", "first", "third"]


def test_list_threads_pages_every_thread_once(forum):
    ids = {forum.thread(title=f"t{n}")["id"] for n in range(5)}
    listed = [t["id"] for t in forum.all_items(f"/courses/{COURSE}/threads", limit=2)]
    assert sorted(listed) == sorted(ids)


def test_list_threads_not_enrolled_is_403(forum):
    assert_problem(forum.request("GET", f"/courses/{COURSE}/threads", "stranger"), 403)


def test_list_threads_unknown_course_is_404(forum):
    assert_problem(forum.request("GET", "/courses/nope/threads", "alice"), 404)


def test_list_threads_cursor_of_another_course_is_400(forum, platform):
    platform.course(OTHER_COURSE, owner="teacher", enrolled={"alice"})
    for _ in range(2):
        forum.thread()
    cursor = forum.page(f"/courses/{COURSE}/threads", limit=1)["next_cursor"]
    response = forum.request(
        "GET", f"/courses/{OTHER_COURSE}/threads", "alice", query_string={"cursor": cursor}
    )
    assert "cursor" in assert_problem(response, 400)["errors"]


def test_update_thread_author_edits_text(forum):
    thread = forum.thread()
    response = forum.request(
        "PATCH", f"/threads/{thread['id']}", "alice", json={"title": "New", "body": "Better"}
    )
    assert response.status_code == 200
    edited = response.get_json()["thread"]
    assert edited["title"] == "New" and edited["body"] == "Better" and edited["edited_at"]
    assert forum.get_thread(thread["id"]) == edited


@pytest.mark.parametrize("who", ["bob", "teacher", "root"])
def test_update_thread_text_by_someone_else_is_403(forum, who):
    thread = forum.thread()
    response = forum.request("PATCH", f"/threads/{thread['id']}", who, json={"body": "mine"})
    assert_problem(response, 403)
    assert forum.get_thread(thread["id"])["body"] == thread["body"]


@pytest.mark.parametrize("field", ["pinned", "locked"])
def test_update_thread_student_pinning_or_locking_is_403(forum, field):
    thread = forum.thread()
    response = forum.request("PATCH", f"/threads/{thread['id']}", "alice", json={field: True})
    assert_problem(response, 403)
    assert forum.get_thread(thread["id"])[field] is False


@pytest.mark.parametrize("who", ["teacher", "root"])
def test_update_thread_moderators_pin_and_lock(forum, who):
    thread = forum.thread()
    response = forum.request(
        "PATCH", f"/threads/{thread['id']}", who, json={"pinned": True, "locked": True}
    )
    assert response.status_code == 200
    moderated = response.get_json()["thread"]
    assert moderated["pinned"] is True and moderated["locked"] is True
    assert moderated["edited_at"] is None


@pytest.mark.parametrize("body", [{}, {"title": None}, {"views": 3}, {"pinned": "yes"}])
def test_update_thread_invalid_patch_is_422(forum, body):
    thread = forum.thread()
    assert_problem(forum.request("PATCH", f"/threads/{thread['id']}", "alice", json=body), 422)


def test_update_thread_deleted_is_409(forum):
    thread = forum.thread()
    forum.request("DELETE", f"/threads/{thread['id']}", "alice")
    response = forum.request("PATCH", f"/threads/{thread['id']}", "alice", json={"body": "again"})
    assert_problem(response, 409)


@pytest.mark.parametrize("who", ["alice", "teacher", "root"])
def test_delete_thread_author_or_moderator_is_204(forum, who):
    thread = forum.thread("alice")
    response = forum.request("DELETE", f"/threads/{thread['id']}", who)
    assert response.status_code == 204 and response.data == b""


def test_delete_thread_by_another_student_is_403(forum):
    thread = forum.thread("alice")
    assert_problem(forum.request("DELETE", f"/threads/{thread['id']}", "bob"), 403)
    assert forum.get_thread(thread["id"])["deleted"] is False


def test_delete_thread_keeps_its_place_and_replies(forum):
    older = forum.thread(title="older")
    doomed = forum.thread(title="doomed", body="secret words")
    reply = forum.reply(doomed["id"])
    assert forum.request("DELETE", f"/threads/{doomed['id']}", "alice").status_code == 204
    assert forum.request("DELETE", f"/threads/{doomed['id']}", "alice").status_code == 204
    shown = forum.get_thread(doomed["id"])
    assert shown["deleted"] is True and shown["body"] == "" and shown["title"] == "[deleted]"
    assert shown["reply_count"] == 1
    listed = forum.page(f"/courses/{COURSE}/threads")["items"]
    assert [t["id"] for t in listed] == [doomed["id"], older["id"]]
    assert "secret words" not in str(listed)
    replies = forum.page(f"/threads/{doomed['id']}/replies")["items"]
    assert [r["id"] for r in replies] == [reply["id"]]


def test_delete_thread_unknown_is_404(forum):
    assert_problem(forum.request("DELETE", f"/threads/{'1' * 32}", "alice"), 404)


def test_path_that_is_not_a_post_id_is_404(forum):
    assert_problem(forum.request("GET", "/threads/not-an-id", "alice"), 404)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/courses/{COURSE}/threads"),
        ("POST", f"/courses/{COURSE}/threads"),
        ("GET", f"/threads/{'a' * 32}"),
        ("PATCH", f"/threads/{'a' * 32}"),
        ("DELETE", f"/threads/{'a' * 32}"),
        ("GET", f"/threads/{'a' * 32}/replies"),
        ("POST", f"/threads/{'a' * 32}/replies"),
        ("PATCH", f"/replies/{'a' * 32}"),
        ("DELETE", f"/replies/{'a' * 32}"),
        ("POST", f"/threads/{'a' * 32}/flags"),
        ("POST", f"/replies/{'a' * 32}/flags"),
        ("GET", f"/courses/{COURSE}/flags"),
    ],
)
def test_every_route_needs_a_token(client, method, path):
    assert_problem(client.open(PREFIX + path, method=method, json={}), 401)
