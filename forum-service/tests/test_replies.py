"""/api/forum replies: oldest first, counts, locked threads, edits and deletions.

reply_count under real concurrency is tested through NGINX (tests/integration/test_forum.py):
moto is not thread-safe for transactions.
"""

import pytest
from service_kit.testing import assert_problem

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"  # the course the `forum` fixture creates


def test_create_reply_is_201_and_bumps_thread(forum):
    thread = forum.thread()
    response = forum.request("POST", f"/threads/{thread['id']}/replies", "bob", json={"body": "Hi"})
    assert response.status_code == 201
    assert response.mimetype == "application/json"
    reply = response.get_json()["reply"]
    assert reply["thread_id"] == thread["id"] and reply["body"] == "Hi"
    assert reply["author_id"] == "bob" and reply["author_name"] == "Bob B."
    assert reply["edited_at"] is None and reply["deleted"] is False
    after = forum.get_thread(thread["id"])
    assert after["reply_count"] == 1 and after["last_activity_at"] == reply["created_at"]


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "body"), ({"body": ""}, "body"), ({"body": "x" * 10_001}, "body"), ({"body": 3}, "body")],
)
def test_create_reply_invalid_body_is_422(forum, body, field):
    thread = forum.thread()
    response = forum.request("POST", f"/threads/{thread['id']}/replies", "bob", json=body)
    assert field in assert_problem(response, 422)["errors"]


def test_create_reply_not_enrolled_is_403(forum):
    thread = forum.thread()
    response = forum.request(
        "POST", f"/threads/{thread['id']}/replies", "stranger", json={"body": "hi"}
    )
    assert_problem(response, 403)
    assert forum.get_thread(thread["id"])["reply_count"] == 0


def test_create_reply_unknown_thread_is_404(forum):
    response = forum.request("POST", f"/threads/{'2' * 32}/replies", "bob", json={"body": "hi"})
    assert_problem(response, 404)


def test_create_reply_locked_thread_is_403_until_unlocked(forum):
    thread = forum.thread()
    forum.request("PATCH", f"/threads/{thread['id']}", "teacher", json={"locked": True})
    path = f"/threads/{thread['id']}/replies"
    for who in ("bob", "teacher"):
        assert_problem(forum.request("POST", path, who, json={"body": "hi"}), 403)
    assert forum.get_thread(thread["id"])["reply_count"] == 0
    forum.request("PATCH", f"/threads/{thread['id']}", "teacher", json={"locked": False})
    assert forum.request("POST", path, "bob", json={"body": "hi"}).status_code == 201


def test_create_reply_deleted_thread_is_403(forum):
    thread = forum.thread()
    forum.request("DELETE", f"/threads/{thread['id']}", "alice")
    response = forum.request("POST", f"/threads/{thread['id']}/replies", "bob", json={"body": "x"})
    assert_problem(response, 403)


def test_create_reply_keeps_pinned_thread_on_top(forum):
    pinned = forum.thread(title="pinned")
    forum.request("PATCH", f"/threads/{pinned['id']}", "teacher", json={"pinned": True})
    other = forum.thread(title="other")
    forum.reply(pinned["id"])
    forum.reply(other["id"])
    listed = forum.page(f"/courses/{COURSE}/threads")["items"]
    assert [t["title"] for t in listed] == ["pinned", "other"]
    assert listed[0]["pinned"] is True and listed[0]["reply_count"] == 1


def test_create_reply_race_with_pinning_keeps_order_consistent(forum, store, monkeypatch):
    thread = forum.thread()
    real_get = store.get_thread
    calls = []

    def stale_then_real(*, thread_id):
        """First read is taken before a moderator pins the thread."""
        calls.append(thread_id)
        found = real_get(thread_id=thread_id)
        if len(calls) == 1:
            # A moderator pins it now (straight through the store: a nested request would
            # share this request's app context, and with it the caller).
            assert store.update_thread(thread=found, changes={"pinned": True})["pinned"]
        return found

    monkeypatch.setattr(store, "get_thread", stale_then_real)
    forum.reply(thread["id"])
    monkeypatch.setattr(store, "get_thread", real_get)
    after = forum.get_thread(thread["id"])
    assert after["pinned"] is True and after["reply_count"] == 1
    other = forum.thread(title="newer")
    listed = forum.page(f"/courses/{COURSE}/threads")["items"]
    assert [t["id"] for t in listed] == [thread["id"], other["id"]]


