"""HTTP handlers under /api/videos: parse, check who may, call the store, shape the output."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from service_kit import (
    NotFound,
    ValidationFailed,
    clients,
    clock,
    current_user,
    optional_user,
    require_user,
    spec,
)

from .access import moderator_access, viewer_access, visible_courses
from .deps import media, settings, store, transcripts
from .errors import VideoNotFound
from .media import video_prefix
from .schemas import (
    CourseQuery,
    LookupQuery,
    VideoCreate,
    VideoCreated,
    VideoEnvelope,
    VideoList,
    VideoUpdate,
)
from .uploads import create_upload, upload_instructions
from .views import video_json

logger = logging.getLogger(__name__)
blueprint = Blueprint("video", __name__)


def shown(item: dict) -> dict:
    """A stored video as the client sees it (its section only if the course still has it)."""
    sections = frozenset()
    if item.get("section_id"):  # only then ask the course service (cached ~5 s per course)
        sections = clients.course_section_ids(item["course_id"], optional_user()) or frozenset()
    return video_json(item, media=media(), ttl_s=settings().stream_url_ttl_s, sections=sections)


def check_section(course_id: str, section_id: str | None) -> None:
    """422 unless `section_id` is null or one of the course's sections right now."""
    if section_id is None:
        return
    current = clients.course_section_ids(course_id, current_user(), fresh=True) or frozenset()
    if section_id not in current:
        raise ValidationFailed(
            "No such section in this course.", errors={"section_id": "No such section."}
        )


def check_chapters(item: dict, chapters: list[dict] | None) -> None:
    """422 unless every chapter starts within the video (its duration is known once ready)."""
    if not chapters:
        return
    duration = item.get("duration_s")
    if duration is None:
        detail = "Chapters can be set once the video is transcoded (its duration is known)."
        raise ValidationFailed(detail, errors={"chapters": detail})
    for number, chapter in enumerate(chapters, 1):
        if chapter["start_s"] >= float(duration):
            detail = f"Chapter {number} starts at or after the end of the video ({duration} s)."
            raise ValidationFailed(detail, errors={f"chapters.{number - 1}.start_s": detail})


def load_video(video_id: str) -> dict:
    """A stored video or 404."""
    item = store().get(video_id=video_id)
    if item is None:
        raise VideoNotFound()
    return item


def load_managed_video(video_id: str) -> dict:
    """A stored video (404) whose course the caller moderates: owner or admin (403)."""
    item = load_video(video_id)
    moderator_access(item["course_id"], current_user())
    return item


def load_visible_video(video_id: str) -> dict:
    """A video whose course the caller may see; 404 otherwise (its existence stays hidden)."""
    item = load_video(video_id)
    try:
        viewer_access(item["course_id"], optional_user())
    except NotFound as error:
        raise VideoNotFound() from error
    return item


@blueprint.post("")
@require_user
@spec(body=VideoCreate, response=VideoCreated, status=201, errors=(NotFound, ValidationFailed))
def create_video(body: VideoCreate):
    """Create a video in a course and get presigned URLs to upload its file straight to S3."""
    moderator_access(body.course_id, current_user())
    check_section(body.course_id, body.section_id)
    item = create_upload(
        body, uploader_id=current_user().id, store=store(), media=media(), settings=settings()
    )
    instructions = upload_instructions(item, media=media(), settings=settings())
    return jsonify(video=shown(item), upload=instructions), 201


@blueprint.get("")
@spec(query=CourseQuery, response=VideoList, errors=(NotFound,))
def list_videos(query: CourseQuery):
    """The videos of a course, ordered by position (anyone who may see the course)."""
    viewer_access(query.course_id, optional_user())
    items = store().list_course(course_id=query.course_id)
    return jsonify(items=[shown(item) for item in items])


@blueprint.get("/lookup")
@require_user
@spec(query=LookupQuery, response=VideoList)
def lookup_videos(query: LookupQuery):
    """The videos among `ids` the caller may see (deleted, unknown or hidden ones left out)."""
    found = {item["id"]: item for item in store().get_many(video_ids=query.id_list)}
    visible = visible_courses({item["course_id"] for item in found.values()}, current_user())
    items = [found[i] for i in query.id_list if i in found and found[i]["course_id"] in visible]
    return jsonify(items=[shown(item) for item in items])


@blueprint.get("/<id:video_id>")
@spec(response=VideoEnvelope)
def get_video(video_id: str):
    """One video (anyone who may see its course)."""
    return jsonify(video=shown(load_visible_video(video_id)))


@blueprint.patch("/<id:video_id>")
@require_user
@spec(body=VideoUpdate, response=VideoEnvelope, errors=(ValidationFailed,))
def update_video(video_id: str, body: VideoUpdate):
    """Change a video's title, description, position, section or chapters (owner, admin)."""
    item = load_managed_video(video_id)
    changes = body.model_dump(exclude_unset=True)
    if "section_id" in changes:
        check_section(item["course_id"], changes["section_id"])
    check_chapters(item, changes.get("chapters"))
    updated = store().update(video_id=video_id, changes=changes, now=clock.timestamp())
    return jsonify(video=shown(updated))


@blueprint.delete("/<id:video_id>")
@require_user
@spec(status=204)
def delete_video(video_id: str):
    """Delete a video and every S3 object it has (course owner, admin)."""
    item = load_managed_video(video_id)
    store().delete(video_id=video_id)
    clients.report_course_video(item["course_id"], video_id, duration_s=None)  # uncounted
    for language in item.get("captions") or {}:  # its transcripts leave the search index
        transcripts().delete(video_id=video_id, course_id=item["course_id"], language=language)
    upload = item.get("upload") or {}
    if upload.get("method") == "multipart" and item["status"] == "uploading":
        media().abort_multipart(key=upload["key"], upload_id=upload["upload_id"])
    removed = media().delete_prefix(prefix=video_prefix(video_id))
    media().forget(prefix=video_prefix(video_id))
    logger.info("deleted video %s and %s objects", video_id, removed)
    return "", 204
