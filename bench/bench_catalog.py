"""Catalog and search latency with 100 and with 10 000 published courses, side by side.

Two private stacks run at once, one per catalog size, their DynamoDB Local in memory. The
courses are written through CourseStore itself (so catalog, category and word indexes are
exactly what the service writes) straight into each stack's DynamoDB Local from parallel
threads with BatchWriteItem; the latencies are measured over HTTP through NGINX, the two
stacks' requests alternating one by one, so both sizes see the same machine load at the
same moments. With keys designed from the access patterns a page costs the same whatever
the catalog size: the goal is a 10 000 / 100 p50 ratio of at most 1.2.

Environment: BENCH_COURSES (the large catalog, 10000), BENCH_ROUNDS (10),
DREAD_BENCH_PORT_BASE (41000; the large catalog's stack uses that base + 250).
"""

from __future__ import annotations

import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

import boto3
import requests
from botocore.config import Config
from course_service.config import Settings
from course_service.store import CourseStore

from bench.common import BENCH_PORT_BASE, print_table, summarize
from devstack.handle import start_private_stack

LOAD_THREADS = 6
LARGE = int(os.environ.get("BENCH_COURSES", "10000"))
ROUNDS, PER_ROUND = int(os.environ.get("BENCH_ROUNDS", "10")), 20  # requests per case
SECOND_STACK_OFFSET = 250  # the large catalog's stack: its ports clear the first one's
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
    category, level = pick.choice(CATEGORIES), pick.choice(LEVELS)
    if number < PLANTED:  # in the filtered cases' category and level too
        title = f"practical python kubernetes {pick.choice(KINDS)}"
        category, level = "Data Science", "advanced"
    return {
        "title": title.title(),
        "description": "Generated for the catalog benchmark.",
        "category": category,
        "tags": pick.sample(TAGS, 2),
        "level": level,
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


@contextmanager
def _two_stacks():
    """The small and the large catalog's stacks, started together, stopped whatever happens."""
    env = {"DREAD_SEED": "0", "DREAD_DYNAMODB_IN_MEMORY": "1"}
    bases = (BENCH_PORT_BASE, BENCH_PORT_BASE + SECOND_STACK_OFFSET)
    with ExitStack() as cleanup, ThreadPoolExecutor(2) as pool:
        starting = [
            pool.submit(start_private_stack, b, prefix="dread-bench-", **env) for b in bases
        ]
        stacks = []
        for future in starting:  # every started stack is stopped, even when the other failed
            try:
                stacks.append(future.result())
            except RuntimeError as error:
                stacks.append(error)
        for stack in stacks:
            if not isinstance(stack, Exception):
                cleanup.callback(stack.devstack, "down", check=False)
        for stack in stacks:
            if isinstance(stack, Exception):
                raise stack
        yield stacks


def _measure(stacks: dict, probes: dict) -> dict[str, dict[str, dict]]:
    """Latency of every case on every stack, requests alternating between the stacks one by
    one (and cases in rounds), so both catalog sizes see the same machine load."""
    targets = dict(CASES)
    targets[CONTROL] = None  # per stack: GET one course
    sessions = {size: requests.Session() for size in stacks}
    samples = {size: {name: [] for name in targets} for size in stacks}
    figures: dict[str, dict[str, dict]] = {size: {} for size in stacks}

    def request(size: str, name: str):
        path, params = targets[name] or (f"/api/courses/{probes[size]}", {})
        answer = sessions[size].get(stacks[size].url + path, params=params, timeout=10)
        answer.raise_for_status()
        return answer

    for size in stacks:  # warm: connections, caches; and the page sizes
        for name in targets:
            answer = request(size, name).json()
            figures[size][name] = {"items": len(answer.get("items", [answer]))}
    order = list(stacks)
    for _ in range(ROUNDS):
        for name in targets:
            for i in range(PER_ROUND):
                for size in order if i % 2 else reversed(order):  # neither always goes first
                    started = time.perf_counter()
                    request(size, name)
                    samples[size][name].append(time.perf_counter() - started)
    return {
        size: {
            name: {**summarize(lat, sum(lat)), **figures[size][name]} for name, lat in cases.items()
        }
        for size, cases in samples.items()
    }


def main() -> None:
    """Load 100 courses into one stack and LARGE into another, measure both side by side,
    print figures and the 10 000 / 100 ratios."""
    with _two_stacks() as (small_stack, large_stack):
        stores = {"small": _store_factory(small_stack), "large": _store_factory(large_stack)}
        _load(stores["small"], 0, 100)
        seconds = _load(stores["large"], 0, LARGE)
        probes = {
            size: store().list_published(category=None, cursor=None, limit=1)[0][0]["id"]
            for size, store in stores.items()
        }
        figures = _measure({"small": small_stack, "large": large_stack}, probes)
    small, large = figures["small"], figures["large"]
    rate = LARGE / seconds if seconds else 0.0
    print(f"loaded {LARGE} courses through CourseStore.import_many in {seconds:.0f} s")
    print(f"({rate:.0f} courses/s, {LOAD_THREADS} threads, DynamoDB Local in memory)")
    print(f"one client, {ROUNDS * PER_ROUND} requests per case and stack, the stacks alternating")
    for name in [*CASES, CONTROL]:
        print_table(
            name,
            [("100 courses", small[name]), (f"{LARGE} courses", large[name])],
            baseline="100 courses",
        )
    # Both stacks answered the same rounds at the same moments; the control (one GetItem,
    # independent of the catalog size) shows what differs between the two stacks themselves.
    control = large[CONTROL]["p50_ms"] / small[CONTROL]["p50_ms"]
    print(f"\n## p50 latency ratio, {LARGE} / 100 courses (goal <= 1.2)")
    print(f"{'case':<44} {'raw':>7} {'control-corrected':>17} {'items per page':>15}")
    for name in CASES:
        ratio = large[name]["p50_ms"] / small[name]["p50_ms"]
        pages = f"{small[name]['items']} / {large[name]['items']}"
        print(f"{name:<44} {ratio:>7.2f} {ratio / control:>17.2f} {pages:>15}")
    print(f"{CONTROL:<44} {control:>7.2f}")
