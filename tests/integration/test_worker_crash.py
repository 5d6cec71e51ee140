"""kill -9 of the video worker in the middle of a transcode: the job's lease expires, the
restarted worker takes it again and finishes it; nothing stays `processing` forever.

Runs its own private stack (port base 27000) with a short lease, since the shared `stack`
fixture's environment cannot change per test.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
import requests

from devstack.handle import start_private_stack
from tests.accounts import new_account
from tests.media import make_video

CRASH_PORT_BASE = int(os.environ.get("DREAD_CRASH_PORT_BASE", "27000"))
LEASE_S = 6


@pytest.fixture(scope="module")
def crash_stack():
    try:
        stack = start_private_stack(
            CRASH_PORT_BASE,
            prefix="dread-crash-",
            VIDEO_LEASE_SECONDS=str(LEASE_S),
            VIDEO_MAX_ATTEMPTS="2",
            VIDEO_SEED_VIDEOS="0",  # an idle worker: the only jobs are this test's
            DREAD_RESTART_DELAY="2",
            BENCH_PORT=str(CRASH_PORT_BASE + 99),  # not the shared default 5099
        )
    except RuntimeError as error:
        pytest.fail(str(error))
    yield stack
    stack.devstack("down", check=False)


@pytest.fixture(scope="module")
def course(crash_stack):
    instructor = new_account(crash_stack, "instructor")
    body = {
        "title": "Crash course",
        "description": "Kill -9.",
        "category": "Testing",
        "published": True,
    }
    created = crash_stack.request("POST", "/api/courses", json=body, headers=instructor.headers)
    assert created.status_code == 201, created.text
    return instructor, created.json()["course"]["id"]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    # long enough that the transcode is surely still running when the worker is killed
    return make_video(tmp_path_factory.mktemp("crash") / "long.mp4", seconds=40)


def queue_video(stack, instructor, course_id, path) -> str:
    body = {
        "course_id": course_id,
        "title": "Long one",
        "filename": "long.mp4",
        "content_type": "video/mp4",
        "size_bytes": os.path.getsize(path),
    }
    created = stack.request("POST", "/api/videos", json=body, headers=instructor.headers)
    assert created.status_code == 201, created.text
    upload = created.json()["upload"]
    with open(path, "rb") as handle:
        assert (
            requests.put(
                upload["url"], data=handle, headers=upload["headers"], timeout=60
            ).status_code
            == 200
        )
    video_id = created.json()["video"]["id"]
    done = stack.request(
        "POST", f"/api/videos/{video_id}/upload/complete", headers=instructor.headers
    )
    assert done.status_code == 202, done.text
    return video_id


def video_of(stack, instructor, video_id) -> dict:
    return stack.get(f"/api/videos/{video_id}", headers=instructor.headers).json()["video"]


def kill_worker_mid_transcode(stack, instructor, video_id, *, after_restart=False) -> int:
    """Wait until the transcode reports progress, then SIGKILL the worker; return its pid.

    after_restart: the dead worker's last progress is still on the item, so first wait for
    a new claim (which resets the progress to 0)."""
    deadline = time.monotonic() + 120
    reset_seen = not after_restart
    while time.monotonic() < deadline:
        video = video_of(stack, instructor, video_id)
        percent = video.get("progress_percent", 0)
        reset_seen = reset_seen or percent < 5
        if reset_seen and video["status"] == "processing" and percent >= 5:
            pid = stack.pid_of("video-worker")
            os.kill(pid, signal.SIGKILL)
            return pid
        assert video["status"] in ("uploading", "processing"), video
        time.sleep(0.3)
    raise AssertionError("the transcode never reported progress")


def wait_final(stack, instructor, video_id, timeout_s=300) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        video = video_of(stack, instructor, video_id)
        if video["status"] in ("ready", "failed"):
            return video
        time.sleep(1)
    raise AssertionError(f"video {video_id} stayed {video['status']}")


def test_killed_worker_job_is_taken_again_and_finishes(crash_stack, course, source):
    instructor, course_id = course
    video_id = queue_video(crash_stack, instructor, course_id, source)
    killed = kill_worker_mid_transcode(crash_stack, instructor, video_id)
    assert video_of(crash_stack, instructor, video_id)["status"] == "processing"
    video = wait_final(crash_stack, instructor, video_id)
    assert video["status"] == "ready", video.get("error")
    assert len(video["renditions"]) == 3 and 39.9 <= video["duration_s"] <= 40.1
    assert crash_stack.pid_of("video-worker") != killed  # the supervisor restarted it


def test_worker_killed_on_every_attempt_ends_failed(crash_stack, course, source):
    instructor, course_id = course
    video_id = queue_video(crash_stack, instructor, course_id, source)
    for attempt in range(2):  # VIDEO_MAX_ATTEMPTS=2 in this stack
        kill_worker_mid_transcode(crash_stack, instructor, video_id, after_restart=attempt > 0)
    video = wait_final(crash_stack, instructor, video_id)
    assert video["status"] == "failed"
    assert "after 2 attempts" in video["error"]
