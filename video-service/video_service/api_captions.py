"""Caption handlers: upload (presigned PUT), complete (WebVTT checked, transcript indexed),
list (completed only), delete (object and transcript too), and the transcript itself."""

from __future__ import annotations

import time

from flask import Blueprint, jsonify
from pydantic import TypeAdapter, ValidationError
from service_kit import NotFound, ValidationFailed, clock, current_user, require_user, spec

from .access import content_access
from .api import load_managed_video, load_video
from .deps import media, settings, store, transcripts
from .errors import CaptionNotFound, VideoNotFound
from .schemas import CaptionCreate, UploadEnvelope
from .schemas_captions import (
    CaptionEnvelope,
    CaptionList,
    Language,
    Transcript,
    TranscriptQuery,
)
from .views import caption_json, completed_captions
from .webvtt import WebVTTError, parse

blueprint = Blueprint("video_captions", __name__)
CAPTION_TYPE = "text/vtt"
MAX_CAPTION_BYTES = 2 * 1024 * 1024  # a 3-hour lecture's WebVTT is a few hundred KB
_LANGUAGE = TypeAdapter(Language)


def caption_key(video_id: str, language: str) -> str:
    """Where a caption file lives."""
    return f"videos/{video_id}/captions/{language}.vtt"


def load_watchable_video(video_id: str) -> dict:
    """A video whose content the caller may see (enrolled, owner, admin): 403/404 otherwise."""
    item = load_video(video_id)
    try:
        content_access(item["course_id"], current_user())
    except NotFound as error:
        raise VideoNotFound() from error
    return item


def _language(language: str) -> str:
    """The path's language tag, checked like the body's (an odd one is simply not there)."""
    try:
        return _LANGUAGE.validate_python(language)
    except ValidationError as error:
        raise CaptionNotFound() from error


def _shown(language: str, caption: dict) -> dict:
    return caption_json(language, caption, media=media(), ttl_s=settings().stream_url_ttl_s)


@blueprint.post("/<id:video_id>/captions")
@require_user
@spec(body=CaptionCreate, response=UploadEnvelope, status=201)
def create_caption(video_id: str, body: CaptionCreate):
    """Add (or replace) a WebVTT caption track: a presigned PUT, then POST …/complete."""
    load_managed_video(video_id)
    language, key = body.language, caption_key(video_id, body.language)
    store().set_caption(
        video_id=video_id,
        language=language,
        caption={"label": body.label, "key": key, "status": "pending"},
        now=clock.timestamp(),
    )
    ttl = settings().upload_url_ttl_s
    url = media().presign_put(key=key, content_type=CAPTION_TYPE, expires_s=ttl)
    upload = {
        "method": "PUT",
        "url": url,
        "headers": {"Content-Type": CAPTION_TYPE},
        "expires_at": clock.timestamp(time.time() + ttl),
    }
    return jsonify(upload=upload, language=language, label=body.label), 201


def _read_cues(key: str) -> list[dict]:
    """The uploaded file's cues, or 422 naming the line (or the missing/oversized file)."""
    found = media().head(key=key)
    if found is None:
        raise ValidationFailed(
            "Nothing was uploaded yet: PUT the WebVTT file first.",
            errors={"file": "Nothing was uploaded yet."},
        )
    if int(found["size"]) > MAX_CAPTION_BYTES:
        detail = f"The caption file is over {MAX_CAPTION_BYTES // (1024 * 1024)} MiB."
        raise ValidationFailed(detail, errors={"file": detail})
    raw = media().read_bytes(key=key) or b""
    try:
        text = raw.decode("utf-8")
        cues = parse(text)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        detail = f"line {line}: WebVTT is UTF-8 text; this byte is not."
        raise ValidationFailed(f"Not a WebVTT file ({detail})", errors={"file": detail}) from None
    except WebVTTError as error:
        raise ValidationFailed(
            f"Not a WebVTT file ({error})", errors={"file": str(error)}
        ) from None
    return [{"start_s": c.start_s, "end_s": c.end_s, "text": c.text} for c in cues]


@blueprint.post("/<id:video_id>/captions/<language>/complete")
@require_user
@spec(response=CaptionEnvelope, errors=(CaptionNotFound, ValidationFailed))
def complete_caption(video_id: str, language: str):
    """Check the uploaded WebVTT (422 naming the line), store its transcript, publish it."""
    item = load_managed_video(video_id)
    caption = (item.get("captions") or {}).get(_language(language))
    if caption is None:
        raise CaptionNotFound("No caption of this language: POST …/captions first.")
    cues = _read_cues(caption["key"])
    transcripts().put(video_id=video_id, course_id=item["course_id"], language=language, cues=cues)
    done = {**caption, "status": "completed", "cue_count": len(cues)}
    store().set_caption(video_id=video_id, language=language, caption=done, now=clock.timestamp())
    return jsonify(caption=_shown(language, done))


@blueprint.get("/<id:video_id>/captions")
@require_user
@spec(response=CaptionList)
def list_captions(video_id: str):
    """The video's completed captions (viewers); the editor's list too."""
    item = load_watchable_video(video_id)
    return jsonify(items=[_shown(lang, c) for lang, c in completed_captions(item)])


@blueprint.delete("/<id:video_id>/captions/<language>")
@require_user
@spec(status=204, errors=(CaptionNotFound,))
def delete_caption(video_id: str, language: str):
    """Remove a caption: the track, its file and its transcript (course owner, admin)."""
    item = load_managed_video(video_id)
    language = _language(language)
    caption = store().remove_caption(video_id=video_id, language=language, now=clock.timestamp())
    media().delete_key(key=caption["key"])
    transcripts().delete(video_id=video_id, course_id=item["course_id"], language=language)
    return "", 204


@blueprint.get("/<id:video_id>/transcript")
@require_user
@spec(query=TranscriptQuery, response=Transcript, errors=(CaptionNotFound,))
def get_transcript(video_id: str, query: TranscriptQuery):
    """The cues of a completed caption (viewers); without `language`, the first one."""
    item = load_watchable_video(video_id)
    completed = dict(completed_captions(item))
    language = query.language or next(iter(completed), None)
    if language not in completed:
        raise CaptionNotFound("This video has no completed caption in that language.")
    cues = transcripts().get_cues(video_id=video_id, language=language)
    if cues is None:
        raise CaptionNotFound("This video has no completed caption in that language.")
    return jsonify(language=language, label=completed[language]["label"], cues=cues)
