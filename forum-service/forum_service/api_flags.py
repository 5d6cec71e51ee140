"""HTTP handlers for flags under /api/forum: members flag posts, moderators review them."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify
from service_kit import clock

from .access import member_access, require_moderator
from .api import thread_or_404
from .api_replies import reply_or_404
from .deps import store
from .errors import AlreadyFlagged, FlagsNotFound
from .schemas import FlagCreate, FlagEnvelope, FlaggedPage, ForumPageQuery
from .store_flags import FlagRefused

blueprint = Blueprint("forum_flags", __name__)

# The preset reasons a reader picks from (the reason text is stored when none is given).
CATEGORY_LABELS = {
    "spam": "Spam or advertising",
    "off_topic": "Off-topic",
    "inappropriate": "Rude, abusive or inappropriate",
    "other": "Something else",
}


def _flag(post: dict, body: FlagCreate):
    user = kit.current_user()
    member_access(post["course_id"], user)
    reason = body.reason or CATEGORY_LABELS[body.category]
    try:
        flag = store().add_flag(
            post=post, user_id=user.id, category=body.category, reason=reason,
            now=clock.timestamp(),
        )  # fmt: skip
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
    return _flag({**post, "course_id": thread["course_id"]}, body)


@blueprint.post("/replies/<id:reply_id>/flags")
@kit.require_user
@kit.spec(body=FlagCreate, response=FlagEnvelope, status=201, errors=(AlreadyFlagged,))
def flag_reply(reply_id, body):
    """Flag a reply for moderators (once per user)."""
    reply = reply_or_404(reply_id)
    post = {"post_type": "reply", "post_id": reply_id, "thread_id": reply["thread_id"]}
    return _flag({**post, "course_id": reply["course_id"], "sort_key": reply["sort_key"]}, body)


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


@blueprint.delete("/flags/<id:post_id>")
@kit.require_user
@kit.spec(status=204, errors=(FlagsNotFound,))
def dismiss_flags(post_id):
    """Dismiss a post's flags (moderators): it leaves the queue until someone flags it again."""
    summary = store().flag_summary(post_id=post_id)
    if summary is None:
        raise FlagsNotFound("This post is not in the moderation queue.")
    require_moderator(summary["course_id"], kit.current_user())
    store().forget_flags(post_id=post_id)
    return "", 204
