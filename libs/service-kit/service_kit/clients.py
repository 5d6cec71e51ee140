"""Typed calls to other services' HTTP APIs: the only place a service calls another.

These hold no domain rules: they only fetch another service's answer for the caller, with
the caller's token, so each service asks the owner of the data instead of copying it.
Every answer goes through `_body`, so every non-2xx status is mapped by one rule.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from . import deps
from .auth import User
from .cache import Cache
from .errors import NotFound, ServiceUnavailable, Unauthorized, ValidationFailed
from .http import call_service
from .ids import is_id, path_segment

logger = logging.getLogger(__name__)

ACCESS_TTL_S = 5.0  # the course service allows caching its access decision this long
_MAX_CACHE = 10_000
# Answers that mean "no such thing (for you)" or "not an id": the caller's 404.
_ABSENT = frozenset({400, 403, 404, 410, 422})

_access_cache = Cache(max_size=_MAX_CACHE, ttl_s=ACCESS_TTL_S)
_course_state_cache = Cache(max_size=_MAX_CACHE, ttl_s=ACCESS_TTL_S)
_sections_cache = Cache(max_size=_MAX_CACHE, ttl_s=ACCESS_TTL_S)
# display names change rarely; a roster of a large course asks for many at once
_name_cache = Cache(max_size=_MAX_CACHE, ttl_s=300.0)
# instructor pages: a bio may lag a minute; the presigned avatar URL lives an hour
_public_profile_cache = Cache(max_size=_MAX_CACHE, ttl_s=60.0)


def clear_caches() -> None:
    """Forget every cached answer (tests start from empty caches)."""
    _access_cache.clear()
    _course_state_cache.clear()
    _sections_cache.clear()
    _name_cache.clear()
    _public_profile_cache.clear()


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


def _url(service: str, template: str, *ids: str, base: str | None = None) -> str:
    """The URL of `template` on `service`, each id quoted as one path segment."""
    path = template.format(*(path_segment(value) for value in ids))
    return (base or deps.settings().service_urls[service]) + path


class _Absent(Exception):
    """The other service says the thing does not exist, is hidden, or was not a valid id."""


def _unexpected(service: str, what: str, detail) -> ServiceUnavailable:
    logger.error("%s service: unexpected answer to %s: %s", service, what, detail)
    return ServiceUnavailable(f"The {service} service gave an answer this request cannot use.")


def _body(response, service: str, what: str, *, absent=_ABSENT, token=True, relay=False) -> dict:
    """The JSON object of a 2xx answer; every other status is mapped by this one rule.

    relay (writes): 422 → ValidationFailed with the other service's field errors;
    absent (400/403/404/410/422 by default) → _Absent, for the caller's 404;
    401 to a call with the caller's token → Unauthorized (refused there: sign in again);
    429, 401 without a token and anything else → ServiceUnavailable (5xx and timeouts
    already are, in call_service). 204 is an empty object.
    """
    status = response.status_code
    if relay and status == 422:
        problem = _json(response, service, what, required=False) or {}
        raise ValidationFailed(
            problem.get("detail") or "Invalid input.", errors=problem.get("errors")
        )
    if status in absent:
        raise _Absent()
    if status == 401 and token:
        raise Unauthorized(f"The {service} service refused your access token; sign in again.")
    if not 200 <= status < 300:
        logger.warning("%s service answered %s to %s", service, status, what)
        raise ServiceUnavailable(f"The {service} service could not answer; try again shortly.")
    if status == 204:
        return {}
    return _json(response, service, what)


def _json(response, service: str, what: str, *, required=True) -> dict | None:
    """The answer's JSON object; not JSON or not an object is the other side's bug → 503."""
    try:
        body = response.json()
    except ValueError as error:
        if not required:
            return None
        raise _unexpected(service, what, "not JSON") from error
    if not isinstance(body, dict):
        if not required:
            return None
        raise _unexpected(service, what, "not a JSON object")
    return body


def _field(body: dict, name: str, kind: type, service: str, what: str):
    """`body[name]`, which must be a `kind`; anything else is the other side's bug → 503."""
    value = body.get(name)
    if not isinstance(value, kind):
        raise _unexpected(service, what, f"{name!r} is not a {kind.__name__}")
    return value


