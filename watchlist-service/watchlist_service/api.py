"""HTTP handlers under /api/watchlist: parse, call the store, shape the output."""

from __future__ import annotations

import logging

import service_kit as kit
from flask import Blueprint, jsonify
from service_kit import clients, clock

from .deps import store
from .errors import ItemNotFound, VideoNotFound
from .schemas import ItemEnvelope, ItemPage, WatchlistQuery

logger = logging.getLogger(__name__)
blueprint = Blueprint("watchlist", __name__)


@blueprint.get("")
@kit.require_user
@kit.spec(query=WatchlistQuery, response=ItemPage)
def list_items(query):
    """The caller's watchlist, newest first; items of deleted videos drop out."""
    user = kit.current_user()
    items, next_cursor = store().list_items(user_id=user.id, limit=query.limit, cursor=query.cursor)
    existing = clients.lookup_videos([i["video_id"] for i in items], user) if items else {}
    stale = [i["video_id"] for i in items if i["video_id"] not in existing]
    if stale:
        logger.info("dropping %s watchlist items of deleted videos", len(stale))
        store().delete_many(user_id=user.id, video_ids=stale)
    # The lookup is paid anyway, so a renamed video shows its current title.
    kept = [
        {**i, "title": existing[i["video_id"]].get("title") or i["title"]}
        for i in items
        if i["video_id"] in existing
    ]
    return jsonify(items=kept, next_cursor=next_cursor)


@blueprint.put("/<id:video_id>")
@kit.require_user
@kit.spec(
    response=ItemEnvelope, status=201, responses={200: "Already on the watchlist (idempotent)"}
)
def put_item(video_id):
    """Add a video to the watchlist (201 the first time, 200 after)."""
    user = kit.current_user()
    video = clients.get_video(video_id, user)
    if video is None:
        raise VideoNotFound("No such video.")
    item, created = store().add(
        user_id=user.id,
        video_id=video_id,
        course_id=video["course_id"],
        title=video.get("title", ""),
        added_at=clock.timestamp(),
    )
    return jsonify(item=item), (201 if created else 200)


@blueprint.get("/<id:video_id>")
@kit.require_user
@kit.spec(response=ItemEnvelope)
def get_item(video_id):
    """The watchlist item for a video, or 404."""
    user = kit.current_user()
    item = store().get(user_id=user.id, video_id=video_id)
    if item is None:
        raise ItemNotFound("This video is not on your watchlist.")
    if video_id not in clients.lookup_videos([video_id], user):
        store().delete(user_id=user.id, video_id=video_id)
        raise ItemNotFound("This video is not on your watchlist.")
    return jsonify(item=item)


@blueprint.delete("/<id:video_id>")
@kit.require_user
@kit.spec(status=204)
def delete_item(video_id):
    """Remove a video from the watchlist (204 whether or not it was there)."""
    user = kit.current_user()
    store().delete(user_id=user.id, video_id=video_id)
    return "", 204
