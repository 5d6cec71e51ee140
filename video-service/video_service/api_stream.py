"""Streaming: presigned MP4 and an HLS master playlist served here, whose media playlists
list presigned segment URLs. Every URL and playlist token expires."""

from __future__ import annotations

import time

from flask import Blueprint, Response, jsonify, request
from service_kit import NotFound, clock, current_user, require_user, spec

from . import access
from .access import content_access
from .api import load_video
from .deps import media, settings
from .errors import InvalidStreamToken, VideoNotFound, WrongStatus
from .hls import check_token, make_token, master_playlist, signed_media_playlist
from .schemas import Stream, TokenQuery
from .views import completed_captions

blueprint = Blueprint("video_stream", __name__)
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"


def _no_store(response: Response) -> Response:
    # every answer here holds URLs that expire: nothing may cache them
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/<id:video_id>/stream")
@require_user
@spec(response=Stream, errors=(WrongStatus,))
def stream_video(video_id: str):
    """Where to play a ready video from (enrolled students, the course owner, admins)."""
    item = load_video(video_id)
    try:
        content_access(item["course_id"], current_user())
    except NotFound as error:
        raise VideoNotFound() from error
    if item["status"] != "ready":
        raise WrongStatus(f"The video is not ready to stream yet (it is {item['status']}).")
    ttl = settings().stream_url_ttl_s
    expires_at = int(time.time()) + ttl
    token = make_token(video_id, expires_at, settings().cursor_secret)
    hls_url = f"{request.host_url.rstrip('/')}/api/videos/{video_id}/hls/master.m3u8?token={token}"
    captions = [
        {
            "language": language,
            "label": caption["label"],
            "url": media().presign_get(key=caption["key"], expires_s=ttl),
        }
        for language, caption in completed_captions(item)  # learners see completed ones only
    ]
    body = {
        "mp4_url": media().presign_get(key=item["mp4_key"], expires_s=ttl),
        "hls_url": hls_url,
        "storyboard": storyboard_json(item, token=token, ttl_s=ttl),
        "expires_at": clock.timestamp(expires_at),
        # the player renews this long after the answer (a browser clock may be off)
        "expires_in_s": ttl,
        "captions": captions,
    }
    return _no_store(jsonify(body))


def storyboard_json(item: dict, *, token: str, ttl_s: int) -> dict | None:
    """`storyboard` = {url, sprite_url, interval_s, count, columns, tile_width, tile_height}:
    `url` is the WebVTT thumbnails track (served here, its cues pointing at the presigned
    sprite sheet with `#xywh=` fragments), null for videos transcoded before storyboards."""
    board = item.get("storyboard")
    if not board:
        return None
    origin = request.host_url.rstrip("/")
    return {
        "url": f"{origin}/api/videos/{item['id']}/storyboard.vtt?token={token}",
        "sprite_url": media().presign_get(key=board["sprite_key"], expires_s=ttl_s),
        "interval_s": float(board["interval_s"]),
        "count": int(board["count"]),
        "columns": int(board["columns"]),
        "tile_width": int(board["tile_width"]),
        "tile_height": int(board["tile_height"]),
    }


def _playable(video_id: str, token: str) -> dict:
    """The ready video a valid token is for, while its course exists (403/404 otherwise)."""
    check_token(token, video_id, settings().cursor_secret)
    item = load_video(video_id)
    # a token outlives its course: a deleted course's videos stop playing within seconds
    if item["status"] != "ready" or not access.course_exists(item["course_id"]):
        raise VideoNotFound()
    return item


@blueprint.get("/<id:video_id>/storyboard.vtt")
@spec(query=TokenQuery, errors=(InvalidStreamToken,))
def get_storyboard_track(video_id: str, query: TokenQuery):
    """The WebVTT thumbnails track, each cue naming its tile of the presigned sprite sheet."""
    item = _playable(video_id, query.token)
    board = item.get("storyboard")
    text = media().read_text(key=board["vtt_key"]) if board else None
    if text is None:
        raise NotFound("This video has no storyboard.")
    sprite = media().presign_get(key=board["sprite_key"], expires_s=settings().stream_url_ttl_s)
    # sprite.jpg#xywh=… → <presigned URL>#xywh=…: the fragment stays after the query
    text = text.replace("sprite.jpg#", sprite + "#")
    return _no_store(Response(text, mimetype="text/vtt"))


@blueprint.get("/<id:video_id>/hls/<name>.m3u8")
@spec(query=TokenQuery, errors=(InvalidStreamToken,))
def get_playlist(video_id: str, name: str, query: TokenQuery):
    """An HLS playlist: `master` or one rendition's, with presigned segment URLs (token)."""
    item = _playable(video_id, query.token)
    renditions = item.get("renditions") or []
    if name == "master":
        text = master_playlist(renditions, query.token, has_audio=bool(item.get("has_audio")))
    else:
        if name not in {r["name"] for r in renditions}:
            raise NotFound("No such rendition.")
        prefix = f"videos/{video_id}/hls/{name}/"
        source = media().read_text(key=prefix + "index.m3u8")
        if source is None:
            raise NotFound("No such rendition.")
        ttl = settings().stream_url_ttl_s
        text = signed_media_playlist(
            source, prefix, lambda keys: media().presign_get_many(keys, expires_s=ttl)
        )
    return _no_store(Response(text, mimetype=PLAYLIST_TYPE))
