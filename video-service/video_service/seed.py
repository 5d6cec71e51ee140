"""`python -m video_service.seed`: demo videos for the first demo courses, via the public API.

Generates short clips with ffmpeg's test sources (testsrc2 + a sine tone, 720p), then uploads
them as the demo instructor exactly as a browser would (presigned PUT, then complete); the
worker transcodes them in the background. Idempotent (a course that has videos is left
alone) and harmless: when login or courses are missing it warns and exits 0. Set
VIDEO_SEED_VIDEOS=0 to skip it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile

import requests
from service_kit import env_bool, env_str
from service_kit.logs import configure_logging

from .worker.probe import ffmpeg_exe

logger = logging.getLogger("video_service.seed")
INSTRUCTOR = ("instructor@dread.local", "dread-instructor-demo")
TIMEOUT_S = 30
# (course index, title, description, seconds, test pattern, tone Hz)
CLIPS = (
    (0, "Welcome to the course", "What you will learn and how the course works.", 14, 440),
    (0, "Setting up your tools", "Install what you need for the exercises.", 12, 660),
    (1, "Course overview", "A quick tour of the lessons ahead.", 12, 550),
)


def make_clip(path: str, seconds: int, tone_hz: int) -> None:
    """A 720p H.264/AAC test clip with a moving pattern and a tone."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"]
    command += ["-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=30:duration={seconds}"]
    command += ["-f", "lavfi", "-i", f"sine=frequency={tone_hz}:duration={seconds}"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    command += ["-c:a", "aac", "-shortest", "-movflags", "+faststart", path]
    subprocess.run(command, check=True, timeout=120, capture_output=True)


def upload_clip(session, base_url: str, course_id: str, clip, folder: str) -> str:
    """Create the video, PUT the file to the presigned URL, complete; return the video id."""
    _index, title, description, seconds, tone_hz = clip
    path = os.path.join(folder, f"clip-{tone_hz}.mp4")
    make_clip(path, seconds, tone_hz)
    body = {
        "course_id": course_id,
        "title": title,
        "description": description,
        "filename": os.path.basename(path),
        "content_type": "video/mp4",
        "size_bytes": os.path.getsize(path),
    }
    created = session.post(f"{base_url}/api/videos", json=body, timeout=TIMEOUT_S)
    created.raise_for_status()
    video_id, upload = created.json()["video"]["id"], created.json()["upload"]
    with open(path, "rb") as handle:
        data = handle.read()
    parts = None
    if upload["method"] == "PUT":
        put = requests.put(upload["url"], data=data, headers=upload["headers"], timeout=120)
        put.raise_for_status()
    else:  # large files (or a small multipart threshold): one presigned PUT per part
        parts, size = [], upload["part_size"]
        for part in upload["parts"]:
            number = part["part_number"]
            put = requests.put(
                part["url"], data=data[(number - 1) * size : number * size], timeout=120
            )
            put.raise_for_status()
            parts.append({"part_number": number, "etag": put.headers["ETag"]})
    done = session.post(
        f"{base_url}/api/videos/{video_id}/upload/complete",
        json={"parts": parts} if parts else None,
        timeout=TIMEOUT_S,
    )
    done.raise_for_status()
    return video_id


def _needs_videos(session, base_url: str, course_id: str) -> bool:
    """True when the course has no videos; uploads an earlier run left unfinished are removed."""
    listed = session.get(f"{base_url}/api/videos", params={"course_id": course_id}, timeout=10)
    if listed.status_code != 200:
        return False
    videos = listed.json()["items"]
    if any(video["status"] != "uploading" for video in videos):
        return False
    for video in videos:
        session.delete(f"{base_url}/api/videos/{video['id']}", timeout=10)
    return True


def seed(base_url: str) -> int:
    """Upload the demo clips to courses that have no videos; return how many were uploaded."""
    session = requests.Session()
    email, password = INSTRUCTOR
    login = session.post(
        f"{base_url}/api/auth/login", json={"email": email, "password": password}, timeout=10
    )
    if login.status_code != 200:
        logger.warning("demo instructor cannot log in (%s): no demo videos", login.status_code)
        return 0
    session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    mine = session.get(f"{base_url}/api/courses/mine", params={"limit": 2}, timeout=10)
    courses = mine.json().get("items", []) if mine.status_code == 200 else []
    if not courses:
        logger.warning("the demo instructor has no courses (%s): no demo videos", mine.status_code)
        return 0
    uploaded = 0
    with tempfile.TemporaryDirectory(prefix="dread-seed-") as folder:
        for index, course in enumerate(courses):
            if not _needs_videos(session, base_url, course["id"]):
                continue  # seeded before (or not reachable): leave the course alone
            for clip in (c for c in CLIPS if c[0] == index):
                video_id = upload_clip(session, base_url, course["id"], clip, folder)
                logger.info("demo video %s uploaded to %s", video_id, course["title"])
                uploaded += 1
    return uploaded


def main() -> int:
    """Command-line entry point; never fails the stack's start."""
    configure_logging("video-seed")
    if env_str("DREAD_ENV", "development") == "production" or not env_bool(
        "VIDEO_SEED_VIDEOS", True
    ):
        return 0
    base_url = env_str("DREAD_PUBLIC_URL", "http://localhost:8080")
    try:
        count = seed(base_url)
    except (requests.RequestException, subprocess.SubprocessError, OSError, KeyError) as error:
        logger.warning("demo videos not seeded: %s", error)
        return 0
    logger.info("seeded %s demo videos", count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