def _get(service: str, what: str, url: str, user: User | None, **kwargs) -> dict:
    """GET `url` as `user` (or anonymously) and map the answer with `_body`."""
    token = user.token if user is not None else None
    response = call_service("GET", url, token=token, **kwargs)
    return _body(response, service, what, token=token is not None)


# -- course service ------------------------------------------------------------------------


def course_access(course_id: str, user: User) -> CourseAccess:
    """Ask the course service (cached ~5 s); raise NotFound when the course is unknown to us."""
    if not is_id(course_id):
        raise NotFound("No such course.")
    # Only grants are cached: a learner who has just enrolled must not be refused for
    # the next few seconds; a revoked grant may linger ACCESS_TTL_S at most.
    return _access_cache.fetch(
        (user.id, user.role, course_id),
        lambda: _fetch_course_access(course_id, user),
        keep=lambda access: access.can_view_content or access.can_moderate,
    )


def _fetch_course_access(course_id: str, user: User) -> CourseAccess:
    url = _url("course", "/api/courses/{}/access", course_id)
    try:
        body = _get("course", "course access", url, user)
    except _Absent:
        raise NotFound("No such course.") from None
    try:
        return CourseAccess(
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


def course_state(course_id: str) -> dict | None:
    """{id, published} of an existing course, None if it never existed or was deleted.

    From the course service's internal route (no user token needed: HLS playlists and
    anonymous catalog visitors carry none); cached ~5 s, absences too.
    """
    if not is_id(course_id):
        return None

    def fetch() -> dict | None:
        url = _url("course", "/internal/courses/{}", course_id)
        try:
            body = _get("course", "course state", url, None)
        except _Absent:
            return None
        return {"id": course_id, "published": _field(body, "published", bool, "course", "state")}

    return _course_state_cache.fetch(course_id, fetch)


def published_course(course_id: str) -> bool:
    """Whether the course exists and is published (its catalog page is public); cached."""
    state = course_state(course_id)
    return state is not None and state["published"]


def course_exists(course_id: str) -> bool:
    """Whether the course exists (not deleted); cached ~5 s."""
    return course_state(course_id) is not None


def course_section_ids(course_id: str, user: User | None, *, fresh: bool = False):
    """The ids of a course's current sections (frozenset), None when the course is hidden
    from `user` or gone; cached ~5 s unless `fresh` (a write checks the sections of now)."""
    if not is_id(course_id):
        return None

    def fetch():
        url = _url("course", "/api/courses/{}", course_id)
        try:
            body = _get("course", "course sections", url, user)
        except _Absent:
            return None
        course = _field(body, "course", dict, "course", "course sections")
        return frozenset(str(s["id"]) for s in course.get("sections") or [] if "id" in s)

    if fresh:
        value = fetch()
        if value is not None:
            _sections_cache.put(course_id, value)
        return value
    return _sections_cache.fetch(course_id, fetch, keep=lambda value: value is not None)


# -- video service -------------------------------------------------------------------------


def get_video(video_id: str, user: User) -> dict | None:
    """The video resource as the video service shows it to `user`, or None if it does not exist."""
    if not is_id(video_id):
        return None
    try:
        body = _get("video", "get video", _url("video", "/api/videos/{}", video_id), user)
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
    url = _url("video", "/api/videos")
    try:
        body = _get("video", "course videos", url, user, params={"course_id": course_id})
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


def display_names(user_ids: list[str], user: User) -> dict[str, str]:
    """Public display names of users (profile service, cached 5 min); unknown ones left out."""
    names = {}
    for user_id in user_ids:  # one call per name not yet cached (rosters are paged)
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


# -- profile and auth services -------------------------------------------------------------


def public_profile(user_id: str) -> dict | None:
    """{user_id, display_name, bio, avatar_url} of a user's profile, None without one.

    From the profile service's internal route (service token: instructor pages are public,
    their visitors carry no token); cached a minute, absences too.
    """
    if not is_id(user_id):
        return None

    def fetch() -> dict | None:
        url = _url("profile", "/internal/profiles/{}", user_id)
        try:
            body = _get("profile", "public profile", url, None)
        except _Absent:
            return None
        profile = _field(body, "profile", dict, "profile", "public profile")
        return {
            "user_id": user_id,
            "display_name": str(profile.get("display_name") or ""),
            "bio": str(profile.get("bio") or ""),
            "avatar_url": profile.get("avatar_url")
            if isinstance(profile.get("avatar_url"), str)
            else None,
        }

    return _public_profile_cache.fetch(user_id, fetch)


def display_name(user: User) -> str | None:
    """The caller's display name on their profile, None when they have no profile yet."""
    url = _url("profile", "/api/profiles/{}", user.id)
    try:
        body = _get("profile", "profile", url, user)
    except _Absent:
        return None
    name = _field(body, "profile", dict, "profile", "profile").get("display_name")
    return (name.strip() or None) if isinstance(name, str) else None


def _account(response, what: str, *, relay=False) -> dict:
    try:
        body = _body(response, "auth", what, relay=relay)
    except _Absent:
        raise NotFound(f"No such {what}.") from None
    return _field(body, "user", dict, "auth", what)


def my_account(user: User) -> dict:
    """The caller's account (id, display_name, …) from GET /api/auth/me."""
    return _account(call_service("GET", _url("auth", "/api/auth/me"), token=user.token), "account")


def public_account(user_id: str, user: User) -> dict:
    """Another user's public card (no email); NotFound when there is no such account."""
    if not is_id(user_id):
        raise NotFound("No such profile.")
    url = _url("auth", "/api/auth/users/{}/public", user_id)
    return _account(call_service("GET", url, token=user.token), "profile")


def rename_account(user: User, name: str) -> dict:
    """Keep the account's display name in step with the profile's (422 relayed)."""
    url = _url("auth", "/api/auth/me")
    response = call_service("PATCH", url, token=user.token, json_body={"display_name": name})
    return _account(response, "account", relay=True)


# -- the video worker (no app, no user: its own settings name the course service) ----------


def deleted_courses(*, course_url: str) -> list[str]:
    """Ids of deleted courses whose videos are still to be swept (an internal route)."""
    url = _url("course", "/internal/courses/deleted", base=course_url)
    body = _body(call_service("GET", url), "course", "deleted courses", absent=(), token=False)
    items = _field(body, "items", list, "course", "deleted courses")
    return [
        item["course_id"]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("course_id"), str)
    ]


