"""HTTP handlers for a course's cover image: upload form, completion, removal (owner, admin)."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify

from . import rules
from .api import find_course
from .covers import BadCover
from .deps import courses, covers
from .errors import EditConflict, NoCoverUpload
from .schemas import CourseOut, CoverUploadRequest, UploadEnvelope

blueprint = Blueprint("covers", __name__)


def _managed(course_id: str) -> dict:
    user = kit.current_user()
    course = find_course(course_id, user)
    rules.ensure_manager(course, user)
    return course


@blueprint.post("/<id:course_id>/cover")
@kit.require_user
@kit.spec(body=CoverUploadRequest, response=UploadEnvelope, status=201)
def create_cover_upload(course_id: str, body: CoverUploadRequest):
    """A presigned POST for a new cover (png/jpeg/webp, ≤ 5 MiB, enforced by S3's policy)."""
    _managed(course_id)
    upload = covers().upload_form(course_id=course_id, content_type=body.content_type)
    return jsonify(upload=upload, complete_url=f"/api/courses/{course_id}/cover/complete"), 201


@blueprint.post("/<id:course_id>/cover/complete")
@kit.require_user
@kit.spec(response=CourseOut, errors=(NoCoverUpload, kit.ValidationFailed, EditConflict))
def complete_cover_upload(course_id: str):
    """Re-encode the uploaded file into the cover's webp sizes and show it on the course."""
    _managed(course_id)
    try:
        base = covers().publish(course_id=course_id)
    except BadCover as error:
        raise kit.ValidationFailed(str(error), errors={"cover": str(error)}) from None
    if base is None:
        raise NoCoverUpload()
    replaced = {}
    course = courses().update(
        course_id=course_id,
        changes=lambda old: replaced.update(key=old.get("cover_key")) or {"cover_key": base},
        if_match=None,
    )
    covers().remove(replaced.get("key"))
    response = jsonify(course=course)
    response.headers["ETag"] = rules.etag(course)
    return response


@blueprint.delete("/<id:course_id>/cover")
@kit.require_user
@kit.spec(status=204, errors=(EditConflict,))
def delete_cover(course_id: str):
    """Remove the course's cover (cards show the generated placeholder again)."""
    _managed(course_id)
    removed = {}
    courses().update(
        course_id=course_id,
        changes=lambda old: removed.update(key=old.get("cover_key")) or {"cover_key": None},
        if_match=None,
    )
    covers().remove(removed.get("key"))
    return "", 204
