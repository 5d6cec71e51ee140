"""Removing the videos of deleted courses, in the background (run by the worker).

Deleting a course writes a tombstone in the course service's table in the same
transaction. The worker lists those tombstones (an internal course-service route NGINX
never exposes), deletes each course's videos with all their S3 objects, and only then
acknowledges the tombstone: a worker that dies half-way leaves it, and the next sweep
(idempotent) finishes the job. So an acknowledged course deletion always ends with its
objects removed.
"""

from __future__ import annotations

import logging

from service_kit import clients

from .media import video_prefix

logger = logging.getLogger(__name__)


def remove_course_videos(course_id: str, *, store, media) -> int:
    """Delete every video of a course: S3 objects first, then the item; return how many."""
    videos = store.list_course(course_id=course_id)
    for video in videos:
        upload = video.get("upload") or {}
        if upload.get("method") == "multipart" and video["status"] == "uploading":
            media.abort_multipart(key=upload["key"], upload_id=upload["upload_id"])
        media.delete_prefix(prefix=video_prefix(video["id"]))
        store.delete(video_id=video["id"])
    return len(videos)


def sweep_deleted_courses(*, course_url: str, store, media) -> int:
    """One sweep: remove the videos of every tombstoned course, then ack it; return how many
    courses were swept (raises ServiceUnavailable when the course service cannot answer)."""
    swept = 0
    for course_id in clients.deleted_courses(course_url=course_url):
        removed = remove_course_videos(course_id, store=store, media=media)
        clients.forget_deleted_course(course_id, course_url=course_url)
        swept += 1
        logger.info("deleted course %s: removed %s videos", course_id, removed)
    return swept