def forget_deleted_course(course_id: str, *, course_url: str) -> None:
    """Acknowledge that a deleted course's videos are gone (idempotent)."""
    url = _url("course", "/internal/courses/deleted/{}", course_id, base=course_url)
    _body(call_service("DELETE", url), "course", "forget deleted", absent=(), token=False)


def report_course_video(
    course_id: str, video_id: str, *, duration_s: float | None, course_url: str | None = None
) -> bool:
    """Tell the course service a video is ready (`duration_s`) or gone (None), for its
    video_count and total_duration_s; idempotent. False (logged) when it could not be told:
    a report must never fail the transcode or the deletion that caused it."""
    url = _url("course", "/internal/courses/{}/videos/{}", course_id, video_id, base=course_url)
    try:
        if duration_s is None:
            response = call_service("DELETE", url)
        else:
            response = call_service("PUT", url, json_body={"duration_s": float(duration_s)})
        _body(response, "course", "video report", absent=frozenset({404}), token=False)
    except _Absent:
        return True  # the course is gone: nothing left to count
    except ServiceUnavailable as error:
        logger.warning("course %s not told about video %s: %s", course_id, video_id, error)
        return False
    return True


# -- the account lifecycle (auth's deletion and export jobs: no user, a service token) -----


def account_data_request(method: str, url: str):
    """One call to a service's internal account-data route (GET export, DELETE purge).

    The caller reads the status itself: for a purge, 404 means the service holds nothing of
    the user, which is success. A service token is attached (the route is `/internal/`).
    """
    return call_service(method, url)
