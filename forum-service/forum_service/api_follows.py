"""HTTP handlers for following threads and courses under /api/forum."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify

from .access import member_access
from .api import thread_or_404
from .deps import follows
from .schemas_notify import FollowState

blueprint = Blueprint("forum_follows", __name__)


def _thread_target(thread_id: str) -> dict:
    thread = thread_or_404(thread_id)
    member_access(thread["course_id"], kit.current_user())
    return {"kind": "thread", "target_id": thread_id, "course_id": thread["course_id"]}


def _course_target(course_id: str) -> dict:
    member_access(course_id, kit.current_user())
    return {"kind": "course", "target_id": course_id, "course_id": course_id}


@blueprint.put("/threads/<id:thread_id>/follow")
@kit.require_user
@kit.spec(response=FollowState)
def follow_thread(thread_id):
    """Follow a thread: each new reply notifies the caller (idempotent)."""
    follows().follow(**_thread_target(thread_id), user_id=kit.current_user().id)
    return jsonify(following=True)


@blueprint.delete("/threads/<id:thread_id>/follow")
@kit.require_user
@kit.spec(status=204)
def unfollow_thread(thread_id):
    """Stop following a thread (replying later does not follow it again)."""
    follows().unfollow(**_thread_target(thread_id), user_id=kit.current_user().id)
    return "", 204


@blueprint.get("/courses/<id:course_id>/follow")
@kit.require_user
@kit.spec(response=FollowState)
def get_course_follow(course_id):
    """Whether the caller follows the course's new threads."""
    target = _course_target(course_id)
    following = follows().is_following(
        kind="course", target_id=target["target_id"], user_id=kit.current_user().id
    )
    return jsonify(following=following)


@blueprint.put("/courses/<id:course_id>/follow")
@kit.require_user
@kit.spec(response=FollowState)
def follow_course(course_id):
    """Follow a course: each new thread notifies the caller (idempotent)."""
    follows().follow(**_course_target(course_id), user_id=kit.current_user().id)
    return jsonify(following=True)


@blueprint.delete("/courses/<id:course_id>/follow")
@kit.require_user
@kit.spec(status=204)
def unfollow_course(course_id):
    """Stop following a course (idempotent)."""
    follows().unfollow(**_course_target(course_id), user_id=kit.current_user().id)
    return "", 204
