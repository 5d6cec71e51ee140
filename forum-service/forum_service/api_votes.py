"""HTTP handlers for votes under /api/forum: one up-vote per reader per post."""

from __future__ import annotations

import service_kit as kit
from flask import Blueprint, jsonify

from .access import member_access
from .api import thread_or_404
from .api_replies import reply_or_404
from .deps import store
from .render import render
from .schemas import Preview, PreviewEnvelope, VoteCast, VoteState

blueprint = Blueprint("forum_votes", __name__)


def _vote(post: dict, up: bool):
    user = kit.current_user()
    member_access(post["course_id"], user)
    score = store().set_vote(post=post, user_id=user.id, up=up)
    return jsonify(score=score, my_vote=1 if up else 0)


def _thread_post(thread_id: str) -> dict:
    thread = thread_or_404(thread_id)
    return {"post_type": "thread", "post_id": thread_id, "thread_id": thread_id,
            "course_id": thread["course_id"]}  # fmt: skip


def _reply_post(reply_id: str) -> dict:
    reply = reply_or_404(reply_id)
    return {"post_type": "reply", "post_id": reply_id, "thread_id": reply["thread_id"],
            "course_id": reply["course_id"], "sort_key": reply["sort_key"]}  # fmt: skip


@blueprint.put("/threads/<id:thread_id>/vote")
@kit.require_user
@kit.spec(body=VoteCast, response=VoteState)
def vote_thread(thread_id, body):
    """Up-vote a thread (idempotent: voting twice counts once)."""
    return _vote(_thread_post(thread_id), up=True)


@blueprint.delete("/threads/<id:thread_id>/vote")
@kit.require_user
@kit.spec(response=VoteState)
def unvote_thread(thread_id):
    """Withdraw the caller's vote on a thread (idempotent)."""
    return _vote(_thread_post(thread_id), up=False)


@blueprint.put("/replies/<id:reply_id>/vote")
@kit.require_user
@kit.spec(body=VoteCast, response=VoteState)
def vote_reply(reply_id, body):
    """Up-vote a reply (idempotent: voting twice counts once)."""
    return _vote(_reply_post(reply_id), up=True)


@blueprint.delete("/replies/<id:reply_id>/vote")
@kit.require_user
@kit.spec(response=VoteState)
def unvote_reply(reply_id):
    """Withdraw the caller's vote on a reply (idempotent)."""
    return _vote(_reply_post(reply_id), up=False)


@blueprint.post("/preview")
@kit.require_user
@kit.spec(body=Preview, response=PreviewEnvelope)
def preview_post(body):
    """Render Markdown exactly as a post would be stored (the editor's preview tab)."""
    return jsonify(body_html=render(body.body, video_id=body.video_id))
