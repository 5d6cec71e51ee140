"""Faults under load: each part of a private stack is SIGKILLed in turn under 8 writers.

Measured per part: requests, 2xx, 503, other 5xx, connection errors, acknowledged writes
lost, and recovery (kill → the part serves again, through NGINX where it can be seen).
After the last part every acknowledged write is read back. The table goes to
test-artifacts/reliability-report.md.

DynamoDB Local acknowledges a TransactWriteItems a few milliseconds before the write is
durable (docs/operations.md): a write acknowledged within `DYNAMODB_WINDOW_S` of killing
DynamoDB Local and then missing is reported as "lost in DynamoDB Local's window", apart
from a loss of DREAD's own making, which must be 0.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
import requests

from devstack.handle import start_private_stack
from tests.accounts import new_account
from tests.conftest import AREAS
from tests.media import make_video
from tests.reliability.load import Client, run_client

PORT_BASE = int(
    os.environ.get(
        "DREAD_RELIABILITY_PORT_BASE", int(os.environ.get("DREAD_TEST_PORT_BASE", "21000")) + 250
    )
)
CLIENTS = 8
SERVICES = ("auth", "course", "forum", "profile", "progress", "video", "watchlist")
AREA_OF = dict(zip(SERVICES, ("auth", "courses", "forum", "profiles", "progress", "videos",
                              "watchlist"), strict=True))  # fmt: skip
PARTS = ("dynamodb", "s3", "s3-gate", "nginx", *SERVICES, "video-worker")
RECOVERY_GOAL_S = 5.0
RECOVERY_TIMEOUT_S = 60.0
STEADY_S = 1.5  # load on a healthy stack between two kills
DYNAMODB_WINDOW_S = 0.1
REPORT = Path("test-artifacts/reliability-report.md")


@pytest.fixture(scope="module")
def fault_stack():
    try:
        stack = start_private_stack(
            PORT_BASE,
            prefix="dread-faults-",
            VIDEO_SEED_VIDEOS="0",
            FORUM_POSTS_PER_MINUTE="100000",  # the load is not a spammer
            BENCH_PORT=str(PORT_BASE + 99),
        )
    except RuntimeError as error:
        pytest.fail(str(error))
    yield stack
    stack.devstack("down", check=False)


def _ok(response, *statuses):
    assert response.status_code in statuses, (response.request.url, response.text[:300])
    return response.json() if response.content else {}


def _ready_video(stack, instructor, course_id, tmp_path) -> dict:
    """Upload a short real video and wait until the worker made it ready."""
    path = make_video(tmp_path / "reliability.mp4", seconds=3)
    body = {
        "course_id": course_id,
        "title": "Load target",
        "filename": "reliability.mp4",
        "content_type": "video/mp4",
        "size_bytes": path.stat().st_size,
    }
    created = _ok(stack.request("POST", "/api/videos", json=body, headers=instructor.headers), 201)
    upload = created["upload"]
    with open(path, "rb") as handle:
        put = requests.put(upload["url"], data=handle, headers=upload["headers"], timeout=60)
    assert put.status_code == 200, put.text
    video_id = created["video"]["id"]
    _ok(
        stack.request(
            "POST", f"/api/videos/{video_id}/upload/complete", headers=instructor.headers
        ),
        202,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        video = _ok(stack.get(f"/api/videos/{video_id}", headers=instructor.headers), 200)
        if video["video"]["status"] == "ready":
            return video["video"]
        assert video["video"]["status"] in ("uploading", "processing"), video
        time.sleep(1)
    raise AssertionError("the load's video never became ready")


def _clients(stack, tmp_path) -> tuple[list[Client], object, str]:
    owner = new_account(stack, "instructor", display_name="Load Owner")
    course = _ok(
        stack.request(
            "POST",
            "/api/courses",
            json={"title": "Load", "description": "x", "category": "Testing", "published": True},
            headers=owner.headers,
        ),
        201,
    )["course"]
    video = _ready_video(stack, owner, course["id"], tmp_path)
    clients = []
    for index in range(CLIENTS):
        student = new_account(stack)
        _ok(
            stack.request(
                "PUT", f"/api/courses/{course['id']}/enrollment", headers=student.headers
            ),
            200,
            201,
        )
        instructor = new_account(stack, "instructor")
        clients.append(
            Client(index, student, instructor, course["id"], video["id"], video["duration_s"])
        )
    stream = _ok(stack.get(f"/api/videos/{video['id']}/stream", headers=owner.headers), 200)
    return clients, owner, stream["mp4_url"]


def _status(call) -> int | None:
    try:
        return call().status_code
    except requests.RequestException:
        return None


def _probe(stack, part: str, mp4_url: str, killed_pid: int):
    """A check that passes once `part` serves again (seen from outside where possible)."""
    if part in SERVICES:
        area = AREA_OF[part]
        return lambda: _status(lambda: stack.get(f"/api/{area}/readyz", timeout=2)) == 200
    if part in ("s3", "s3-gate"):
        headers = {"Range": "bytes=0-15"}
        return lambda: _status(lambda: requests.get(mp4_url, headers=headers, timeout=2)) in (
            200,
            206,
        )
    if part == "dynamodb":
        return lambda: all(
            _status(lambda a=a: stack.get(f"/api/{a}/readyz", timeout=2)) == 200
            for a in ("courses", "forum", "profiles", "progress")
        )
    if part == "nginx":
        return lambda: _status(lambda: stack.get("/api/courses/healthz", timeout=2)) == 200

    def worker_back() -> bool:
        state = (stack.home / "run" / "state").read_text().split("\n")
        return any(
            line.split()[:1] == [part] and line.split()[1] not in ("0", str(killed_pid))
            and line.split()[2:] == ["up"]
            for line in state
            if len(line.split()) >= 3
        )  # fmt: skip

    return worker_back


def _kill(stack, part: str) -> int:
    pid = stack.pid_of(part)
    os.kill(pid, 9)  # the master only: what a crash (or the OOM killer) does
    return pid


def _wait(predicate, timeout_s: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if predicate():
            return time.monotonic()
        time.sleep(0.05)
    return None


def _healthy(stack) -> bool:
    return all(_status(lambda a=a: stack.get(f"/api/{a}/readyz", timeout=3)) == 200 for a in AREAS)


def _read_back(stack, clients: list[Client]) -> list:
    """Every acknowledged write that cannot be read back: [(outcome, why)]."""
    lost = []
    for client in clients:
        acked = [o for o in client.outcomes if o.status and 200 <= o.status < 300]
        for outcome in acked:
            if outcome.kind == "course":
                got = stack.get(f"/api/courses/{outcome.key}", headers=client.instructor.headers)
            elif outcome.kind == "thread":
                got = stack.get(f"/api/forum/threads/{outcome.key}", headers=client.student.headers)
            else:
                continue
            if got.status_code != 200:
                lost.append((outcome, f"GET answers {got.status_code}"))
        lost += _last_value_lost(stack, client, "profile", acked)
        lost += _last_value_lost(stack, client, "heartbeat", acked)
    return lost


def _last_value_lost(stack, client: Client, kind: str, acked) -> list:
    """A last-writer-wins field: the last acknowledged value, or a later attempt, must show."""
    mine = [o for o in acked if o.kind == kind]
    if not mine:
        return []
    last = mine[-1]
    allowed = {last.key} | {
        o.key
        for o in client.outcomes
        if o.kind == kind and o.sent >= last.sent and not (o.status and 400 <= o.status < 500)
    }
    if kind == "profile":
        got = stack.get("/api/profiles/me", headers=client.student.headers)
        value = got.json()["profile"]["bio"] if got.status_code == 200 else None
    else:
        got = stack.get(f"/api/progress/videos/{client.video_id}", headers=client.student.headers)
        value = str(got.json()["progress"]["position_s"]) if got.status_code == 200 else None
    if value in allowed:
        return []
    return [(last, f"shows {value!r}, last acknowledged {last.key!r}")]


def _table(phases, outcomes, lost) -> tuple[str, list[str]]:
    rows = [
        "| part | requests | 2xx | 503 | other 5xx | conn. errors | lost | lost in DynamoDB "
        "Local's window | recovery s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    problems = []
    dynamodb_kills = [p["killed_at"] for p in phases if p["part"] == "dynamodb"]
    for index, phase in enumerate(phases):
        start = phase["killed_at"]
        end = phases[index + 1]["killed_at"] if index + 1 < len(phases) else float("inf")
        mine = [o for o in outcomes if start <= o.sent < end]
        statuses = [o.status for o in mine]
        ok = sum(1 for s in statuses if s and 200 <= s < 300)
        unavailable = statuses.count(503)
        other_5xx = sum(1 for s in statuses if s and s >= 500 and s != 503)
        refused = statuses.count(None)
        lost_here = [(o, why) for o, why in lost if start <= o.done < end]
        in_window = [
            (o, why)
            for o, why in lost_here
            if any(abs(o.done - kill) <= DYNAMODB_WINDOW_S for kill in dynamodb_kills)
        ]
        ours = [item for item in lost_here if item not in in_window]
        recovery = phase["recovery_s"]
        shown = f"{recovery:.1f}" if recovery is not None else "never"
        rows.append(
            f"| {phase['part']} | {len(mine)} | {ok} | {unavailable} | {other_5xx} | {refused} "
            f"| {len(ours)} | {len(in_window)} | {shown} |"
        )
        if other_5xx:
            codes = sorted({s for s in statuses if s and s >= 500 and s != 503})
            problems.append(f"{phase['part']}: {other_5xx} responses {codes}, only 503 is allowed")
        # Recovery time is a figure for the report (goal: RECOVERY_GOAL_S), not a timed
        # assertion: only a part that never serves again within the timeout fails the test.
        if recovery is None:
            problems.append(
                f"{phase['part']}: not serving {RECOVERY_TIMEOUT_S:.0f} s after the kill"
            )
        for outcome, why in ours:
            problems.append(
                f"{phase['part']}: acknowledged {outcome.kind} {outcome.key} lost ({why})"
            )
    return "\n".join(rows), problems


@pytest.mark.timeout(1200)
def test_every_part_killed_under_load_loses_nothing_and_recovers(fault_stack, tmp_path):
    stack = fault_stack
    clients, _owner, mp4_url = _clients(stack, tmp_path)
    stop = threading.Event()
    threads = [
        threading.Thread(target=run_client, args=(stack, c, stop, 0.02), daemon=True)
        for c in clients
    ]
    for thread in threads:
        thread.start()
    phases = []
    started = time.monotonic()
    try:
        time.sleep(STEADY_S)
        for part in PARTS:
            killed_at = time.monotonic()
            pid = _kill(stack, part)
            back = _wait(_probe(stack, part, mp4_url, pid), RECOVERY_TIMEOUT_S)
            phases.append(
                {"part": part, "killed_at": killed_at, "recovery_s": back and back - killed_at}
            )
            _wait(lambda: _healthy(stack), RECOVERY_TIMEOUT_S)
            time.sleep(STEADY_S)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        _report(phases, clients, [], ["(interim: the run stopped before the read-back)"], 0)
    load_s = time.monotonic() - started
    healthy = _wait(lambda: _healthy(stack), RECOVERY_TIMEOUT_S) is not None
    outcomes = sorted((o for c in clients for o in c.outcomes), key=lambda o: o.sent)
    lost = _read_back(stack, clients)
    table, problems = _table(phases, outcomes, lost)
    status = stack.devstack("status", check=False)
    if not healthy or status.returncode != 0:
        problems.append(f"the stack is not healthy at the end:\n{status.stdout}")
    _report(phases, clients, lost, problems, load_s)
    assert not problems, f"{table}\n\n" + "\n".join(problems)


def _over_goal(phases) -> str:
    """Which parts took longer than the recovery goal, for the report."""
    slow = [
        p["part"] for p in phases if p["recovery_s"] is None or p["recovery_s"] > RECOVERY_GOAL_S
    ]
    return "over it: " + ", ".join(slow) if slow else "every part within it"


def _report(phases, clients, lost, problems, load_s: float) -> None:
    """Write the fault table (also after a failure midway, with what was measured)."""
    outcomes = sorted((o for c in clients for o in c.outcomes), key=lambda o: o.sent)
    table, found = _table(phases, outcomes, lost)
    problems = list(dict.fromkeys([*found, *problems]))
    acked = sum(1 for o in outcomes if o.status and 200 <= o.status < 300)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        f"# Faults under load\n\n{CLIENTS} writers, {len(outcomes)} requests, {acked} "
        f"acknowledged writes, {load_s:.0f} s of load. Recovery goal: "
        f"{RECOVERY_GOAL_S:.0f} s per part ({_over_goal(phases)}).\n\n{table}\n\n"
        + ("Problems:\n" + "\n".join(f"- {p}" for p in problems) if problems else "No problems.")
        + "\n"
    )


def _processes_of(home: Path) -> list[str]:
    marker = str(home).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if marker in cmdline or marker in (entry / "environ").read_bytes():
                stat = (entry / "stat").read_text()
                if stat.rsplit(")", 1)[1].split()[0] != "Z":
                    command = cmdline.replace(b"\0", b" ")[:120]
                    found.append(f"{entry.name}: {command!r}")
        except OSError:
            continue
    return found


def test_down_leaves_nothing_of_the_stack_running(fault_stack):
    # NGINX killed last round left its workers to the supervisor: after down, nothing is left
    _kill(fault_stack, "nginx")
    fault_stack.devstack("down")
    time.sleep(0.5)
    assert _processes_of(fault_stack.home) == []
    assert not (fault_stack.home / "run" / "state").exists()
