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
3. Heartbeat throughput through NGINX, analytics on vs off (a second stack started with
   PROGRESS_ANALYTICS=off). Goal: ratio ≥ 0.8.

Environment: BENCH_PROGRESS_PARTS (storage,read,nginx), BENCH_PROGRESS_USERS (25),
BENCH_VIEWERS (8), BENCH_HEARTBEATS (60), BENCH_READS (200), DREAD_BENCH_PORT_BASE.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path

import boto3
import requests
from progress_service import coverage
from progress_service.analytics import AnalyticsStore
from progress_service.heartbeat import RECENT_REFRESH_S, Change
from progress_service.store import ProgressStore
from progress_service.tables import TABLES
from service_kit import clock
from service_kit.tables import ensure_tables

from bench import progress_meter
from bench.common import BENCH_PORT_BASE, percentile, print_table, run_concurrently
from devstack.handle import start_private_stack
from tests.accounts import new_account
from tests.media import make_video

PARTS = os.environ.get("BENCH_PROGRESS_PARTS", "storage,read,nginx").split(",")
USERS = int(os.environ.get("BENCH_PROGRESS_USERS", "25"))
VIEWERS = int(os.environ.get("BENCH_VIEWERS", "8"))
HEARTBEATS = int(os.environ.get("BENCH_HEARTBEATS", "60"))
READS = int(os.environ.get("BENCH_READS", "200"))
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
    session = boto3.session.Session(**stack.s3_keys, region_name="us-east-1")
    resource = session.resource(
        "dynamodb", endpoint_url=f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}"
    )
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
        f" {'refresh':>10} {'amortised':>10}"
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
        refresh = 0
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
            # Once every RECENT_REFRESH_S a heartbeat also moves its "continue watching" entry.
            before = meters["progress"].total
            for meter in meters.values():
                meter.armed = meter is meters["progress"]
            later = T0 + first_s + STEADY_BEATS * BEAT_S + RECENT_REFRESH_S
            _beat(store, analytics, user, video, duration, first_s + STEADY_BEATS * BEAT_S, later)
            refresh += meters["progress"].total - before
            meters["progress"].total = before
        for meter in meters.values():
            meter.detach(resource.meta.client)
        beats = USERS * STEADY_BEATS
        own = meters["progress"].total / beats
        both = (meters["progress"].total + meters["analytics"].total) / beats
        amortised = own + (refresh / USERS - own) / (RECENT_REFRESH_S / BEAT_S)
        print(
            f"{name:<34} {own:>13.2f} {both:>11.2f} {_old_design_units(int(first_s)):>16}"
            f" {refresh / USERS:>10.2f} {amortised:>10.3f}"
        )
    print("(previous design: one UpdateItem rewriting the Number Set + both ALL indexes;")
    print(" refresh: the 1-in-60 heartbeat that also moves its continue-watching index entry;")
    print(" amortised: progress WCU averaged over 10 minutes of heartbeats including it)")
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
def _world(stack, folder: Path, *, seconds: float, videos: int, viewers: int) -> dict:
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
    clip = make_video(folder / f"clip{int(seconds)}.mp4", seconds=seconds, size="160x120", rate=5)
    ids = []
    for n in range(videos):
        meta = {
            "course_id": course_id,
            "title": f"Clip {n}",
            "filename": clip.name,
            "content_type": "video/mp4",
            "size_bytes": clip.stat().st_size,
        }
        created = _ok(stack.request("POST", "/api/videos", json=meta, headers=owner.headers), 201)
        upload = created["upload"]
        _ok(
            requests.put(
                upload["url"], data=clip.read_bytes(), headers=upload["headers"], timeout=60
            ),
            200,
        )
        _ok(
            stack.request(
                "POST",
                f"/api/videos/{created['video']['id']}/upload/complete",
                headers=owner.headers,
            ),
            202,
        )
        ids.append(created["video"]["id"])
    deadline = time.monotonic() + 300
    for video_id in ids:
        while (
            _ok(stack.get(f"/api/videos/{video_id}", headers=owner.headers), 200)["video"]["status"]
            != "ready"
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("bench video never became ready")
            time.sleep(1)
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
    """Video analytics read through NGINX: 1 000 learners vs 10."""
    session = boto3.session.Session(**stack.s3_keys, region_name="us-east-1")
    resource = session.resource(
        "dynamodb", endpoint_url=f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}"
    )
    prefix = stack.env.get("DREAD_TABLE_PREFIX", "dread")
    analytics = AnalyticsStore(resource.Table(f"{prefix}-progress-analytics"))
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
    figures = {}
    for label, video_id in (("10 learners", few), ("1000 learners", many)):
        url = f"{stack.url}/api/progress/videos/{video_id}/analytics"
        _ok(http.get(url, timeout=30), 200)
        samples = []
        for _ in range(READS):
            started = time.perf_counter()
            body = _ok(http.get(url, timeout=30), 200)
            samples.append(time.perf_counter() - started)
        figures[label] = (percentile(samples, 0.5) * 1000, body["viewers"])
    print("\n## video analytics read through NGINX")
    for label, (p50, viewers) in figures.items():
        print(f"{label:<16} viewers={viewers:<5} p50 {p50:6.2f} ms")
    print(
        "p50 ratio 1000 / 10 learners: "
        f"{figures['1000 learners'][0] / figures['10 learners'][0]:.3f}"
        " (goals: p50 <= 50 ms, <= 1.2)"
    )


def bench_heartbeats(stack, world: dict) -> dict:
    """Heartbeats through NGINX: VIEWERS threads, each its own learner, 5 new seconds a beat."""
    url = f"{stack.url}/api/progress/videos/{world['videos'][0]}"
    local = threading.local()

    def heartbeat(n: int) -> None:
        viewer = world["viewers"][n // HEARTBEATS]
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.headers.update(viewer.headers)
        start = (n % HEARTBEATS) * 5.0
        body = {
            "course_id": world["course_id"],
            "position_s": start + 5,
            "duration_s": world["seconds"],
            "watched": [[start, start + 5]],
        }
        _ok(local.session.put(url, json=body, timeout=30), 200)

    return run_concurrently(heartbeat, threads=VIEWERS, per_thread=HEARTBEATS)


def main() -> None:
    """Run the selected parts."""
    seconds = max(HEARTBEATS * 5.0 + 10, 60.0)
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for label, env in (("analytics on", {}), ("analytics off", {"PROGRESS_ANALYTICS": "off"})):
            if label == "analytics off" and "nginx" not in PARTS:
                break
            stack = start_private_stack(BENCH_PORT_BASE, prefix="dread-bench-", **env)
            try:
                if label == "analytics on" and "storage" in PARTS:
                    bench_storage(stack)
                if "nginx" in PARTS or "read" in PARTS:
                    world = _world(stack, Path(tmp), seconds=seconds, videos=2, viewers=VIEWERS)
                    if label == "analytics on" and "read" in PARTS:
                        bench_read(stack, world)
                    if "nginx" in PARTS:
                        rows.append((label, bench_heartbeats(stack, world)))
            finally:
                stack.devstack("down", check=False)
        if rows:
            print_table(
                "heartbeats through NGINX (ratio: analytics on / off)",
                rows[::-1],
                baseline="analytics off",
            )
