"""HTTP handlers under /api/courses: the catalog, a course, the owner's courses."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify, request
from service_kit import etags

from . import people, rules
from .deps import courses, covers
from .errors import EditConflict, StaleVersion
from .paging import after_of, page
from .schemas import CatalogQuery, CourseCreate, CourseOut, CoursePage, CourseUpdate
from .text import category_key, query_words

blueprint = Blueprint("course", __name__)


def find_course(course_id: str, user: kit.User | None, *, consistent: bool = False) -> dict:
    """The course if it exists and the caller may know it does, else 404."""
    return rules.visible(courses().get(course_id=course_id, consistent=consistent), user)


def _with_etag(course: dict, status: int = 200):
    response = jsonify(course=course)
    response.status_code = status
    response.headers["ETag"] = rules.etag(course)
    return response


@blueprint.get("")
@kit.spec(query=CatalogQuery, response=CoursePage)
def list_courses(query: CatalogQuery):
    """Published courses (popular first by default); `q` finds words in title and tags
    (the last one a prefix, one typo forgiven per word of 5+ letters), newest match first
    unless `sort` says popular or title."""
    category, words = query.category or None, query_words(query.q or "")
    if not words and not query.q:
        order = "popular" if query.sort in (None, "relevance") else query.sort
        items, next_cursor = courses().list_published(
            category=category, level=query.level, order=order,
            cursor=query.cursor, limit=query.limit,
        )  # fmt: skip
        return jsonify(items=items, next_cursor=next_cursor)
    order = "newest" if query.sort in (None, "relevance") else query.sort
    # A search merges several postings lists: its cursor is the last sort key seen, not a key.
    scope = f"catalog|{category_key(category or '')}|{query.level or ''}|{order}|{' '.join(words)}"
    after = after_of(query.cursor, scope=scope)
    if not words:
        return jsonify(page([], None, scope=scope))  # only punctuation: nothing can match
    items, next_after = courses().search(
        words=words, category=category, level=query.level, after=after, limit=query.limit,
        order=order,
    )  # fmt: skip
    return jsonify(page(items, next_after, scope=scope))


@blueprint.post("")
@kit.require_role("instructor")
@kit.spec(body=CourseCreate, response=CourseOut, status=201)
def create_course(body: CourseCreate):
    """Create a course (instructors and admins); the caller owns it."""
    user = kit.current_user()
    course = courses().add(
        owner_id=user.id, fields=body.model_dump(), instructor_name=people.display_name(user)
    )
    response = _with_etag(course, 201)
    response.headers["Location"] = f"{request.path.rstrip('/')}/{course['id']}"
    return response


@blueprint.get("/mine")
@kit.require_role("instructor")
@kit.spec(query=kit.PageQuery, response=CoursePage)
def list_my_courses(query: kit.PageQuery):
    """The courses the caller owns, drafts included, newest first."""
    items, next_cursor = courses().list_owned(
        owner_id=kit.current_user().id, cursor=query.cursor, limit=query.limit
    )
    return jsonify(items=items, next_cursor=next_cursor)


@blueprint.get("/<id:course_id>")
@kit.spec(
    response=CourseOut,
    responses={304: "Not modified: If-None-Match names the current ETag"},
    headers={"If-None-Match": "An ETag from an earlier answer; 304 when it is still current"},
)
def get_course(course_id: str):
    """A course (drafts only for their owner and admins); 304 for a matching If-None-Match."""
    course = find_course(course_id, kit.optional_user())
    if etags.none_match(request.headers.get("If-None-Match"), rules.etag(course)):
        return etags.not_modified(rules.etag(course))
    return _with_etag(course)


@blueprint.patch("/<id:course_id>")
@kit.require_user
@kit.spec(
    body=CourseUpdate,
    response=CourseOut,
    errors=(StaleVersion, EditConflict),
    headers={"If-Match": 'The version edited, e.g. "3" (strong comparison); 412 when stale'},
)
def update_course(course_id: str, body: CourseUpdate):
    """Edit a course (owner, admin); `If-Match: "<version>"` makes a stale edit a 412."""
    user = kit.current_user()
    course = find_course(course_id, user)
    rules.ensure_manager(course, user)
    if_match = rules.expected_versions(request.headers.get("If-Match"))
    changes = body.changes()
    if user.id == course["owner_id"]:  # the owner's edits keep their public name current
        changes["instructor_name"] = (
            people.display_name(user) or course["instructor"]["display_name"]
        )
    course = courses().update(course_id=course_id, changes=changes, if_match=if_match)
    return _with_etag(course)


@blueprint.delete("/<id:course_id>")
@kit.require_user
@kit.spec(
    status=204,
    errors=(StaleVersion, EditConflict),
    headers={"If-Match": 'The version deleted, e.g. "3" (strong comparison); 412 when stale'},
)
def delete_course(course_id: str):
    """Delete a course (owner, admin): it leaves the catalog and search, access becomes 404."""
    user = kit.current_user()
    rules.ensure_manager(find_course(course_id, user), user)
    if_match = rules.expected_versions(request.headers.get("If-Match"))
    courses().delete(course_id=course_id, if_match=if_match)
    covers().remove_all(course_id=course_id)
    return "", 204
