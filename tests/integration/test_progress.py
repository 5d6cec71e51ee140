"""/api/progress through NGINX on the real stack: every row of the progress table in API.md."""

from __future__ import annotations

import time
import uuid

import pytest
import requests

from tests.accounts import new_account
from tests.media import make_video

PROGRESS = "/api/progress"
JSON = "application/json"
PROBLEM = "application/problem+json"
READY_TIMEOUT_S = 240


def _ok(response, status):
    assert response.status_code == status, (response.status_code, response.text[:500])
    return response.json() if response.content else None


class Cast:
    """A published course with one ready and one still-uploading video; who may watch it."""

    def __init__(self, stack, folder):
        self.stack = stack
        self.instructor = new_account(stack, "instructor")
        self.alice = new_account(stack)
        self.bob = new_account(stack)
        self.stranger = new_account(stack)
        body = {
            "title": f"Progress course {uuid.uuid4().hex[:6]}",
            "description": "Watch it all.",
            "category": "Testing",
            "published": True,
        }
        created = stack.request("POST", "/api/courses", json=body, headers=self.instructor.headers)
        self.course_id = _ok(created, 201)["course"]["id"]
        for account in (self.alice, self.bob):
            enrolled = stack.request(
                "PUT", f"/api/courses/{self.course_id}/enrollment", headers=account.headers
            )
            assert enrolled.status_code in (200, 201), enrolled.text
        # longer than the first heartbeat's allowance (30 s), so credit takes real time
        self.ready = self._upload(
            make_video(folder / "lesson.mp4", seconds=40, size="160x120", rate=10)
        )
        self.pending = self._create("lesson.mp4", 1024)["video"]

    def _create(self, filename, size):
        body = {
            "course_id": self.course_id,
            "title": filename,
            "filename": filename,
            "content_type": "video/mp4",
            "size_bytes": size,
        }
        response = self.stack.request(
            "POST", "/api/videos", json=body, headers=self.instructor.headers
        )
        return _ok(response, 201)

    def _upload(self, path) -> dict:
        created = self._create(path.name, path.stat().st_size)
        upload, video_id = created["upload"], created["video"]["id"]
        put = requests.put(upload["url"], data=path.read_bytes(), headers=upload["headers"])
        assert put.status_code == 200, put.text
        _ok(
            self.stack.request(
                "POST",
                f"/api/videos/{video_id}/upload/complete",
                headers=self.instructor.headers,
            ),
            202,
        )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            video = _ok(self.stack.get(f"/api/videos/{video_id}", headers=self.alice.headers), 200)
            if video["video"]["status"] == "ready":
                return video["video"]
            assert video["video"]["status"] != "failed", video
            time.sleep(1)
        raise AssertionError(f"video {video_id} never became ready")


@pytest.fixture(scope="module")
def cast(stack, tmp_path_factory):
    return Cast(stack, tmp_path_factory.mktemp("progress-media"))


def beat(stack, cast, account, video=None, *, watched=(), position=0.0, duration=100.0):
    """PUT one heartbeat; return the response."""
    video = video or cast.ready
    body = {
        "course_id": cast.course_id,
        "position_s": position,
        "duration_s": duration,
        "watched": [list(span) for span in watched],
    }
    return stack.request(
        "PUT", f"{PROGRESS}/videos/{video['id']}", json=body, headers=account.headers
    )


def enrolled(stack, cast):
    account = new_account(stack)
    stack.request("PUT", f"/api/courses/{cast.course_id}/enrollment", headers=account.headers)
    return account


