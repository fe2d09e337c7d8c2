"""Validation of generated claims files against Arrow's own read of the same file.

(To be reworked for the bounded-memory issue: an honest worst-case file, 10k -> 1M -> 5M.)
"""

from __future__ import annotations

import subprocess
import tempfile
from functools import partial
from pathlib import Path

from harness import ENV, PY, ROOT, paired, peak_rss_mib, report, run

VALIDATE = "import sys, kursk_data as kd; sys.exit(1 if kd.validate(sys.argv[1]) else 0)"
ARROW_READ = "import sys, pyarrow.csv as c; c.read_csv(sys.argv[1])"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="kd-bench-val-") as tmp:
        path = Path(tmp) / "claims-1000000.csv"
        subprocess.run(
            [PY, str(ROOT / "benchmarks" / "generate.py"), "1000000", str(path)],
            env=ENV,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        ours, floor, *_ = paired(
            partial(run, [PY, "-c", VALIDATE, str(path)]),
            partial(run, [PY, "-c", ARROW_READ, str(path)]),
            runs=3,
        )
        report(
            "validate 1,000,000 rows",
            ours,
            floor=floor,
            floor_name="pyarrow.csv.read_csv",
            goal="<= 1.5 s and <= 3x floor",
            met=ours <= 1.5 and ours <= 3 * floor,
            runs=3,
        )
        _, mib = peak_rss_mib([PY, "-c", VALIDATE, str(path)])
        report("  peak memory", mib, unit="MiB", goal="<= 600 MiB", met=mib <= 600)
