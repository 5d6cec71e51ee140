"""Who sees a course's videos through NGINX: lookup hides drafts and deleted courses, and a
deleted course's issued HLS URL stops while the worker removes its objects (issue 10, 4/8)."""

from __future__ import annotations

import time

import requests

from tests.integration.test_videos import (
    Course,
    _ok,
    create,
    stream,
    upload_single,
    wait_until_done,
)
from tests.media import make_video


def lookup(stack, account, *ids):
    answer = stack.get("/api/videos/lookup", params={"ids": ",".join(ids)}, headers=account.headers)
    return [video["id"] for video in _ok(answer, 200)["items"]]


def eventually(check, timeout_s=30):
    deadline = time.monotonic() + timeout_s
    while not check():
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(1)


def test_lookup_hides_videos_of_drafts_from_others(stack, tmp_path):
    draft = Course(stack)
    patched = stack.request(
        "PATCH",
        f"/api/courses/{draft.id}",
        json={"published": False},
        headers=draft.instructor.headers,
    )
    assert patched.status_code == 200, patched.text
    path = make_video(tmp_path / "draft.mp4", seconds=1, size="160x120")
    video_id = create(stack, draft, path)["video"]["id"]
    assert lookup(stack, draft.stranger, video_id) == []
    assert lookup(stack, draft.instructor, video_id) == [video_id]


def test_deleted_course_stops_its_hls_url_and_loses_its_objects(stack, tmp_path):
    course = Course(stack)
    path = make_video(tmp_path / "lesson.mp4", seconds=2, size="320x240")
    video = wait_until_done(stack, course, upload_single(stack, course, path)["id"])
    assert video["status"] == "ready"
    urls = _ok(stream(stack, course.student, video["id"]), 200)
    master = urls["hls_url"]
    assert requests.get(master, timeout=10).status_code == 200
    assert requests.get(urls["mp4_url"], timeout=10).status_code == 200
    assert lookup(stack, course.student, video["id"]) == [video["id"]]
    deleted = stack.request(
        "DELETE", f"/api/courses/{course.id}", headers=course.instructor.headers
    )
    assert deleted.status_code == 204, deleted.text
    # the playlist re-checks the course (cached 5 s); the worker sweeps every 5 s
    eventually(lambda: requests.get(master, timeout=10).status_code == 404, 20)
    assert lookup(stack, course.student, video["id"]) == []
    eventually(lambda: requests.get(urls["mp4_url"], timeout=10).status_code == 404, 60)
    assert (
        stack.get(f"/api/videos/{video['id']}", headers=course.instructor.headers).status_code
        == 404
    )
