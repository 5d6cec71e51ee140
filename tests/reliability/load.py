"""A write load on 8 client threads that records every request and every acknowledged write."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

KINDS = ("course", "thread", "profile", "heartbeat")
REQUEST_TIMEOUT_S = 5.0


@dataclass
class Outcome:
    """One request of the load: when, what, and what came back (status or error name)."""

    client: int
    kind: str
    sent: float
    done: float
    status: int | None
    error: str | None = None
    key: str | None = None  # what to read back: an id, or the value written


@dataclass
class Client:
    """One load thread's identities and the shared targets it writes to."""

    index: int
    student: object
    instructor: object
    course_id: str
    video_id: str
    duration_s: float
    outcomes: list[Outcome] = field(default_factory=list)


def _write(stack, client: Client, kind: str, n: int) -> tuple[str, str, dict, object, str]:
    """(method, path, json, account, key) of write `n` of `kind`."""
    tag = f"rel-{client.index}-{n}-{uuid.uuid4().hex[:6]}"
    if kind == "course":
        body = {"title": tag, "description": "Load.", "category": "Testing", "published": False}
        return "POST", "/api/courses", body, client.instructor, tag
    if kind == "thread":
        path = f"/api/forum/courses/{client.course_id}/threads"
        return "POST", path, {"title": tag, "body": "Load."}, client.student, tag
    if kind == "profile":
        return "PATCH", "/api/profiles/me", {"bio": tag}, client.student, tag
    # distinct resume points per heartbeat, inside the video; a tiny watched span
    position = round((n % 1000) / 1000 * (client.duration_s - 0.2), 3)
    body = {
        "course_id": client.course_id,
        "position_s": position,
        "duration_s": client.duration_s,
        "watched": [[position, position + 0.05]],
    }
    return "PUT", f"/api/progress/videos/{client.video_id}", body, client.student, str(position)


def _acknowledged_key(kind: str, response: requests.Response, key: str) -> str:
    if kind == "course":
        return response.json()["course"]["id"]
    if kind == "thread":
        return response.json()["thread"]["id"]
    return key


def run_client(stack, client: Client, stop: threading.Event, pause_s: float) -> None:
    """Write round-robin until `stop` is set; record every outcome."""
    session = requests.Session()
    for n in itertools.count():
        if stop.is_set():
            return
        kind = KINDS[n % len(KINDS)]
        method, path, body, account, key = _write(stack, client, kind, n)
        sent = time.monotonic()
        try:
            response = session.request(
                method, stack.url + path, json=body, headers=account.headers,
                timeout=REQUEST_TIMEOUT_S,
            )  # fmt: skip
        except requests.RequestException as error:
            client.outcomes.append(
                Outcome(client.index, kind, sent, time.monotonic(), None, type(error).__name__, key)
            )
            session = requests.Session()  # a fresh pool after a broken connection
            time.sleep(pause_s)
            continue
        done = time.monotonic()
        if 200 <= response.status_code < 300:
            key = _acknowledged_key(kind, response, key)
        status = response.status_code
        client.outcomes.append(Outcome(client.index, kind, sent, done, status, None, key))
        time.sleep(pause_s)
