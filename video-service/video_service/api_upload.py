"""Upload handlers: resume an interrupted upload, complete it."""

from __future__ import annotations

from flask import Blueprint, jsonify
from service_kit import ValidationFailed, clock, require_user, spec

from .api import load_managed_video, load_video, shown
from .deps import media, settings, store
from .errors import WrongStatus
from .schemas import PartReport, UploadComplete, UploadEnvelope, VideoEnvelope
from .uploads import finish_upload, resume_state

blueprint = Blueprint("video_upload", __name__)


@blueprint.get("/<id:video_id>/upload")
@require_user
@spec(response=UploadEnvelope, errors=(WrongStatus,))
def get_upload(video_id: str):
    """Resume an upload: the parts S3 already holds and fresh URLs for the missing ones."""
    item = load_managed_video(video_id)
    return jsonify(upload=resume_state(item, media=media(), settings=settings()))


@blueprint.put("/<id:video_id>/upload/parts/<int:part_number>")
@require_user
@spec(body=PartReport, status=204, errors=(WrongStatus,))
def report_part(video_id: str, part_number: int, body: PartReport):
    """Record a finished part, so a resumed upload knows it even where S3 cannot list parts."""
    item = load_managed_video(video_id)
    upload = item.get("upload") or {}
    if upload.get("method") != "multipart" or item["status"] != "uploading":
        raise WrongStatus("This video has no multipart upload in progress.")
    if not 1 <= part_number <= int(upload["part_count"]):
        raise ValidationFailed(
            "No such part.", errors={"part_number": f"1 to {upload['part_count']}."}
        )
    store().record_part(
        video_id=video_id, part_number=part_number, etag=body.etag, now=clock.timestamp()
    )
    return "", 204


@blueprint.post("/<id:video_id>/upload/complete")
@require_user
@spec(body=UploadComplete, response=VideoEnvelope, status=202, errors=(WrongStatus,))
def complete_upload(video_id: str, body: UploadComplete):
    """Check the uploaded file and hand the video to the transcoding workers."""
    item = load_managed_video(video_id)
    if item["status"] in ("processing", "ready"):
        return jsonify(video=shown(item)), 202  # a retried call: the upload is already done
    if item["status"] != "uploading":
        raise WrongStatus(f"This video is {item['status']}; upload a new one instead.")
    parts = [p.model_dump() for p in body.parts] if body.parts else None
    etag = finish_upload(item, parts=parts, media=media())
    try:
        updated = store().start_processing(
            video_id=video_id, source_etag=etag, now=clock.timestamp()
        )
    except WrongStatus:
        updated = load_video(video_id)  # a concurrent call won the race; same outcome
    return jsonify(video=shown(updated)), 202
