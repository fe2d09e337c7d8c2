"""nbval per notebook against nbval on an empty notebook (kernel start-up and pytest)."""

from __future__ import annotations

import json
import shutil
import tempfile
from functools import partial
from pathlib import Path

from harness import PY, ROOT, paired, report, run

EMPTY = {
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
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kd-bench-nb-"))
    empty = folder / "empty.ipynb"
    empty.write_text(json.dumps(EMPTY))
    pytest = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval"]
    try:
        for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
            ours, floor, *_ = paired(
                partial(run, [*pytest, str(nb)]),
                partial(run, [*pytest, str(empty)], cwd=folder),
                runs=3,
                warmup=False,
            )
            report(f"nbval {nb.name}", ours, floor=floor, floor_name="empty notebook", runs=3)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
