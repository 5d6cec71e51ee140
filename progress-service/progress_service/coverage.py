"""Watched coverage as a set of 1-second cells: merge by set union, so order never matters.

A cell i covers [i, i + 1) seconds and counts as watched when its midpoint i + 0.5 lies in
some watched span [from_s, to_s] (closed). Whether a point lies in a union of spans does not
depend on how the spans were split, ordered or repeated, so neither does the set of cells;
merging two heartbeats is a set union — exactly what DynamoDB's `ADD` on a Number Set does.

Tolerance: for each connected piece [a, b] of the true union, the cells whose midpoints lie
in it number between (b - a) - 1 and (b - a) + 1. So |cells(U) * CELL_S - |U|| <= CELL_S * k
where k is the number of connected pieces of U (a continuous viewing is one piece: ±1 s).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

CELL_S = 1  # seconds per cell; an integer so that midpoints are exact in binary floats
COMPLETE_PERCENT = 90.0
# Credit rule: a heartbeat adds at most TOP_RATE x the wall-clock time since the viewer's
# previous heartbeat, plus SLACK_S (rounding, jitter); a first one at most FIRST_ALLOWANCE_S
# (the player beats every 10 s, so at 2x a first beat carries up to ~20 s).
TOP_RATE = 2.0
SLACK_S = 5.0
FIRST_ALLOWANCE_S = 30.0


def cells_of(spans: Iterable[tuple[float, float]]) -> set[int]:
    """The cells whose midpoints some span covers."""
    cells: set[int] = set()
    for start, end in spans:
        first = math.ceil(start / CELL_S - 0.5)
        last = math.floor(end / CELL_S - 0.5)
        if first <= last:
            cells.update(range(max(first, 0), last + 1))
    return cells


def clip(spans: Iterable[tuple[float, float]], duration_s: float) -> list[tuple[float, float]]:
    """The spans cut to [0, duration_s] (the video's own duration, not the client's hint)."""
    clipped = [(max(0.0, a), min(float(b), duration_s)) for a, b in spans]
    return [(a, b) for a, b in clipped if a < b]


def budget_s(previous_beat_s: float | None, now_s: float) -> float:
    """Seconds a heartbeat arriving at `now_s` may newly credit (see TOP_RATE)."""
    if previous_beat_s is None:
        return FIRST_ALLOWANCE_S
    return max(0.0, now_s - previous_beat_s) * TOP_RATE + SLACK_S


def earliest_previous_beat(claimed_cells: int, now_s: float) -> float:
    """The latest previous heartbeat time for which `claimed_cells` all fit the budget."""
    return now_s - max(0.0, (claimed_cells * CELL_S - SLACK_S) / TOP_RATE)


def credited(cells: set[int], held: set[int], budget: float) -> set[int]:
    """The new cells a heartbeat may add: the earliest ones that fit the budget."""
    new = sorted(cells - held)
    return set(new[: max(0, int(budget // CELL_S))])


def watched_seconds(cell_count: int, duration_s: float) -> float:
    """Seconds watched: the cells' length, never more than the video."""
    return float(min(cell_count * CELL_S, duration_s))


def percent_of(watched_s: float, duration_s: float) -> float:
    """watched_s / duration_s as a percentage, capped at 100 (0 for an unknown duration)."""
    if duration_s <= 0:
        return 0.0
    return min(100.0, watched_s / duration_s * 100.0)


def is_complete(percent: float) -> bool:
    """A video counts as completed from 90 % on."""
    return percent >= COMPLETE_PERCENT


def fingerprint(spans: Iterable[tuple[float, float]]) -> bytes:
    """8 bytes naming a heartbeat's spans: a replayed heartbeat has the same ones."""
    text = ";".join(f"{a:.3f},{b:.3f}" for a, b in spans)
    return hashlib.blake2b(text.encode(), digest_size=8).digest() if text else b""
