"""Fresh clone to first figure (`make figures`) against a bare uv install of the same lock.

Two machines are measured. A developer's second clone finds pip's and uv's caches full; a new
machine finds them empty and downloads the lock, which both sides then pay (the floor gets its
uv from the project environment, so it never pays for fetching uv: the ratio is if anything
unfavourable to us). A fresh clone's `make figures` finds the committed figures current and
rewrites nothing; the figures drawn into an empty folder are measured too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import partial
from pathlib import Path

from harness import ENV, ROOT, paired, report, run

PYTHON = shutil.which("python3.11") or shutil.which("python3")


def _env(work: Path, cold: bool) -> dict:
    if not cold:
        return ENV
    caches = work / "caches"
    shutil.rmtree(caches, ignore_errors=True)
    return {
        **ENV,
        "UV_CACHE_DIR": str(caches / "uv"),
        "PIP_CACHE_DIR": str(caches / "pip"),
        "XDG_CACHE_HOME": str(caches / "xdg"),  # where the Makefile keeps the uv it fetched
    }


def _fresh_clone_figures(work: Path, *, cold: bool = False, out: str = "figures") -> float:
    clone = work / "clone"
    shutil.rmtree(clone, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    try:
        return run(["make", "figures", f"FIGURES_OUT={out}"], cwd=clone, env=_env(work, cold))
    finally:
        shutil.rmtree(clone, ignore_errors=True)


def _bare_uv_install(work: Path, uv: str, *, cold: bool = False) -> float:
    venv = work / "bare"
    shutil.rmtree(venv, ignore_errors=True)
    try:
        return run(
            [
                "sh",
                "-c",
                f"{PYTHON} -m venv --without-pip {venv} && "
                f"{uv} pip install --quiet --python {venv}/bin/python -r requirements.lock",
            ],
            env=_env(work, cold),
        )
    finally:
        shutil.rmtree(venv, ignore_errors=True)


def main() -> None:
    uv = ROOT / ".venv" / "bin" / "uv"
    if not uv.exists():
        print("setup: skipped (no .venv/bin/uv: the environment was installed with pip)")
        return
    cases = [
        ("fresh clone -> make figures (warm caches)", False, "figures"),
        ("fresh clone -> figures into a new folder", False, "new-figures"),
        ("new machine: empty pip and uv caches", True, "figures"),
    ]
    with tempfile.TemporaryDirectory(prefix="kd-bench-setup-") as tmp:
        work = Path(tmp)
        for name, cold, out in cases:
            ours, floor, *_ = paired(
                partial(_fresh_clone_figures, work, cold=cold, out=out),
                partial(_bare_uv_install, work, str(uv), cold=cold),
                runs=3,
                warmup=not cold,
            )
            report(
                name,
                ours,
                floor=floor,
                floor_name="venv + bare uv install of the lock"
                + (", same empty caches" if cold else ""),
                within=2,
                runs=3,
            )
