"""Property-based tests: accepted ledgers round-trip; any single corruption is caught in place."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kursk_data as kd
from kursk_data import schema
from kursk_data.formats import to_csv, to_ledger_csv
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import KM2_PER_MI2, pair_agrees

COLUMNS = schema.table("claims").names
SOURCE = "metaworld-2025-06-22"
# Free text as people type it: any letters (Cyrillic too), digits, punctuation, quotes,
# commas and line breaks inside; never blank or padded.
TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters="\n"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


@st.composite
def claim_rows(draw, n_min: int = 1, n_max: int = 6) -> list[dict[str, str]]:
    rows = []
    for i in range(draw(st.integers(n_min, n_max))):
        topic = draw(st.sampled_from(schema.enum("claims", "topic")))
        unit = schema.TOPIC_UNIT[topic]
        cap = 100_000 if unit == "km2" else 5_000_000
        value = float(
            draw(st.one_of(st.integers(0, cap), st.decimals(0, 1000, places=2).map(float)))
        )
        qual = draw(st.sampled_from(schema.enum("claims", "qualifier")))
        low = high = np.nan
        if qual == "range":
            low = float(draw(st.integers(0, int(value))))
            high = value + float(draw(st.integers(0, 1000)))
        lo, hi = implied_bounds(
            np.array([value]), np.array([qual], object), np.array([low]), np.array([high])
        )
        start = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
        end = start + timedelta(days=draw(st.integers(0, 120)))
        side = draw(st.sampled_from(list(schema.SIDE_STATUS)))
        alt = ""
        if unit == "km2" and value >= 1 and draw(st.booleans()):
            mi2 = round(value / KM2_PER_MI2, 2)
            ok, _ = pair_agrees(np.array([value]), np.array([mi2]))
            alt = _num(mi2) if ok[0] else ""
        rows.append(
            {
                "claim_id": f"usr-{i:03d}",
                "topic": topic,
                "measure": draw(st.sampled_from(["area_held_by_ukraine", "some_count", "x_y_z"])),
                "value": _num(value),
                "unit": unit,
                "qualifier": qual,
                "low": "" if np.isnan(lo[0]) else _num(lo[0]),
                "high": "" if np.isnan(hi[0]) else _num(hi[0]),
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "period_precision": draw(
                    st.sampled_from(schema.enum("claims", "period_precision"))
                ),
                "claimant": draw(TEXT),
                "claimant_detail": draw(st.one_of(st.just(""), TEXT)),
                "claimant_side": side,
                "status": schema.SIDE_STATUS[side],
                "reported_date": draw(st.sampled_from(["", end.isoformat()])),
                "source_id": SOURCE,
                "wording": draw(st.one_of(st.just(""), TEXT)),
                "alt_value": alt,
                "alt_unit": "mi2" if alt else "",
                "part_of": "",
                "note": draw(TEXT),
            }
        )
    return rows


def write_rows(path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def user_part(frame: pd.DataFrame) -> pd.DataFrame:
    # ledger names the file a claim came from: the two files of a round trip differ there only.
    user = frame[frame["claim_id"].str.startswith("usr-")].reset_index(drop=True)
    return user.drop(columns="ledger")


@SETTINGS
@given(rows=claim_rows())
def test_accepted_ledgers_round_trip_through_csv(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("rt")
    first = folder / "first.csv"
    write_rows(first, rows)
    assert kd.validate(first) == [], [str(p) for p in kd.validate(first)]
    loaded = user_part(kd.load_claims(path=first))
    second = folder / "second.csv"
    second.write_text(to_ledger_csv(loaded), encoding="utf-8")
    again = user_part(kd.load_claims(path=second))
    pd.testing.assert_frame_equal(loaded, again)
    assert list(loaded["note"]) == [r["note"] for r in rows]


# A value each column can never accept, whatever the rest of the row says.
CORRUPT = {
    "claim_id": "Bad Id",
    "topic": "weather",
    "measure": "Not Snake",
    "value": "abc",
    "unit": "furlongs",
    "qualifier": "roughly",
    "low": "abc",
    "high": "abc",
    "period_start": "2025-02-30",
    "period_end": "31/12/2025",
    "period_precision": "fortnight",
    "claimant": "",
    "claimant_detail": "x" * 301,
    "claimant_side": "nato",
    "status": "rumoured",
    "reported_date": "2025-13-01",
    "source_id": "no-such-source",
    "wording": "x" * 101,
    "alt_value": "abc",
    "alt_unit": "acres",
    "part_of": "usr-missing",
    "note": "",
    "basis": "guessed",
    "period_basis": "vibes",
    "since": "2022-02-30",
    "same_statement_as": "usr-missing",
}


@SETTINGS
@given(rows=claim_rows(), data=st.data())
def test_any_single_corruption_is_caught_at_its_row_and_column(tmp_path_factory, rows, data):
    assert set(CORRUPT) == set(COLUMNS)
    row = data.draw(st.integers(0, len(rows) - 1))
    column = data.draw(st.sampled_from(COLUMNS))
    rows[row][column] = CORRUPT[column]
    path = tmp_path_factory.mktemp("bad") / "bad.csv"
    write_rows(path, rows)
    problems = kd.validate(path)
    assert any(p.row == row + 2 and p.column == column for p in problems), (
        row,
        column,
        [str(p) for p in problems],
    )


def test_the_export_for_spreadsheets_is_not_the_ledger_format():
    frame = kd.load_claims(source="article").head(1).assign(note="=1+1")
    assert next(csv.DictReader(io.StringIO(to_csv(frame))))["note"] == "'=1+1"
    assert next(csv.DictReader(io.StringIO(to_ledger_csv(frame))))["note"] == "=1+1"
