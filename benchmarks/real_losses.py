"""Convert a real public table of daily running totals into a claims ledger (kept out of the repo).

Usage: KURSK_REAL_DATA=DIR python benchmarks/real_losses.py OUT_DIR [--monthly]

``DIR`` holds ``russia_losses_personnel.json`` from the public dataset
github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset (MIT licence): one record a day since
25 February 2022 of the General Staff of Ukraine's Armed Forces' running total of Russian
personnel losses ("about N"; "more" on some early days) and, on the first days, prisoners
of war. When the table's ``russia_losses_equipment.json`` is there too and the schema knows a
``count`` unit, tanks and artillery systems are converted as well.

Writes ``OUT_DIR/claims.csv`` and ``OUT_DIR/sources.csv``: one claim per day and series,
claimant the General Staff, running totals counted ``since`` 2022-02-24, bounds from the
package's own qualifier rule. ``--monthly`` keeps the last day of each month only (a sparse
ledger of the same claims). The data are read from the path given, never downloaded: the
table stays out of the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import numpy as np

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds

SINCE = "2022-02-24"
SOURCE = "ivaniuk-war-dataset"
CLAIMANT = "General Staff of the Armed Forces of Ukraine"
HEADER = schema.table("claims").names  # every column, in the schema's order
# (json file, field, topic, measure, unit): what each series counts.
SERIES = [
    ("russia_losses_personnel", "personnel", "losses", "russian_personnel_losses", "personnel"),
    ("russia_losses_personnel", "POW", "prisoners", "russian_soldiers_captured", "personnel"),
    ("russia_losses_equipment", "tank", "equipment", "russian_tanks_lost", "count"),
    ("russia_losses_equipment", "field artillery", "equipment", "russian_artillery_lost", "count"),
]


def _num(x: float) -> str:
    return "" if not np.isfinite(x) else repr(x) if x != int(x) else str(int(x))


def convert(data_dir: Path, monthly: bool = False) -> list[dict[str, str]]:
    """The ledger's rows: one per day and series found in ``data_dir``."""
    units = set(schema.enum("claims", "unit"))
    topics = set(schema.enum("claims", "topic"))
    rows: list[dict[str, str]] = []
    for name, field, topic, measure, unit in SERIES:
        path = data_dir / f"{name}.json"
        if not path.is_file() or unit not in units or topic not in topics:
            continue
        records = [r for r in json.loads(path.read_text()) if r.get(field) is not None]
        if monthly:
            last = {}
            for r in records:
                last[r["date"][:7]] = r
            records = list(last.values())
        for r in records:
            qual = {"about": "about", "more": "over"}.get(r.get(f"{field}*", ""), "unknown")
            value = float(r[field])
            lo, hi = implied_bounds(np.array([value]), np.array([qual], dtype=object))
            rows.append(
                {
                    "claim_id": f"gs-{measure.split('_')[1][:4]}-{r['date']}",
                    "topic": topic,
                    "measure": measure,
                    "value": _num(value),
                    "unit": unit,
                    "qualifier": qual,
                    "low": _num(float(lo[0])),
                    "high": _num(float(hi[0])),
                    "period_start": r["date"],
                    "period_end": r["date"],
                    "period_precision": "day",
                    "claimant": CLAIMANT,
                    "claimant_detail": "Daily running total, as tabulated by the dataset",
                    "claimant_side": "ukraine",
                    "status": "claimed",
                    "reported_date": r["date"],
                    "source_id": SOURCE,
                    "wording": "",
                    "alt_value": "",
                    "alt_unit": "",
                    "part_of": "",
                    "note": f"Running total since {SINCE} as of this day ({field} column).",
                    "basis": "stated",
                    "period_basis": "stated",
                    "since": SINCE,
                    "same_statement_as": "",
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--monthly", action="store_true")
    args = parser.parse_args(argv)
    data = os.environ.get("KURSK_REAL_DATA")
    if not data or not Path(data).is_dir():
        print("set KURSK_REAL_DATA to the folder holding the dataset's JSON files", file=sys.stderr)
        return 2
    rows = convert(Path(data), args.monthly)
    if not rows:
        print(f"{data}: no series found", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "claims.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, HEADER, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(args.out / "sources.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(schema.table("sources").names)  # the columns as the schema orders them
        w.writerow(
            [
                SOURCE,
                "user",
                "2022 Ukraine Russia War Dataset",
                "Petro Ivaniuk (GitHub)",
                "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset",
                "",
                "",
                "dataset",
                "Daily figures of the General Staff of Ukraine's Armed Forces, compiled by "
                "the dataset's author; read from a local copy.",
                "",
            ]
        )
    print(f"wrote {len(rows)} claims to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
