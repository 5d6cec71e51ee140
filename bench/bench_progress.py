"""Progress heartbeats and instructor analytics: write units, latency, reads, throughput.

    python -m bench progress          (make bench BENCH=progress)

1. Storage, in process on the bench stack's DynamoDB Local (tables of their own): heartbeats
   10 s apart, each covering 10 new seconds, late in a 3-hour video (2.5 h already watched)
   vs early in a 3-minute one. Write units per heartbeat from the bytes of every item each
   call wrote, as DynamoDB bills them (bench/progress_meter.py; indexes counted), for the
   progress table alone and with the analytics writes; the previous design (a Number Set on
   the item, both indexes projecting ALL) computed by the same rules; and the p50 latency
   ratio of the two videos. Goals: ≤ 2 WCU, ≤ 1.2 times.
2. Analytics read through NGINX: GET /api/progress/videos/{id}/analytics for a video with
   1 000 learners vs one with 10 (counters loaded through AnalyticsStore). Goals: p50 ≤ 50 ms
   and ≤ 1.2 times.
   The three reads are interleaved request by request, next to the kit's one-GetItem
   endpoint (the machine's load at that moment).
3. Heartbeat throughput through NGINX, analytics on vs off: a second stack, started with
   PROGRESS_ANALYTICS=off at DREAD_BENCH_PORT_BASE + 250, runs alongside the first and the
   two take turns in BENCH_ROUNDS rounds, so a busy moment of the machine hits both alike.
   Goal: ratio ≥ 0.8. Every heartbeat claims twice the video's duration; afterwards each
   learner's progress must show the server's duration and every second credited, and the
   video's analytics the learners (on) or nobody (off).

The videos are ready video records written through the video service's own store code (a
real upload would wait minutes for the worker); the progress service reads their duration
from the video service as for any video.

Environment: BENCH_PROGRESS_PARTS (storage,read,nginx), BENCH_PROGRESS_USERS (25),
BENCH_VIEWERS (8), BENCH_HEARTBEATS (60), BENCH_ROUNDS (4), BENCH_READS (200),
DREAD_BENCH_PORT_BASE. Reduced: BENCH_PROGRESS_USERS=5 BENCH_HEARTBEATS=20 BENCH_READS=50.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid

import boto3
import requests
from progress_service import coverage
from progress_service.analytics import AnalyticsStore
from progress_service.heartbeat import RECENT_REFRESH_S, Change
from progress_service.store import ProgressStore
from progress_service.tables import TABLES
from service_kit import clock
from service_kit.tables import ensure_tables
from video_service.store import VideoStore
from video_service.store import stored as stored_video

from bench import progress_meter
from bench.common import (
    BENCH_PORT_BASE,
    interleaved,
    percentile,
    print_table,
    run_concurrently,
)
from devstack.handle import start_private_stack
from tests.accounts import new_account

PARTS = os.environ.get("BENCH_PROGRESS_PARTS", "storage,read,nginx").split(",")
USERS = int(os.environ.get("BENCH_PROGRESS_USERS", "25"))
VIEWERS = int(os.environ.get("BENCH_VIEWERS", "8"))
HEARTBEATS = int(os.environ.get("BENCH_HEARTBEATS", "60"))
READS = int(os.environ.get("BENCH_READS", "200"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
SECOND_STACK_OFFSET = 250  # the analytics-off stack's ports: clear of the first's (+1..+201)
BEAT_S = 10.0
STEADY_BEATS = 12  # measured heartbeats per learner
T0 = 1_900_000_000.0


def _ok(response: requests.Response, *statuses: int) -> dict:
    if response.status_code not in statuses:
        raise RuntimeError(
            f"{response.request.method} {response.url}: {response.status_code} "
            f"{response.text[:300]}"
        )
    return response.json() if response.content else {}


# ---------------------------------------------------------------- 1. storage, in process
def _stores(stack, run: str):
    """ProgressStore and AnalyticsStore on fresh tables in the stack's DynamoDB Local."""
    resource = _dynamodb(stack)
    name_for = lambda name: f"benchp{run}-progress-{name}"  # noqa: E731
    ensure_tables(resource.meta.client, TABLES, name_for)
    tables = {spec.name: resource.Table(name_for(spec.name)) for spec in TABLES}
    return resource, ProgressStore(tables=tables), AnalyticsStore(tables["analytics"])


