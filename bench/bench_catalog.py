"""Catalog and search latency with 100 and with 10 000 published courses, in one run.

The courses are written through CourseStore itself (so catalog, category and word indexes
are exactly what the service writes) straight into the private stack's DynamoDB Local from
parallel threads; the latencies are measured over HTTP through NGINX. With keys designed
from the access patterns a page costs the same whatever the catalog size: the goal is a
10 000 / 100 p50 ratio of at most 1.2.

Environment: BENCH_COURSES (the large catalog, 10000), DREAD_BENCH_PORT_BASE (41000).
"""

from __future__ import annotations

import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import requests
from botocore.config import Config
from course_service.config import Settings
from course_service.store import CourseStore

from bench.common import print_table, private_stack, summarize

LOAD_THREADS = 6
LARGE = int(os.environ.get("BENCH_COURSES", "10000"))
ROUNDS, PER_ROUND = 10, 20  # 200 sequential requests per case, interleaved
TOPICS = (
    *("python", "rust", "golang", "java", "kotlin", "swift", "haskell", "scala", "elixir"),
    *("clojure", "pandas", "numpy", "docker", "kubernetes", "linux", "networking"),
    *("security", "cloud", "react", "vue"),
)
ADJECTIVES = ("practical", "modern", "complete", "essential", "applied", "hands-on", "gentle")
ADJECTIVES += ("deep", "fast", "clear")
KINDS = ("basics", "workshop", "masterclass", "bootcamp", "primer", "in depth", "recipes")
BATCH = 100  # courses per import_many call
# The first courses match every search case, so at 100 courses each case already fills its
# page as it does at 10 000: the ratio compares the same page at two catalog sizes, not a
# page of 5 with one of 20 (at 100 random courses "python" alone finds about 5).
PLANTED = 25
LEVELS = ("beginner", "intermediate", "advanced")
CATEGORIES = ("Programming", "Data Science", "Design", "Business", "Languages", "Music")
TAGS = ("beginners", "projects", "career", "exam", "fundamentals", "advanced", "tooling", "web")
CASES = {
    "catalog first page": ("/api/courses", {"limit": 20}),
    "category first page": ("/api/courses", {"category": "data science", "limit": 20}),
    "level + category, by title": (
        "/api/courses",
        {"category": "data science", "level": "advanced", "sort": "title", "limit": 20},
    ),
    "search one word": ("/api/courses", {"q": "python", "limit": 20}),
    "search prefix": ("/api/courses", {"q": "kube", "limit": 20}),
    "search two words": ("/api/courses", {"q": "python practical", "limit": 20}),
    "search typo": ("/api/courses", {"q": "pyhton", "limit": 20}),
    "search one word, by popularity": ("/api/courses", {"q": "python", "sort": "popular"}),
    "search prefix, by title": ("/api/courses", {"q": "kube", "sort": "title", "limit": 20}),
    "suggest": ("/api/courses/suggest", {"q": "pyt"}),
}
CONTROL = "control: one course (1 GetItem)"  # independent of catalog size: tracks machine load


def _store_factory(stack):
    """A CourseStore per thread (boto3 resources are not thread-safe), on the stack's tables."""
    settings = Settings(service="course", cursor_secret="bench")  # noqa: S106 (not a secret)
    local = threading.local()

    def store() -> CourseStore:
        if not hasattr(local, "store"):
            resource = boto3.session.Session().resource(
                "dynamodb",
                endpoint_url=f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}",
                region_name="us-east-1",
                **stack.s3_keys,  # the stack's generated keys (DynamoDB Local accepts any)
                config=Config(retries={"max_attempts": 8, "mode": "standard"}),
            )
            local.store = CourseStore.from_resource(resource, settings)
        return local.store

    return store


def _course(number: int) -> dict:
    pick = random.Random(number)
    title = f"{pick.choice(ADJECTIVES)} {pick.choice(TOPICS)} {pick.choice(KINDS)}"
    if number < PLANTED:
        title = f"practical python kubernetes {pick.choice(KINDS)}"
    return {
        "title": title.title(),
        "description": "Generated for the catalog benchmark.",
        "category": pick.choice(CATEGORIES),
        "tags": pick.sample(TAGS, 2),
        "level": pick.choice(LEVELS),
        "published": True,
    }


def _load(store, first: int, last: int) -> float:
    """Write courses first..last-1 in batches on LOAD_THREADS threads; return the seconds."""

    def add(start: int) -> None:
        fields = [_course(n) for n in range(start, min(start + BATCH, last))]
        store().import_many(owner_id="bench-owner", fields=fields)

    started = time.perf_counter()
    with ThreadPoolExecutor(LOAD_THREADS) as pool:
        list(pool.map(add, range(first, last, BATCH)))
    return time.perf_counter() - started


def _measure(stack, session, course_id: str) -> dict[str, dict]:
    """Latency of every case, interleaved in rounds so each sees the same machine load."""
    targets = dict(CASES)
    targets[CONTROL] = (f"/api/courses/{course_id}", {})
    samples: dict[str, list[float]] = {name: [] for name in targets}

    def fetch(path, params) -> float:
        started = time.perf_counter()
        session.get(stack.url + path, params=params, timeout=10).raise_for_status()
        return time.perf_counter() - started

    figures = {}
    for name, (path, params) in targets.items():  # warm: connections, caches
        answer = session.get(stack.url + path, params=params, timeout=10).json()
        figures[name] = {"items": len(answer.get("items", [answer]))}
    for _ in range(ROUNDS):
        for name, (path, params) in targets.items():
            samples[name] += [fetch(path, params) for _ in range(PER_ROUND)]
    return {name: {**summarize(lat, sum(lat)), **figures[name]} for name, lat in samples.items()}


def main() -> None:
    """Load 100 courses, measure; load up to LARGE, measure again; print figures and ratios."""
    with private_stack(DREAD_SEED="0") as stack:
        store, session = _store_factory(stack), requests.Session()
        _load(store, 0, 100)
        probe = store().list_published(category=None, cursor=None, limit=1)[0][0]["id"]
        small = _measure(stack, session, probe)
        seconds = _load(store, 100, LARGE)
        large = _measure(stack, session, probe)
    print(f"loaded {LARGE - 100} courses through CourseStore.import_many in {seconds:.0f} s")
    print(f"one client, {ROUNDS * PER_ROUND} sequential requests per case in {ROUNDS} rounds")
    for name in [*CASES, CONTROL]:
        print_table(
            name,
            [("100 courses", small[name]), (f"{LARGE} courses", large[name])],
            baseline="100 courses",
        )
    # The machine is shared: the control (same rounds, same moments) shows how much the load
    # changed between the two phases; dividing by it leaves what the catalog size changed.
    control = large[CONTROL]["p50_ms"] / small[CONTROL]["p50_ms"]
    print(f"\n## p50 latency ratio, {LARGE} / 100 courses (goal <= 1.2)")
    print(f"{'case':<44} {'raw':>7} {'load-corrected':>15} {'items per page':>15}")
    for name in CASES:
        ratio = large[name]["p50_ms"] / small[name]["p50_ms"]
        pages = f"{small[name]['items']} / {large[name]['items']}"
        print(f"{name:<44} {ratio:>7.2f} {ratio / control:>15.2f} {pages:>15}")
    print(f"{CONTROL:<44} {control:>7.2f}")
