"""HTTP handlers for replies under /api/forum."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify, request
from service_kit import clock, etags

from . import notify
from .access import author_name, author_role, may_remove, member_access
from .api import IF_MATCH, check_version, thread_or_404, with_etag
from .deps import store
from .errors import NotAllowed, PostDeleted, PostingTooFast, ReplyNotFound, ThreadClosed
from .ids import new_id
from .present import present, present_one
from .render import render
from .schemas import ForumPageQuery, ReplyCreate, ReplyEnvelope, ReplyPage, ReplyPatch
from .store_replies import ReplyRefused

blueprint = Blueprint("forum_replies", __name__)

_POST_ATTEMPTS = 5


def reply_or_404(reply_id: str) -> dict:
    """A reply (with its course_id and sort key), or ReplyNotFound."""
    reply = store().find_reply(reply_id=reply_id)
    if reply is None:
        raise ReplyNotFound("No such reply.")
    return reply


def _check_open(thread: dict | None) -> dict:
    if thread is None:
        raise kit.NotFound("No such thread.")
    if thread["locked"]:
        raise ThreadClosed("This thread is locked.")
    if thread["deleted"]:
        raise ThreadClosed("This thread was deleted.")
    return thread


@blueprint.get("/threads/<id:thread_id>/replies")
@kit.require_user
@kit.spec(query=ForumPageQuery, response=ReplyPage)
def list_replies(thread_id, query):
    """A thread's replies, oldest first."""
    user = kit.current_user()
    member_access(thread_or_404(thread_id)["course_id"], user)
    replies, next_cursor = store().list_replies(
        thread_id=thread_id, limit=query.limit, cursor=query.cursor
    )
    return jsonify(items=present(replies, user), next_cursor=next_cursor)


@blueprint.get("/replies/<id:reply_id>")
@kit.require_user
@kit.spec(response=ReplyEnvelope)
def get_reply(reply_id):
    """One reply (e.g. a thread's answer, shown first; its ETag is its version)."""
    user = kit.current_user()
    reply = reply_or_404(reply_id)
    member_access(reply["course_id"], user)
    return with_etag({"reply": present_one(_public(reply), user)}, reply["version"])


def _public(reply: dict) -> dict:
    """A reply without the lookup's internal fields."""
    return {k: v for k, v in reply.items() if k not in ("course_id", "sort_key")}


@blueprint.post("/threads/<id:thread_id>/replies")
@kit.require_user
@kit.spec(body=ReplyCreate, response=ReplyEnvelope, status=201, errors=(PostingTooFast,))
def create_reply(thread_id, body):
    """Reply in a thread (403 when it is locked)."""
    user = kit.current_user()
    thread = thread_or_404(thread_id)
    access = member_access(thread["course_id"], user)
    _check_open(thread)
    reply = {"id": new_id(), "thread_id": thread_id, "author_id": user.id, "body": body.body}
    reply["body_html"] = render(body.body, video_id=thread["video_id"])
    reply["author_name"] = author_name(user)
    reply["author_role"] = author_role(access)
    for _ in range(_POST_ATTEMPTS):
        epoch = clock.epoch()
        stamp = clock.timestamp(epoch)
        try:
            created = store().add_reply(
                reply={**reply, "created_at": stamp, "deleted": False},
                course_id=thread["course_id"],
                thread=thread,
                now_s=epoch,
            )
            notify.reply_created(created, thread, access)  # followers and @mentions hear of it
            return with_etag({"reply": present_one(created, user)}, created["version"], 201)
        except ReplyRefused:
            # Locked, deleted or re-pinned since we read it: look again to say which.
            thread = _check_open(store().get_thread(thread_id=thread_id))
    raise kit.ServiceUnavailable("This thread is very busy; try again.")


@blueprint.patch("/replies/<id:reply_id>")
@kit.require_user
@kit.spec(
    body=ReplyPatch, response=ReplyEnvelope, headers=IF_MATCH,
    errors=(PostDeleted, kit.PreconditionFailed),
)  # fmt: skip
def update_reply(reply_id, body):
    """The author edits a reply (`If-Match: "<version>"`: a stale edit is 412)."""
    user = kit.current_user()
    reply = reply_or_404(reply_id)
    member_access(reply["course_id"], user)
    if reply["author_id"] != user.id:
        raise NotAllowed("Only the author may edit this reply.")
    versions = etags.expected_versions(request.headers.get("If-Match"), "reply")
    thread = thread_or_404(reply["thread_id"])
    html = render(body.body, video_id=thread["video_id"])
    for _ in range(_POST_ATTEMPTS):
        if reply["deleted"]:
            raise PostDeleted("A deleted reply cannot be edited.")
        check_version(reply, versions)
        updated = store().update_reply(
            reply=reply, body=body.body, html=html, now=clock.timestamp(), versions=versions
        )
        if updated is not None:
            return with_etag({"reply": present_one(updated, user)}, updated["version"])
        reply = reply_or_404(reply_id)  # deleted or edited meanwhile: look again
    raise kit.ServiceUnavailable("This reply is very busy; try again.")


@blueprint.delete("/replies/<id:reply_id>")
@kit.require_user
@kit.spec(status=204)
def delete_reply(reply_id):
    """Delete a reply (author or moderator): it keeps its place, shown as deleted."""
    user = kit.current_user()
    reply = reply_or_404(reply_id)
    if not may_remove(reply, user, member_access(reply["course_id"], user)):
        raise NotAllowed("Only the author or a moderator may delete this reply.")
    store().delete_reply(reply=reply, by=user.id, now=clock.timestamp())
    return "", 204
