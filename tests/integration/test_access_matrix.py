"""Security matrix: every documented route by every kind of caller, against API.md's "who".

Routes come from the services' own OpenAPI documents, so a new route without a rule here
fails `test_every_documented_route_has_an_access_rule`. Callers: anonymous, a student, the
enrolled student (author of the thread and reply), another instructor, the course's owner
and an admin; objects: the owner's published course (others' from the student's and the
other instructor's side), the owner's draft, a video, a thread and a reply.

A caller the contract does not allow gets 401 (no token) or 403/404, never a 2xx (no IDOR,
no role leak); an allowed caller never gets 401/403; nobody gets a 5xx; every non-2xx
answer is problem+json with its status.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from devstack.config import SERVICES
from tests.accounts import XHR, auth_call, login, new_account, set_role
from tests.conftest import AREAS

ACTORS = ("anonymous", "student", "enrolled", "other_instructor", "owner", "admin")
# who may call, as API.md says it; "any": the contract leaves it to the object or the body
WHO = {
    "anyone": set(ACTORS),
    "user": set(ACTORS) - {"anonymous"},
    "instructor": {"other_instructor", "owner", "admin"},
    "owner": {"owner", "admin"},
    "viewers": {"enrolled", "owner", "admin"},
    "admin": {"admin"},
    "author": {"enrolled"},
    "nobody": set(),  # needs a refresh cookie (or a signed link) nobody here has
    "service": set(),  # internal routes: only another service's token (see the test below)
}

# (method, documented path) -> (who, body, ambiguous callers, fresh object for DELETE)
RULES: dict[tuple[str, str], tuple] = {
    ("GET", "/api/auth/.well-known/jwks.json"): ("anyone", None),
    ("POST", "/api/auth/login"): ("anyone", {}),  # an empty body: no failed login is counted
    ("POST", "/api/auth/logout"): ("anyone", None),
    ("POST", "/api/auth/refresh"): ("nobody", None),
    ("POST", "/api/auth/register"): ("anyone", "register"),
    ("GET", "/api/auth/me"): ("user", None),
    ("PATCH", "/api/auth/me"): ("user", {"display_name": "Matrix"}),
    ("POST", "/api/auth/password"): ("user", "password"),
    ("GET", "/api/auth/users"): ("admin", None),
    ("PATCH", "/api/auth/users/{user_id}"): ("admin", {"role": "student"}),
    ("GET", "/api/auth/users/{user_id}/public"): ("user", None),
    ("GET", "/api/auth/audit"): ("admin", None),
    ("GET", "/api/auth/me/export"): ("user", None),
    # a wrong password: the matrix's accounts must survive; signed-in callers get 403 for the
    # password, not for who they are, so only "no 5xx, anonymous 401" is checked for them
    ("DELETE", "/api/auth/me"): (
        "user",
        {"password": "not-the-password-of-anyone"},
        set(ACTORS) - {"anonymous"},
    ),
    ("POST", "/api/auth/password-reset"): ("anyone", {"email": "nobody-matrix@example.com"}),
    # a valid body: the refusal is for the caller, not for what was sent
    ("POST", "/internal/auth/users/{user_id}/mail"): ("service", {"subject": "M", "text": "M"}),
    # a forged token: nobody holds a valid one here (400 for everyone)
    ("POST", "/api/auth/password-reset/confirm"): (
        "nobody",
        {"token": "forged-matrix-token-0123456789abcdef", "new_password": "long-enough-pass-42"},
    ),
    ("GET", "/api/profiles/{user_id}"): ("user", None),
    ("GET", "/api/profiles/me"): ("user", None),
    ("PATCH", "/api/profiles/me"): ("user", {"bio": "matrix"}),
    ("POST", "/api/profiles/me/avatar"): ("user", {"content_type": "image/png", "size_bytes": 64}),
    ("DELETE", "/api/profiles/me/avatar"): ("user", None),
    ("POST", "/api/profiles/me/avatar/complete"): ("user", None),
    # a signed link from the digest mail: nobody here holds one (400 for everyone)
    ("POST", "/api/profiles/digest/unsubscribe"): ("nobody", None),
    ("GET", "/api/courses"): ("anyone", None),
    ("POST", "/api/courses"): ("instructor", "course"),
    ("GET", "/api/courses/{course_id}"): ("anyone", None),
    ("PATCH", "/api/courses/{course_id}"): ("owner", {"description": "Matrix."}),
    ("DELETE", "/api/courses/{course_id}"): ("owner", None, (), "course"),
    ("GET", "/api/courses/{course_id}/access"): ("user", None),
    # on a course of its own: enrolling everyone in the shared course would void the matrix
    ("PUT", "/api/courses/{course_id}/enrollment"): ("user", None, (), "course"),
    ("GET", "/api/courses/{course_id}/enrollment"): ("user", None),
    ("DELETE", "/api/courses/{course_id}/enrollment"): ("user", None, (), "course"),
    ("GET", "/api/courses/enrolled"): ("user", None),
    ("GET", "/api/courses/mine"): ("instructor", None),
    ("GET", "/api/courses/recommended"): ("user", None),
    ("GET", "/api/courses/suggest"): ("anyone", None),
    # the owner's public page (a student has none: 404 for everyone)
    ("GET", "/api/courses/instructors/{user_id}"): ("anyone", None, (), "instructor"),
    ("POST", "/api/courses/{course_id}/cover"): (
        "owner",
        {"content_type": "image/png", "size_bytes": 64},
    ),
    # nothing uploaded: the owner and admins get 409, the others 403/404 before that
    ("POST", "/api/courses/{course_id}/cover/complete"): ("owner", None),
    ("DELETE", "/api/courses/{course_id}/cover"): ("owner", None),
    ("POST", "/api/courses/{course_id}/sections"): ("owner", {"title": "Matrix"}),
    ("PATCH", "/api/courses/{course_id}/sections/{section_id}"): ("owner", {"title": "Matrix"}),
    ("DELETE", "/api/courses/{course_id}/sections/{section_id}"): ("owner", None, (), "section"),
    ("POST", "/api/videos"): ("owner", "video"),
    ("GET", "/api/videos"): ("anyone", None),
    ("GET", "/api/videos/lookup"): ("user", None),
    ("GET", "/api/videos/{video_id}"): ("anyone", None),
    ("PATCH", "/api/videos/{video_id}"): ("owner", {"title": "Matrix"}),
    ("DELETE", "/api/videos/{video_id}"): ("owner", None, (), "video"),
    ("POST", "/api/videos/{video_id}/captions"): ("owner", {"language": "en", "label": "En"}),
    # nothing uploaded: the owner and admins get a 4xx about the file, the others 403/404
    ("POST", "/api/videos/{video_id}/captions/{language}/complete"): ("owner", None),
    ("GET", "/api/videos/{video_id}/captions"): ("viewers", None),
    ("DELETE", "/api/videos/{video_id}/captions/{language}"): ("owner", None),
    # no caption yet: viewers get 404, the others 403/404
    ("GET", "/api/videos/{video_id}/transcript"): ("viewers", None),
    ("GET", "/api/videos/search"): ("viewers", None),
    ("GET", "/api/videos/{video_id}/storyboard.vtt"): ("nobody", None),  # signed, as HLS
    # signed by the stream answer, not by a token: nobody here holds a valid signature
    ("GET", "/api/videos/{video_id}/hls/{name}.m3u8"): ("nobody", None),
    ("GET", "/api/videos/{video_id}/stream"): ("viewers", None),
    ("GET", "/api/videos/{video_id}/upload"): ("owner", None),
    ("POST", "/api/videos/{video_id}/upload/complete"): ("owner", {}),
    ("PUT", "/api/videos/{video_id}/upload/parts/{part_number}"): ("owner", {}),
    ("GET", "/api/watchlist"): ("user", None),
    ("PUT", "/api/watchlist/{video_id}"): ("user", None),
    ("GET", "/api/watchlist/{video_id}"): ("user", None),
    ("DELETE", "/api/watchlist/{video_id}"): ("user", None),
    ("GET", "/api/progress/courses/{course_id}"): ("user", None),
    ("GET", "/api/progress/recent"): ("user", None),
    ("PUT", "/api/progress/videos/{video_id}"): ("viewers", "heartbeat"),  # as /stream: enrolled
    ("GET", "/api/progress/videos/{video_id}"): ("user", None),
    ("GET", "/api/progress/videos/{video_id}/analytics"): ("owner", None),
    ("GET", "/api/progress/courses/{course_id}/analytics"): ("owner", None),
    ("GET", "/api/progress/courses/{course_id}/learners"): ("owner", None),
    ("GET", "/api/forum/courses/{course_id}/flags"): ("owner", None),
    ("GET", "/api/forum/courses/{course_id}/threads"): ("viewers", None),
    ("POST", "/api/forum/courses/{course_id}/threads"): ("viewers", {"title": "M", "body": "M"}),
    ("GET", "/api/forum/threads/{thread_id}"): ("viewers", None),
    # the author edits title/body, moderators pin/lock: either may be refused the other's
    ("PATCH", "/api/forum/threads/{thread_id}"): (
        "viewers",
        {"title": "Matrix"},
        ("owner", "admin"),
    ),
    ("DELETE", "/api/forum/threads/{thread_id}"): ("viewers", None, (), "thread"),
    ("GET", "/api/forum/threads/{thread_id}/replies"): ("viewers", None),
    ("POST", "/api/forum/threads/{thread_id}/replies"): ("viewers", {"body": "Matrix"}),
    ("POST", "/api/forum/threads/{thread_id}/flags"): ("viewers", {"reason": "Matrix"}),
    ("PATCH", "/api/forum/replies/{reply_id}"): ("author", {"body": "Matrix"}, ("admin",)),
    ("DELETE", "/api/forum/replies/{reply_id}"): ("viewers", None, (), "reply"),
    ("POST", "/api/forum/replies/{reply_id}/flags"): ("viewers", {"reason": "Matrix"}),
    ("GET", "/api/forum/replies/{reply_id}"): ("viewers", None),
    ("PUT", "/api/forum/threads/{thread_id}/vote"): ("viewers", {"value": 1}),
    ("DELETE", "/api/forum/threads/{thread_id}/vote"): ("viewers", None),
    ("PUT", "/api/forum/replies/{reply_id}/vote"): ("viewers", {"value": 1}),
    ("DELETE", "/api/forum/replies/{reply_id}/vote"): ("viewers", None),
    ("POST", "/api/forum/preview"): ("user", {"body": "Matrix"}),
    ("PUT", "/api/forum/threads/{thread_id}/follow"): ("viewers", None),
    ("DELETE", "/api/forum/threads/{thread_id}/follow"): ("viewers", None),
    ("GET", "/api/forum/courses/{course_id}/follow"): ("viewers", None),
    ("PUT", "/api/forum/courses/{course_id}/follow"): ("viewers", None),
    ("DELETE", "/api/forum/courses/{course_id}/follow"): ("viewers", None),
    ("GET", "/api/forum/notifications"): ("user", None),
    ("GET", "/api/forum/notifications/unread-count"): ("user", None),
    ("POST", "/api/forum/notifications/read"): ("user", {"all": True}),
    # the shared thread is in nobody's queue: moderators get 404, the others 403/404
    ("DELETE", "/api/forum/flags/{post_id}"): ("owner", None),
}


# (documented path) -> its query string (ids of the world filled in)
QUERIES = {
    "/api/videos": "course_id={course_id}",
    "/api/courses/suggest": "q=matr",
    "/api/videos/search": "course_id={course_id}&q=matrix",
}


def _created(response, *statuses):
    assert response.status_code in (statuses or (201,)), (response.request.url, response.text)
    return response.json()


class World:
    """The callers and objects of the matrix, all fresh."""

    def __init__(self, stack):
        self.stack = stack
        owner = new_account(stack, "instructor", display_name="Matrix Owner")
        admin = new_account(stack, display_name="Matrix Admin")
        assert set_role(stack, admin.id, "admin").status_code == 200
        self.accounts = {
            "student": new_account(stack, display_name="Matrix Student"),
            "enrolled": new_account(stack, display_name="Matrix Enrolled"),
            "other_instructor": new_account(stack, "instructor", display_name="Matrix Other"),
            "owner": owner,
            "poster": new_account(stack, display_name="Matrix Poster"),  # not a column
            "admin": login(stack, admin.email, admin.password),  # a token with the new role
        }
        self.course_id = self.course()
        self.draft_id = self.course(published=False)
        self.video_id = self.video()
        for member in ("enrolled", "poster"):
            put = stack.request(
                "PUT", f"/api/courses/{self.course_id}/enrollment", headers=self.headers(member)
            )
            assert put.status_code in (200, 201), put.text
        self.thread_id = self.thread()
        self.reply_id = self.reply()
        self.section_id = self.section()
        self.victim = new_account(stack, display_name="Matrix Target")

    def headers(self, actor: str) -> dict:
        """The Authorization header of `actor` (none for anonymous)."""
        return {} if actor == "anonymous" else self.accounts[actor].headers

    def course(self, *, published: bool = True) -> str:
        """A fresh course of the owner."""
        body = {"title": "Matrix", "description": "x", "category": "Testing"}
        response = self.stack.request(
            "POST", "/api/courses", json={**body, "published": published},
            headers=self.headers("owner"),
        )  # fmt: skip
        return _created(response)["course"]["id"]

    def video(self) -> str:
        """A fresh (uploading) video in the owner's course."""
        response = self.stack.request(
            "POST", "/api/videos", json=self.video_body(), headers=self.headers("owner")
        )
        return _created(response)["video"]["id"]

    def video_body(self) -> dict:
        """A valid POST /api/videos body for the owner's course."""
        return {
            "course_id": self.course_id,
            "title": "Matrix",
            "filename": "m.mp4",
            "content_type": "video/mp4",
            "size_bytes": 1024,
        }

    def section(self) -> str:
        """A fresh section of the owner's course."""
        response = self.stack.request(
            "POST", f"/api/courses/{self.course_id}/sections",
            json={"title": "Matrix"}, headers=self.headers("owner"),
        )  # fmt: skip
        return _created(response)["section"]["id"]

    def thread(self, author: str = "enrolled") -> str:
        """A fresh thread of `author` in the course."""
        response = self.stack.request(
            "POST", f"/api/forum/courses/{self.course_id}/threads",
            json={"title": "Matrix", "body": "x"}, headers=self.headers(author),
        )  # fmt: skip
        return _created(response)["thread"]["id"]

    def reply(self, author: str = "enrolled") -> str:
        """A fresh reply of `author` on the thread."""
        response = self.stack.request(
            "POST", f"/api/forum/threads/{self.thread_id}/replies",
            json={"body": "x"}, headers=self.headers(author),
        )  # fmt: skip
        return _created(response)["reply"]["id"]


