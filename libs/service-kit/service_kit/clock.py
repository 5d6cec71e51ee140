"""The platform's one clock: timestamps are ISO 8601 UTC to the millisecond with a `Z`.

Every time the API shows (`created_at`, `expires_at`, ...) is `timestamp()`'s format,
e.g. `2026-12-01T13:20:00.123Z`, so strings of one format also sort in time order.
Epoch seconds remain for what DynamoDB and tokens need as numbers (TTL attributes, `exp`).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def epoch() -> float:
    """The current time in epoch seconds."""
    return time.time()


def timestamp(at: datetime | float | None = None) -> str:
    """`at` (a datetime, epoch seconds, or now) as the platform's one timestamp format."""
    if at is None:
        at = now()
    elif not isinstance(at, datetime):
        at = datetime.fromtimestamp(at, UTC)
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(text: str) -> datetime:
    """A timestamp string (this format or any ISO 8601 with an offset) as an aware datetime."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def expires_in(seconds: float, *, start: float | None = None) -> int:
    """Whole epoch seconds `seconds` from `start` (default now), for TTL attributes."""
    return int((epoch() if start is None else start) + seconds)


def order_key(moment: datetime, tiebreak: str) -> str:
    """A unique, time-ordered sort key (microseconds, then `tiebreak`); never shown to users."""
    # Finer than timestamp(): items written within one millisecond still sort by time.
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") + "#" + tiebreak
