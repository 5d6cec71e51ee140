"""Property: any order, split or repetition of heartbeats gives the true union's coverage.

Tolerance, stated precisely: watched_s equals the length of the 1-second cells whose
midpoints lie in the union U of all spans (capped at the duration) — exactly, whatever the
delivery — and that differs from the true length |U| by at most 1 s per connected piece of U.
Completion is monotone: once a heartbeat reports completed, every later one does too.
"""

import math
import uuid
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from progress_service import bitmap, coverage

DURATION = 120.0
START_S = 1_800_000_000.0


def start(store, user_id, video_id):
    """The first heartbeat of a viewing, with nothing played yet (the credit clock starts)."""
    store.record_heartbeat(
        user_id=user_id,
        video_id=video_id,
        course_id="c",
        position_s=0,
        duration_s=DURATION,
        cells=set(),
        now="2026-01-01T00:00:00.000Z",
        now_s=START_S,
    )


def merged(spans):
    """The union of closed spans as sorted, disjoint pieces."""
    pieces = []
    for start, end in sorted(spans):
        if pieces and start <= pieces[-1][1]:
            pieces[-1][1] = max(pieces[-1][1], end)
        else:
            pieces.append([start, end])
    return pieces


def oracle_cells(spans):
    """Cells whose midpoint lies in the union, computed from the merged union itself."""
    pieces = merged(spans)
    return {
        i for i in range(math.ceil(DURATION) + 10) if any(lo <= i + 0.5 <= hi for lo, hi in pieces)
    }


seconds = st.floats(min_value=0, max_value=DURATION, allow_nan=False).map(lambda x: round(x, 2))
span = st.tuples(seconds, seconds).filter(lambda s: s[0] != s[1]).map(lambda s: tuple(sorted(s)))


@st.composite
def deliveries(draw):
    """True spans, and heartbeats that split, shuffle and repeat them."""
    spans = draw(st.lists(span, min_size=1, max_size=12))
    pieces = []
    for start, end in spans:
        cuts = sorted(draw(st.lists(st.floats(start, end), max_size=3)))
        points = [start, *[c for c in cuts if start < c < end], end]
        pieces += [(a, b) for a, b in pairwise(points) if a < b]
    repeats = draw(st.lists(st.sampled_from(pieces), max_size=len(pieces)))
    delivered = draw(st.permutations(pieces + repeats))
    sizes = draw(st.lists(st.integers(1, 5), min_size=len(delivered), max_size=len(delivered)))
    heartbeats, index = [], 0
    for size in sizes:
        if index >= len(delivered):
            break
        heartbeats.append(delivered[index : index + size])
        index += size
    return spans, heartbeats


@given(deliveries())
@settings(max_examples=300, deadline=None)
def test_cells_of_any_delivery_equal_cells_of_the_union(case):
    spans, heartbeats = case
    delivered = set()
    for heartbeat in heartbeats:
        delivered |= coverage.cells_of(heartbeat)
    assert delivered == coverage.cells_of(spans) == oracle_cells(spans)


@given(st.lists(span, min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_cells_differ_from_true_length_by_at_most_one_second_per_piece(spans):
    pieces = merged(spans)
    true_length = sum(hi - lo for lo, hi in pieces)
    quantized = len(coverage.cells_of(spans)) * coverage.CELL_S
    assert abs(quantized - true_length) <= coverage.CELL_S * len(pieces) + 1e-9


@given(deliveries())
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_heartbeats_in_any_order_give_union_coverage_and_never_uncomplete(store, case):
    spans, heartbeats = case
    video_id = uuid.uuid4().hex  # a fresh item per example (the moto table is shared)
    completed_seen = False
    start(store, "prop", video_id)
    for number, heartbeat in enumerate(heartbeats):
        progress = store.record_heartbeat(
            user_id="prop",
            video_id=video_id,
            course_id="c",
            position_s=heartbeat[-1][1],
            duration_s=DURATION,
            cells=coverage.cells_of(heartbeat),
            now=f"2026-01-01T00:00:{number:02d}.000Z",
            now_s=START_S + 1000.0 * (number + 1),  # time enough for whatever it claims
        )
        assert progress["completed"] or not completed_seen
        completed_seen = progress["completed"]
    expected = min(len(oracle_cells(spans)) * coverage.CELL_S, DURATION)
    assert progress["watched_s"] == expected
    assert progress["completed"] == (expected / DURATION * 100 >= coverage.COMPLETE_PERCENT)
    true_length = min(sum(hi - lo for lo, hi in merged(spans)), DURATION)
    assert abs(progress["watched_s"] - true_length) <= len(merged(spans)) + 1e-9


def test_cell_set_stays_bounded_by_the_duration(store):
    video_id = uuid.uuid4().hex
    start(store, "bound", video_id)
    for number in range(3):
        progress = store.record_heartbeat(
            user_id="bound",
            video_id=video_id,
            course_id="c",
            position_s=0,
            duration_s=600,
            cells=coverage.cells_of([(0, 605)]),
            now="2026-01-01T00:00:00.000Z",
            now_s=START_S + 1000.0 * (number + 1),
        )
    chunks = store.progress.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :sk)",
        ExpressionAttributeValues={":pk": "USER#bound", ":sk": f"VIDEO#{video_id}#C"},
    )["Items"]
    assert sum(bitmap.count(bytes(c["b"].value)) for c in chunks) <= 605 + 1
    assert all(len(c["b"].value) == bitmap.CHUNK_BYTES for c in chunks)
    assert progress["watched_s"] == 600


def test_longest_video_fully_watched_fits_in_one_item(store):
    from progress_service.schemas import MAX_DURATION_S, SPAN_SLACK_S

    video_id = uuid.uuid4().hex
    start(store, "longest", video_id)
    progress = store.record_heartbeat(
        user_id="longest",
        video_id=video_id,
        course_id="c",
        position_s=MAX_DURATION_S,
        duration_s=MAX_DURATION_S,
        cells=coverage.cells_of([(0, MAX_DURATION_S + SPAN_SLACK_S)]),
        now="2026-01-01T00:00:00.000Z",
        now_s=START_S + MAX_DURATION_S,
    )
    assert progress["watched_s"] == MAX_DURATION_S and progress["completed"] is True