def _beat(store, analytics, user, video, duration, start, now_s, *, counted=True):
    spans = [(start, start + BEAT_S)] if start is not None else []
    now = clock.timestamp(now_s)
    _, change = store.beat(
        user_id=user,
        video_id=video,
        course_id="benchcourse",
        position_s=spans[-1][1] if spans else 0,
        duration_s=duration,
        cells=coverage.cells_of(spans),
        now=now,
        now_s=now_s,
        fingerprint=coverage.fingerprint(spans),
    )
    if counted:
        analytics.record(
            user_id=user, course_id="benchcourse", video_id=video, change=change, now=now
        )


def _viewing(store, analytics, user, video, duration, first_s):
    """A learner's heartbeats from `first_s` on, after the earlier part was watched; timed."""
    at = T0
    _beat(store, analytics, user, video, duration, None, at)
    if first_s:  # the part already watched, in one generous heartbeat (not measured)
        at += first_s
        store.beat(
            user_id=user,
            video_id=video,
            course_id="benchcourse",
            position_s=first_s,
            duration_s=duration,
            cells=coverage.cells_of([(0, first_s)]),
            now=clock.timestamp(at),
            now_s=at,
        )
    timings = []
    for n in range(STEADY_BEATS):
        at += BEAT_S
        started = time.perf_counter()
        _beat(store, analytics, user, video, duration, first_s + n * BEAT_S, at)
        timings.append(time.perf_counter() - started)
    return timings


def _old_design_units(watched_cells: int) -> int:
    """WCU of one heartbeat of the previous design, by the same size rules."""
    user, video = "USER#" + "u" * 32, "v" * 32
    item = {
        "pk": user,
        "sk": f"VIDEO#{video}",
        "video_id": video,
        "course_id": "c" * 32,
        "position_s": 9000.5,
        "duration_s": 10800.0,
        "updated_at": "2030-01-01T00:00:00.000Z",
        "created_at": "2030-01-01T00:00:00.000Z",
        "beat_at": T0,
        "gsi1pk": f"{user}#COURSE#{'c' * 32}",
        "gsi1sk": f"VIDEO#{video}",
        "gsi2pk": user,
        "gsi2sk": f"2030-01-01T00:00:00.000Z#{video}",
        "cells": set(range(watched_cells)),
    }
    new = {
        **item,
        "cells": set(range(watched_cells + 10)),
        "gsi2sk": f"2030-01-01T00:00:10.000Z#{video}",
    }
    base = progress_meter.units(max(progress_meter.item_size(item), progress_meter.item_size(new)))
    return (
        base
        + progress_meter.all_projection_units(item, new, ("gsi1pk", "gsi1sk"))
        + progress_meter.all_projection_units(item, new, ("gsi2pk", "gsi2sk"))
    )


