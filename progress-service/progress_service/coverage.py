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

import math
from collections.abc import Iterable

CELL_S = 1  # seconds per cell; an integer so that midpoints are exact in binary floats
COMPLETE_PERCENT = 90.0


def cells_of(spans: Iterable[tuple[float, float]]) -> set[int]:
    """The cells whose midpoints some span covers."""
    cells: set[int] = set()
    for start, end in spans:
        first = math.ceil(start / CELL_S - 0.5)
        last = math.floor(end / CELL_S - 0.5)
        if first <= last:
            cells.update(range(max(first, 0), last + 1))
    return cells


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
