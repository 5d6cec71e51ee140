"""Shared benchmark helpers: a private stack, timed loops, percentiles, a results table."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from devstack.handle import Stack, start_private_stack

BENCH_PORT_BASE = int(os.environ.get("DREAD_BENCH_PORT_BASE", "41000"))


@contextmanager
def private_stack(**env):
    """A stack of its own for one benchmark run (never the user's :8080)."""
    stack = start_private_stack(BENCH_PORT_BASE, prefix="dread-bench-", **env)
    try:
        yield stack
    finally:
        stack.devstack("down", check=False)


def percentile(samples: list[float], fraction: float) -> float:
    """The `fraction` quantile (0..1) of `samples` (nearest rank)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def run_concurrently(operation: Callable[[int], None], *, threads: int, per_thread: int) -> dict:
    """Run `operation(i)` per_thread times on each of `threads` threads; ops/s and latencies."""
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(offset: int):
        local = []
        for i in range(per_thread):
            started = time.perf_counter()
            operation(offset * per_thread + i)
            local.append(time.perf_counter() - started)
        with lock:
            latencies.extend(local)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    return summarize(latencies, elapsed)


def interleaved(cases: dict[str, Callable[[int], None]], *, rounds: int) -> dict[str, dict]:
    """Time each case's operation `rounds` times, one of each case in turn (a busy moment of
    the machine hits every case alike); figures per case."""
    latencies: dict[str, list[float]] = {name: [] for name in cases}
    started = time.perf_counter()
    for n in range(rounds):
        for name, operation in cases.items():
            began = time.perf_counter()
            operation(n)
            latencies[name].append(time.perf_counter() - began)
    elapsed = time.perf_counter() - started
    return {name: summarize(samples, elapsed / len(cases)) for name, samples in latencies.items()}


def summarize(latencies: list[float], elapsed: float) -> dict:
    """Throughput and latency figures of one measured run."""
    return {
        "ops": len(latencies),
        "ops_per_s": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
    }


def print_table(title: str, rows: list[tuple[str, dict]], *, baseline: str | None = None) -> None:
    """Print figures side by side, with each row's throughput ratio to `baseline`."""
    print(f"\n## {title}")
    base = dict(rows).get(baseline) if baseline else None
    print(f"{'case':<44} {'ops':>7} {'ops/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7}")
    for name, figures in rows:
        ratio = figures["ops_per_s"] / base["ops_per_s"] if base and base["ops_per_s"] else None
        ratio_text = f"{ratio:>7.3f}" if ratio is not None else f"{'':>7}"
        print(
            f"{name:<44} {figures['ops']:>7} {figures['ops_per_s']:>9.1f} "
            f"{figures['p50_ms']:>8.2f} {figures['p99_ms']:>8.2f} {ratio_text}"
        )


__all__ = [
    "BENCH_PORT_BASE",
    "Stack",
    "interleaved",
    "print_table",
    "private_stack",
    "run_concurrently",
]
