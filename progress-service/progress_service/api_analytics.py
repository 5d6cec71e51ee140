"""Instructor analytics under /api/progress: video, course and roster (owners and admins)."""

from __future__ import annotations

import csv
import io

import service_kit as kit
from flask import Blueprint, Response, jsonify, request
from service_kit import clients

from . import analytics
from .access import check_manages
from .deps import analytics as _analytics
from .deps import cursor_secret, video_courses
from .errors import NotManager, VideoNotReady
from .schemas import CourseAnalytics, LearnerPage, LearnersQuery, VideoAnalytics

blueprint = Blueprint("progress_analytics", __name__)

CSV_FIELDS = (
    "user_id",
    "display_name",
    "completed_videos",
    "total_videos",
    "percent",
    "watched_s",
    "last_activity_at",
)


def _ready_videos(course_id: str, user: kit.User) -> list[dict]:
    """The course's ready videos, in course order."""
    return [v for v in clients.list_course_videos(course_id, user) if v.get("status") == "ready"]


@blueprint.get("/videos/<id:video_id>/analytics")
@kit.require_user
@kit.spec(response=VideoAnalytics, errors=(NotManager, VideoNotReady))
def get_video_analytics(video_id):
    """Viewers, completion, watch time, retention per 10 s and re-watch hot spots of a video."""
    user = kit.current_user()
    course_id, duration_s = video_courses().video_of(video_id, user)
    check_manages(course_id, user)
    return jsonify(
        _analytics().video(video_id=video_id, course_id=course_id, duration_s=duration_s)
    )


@blueprint.get("/courses/<id:course_id>/analytics")
@kit.require_user
@kit.spec(response=CourseAnalytics, errors=(NotManager,))
def get_course_analytics(course_id):
    """The course's funnel (enrolled → started → completed) and per-video figures."""
    user = kit.current_user()
    check_manages(course_id, user)
    course = clients.get_course(course_id, user)
    ready = _ready_videos(course_id, user)
    figures = analytics.course_figures(
        _analytics().roster(course_id=course_id), [v["id"] for v in ready]
    )
    for video, row in zip(ready, figures["videos"], strict=True):
        row.update(title=video.get("title"), duration_s=video.get("duration_s"))
    return jsonify(course_id=course_id, learners=int(course.get("enrolled_count", 0)), **figures)


def _wants_csv(query: LearnersQuery) -> bool:
    if query.format == "csv":
        return True
    return request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@blueprint.get("/courses/<id:course_id>/learners")
@kit.require_user
@kit.spec(
    query=LearnersQuery,
    response=LearnerPage,
    errors=(NotManager,),
    responses={200: "A page of learners, or with `format=csv` / `Accept: text/csv` all of them"},
)
def list_learners(course_id, query):
    """The learners with progress in the course: progress, watched time, last activity."""
    user = kit.current_user()
    check_manages(course_id, user)
    ready = [v["id"] for v in _ready_videos(course_id, user)]
    if _wants_csv(query):
        rows = _analytics().roster(course_id=course_id)
        names = clients.display_names([r["user_id"] for r in rows], user)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_FIELDS)
        for row in rows:
            line = analytics.roster_row(row, ready, names)
            writer.writerow([_cell(line[name]) for name in CSV_FIELDS])
        return Response(
            out.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="learners-{course_id}.csv"'},
        )
    rows, cursor = _analytics().roster_page(
        course_id=course_id,
        limit=query.limit,
        cursor=query.cursor,
        secret=cursor_secret(),
    )
    names = clients.display_names([r["user_id"] for r in rows], user)
    return jsonify(
        items=[analytics.roster_row(row, ready, names) for row in rows], next_cursor=cursor
    )
