"""`make status`: which processes run, how much memory the idle stack takes."""

from __future__ import annotations

import os
from pathlib import Path

from .config import StackConfig
from .processes import proc_stats

RSS_TARGET_MB = 1536


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for pid, fields in proc_stats():
        children.setdefault(int(fields[1]), []).append(pid)
    return children


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int, children: dict[int, list[int]]) -> int:
    """RSS of a process and all its descendants, in KiB."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kb(current)
        stack.extend(children.get(current, []))
    return total


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return pid > 0


def print_status(pairs: list[tuple[str, int]], config: StackConfig) -> int:
    """Print the table; exit status 1 when not running or a process is down."""
    if not pairs:
        print("DREAD is not running.")
        return 1
    children = _children_map()
    total_kb, healthy = 0, True
    print(f"{'process':<14} {'pid':>8} {'state':<8} {'RSS MB':>8}")
    for name, pid in pairs:
        alive = _alive(pid)
        healthy &= alive
        rss_kb = tree_rss_kb(pid, children) if alive and name != "supervisor" else 0
        if name == "supervisor" and alive:
            rss_kb = _rss_kb(pid)
        total_kb += rss_kb
        print(f"{name:<14} {pid:>8} {'up' if alive else 'DOWN':<8} {rss_kb / 1024:>8.1f}")
    total_mb = total_kb / 1024
    verdict = "within" if total_mb <= RSS_TARGET_MB else "OVER"
    print(f"{'total':<31} {total_mb:>8.1f}  ({verdict} the {RSS_TARGET_MB} MB target)")
    print(f"URL: {config.public_url}")
    return 0 if healthy else 1
