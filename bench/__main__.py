"""Run benchmarks: `python -m bench` (all) or `python -m bench search -- --docs 10000`.

Each module `bench/bench_<name>.py` exposes `main(argv: list[str]) -> None` and prints its
figures and ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    extra: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, extra = args[:cut], args[cut + 1 :]
    available = sorted(p.stem[len("bench_") :] for p in Path(__file__).parent.glob("bench_*.py"))
    names = args or available
    unknown = [n for n in names if n not in available]
    if unknown:
        sys.exit(f"unknown benchmark(s) {unknown}; available: {available}")
    for name in names:
        print(f"\n=== bench {name} ===", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"bench.bench_{name}")
        module.main(extra)
        print(f"=== {name} done in {time.perf_counter() - started:.1f} s ===", flush=True)


if __name__ == "__main__":
    main()