def test_heartbeats_merge_spans_and_complete_at_90_percent(stack, cast):
    account = enrolled(stack, cast)
    first = beat(stack, cast, account, watched=[(0, 20)], position=20)
    assert first.headers["Content-Type"] == JSON
    progress = _ok(first, 200)["progress"]
    assert progress["watched_s"] == 20 and progress["duration_s"] == pytest.approx(
        cast.ready["duration_s"], abs=0.01
    )
    assert progress["completed"] is False and progress["updated_at"].endswith("Z")
    # replayed, overlapping and out-of-order heartbeats add only what is new
    beat(stack, cast, account, watched=[(0, 20)], position=20)
    time.sleep(8)  # 18 new seconds need 2 x 8 + 5 s of credit
    progress = _ok(beat(stack, cast, account, watched=[(30, 38), (10, 30)]), 200)["progress"]
    assert progress["watched_s"] == 38 and progress["completed"] is True
    # a later heartbeat with a longer duration changes neither duration nor completion
    later = _ok(beat(stack, cast, account, watched=[(38, 39)], duration=400), 200)["progress"]
    assert later["completed"] is True and later["duration_s"] == pytest.approx(
        cast.ready["duration_s"], abs=0.01
    )


def test_heartbeat_cannot_inflate_duration_or_credit(stack, cast):
    # the review's heartbeat: 12 hours claimed at once, on a 40-second video
    account = enrolled(stack, cast)
    for _ in range(2):
        started = time.monotonic()
        response = beat(stack, cast, account, watched=[(0, 43200)], position=43200, duration=43200)
        progress = _ok(response, 200)["progress"]
        assert time.monotonic() - started < 3
        assert progress["duration_s"] == pytest.approx(cast.ready["duration_s"], abs=0.01)
        assert progress["position_s"] <= cast.ready["duration_s"]
        assert 30 <= progress["watched_s"] <= 36 and progress["completed"] is False


def test_seeking_ahead_moves_the_resume_point_only(stack, cast):
    account = enrolled(stack, cast)
    _ok(beat(stack, cast, account, watched=[(0, 5)], position=5), 200)
    progress = _ok(beat(stack, cast, account, position=35.5), 200)["progress"]
    assert progress["position_s"] == 35.5 and progress["watched_s"] == 5
    got = stack.get(f"{PROGRESS}/videos/{cast.ready['id']}", headers=account.headers)
    assert got.headers["Content-Type"] == JSON
    assert _ok(got, 200)["progress"]["position_s"] == 35.5


def test_get_progress_without_heartbeat_is_404(stack, cast):
    response = stack.get(f"{PROGRESS}/videos/{cast.pending['id']}", headers=cast.bob.headers)
    assert response.status_code == 404 and response.headers["Content-Type"] == PROBLEM


def test_another_user_never_reads_or_changes_my_progress(stack, cast):
    account = enrolled(stack, cast)
    beat(stack, cast, account, watched=[(0, 30)], position=30)
    path = f"{PROGRESS}/videos/{cast.ready['id']}"
    assert stack.get(path, headers=cast.stranger.headers).status_code == 404
    beat(stack, cast, cast.bob, watched=[(0, 40)], position=1)
    mine = _ok(stack.get(path, headers=account.headers), 200)["progress"]
    assert mine["position_s"] == 30 and mine["watched_s"] == 30 and mine["completed"] is False


def test_heartbeat_not_enrolled_is_403(stack, cast):
    response = beat(stack, cast, cast.stranger, watched=[(0, 5)])
    assert response.status_code == 403 and response.headers["Content-Type"] == PROBLEM


def test_heartbeat_unknown_video_is_404(stack, cast):
    response = beat(stack, cast, cast.alice, {"id": uuid.uuid4().hex})
    assert response.status_code == 404


def test_heartbeat_unknown_course_is_404(stack, cast):
    body = {"course_id": str(uuid.uuid4()), "position_s": 1, "duration_s": 10}
    response = stack.request(
        "PUT", f"{PROGRESS}/videos/{cast.ready['id']}", json=body, headers=cast.alice.headers
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"position_s": -1}, "position_s"),
        ({"duration_s": "long"}, "duration_s"),
        ({"watched": [[5, 1]]}, "watched"),
        ({"watched": [[0, 1000]]}, "watched"),
        ({"watched": [[0, 1]] * 101}, "watched"),
    ],
)
def test_heartbeat_invalid_body_is_422_naming_the_field(stack, cast, changes, field):
    body = {"course_id": cast.course_id, "position_s": 1, "duration_s": 100, **changes}
    response = stack.request(
        "PUT", f"{PROGRESS}/videos/{cast.ready['id']}", json=body, headers=cast.alice.headers
    )
    assert response.status_code == 422 and response.headers["Content-Type"] == PROBLEM
    assert field in response.json()["errors"]


