"""Benchmarks: each measure beside its floor, run in alternation, medians reported.

    make bench                          # every section
    python benchmarks/run.py figures    # one or more sections by name

Sections live in ``bench_<name>.py``, each with a ``main()``; the harness (pairing, medians,
results file) is ``harness.py``. Run inside the project environment, from any directory.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import save

SECTIONS = ["import", "setup", "figures", "charts", "validation", "checker", "nbval"]


def main(argv: list[str]) -> int:
    chosen = argv or SECTIONS
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
        return 2
    print(f"kursk-data benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name in chosen:
        try:
            module = import_module(f"bench_{name}")
        except ModuleNotFoundError:
            print(f"\n[{name}] not written yet")
            continue
        print(f"\n[{name}]")
        module.main()
    print(f"\nresults written to {save()} (git-ignored)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