def _body(world: World, spec, actor: str):
    if spec == "register":
        return {
            "email": f"matrix-{uuid.uuid4().hex[:10]}@example.com",
            "password": f"matrix-{uuid.uuid4().hex}",
            "display_name": "Matrix",
        }
    if spec == "password":
        password = world.accounts[actor].password if actor != "anonymous" else "x" * 12
        return {"current_password": password, "new_password": password}
    if spec == "course":
        return {"title": "Matrix", "description": "x", "category": "Testing", "published": False}
    if spec == "video":
        return world.video_body()
    if spec == "heartbeat":
        return {"course_id": world.course_id, "position_s": 0.5, "duration_s": 10.0}
    return spec


def _path(world: World, path: str, fresh: str | None, actor: str) -> str:
    ids = {
        "course_id": world.course_id,
        "video_id": world.video_id,
        "thread_id": world.thread_id,
        "reply_id": world.reply_id,
        "post_id": world.thread_id,
        "section_id": world.section_id,
        "user_id": world.victim.id,
        "part_number": "1",
        "name": "master",
        "language": "en",
    }
    query = QUERIES.get(path, "").format(**ids)
    if fresh == "course":
        ids["course_id"] = world.course()
        if actor not in ("anonymous", "owner", "admin") and "enrollment" in path:
            world.stack.request(
                "PUT", f"/api/courses/{ids['course_id']}/enrollment", headers=world.headers(actor)
            )
    elif fresh == "video":
        ids["video_id"] = world.video()
    elif fresh == "section":
        ids["section_id"] = world.section()
    elif fresh == "instructor":
        ids["user_id"] = world.accounts["owner"].id
    # a fresh post to delete for each caller who may delete it (its own, for the author;
    # someone else's for the moderators); the others try the shared one
    elif fresh == "thread" and actor in ("enrolled", "owner", "admin"):
        ids["thread_id"] = world.thread("enrolled" if actor == "enrolled" else "poster")
    elif fresh == "reply" and actor in ("enrolled", "owner", "admin"):
        ids["reply_id"] = world.reply("enrolled" if actor == "enrolled" else "poster")
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    return f"{path}?{query}" if query else path


