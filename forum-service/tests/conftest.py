"""Fixtures: the forum service on moto tables built from its own tables.py."""

import pytest
from forum_service import create_app
from forum_service.config import Settings
from forum_service.tables import TABLES
from service_kit.testing import FakeCourseService, FakeResponse, create_tables


@pytest.fixture
def settings(kit_settings):
    """Unit-test settings (static JWKS, test bucket, Scan forbidden)."""
    urls = {name: f"http://{name}.test" for name in ("course", "profile", "video")}
    return Settings(service="forum", service_urls=urls, **kit_settings)


@pytest.fixture
def app(settings, dynamodb):
    """The app on fresh moto tables."""
    create_tables(dynamodb, TABLES, settings.table_name)
    return create_app(settings, dynamodb=dynamodb)


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


class FakePlatform(FakeCourseService):
    """Stands in for the course and profile services."""

    def __init__(self):
        super().__init__()
        self.names: dict[str, str] = {}
        self.avatars: dict[str, str] = {}
        self.videos: dict[str, dict] = {}
        self.profiles_down = False

    def get_video(self, video_id, user):
        """service_kit.clients.get_video: the videos registered in `videos`."""
        return self.videos.get(video_id)

    def call_service(self, method, url, *, token=None, **kwargs):
        """service_kit.clients.call_service, answering GET /api/profiles/{id}."""
        from service_kit import ServiceUnavailable

        if self.profiles_down:
            raise ServiceUnavailable("A service this request depends on is unreachable.")
        user_id = url.rsplit("/", 1)[1]
        if user_id not in self.names:
            return FakeResponse(404)
        profile = {"user_id": user_id, "display_name": self.names[user_id]}
        return FakeResponse(200, {"profile": {**profile, "avatar_url": self.avatars.get(user_id)}})


@pytest.fixture
def platform(monkeypatch):
    """Fake course and profile services behind the app's client calls."""
    from service_kit import clients

    fake = FakePlatform()
    monkeypatch.setattr(clients, "course_access", fake.course_access)
    monkeypatch.setattr(clients, "call_service", fake.call_service)
    monkeypatch.setattr(clients, "get_video", fake.get_video)
    clients.clear_caches()  # avatars and names are cached between requests
    return fake


@pytest.fixture
def store(app):
    """The app's store, on the same moto tables."""
    return app.extensions["forum.store"]


COURSE = "c0ffee00c0ffee00c0ffee00c0ffee01"
PREFIX = "/api/forum"


class Forum:
    """A course with an owner, two enrolled students, a stranger and an admin; request helpers."""

    def __init__(self, client, tokens, platform):
        self.client = client
        platform.course(COURSE, owner="teacher", enrolled={"alice", "bob"})
        platform.names.update(alice="Alice A.", bob="Bob B.", teacher="Prof. T")
        self.headers = {
            name: tokens.headers(name, role=role)
            for name, role in (
                ("alice", "student"),
                ("bob", "student"),
                ("stranger", "student"),
                ("teacher", "instructor"),
                ("root", "admin"),
            )
        }

    def request(self, method, path, who, **kwargs):
        """A request as `who`."""
        return self.client.open(PREFIX + path, method=method, headers=self.headers[who], **kwargs)

    def thread(self, who="alice", title="A question", body="How does this work?", course=COURSE):
        """Create a thread; return it."""
        response = self.request(
            "POST", f"/courses/{course}/threads", who, json={"title": title, "body": body}
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["thread"]

    def reply(self, thread_id, who="bob", body="Like this."):
        """Reply in a thread; return the reply."""
        response = self.request("POST", f"/threads/{thread_id}/replies", who, json={"body": body})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["reply"]

    def get_thread(self, thread_id, who="alice"):
        """A thread as `who` sees it."""
        response = self.request("GET", f"/threads/{thread_id}", who)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["thread"]

    def page(self, path, who="alice", **query):
        """One page of a list endpoint."""
        response = self.request("GET", path, who, query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def all_items(self, path, who="alice", limit=2):
        """Every item of a paged list, following cursors."""
        items, cursor = [], None
        while True:
            query = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            page = self.page(path, who, **query)
            items += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return items


@pytest.fixture
def forum(client, tokens, platform):
    """The forum of COURSE with its cast of users."""
    return Forum(client, tokens, platform)
