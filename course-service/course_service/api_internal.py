"""Routes for other services only: outside /api/, so NGINX never exposes them.

They tell only whether a course exists (and is published) and which deleted courses still
have videos to sweep, and take the video service's reports of ready and deleted videos
(video_count, total_duration_s); the video service uses them where no user token is at
hand (HLS playlists, its worker), with a service token (service_kit.service_tokens).
"""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify
from service_kit.service_tokens import require_service

from .deps import courses
from .errors import CourseNotFound
from .schemas import VideoReport

blueprint = Blueprint("internal", __name__)
PREFIX = "/internal/courses"


@blueprint.get(f"{PREFIX}/deleted")
@require_service
def list_deleted_courses():
    """Deleted courses whose videos the video worker has not swept yet."""
    return jsonify(items=courses().list_deleted())


@blueprint.delete(f"{PREFIX}/deleted/<id:course_id>")
@require_service
def forget_deleted_course(course_id: str):
    """The video worker swept this deleted course's videos (idempotent)."""
    courses().forget_deleted(course_id=course_id)
    return "", 204


@blueprint.get(f"{PREFIX}/<id:course_id>")
@require_service
def get_course_state(course_id: str):
    """Whether a course exists: {id, published}, or 404 (never existed or deleted)."""
    course = courses().get(course_id=course_id, consistent=True)
    if course is None:
        raise CourseNotFound()
    return jsonify(id=course["id"], published=course["published"])


@blueprint.put(f"{PREFIX}/<id:course_id>/videos/<id:video_id>")
@require_service
@kit.spec(body=VideoReport, status=204, errors=(CourseNotFound,))
def count_ready_video(course_id: str, video_id: str, body: VideoReport):
    """A video of the course is ready with this duration (idempotent)."""
    courses().videos.ready(course_id=course_id, video_id=video_id, duration_s=body.duration_s)
    return "", 204


@blueprint.delete(f"{PREFIX}/<id:course_id>/videos/<id:video_id>")
@require_service
@kit.spec(status=204)
def uncount_video(course_id: str, video_id: str):
    """A video of the course was deleted (idempotent; unknown ones are ignored)."""
    courses().videos.gone(course_id=course_id, video_id=video_id)
    return "", 204
