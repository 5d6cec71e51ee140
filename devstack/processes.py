"""Start, watch, restart and stop the stack's processes."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger("devstack")


@dataclass
class Managed:
    """One supervised process: how to start it, its log, its restart history."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log_path: Path
    cwd: Path | None = None
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)
    died_at: float | None = None

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

    @property
    def pid(self) -> int | None:
        """The pid while running."""
        return self.process.pid if self.process and self.process.poll() is None else None

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM the process group, then SIGKILL after `timeout_s`."""
        if not self.process or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with _ignore_missing():
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


class _ignore_missing:
    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        return kind is ProcessLookupError


def shout(message: str) -> None:
    """Report a problem so nobody can miss it (stderr, bold red on a terminal)."""
    try:
        if sys.stderr.isatty():
            message = f"\033[1;31m{message}\033[0m"
        print(message, file=sys.stderr, flush=True)
    except OSError:
        pass  # the terminal went away: the supervisor must go on (and clean up)


class Supervisor:
    """Keeps every managed process running; reports and restarts the ones that die."""

    def __init__(self, processes: list[Managed], *, restart_delay_s: float, state_file: Path):
        self.processes = processes
        self.restart_delay_s = restart_delay_s
        self.state_file = state_file
        self.stopping = False

    def write_state(self) -> None:
        """Record pids for `make status` and `make down`."""
        lines = [f"supervisor {os.getpid()}"]
        lines += [f"{p.name} {p.pid or 0}" for p in self.processes]
        self.state_file.write_text("\n".join(lines) + "\n")

    def check_once(self) -> None:
        """Notice dead processes; restart each after the delay (bounded, with backoff)."""
        now = time.monotonic()
        for managed in self.processes:
            code = managed.process.poll() if managed.process else None
            if code is None:
                continue
            if managed.died_at is None:
                managed.died_at = now
                shout(
                    f"!!! {managed.name} exited with code {code}; "
                    f"last lines of {managed.log_path}:\n{tail(managed.log_path)}"
                )
            recent = [t for t in managed.restarts if now - t < 60]
            delay = self.restart_delay_s * (2 ** max(0, len(recent) - 2))
            if len(recent) >= 5:
                continue  # crash loop: keep reporting, stop hammering
            if now - managed.died_at >= delay:
                shout(f"!!! restarting {managed.name}")
                managed.restarts = [*recent, now]
                managed.start()
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
