"""Ids, clocks and URL converters of the forum."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

from werkzeug.routing import BaseConverter


class PostIdConverter(BaseConverter):
    """A thread or reply id as this service mints them (32 hex digits)."""

    regex = r"[0-9a-f]{32}"


class CourseIdConverter(BaseConverter):
    """A course id (UUID or ULID from the course service; opaque, but bounded and plain)."""

    regex = r"[A-Za-z0-9._~-]{1,128}"


def new_id() -> str:
    """A fresh post id."""
    return uuid.uuid4().hex


def now() -> tuple[str, float]:
    """The current time as an ISO 8601 UTC string (ms) and as epoch seconds."""
    epoch = time.time()
    stamp = datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z"), epoch
