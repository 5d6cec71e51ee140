"""Who may read, write and moderate a course's forum, and the author's display name."""

from __future__ import annotations

import service_kit as kit
from service_kit import clients

from .errors import NotAllowed, NotAMember

FALLBACK_NAME = "Learner"
MEMBERS = ("enrolled", "owner", "admin")


def member_access(course_id: str, user: kit.User) -> clients.CourseAccess:
    """The caller's access to a course's forum: 404 unknown course, 403 not a member."""
    access = clients.course_access(course_id, user)  # cached ~5 s by the kit
    if access.relation not in MEMBERS:
        raise NotAMember("Enrol in this course to use its forum.")
    return access


def require_moderator(course_id: str, user: kit.User) -> clients.CourseAccess:
    """Member access that also moderates (the course owner or an admin)."""
    access = member_access(course_id, user)
    if not access.can_moderate:
        raise NotAllowed("Only the course owner or an admin may do this.")
    return access


def may_remove(post: dict, user: kit.User, access: clients.CourseAccess) -> bool:
    """Authors and moderators may delete a post."""
    return post["author_id"] == user.id or access.can_moderate


def author_name(user: kit.User) -> str:
    """The caller's display name from the profile service, read at write time.

    An unreachable profile service fails the post (503, so names stay right); a profile that
    does not exist yet falls back to a neutral name.
    """
    name = clients.display_name(user)
    return name[:100] if name else FALLBACK_NAME


def author_role(access: clients.CourseAccess) -> str | None:
    """The badge a post shows beside its author: the course's instructor or a moderator."""
    return {"owner": "instructor", "admin": "moderator"}.get(access.relation)
