"""Flag categories, dismissing flags, and deleted posts leaving the moderators' queue."""

import pytest
from service_kit.testing import assert_problem

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"


def _queue(forum, who="teacher"):
    return forum.page(f"/courses/{COURSE}/flags", who)["items"]


def test_flag_with_a_preset_category_needs_no_reason(forum):
    thread = forum.thread()
    response = forum.request(
        "POST", f"/threads/{thread['id']}/flags", "bob", json={"category": "spam"}
    )
    assert response.status_code == 201
    assert response.get_json()["flag"]["category"] == "spam"
    [item] = _queue(forum)
    assert item["last_category"] == "spam" and item["last_reason"] == "Spam or advertising"


@pytest.mark.parametrize("body", [{"category": "rude"}, {"category": "other"}, {"category": 3}])
def test_flag_unknown_category_or_other_without_reason_is_422(forum, body):
    thread = forum.thread()
    response = forum.request("POST", f"/threads/{thread['id']}/flags", "bob", json=body)
    errors = assert_problem(response, 422)["errors"]
    assert "category" in errors or "reason" in errors


def test_dismiss_takes_the_post_out_of_the_queue_until_flagged_again(forum):
    thread = forum.thread()
    forum.request("POST", f"/threads/{thread['id']}/flags", "bob", json={"category": "off_topic"})
    assert_problem(forum.request("DELETE", f"/flags/{thread['id']}", "alice"), 403)
    assert forum.request("DELETE", f"/flags/{thread['id']}", "teacher").status_code == 204
    assert _queue(forum) == []
    assert_problem(forum.request("DELETE", f"/flags/{thread['id']}", "root"), 404)
    again = forum.request("POST", f"/threads/{thread['id']}/flags", "teacher", json={"reason": "x"})
    assert again.status_code == 201
    assert [i["flag_count"] for i in _queue(forum)] == [1]


@pytest.mark.parametrize("kind", ["thread", "reply"])
def test_deleted_posts_leave_the_queue(forum, kind):
    thread = forum.thread()
    post = thread if kind == "thread" else forum.reply(thread["id"])
    path = f"/threads/{post['id']}" if kind == "thread" else f"/replies/{post['id']}"
    forum.request("POST", f"{path}/flags", "teacher", json={"category": "inappropriate"})
    assert len(_queue(forum)) == 1
    assert forum.request("DELETE", path, "root").status_code == 204
    assert _queue(forum) == []
