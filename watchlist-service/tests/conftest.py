"""Fixtures: the watchlist service on moto tables built from its own tables.py."""

import pytest
from service_kit.testing import create_tables
from watchlist_service import create_app
from watchlist_service.config import Settings
from watchlist_service.tables import TABLES


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    return Settings(service="watchlist", **kit_settings)


@pytest.fixture
def app(settings, dynamodb):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


class FakeVideos:
    """Stands in for the video service: a registry of videos and a log of lookups."""

    def __init__(self):
        self.videos: dict[str, dict] = {}
        self.lookups: list[list[str]] = []

    def add(self, video_id: str, *, course_id: str = "course-1", title: str = "A video") -> dict:
        """Register a video."""
        self.videos[video_id] = {"id": video_id, "course_id": course_id, "title": title}
        return self.videos[video_id]

    def get_video(self, video_id, user):
        """clients.get_video."""
        return self.videos.get(video_id)

    def lookup_videos(self, video_ids, user):
        """clients.lookup_videos (≤ 100 ids, like the real one)."""
        assert len(video_ids) <= 100
        self.lookups.append(list(video_ids))
        return {v: self.videos[v] for v in video_ids if v in self.videos}


@pytest.fixture
def videos(monkeypatch):
    """The fake video service the app's client calls go to."""
    from service_kit import clients

    fake = FakeVideos()
    monkeypatch.setattr(clients, "get_video", fake.get_video)
    monkeypatch.setattr(clients, "lookup_videos", fake.lookup_videos)
    return fake
