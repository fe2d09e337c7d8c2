"""Charting dense ledgers: `kursk-data figures --no-shipped` on generated daily running totals
(benchmarks/generate.py --dense) of 1,700, 5,000 and 10,000 claims, with peak memory; time
should grow about linearly. Goals (issue 20): 1,700 claims in <= 20 s and <= 800 MiB; 10,000
in <= 60 s and <= 1.5 GiB. Every exported figure is checked by the export itself (layout and
marks in their periods), so a run that refuses a figure fails here."""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from harness import ENV, PY, ROOT, report

SIZES = ((1700, 20.0, 800), (5000, None, None), (10000, 60.0, 1536))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="kd-bench-charts-"))
    try:
        for n, seconds, mib in SIZES:
            ledger = work / f"dense-{n}"
            subprocess.run(
                [PY, str(ROOT / "benchmarks" / "generate.py"), str(n), str(ledger), "--dense"],
                check=True,
                capture_output=True,
            )
            out = work / f"figs-{n}"
            cli = [PY, "-m", "kursk_data", "figures", "--no-shipped", "--out", str(out)]
            cli += [
                "--claims",
                str(ledger / "claims.csv"),
                "--sources",
                str(ledger / "sources.csv"),
            ]
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run(cli, cwd=ROOT, env=ENV, check=True, capture_output=True)
            wall = time.perf_counter() - t
            peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
            goal = f"<= {seconds:g} s" if seconds else "-"
            report(
                f"figures, {n:,} dense claims",
                wall,
                goal=goal,
                met=wall <= seconds if seconds else None,
            )
            report(
                f"  peak RSS, {n:,} claims",
                peak,
                unit="MiB",
                goal=f"<= {mib} MiB" if mib else "-",
                met=peak <= mib if mib else None,
            )
            shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
