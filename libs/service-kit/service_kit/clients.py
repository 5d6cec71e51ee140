"""Typed calls to other services' HTTP APIs (course access, video lookup), with short caches.

These hold no domain rules: they only fetch another service's answer for the caller, with
the caller's token, so each service asks the owner of the data instead of copying it.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from flask import current_app

from .auth import User
from .errors import NotFound, ServiceUnavailable
from .http import call_service

logger = logging.getLogger(__name__)

ACCESS_TTL_S = 5.0  # the course service allows caching its access decision this long
_MAX_CACHE = 10_000


class _TtlCache:
    """A small thread-safe cache of answers that may be a few seconds stale."""

    def __init__(self, ttl_s: float):
        self.ttl_s = ttl_s
        self._items: dict = {}
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            hit = self._items.get(key)
            if hit and hit[0] > time.monotonic():
                return hit[1]
            self._items.pop(key, None)
            return None

    def put(self, key, value) -> None:
        with self._lock:
            if len(self._items) >= _MAX_CACHE:
                self._items.clear()
            self._items[key] = (time.monotonic() + self.ttl_s, value)


_access_cache = _TtlCache(ACCESS_TTL_S)


@dataclass(frozen=True)
class CourseAccess:
    """The course service's answer to "may this user see this course's content?"."""

    course_id: str
    owner_id: str
    published: bool
    relation: str  # owner | admin | enrolled | none
    can_view_content: bool
    can_moderate: bool
    title: str = ""


def _url(service: str, path: str) -> str:
    return current_app.extensions["dread.settings"].service_urls[service] + path


def course_access(course_id: str, user: User) -> CourseAccess:
    """Ask the course service (cached ~5 s); raise NotFound when the course is unknown to us."""
    key = (user.id, user.role, course_id)
    cached = _access_cache.get(key)
    if cached is not None:
        return cached
    response = call_service(
        "GET", _url("course", f"/api/courses/{course_id}/access"), token=user.token
    )
    if response.status_code == 404:
        raise NotFound("No such course.")
    if response.status_code != 200:
        raise NotFound("No such course.")
    body = response.json()
    access = CourseAccess(
        course_id=body["course_id"],
        owner_id=body["owner_id"],
        published=bool(body["published"]),
        relation=body["relation"],
        can_view_content=bool(body["can_view_content"]),
        can_moderate=bool(body["can_moderate"]),
        title=body.get("title", ""),
    )
    if access.can_view_content or access.can_moderate:
        # Only grants are cached: a learner who has just enrolled must not be refused for
        # the next few seconds; a revoked grant may linger ACCESS_TTL_S at most.
        _access_cache.put(key, access)
    return access


def forget_course_access(course_id: str, user: User) -> None:
    """Drop a cached decision (e.g. right after the caller enrols)."""
    _access_cache.put((user.id, user.role, course_id), None)


def get_video(video_id: str, user: User) -> dict | None:
    """The video resource as the video service shows it to `user`, or None if it does not exist."""
    response = call_service("GET", _url("video", f"/api/videos/{video_id}"), token=user.token)
    if response.status_code in (403, 404):
        return None
    return response.json()["video"]


def lookup_videos(video_ids: list[str], user: User) -> dict[str, dict]:
    """Existing videos among `video_ids` (≤ 100), by id, in one call to the video service."""
    if not video_ids:
        return {}
    response = call_service(
        "GET",
        _url("video", "/api/videos/lookup"),
        token=user.token,
        params={"ids": ",".join(video_ids[:100])},
    )
    if response.status_code != 200:
        # Never "no video exists": callers drop items missing from the answer.
        logger.warning("video lookup answered %s", response.status_code)
        raise ServiceUnavailable("The video service could not check these videos.")
    return {video["id"]: video for video in response.json()["items"]}


def list_course_videos(course_id: str, user: User) -> list[dict]:
    """The videos of a course as the video service lists them for `user`."""
    response = call_service(
        "GET", _url("video", "/api/videos"), token=user.token, params={"course_id": course_id}
    )
    if response.status_code in (403, 404):
        raise NotFound("No such course.")
    return response.json()["items"]
