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
from .errors import NotFound, ServiceUnavailable, Unauthorized
from .http import call_service
from .ids import is_id, path_segment

logger = logging.getLogger(__name__)

ACCESS_TTL_S = 5.0  # the course service allows caching its access decision this long
_MAX_CACHE = 10_000
# Answers that mean "no such thing (for you)" or "not an id": the caller's 404.
_ABSENT = frozenset({400, 403, 404, 410, 422})


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


def _url(service: str, template: str, *ids: str) -> str:
    """The URL of `template` on `service`, each id quoted as one path segment."""
    path = template.format(*(path_segment(value) for value in ids))
    return current_app.extensions["dread.settings"].service_urls[service] + path


class _Absent(Exception):
    """The other service says the thing does not exist, is hidden, or was not a valid id."""


def _unexpected(service: str, what: str, detail) -> ServiceUnavailable:
    logger.error("%s service: unexpected answer to %s: %s", service, what, detail)
    return ServiceUnavailable(f"The {service} service gave an answer this request cannot use.")


def _body(response, service: str, what: str, *, absent=_ABSENT) -> dict:
    """The JSON object of a 2xx answer; every other status is mapped explicitly.

    absent (400/403/404/410/422 by default) → _Absent, for the caller's 404;
    401 → Unauthorized (the caller's token was refused there: sign in again);
    429 and anything else → ServiceUnavailable (5xx and timeouts already are, in call_service).
    """
    status = response.status_code
    if status in absent:
        raise _Absent()
    if status == 401:
        raise Unauthorized(f"The {service} service refused your access token; sign in again.")
    if not 200 <= status < 300:
        logger.warning("%s service answered %s to %s", service, status, what)
        raise ServiceUnavailable(f"The {service} service could not answer; try again shortly.")
    try:
        body = response.json()
    except ValueError as error:
        raise _unexpected(service, what, "not JSON") from error
    if not isinstance(body, dict):
        raise _unexpected(service, what, "not a JSON object")
    return body


def _field(body: dict, name: str, kind: type, service: str, what: str):
    """`body[name]`, which must be a `kind`; anything else is the other side's bug → 503."""
    value = body.get(name)
    if not isinstance(value, kind):
        raise _unexpected(service, what, f"{name!r} is not a {kind.__name__}")
    return value


def course_access(course_id: str, user: User) -> CourseAccess:
    """Ask the course service (cached ~5 s); raise NotFound when the course is unknown to us."""
    if not is_id(course_id):
        raise NotFound("No such course.")
    key = (user.id, user.role, course_id)
    cached = _access_cache.get(key)
    if cached is not None:
        return cached
    url = _url("course", "/api/courses/{}/access", course_id)
    try:
        body = _body(call_service("GET", url, token=user.token), "course", "course access")
    except _Absent:
        raise NotFound("No such course.") from None
    try:
        access = CourseAccess(
            course_id=str(body["course_id"]),
            owner_id=str(body["owner_id"]),
            published=bool(body["published"]),
            relation=str(body["relation"]),
            can_view_content=bool(body["can_view_content"]),
            can_moderate=bool(body["can_moderate"]),
            title=str(body.get("title", "")),
        )
    except KeyError as error:
        raise _unexpected("course", "course access", f"no {error}") from error
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
    if not is_id(video_id):
        return None
    url = _url("video", "/api/videos/{}", video_id)
    try:
        body = _body(call_service("GET", url, token=user.token), "video", "get video")
    except _Absent:
        return None
    return _field(body, "video", dict, "video", "get video")


def lookup_videos(video_ids: list[str], user: User) -> dict[str, dict]:
    """Existing videos among `video_ids` (≤ 100), by id, in one call to the video service."""
    wanted = [video_id for video_id in video_ids[:100] if is_id(video_id)]
    if not wanted:
        return {}  # nothing that is not an id can exist
    response = call_service(
        "GET",
        _url("video", "/api/videos/lookup"),
        token=user.token,
        params={"ids": ",".join(wanted)},
    )
    # Only valid ids were sent, so no 4xx means "none exist": callers drop items missing
    # from the answer, so a refusal must never look like an empty answer.
    body = _body(response, "video", "video lookup", absent=frozenset())
    items = _field(body, "items", list, "video", "video lookup")
    return {video["id"]: video for video in items if isinstance(video, dict) and "id" in video}


def list_course_videos(course_id: str, user: User) -> list[dict]:
    """The videos of a course as the video service lists them for `user`."""
    if not is_id(course_id):
        raise NotFound("No such course.")
    response = call_service(
        "GET", _url("video", "/api/videos"), token=user.token, params={"course_id": course_id}
    )
    try:
        body = _body(response, "video", "course videos")
    except _Absent:
        raise NotFound("No such course.") from None
    return _field(body, "items", list, "video", "course videos")


def get_course(course_id: str, user: User) -> dict:
    """The course resource as the course service shows it to `user`; NotFound when absent."""
    if not is_id(course_id):
        raise NotFound("No such course.")
    try:
        body = _body(
            call_service("GET", _url("course", "/api/courses/{}", course_id), token=user.token),
            "course",
            "get course",
        )
    except _Absent:
        raise NotFound("No such course.") from None
    return _field(body, "course", dict, "course", "get course")


_name_cache = _TtlCache(300.0)


def display_names(user_ids: list[str], user: User) -> dict[str, str]:
    """Public display names of users (profile service, cached 5 min); unknown ones left out."""
    names = {}
    for user_id in user_ids:
        cached = _name_cache.get(user_id)
        if cached is None and is_id(user_id):
            url = _url("profile", "/api/profiles/{}", user_id)
            try:
                body = _body(call_service("GET", url, token=user.token), "profile", "profile")
                cached = str(_field(body, "profile", dict, "profile", "profile")["display_name"])
            except (_Absent, KeyError):
                cached = ""
            _name_cache.put(user_id, cached)
        if cached:
            names[user_id] = cached
    return names