def _documented(stack, *, area_of: bool = False) -> list[tuple]:
    """(method, path, needs a token[, area]) of every operation of every service."""
    operations = []
    for area in AREAS:
        document = auth_call(stack, "GET", f"/api/{area}/openapi.json").json()
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                found = (method.upper(), path, bool(operation.get("security")))
                operations.append((*found, area) if area_of else found)
    return operations


def _verdict(response, allowed: bool, ambiguous: bool, actor: str, needs_token: bool) -> str:
    status = response.status_code
    if status >= 500:
        return f"{status} (never a 5xx)"
    if status >= 300:
        problem = response.headers.get("Content-Type", "").split(";")[0]
        if problem != "application/problem+json":
            return f"{status} as {problem or 'no content type'} (problem+json every time)"
        if response.json().get("status") != status:
            return f"{status} with a body saying {response.json().get('status')}"
    if ambiguous:
        return ""
    if allowed and status in (401, 403):
        return f"{status}, but the contract allows {actor}"
    if not allowed and status < 300:
        return f"{status}: {actor} must be refused (IDOR / role leak)"
    if not allowed and actor == "anonymous" and needs_token and status != 401:
        return f"{status}: no token must be 401"
    if not allowed and status not in (400, 401, 403, 404, 409, 422, 429):
        return f"{status}: a refusal is 401/403/404"
    return ""


