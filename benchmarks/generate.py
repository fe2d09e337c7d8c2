"""Write a valid claims file of N rows, built by repeating user copies of the shipped claims.

Usage: python benchmarks/generate.py N OUT.csv
Every row is valid and merges with the shipped ledger (ids are new, sources are shipped ones),
so validating it exercises every rule on realistic values.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from kursk_data import schema
from kursk_data.validation import shipped_frames


def generate(n: int) -> pd.DataFrame:
    base, _ = shipped_frames()
    base = base[base["part_of"] == ""].reset_index(drop=True)  # parts point at shipped ids
    reps = -(-n // len(base))
    frame = pd.concat([base] * reps, ignore_index=True).iloc[:n].copy()
    frame["claim_id"] = [f"gen-{i:07d}" for i in range(n)]
    return frame[schema.table("claims").names]


def main() -> None:
    n, out = int(sys.argv[1]), Path(sys.argv[2])
    generate(n).to_csv(out, index=False, lineterminator="\n")
    print(f"wrote {n:,} rows to {out} ({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    np.random.seed(0)
    main()
