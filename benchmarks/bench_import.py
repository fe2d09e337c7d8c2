"""`import kursk_data` against `import pandas`: the package must not add to start-up."""

from __future__ import annotations

from functools import partial

from harness import PY, paired, report, run


def main() -> None:
    ours, floor, *_ = paired(
        partial(run, [PY, "-c", "import kursk_data"]),
        partial(run, [PY, "-c", "import pandas"]),
        runs=9,
    )
    report(
        "import kursk_data",
        ours,
        floor=floor,
        floor_name="import pandas",
        goal="<= floor + 0.050 s",
        met=ours - floor <= 0.050,
        runs=9,
    )
