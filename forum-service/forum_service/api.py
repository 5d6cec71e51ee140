"""HTTP handlers for threads under /api/forum: parse, check access, call the store."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify, request
from service_kit import clients, clock, etags

from . import notify
from .access import author_name, author_role, may_remove, member_access
from .deps import store
from .errors import NotAllowed, PostDeleted, PostingTooFast, ThreadNotFound
from .ids import new_id
from .present import present, present_one
from .render import render
from .schemas import ThreadCreate, ThreadEnvelope, ThreadPage, ThreadPageQuery, ThreadPatch

blueprint = Blueprint("forum", __name__)

_EDIT_ATTEMPTS = 5
IF_MATCH = {"If-Match": 'The version edited, e.g. "3" (strong comparison); 412 when stale'}


def thread_or_404(thread_id: str) -> dict:
    """A thread, or ThreadNotFound."""
    thread = store().get_thread(thread_id=thread_id)
    if thread is None:
        raise ThreadNotFound("No such thread.")
    return thread


def with_etag(envelope: dict, version: int, status: int = 200):
    """A JSON answer carrying the post's version as its ETag (send it back in If-Match)."""
    response = jsonify(envelope)
    response.headers["ETag"] = etags.version_tag(version)
    return response, status


def check_version(post: dict, versions: frozenset[int] | None) -> None:
    """412 when If-Match named versions and the post is at none of them."""
    if versions is not None and post["version"] not in versions:
        raise kit.PreconditionFailed("This post changed since you read it; reload and retry.")


def _video(video_id: str | None, course_id: str, user: kit.User) -> dict | None:
    """The video a new thread is about: it must be one of the course's videos (else 422)."""
    if video_id is None:
        return None
    video = clients.get_video(video_id, user)
    if video is None or video.get("course_id") != course_id:
        raise kit.ValidationFailed(
            "This video is not part of the course.",
            errors={"video_id": "Not a video of this course."},
        )
    return video


@blueprint.get("/courses/<id:course_id>/threads")
@kit.require_user
@kit.spec(query=ThreadPageQuery, response=ThreadPage)
def list_threads(course_id, query):
    """A course's threads: pinned first, then newest activity (`answered` filters)."""
    user = kit.current_user()
    member_access(course_id, user)
    threads, next_cursor = store().list_threads(
        course_id=course_id, limit=query.limit, cursor=query.cursor, answered=query.answered
    )
    return jsonify(items=present(threads, user), next_cursor=next_cursor)


@blueprint.post("/courses/<id:course_id>/threads")
@kit.require_user
@kit.spec(body=ThreadCreate, response=ThreadEnvelope, status=201, errors=(PostingTooFast,))
def create_thread(course_id, body):
    """Start a thread in a course's forum (optionally about one of its videos)."""
    user = kit.current_user()
    access = member_access(course_id, user)
    video = _video(body.video_id, course_id, user)
    epoch = clock.epoch()
    stamp = clock.timestamp(epoch)
    thread = store().add_thread(
        thread={
            "id": new_id(),
            "course_id": course_id,
            "author_id": user.id,
            "author_name": author_name(user),
            "author_role": author_role(access),
            "title": body.title,
            "body": body.body,
            "body_html": render(body.body, video_id=body.video_id),
            "video_id": body.video_id,
            "video_title": video["title"] if video else None,
            "pinned": False,
            "locked": False,
            "deleted": False,
            "reply_count": 0,
            "created_at": stamp,
            "last_activity_at": stamp,
        },
        now_s=epoch,
    )
    notify.thread_created(thread, access)  # the author follows it; course followers hear of it
    return with_etag({"thread": present_one(thread, user)}, thread["version"], 201)


@blueprint.get("/threads/<id:thread_id>")
@kit.require_user
@kit.spec(response=ThreadEnvelope)
def get_thread(thread_id):
    """One thread (its ETag is its version, for If-Match on edits)."""
    user = kit.current_user()
    thread = thread_or_404(thread_id)
    member_access(thread["course_id"], user)
    return with_etag({"thread": present_one(thread, user)}, thread["version"])


def _allowed(thread: dict, changes: dict, user: kit.User, access) -> None:
    """Authors edit text; moderators pin and lock; the author or a moderator marks the answer."""
    if {"title", "body"} & changes.keys() and thread["author_id"] != user.id:
        raise NotAllowed("Only the author may edit this thread.")
    if {"pinned", "locked"} & changes.keys() and not access.can_moderate:
        raise NotAllowed("Only the course owner or an admin may pin or lock threads.")
    if "answer_reply_id" in changes and not (thread["author_id"] == user.id or access.can_moderate):
        raise NotAllowed("Only the thread's author or a moderator may mark the answer.")


def _check_answer(thread: dict, reply_id: str | None) -> None:
    """The answer must be a reply of this thread that is not deleted (else 422)."""
    if reply_id is None:
        return
    reply = store().find_reply(reply_id=reply_id)
    if reply is None or reply["thread_id"] != thread["id"] or reply["deleted"]:
        raise kit.ValidationFailed(
            "The answer must be a reply in this thread.",
            errors={"answer_reply_id": "Not a reply of this thread."},
        )


@blueprint.patch("/threads/<id:thread_id>")
@kit.require_user
@kit.spec(
    body=ThreadPatch, response=ThreadEnvelope, headers=IF_MATCH,
    errors=(PostDeleted, kit.PreconditionFailed),
)  # fmt: skip
def update_thread(thread_id, body):
    """The author edits title/body; moderators pin and lock; author or moderator answers."""
    user = kit.current_user()
    thread = thread_or_404(thread_id)
    access = member_access(thread["course_id"], user)
    versions = etags.expected_versions(request.headers.get("If-Match"), "thread")
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    for name in ("title", "body", "pinned", "locked"):
        if name in changes and changes[name] is None:
            raise kit.ValidationFailed(f"{name} cannot be null.", errors={name: "Required."})
    _allowed(thread, changes, user, access)
    if {"title", "body"} & changes.keys():
        changes["edited_at"] = clock.timestamp()
    if "body" in changes:
        changes["body_html"] = render(changes["body"], video_id=thread["video_id"])
    _check_answer(thread, changes.get("answer_reply_id"))
    for _ in range(_EDIT_ATTEMPTS):
        if thread["deleted"]:
            raise PostDeleted("A deleted thread cannot be edited.")
        check_version(thread, versions)
        updated = store().update_thread(thread=thread, changes=changes, versions=versions)
        if updated is not None:
            notify.answer_changed(thread, updated, access, user)  # tell the answer's author
            return with_etag({"thread": present_one(updated, user)}, updated["version"])
        thread = thread_or_404(thread_id)  # a reply or an edit moved it: look again
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
