"""Item keys, DynamoDB value conversion and the `progress` mapper shared by the store modules."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from service_kit import clock

from . import bitmap, coverage

RECENT_SK = "RECENT"


def meta_key(user_id: str, video_id: str) -> dict:
    """The per-user, per-video item: position, counts, completion, index keys."""
    return {"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}"}


def recent_key(user_id: str) -> dict:
    """The user's latest "continue watching" mover: which video's gsi2 entry is on top."""
    return {"pk": f"USER#{user_id}", "sk": RECENT_SK}


def chunk_key(user_id: str, video_id: str, chunk: int) -> dict:
    """One 30-minute coverage chunk of a user's video."""
    return {"pk": f"USER#{user_id}", "sk": f"VIDEO#{video_id}#C{chunk:02d}"}


def seconds(value: float) -> Decimal:
    """A number of seconds as DynamoDB stores it (millisecond precision)."""
    return Decimal(str(round(value, 3)))


def binary(value) -> bytes:
    """Bytes of a stored Binary attribute (boto3 wraps them), b"" when absent."""
    if value is None:
        return b""
    return bytes(getattr(value, "value", value))


def shifted(timestamp: str, delta_s: float) -> str:
    """`timestamp` moved by `delta_s` seconds (same format)."""
    return clock.timestamp(clock.parse(timestamp) + timedelta(seconds=delta_s))


def watched_cells(item: dict) -> int:
    """Watched cells of a meta item: the kept count, or an old item's number set."""
    if "cells" in item:  # stored before coverage moved to chunks (migrated on next heartbeat)
        return len(item["cells"])
    return int(item.get("watched_cells", 0))


def to_progress(item: dict) -> dict:
    """The API's `progress` from a meta item."""
    duration = float(item.get("duration_s", 0))
    watched = coverage.watched_seconds(watched_cells(item), duration)
    return {
        "video_id": item["video_id"],
        "course_id": item["course_id"],
        "position_s": float(item.get("position_s", 0)),
        "watched_s": watched,
        "duration_s": duration,
        "percent": round(coverage.percent_of(watched, duration), 2),
        "completed": bool(item.get("completed", False)),
        "completed_at": item.get("completed_at"),
        "updated_at": item["updated_at"],
    }


def chunk_cells(chunk: int, bits: bytes) -> set[int]:
    """Absolute cells of one chunk's bitmap."""
    base = chunk * bitmap.CHUNK_CELLS
    return {base + offset for offset in bitmap.offsets(bits)}
