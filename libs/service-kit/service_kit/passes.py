"""The loop of a background process (the auth and forum workers): named passes over due
work, run in turn until a stop signal; a failing pass is logged and the loop goes on, so a
store or a service being down never ends the process."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable, Sequence

Pass = tuple[str, Callable[[], object]]


def stop_on_signals() -> Callable[[], bool]:
    """Install SIGTERM/SIGINT handlers; the returned function says whether one came."""
    stopping: list[int] = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    return lambda: bool(stopping)


def run_passes(
    worker: str,
    passes: Sequence[Pass],
    *,
    stop: Callable[[], bool],
    idle_s: float,
    busy_s: float | None = None,
    logger: logging.Logger | None = None,
) -> None:
    """Run every pass in turn until `stop()`, then sleep `idle_s` — or `busy_s` when a pass
    answered truthy (more work is waiting)."""
    logger = logger or logging.getLogger(__name__)
    while not stop():
        busy = False
        for name, one_pass in passes:
            try:
                busy = bool(one_pass()) or busy
            except Exception:  # a store or a service being down must not end the worker
                logger.exception("%s worker: %s pass failed", worker, name)
        time.sleep(busy_s if busy and busy_s is not None else idle_s)
