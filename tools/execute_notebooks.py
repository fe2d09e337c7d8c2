"""Re-execute the notebooks in place and save them clean (``make notebooks``).

The notebooks are the source: edit them in JupyterLab, then run this so that every saved output
comes from one top-to-bottom run of the current package. Only what nbval and a reader need is
kept: outputs, execution counts in order, the kernel's name. Timings, widget state and the
Python version of whoever ran it last are dropped, so a re-run on another machine changes no
byte that did not change in the outputs.

    python tools/execute_notebooks.py [NOTEBOOK ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NB_DIR = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
METADATA = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}


def clean(nb: nbformat.NotebookNode, stem: str) -> None:
    """Drop machine-specific metadata; give every cell a stable id."""
    nb.metadata = nbformat.from_dict(METADATA)
    seen: set[str] = set()
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata.pop("scrolled", None)
        cell.metadata.pop("collapsed", None)
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = f"{stem}-{i:02d}"
        seen.add(cell["id"])


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    clean(nb, path.stem)
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted(NB_DIR.glob("*.ipynb"))
    for p in paths:
        execute(p)
