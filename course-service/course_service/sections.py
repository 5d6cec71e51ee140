"""A course's sections: an ordered list stored on the course item, edited as a whole.

Positions are the list order (0 first); a position past the end means "last". Pure
functions of the stored list, so the store can recompute them on every edit retry.
"""

from __future__ import annotations

import uuid

from .errors import SectionNotFound, TooManySections

MAX_SECTIONS = 100  # keeps the course item small (DynamoDB items are ≤ 400 KB)


def new_id() -> str:
    """A fresh section id (the server chooses ids)."""
    return str(uuid.uuid4())


def _stored(sections) -> list[dict]:
    return [{"id": s["id"], "title": s["title"]} for s in sections or []]


def _place(sections: list[dict], section: dict, position: int | None) -> list[dict]:
    at = len(sections) if position is None else min(position, len(sections))
    return [*sections[:at], section, *sections[at:]]


def _index(sections: list[dict], section_id: str) -> int:
    for index, section in enumerate(sections):
        if section["id"] == section_id:
            return index
    raise SectionNotFound()


def added(sections, *, section_id: str, title: str, position: int | None) -> list[dict]:
    """The list with a new section at `position` (default: last)."""
    current = _stored(sections)
    if any(s["id"] == section_id for s in current):
        return current  # a retried edit already wrote it
    if len(current) >= MAX_SECTIONS:
        raise TooManySections(MAX_SECTIONS)
    return _place(current, {"id": section_id, "title": title}, position)


def changed(sections, *, section_id: str, title: str | None, position: int | None) -> list[dict]:
    """The list with one section renamed and/or moved to `position`."""
    current = _stored(sections)
    section = current.pop(_index(current, section_id))
    if title is not None:
        section = {**section, "title": title}
    at = _index(_stored(sections), section_id) if position is None else position
    return _place(current, section, at)


def removed(sections, *, section_id: str) -> list[dict]:
    """The list without the section (404 when it is not there)."""
    current = _stored(sections)
    current.pop(_index(current, section_id))
    return current


def find(course: dict, section_id: str) -> dict:
    """The public section of a course, or 404."""
    for section in course["sections"]:
        if section["id"] == section_id:
            return section
    raise SectionNotFound()
