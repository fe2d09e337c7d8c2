"""Benchmarks: each figure printed beside its floor, measured in the same run.

Run with `make bench` (from the repository root, inside the project environment). Timings are
the best of several runs of a fresh process, so they include interpreter start-up as a user
sees it. Goals come from the "Users' own claims files" issue; MET/NOT MET is printed for each.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
RESULTS: list[dict] = []


def run(args: list[str], *, cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(
        args, cwd=cwd, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest any child reached: exact when this child is largest.
    return elapsed, max(after, before) / 1024


def best(args: list[str], repeat: int = 5, **kw) -> float:
    return min(run(args, **kw)[0] for _ in range(repeat))


def report(
    name: str, value: float, floor: float | None, goal: str, met: bool | None, unit: str = "s"
) -> None:
    ratio = f"{value / floor:5.2f}x" if floor else "   -  "
    floor_s = f"{floor:7.3f} {unit}" if floor is not None else "      -  "
    verdict = {True: "MET", False: "NOT MET", None: "-"}[met]
    print(f"{name:<52} {value:8.3f} {unit}  floor {floor_s}  {ratio}  goal: {goal:<26} {verdict}")
    RESULTS.append(
        {"name": name, "value": value, "unit": unit, "floor": floor, "goal": goal, "met": met}
    )


def bench_import() -> None:
    floor = best([PY, "-c", "import pandas"], repeat=7)
    ours = best([PY, "-c", "import kursk_data"], repeat=7)
    report(
        "import kursk_data (floor: import pandas)",
        ours,
        floor,
        "<= floor + 0.050 s",
        ours - floor <= 0.050,
    )


def bench_figures() -> None:
    floor = best([PY, "-c", "import pandas, matplotlib.pyplot, seaborn"])
    floor_no_sns = best([PY, "-c", "import pandas, matplotlib.pyplot"])
    out = Path(tempfile.mkdtemp(prefix="kd-bench-figs-"))
    cli = [PY, "-m", "kursk_data", "figures", "--out", str(out)]
    full = min(run([*cli, "--force"])[0] for _ in range(3))
    noop = best(cli)
    shutil.rmtree(out, ignore_errors=True)
    report(
        "full figure regeneration (floor: import pandas+mpl+sns)",
        full,
        floor,
        "<= 2x floor",
        full <= 2 * floor,
    )
    report(
        "no-op figure regeneration (same floor)", noop, floor, "<= 1.2x floor", noop <= 1.2 * floor
    )
    # The charts issue states its figures beside `import pandas, matplotlib.pyplot`.
    report("full regeneration (floor: import pandas+mpl)", full, floor_no_sns, "-", None)
    report("no-op regeneration (floor: import pandas+mpl)", noop, floor_no_sns, "-", None)


VALIDATE = (
    "import resource, sys, kursk_data as kd; p = kd.validate(sys.argv[1]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(1 if p else 0)"
)


def run_validate(path: Path) -> tuple[float, float]:
    """Wall time (s) and the validating process's own peak RSS (MiB)."""
    t = time.perf_counter()
    out = subprocess.run(
        [PY, "-c", VALIDATE, str(path)], env=ENV, check=True, capture_output=True, text=True
    )
    return time.perf_counter() - t, int(out.stdout.split()[-1]) / 1024


def bench_validation(folder: Path) -> None:
    sizes = [10_000, 100_000, 1_000_000]
    files = {}
    for n in sizes:
        files[n] = folder / f"claims-{n}.csv"
        subprocess.run(
            [PY, str(ROOT / "benchmarks" / "generate.py"), str(n), str(files[n])],
            env=ENV,
            check=True,
            stderr=subprocess.DEVNULL,
        )
    start = best([PY, "-c", "import kursk_data"], repeat=3)
    per_row, timing = {}, {}
    for n in sizes:
        timing[n] = min((run_validate(files[n]) for _ in range(3)), key=lambda r: r[0])
        per_row[n] = (timing[n][0] - start) / n
    big_t, big_mem = timing[sizes[-1]]
    read_csv = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"
    floor_t = min(run([PY, "-c", read_csv, str(files[sizes[-1]])])[0] for _ in range(3))
    report(
        "validate 1,000,000 rows (floor: pandas.read_csv)", big_t, floor_t, "<= 3 s", big_t <= 3.0
    )
    report("  peak memory of that run", big_mem, None, "<= 1024 MiB", big_mem <= 1024, unit="MiB")
    # Linear or better: the cost per row must not grow with the file. Fixed costs make small
    # files dearer per row, so the two largest sizes are compared.
    growth = per_row[sizes[-1]] / per_row[sizes[-2]]
    report(
        "  time per row, 1M vs 100k (start-up removed)",
        growth,
        None,
        "<= 1.25 (linear or better)",
        growth <= 1.25,
        unit="x ",
    )
    for n in sizes:
        print(
            f"    {n:>9,} rows: {timing[n][0]:6.3f} s, {per_row[n] * 1e6:.2f} µs/row, "
            f"peak {timing[n][1]:.0f} MiB"
        )

    pandera = min(
        run([PY, str(ROOT / "benchmarks" / "peers.py"), "pandera", str(files[sizes[-1]])])[0]
        for _ in range(2)
    )
    report(
        "  peer: same rules as a pandera schema, 1M rows",
        pandera,
        big_t,
        "ours faster (ratio > 1)",
        pandera > big_t,
    )
    slice_t = run([PY, str(ROOT / "benchmarks" / "peers.py"), "frictionless", str(files[100_000])])[
        0
    ]
    report(
        "  peer: frictionless validate, 100k rows x10",
        slice_t * 10,
        big_t,
        "ours faster (ratio > 1)",
        slice_t * 10 > big_t,
    )


def bench_nbval() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kd-bench-nb-"))
    empty = folder / "empty.ipynb"
    empty.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "execution_count": 1,
                        "id": "e0",
                        "metadata": {},
                        "outputs": [],
                        "source": ["pass"],
                    }
                ],
                "metadata": {
                    "kernelspec": {
                        "name": "python3",
                        "display_name": "Python 3",
                        "language": "python",
                    }
                },
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    pytest = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval"]
    floor = min(run([*pytest, str(empty)], cwd=folder)[0] for _ in range(2))
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        t = min(run([*pytest, str(nb)])[0] for _ in range(2))
        report(f"nbval {nb.name} (floor: empty notebook)", t, floor, "-", None)
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    print(f"kursk-data benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="kd-bench-") as tmp:
        bench_import()
        bench_figures()
        bench_validation(Path(tmp))
        bench_nbval()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(RESULTS, indent=2) + "\n")
    print(f"\nresults written to {out / 'results.json'} (git-ignored)")


if __name__ == "__main__":
    main()
