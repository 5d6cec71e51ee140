"""/api/forum through NGINX on the real stack: every row of the forum table in API.md."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.accounts import new_account

FORUM = "/api/forum"
JSON = "application/json"
PROBLEM = "application/problem+json"


def _ok(response, status):
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


class Cast:
    """A published course: its owner, two enrolled students, a stranger and an admin.

    Posting is rate limited (10 posts a minute per user): tests spread their posts over
    accounts so that none of them posts more than 10 times in this module.
    """

    def __init__(self, stack):
        self.stack = stack
        self.owner = new_account(stack, "instructor", display_name="Prof. Owner")
        self.alice = new_account(stack, display_name="Alice Student")
        self.bob = new_account(stack, display_name="Bob Student")
        self.stranger = new_account(stack)
        self.admin = new_account(stack, "admin")
        body = {
            "title": f"Forum course {uuid.uuid4().hex[:6]}",
            "description": "Talk about it.",
            "category": "Testing",
            "published": True,
        }
        created = stack.request("POST", "/api/courses", json=body, headers=self.owner.headers)
        self.course_id = _ok(created, 201)["course"]["id"]
        for account in (self.alice, self.bob):
            self.enrol(account)

    def enrol(self, account):
        """Enrol `account` in the course."""
        response = self.stack.request(
            "PUT", f"/api/courses/{self.course_id}/enrollment", headers=account.headers
        )
        assert response.status_code in (200, 201), response.text

    def thread(self, account=None, title="A question", body="How does it work?") -> dict:
        """Start a thread; return it."""
        response = self.stack.request(
            "POST",
            f"{FORUM}/courses/{self.course_id}/threads",
            json={"title": title, "body": body},
            headers=(account or self.alice).headers,
        )
        return _ok(response, 201)["thread"]

    def reply(self, thread, account=None, body="Like this.") -> dict:
        """Reply in a thread; return the reply."""
        response = self.stack.request(
            "POST",
            f"{FORUM}/threads/{thread['id']}/replies",
            json={"body": body},
            headers=(account or self.bob).headers,
        )
        return _ok(response, 201)["reply"]


@pytest.fixture(scope="module")
def cast(stack):
    return Cast(stack)


def test_create_and_get_thread_with_author_name_from_profile(stack, cast):
    response = stack.request(
        "POST",
        f"{FORUM}/courses/{cast.course_id}/threads",
        json={"title": "Hello", "body": "<b>plain</b> text"},
        headers=cast.alice.headers,
    )
    assert response.headers["Content-Type"] == JSON
    thread = _ok(response, 201)["thread"]
    assert thread["author_id"] == cast.alice.id and thread["author_name"] == "Alice Student"
    assert thread["body"] == "<b>plain</b> text" and thread["reply_count"] == 0
    got = _ok(stack.get(f"{FORUM}/threads/{thread['id']}", headers=cast.owner.headers), 200)
    # `following` is the reader's own: the author follows, the owner reading does not
    assert (thread["following"], got["thread"]["following"]) == (True, False)
    assert {**got["thread"], "following": True} == thread


def test_forum_of_a_course_not_enrolled_is_403(stack, cast):
    thread = cast.thread(cast.bob)
    for method, path, body in (
        ("GET", f"/courses/{cast.course_id}/threads", None),
        ("POST", f"/courses/{cast.course_id}/threads", {"title": "t", "body": "b"}),
        ("GET", f"/threads/{thread['id']}", None),
        ("GET", f"/threads/{thread['id']}/replies", None),
        ("POST", f"/threads/{thread['id']}/replies", {"body": "b"}),
    ):
        response = stack.request(method, FORUM + path, json=body, headers=cast.stranger.headers)
        assert response.status_code == 403, (method, path, response.text)
        assert response.headers["Content-Type"] == PROBLEM


def test_forum_of_an_unknown_course_is_404(stack, cast):
    response = stack.get(f"{FORUM}/courses/{uuid.uuid4()}/threads", headers=cast.alice.headers)
    assert response.status_code == 404


def test_list_threads_pinned_first_then_newest_activity_with_cursor(stack, cast):
    account = new_account(stack)
    cast.enrol(account)
    course = {
        "title": f"Ordering {uuid.uuid4().hex[:6]}",
        "description": "d",
        "category": "Testing",
        "published": True,
    }
    course_id = _ok(
        stack.request("POST", "/api/courses", json=course, headers=cast.owner.headers), 201
    )["course"]["id"]
    stack.request("PUT", f"/api/courses/{course_id}/enrollment", headers=account.headers)
    made = []
    for title in ("old", "pinned", "busy", "new"):
        response = stack.request(
            "POST",
            f"{FORUM}/courses/{course_id}/threads",
            json={"title": title, "body": "b"},
            headers=account.headers,
        )
        made.append(_ok(response, 201)["thread"])
    old, pinned, busy, _new = made
    _ok(
        stack.request(
            "PATCH",
            f"{FORUM}/threads/{pinned['id']}",
            json={"pinned": True},
            headers=cast.owner.headers,
        ),
        200,
    )
    cast.reply(busy, account)
    titles, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = _ok(
            stack.get(
                f"{FORUM}/courses/{course_id}/threads", params=params, headers=account.headers
            ),
            200,
        )
        titles += [t["title"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert titles == ["pinned", "busy", "new", "old"]
    assert old["id"] in {t["id"] for t in made}


def test_author_edits_but_another_student_cannot(stack, cast):
    thread = cast.thread()
    path = f"{FORUM}/threads/{thread['id']}"
    denied = stack.request("PATCH", path, json={"body": "hijacked"}, headers=cast.bob.headers)
    assert denied.status_code == 403
    edited = _ok(
        stack.request("PATCH", path, json={"body": "better"}, headers=cast.alice.headers), 200
    )
    assert edited["thread"]["body"] == "better" and edited["thread"]["edited_at"]
    reply = cast.reply(thread)
    reply_path = f"{FORUM}/replies/{reply['id']}"
    assert (
        stack.request(
            "PATCH", reply_path, json={"body": "x"}, headers=cast.alice.headers
        ).status_code
        == 403
    )
    fixed = _ok(
        stack.request("PATCH", reply_path, json={"body": "fixed"}, headers=cast.bob.headers), 200
    )
    assert fixed["reply"]["body"] == "fixed" and fixed["reply"]["edited_at"]


def test_student_pinning_is_403_moderators_pin_and_lock(stack, cast):
    thread = cast.thread()
    path = f"{FORUM}/threads/{thread['id']}"
    assert (
        stack.request("PATCH", path, json={"pinned": True}, headers=cast.alice.headers).status_code
        == 403
    )
    for moderator in (cast.owner, cast.admin):
        moderated = _ok(
            stack.request(
                "PATCH", path, json={"pinned": True, "locked": True}, headers=moderator.headers
            ),
            200,
        )["thread"]
        assert moderated["pinned"] is True and moderated["locked"] is True


def test_locked_thread_refuses_replies(stack, cast):
    thread = cast.thread()
    path = f"{FORUM}/threads/{thread['id']}"
    _ok(stack.request("PATCH", path, json={"locked": True}, headers=cast.owner.headers), 200)
    refused = stack.request(
        "POST", f"{path}/replies", json={"body": "hi"}, headers=cast.bob.headers
    )
    assert refused.status_code == 403 and refused.headers["Content-Type"] == PROBLEM
    assert _ok(stack.get(path, headers=cast.bob.headers), 200)["thread"]["reply_count"] == 0


def test_deleted_posts_keep_their_place_and_replies(stack, cast):
    thread = cast.thread(body="to be removed")
    first, second = cast.reply(thread, body="first"), cast.reply(thread, cast.alice, body="second")
    assert (
        stack.request(
            "DELETE", f"{FORUM}/replies/{first['id']}", headers=cast.owner.headers
        ).status_code
        == 204
    )
    assert (
        stack.request(
            "DELETE", f"{FORUM}/threads/{thread['id']}", headers=cast.alice.headers
        ).status_code
        == 204
    )
    shown = _ok(stack.get(f"{FORUM}/threads/{thread['id']}", headers=cast.bob.headers), 200)[
        "thread"
    ]
    assert shown["deleted"] is True and shown["body"] == "" and shown["reply_count"] == 2
    replies = _ok(
        stack.get(f"{FORUM}/threads/{thread['id']}/replies", headers=cast.bob.headers), 200
    )["items"]
    assert [(r["id"], r["deleted"], r["body"]) for r in replies] == [
        (first["id"], True, ""),
        (second["id"], False, "second"),
    ]


def test_another_student_cannot_delete_my_posts(stack, cast):
    thread = cast.thread()
    reply = cast.reply(thread, cast.alice)
    assert (
        stack.request(
            "DELETE", f"{FORUM}/threads/{thread['id']}", headers=cast.bob.headers
        ).status_code
        == 403
    )
    assert (
        stack.request(
            "DELETE", f"{FORUM}/replies/{reply['id']}", headers=cast.bob.headers
        ).status_code
        == 403
    )


def test_flags_once_per_user_and_only_moderators_list_them(stack, cast):
    thread = cast.thread(cast.owner, title="Spammy")
    reply = cast.reply(thread)
    flag_path = f"{FORUM}/threads/{thread['id']}/flags"
    created = stack.request("POST", flag_path, json={"reason": "spam"}, headers=cast.bob.headers)
    assert _ok(created, 201)["flag"]["post_id"] == thread["id"]
    assert (
        stack.request("POST", flag_path, json={"reason": "x"}, headers=cast.bob.headers).status_code
        == 409
    )
    reply_flag = f"{FORUM}/replies/{reply['id']}/flags"
    assert (
        stack.request(
            "POST", reply_flag, json={"reason": "rude"}, headers=cast.alice.headers
        ).status_code
        == 201
    )
    list_path = f"{FORUM}/courses/{cast.course_id}/flags"
    for account in (cast.alice, cast.stranger):
        assert stack.get(list_path, headers=account.headers).status_code == 403
    flagged = _ok(stack.get(list_path, headers=cast.owner.headers), 200)["items"]
    assert [(f["post_type"], f["post_id"]) for f in flagged[:2]] == [
        ("reply", reply["id"]),
        ("thread", thread["id"]),
    ]
    assert flagged[1]["post"]["title"] == "Spammy" and flagged[1]["flag_count"] == 1


def test_twenty_concurrent_replies_count_exactly_twenty(stack, cast):
    repliers = [new_account(stack) for _ in range(4)]
    for account in repliers:
        cast.enrol(account)
    thread = cast.thread(repliers[0])

    def post(n):
        account = repliers[n % len(repliers)]
        return stack.request(
            "POST",
            f"{FORUM}/threads/{thread['id']}/replies",
            json={"body": f"reply {n}"},
            headers=account.headers,
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = list(pool.map(post, range(20)))
    assert codes == [201] * 20
    shown = _ok(stack.get(f"{FORUM}/threads/{thread['id']}", headers=cast.alice.headers), 200)
    assert shown["thread"]["reply_count"] == 20
    replies = _ok(
        stack.get(f"{FORUM}/threads/{thread['id']}/replies?limit=100", headers=cast.alice.headers),
        200,
    )["items"]
    assert sorted(r["body"] for r in replies) == sorted(f"reply {n}" for n in range(20))


def test_posting_too_fast_is_429_with_retry_after(stack, cast):
    account = new_account(stack)
    cast.enrol(account)
    thread = cast.thread(account)
    codes, retry_after = [], None
    for n in range(25):  # at most one minute boundary: one minute sees > 10 attempts
        response = stack.request(
            "POST",
            f"{FORUM}/threads/{thread['id']}/replies",
            json={"body": f"quick {n}"},
            headers=account.headers,
        )
        codes.append(response.status_code)
        if response.status_code == 429:
            retry_after = response.headers["Retry-After"]
            assert response.headers["Content-Type"] == PROBLEM
            break
    assert codes[-1] == 429 and set(codes[:-1]) == {201}
    assert 1 <= int(retry_after) <= 60


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/courses/{uuid.uuid4()}/threads"),
        ("POST", f"/threads/{'a' * 32}/replies"),
        ("PATCH", f"/replies/{'a' * 32}"),
        ("GET", f"/courses/{uuid.uuid4()}/flags"),
    ],
)
def test_every_route_needs_a_token(stack, method, path):
    response = stack.request(method, FORUM + path, json={})
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
