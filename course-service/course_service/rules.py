"""Who may see, change or use a course: the service's rules, kept out of the handlers."""

from __future__ import annotations

import re

from service_kit import BadRequest, Forbidden, User

from .errors import CourseNotFound

_VERSION = re.compile(r'^\s*(W/)?"?(\d{1,18})"?\s*$')


def is_manager(course: dict, user: User | None) -> bool:
    """The owner or an admin."""
    return user is not None and (user.is_admin or user.id == course["owner_id"])


def visible(course: dict | None, user: User | None) -> dict:
    """The course if the caller may know it exists (drafts: owner and admin), else 404."""
    if course is None or not (course["published"] or is_manager(course, user)):
        raise CourseNotFound()
    return course


def ensure_manager(course: dict, user: User) -> None:
    """403 unless the caller owns the course or is an admin."""
    if not is_manager(course, user):
        raise Forbidden("Only the course's owner or an admin may change it.")


def relation(course: dict, user: User, *, enrolled: bool) -> str:
    """owner | admin | enrolled | none."""
    if user.id == course["owner_id"]:
        return "owner"
    if user.is_admin:
        return "admin"
    return "enrolled" if enrolled else "none"


def access(course: dict, user: User, *, enrolled: bool) -> dict:
    """The access decision other services ask for."""
    link = relation(course, user, enrolled=enrolled)
    return {
        "course_id": course["id"],
        "owner_id": course["owner_id"],
        "title": course["title"],
        "published": course["published"],
        "relation": link,
        "can_view_content": link != "none",
        "can_moderate": link in ("owner", "admin"),
    }


def expected_versions(header: str | None) -> frozenset[int] | None:
    """Versions an If-Match header names ("3", 3, comma-separated); None: any.

    Comparison is strong (RFC 9110 §13.1.1): a weak tag such as W/"3" names no version,
    so a header of only weak tags matches nothing (412).
    """
    if header is None or header.strip() in ("", "*"):
        return None
    versions = [_VERSION.match(part) for part in header.split(",")]
    if not all(versions):
        raise BadRequest(
            'If-Match must name a course version, e.g. "3".',
            errors={"If-Match": 'Expected a version number such as "3".'},
        )
    return frozenset(int(match.group(2)) for match in versions if not match.group(1))


def etag(course: dict) -> str:
    """The ETag of a course: its version."""
    return f'"{course["version"]}"'
