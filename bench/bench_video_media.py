"""Video media benchmarks on one private stack, each with an in-run baseline:

(a) `GET /api/videos/{id}/stream` with 16 concurrent clients next to the video service's
    healthz through the same NGINX (goal: ≥ 0.5x its throughput, p50 ≤ 25 ms);
(b) course-wide transcript search in a course of 200 captioned videos next to one of 2, for
    the same hits (goal: p50 ratio ≤ 1.2: the cost follows the hits, not the captions).

The captioned videos of (b) are written straight into the stack's table with the service's
own stores (a real transcode of 200 videos would take an hour; the search reads the same
items either way). Every video carries 120 cues of lecture text; "chlorophyll" is said in
exactly two cues of each course. The videos are written from several threads (each its own
client; the transcript store writes with BatchWriteItem).

`BENCH_MEDIA_PARTS` (default `stream,search`) picks the parts; `BENCH_SEARCH_VIDEOS` (default
200) sizes the large course of (b) for a reduced run.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import requests
from video_service.store import VideoStore
from video_service.transcripts import TranscriptStore

from bench.bench_video import _ready_video
from bench.common import print_table, private_stack, run_concurrently

THREADS = 16
PARTS = os.environ.get("BENCH_MEDIA_PARTS", "stream,search").split(",")
LARGE = int(os.environ.get("BENCH_SEARCH_VIDEOS", "200"))
SEED_THREADS = 4
CUES = 120
VOCABULARY = [f"word{n}" for n in range(3000)] + ["the", "light", "plants", "energy", "red"]


def _tables(stack):
    dynamodb = boto3.resource(
        "dynamodb",
        endpoint_url=f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}",
        region_name="us-east-1",
        **stack.s3_keys,  # DynamoDB Local accepts any keys
    )
    return {"videos": dynamodb.Table("dread-video-videos")}


def _cues(rng: random.Random, *, say_it: bool) -> list[dict]:
    cues = []
    for i in range(CUES):
        words = rng.choices(VOCABULARY, k=12)
        if say_it and i in (7, 90):
            words[3:5] = ["the", "chlorophyll"]
        cues.append({"start_s": i * 5.0, "end_s": i * 5.0 + 4.5, "text": " ".join(words)})
    return cues


def _seed_videos(stack, course_id: str, positions: range, seed: int) -> None:
    """Write the ready, captioned videos at `positions` with the service's own stores."""
    tables = _tables(stack)  # a client of this thread's own (boto3 resources are not shared)
    videos, transcripts = VideoStore(tables=tables), TranscriptStore(tables=tables)
    rng = random.Random(seed)
    for position in positions:
        video_id = uuid.uuid4().hex
        videos.add(
            video={
                "id": video_id, "course_id": course_id, "title": f"Lecture {position}",
                "description": "", "position": position, "status": "ready",
                "duration_s": CUES * 5, "renditions": [], "created_at": "2026-12-01T00:00:00Z",
                "captions": {"en": {"label": "English", "key": f"videos/{video_id}/captions/en.vtt",
                                    "status": "completed", "cue_count": CUES}},
            }
        )  # fmt: skip
        # "chlorophyll" in the first video only: both courses have the same two hits
        cues = _cues(rng, say_it=position == 0)
        transcripts.put(video_id=video_id, course_id=course_id, language="en", cues=cues)


def _captioned_course(stack, instructor, count: int) -> str:
    """A published course of `instructor` with `count` ready, captioned videos."""
    course = stack.request(
        "POST",
        "/api/courses",
        headers=instructor.headers,
        json={"title": f"Search bench {count}", "description": "Bench.", "category": "Bench",
              "published": True},
    ).json()["course"]  # fmt: skip
    began = time.perf_counter()
    shares = [range(start, count, SEED_THREADS) for start in range(SEED_THREADS)]
    with ThreadPoolExecutor(SEED_THREADS) as pool:
        jobs = [
            pool.submit(_seed_videos, stack, course["id"], share, count * 100 + n)
            for n, share in enumerate(shares)
        ]
        for job in jobs:
            job.result()
    print(f"seeded {count} captioned videos in {time.perf_counter() - began:.1f} s")
    return course["id"]


def bench_stream(stack, video_id: str, student) -> None:
    """(a) /stream next to healthz, 16 clients."""
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=THREADS, pool_maxsize=THREADS)
    session.mount("http://", adapter)
    url = f"{stack.url}/api/videos/{video_id}/stream"

    def stream(_i):
        assert session.get(url, headers=student.headers, timeout=10).status_code == 200

    def health(_i):
        assert session.get(f"{stack.url}/api/videos/healthz", timeout=10).status_code == 200

    for _ in range(20):  # warm every worker's caches and connections
        stream(0)
        health(0)
    baseline = "GET /api/videos/healthz (baseline)"
    rows = [
        (baseline, run_concurrently(health, threads=THREADS, per_thread=40)),
        ("GET /api/videos/{id}/stream", run_concurrently(stream, threads=THREADS, per_thread=40)),
    ]
    print_table(f"stream URLs, {THREADS} concurrent clients", rows, baseline=baseline)
    figures = dict(rows)["GET /api/videos/{id}/stream"]
    print(f"/stream p50 {figures['p50_ms']:.1f} ms (goal ≤ 25 ms)")


def bench_search(stack, instructor) -> None:
    """(b) transcript search, LARGE (200) captioned videos vs 2, same hits."""
    small = _captioned_course(stack, instructor, 2)
    large = _captioned_course(stack, instructor, LARGE)
    session = requests.Session()

    def searcher(course_id: str, q: str):
        def search(_i):
            answer = session.get(
                f"{stack.url}/api/videos/search",
                params={"course_id": course_id, "q": q},
                headers=instructor.headers,
                timeout=10,
            )
            assert answer.status_code == 200 and len(answer.json()["items"]) == 2, answer.text

        return search  # fmt: skip

    for q in ("chlorophyll", "the chlorophyll"):
        for course_id in (small, large):
            searcher(course_id, q)(0)  # warm
        rows = [
            (f"q={q!r}, {label}", run_concurrently(searcher(course, q), threads=4, per_thread=50))
            for label, course in (("2 videos (baseline)", small), (f"{LARGE} videos", large))
        ]
        print_table(f"transcript search {q!r}, 4 clients", rows, baseline=rows[0][0])
        ratio = rows[1][1]["p50_ms"] / rows[0][1]["p50_ms"]
        print(f"p50 ratio {LARGE} vs 2 videos: {ratio:.2f} (goal ≤ 1.2 at 200)")


def main() -> None:
    """One stack: a ready video for (a), seeded captioned courses for (b)."""
    folder = Path(tempfile.mkdtemp(prefix="dread-bench-media-"))
    try:
        with private_stack(VIDEO_SEED_VIDEOS="0") as stack:
            if "stream" in PARTS:
                video_id, student = _ready_video(stack, folder)
                bench_stream(stack, video_id, student)
            if "search" in PARTS:
                from tests.accounts import new_account

                bench_search(stack, new_account(stack, "instructor"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
