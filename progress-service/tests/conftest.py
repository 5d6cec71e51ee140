"""Fixtures: the progress service on moto tables built from its own tables.py."""

import pytest
from progress_service import create_app
from progress_service.config import Settings
from progress_service.tables import TABLES
from service_kit.testing import FakeCourseService, create_tables


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    return Settings(service="progress", **kit_settings)


@pytest.fixture
def app(settings, dynamodb):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb)


class Clock:
    """A wall clock that tests move by hand."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Let `seconds` of wall-clock time pass."""
        self.now += seconds


@pytest.fixture
def clock(app):
    """The app's clock, moved by hand (heartbeat credit depends on wall-clock time)."""
    fake = Clock()
    app.extensions["progress.clock"] = fake
    return fake


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


class FakePlatform(FakeCourseService):
    """Stands in for the course and video services: courses, enrolments, videos."""

    def __init__(self):
        super().__init__()
        self.videos: dict[str, dict] = {}
        self.video_calls = 0

    def video(
        self, video_id: str, course_id: str, *, status: str = "ready", duration_s: float = 100.0
    ) -> None:
        """Register a video of a course (a duration only once it is ready)."""
        self.videos[video_id] = {
            "id": video_id,
            "course_id": course_id,
            "status": status,
            "duration_s": duration_s if status == "ready" else None,
            "title": f"Video {video_id[-2:]}",
        }

    def get_video(self, video_id, user):
        """clients.get_video."""
        self.video_calls += 1
        return self.videos.get(video_id)

    def list_course_videos(self, course_id, user):
        """clients.list_course_videos."""
        from service_kit import NotFound

        if course_id not in self.courses:
            raise NotFound("No such course.")
        return [v for v in self.videos.values() if v["course_id"] == course_id]

    def get_course(self, course_id, user):
        """clients.get_course (just what analytics reads)."""
        from service_kit import NotFound

        if course_id not in self.courses:
            raise NotFound("No such course.")
        return {"id": course_id, "enrolled_count": len(self.courses[course_id]["enrolled"])}

    def display_names(self, user_ids, user):
        """clients.display_names."""
        return {u: f"Name of {u}" for u in user_ids}


@pytest.fixture
def platform(monkeypatch):
    """The fake course and video services the app's client calls go to."""
    from service_kit import clients

    fake = FakePlatform()
    for name in ("course_access", "get_video", "list_course_videos", "get_course", "display_names"):
        monkeypatch.setattr(clients, name, getattr(fake, name))
    return fake


@pytest.fixture
def store(app):
    """The app's store, on the same moto tables."""
    return app.extensions["progress.store"]
