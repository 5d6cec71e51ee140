"""HTTP handlers for a course's sections: create, rename or move, delete (owner, admin)."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify, request

from . import rules, sections
from .api import find_course
from .deps import courses
from .errors import EditConflict, SectionNotFound, StaleVersion, TooManySections
from .schemas import SectionCreate, SectionOut, SectionUpdate

blueprint = Blueprint("sections", __name__)
IF_MATCH = {"If-Match": 'The course version edited, e.g. "3"; 412 when stale'}


def _edit(course_id: str, change) -> dict:
    """Apply `change(stored sections)` as the owner or an admin; the course after it."""
    user = kit.current_user()
    rules.ensure_manager(find_course(course_id, user), user)
    if_match = rules.expected_versions(request.headers.get("If-Match"))
    return courses().update(
        course_id=course_id,
        changes=lambda old: {"sections": change(old.get("sections"))},
        if_match=if_match,
    )


def _answer(course: dict, section_id: str, status: int = 200):
    response = jsonify(section=sections.find(course, section_id))
    response.status_code = status
    response.headers["ETag"] = rules.etag(course)  # the course's new version, for If-Match
    return response


@blueprint.post("/<id:course_id>/sections")
@kit.require_user
@kit.spec(
    body=SectionCreate,
    response=SectionOut,
    status=201,
    errors=(StaleVersion, EditConflict, TooManySections),
    headers=IF_MATCH,
)
def create_section(course_id: str, body: SectionCreate):
    """Add a section at `position` (default: last); its id is chosen by the server."""
    section_id = sections.new_id()
    course = _edit(
        course_id,
        lambda stored: sections.added(
            stored, section_id=section_id, title=body.title, position=body.position
        ),
    )
    response = _answer(course, section_id, 201)
    response.headers["Location"] = f"{request.path.rstrip('/')}/{section_id}"
    return response


@blueprint.patch("/<id:course_id>/sections/<id:section_id>")
@kit.require_user
@kit.spec(
    body=SectionUpdate,
    response=SectionOut,
    errors=(StaleVersion, EditConflict, SectionNotFound),
    headers=IF_MATCH,
)
def update_section(course_id: str, section_id: str, body: SectionUpdate):
    """Rename a section and/or move it to `position` (0 first; past the end: last)."""
    course = _edit(
        course_id,
        lambda stored: sections.changed(
            stored, section_id=section_id, title=body.title, position=body.position
        ),
    )
    return _answer(course, section_id)


@blueprint.delete("/<id:course_id>/sections/<id:section_id>")
@kit.require_user
@kit.spec(status=204, errors=(StaleVersion, EditConflict, SectionNotFound), headers=IF_MATCH)
def delete_section(course_id: str, section_id: str):
    """Remove a section; its videos read as unsectioned (the video service checks the list)."""
    _edit(course_id, lambda stored: sections.removed(stored, section_id=section_id))
    return "", 204
