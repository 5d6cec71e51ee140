"""Who may do what with a course's videos, as the course service decides it.

Signed-in callers: `service_kit.clients.course_access` (the course service's /access answer,
cached 5 s). Anonymous callers may see the videos of a *published* course (the catalog is
public), which `clients.published_course` tells; drafts stay hidden (404). HLS playlists
(no token) ask `course_exists`. Both are the kit's cached course-state call.
"""

from __future__ import annotations

from service_kit import NotFound, User, clients
from service_kit.clients import course_exists, published_course

from .errors import NotCourseModerator, NotEnrolled

__all__ = [
    "content_access",
    "course_exists",  # re-exported: the HLS handler asks access.course_exists
    "moderator_access",
    "published_course",
    "viewer_access",
    "visible_courses",
]


def moderator_access(course_id: str, user: User) -> clients.CourseAccess:
    """The course owner or an admin; anyone else who can see the course gets 403."""
    access = clients.course_access(course_id, user)
    if not access.can_moderate:
        raise NotCourseModerator()
    return access


def viewer_access(course_id: str, user: User | None) -> clients.CourseAccess | None:
    """Raise NotFound unless the caller may see the course (its video list, not the video)."""
    if user is not None:
        return clients.course_access(course_id, user)
    if not published_course(course_id):
        raise NotFound("No such course.")
    return None


def visible_courses(course_ids, user: User) -> set[str]:
    """The courses among `course_ids` whose videos the caller may see (the course service's
    rule: published, or the caller's own draft, or any course for an admin)."""
    visible = set()
    for course_id in course_ids:
        try:
            viewer_access(course_id, user)
        except NotFound:
            continue  # a draft of someone else, or a deleted course: its videos stay hidden
        visible.add(course_id)
    return visible


def content_access(course_id: str, user: User) -> clients.CourseAccess:
    """Enrolled students, the owner and admins may watch; other signed-in users get 403."""
    access = clients.course_access(course_id, user)
    if not access.can_view_content:
        raise NotEnrolled()
    return access
