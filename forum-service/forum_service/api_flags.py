"""HTTP handlers for flags under /api/forum: members flag posts, moderators review them."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify
from service_kit import clock

from .access import member_access, require_moderator
from .api import store, thread_or_404
from .api_replies import reply_or_404
from .errors import AlreadyFlagged
from .schemas import FlagCreate, FlagEnvelope, FlaggedPage, ForumPageQuery
from .store_flags import FlagRefused

blueprint = Blueprint("forum_flags", __name__)


def _flag(post: dict, reason: str):
    user = kit.current_user()
    member_access(post["course_id"], user)
    try:
        flag = store().add_flag(post=post, user_id=user.id, reason=reason, now=clock.timestamp())
    except FlagRefused as refused:
        raise AlreadyFlagged("You already flagged this post.") from refused
    return jsonify(flag=flag), 201


@blueprint.post("/threads/<id:thread_id>/flags")
@kit.require_user
@kit.spec(body=FlagCreate, response=FlagEnvelope, status=201, errors=(AlreadyFlagged,))
def flag_thread(thread_id, body):
    """Flag a thread for moderators (once per user)."""
    thread = thread_or_404(thread_id)
    post = {"post_type": "thread", "post_id": thread_id, "thread_id": thread_id}
    return _flag({**post, "course_id": thread["course_id"]}, body.reason)


@blueprint.post("/replies/<id:reply_id>/flags")
@kit.require_user
@kit.spec(body=FlagCreate, response=FlagEnvelope, status=201, errors=(AlreadyFlagged,))
def flag_reply(reply_id, body):
    """Flag a reply for moderators (once per user)."""
    reply = reply_or_404(reply_id)
    post = {"post_type": "reply", "post_id": reply_id, "thread_id": reply["thread_id"]}
    return _flag(
        {**post, "course_id": reply["course_id"], "sort_key": reply["sort_key"]}, body.reason
    )


@blueprint.get("/courses/<id:course_id>/flags")
@kit.require_user
@kit.spec(query=ForumPageQuery, response=FlaggedPage)
def list_flags(course_id, query):
    """Flagged posts of a course, most recently flagged first (moderators only)."""
    require_moderator(course_id, kit.current_user())
    flagged, next_cursor = store().list_flagged(
        course_id=course_id, limit=query.limit, cursor=query.cursor
    )
    return jsonify(items=flagged, next_cursor=next_cursor)
