"""Ids and clocks of the forum (ids in paths follow the kit's `<id:...>` rule)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    """A fresh post id."""
    return uuid.uuid4().hex


def now() -> tuple[str, float]:
    """The current time as an ISO 8601 UTC string (ms) and as epoch seconds."""
    epoch = time.time()
    stamp = datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z"), epoch