def bench_storage(stack) -> None:
    """Write units and latency of a heartbeat: 3-hour vs 3-minute video."""
    run = uuid.uuid4().hex[:6]
    resource, store, analytics = _stores(stack, run)
    cases = {
        "3-minute video, from 0:30": (180.0, 30.0),
        "3-hour video, from 2:30:00": (10800.0, 9000.0),
    }
    print(f"\n## heartbeat write units ({USERS} learners x {STEADY_BEATS} heartbeats of 10 s each)")
    print(
        f"{'case':<34} {'progress WCU':>13} {'+analytics':>11} {'previous design':>16}"
        f" {'refresh':>10} {'amortised':>10} {'switch':>7}"
    )
    for name, (duration, first_s) in cases.items():
        meters = {
            "progress": progress_meter.Meter(
                {
                    store.progress.name: (
                        store.progress,
                        [("gsi1pk", "gsi1sk", True), ("gsi2pk", "gsi2sk", True)],
                    )
                }
            ),
            "analytics": progress_meter.Meter({analytics.table.name: (analytics.table, [])}),
        }
        for meter in meters.values():
            meter.attach(resource.meta.client)
        refresh = switch = 0
        for u in range(USERS):
            for meter in meters.values():
                meter.armed = False
            user, video = f"wcu-{run}-{u}", f"video-{int(duration)}"
            _beat(store, analytics, user, video, duration, None, T0)
            if first_s:
                store.beat(
                    user_id=user,
                    video_id=video,
                    course_id="benchcourse",
                    position_s=first_s,
                    duration_s=duration,
                    cells=coverage.cells_of([(0, first_s)]),
                    now=clock.timestamp(T0 + first_s),
                    now_s=T0 + first_s,
                )
            for meter in meters.values():
                meter.armed = True
            for n in range(STEADY_BEATS):
                _beat(
                    store,
                    analytics,
                    user,
                    video,
                    duration,
                    first_s + n * BEAT_S,
                    T0 + first_s + (n + 1) * BEAT_S,
                )
            # RECENT_REFRESH_S on, the heartbeat that would move its "continue watching" entry
            # (it does not: the video is still the one on top).
            before = meters["progress"].total
            for meter in meters.values():
                meter.armed = meter is meters["progress"]
            later = T0 + first_s + STEADY_BEATS * BEAT_S + RECENT_REFRESH_S
            at_s = first_s + STEADY_BEATS * BEAT_S
            _beat(store, analytics, user, video, duration, at_s, later)
            refresh += meters["progress"].total - before
            # A glance at another video, then back: this return does move the entry.
            meters["progress"].armed = False
            _beat(store, analytics, user, f"other-{video}", duration, None, later + BEAT_S)
            meters["progress"].armed = True
            mid = meters["progress"].total
            _beat(store, analytics, user, video, duration, at_s + BEAT_S, later + 2 * BEAT_S)
            switch += meters["progress"].total - mid
            meters["progress"].total = before
        for meter in meters.values():
            meter.detach(resource.meta.client)
        beats = USERS * STEADY_BEATS
        own = meters["progress"].total / beats
        both = (meters["progress"].total + meters["analytics"].total) / beats
        amortised = own + (refresh / USERS - own) / (RECENT_REFRESH_S / BEAT_S)
        print(
            f"{name:<34} {own:>13.2f} {both:>11.2f} {_old_design_units(int(first_s)):>16}"
            f" {refresh / USERS:>10.2f} {amortised:>10.3f} {switch / USERS:>7.2f}"
        )
    print("(previous design: one UpdateItem rewriting the Number Set + both ALL indexes;")
    print(" refresh: the heartbeat 10 minutes on, which may move the continue-watching entry;")
    print(" amortised: progress WCU averaged over 10 minutes of heartbeats including it, goal")
    print(" <= 2; switch: the first heartbeat back after another video, which moves the entry)")
    latency = {}
    for name, (duration, first_s) in cases.items():
        samples = []
        for u in range(USERS):
            samples += _viewing(
                store,
                analytics,
                f"lat-{run}-{name[:2]}-{u}",
                f"lat-{int(duration)}",
                duration,
                first_s,
            )
        latency[name] = samples
    print(f"\n## heartbeat latency in process (store + analytics), {USERS * STEADY_BEATS} each")
    for name, samples in latency.items():
        print(
            f"{name:<34} p50 {percentile(samples, 0.5) * 1000:7.2f} ms"
            f"   mean {statistics.fmean(samples) * 1000:7.2f} ms"
        )
    short, long = (percentile(s, 0.5) for s in latency.values())
    print(f"p50 ratio 3-hour / 3-minute: {long / short:.3f} (goal <= 1.2)")


# ---------------------------------------------------------------- stacks with a ready video
def _dynamodb(stack):
    """A boto3 DynamoDB resource on the stack's DynamoDB Local."""
    session = boto3.session.Session(**stack.s3_keys, region_name="us-east-1")
    return session.resource(
        "dynamodb", endpoint_url=f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}"
    )


def _table(stack, service: str, name: str):
    """One of the stack's service tables, named as the kit names them."""
    prefix = stack.env.get("DREAD_TABLE_PREFIX", "dread")
    return _dynamodb(stack).Table(f"{prefix}-{service}-{name}")


def _ready_video(stack, course_id: str, position: int, seconds: float) -> str:
    """A ready video of `seconds` written through the video service's own store code.

    Transcoding a 5-minute source under load took longer than the whole bench; what the
    progress service needs of a video is its record (course, status, server-side duration),
    which it reads from the video service exactly as for an uploaded one.
    """
    video_id = uuid.uuid4().hex
    VideoStore(tables={"videos": _table(stack, "video", "videos")}).add(
        video=stored_video(
            {
                "id": video_id,
                "course_id": course_id,
                "title": f"Clip {position}",
                "description": "",
                "position": position,
                "status": "ready",
                "duration_s": seconds,
                "renditions": [],
                "created_at": clock.timestamp(),
            }
        )
    )
    return video_id


