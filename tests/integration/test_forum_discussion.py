"""/api/forum second round through NGINX: Markdown, votes, answers, If-Match, video threads,
moderation queue, and the account lifecycle (export file, "Deleted user")."""

from __future__ import annotations

import io
import json
import re
import time
import uuid
import zipfile

import pytest

from tests.accounts import auth_call, new_account

FORUM = "/api/forum"
XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(2)</script></svg>",
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](javascript:alert(1))",
    "**[a](<javascript:alert(1)>)**",
    "> [b](JAVASCRIPT:alert(1))",
]


def _ok(response, status):
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


class Cast:
    """A published course with one video, its owner, two enrolled students and an admin."""

    def __init__(self, stack):
        self.stack = stack
        self.owner = new_account(stack, "instructor", display_name="Prof. Markdown")
        self.alice = new_account(stack, display_name="Alice Writer")
        self.bob = new_account(stack, display_name="Bob Reader")
        self.admin = new_account(stack, "admin")
        body = {"title": f"Discussion {uuid.uuid4().hex[:6]}", "description": "d",
                "category": "Testing", "published": True}  # fmt: skip
        created = stack.request("POST", "/api/courses", json=body, headers=self.owner.headers)
        self.course_id = _ok(created, 201)["course"]["id"]
        video = {"course_id": self.course_id, "title": "Lecture one", "filename": "l.mp4",
                 "content_type": "video/mp4", "size_bytes": 1024}  # fmt: skip
        made = stack.request("POST", "/api/videos", json=video, headers=self.owner.headers)
        self.video_id = _ok(made, 201)["video"]["id"]
        for account in (self.alice, self.bob):
            self.enrol(account)

    def enrol(self, account):
        """Enrol `account` in the course."""
        response = self.stack.request(
            "PUT", f"/api/courses/{self.course_id}/enrollment", headers=account.headers
        )
        assert response.status_code in (200, 201), response.text

    def call(self, method, path, account, **kwargs):
        """A forum request as `account`."""
        return self.stack.request(method, FORUM + path, headers=account.headers, **kwargs)

    def thread(self, account=None, **fields) -> dict:
        """Start a thread; return it."""
        body = {"title": "A question", "body": "How?", **fields}
        path = f"/courses/{self.course_id}/threads"
        return _ok(self.call("POST", path, account or self.alice, json=body), 201)["thread"]

    def reply(self, thread, account=None, body="Like this.") -> dict:
        """Reply in a thread; return the reply."""
        path = f"/threads/{thread['id']}/replies"
        return _ok(self.call("POST", path, account or self.bob, json={"body": body}), 201)["reply"]


@pytest.fixture(scope="module")
def cast(stack):
    return Cast(stack)


def test_markdown_is_rendered_and_sanitised_on_write(cast):
    body = "**bold** and `code`\n\n```\n<b>x</b>\n```\n\n[docs](https://docs.example)"
    thread = cast.thread(body=body)
    assert thread["body"] == body
    html = thread["body_html"]
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert '<a href="https://docs.example" rel="nofollow noopener">docs</a>' in html


def test_xss_payloads_come_back_inert(cast):
    thread = cast.thread(body="\n\n".join(XSS))
    replies = [cast.reply(thread, cast.bob, payload) for payload in XSS[:4]]
    for html in [thread["body_html"], *(r["body_html"] for r in replies)]:
        lowered = html.lower()
        assert "<script" not in lowered and "<img" not in lowered and "<svg" not in lowered
        assert not re.search(r"<[a-z][^>]*\son\w+\s*=", lowered), html  # no handler in a tag
        assert 'href="javascript' not in lowered and 'href="data' not in lowered


def test_votes_one_per_user_and_shown_as_my_vote(cast):
    thread = cast.thread()
    path = f"/threads/{thread['id']}/vote"
    assert _ok(cast.call("PUT", path, cast.bob, json={"value": 1}), 200) == {
        "score": 1,
        "my_vote": 1,
    }
    assert _ok(cast.call("PUT", path, cast.bob, json={"value": 1}), 200)["score"] == 1
    assert _ok(cast.call("PUT", path, cast.owner, json={"value": 1}), 200)["score"] == 2
    shown = _ok(cast.call("GET", f"/threads/{thread['id']}", cast.bob), 200)["thread"]
    assert (shown["score"], shown["my_vote"]) == (2, 1)
    assert _ok(cast.call("DELETE", path, cast.bob), 200) == {"score": 1, "my_vote": 0}
    bad = cast.call("PUT", path, cast.bob, json={"value": -1})
    assert bad.status_code == 422 and "value" in bad.json()["errors"]


def test_author_marks_answer_and_the_filter_follows(cast):
    thread = cast.thread(title=f"Answered {uuid.uuid4().hex[:4]}")
    reply = cast.reply(thread)
    denied = cast.call("PATCH", f"/threads/{thread['id']}", cast.bob,
                       json={"answer_reply_id": reply["id"]})  # fmt: skip
    assert denied.status_code == 403
    marked = cast.call("PATCH", f"/threads/{thread['id']}", cast.alice,
                       json={"answer_reply_id": reply["id"]})  # fmt: skip
    assert _ok(marked, 200)["thread"]["answer_reply_id"] == reply["id"]
    listing = f"/courses/{cast.course_id}/threads"
    answered = _ok(cast.call("GET", listing, cast.bob, params={"answered": "true"}), 200)
    open_ = _ok(cast.call("GET", listing, cast.bob, params={"answered": "false"}), 200)
    assert thread["id"] in {t["id"] for t in answered["items"]}
    assert thread["id"] not in {t["id"] for t in open_["items"]}
    assert all(t["answer_reply_id"] for t in answered["items"])
    answer = _ok(cast.call("GET", f"/replies/{reply['id']}", cast.bob), 200)["reply"]
    assert answer["id"] == reply["id"]


