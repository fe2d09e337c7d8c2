"""Fresh clone to first figure (`make figures`) against a bare uv install of the same lock.

Both run with the machine's package caches as they are (pip's and uv's), as a developer's
second clone would; the first install on a new machine adds the downloads to both.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
from functools import partial
from pathlib import Path

from harness import ROOT, paired, report, run

PYTHON = shutil.which("python3.11") or shutil.which("python3")


def _fresh_clone_figures(work: Path) -> float:
    clone = work / "clone"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    try:
        return run(["make", "figures"], cwd=clone)
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def _bare_uv_install(work: Path, uv: str, compile_bytecode: bool = False) -> float:
    venv = work / "bare"
    shutil.rmtree(venv, ignore_errors=True)
    flag = " --compile-bytecode" if compile_bytecode else ""
    try:
        return run(
            [
                "sh",
                "-c",
                f"{PYTHON} -m venv --without-pip {venv} && "
                f"{uv} pip install --quiet{flag} --python {venv}/bin/python -r requirements.lock",
            ]
        )
    finally:
        shutil.rmtree(venv, ignore_errors=True)


def main() -> None:
    uv = ROOT / ".venv" / "bin" / "uv"
    if not uv.exists():
        print("setup: skipped (no .venv/bin/uv: the environment was installed with pip)")
        return
    with tempfile.TemporaryDirectory(prefix="kd-bench-setup-") as tmp:
        work = Path(tmp)
        ours, floor, *_ = paired(
            partial(_fresh_clone_figures, work), partial(_bare_uv_install, work, str(uv)), runs=3
        )
        report(
            "fresh clone -> make figures",
            ours,
            floor=floor,
            floor_name="venv + bare uv install of the lock",
            goal="<= 2x floor",
            met=ours <= 2 * floor,
            runs=3,
        )
        # The Makefile has uv write the .pyc files as it installs (pip's default): the same
        # install, compiled, is the floor that does the same work.
        compiled = statistics.median(
            _bare_uv_install(work, str(uv), compile_bytecode=True) for _ in range(3)
        )
        report(
            "fresh clone -> make figures",
            ours,
            floor=compiled,
            floor_name="the same, --compile-bytecode",
            goal="<= 2x floor",
            met=ours <= 2 * compiled,
            runs=3,
        )