def test_course_progress_counts_ready_videos(stack, cast):
    account = new_account(stack)
    stack.request("PUT", f"/api/courses/{cast.course_id}/enrollment", headers=account.headers)
    path = f"{PROGRESS}/courses/{cast.course_id}"
    empty = _ok(stack.get(path, headers=account.headers), 200)
    assert empty == {
        "course_id": cast.course_id,
        "completed_videos": 0,
        "total_videos": 1,
        "percent": 0,
        "videos": [],
    }
    beat(stack, cast, account, watched=[(0, 30)])
    time.sleep(3)
    beat(stack, cast, account, watched=[(30, 40)])
    not_ready = beat(stack, cast, account, cast.pending, watched=[(0, 10)])
    assert not_ready.status_code == 409 and not_ready.headers["Content-Type"] == PROBLEM
    body = _ok(stack.get(path, headers=account.headers), 200)
    assert body["completed_videos"] == 1 and body["total_videos"] == 1
    assert body["percent"] == 100
    assert [p["video_id"] for p in body["videos"]] == [cast.ready["id"]]


def test_course_progress_unknown_course_is_404(stack, cast):
    response = stack.get(f"{PROGRESS}/courses/{uuid.uuid4()}", headers=cast.alice.headers)
    assert response.status_code == 404


def test_recent_lists_unfinished_videos_until_completed(stack, cast):
    # newest-first order over several videos: progress-service/tests (one ready video here)
    account = enrolled(stack, cast)
    beat(stack, cast, account, cast.ready, watched=[(0, 30)])
    recent = _ok(stack.get(f"{PROGRESS}/recent", headers=account.headers), 200)["items"]
    assert [p["video_id"] for p in recent] == [cast.ready["id"]]
    time.sleep(3)
    beat(stack, cast, account, cast.ready, watched=[(30, 38)])  # completed: leaves the list
    recent = _ok(stack.get(f"{PROGRESS}/recent?limit=5", headers=account.headers), 200)["items"]
    assert recent == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", f"/videos/{'a' * 32}"),
        ("GET", f"/videos/{'a' * 32}"),
        ("GET", f"/courses/{uuid.uuid4()}"),
        ("GET", "/recent"),
    ],
)
def test_every_route_needs_a_token(stack, method, path):
    response = stack.request(method, PROGRESS + path, json={})
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM


def test_analytics_rows_owner_and_admin_200_student_403(stack, cast):
    from tests.accounts import demo_admin

    learner = enrolled(stack, cast)
    _ok(beat(stack, cast, learner, watched=[], position=0), 200)
    time.sleep(3.5)  # heartbeat credit is bounded by wall-clock time: 2 x 3.5 + 5 s
    _ok(beat(stack, cast, learner, watched=[(0, 10)], position=10), 200)
    _ok(beat(stack, cast, cast.instructor, watched=[], position=0), 200)  # never counted
    paths = (
        f"{PROGRESS}/videos/{cast.ready['id']}/analytics",
        f"{PROGRESS}/courses/{cast.course_id}/analytics",
        f"{PROGRESS}/courses/{cast.course_id}/learners",
    )
    for account in (cast.instructor, demo_admin(stack)):
        video, course, roster = (_ok(stack.get(p, headers=account.headers), 200) for p in paths)
        assert video["viewers"] >= 1 and video["retention"]["bucket_s"] == 10
        assert video["retention"]["viewers"][0] == video["viewers"]
        assert course["course_id"] == cast.course_id and course["started"] >= 1
        assert any(
            row["user_id"] == learner.id and row["watched_s"] == 10 for row in roster["items"]
        )
    csv = stack.get(paths[2], headers={**cast.instructor.headers, "Accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("user_id,display_name,")
    for path in paths:
        refused = stack.get(path, headers=cast.alice.headers)
        assert refused.status_code == 403 and refused.headers["Content-Type"] == PROBLEM
