"""Forum first pages: a course with 10 threads vs one with 10 000, for each list shape.

    python -m bench forum

The first page (limit=10, a full page in both) of /api/forum/courses/{id}/threads, plain and
filtered to unanswered threads (`?answered=false`), with 10 and with BENCH_THREADS threads
in the course. Threads are loaded in parallel through ForumStore into the bench stack's
DynamoDB Local; every fifth one has a vote of the reader, so the page also reads `my_vote`.
Goal: p50 ratio ≤ 1.2 for every shape (each page is one Query with Limit plus one
BatchGetItem of the reader's votes, whatever the course size).

Environment: BENCH_THREADS (10000), DREAD_BENCH_PORT_BASE (41000), DREAD_WORKERS (1).
"""

from __future__ import annotations

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import boto3
import requests

from bench.bench_learner import _course, _ok
from bench.common import print_table, private_stack, run_concurrently
from tests.accounts import new_account

BIG_FORUM = int(os.environ.get("BENCH_THREADS", "10000"))
PAGE = 10  # both courses fill a whole page, so the two pages weigh the same
SHAPES = {"all threads": "", "unanswered only": "&answered=false"}


def forum_store(stack):
    """A ForumStore on the bench stack's DynamoDB Local (no posting limit)."""
    from forum_service.store import ForumStore
    from forum_service.tables import TABLES

    session = boto3.session.Session(**stack.s3_keys, region_name="us-east-1")
    endpoint = f"http://127.0.0.1:{stack.env['DYNAMODB_PORT']}"
    resource = session.resource("dynamodb", endpoint_url=endpoint)
    prefix = stack.env.get("DREAD_TABLE_PREFIX", "dread")
    return ForumStore(
        tables={spec.name: resource.Table(f"{prefix}-forum-{spec.name}") for spec in TABLES},
        resource=resource,
        posts_per_minute=10**9,
    )


def load_threads(stack, course_id: str, count: int, *, voter: str) -> None:
    """Write `count` threads into a course through ForumStore, in parallel; `voter` votes
    for every fifth one."""
    from forum_service.render import render

    store, body = forum_store(stack), "Some **Markdown** text. " * 16
    html, base = render(body), time.time() - count

    def load(worker: int) -> None:
        for n in range(worker, count, 8):
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(base + n)) + ".000Z"
            thread = store.add_thread(
                thread={
                    "id": uuid.uuid4().hex, "course_id": course_id,
                    "author_id": f"bench-author-{worker}", "author_name": "Bench",
                    "title": f"Thread {n}", "body": body, "body_html": html,
                    "pinned": False, "locked": False, "deleted": False, "reply_count": 0,
                    "created_at": stamp, "last_activity_at": stamp,
                },
                now_s=time.time(),
            )  # fmt: skip
            if n % 5 == 0:
                post = {"post_type": "thread", "post_id": thread["id"], "thread_id": thread["id"]}
                store.set_vote(post=post, user_id=voter, up=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(load, range(8)))


def _first_page(stack, reader, course_id: str, query: str):
    """An operation that GETs one first page of the course's threads and checks it."""
    session = requests.Session()
    session.headers.update(reader.headers)
    url = f"{stack.url}/api/forum/courses/{course_id}/threads?limit={PAGE}{query}"

    def first_page(_n: int) -> None:
        page = _ok(session.get(url, timeout=30), 200)
        assert len(page["items"]) == PAGE

    return first_page


def bench_first_pages(stack, owner) -> dict[str, list[tuple[str, dict]]]:
    """First-page latency per shape, 10 vs BIG_FORUM threads, in alternating rounds (small,
    big, small, big) so that a busy moment of the machine hits both alike."""
    pages = {}
    for count in (10, BIG_FORUM):
        course_id = _course(stack, owner, f"Forum of {count}")
        started = time.perf_counter()
        load_threads(stack, course_id, count, voter=owner.id)
        print(f"loaded {count} threads in {time.perf_counter() - started:.1f} s")
        for shape, query in SHAPES.items():
            pages[(shape, count)] = _first_page(stack, owner, course_id, query)
            for _ in range(10):
                pages[(shape, count)](0)
    rows: dict[str, list[tuple[str, dict]]] = {shape: [] for shape in SHAPES}
    for round_number in (1, 2):
        for (shape, count), first_page in pages.items():
            figures = run_concurrently(first_page, threads=1, per_thread=150)
            rows[shape].append((f"{shape}, {count} threads (round {round_number})", figures))
    return rows


def main() -> None:
    """Run the first-page benchmark on a private stack and print each shape's p50 ratio."""
    with private_stack() as stack:
        owner = new_account(stack, "instructor")
        for shape, rows in bench_first_pages(stack, owner).items():
            print_table(f"forum first page (limit={PAGE}), {shape}", rows, baseline=rows[0][0])
            small = [f["p50_ms"] for name, f in rows if ", 10 threads" in name]
            big = [f["p50_ms"] for name, f in rows if ", 10 threads" not in name]
            ratio = (sum(big) / len(big)) / (sum(small) / len(small))
            print(f"\n{shape}: first-page p50 ratio, {BIG_FORUM} vs 10 threads: "
                  f"{ratio:.3f} (goal <= 1.2)")  # fmt: skip
