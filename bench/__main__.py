"""`python -m bench [name ...]`: run every benchmark module (bench/bench_*.py) or the named ones."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path

from bench import report


def main(argv: list[str]) -> int:
    """Run the selected benchmarks, each module's `main()` printing its own table."""
    folder = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    selected = [n for n in names if not argv or n.removeprefix("bench_") in argv or n in argv]
    if not selected:
        print(f"no benchmark matches {argv}; available: {', '.join(names)}")
        return 2
    began, machine = report.now(), report.machine()
    sections = []
    for name in selected:
        started = time.perf_counter()
        print(f"\n# {name}")
        tee = report.Tee(sys.stdout)
        sys.stdout = tee
        try:
            importlib.import_module(f"bench.{name}").main()
        finally:
            sys.stdout = tee.stream
        seconds = time.perf_counter() - started
        sections.append((name, tee.copy.getvalue(), seconds))
        print(f"({name} took {seconds:.1f} s)")
    print(f"\nreport: {report.write(sections, began, machine)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
