"""bench/report.md: what `make bench` printed, with the machine, the commit and the date."""

from __future__ import annotations

import io
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

REPORT = Path(__file__).parent / "report.md"


class Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy of everything written."""

    def __init__(self, stream):
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        """Write `text` to both."""
        self.copy.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        """Flush the terminal."""
        self.stream.flush()


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _commit() -> str:
    result = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        capture_output=True, text=True, check=False, cwd=REPORT.parent,
    )  # fmt: skip
    return result.stdout.strip() or "unknown"


def machine() -> str:
    """One line describing where the figures were measured."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{_cpu()}, {os.cpu_count()} cores, {_memory_gib()} RAM; {platform.system()} "
        f"{platform.release()}; Python {sys.version.split()[0]}; load average at start {load}"
    )


def write(sections: list[tuple[str, str, float]], started: datetime, machine_line: str) -> Path:
    """Write the report from [(benchmark, printed output, seconds)]."""
    lines = [
        "# Benchmark report",
        "",
        f"- date: {started.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- commit: `{_commit()}`",
        f"- machine: {machine_line}",
        "- ratios: each table's throughput (or latency) relative to its in-run baseline row",
        "",
        "Written by `make bench` (`python -m bench`); compare two commits by their reports.",
    ]
    for name, output, seconds in sections:
        lines += ["", f"## {name} ({seconds:.0f} s)", "", "```text", output.strip("\n"), "```"]
    REPORT.write_text("\n".join(lines) + "\n")
    return REPORT


def now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)
