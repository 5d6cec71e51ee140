"""Fixtures: the video service on moto tables built from its own tables.py, a fake course
service (course_access monkeypatched), users with tokens, and tiny generated videos."""

from __future__ import annotations

import subprocess
import uuid
from dataclasses import dataclass, field

import pytest
from service_kit import NotFound, clients
from service_kit.testing import create_tables
from video_service import access, create_app
from video_service.config import Settings
from video_service.tables import TABLES
from video_service.worker.loop import Worker
from video_service.worker.probe import ffmpeg_exe
from video_service.worker.store_jobs import JobQueue

SMALL_THRESHOLD = 6 * 1024 * 1024
PART_SIZE = 5 * 1024 * 1024


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden, small multipart)."""
    return Settings(
        service="video",
        multipart_threshold_bytes=SMALL_THRESHOLD,
        part_size_bytes=PART_SIZE,
        max_upload_bytes=100 * 1024 * 1024,
        lease_s=30,
        retry_delay_s=0,
        service_urls={"course": "http://course.test"},
        **kit_settings,
    )


@pytest.fixture
def app(settings, dynamodb, s3, courses):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb, s3=s3)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@dataclass
class FakeCourses:
    """Courses the fake course service knows: id → owner, published, enrolled users."""

    items: dict = field(default_factory=dict)

    def add(self, owner_id: str, *, published: bool = True, enrolled=()) -> str:
        """Register a course; return its id."""
        course_id = uuid.uuid4().hex
        self.items[course_id] = {
            "owner": owner_id,
            "published": published,
            "enrolled": set(enrolled),
            "sections": set(),
        }
        return course_id

    def section_ids(self, course_id: str, user, *, fresh: bool = False):
        """What the course's `sections` would list (None when the course is hidden)."""
        course = self.items.get(course_id)
        return frozenset(course["sections"]) if course else None

    def access(self, course_id: str, user) -> clients.CourseAccess:
        """What GET /api/courses/{id}/access would answer."""
        course = self.items.get(course_id)
        if course is None:
            raise NotFound("No such course.")
        if user.id == course["owner"]:
            relation = "owner"
        elif user.is_admin:
            relation = "admin"
        elif user.id in course["enrolled"]:
            relation = "enrolled"
        else:
            relation = "none"
        if not course["published"] and relation not in ("owner", "admin"):
            raise NotFound("No such course.")
        return clients.CourseAccess(
            course_id=course_id,
            owner_id=course["owner"],
            published=course["published"],
            relation=relation,
            can_view_content=relation != "none",
            can_moderate=relation in ("owner", "admin"),
        )


@pytest.fixture
def courses(monkeypatch):
    """A fake course service behind clients.course_access and the public course check."""
    fake = FakeCourses()
    monkeypatch.setattr(clients, "course_access", fake.access)
    monkeypatch.setattr(clients, "course_section_ids", fake.section_ids)
    monkeypatch.setattr(access, "course_exists", lambda course_id: course_id in fake.items)
    monkeypatch.setattr(
        access,
        "published_course",
        lambda course_id: course_id in fake.items and fake.items[course_id]["published"],
    )
    return fake


@dataclass
class People:
    """An instructor owning `course_id`, an enrolled student, a stranger and an admin."""

    instructor: dict
    student: dict
    stranger: dict
    admin: dict
    course_id: str


@pytest.fixture
def people(tokens, courses):
    """Users (with Authorization headers) around one published course."""
    ids = {name: uuid.uuid4().hex for name in ("instructor", "student", "stranger", "admin")}
    roles = {"instructor": "instructor", "admin": "admin"}
    headers = {n: tokens.headers(i, roles.get(n, "student")) for n, i in ids.items()}
    course_id = courses.add(ids["instructor"], enrolled=[ids["student"]])
    return People(**headers, course_id=course_id)


def make_video(path, *, seconds=2, size="320x240", audio=True, rate=25) -> str:
    """Write a small test video (testsrc2 + sine) with ffmpeg; return its path."""
    command = [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"]
    command += ["-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    command += ["-c:a", "aac", "-shortest"] if audio else []
    subprocess.run([*command, str(path)], check=True, timeout=60)
    return str(path)


@pytest.fixture(scope="session")
def tiny_video(tmp_path_factory):
    """A 2 s 320x240 MP4 with audio."""
    return make_video(tmp_path_factory.mktemp("media") / "tiny.mp4")


@pytest.fixture
def queue(app):
    """The worker's job queue on the app's table."""
    return JobQueue(table=app.extensions["video.store"].table)


@pytest.fixture
def worker(app, settings, queue):
    """A worker on the app's table and bucket."""
    return Worker(settings=settings, queue=queue, media=app.extensions["video.media"], owner="w1")