def test_list_replies_oldest_first_with_cursor(forum):
    thread = forum.thread()
    bodies = [f"reply {n}" for n in range(5)]
    for body in bodies:
        forum.reply(thread["id"], body=body)
    listed = forum.all_items(f"/threads/{thread['id']}/replies", limit=2)
    assert [r["body"] for r in listed] == bodies


def test_list_replies_not_enrolled_is_403(forum):
    thread = forum.thread()
    assert_problem(forum.request("GET", f"/threads/{thread['id']}/replies", "stranger"), 403)


def test_list_replies_cursor_of_another_thread_is_400(forum):
    first, second = forum.thread(), forum.thread()
    for _ in range(2):
        forum.reply(first["id"])
    cursor = forum.page(f"/threads/{first['id']}/replies", limit=1)["next_cursor"]
    response = forum.request(
        "GET", f"/threads/{second['id']}/replies", "alice", query_string={"cursor": cursor}
    )
    assert "cursor" in assert_problem(response, 400)["errors"]


def test_update_reply_author_is_200_with_edited_at(forum):
    reply = forum.reply(forum.thread()["id"], who="bob")
    response = forum.request("PATCH", f"/replies/{reply['id']}", "bob", json={"body": "fixed"})
    assert response.status_code == 200
    edited = response.get_json()["reply"]
    assert edited["body"] == "fixed" and edited["edited_at"]
    listed = forum.page(f"/threads/{reply['thread_id']}/replies")["items"]
    assert listed == [edited]


@pytest.mark.parametrize("who", ["alice", "teacher", "root"])
def test_update_reply_by_someone_else_is_403(forum, who):
    reply = forum.reply(forum.thread()["id"], who="bob")
    response = forum.request("PATCH", f"/replies/{reply['id']}", who, json={"body": "mine"})
    assert_problem(response, 403)


def test_update_reply_deleted_is_409(forum):
    reply = forum.reply(forum.thread()["id"], who="bob")
    forum.request("DELETE", f"/replies/{reply['id']}", "bob")
    response = forum.request("PATCH", f"/replies/{reply['id']}", "bob", json={"body": "again"})
    assert_problem(response, 409)


def test_update_reply_unknown_is_404(forum):
    response = forum.request("PATCH", f"/replies/{'3' * 32}", "bob", json={"body": "x"})
    assert_problem(response, 404)


@pytest.mark.parametrize("who", ["bob", "teacher", "root"])
def test_delete_reply_author_or_moderator_is_204_and_keeps_place(forum, who):
    thread = forum.thread()
    first = forum.reply(thread["id"], who="bob", body="rude words")
    second = forum.reply(thread["id"], who="alice", body="answer")
    response = forum.request("DELETE", f"/replies/{first['id']}", who)
    assert response.status_code == 204 and response.data == b""
    listed = forum.page(f"/threads/{thread['id']}/replies")["items"]
    assert [r["id"] for r in listed] == [first["id"], second["id"]]
    assert listed[0]["deleted"] is True and listed[0]["body"] == ""
    assert listed[1]["body"] == "answer"
    assert forum.get_thread(thread["id"])["reply_count"] == 2


def test_delete_reply_by_another_student_is_403(forum):
    reply = forum.reply(forum.thread()["id"], who="bob")
    assert_problem(forum.request("DELETE", f"/replies/{reply['id']}", "alice"), 403)


def test_delete_reply_not_enrolled_is_403(forum):
    reply = forum.reply(forum.thread()["id"], who="bob")
    assert_problem(forum.request("DELETE", f"/replies/{reply['id']}", "stranger"), 403)
