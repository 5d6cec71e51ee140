"""HTTP handlers for threads under /api/forum: parse, check access, call the store."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, current_app, jsonify
from service_kit import clock

from .access import author_name, may_remove, member_access
from .errors import NotAllowed, PostDeleted, PostingTooFast, ThreadNotFound
from .ids import new_id
from .schemas import ForumPageQuery, ThreadCreate, ThreadEnvelope, ThreadPage, ThreadPatch

blueprint = Blueprint("forum", __name__)

_EDIT_ATTEMPTS = 5


def store():
    """The app's ForumStore."""
    return current_app.extensions["forum.store"]


def thread_or_404(thread_id: str) -> dict:
    """A thread, or ThreadNotFound."""
    thread = store().get_thread(thread_id=thread_id)
    if thread is None:
        raise ThreadNotFound("No such thread.")
    return thread


@blueprint.get("/courses/<id:course_id>/threads")
@kit.require_user
@kit.spec(query=ForumPageQuery, response=ThreadPage)
def list_threads(course_id, query):
    """A course's threads: pinned first, then newest activity."""
    member_access(course_id, kit.current_user())
    threads, next_cursor = store().list_threads(
        course_id=course_id, limit=query.limit, cursor=query.cursor
    )
    return jsonify(items=threads, next_cursor=next_cursor)


@blueprint.post("/courses/<id:course_id>/threads")
@kit.require_user
@kit.spec(body=ThreadCreate, response=ThreadEnvelope, status=201, errors=(PostingTooFast,))
def create_thread(course_id, body):
    """Start a thread in a course's forum."""
    user = kit.current_user()
    member_access(course_id, user)
    epoch = clock.epoch()
    stamp = clock.timestamp(epoch)
    thread = store().add_thread(
        thread={
            "id": new_id(),
            "course_id": course_id,
            "author_id": user.id,
            "author_name": author_name(user),
            "title": body.title,
            "body": body.body,
            "pinned": False,
            "locked": False,
            "deleted": False,
            "reply_count": 0,
            "created_at": stamp,
            "last_activity_at": stamp,
        },
        now_s=epoch,
    )
    return jsonify(thread=thread), 201


@blueprint.get("/threads/<id:thread_id>")
@kit.require_user
@kit.spec(response=ThreadEnvelope)
def get_thread(thread_id):
    """One thread."""
    thread = thread_or_404(thread_id)
    member_access(thread["course_id"], kit.current_user())
    return jsonify(thread=thread)


@blueprint.patch("/threads/<id:thread_id>")
@kit.require_user
@kit.spec(body=ThreadPatch, response=ThreadEnvelope, errors=(PostDeleted,))
def update_thread(thread_id, body):
    """The author edits title/body; moderators pin and lock."""
    user = kit.current_user()
    thread = thread_or_404(thread_id)
    access = member_access(thread["course_id"], user)
    changes = body.model_dump(exclude_none=True)
    if not changes:
        raise kit.ValidationFailed("Nothing to change.", errors={"body": "Send a field to change."})
    if {"title", "body"} & changes.keys():
        if thread["author_id"] != user.id:
            raise NotAllowed("Only the author may edit this thread.")
        changes["edited_at"] = clock.timestamp()
    if {"pinned", "locked"} & changes.keys() and not access.can_moderate:
        raise NotAllowed("Only the course owner or an admin may pin or lock threads.")
    for _ in range(_EDIT_ATTEMPTS):
        if thread["deleted"]:
            raise PostDeleted("A deleted thread cannot be edited.")
        updated = store().update_thread(thread=thread, changes=changes)
        if updated is not None:
            return jsonify(thread=updated)
        thread = thread_or_404(thread_id)  # a reply moved it meanwhile: retry on fresh state
    raise kit.ServiceUnavailable("This thread is very busy; try again.")


@blueprint.delete("/threads/<id:thread_id>")
@kit.require_user
@kit.spec(status=204)
def delete_thread(thread_id):
    """Delete a thread (author or moderator): it stays in place, shown as deleted."""
    user = kit.current_user()
    thread = thread_or_404(thread_id)
    if not may_remove(thread, user, member_access(thread["course_id"], user)):
        raise NotAllowed("Only the author or a moderator may delete this thread.")
    store().delete_thread(thread_id=thread_id, by=user.id, now=clock.timestamp())
    return "", 204
