"""/api/forum flags: one per user per post; moderators page through flagged posts."""

import pytest
from service_kit.testing import assert_problem

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"  # the course the `forum` fixture creates


def test_flag_thread_is_201_once_per_user(forum):
    thread = forum.thread()
    path = f"/threads/{thread['id']}/flags"
    response = forum.request("POST", path, "bob", json={"reason": "spam"})
    assert response.status_code == 201
    flag = response.get_json()["flag"]
    assert flag["post_type"] == "thread" and flag["post_id"] == thread["id"]
    assert flag["reason"] == "spam" and flag["created_at"].endswith("Z")
    assert_problem(forum.request("POST", path, "bob", json={"reason": "again"}), 409)
    assert forum.request("POST", path, "alice", json={"reason": "rude"}).status_code == 201


def test_flag_reply_is_201_once_per_user(forum):
    reply = forum.reply(forum.thread()["id"])
    path = f"/replies/{reply['id']}/flags"
    assert forum.request("POST", path, "alice", json={"reason": "off topic"}).status_code == 201
    assert_problem(forum.request("POST", path, "alice", json={"reason": "x"}), 409)


@pytest.mark.parametrize(("body", "field"), [({}, "reason"), ({"reason": ""}, "reason")])
def test_flag_invalid_body_is_422(forum, body, field):
    thread = forum.thread()
    response = forum.request("POST", f"/threads/{thread['id']}/flags", "bob", json=body)
    assert field in assert_problem(response, 422)["errors"]


def test_flag_not_enrolled_is_403(forum):
    thread = forum.thread()
    response = forum.request(
        "POST", f"/threads/{thread['id']}/flags", "stranger", json={"reason": "spam"}
    )
    assert_problem(response, 403)


def test_flag_unknown_post_is_404(forum):
    response = forum.request("POST", f"/replies/{'4' * 32}/flags", "bob", json={"reason": "x"})
    assert_problem(response, 404)


@pytest.mark.parametrize("who", ["teacher", "root"])
def test_list_flags_moderator_sees_flagged_posts(forum, who):
    thread = forum.thread(title="bad thread")
    reply = forum.reply(thread["id"], body="bad reply")
    forum.thread(title="fine")
    forum.request("POST", f"/threads/{thread['id']}/flags", "bob", json={"reason": "spam"})
    forum.request("POST", f"/replies/{reply['id']}/flags", "alice", json={"reason": "rude"})
    forum.request("POST", f"/threads/{thread['id']}/flags", "alice", json={"reason": "ads"})
    response = forum.request("GET", f"/courses/{COURSE}/flags", who)
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(i["post_type"], i["flag_count"], i["last_reason"]) for i in items] == [
        ("thread", 2, "ads"),
        ("reply", 1, "rude"),
    ]
    assert items[0]["post"]["title"] == "bad thread"
    assert items[1]["post"]["body"] == "bad reply" and items[1]["thread_id"] == thread["id"]


def test_list_flags_pages_with_cursor(forum):
    threads = [forum.thread(title=f"t{n}") for n in range(3)]
    for thread in threads:
        forum.request("POST", f"/threads/{thread['id']}/flags", "bob", json={"reason": "x"})
    listed = forum.all_items(f"/courses/{COURSE}/flags", who="teacher", limit=2)
    assert [i["post_id"] for i in listed] == [t["id"] for t in reversed(threads)]


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("stranger", 403)])
def test_list_flags_non_moderator_is_403(forum, who, status):
    thread = forum.thread()
    forum.request("POST", f"/threads/{thread['id']}/flags", "bob", json={"reason": "spam"})
    assert_problem(forum.request("GET", f"/courses/{COURSE}/flags", who), status)


def test_list_flags_unknown_course_is_404(forum):
    assert_problem(forum.request("GET", "/courses/nope/flags", "teacher"), 404)
