"""Votes, answers, If-Match on edits, the answered filter, video threads and previews."""

import pytest
from service_kit.testing import assert_problem

COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"
VIDEO = "0123456789abcdef0123456789abcdef"


def _vote(forum, method, path, who):
    body = {"value": 1} if method == "PUT" else None
    return forum.request(method, f"{path}/vote", who, json=body)


@pytest.mark.parametrize("kind", ["thread", "reply"])
def test_vote_counts_once_per_user_and_is_idempotent(forum, kind):
    thread = forum.thread()
    post = thread if kind == "thread" else forum.reply(thread["id"])
    path = f"/{kind}s/{post['id']}".replace("replys", "replies")
    first = _vote(forum, "PUT", path, "bob")
    assert first.status_code == 200 and first.get_json() == {"score": 1, "my_vote": 1}
    assert _vote(forum, "PUT", path, "bob").get_json() == {"score": 1, "my_vote": 1}
    assert _vote(forum, "PUT", path, "teacher").get_json() == {"score": 2, "my_vote": 1}
    assert _vote(forum, "DELETE", path, "bob").get_json() == {"score": 1, "my_vote": 0}
    assert _vote(forum, "DELETE", path, "bob").get_json() == {"score": 1, "my_vote": 0}


def test_votes_show_as_score_and_my_vote_in_lists(forum):
    thread = forum.thread()
    reply = forum.reply(thread["id"])
    _vote(forum, "PUT", f"/threads/{thread['id']}", "bob")
    _vote(forum, "PUT", f"/replies/{reply['id']}", "alice")
    as_bob = forum.page(f"/courses/{COURSE}/threads", "bob")["items"][0]
    as_alice = forum.page(f"/courses/{COURSE}/threads", "alice")["items"][0]
    assert (as_bob["score"], as_bob["my_vote"]) == (1, 1)
    assert (as_alice["score"], as_alice["my_vote"]) == (1, 0)
    replies = forum.page(f"/threads/{thread['id']}/replies", "alice")["items"]
    assert (replies[0]["score"], replies[0]["my_vote"]) == (1, 1)


@pytest.mark.parametrize("value", [0, -1, 2, "1", True, None])
def test_vote_other_values_are_422_naming_value(forum, value):
    thread = forum.thread()
    response = forum.request("PUT", f"/threads/{thread['id']}/vote", "bob", json={"value": value})
    assert "value" in assert_problem(response, 422)["errors"]


def test_vote_by_a_stranger_is_403(forum):
    thread = forum.thread()
    assert_problem(_vote(forum, "PUT", f"/threads/{thread['id']}", "stranger"), 403)


@pytest.mark.parametrize("who", ["alice", "teacher", "root"])
def test_author_and_moderators_mark_the_answer(forum, who):
    thread = forum.thread("alice")
    reply = forum.reply(thread["id"], "bob")
    response = forum.request(
        "PATCH", f"/threads/{thread['id']}", who, json={"answer_reply_id": reply["id"]}
    )
    assert response.status_code == 200
    assert response.get_json()["thread"]["answer_reply_id"] == reply["id"]
    cleared = forum.request(
        "PATCH", f"/threads/{thread['id']}", who, json={"answer_reply_id": None}
    )
    assert cleared.get_json()["thread"]["answer_reply_id"] is None


def test_another_student_cannot_mark_the_answer(forum):
    thread = forum.thread("alice")
    reply = forum.reply(thread["id"], "bob")
    response = forum.request(
        "PATCH", f"/threads/{thread['id']}", "bob", json={"answer_reply_id": reply["id"]}
    )
    assert_problem(response, 403)


def test_answer_must_be_a_live_reply_of_the_thread(forum):
    thread, other = forum.thread(), forum.thread()
    elsewhere = forum.reply(other["id"])
    deleted = forum.reply(thread["id"])
    forum.request("DELETE", f"/replies/{deleted['id']}", "bob")
    for reply_id in (elsewhere["id"], deleted["id"], "0" * 32):
        response = forum.request(
            "PATCH", f"/threads/{thread['id']}", "alice", json={"answer_reply_id": reply_id}
        )
        assert "answer_reply_id" in assert_problem(response, 422)["errors"]


