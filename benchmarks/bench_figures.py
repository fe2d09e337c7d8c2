"""Figure regeneration against importing the libraries it needs.

Wall time is what the goal is stated in; CPU time (user + system of the child and the workers
it forks) is reported beside it because it barely moves when other programs share the cores,
which wall time on a busy machine does.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from harness import ENV, PY, ROOT, paired, report, run

FLOOR = [PY, "-c", "import pandas, matplotlib.pyplot, seaborn"]

# Where a redraw's CPU goes, in one process (no workers): every figure rendered by the export's
# own render(), with the layout (draw_data) and each format's savefig timed apart.
SPLIT = """
import json, time
import matplotlib
matplotlib.use("Agg")
from matplotlib.figure import Figure
import kursk_data as kd
from kursk_data.figures.export import render
from kursk_data.figures.registry import FIGURES, FigureSpec, ledger_palette
spent = dict(layout=0.0, png=0.0, svg=0.0, pdf=0.0)
def timed(f, key):
    def run(*args, **kws):
        t = time.process_time()
        try:
            return f(*args, **kws)
        finally:
            spent[key(args, kws)] += time.process_time() - t
    return run
FigureSpec.draw_data = timed(FigureSpec.draw_data, lambda a, k: "layout")
Figure.savefig = timed(Figure.savefig, lambda a, k: k["format"])
claims, sources = kd.load_claims(), kd.load_sources()
palette = ledger_palette(claims)
t = time.process_time()
for spec in FIGURES.values():
    render(spec, spec.data(claims), sources, palette)
spent["total"] = time.process_time() - t
print(json.dumps(spent))
"""


def split() -> dict[str, float]:
    """CPU seconds of each part of rendering every figure in one process."""
    import json
    import subprocess

    out = subprocess.run(
        [PY, "-c", SPLIT], cwd=ROOT, env=ENV, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def cpu(args: list[str]) -> float:
    """CPU seconds (user + system) of one child process and its children; it must succeed."""
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, cwd=ROOT, env=ENV, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="kd-bench-figs-"))
    cli = [PY, "-m", "kursk_data", "figures", "--out", str(out)]
    try:
        run(cli)
        t0 = time.perf_counter()
        full, floor, *_ = paired(partial(run, [*cli, "--force"]), partial(run, FLOOR), runs=5)
        report(
            "figures --force (every figure redrawn)",
            full,
            floor=floor,
            floor_name="import pandas, mpl, seaborn",
            within=7,  # issue 19: the export's own checks included
            runs=5,
        )
        full_cpu, floor_cpu, *_ = paired(
            partial(cpu, [*cli, "--force"]), partial(cpu, FLOOR), runs=5
        )
        report(
            "figures --force, CPU seconds",
            full_cpu,
            floor=floor_cpu,
            floor_name="import pandas, mpl, seaborn (CPU)",
            unit="cpu-s",
            runs=5,
        )
        parts = [split() for _ in range(3)]
        for key in ("layout", "png", "svg", "pdf", "total"):
            report(
                f"  CPU, one process: {key}",
                statistics.median(p[key] for p in parts),
                unit="cpu-s",
                runs=3,
            )
        noop, floor, *_ = paired(partial(run, cli), partial(run, FLOOR), runs=5)
        report(
            "figures (nothing changed)",
            noop,
            floor=floor,
            floor_name="import pandas, mpl, seaborn",
            runs=5,  # no goal since the inputs stamp went (issue 19): it draws, then compares bytes
        )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"{'':<48} section took {time.perf_counter() - t0:.0f} s; load average {load}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
