"""Figure regeneration against importing the libraries it needs."""

from __future__ import annotations

import shutil
import tempfile
from functools import partial
from pathlib import Path

from harness import PY, paired, report, run

FLOOR = [PY, "-c", "import pandas, matplotlib.pyplot, seaborn"]


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="kd-bench-figs-"))
    cli = [PY, "-m", "kursk_data", "figures", "--out", str(out)]
    try:
        run(cli)
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
    finally:
        shutil.rmtree(out, ignore_errors=True)