def test_deleting_the_answer_unmarks_it(forum):
    thread = forum.thread()
    reply = forum.reply(thread["id"])
    forum.request(
        "PATCH", f"/threads/{thread['id']}", "alice", json={"answer_reply_id": reply["id"]}
    )
    forum.request("DELETE", f"/replies/{reply['id']}", "bob")
    assert forum.get_thread(thread["id"])["answer_reply_id"] is None
    open_ids = [
        t["id"] for t in forum.page(f"/courses/{COURSE}/threads", answered="false")["items"]
    ]
    assert thread["id"] in open_ids


def test_answered_filter_lists_each_state_in_activity_order(forum):
    first, second, third = forum.thread(title="1"), forum.thread(title="2"), forum.thread(title="3")
    reply = forum.reply(first["id"])
    forum.request(
        "PATCH", f"/threads/{first['id']}", "alice", json={"answer_reply_id": reply["id"]}
    )
    path = f"/courses/{COURSE}/threads"
    assert [t["title"] for t in forum.page(path, answered="true")["items"]] == ["1"]
    unanswered = forum.page(path, answered="false", limit=1)
    assert [t["title"] for t in unanswered["items"]] == ["3"]
    rest = forum.page(path, answered="false", limit=5, cursor=unanswered["next_cursor"])
    assert [t["title"] for t in rest["items"]] == ["2"]
    assert [t["title"] for t in forum.page(path)["items"]] == ["1", "3", "2"]
    assert second["id"] != third["id"]


def test_a_cursor_of_one_filter_is_400_in_another(forum):
    for _ in range(3):
        forum.thread()
    path = f"/courses/{COURSE}/threads"
    cursor = forum.page(path, limit=1)["next_cursor"]
    response = forum.request(
        "GET", path, "alice", query_string={"answered": "false", "cursor": cursor}
    )
    assert_problem(response, 400)


def test_thread_get_has_its_version_as_etag(forum):
    thread = forum.thread()
    response = forum.request("GET", f"/threads/{thread['id']}", "alice")
    assert response.headers["ETag"] == '"1"' and response.get_json()["thread"]["version"] == 1


@pytest.mark.parametrize("kind", ["thread", "reply"])
def test_stale_if_match_edit_is_412_and_changes_nothing(forum, kind):
    thread = forum.thread("alice")
    post = thread if kind == "thread" else forum.reply(thread["id"], "alice")
    path = f"/{kind}s/{post['id']}".replace("replys", "replies")
    headers = {**forum.headers["alice"], "If-Match": '"1"'}
    first = forum.client.patch("/api/forum" + path, json={"body": "first edit"}, headers=headers)
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    assert first.get_json()[kind]["version"] == 2
    stale = forum.client.patch("/api/forum" + path, json={"body": "overwrite"}, headers=headers)
    assert_problem(stale, 412)
    current = forum.client.get("/api/forum" + path, headers=forum.headers["alice"]).get_json()
    assert current[kind]["body"] == "first edit"


@pytest.mark.parametrize("header", ["abc", '"x1"', "1 2"])
def test_malformed_if_match_is_400_naming_it(forum, header):
    thread = forum.thread()
    headers = {**forum.headers["alice"], "If-Match": header}
    response = forum.client.patch(
        f"/api/forum/threads/{thread['id']}", json={"body": "x"}, headers=headers
    )
    assert "If-Match" in assert_problem(response, 400)["errors"]


def test_weak_if_match_is_412_and_star_matches(forum):
    thread = forum.thread()
    path = f"/api/forum/threads/{thread['id']}"
    weak = {**forum.headers["alice"], "If-Match": 'W/"1"'}
    assert_problem(forum.client.patch(path, json={"body": "x"}, headers=weak), 412)
    star = {**forum.headers["alice"], "If-Match": "*"}
    assert forum.client.patch(path, json={"body": "y"}, headers=star).status_code == 200


