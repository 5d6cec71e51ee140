"""HTTP handlers under /api/progress: parse, call the store, shape the output."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify
from service_kit import clients, clock

from . import coverage
from .access import check_may_watch
from .deps import analytics, settings, store, video_courses
from .deps import clock as wall_clock
from .errors import ProgressNotFound, VideoNotReady
from .schemas import CourseProgress, Heartbeat, ProgressEnvelope, RecentPage, RecentQuery

blueprint = Blueprint("progress", __name__)


def _now() -> str:
    return clock.timestamp()


@blueprint.put("/videos/<id:video_id>")
@kit.require_user
@kit.spec(body=Heartbeat, response=ProgressEnvelope, errors=(VideoNotReady,))
def put_progress(video_id, body):
    """The player's heartbeat: resume point plus the spans played since the last one."""
    user = kit.current_user()
    duration_s, counted = check_may_watch(
        video_courses(),
        user=user,
        video_id=video_id,
        course_id=body.course_id,
    )
    # The video's own duration bounds everything the client claims (its duration is a hint).
    now = _now()
    progress, change = store().beat(
        user_id=user.id,  # keys come from the token only: nobody writes another's progress
        video_id=video_id,
        course_id=body.course_id,
        position_s=min(body.position_s, duration_s),
        duration_s=duration_s,
        cells=coverage.cells_of(coverage.clip(body.watched, duration_s)),
        now=now,
        now_s=wall_clock()(),
        fingerprint=coverage.fingerprint(body.watched),
    )
    if counted and settings().analytics:
        analytics().record(
            user_id=user.id, course_id=body.course_id, video_id=video_id, change=change, now=now
        )
    return jsonify(progress=progress)


@blueprint.get("/videos/<id:video_id>")
@kit.require_user
@kit.spec(response=ProgressEnvelope)
def get_progress(video_id):
    """The caller's progress on a video (the resume point), or 404."""
    user = kit.current_user()
    progress = store().get(user_id=user.id, video_id=video_id)
    if progress is None:
        raise ProgressNotFound("No progress on this video yet.")
    return jsonify(progress=progress)


@blueprint.get("/courses/<id:course_id>")
@kit.require_user
@kit.spec(response=CourseProgress)
def get_course_progress(course_id):
    """The caller's progress through a course: completed of its ready videos."""
    user = kit.current_user()
    listed = clients.list_course_videos(course_id, user)  # ordered by position
    order = {v["id"]: n for n, v in enumerate(listed) if v.get("status") == "ready"}
    mine = store().list_course(user_id=user.id, course_id=course_id)
    # Progress on deleted or not-ready videos does not count toward the course.
    videos = sorted((p for p in mine if p["video_id"] in order), key=lambda p: order[p["video_id"]])
    completed = sum(1 for p in videos if p["completed"])
    return jsonify(
        course_id=course_id,
        completed_videos=completed,
        total_videos=len(order),
        percent=round(completed / len(order) * 100, 2) if order else 0.0,
        videos=videos,
    )


@blueprint.get("/recent")
@kit.require_user
@kit.spec(query=RecentQuery, response=RecentPage)
def list_recent(query):
    """ "Continue watching": the caller's unfinished videos, most recent first."""
    user = kit.current_user()
    return jsonify(items=store().list_recent(user_id=user.id, limit=query.limit))
