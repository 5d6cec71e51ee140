"""Start, watch, restart and stop the stack's processes (each in its own process group)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("devstack")

# A process restarted this many times within a minute is crash-looping: stop hammering it.
CRASH_LOOP_RESTARTS = 5
GROUP_EXIT_TIMEOUT_S = 5.0


def proc_stats():
    """(pid, fields after "(comm)") of every process, from /proc: state ppid pgrp ..."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # comm itself may hold spaces and parentheses: split after its last ")"
        yield int(entry.name), stat.rsplit(")", 1)[1].split()


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of process group `pgid`, read from /proc."""
    return [
        pid
        for pid, fields in proc_stats()
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X")
    ]


def kill_group(pgid: int, timeout_s: float = GROUP_EXIT_TIMEOUT_S) -> bool:
    """SIGKILL every process of group `pgid` and wait until none is left; True when empty."""
    deadline = time.monotonic() + timeout_s
    while group_members(pgid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def belongs_to(pid: int, marker: str) -> bool:
    """Whether `pid`'s command line or environment mentions `marker` (the stack's folder)."""
    for name in ("cmdline", "environ"):
        try:
            if marker.encode() in Path(f"/proc/{pid}/{name}").read_bytes():
                return True
        except OSError:
            continue
    return False


@dataclass
class Managed:
    """One supervised process: how to start it, its log, its readiness, its restart history."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    cwd: Path | None = None
    # answers True once the process serves (port open, /healthz 200); None: ready at start
    ready_probe: Callable[[], bool] | None = None
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)
    died_at: float | None = None
    started_at: float | None = None
    ready_at: float | None = None

    def start(self) -> None:
        """Start (or restart) the process in its own session, output to its log."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 (kept open for the child's lifetime)
        env = {**os.environ, **self.env}
        self.process = subprocess.Popen(
            self.argv,
            env=env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.died_at = None
        self.started_at = time.monotonic()
        self.ready_at = None if self.ready_probe else self.started_at

    @property
    def pid(self) -> int | None:
        """The pid while running."""
        return self.process.pid if self.process and self.process.poll() is None else None

    @property
    def state(self) -> str:
        """`up` (ready), `starting` (running, not ready yet) or `down`."""
        if self.pid is None:
            return "down"
        return "up" if self.ready_at is not None else "starting"

    def poll_ready(self) -> bool:
        """Run the readiness probe of a running, not yet ready process; True on the change."""
        if self.ready_at is not None or self.pid is None:
            return False
        try:
            ready = bool(self.ready_probe and self.ready_probe())
        except OSError:
            ready = False
        if ready:
            self.ready_at = time.monotonic()
        return ready

    def reap_group(self) -> bool:
        """Kill what is left of the process group (workers of a dead master); True when empty."""
        if not self.process:
            return True
        self.process.poll()
        return kill_group(self.process.pid)

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM the process group, SIGKILL after `timeout_s`; nothing of it is left after."""
        if not self.process:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout_s)
        # the leader is gone (or would not go): its workers must not outlive it
        if not self.reap_group():
            shout(f"!!! {self.name}: process group {self.process.pid} would not die")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=1)


def shout(message: str) -> None:
    """Report a problem so nobody can miss it (stderr, bold red on a terminal)."""
    try:
        if sys.stderr.isatty():
            message = f"\033[1;31m{message}\033[0m"
        print(message, file=sys.stderr, flush=True)
    except OSError:
        pass  # the terminal went away: the supervisor must go on (and clean up)


class Supervisor:
    """Keeps every managed process running; reports and restarts the ones that die.

    A process that died after it had become ready is restarted at once (its whole process
    group killed first, so no orphan holds its port); readiness, not a delay, then decides
    when it serves again. Only a process that dies again within a minute, or before it ever
    became ready, waits `restart_delay_s` (doubling each time): that is a crash loop.
    """

    def __init__(self, processes: list[Managed], *, restart_delay_s: float, state_file: Path):
        self.processes = processes
        self.restart_delay_s = restart_delay_s
        self.state_file = state_file
        self.stopping = False

    def write_state(self) -> None:
        """Record pids (= process groups) and states for `make status` and `make down`."""
        lines = [f"supervisor {os.getpid()} up"]
        lines += [f"{p.name} {p.pid or 0} {p.state}" for p in self.processes]
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n")
        tmp.replace(self.state_file)  # readers never see a half-written file

    def restart_delay(self, managed: Managed, recent: list[float]) -> float:
        """Seconds to wait before restarting `managed`: 0 unless it is crash-looping."""
        if not recent and managed.ready_at is not None:
            return 0.0
        return self.restart_delay_s * (2 ** max(0, len(recent) - 1))

    def check_once(self) -> None:
        """Notice dead processes and restart them; notice restarted ones becoming ready."""
        now = time.monotonic()
        changed = False
        for managed in self.processes:
            code = managed.process.poll() if managed.process else None
            if code is None:
                if managed.poll_ready():
                    changed = True
                    if managed.restarts:
                        took = managed.ready_at - managed.restarts[-1]
                        shout(f"!!! {managed.name} is ready again ({took:.1f} s after restart)")
                continue
            if managed.died_at is None:
                managed.died_at = now
                shout(
                    f"!!! {managed.name} exited with code {code}; "
                    f"last lines of {managed.log_path}:\n{tail(managed.log_path)}"
                )
                # orphaned workers of a killed master would keep its port: end them first
                managed.reap_group()
                changed = True
            recent = [t for t in managed.restarts if now - t < 60]
            if len(recent) >= CRASH_LOOP_RESTARTS:
                continue  # crash loop: keep reporting, stop hammering
            if now - managed.died_at >= self.restart_delay(managed, recent):
                shout(f"!!! restarting {managed.name}")
                managed.restarts = [*recent, now]
                managed.start()
                changed = True
        if changed:
            self.write_state()

    def stop_all(self) -> None:
        """Stop every process, last started first."""
        self.stopping = True
        for managed in reversed(self.processes):
            managed.stop()
        self.state_file.unlink(missing_ok=True)


def tail(path: Path, lines: int = 15) -> str:
    """The last lines of a log file."""
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join("    " + line for line in text[-lines:])
