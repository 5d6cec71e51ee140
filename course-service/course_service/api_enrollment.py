"""HTTP handlers for enrolments, the caller's courses and the access decision."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, current_app, jsonify

from . import rules
from .api import courses, find_course
from .errors import EnrollmentNotFound, NotPublished
from .schemas import Access, CoursePage, EnrollmentOut
from .store_enrollment import EnrollmentStore

blueprint = Blueprint("enrollment", __name__)
ACCESS_MAX_AGE_S = 5  # service_kit.clients caches the decision as long


def enrollments() -> EnrollmentStore:
    """The enrolment store of this app."""
    return current_app.extensions["course.enrollments"]


@blueprint.put("/<id:course_id>/enrollment")
@kit.require_user
@kit.spec(
    response=EnrollmentOut,
    status=201,
    responses={200: "Already enrolled (idempotent)"},
    errors=(NotPublished,),
)
def enrol(course_id: str):
    """Enrol the caller (idempotent: 201 the first time, 200 after)."""
    user = kit.current_user()
    course = find_course(course_id, user, consistent=True)
    existing = enrollments().get(user_id=user.id, course_id=course_id)
    if existing is not None:
        return jsonify(enrollment=existing), 200
    if not course["published"]:
        raise NotPublished()
    enrollment, created = enrollments().add(user_id=user.id, course_id=course_id)
    return jsonify(enrollment=enrollment), 201 if created else 200


@blueprint.get("/<id:course_id>/enrollment")
@kit.require_user
@kit.spec(response=EnrollmentOut)
def get_enrollment(course_id: str):
    """The caller's enrolment in the course, or 404."""
    user = kit.current_user()
    find_course(course_id, user)
    enrollment = enrollments().get(user_id=user.id, course_id=course_id)
    if enrollment is None:
        raise EnrollmentNotFound()
    return jsonify(enrollment=enrollment)


@blueprint.delete("/<id:course_id>/enrollment")
@kit.require_user
@kit.spec(status=204)
def unenrol(course_id: str):
    """Leave the course (idempotent: 204 whether or not the caller was enrolled)."""
    enrollments().remove(user_id=kit.current_user().id, course_id=course_id)
    return "", 204


@blueprint.get("/enrolled")
@kit.require_user
@kit.spec(query=kit.PageQuery, response=CoursePage)
def list_enrolled_courses(query: kit.PageQuery):
    """The caller's courses, most recent enrolment first (deleted or hidden ones left out)."""
    user = kit.current_user()
    ids, next_cursor = enrollments().list_course_ids(
        user_id=user.id, cursor=query.cursor, limit=query.limit
    )
    found = courses().get_many(course_ids=ids) if ids else {}
    items = [
        found[i]
        for i in ids
        if i in found and (found[i]["published"] or rules.is_manager(found[i], user))
    ]
    return jsonify(items=items, next_cursor=next_cursor)


@blueprint.get("/<id:course_id>/access")
@kit.require_user
@kit.spec(response=Access)
def get_access(course_id: str):
    """May the caller see this course's content or moderate it? (for other services)"""
    user = kit.current_user()
    course = find_course(course_id, user, consistent=True)
    enrolled = not rules.is_manager(course, user) and (
        enrollments().get(user_id=user.id, course_id=course_id) is not None
    )
    response = jsonify(rules.access(course, user, enrolled=enrolled))
    response.headers["Cache-Control"] = f"private, max-age={ACCESS_MAX_AGE_S}"
    response.headers["Vary"] = "Authorization"
    return response
