"""The tools a user would otherwise reach for, on the same file, for the benchmark.

Usage: python benchmarks/peers.py pandera|frictionless CLAIMS.csv
- pandera: the ledger's rules written as a plain pandera schema (columns, types, enums,
  patterns, ranges, uniqueness, and the rules across columns).
- frictionless: `frictionless validate` of our datapackage.json with CLAIMS.csv in place of the
  shipped claims (Table Schema rules only: it cannot express the rules across columns).
Exit status 0 when the file passes.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import pair_agrees
from kursk_data.validation import shipped_frames


def pandera_schema():
    import pandera.pandas as pa

    fields = {}
    for f in schema.table("claims").fields:
        checks = []
        if f.enum:
            checks.append(pa.Check.isin(list(f.enum)))
        if f.pattern and not f.enum:
            checks.append(pa.Check.str_matches(f.pattern))
        if f.max_length and f.type == "string":
            checks.append(pa.Check.str_length(max_value=f.max_length))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum))
        if f.maximum is not None:
            checks.append(pa.Check.le(f.maximum))
        dtype = {"number": float, "date": "datetime64[ns]"}.get(f.type, str)
        fields[f.name] = pa.Column(
            dtype,
            checks=checks,
            nullable=not f.required,
            unique=f.unique,
            coerce=True,
            required=f.name not in schema.table("claims").optional,  # a file may leave it out
        )
    _, sources = shipped_frames()
    known_sources = set(sources["source_id"])

    def bounds_follow_qualifier(df: pd.DataFrame) -> pd.Series:
        lo, hi = implied_bounds(
            df["value"].to_numpy(float),
            df["qualifier"].to_numpy(object),
            df["low"].to_numpy(float),
            df["high"].to_numpy(float),
        )

        def same(a, b):
            return (np.isnan(a) & np.isnan(b)) | np.isclose(a, b)

        return pd.Series(
            same(df["low"].to_numpy(float), lo) & same(df["high"].to_numpy(float), hi),
            index=df.index,
        )

    def pairs_agree(df: pd.DataFrame) -> pd.Series:
        has = df["alt_value"].notna().to_numpy()
        ok = np.ones(len(df), bool)
        if has.any():
            ok[has] = pair_agrees(
                df["value"].to_numpy(float)[has], df["alt_value"].to_numpy(float)[has]
            )[0]
        return pd.Series(ok, index=df.index)

    return pa.DataFrameSchema(
        fields,
        strict=True,
        checks=[
            pa.Check(lambda df: df["low"].isna() | df["high"].isna() | (df["low"] <= df["high"])),
            pa.Check(lambda df: df["period_end"] >= df["period_start"]),
            pa.Check(lambda df: df["unit"] == df["topic"].map(schema.TOPIC_UNIT)),
            pa.Check(lambda df: df["status"] == df["claimant_side"].map(schema.SIDE_STATUS)),
            pa.Check(lambda df: df["value"] <= df["unit"].map(schema.MAX_PLAUSIBLE)),
            pa.Check(bounds_follow_qualifier),
            pa.Check(pairs_agree),
            pa.Check(lambda df: df["source_id"].isin(known_sources)),
        ],
    )


def run_pandera(path: str) -> int:
    import pandera.errors

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.replace("", None)
    try:
        pandera_schema().validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        print(err.failure_cases.head(), file=sys.stderr)
        return 1
    return 0


def run_frictionless(path: str) -> int:
    import frictionless

    with tempfile.TemporaryDirectory() as tmp:
        for name in ("datapackage.json", "sources.csv", "sides.csv"):
            (Path(tmp) / name).write_bytes(schema.data_file(name).read_bytes())
        shutil.copy(path, Path(tmp) / "claims.csv")
        report = frictionless.validate(str(Path(tmp) / "datapackage.json"))
        return 0 if report.valid else 1


if __name__ == "__main__":
    tool, file = sys.argv[1], sys.argv[2]
    sys.exit({"pandera": run_pandera, "frictionless": run_frictionless}[tool](file))
