"""/api/watchlist through NGINX on the real stack: every row of the watchlist table in API.md."""

from __future__ import annotations

import uuid

import pytest

from tests.accounts import new_account

WATCHLIST = "/api/watchlist"
JSON = "application/json"
PROBLEM = "application/problem+json"


def _ok(response, status):
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


class Cast:
    """An instructor's published course with videos, and two students."""

    def __init__(self, stack):
        self.stack = stack
        self.instructor = new_account(stack, "instructor")
        self.alice = new_account(stack)
        self.bob = new_account(stack)
        body = {
            "title": f"Watchlist course {uuid.uuid4().hex[:6]}",
            "description": "Videos to keep for later.",
            "category": "Testing",
            "published": True,
        }
        created = stack.request("POST", "/api/courses", json=body, headers=self.instructor.headers)
        self.course_id = _ok(created, 201)["course"]["id"]

    def video(self, title="Lesson") -> dict:
        """A new video of the course (created; its upload does not matter here)."""
        body = {
            "course_id": self.course_id,
            "title": title,
            "filename": "lesson.mp4",
            "content_type": "video/mp4",
            "size_bytes": 1024,
        }
        response = self.stack.request(
            "POST", "/api/videos", json=body, headers=self.instructor.headers
        )
        return _ok(response, 201)["video"]


@pytest.fixture(scope="module")
def cast(stack):
    return Cast(stack)


def _list(stack, account, **query):
    response = stack.get(WATCHLIST, params=query, headers=account.headers)
    assert response.headers["Content-Type"] == JSON
    return _ok(response, 200)


def test_put_item_is_201_then_200_with_item(stack, cast):
    video = cast.video("Intro to testing")
    first = stack.request("PUT", f"{WATCHLIST}/{video['id']}", headers=cast.alice.headers)
    item = _ok(first, 201)["item"]
    assert first.headers["Content-Type"] == JSON
    assert item["video_id"] == video["id"] and item["course_id"] == cast.course_id
    assert item["title"] == "Intro to testing" and item["added_at"].endswith("Z")
    again = stack.request("PUT", f"{WATCHLIST}/{video['id']}", headers=cast.alice.headers)
    assert _ok(again, 200)["item"] == item


def test_put_item_unknown_video_is_404(stack, cast):
    response = stack.request("PUT", f"{WATCHLIST}/{uuid.uuid4().hex}", headers=cast.alice.headers)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM


def test_get_item_is_200_when_listed_and_404_when_not(stack, cast):
    video = cast.video()
    path = f"{WATCHLIST}/{video['id']}"
    assert stack.get(path, headers=cast.alice.headers).status_code == 404
    stack.request("PUT", path, headers=cast.alice.headers)
    assert _ok(stack.get(path, headers=cast.alice.headers), 200)["item"]["video_id"] == video["id"]


def test_delete_item_is_204_every_time(stack, cast):
    video = cast.video()
    path = f"{WATCHLIST}/{video['id']}"
    stack.request("PUT", path, headers=cast.alice.headers)
    for _ in range(2):
        response = stack.request("DELETE", path, headers=cast.alice.headers)
        assert response.status_code == 204 and response.content == b""
    assert stack.get(path, headers=cast.alice.headers).status_code == 404


def test_list_items_newest_first_with_cursor(stack, cast):
    account = new_account(stack)
    videos = [cast.video(f"Part {n}") for n in range(3)]
    for video in videos:
        _ok(stack.request("PUT", f"{WATCHLIST}/{video['id']}", headers=account.headers), 201)
    seen, cursor = [], None
    while True:
        page = _list(stack, account, limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [item["video_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [v["id"] for v in reversed(videos)]


def test_deleted_video_drops_out_of_the_list(stack, cast):
    account = new_account(stack)
    kept, doomed = cast.video("Kept"), cast.video("Doomed")
    for video in (kept, doomed):
        stack.request("PUT", f"{WATCHLIST}/{video['id']}", headers=account.headers)
    removed = stack.request(
        "DELETE", f"/api/videos/{doomed['id']}", headers=cast.instructor.headers
    )
    assert removed.status_code == 204
    assert [i["video_id"] for i in _list(stack, account)["items"]] == [kept["id"]]
    assert stack.get(f"{WATCHLIST}/{doomed['id']}", headers=account.headers).status_code == 404


def test_another_user_never_reads_or_changes_my_watchlist(stack, cast):
    video = cast.video()
    path = f"{WATCHLIST}/{video['id']}"
    stack.request("PUT", path, headers=cast.alice.headers)
    assert video["id"] not in [i["video_id"] for i in _list(stack, cast.bob)["items"]]
    assert stack.get(path, headers=cast.bob.headers).status_code == 404
    assert stack.request("DELETE", path, headers=cast.bob.headers).status_code == 204
    assert stack.get(path, headers=cast.alice.headers).status_code == 200


def test_another_users_cursor_is_400(stack, cast):
    account = new_account(stack)
    for video in (cast.video(), cast.video()):
        stack.request("PUT", f"{WATCHLIST}/{video['id']}", headers=account.headers)
    cursor = _list(stack, account, limit=1)["next_cursor"]
    response = stack.get(WATCHLIST, params={"cursor": cursor}, headers=cast.bob.headers)
    assert response.status_code == 400 and "cursor" in response.json()["errors"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("PUT", f"/{'a' * 32}"), ("GET", f"/{'a' * 32}"), ("DELETE", f"/{'a' * 32}")],
)
def test_every_route_needs_a_token(stack, method, path):
    response = stack.request(method, WATCHLIST + path)
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