@pytest.fixture(scope="module")
def world(stack):
    return World(stack)


def test_every_documented_route_has_an_access_rule(stack):
    missing = [f"{m} {p}" for m, p, _ in _documented(stack) if (m, p) not in RULES]
    assert not missing, f"routes without a rule in the access matrix: {missing}"


def test_drafts_are_hidden_from_everyone_but_owner_and_admin(stack, world):
    wrong = []
    for actor in ACTORS:
        got = stack.get(f"/api/courses/{world.draft_id}", headers=world.headers(actor))
        expected = 200 if actor in ("owner", "admin") else 404
        if got.status_code != expected:
            wrong.append(f"{actor}: {got.status_code}, expected {expected}")
    assert not wrong, wrong


def test_internal_routes_take_no_user_and_are_not_exposed(stack, world):
    """`/internal/` routes: NGINX routes none of them (404 for everyone), and the service
    itself, called on its own port, refuses every user token (401/403) and no token (401)."""
    ports = {area: stack.env[f"{name.upper()}_PORT"] for name, (_, area, _) in SERVICES.items()}
    internal = [op for op in _documented(stack, area_of=True) if op[1].startswith("/internal/")]
    assert internal, "no internal route is documented: the matrix would check nothing"
    wrong = []
    for method, path, _needs_token, area in internal:
        who, body = RULES[(method, path)][:2]
        assert who == "service", f"{method} {path}: an internal route is for services only"
        direct = f"http://127.0.0.1:{ports[area]}"
        for actor in ACTORS:
            target = _path(world, path, None, actor)
            through_nginx = stack.request(method, target, json=body, headers=world.headers(actor))
            if through_nginx.status_code != 404:
                wrong.append(f"{method} {path} via NGINX as {actor}: {through_nginx.status_code}")
            answer = requests.request(
                method, direct + target, json=body, headers=world.headers(actor), timeout=10
            )
            allowed = (401,) if actor == "anonymous" else (401, 403)
            if answer.status_code not in allowed:
                wrong.append(f"{method} {path} on the service as {actor}: {answer.status_code}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("area", AREAS)
def test_access_matrix(stack, world, area):
    wrong = []
    for method, path, needs_token in _documented(stack):
        if not path.startswith(f"/api/{area}") or (method, path) not in RULES:
            continue
        who, body, ambiguous, fresh = (*RULES[(method, path)], (), None)[:4]
        for actor in ACTORS:
            # auth_call waits out NGINX's 429 on /api/auth; XHR: what the browser client sends
            response = auth_call(
                stack,
                method,
                _path(world, path, fresh, actor),
                json=_body(world, body, actor),
                headers={**XHR, **world.headers(actor)},
            )
            verdict = _verdict(response, actor in WHO[who], actor in ambiguous, actor, needs_token)
            if verdict:
                wrong.append(f"{method} {path} as {actor}: {verdict}")
    assert not wrong, f"{len(wrong)} cells break the contract:\n" + "\n".join(wrong)
