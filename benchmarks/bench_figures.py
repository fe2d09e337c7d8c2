"""Figure regeneration against importing the libraries it needs.

Wall time is what the goal is stated in; CPU time (user + system of the child and the workers
it forks) is reported beside it because it barely moves when other programs share the cores,
which wall time on a busy machine does.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path

from harness import ENV, PY, ROOT, paired, report, run

FLOOR = [PY, "-c", "import pandas, matplotlib.pyplot, seaborn"]


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
            goal="<= 2.5x floor",
            met=full <= 2.5 * floor,
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
        noop, floor, *_ = paired(partial(run, cli), partial(run, FLOOR), runs=5)
        report(
            "figures (nothing changed)",
            noop,
            floor=floor,
            floor_name="import pandas, mpl, seaborn",
            goal="<= 1.2x floor",
            met=noop <= 1.2 * floor,
            runs=5,
        )
        print(f"{'':<48} section took {time.perf_counter() - t0:.0f} s")
    finally:
        shutil.rmtree(out, ignore_errors=True)
