"""The benchmark harness: every measure is paired with its floor, run in alternation, and
reported as medians, so a machine that slows down mid-run slows both alike.

A *floor* is the cheapest run that does the same unavoidable work (importing the libraries,
reading the file, installing the lock with a bare uv): the ratio ours/floor is what the code
adds. Results go to ``benchmarks/out/results.json`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
OUT = ROOT / "benchmarks" / "out"


@dataclass
class Result:
    name: str
    value: float
    unit: str
    floor: float | None
    floor_name: str | None
    ratio: float | None
    goal: str
    met: bool | None
    runs: int


RESULTS: list[Result] = []


def run(args: Sequence[str], *, cwd: Path = ROOT, env: dict | None = None) -> float:
    """Wall time (s) of one child process; it must succeed."""
    t = time.perf_counter()
    subprocess.run(
        list(args),
        cwd=cwd,
        env=env or ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t


def peak_rss_mib(args: Sequence[str], *, cwd: Path = ROOT) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of one child, read by the child's parent shell.

    ``/usr/bin/time`` is not assumed: the child runs under a tiny Python wrapper that reports
    its own child's ``ru_maxrss``.
    """
    wrapper = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run(
        [PY, "-c", wrapper, *args], cwd=cwd, env=ENV, check=True, capture_output=True, text=True
    )
    seconds, mib = out.stdout.split()
    return float(seconds), float(mib)


def paired(
    ours: Callable[[], float],
    floor: Callable[[], float],
    *,
    runs: int = 5,
    warmup: bool = True,
) -> tuple[float, float, list[float], list[float]]:
    """Run ``floor`` and ``ours`` in alternation ``runs`` times; medians of each and the samples."""
    if warmup:  # fill the page cache and any lazy compilation for both alike
        floor()
        ours()
    a, b = [], []
    for i in range(runs):
        # Alternate which goes first, so neither always runs on the warmer machine.
        if i % 2:
            a.append(ours())
            b.append(floor())
        else:
            b.append(floor())
            a.append(ours())
    return statistics.median(a), statistics.median(b), a, b


def report(
    name: str,
    value: float,
    *,
    floor: float | None = None,
    floor_name: str | None = None,
    goal: str = "-",
    met: bool | None = None,
    within: float | None = None,
    unit: str = "s",
    runs: int = 1,
) -> Result:
    """Print and keep one measure. ``within=k`` is the common goal "at most k times the floor"
    (its wording and its verdict from the one number); other goals pass ``goal`` and ``met``."""
    if within is not None:
        assert floor is not None, "within= needs a floor"
        goal, met = f"<= {within:g}x floor", value <= within * floor
    ratio = value / floor if floor else None
    r = Result(name, value, unit, floor, floor_name, ratio, goal, met, runs)
    RESULTS.append(r)
    verdict = {True: "MET", False: "NOT MET", None: ""}[met]
    floor_s = f"floor {floor:8.3f} {unit} ({floor_name})" if floor is not None else ""
    ratio_s = f" = {ratio:5.2f}x" if ratio is not None else ""
    print(f"{name:<48} {value:9.3f} {unit:<3} {floor_s}{ratio_s}")
    if goal != "-":
        print(f"{'':<48} goal: {goal}  {verdict}")
    return r


def save() -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / "results.json"
    path.write_text(json.dumps([asdict(r) for r in RESULTS], indent=2) + "\n")
    return path


def rusage_children_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