def _world(stack, *, seconds: float, videos: int, viewers: int) -> dict:
    owner = new_account(stack, "instructor")
    body = {
        "title": f"Bench {uuid.uuid4().hex[:6]}",
        "description": "Bench.",
        "category": "Bench",
        "published": True,
    }
    course_id = _ok(stack.request("POST", "/api/courses", json=body, headers=owner.headers), 201)[
        "course"
    ]["id"]
    ids = [_ready_video(stack, course_id, n, seconds) for n in range(videos)]
    for video_id in ids:  # the video service serves it as any ready video
        video = _ok(stack.get(f"/api/videos/{video_id}", headers=owner.headers), 200)["video"]
        assert video["status"] == "ready" and video["duration_s"] == seconds, video
    people = [new_account(stack) for _ in range(viewers)]
    for person in people:
        _ok(
            stack.request("PUT", f"/api/courses/{course_id}/enrollment", headers=person.headers),
            200,
            201,
        )
    return {
        "owner": owner,
        "course_id": course_id,
        "videos": ids,
        "viewers": people,
        "seconds": seconds,
    }


def bench_read(stack, world: dict) -> None:
    """Video analytics read through NGINX: 1 000 learners vs 10, interleaved request by
    request (with the kit's one-GetItem endpoint as a yardstick of the machine's load)."""
    analytics = AnalyticsStore(_table(stack, "progress", "analytics"))
    cells = set(range(int(world["seconds"])))
    few, many = world["videos"][:2]
    for video_id, learners in ((few, 10), (many, 1000)):
        for n in range(learners):
            change = Change(
                credited=cells,
                new_buckets={c // 10 for c in cells},
                first_view=True,
                completed=n % 2 == 0,
            )
            analytics.record(
                user_id=f"reader-{video_id[:6]}-{n}",
                course_id=world["course_id"],
                video_id=video_id,
                change=change,
                now="2030-01-01T00:00:00.000Z",
            )
    http = requests.Session()
    http.headers.update(world["owner"].headers)
    plain = requests.Session()
    item = f"{stack.url}/api/bench/items/progress-read"
    _ok(plain.put(item, json={"value": "x" * 16}, timeout=30), 200)
    viewers = {}

    def reader(label: str, video_id: str):
        url = f"{stack.url}/api/progress/videos/{video_id}/analytics"

        def read(_n: int) -> None:
            viewers[label] = _ok(http.get(url, timeout=30), 200)["viewers"]

        return read

    cases = {
        "kit endpoint GET (1 GetItem)": lambda _n: _ok(plain.get(item, timeout=30), 200),
        "10 learners": reader("10 learners", few),
        "1000 learners": reader("1000 learners", many),
    }
    interleaved(cases, rounds=10)  # warm: access and video memos, connections
    figures = interleaved(cases, rounds=READS)
    print("\n## video analytics read through NGINX (interleaved)")
    for label, row in figures.items():
        print(
            f"{label:<30} viewers={viewers.get(label, '-')!s:<5} p50 {row['p50_ms']:6.2f} ms"
            f"   p99 {row['p99_ms']:6.2f} ms"
        )
    assert viewers == {"10 learners": 10, "1000 learners": 1000}, viewers
    ratio = figures["1000 learners"]["p50_ms"] / figures["10 learners"]["p50_ms"]
    print(f"p50 ratio 1000 / 10 learners: {ratio:.3f} (goals: p50 <= 50 ms, <= 1.2)")


def _heartbeat_round(stack, world: dict, sessions: dict, first: int, count: int) -> dict:
    """Heartbeats `first`..`first + count - 1` of every viewer, one thread per viewer; each
    covers 5 new seconds and claims twice the real duration (the server must use its own)."""
    url = f"{stack.url}/api/progress/videos/{world['videos'][0]}"

    def heartbeat(n: int) -> None:
        viewer = n // count
        if viewer not in sessions:
            sessions[viewer] = requests.Session()
            sessions[viewer].headers.update(world["viewers"][viewer].headers)
        start = (first + n % count) * 5.0
        body = {
            "course_id": world["course_id"],
            "position_s": start + 5,
            "duration_s": world["seconds"] * 2,
            "watched": [[start, start + 5]],
        }
        _ok(sessions[viewer].put(url, json=body, timeout=30), 200)

    return run_concurrently(heartbeat, threads=len(world["viewers"]), per_thread=count)


def _check_heartbeats(stack, world: dict, beats: int, *, analytics: bool) -> None:
    """Every heartbeat was credited, against the server's duration, and counted (or not)."""
    watched = min(beats * 5.0, world["seconds"])
    for viewer in world["viewers"]:
        progress = _ok(
            stack.get(f"/api/progress/videos/{world['videos'][0]}", headers=viewer.headers), 200
        )["progress"]
        assert progress["duration_s"] == world["seconds"], progress  # not the claimed 2x
        assert progress["watched_s"] == watched, (progress, watched)
    figures = _ok(
        stack.get(
            f"/api/progress/videos/{world['videos'][0]}/analytics",
            headers=world["owner"].headers,
        ),
        200,
    )
    expected = len(world["viewers"]) if analytics else 0
    assert figures["viewers"] == expected, (figures["viewers"], expected)


def bench_heartbeats(stacks: dict, worlds: dict) -> list[tuple[str, dict]]:
    """Heartbeats through NGINX on both stacks, in alternating rounds (so both see the same
    load): VIEWERS threads, each its own learner; throughput of all rounds per stack."""
    sessions = {label: {} for label in stacks}
    for label, stack in stacks.items():  # warm: access and video memos, first-beat allowance
        _heartbeat_round(stack, worlds[label], sessions[label], 0, 1)
    per_round = max(1, HEARTBEATS // ROUNDS)
    done: dict[str, list[dict]] = {label: [] for label in stacks}
    for n in range(ROUNDS):
        order = list(stacks) if n % 2 == 0 else list(stacks)[::-1]
        for label in order:
            figures = _heartbeat_round(
                stacks[label], worlds[label], sessions[label], 1 + n * per_round, per_round
            )
            done[label].append(figures)
    for label, stack in stacks.items():
        _check_heartbeats(
            stack, worlds[label], 1 + ROUNDS * per_round, analytics=label == "analytics on"
        )
    rows = []
    for label, rounds in done.items():
        ops = sum(r["ops"] for r in rounds)
        elapsed = sum(r["ops"] / r["ops_per_s"] for r in rounds)
        rows.append(
            (
                label,
                {
                    "ops": ops,
                    "ops_per_s": ops / elapsed,
                    "p50_ms": statistics.median(r["p50_ms"] for r in rounds),
                    "p99_ms": max(r["p99_ms"] for r in rounds),
                },
            )
        )
    return rows


def main() -> None:
    """Run the selected parts (storage and read on one stack; nginx on it and a second one)."""
    started = time.perf_counter()
    wanted = {"analytics on": {"DREAD_BENCH_APP": "1"}}
    if "nginx" in PARTS:
        wanted["analytics off"] = {"PROGRESS_ANALYTICS": "off"}
    stacks = {}
    try:
        # one after the other: two stacks starting at once on a loaded machine time out
        for offset, (label, env) in enumerate(wanted.items()):
            stacks[label] = start_private_stack(
                BENCH_PORT_BASE + offset * SECOND_STACK_OFFSET, prefix="dread-bench-", **env
            )
        print(f"(stacks up in {time.perf_counter() - started:.0f} s)")
        main_stack = stacks["analytics on"]
        if "storage" in PARTS:
            bench_storage(main_stack)
        seconds = (HEARTBEATS + 2) * 5.0
        if "read" in PARTS:
            bench_read(main_stack, _world(main_stack, seconds=seconds, videos=2, viewers=1))
        if "nginx" in PARTS:
            worlds = {
                label: _world(stack, seconds=seconds, videos=1, viewers=VIEWERS)
                for label, stack in stacks.items()
            }
            print_table(
                f"heartbeats through NGINX, {ROUNDS} alternating rounds"
                " (ratio: analytics on / off)",
                bench_heartbeats(stacks, worlds)[::-1],
                baseline="analytics off",
            )
    finally:
        for stack in stacks.values():
            stack.devstack("down", check=False)
