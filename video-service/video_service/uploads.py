"""Upload rules: one presigned PUT for small files, presigned multipart parts for large ones,
resuming an interrupted upload, and checking the object before a worker takes it."""

from __future__ import annotations

import math
import time
import uuid

from botocore.exceptions import ClientError
from service_kit import ValidationFailed, clock

from .errors import UploadIncomplete, WrongStatus
from .media import PartsUnlisted, source_key

MAX_PARTS = 10_000


def plan_parts(size_bytes: int, part_size: int) -> tuple[int, int]:
    """(part_size, part_count) for a file, growing the part size to stay ≤ 10 000 parts."""
    part_size = max(part_size, math.ceil(size_bytes / MAX_PARTS))
    return part_size, math.ceil(size_bytes / part_size)


def new_upload(*, video_id: str, content_type: str, size_bytes: int, media, settings) -> dict:
    """Start an upload; return what to store on the video (`upload` attribute)."""
    key = source_key(video_id)
    if size_bytes <= settings.multipart_threshold_bytes:
        return {"method": "PUT", "key": key}
    part_size, part_count = plan_parts(size_bytes, settings.part_size_bytes)
    upload_id = media.create_multipart(key=key, content_type=content_type)
    return {
        "method": "multipart",
        "key": key,
        "upload_id": upload_id,
        "part_size": part_size,
        "part_count": part_count,
    }


def create_upload(body, *, uploader_id: str, store, media, settings) -> dict:
    """Store a new video (status uploading) and start its upload; return the stored item."""
    if body.size_bytes > settings.max_upload_bytes:
        limit = settings.max_upload_bytes
        raise ValidationFailed(
            "The file is too large.", errors={"size_bytes": f"At most {limit} bytes."}
        )
    video_id = uuid.uuid4().hex
    position = body.position
    if position is None:  # append after the course's last video
        last = store.last_position(course_id=body.course_id)
        position = 0 if last is None else last + 1
    upload = new_upload(
        video_id=video_id,
        content_type=body.content_type,
        size_bytes=body.size_bytes,
        media=media,
        settings=settings,
    )
    now = clock.timestamp()
    return store.add(
        video={
            "id": video_id,
            "course_id": body.course_id,
            "title": body.title,
            "description": body.description,
            "section_id": body.section_id,
            "position": position,
            "status": "uploading",
            "filename": body.filename,
            "content_type": body.content_type,
            "size_bytes": body.size_bytes,
            "upload": upload,
            "captions": {},
            "parts_done": {},
            "uploader_id": uploader_id,
            "created_at": now,
            "updated_at": now,
        }
    )


def upload_instructions(video: dict, *, media, settings, done: set[int] | None = None) -> dict:
    """The `upload` object for the browser: fresh presigned URLs (only missing parts)."""
    upload, ttl = video["upload"], settings.upload_url_ttl_s
    expires_at = clock.timestamp(time.time() + ttl)
    if upload["method"] == "PUT":
        size = int(video["size_bytes"])
        url = media.presign_put(
            key=upload["key"],
            content_type=video["content_type"],
            expires_s=ttl,
            content_length=size,
        )
        return {
            "method": "PUT",
            "url": url,
            # browsers set Content-Length themselves (and may not set it): it must equal the size
            "headers": {"Content-Type": video["content_type"], "Content-Length": str(size)},
            "expires_at": expires_at,
        }
    parts = [
        {
            "part_number": number,
            "url": media.presign_part(
                key=upload["key"], upload_id=upload["upload_id"], part_number=number, expires_s=ttl
            ),
        }
        for number in range(1, int(upload["part_count"]) + 1)
        if number not in (done or set())
    ]
    return {
        "method": "multipart",
        "upload_id": upload["upload_id"],
        "part_size": int(upload["part_size"]),
        "part_count": int(upload["part_count"]),
        "parts": parts,
        "expires_at": expires_at,
    }


def resume_state(video: dict, *, media, settings) -> dict:
    """What S3 already holds of an upload, plus URLs for the rest."""
    if video["status"] != "uploading":
        raise WrongStatus(f"The upload is finished; the video is {video['status']}.")
    upload = video["upload"]
    if upload["method"] == "PUT":
        state = upload_instructions(video, media=media, settings=settings)
        state["uploaded"] = media.head(key=upload["key"]) is not None
        return state
    held, _listed = held_parts(video, media=media)
    state = upload_instructions(
        video, media=media, settings=settings, done={p["part_number"] for p in held}
    )
    state["uploaded_parts"] = held
    return state


def finish_upload(video: dict, *, parts: list[dict] | None, media) -> str | None:
    """Complete a multipart upload, check the object has the declared size; return its ETag.

    The worker reads exactly this version (IfMatch), so an object replaced after completion
    (a presigned PUT lives on for a while) is refused rather than transcoded.
    """
    upload = video["upload"]
    if upload["method"] == "multipart":
        _complete_parts(video, parts, media)
    found = media.head(key=upload["key"])
    if found is None:
        raise UploadIncomplete("Nothing was uploaded yet: PUT the file first.", field="body")
    if int(found["size"]) != int(video["size_bytes"]):
        raise UploadIncomplete(
            f"The uploaded file has {found['size']} bytes, not the declared "
            f"{video['size_bytes']}; upload it again.",
            field="size_bytes",
        )
    return found.get("etag")


def held_parts(video: dict, *, media) -> tuple[list[dict], bool]:
    """(parts, listed by S3): ListParts, or where S3 cannot list them, the reported parts."""
    upload = video["upload"]
    try:
        return media.list_parts(key=upload["key"], upload_id=upload["upload_id"]), True
    except PartsUnlisted:
        reported = video.get("parts_done") or {}
        parts = [
            {"part_number": int(n), "etag": p["etag"], "size": p.get("size")}
            for n, p in sorted(reported.items(), key=lambda pair: int(pair[0]))
        ]
        return parts, False


def _complete_parts(video: dict, parts: list[dict] | None, media) -> None:
    upload = video["upload"]
    listed_parts, listed = held_parts(video, media=media)
    held = {p["part_number"]: p["etag"] for p in listed_parts}
    if not held and not parts and media.head(key=upload["key"]) is not None:
        return  # completed by an earlier call whose answer got lost: nothing left to do
    given = {p["part_number"]: p["etag"] for p in parts} if parts else {}
    for number, etag in given.items():
        if listed and number in held and held[number].strip('"') != etag.strip('"'):
            raise UploadIncomplete(f"Part {number} does not match what S3 holds; upload it again.")
    if not listed:  # S3 cannot tell: trust the ETags we were given; S3 checks them anyway
        held = {**held, **given}
    expected = range(1, int(upload["part_count"]) + 1)
    missing = [n for n in expected if n not in held]
    if missing:
        raise UploadIncomplete(f"Parts not uploaded yet: {_ranges(missing)}.")
    try:
        media.complete_multipart(
            key=upload["key"],
            upload_id=upload["upload_id"],
            parts=[{"part_number": n, "etag": held[n]} for n in expected],
        )
    except ClientError as error:
        code = error.response["Error"]["Code"]
        raise UploadIncomplete(
            f"S3 could not assemble the parts ({code}); upload them again."
        ) from error


def _ranges(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" … ({len(numbers)} in all)" if len(numbers) > 20 else "")
