"""`python -m bench [name ...]`: run every benchmark module (bench/bench_*.py) or the named ones."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


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
    for name in selected:
        started = time.perf_counter()
        print(f"\n# {name}")
        importlib.import_module(f"bench.{name}").main()
        print(f"({name} took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
