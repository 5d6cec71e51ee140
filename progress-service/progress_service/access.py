"""Who may record progress on what: course access (kit-cached) and video membership (memo)."""

from __future__ import annotations

import threading

import service_kit as kit
from service_kit import clients

_MAX_MEMO = 50_000


class VideoNotFound(kit.NotFound):
    """No such video (or one the caller may not know exists)."""


class NotInCourse(kit.Forbidden):
    """The caller may not watch this course's videos."""


class VideoCourses:
    """video id -> course id, learned from the video service once per video and process.

    A video never moves to another course, so the answer can be kept: the hot heartbeat
    path then asks the video service only for the first heartbeat of each video.
    """

    def __init__(self, max_size: int = _MAX_MEMO):
        self.max_size = max_size
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def course_of(self, video_id: str, user: kit.User) -> str:
        """The course a video belongs to; VideoNotFound when the caller cannot see it."""
        with self._lock:
            known = self._known.get(video_id)
        if known is not None:
            return known
        video = clients.get_video(video_id, user)
        if video is None:
            raise VideoNotFound("No such video.")
        with self._lock:
            if len(self._known) >= self.max_size:
                self._known.clear()
            self._known[video_id] = video["course_id"]
        return video["course_id"]


def check_may_watch(memo: VideoCourses, *, user: kit.User, video_id: str, course_id: str) -> None:
    """Raise unless `user` may view `course_id` and `video_id` belongs to it."""
    access = clients.course_access(course_id, user)  # NotFound → 404; cached ~5 s by the kit
    if not access.can_view_content:
        raise NotInCourse("Enrol in this course to record progress.")
    if memo.course_of(video_id, user) != course_id:
        raise kit.ValidationFailed(
            "The video does not belong to this course.",
            errors={"course_id": "The video does not belong to this course."},
        )
