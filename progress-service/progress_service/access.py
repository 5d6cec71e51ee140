"""Who may record progress on what: course access (kit-cached) and video membership (memo)."""

from __future__ import annotations

import service_kit as kit
from service_kit import clients
from service_kit.cache import Cache

from .errors import NotInCourse, NotManager, VideoNotFound, VideoNotReady

_MAX_MEMO = 50_000


class VideoCourses:
    """video id -> (course id, duration), learned from the video service once per video.

    A ready video never moves to another course nor changes its duration, so the answer
    can be kept: the hot heartbeat path asks the video service only for the first
    heartbeat of each video. The duration is the video's own: the heartbeat's is a hint.
    """

    def __init__(self, max_size: int = _MAX_MEMO):
        self._known = Cache(max_size=max_size)  # least recently used first out, never stale

    def video_of(self, video_id: str, user: kit.User) -> tuple[str, float]:
        """(course id, duration_s) of a ready video; VideoNotFound when the caller cannot see
        it, VideoNotReady (409) while it has no duration yet."""
        known = self._known.get(video_id)
        if known is not None:
            return known
        video = clients.get_video(video_id, user)
        if video is None:
            raise VideoNotFound("No such video.")
        if video.get("status") != "ready" or video.get("duration_s") is None:
            raise VideoNotReady("This video cannot be watched yet: it is not ready.")
        known = (video["course_id"], float(video["duration_s"]))
        self._known.put(video_id, known)
        return known

    def course_of(self, video_id: str, user: kit.User) -> str:
        """The course a video belongs to."""
        return self.video_of(video_id, user)[0]


def check_may_watch(
    memo: VideoCourses, *, user: kit.User, video_id: str, course_id: str
) -> tuple[float, bool]:
    """Raise unless `user` may view `course_id` and `video_id` belongs to it.

    Returns the video's duration and whether the viewing counts for the analytics (a
    learner's does; the course owner's and admins' own viewing does not).
    """
    access = clients.course_access(course_id, user)  # NotFound → 404; cached ~5 s by the kit
    if not access.can_view_content:
        raise NotInCourse("Enrol in this course to record progress.")
    video_course, duration_s = memo.video_of(video_id, user)
    if video_course != course_id:
        raise kit.ValidationFailed(
            "The video does not belong to this course.",
            errors={"course_id": "The video does not belong to this course."},
        )
    return duration_s, access.relation == "enrolled" and not user.is_admin


def check_manages(course_id: str, user: kit.User) -> None:
    """Raise unless `user` owns the course or is an admin (404 for an unknown course)."""
    access = clients.course_access(course_id, user)
    if not (user.is_admin or access.relation in ("owner", "admin")):
        raise NotManager("Only the course owner and admins see its analytics.")
