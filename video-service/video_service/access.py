"""Who may do what with a course's videos, as the course service decides it.

Signed-in callers: `service_kit.clients.course_access` (the course service's /access answer,
cached 5 s). Anonymous callers may see the videos of a *published* course (the catalog is
public), which the public `GET /api/courses/{id}` tells; drafts stay hidden (404).
"""

from __future__ import annotations

import threading
import time
from urllib.parse import quote

from flask import current_app
from service_kit import NotFound, User, clients
from service_kit.http import call_service

from .errors import NotCourseModerator, NotEnrolled

_PUBLIC_TTL_S = 5.0
_public_cache: dict[str, tuple[float, bool]] = {}
_public_lock = threading.Lock()


def moderator_access(course_id: str, user: User) -> clients.CourseAccess:
    """The course owner or an admin; anyone else who can see the course gets 403."""
    access = clients.course_access(course_id, user)
    if not access.can_moderate:
        raise NotCourseModerator()
    return access


def viewer_access(course_id: str, user: User | None) -> clients.CourseAccess | None:
    """Raise NotFound unless the caller may see the course (its video list, not the video)."""
    if user is not None:
        return clients.course_access(course_id, user)
    if not published_course(course_id):
        raise NotFound("No such course.")
    return None


def visible_courses(course_ids, user: User) -> set[str]:
    """The courses among `course_ids` whose videos the caller may see (the course service's
    rule: published, or the caller's own draft, or any course for an admin)."""
    visible = set()
    for course_id in course_ids:
        try:
            viewer_access(course_id, user)
        except NotFound:
            continue  # a draft of someone else, or a deleted course: its videos stay hidden
        visible.add(course_id)
    return visible


def content_access(course_id: str, user: User) -> clients.CourseAccess:
    """Enrolled students, the owner and admins may watch; other signed-in users get 403."""
    access = clients.course_access(course_id, user)
    if not access.can_view_content:
        raise NotEnrolled()
    return access


def _cached(cache: dict, course_id: str, fetch) -> bool:
    """`fetch()`'s answer for `course_id`, remembered for _PUBLIC_TTL_S (bounded)."""
    now = time.monotonic()
    with _public_lock:
        hit = cache.get(course_id)
        if hit and hit[0] > now:
            return hit[1]
    answer = fetch()
    with _public_lock:
        if len(cache) > 10_000:
            cache.clear()
        cache[course_id] = (now + _PUBLIC_TTL_S, answer)
    return answer


def published_course(course_id: str) -> bool:
    """Whether the public course page exists (published, not deleted); cached 5 s."""

    def fetch() -> bool:
        base = current_app.extensions["dread.settings"].service_urls["course"]
        response = call_service("GET", f"{base}/api/courses/{quote(course_id, safe='')}")
        return response.status_code == 200 and bool(
            (response.json().get("course") or {}).get("published")
        )

    return _cached(_public_cache, course_id, fetch)


_exists_cache: dict[str, tuple[float, bool]] = {}


def course_exists(course_id: str) -> bool:
    """Whether the course still exists (not deleted), from the course service's internal
    route (no user token needed: HLS playlists carry none); cached 5 s."""

    def fetch() -> bool:
        base = current_app.extensions["dread.settings"].service_urls["course"]
        path = f"{base}/internal/courses/{quote(course_id, safe='')}"
        return call_service("GET", path).status_code == 200

    return _cached(_exists_cache, course_id, fetch)