def test_stale_edit_is_412_with_if_match(cast):
    thread = cast.thread()
    got = cast.call("GET", f"/threads/{thread['id']}", cast.alice)
    etag = got.headers["ETag"]
    headers = {**cast.alice.headers, "If-Match": etag}
    path = f"{FORUM}/threads/{thread['id']}"
    first = cast.stack.request("PATCH", path, json={"body": "one"}, headers=headers)
    assert first.status_code == 200 and first.headers["ETag"] != etag
    stale = cast.stack.request("PATCH", path, json={"body": "two"}, headers=headers)
    assert stale.status_code == 412
    assert stale.headers["Content-Type"] == "application/problem+json"
    reply = cast.reply(thread, cast.alice)
    reply_path = f"{FORUM}/replies/{reply['id']}"
    ok = cast.stack.request("PATCH", reply_path, json={"body": "r1"},
                            headers={**cast.alice.headers, "If-Match": '"1"'})  # fmt: skip
    assert ok.status_code == 200 and ok.json()["reply"]["version"] == 2
    stale_reply = cast.stack.request("PATCH", reply_path, json={"body": "r2"},
                                     headers={**cast.alice.headers, "If-Match": '"1"'})  # fmt: skip
    assert stale_reply.status_code == 412


def test_thread_about_a_video_links_its_timestamps(cast):
    thread = cast.thread(cast.owner, body="Watch [1:30] closely", video_id=cast.video_id)
    assert thread["video_id"] == cast.video_id and thread["video_title"] == "Lecture one"
    assert f'href="/watch.html?id={cast.video_id}&amp;t=90"' in thread["body_html"]
    reply = cast.reply(thread, cast.bob, "and [0:05]")
    assert "t=5" in reply["body_html"]
    wrong = cast.call("POST", f"/courses/{cast.course_id}/threads", cast.owner,
                      json={"title": "t", "body": "b", "video_id": uuid.uuid4().hex})  # fmt: skip
    assert wrong.status_code == 422 and "video_id" in wrong.json()["errors"]


def test_preview_answers_the_stored_rendering(cast):
    preview = _ok(cast.call("POST", "/preview", cast.bob, json={"body": "_hi_"}), 200)
    assert preview == {"body_html": "<p><em>hi</em></p>"}


def test_flags_with_category_then_dismissed_or_deleted_leave_the_queue(cast):
    kept, deleted = cast.thread(cast.bob), cast.thread(cast.bob)
    for thread in (kept, deleted):
        _ok(cast.call("POST", f"/threads/{thread['id']}/flags", cast.alice,
                      json={"category": "spam"}), 201)  # fmt: skip
    queue = f"/courses/{cast.course_id}/flags"
    items = _ok(cast.call("GET", queue, cast.owner), 200)["items"]
    assert {kept["id"], deleted["id"]} <= {i["post_id"] for i in items}
    assert cast.call("DELETE", f"/flags/{kept['id']}", cast.alice).status_code == 403
    assert cast.call("DELETE", f"/flags/{kept['id']}", cast.owner).status_code == 204
    assert cast.call("DELETE", f"/threads/{deleted['id']}", cast.admin).status_code == 204
    left = {i["post_id"] for i in _ok(cast.call("GET", queue, cast.owner), 200)["items"]}
    assert kept["id"] not in left and deleted["id"] not in left


def test_posts_carry_role_badges(cast):
    thread = cast.thread(cast.owner)
    assert thread["author_role"] == "instructor"
    assert cast.reply(thread, cast.admin)["author_role"] == "moderator"
    assert cast.reply(thread, cast.bob)["author_role"] is None


def test_export_has_forum_json_and_deletion_shows_deleted_user(stack, cast):
    leaver = new_account(stack, display_name="Leaving Lena")
    cast.enrol(leaver)
    thread = cast.thread(leaver, title="Lena asks", body="my question")
    reply = cast.reply(thread, leaver, "my own reply")
    export = stack.get("/api/auth/me/export", headers=leaver.headers)
    assert export.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    forum = json.loads(archive.read("forum.json"))["data"]
    assert [t["id"] for t in forum["threads"]] == [thread["id"]]
    assert [r["id"] for r in forum["replies"]] == [reply["id"]]
    gone = auth_call(stack, "DELETE", "/api/auth/me", json={"password": leaver.password},
                     headers=leaver.headers)  # fmt: skip
    assert gone.status_code == 202
    deadline = time.monotonic() + 60
    while True:
        shown = _ok(cast.call("GET", f"/threads/{thread['id']}", cast.bob), 200)["thread"]
        if shown["author_name"] == "Deleted user":
            break
        assert time.monotonic() < deadline, "the forum still names the deleted user"
        time.sleep(1)
    assert shown["author_deleted"] is True and leaver.id not in json.dumps(shown)
    assert shown["body"] == "my question"
    replies = _ok(cast.call("GET", f"/threads/{thread['id']}/replies", cast.bob), 200)["items"]
    assert replies[0]["author_name"] == "Deleted user" and leaver.id not in json.dumps(replies)