def test_pin_does_not_change_the_version(forum):
    thread = forum.thread()
    forum.request("PATCH", f"/threads/{thread['id']}", "teacher", json={"pinned": True})
    forum.reply(thread["id"])
    headers = {**forum.headers["alice"], "If-Match": '"1"'}
    edited = forum.client.patch(
        f"/api/forum/threads/{thread['id']}", json={"title": "T"}, headers=headers
    )
    assert edited.status_code == 200


def test_body_html_is_rendered_on_create_and_edit(forum):
    thread = forum.thread(body="**bold** <script>x</script>")
    assert thread["body_html"] == "<p><strong>bold</strong> &lt;script&gt;x&lt;/script&gt;</p>"
    reply = forum.reply(thread["id"], body="[link](javascript:alert(1))")
    assert "<a" not in reply["body_html"]
    edited = forum.request("PATCH", f"/replies/{reply['id']}", "bob", json={"body": "_now_"})
    assert edited.get_json()["reply"]["body_html"] == "<p><em>now</em></p>"


def test_thread_about_a_video_links_timestamps(forum, platform):
    platform.videos[VIDEO] = {"id": VIDEO, "course_id": COURSE, "title": "Lecture 1"}
    response = forum.request(
        "POST", f"/courses/{COURSE}/threads", "alice",
        json={"title": "At 1:02", "body": "What happens at [1:02]?", "video_id": VIDEO},
    )  # fmt: skip
    thread = response.get_json()["thread"]
    assert thread["video_id"] == VIDEO and thread["video_title"] == "Lecture 1"
    assert f'href="/watch.html?id={VIDEO}&amp;t=62"' in thread["body_html"]
    reply = forum.reply(thread["id"], body="Look at [0:10]")
    assert "t=10" in reply["body_html"]


@pytest.mark.parametrize("video", ["0" * 32, "not-an-id", "other-course"])
def test_thread_about_a_video_of_another_course_is_422(forum, platform, video):
    platform.videos["other-course"] = {"id": "x", "course_id": "elsewhere", "title": "t"}
    response = forum.request(
        "POST", f"/courses/{COURSE}/threads", "alice",
        json={"title": "t", "body": "b", "video_id": video},
    )  # fmt: skip
    assert "video_id" in assert_problem(response, 422)["errors"]


def test_preview_renders_like_a_post(forum):
    response = forum.request(
        "POST", "/preview", "alice", json={"body": "# Hi\n\n[0:05]", "video_id": VIDEO}
    )
    html = response.get_json()["body_html"]
    assert html.startswith("<h1>Hi</h1>") and "t=5" in html


def test_posts_show_author_role_and_avatar(forum, platform, tokens):
    teacher = "7eac7e50000000000000000000000001"  # avatars are looked up for real ids only
    course = "c0ffee00c0ffee00c0ffee00c0ffee09"
    platform.course(course, owner=teacher, enrolled={"bob"})
    platform.names[teacher] = "Prof. Id"
    platform.avatars[teacher] = "http://s3.test/avatar.webp"
    forum.headers[teacher] = tokens.headers(teacher, role="instructor")
    thread = forum.thread(teacher, course=course)
    assert thread["author_role"] == "instructor"
    assert thread["author_avatar_url"] == "http://s3.test/avatar.webp"
    assert forum.page(f"/courses/{course}/threads", "bob")["items"][0]["author_avatar_url"]
    thread = forum.thread("teacher")
    assert thread["author_role"] == "instructor"
    assert forum.reply(thread["id"], "root")["author_role"] == "moderator"
    assert forum.reply(thread["id"], "bob")["author_role"] is None


def test_get_reply_shows_one_reply(forum):
    thread = forum.thread()
    reply = forum.reply(thread["id"])
    response = forum.request("GET", f"/replies/{reply['id']}", "alice")
    assert response.status_code == 200 and response.get_json()["reply"]["id"] == reply["id"]
    assert "course_id" not in response.get_json()["reply"]
    assert_problem(forum.request("GET", f"/replies/{reply['id']}", "stranger"), 403)
