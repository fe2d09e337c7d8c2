"""Columns added to the schema for real-world claims: implied figures, inferred periods, running
totals, one statement reported twice, wording unknown, sources without an address or read via a
dataset. Files written before these columns existed stay valid."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import GOOD_ROWS, HEADER

import kursk_data as kd
from kursk_data import schema
from kursk_data.qualifiers import implied_bounds

NEW = ["basis", "period_basis", "since", "same_statement_as"]
SOURCES_HEADER = "source_id,role,title,publisher,url,published,accessed,kind,note"


def claims_csv(tmp_path, rows: list[dict[str, str]], *, extra: list[str] = NEW):
    """GOOD_ROWS written with the new columns, cells overridden per row from ``rows``."""
    import csv

    cols = HEADER.split(",") + extra
    records = []
    for i, line in enumerate(GOOD_ROWS):
        rec = dict(zip(HEADER.split(","), next(csv.reader([line])), strict=True))
        rec.update(dict.fromkeys(extra, ""))
        if i < len(rows):
            rec.update(rows[i])
        records.append(rec)
    path = tmp_path / "mine.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(records)
    return path


def problems_at(path, **kw) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.rule) for p in kd.validate(path, **kw)]


def test_a_file_in_the_first_release_format_stays_valid(claims_file):
    path = claims_file()
    assert "basis" not in path.read_text().splitlines()[0]
    assert kd.validate(path) == []
    mine = kd.load_claims(path=path).query("claim_id.str.startswith('usr')")
    assert list(mine["basis"].astype(str)) == ["stated"] * 3
    assert list(mine["period_basis"].astype(str)) == ["stated"] * 3
    assert mine["since"].isna().all() and mine["same_statement_as"].isna().all()


def test_new_columns_are_optional_but_never_unknown(tmp_path):
    path = claims_csv(tmp_path, [], extra=["basis"])
    assert kd.validate(path) == []
    path.write_text(path.read_text().replace(",basis", ",bases", 1))
    rules = problems_at(path)
    assert rules and rules[0][:2] == (1, "bases") and "optional: basis" in rules[0][2]


def test_the_shipped_zero_is_implied_and_reported_once():
    claims = kd.load_claims().set_index("claim_id")
    assert claims.loc["art-03", "basis"] == "implied"
    assert claims.loc["ctx-11", "basis"] == "implied"
    assert claims.loc["art-03", "same_statement_as"] == "ctx-11"
    stated = claims[claims["basis"] == "stated"]
    assert (stated["value"] > 0).all(), "a zero nobody stated must be marked implied"


def test_wording_unknown_is_the_numbers_rounding():
    # 783,000: last non-zero digit in the thousands -> half a thousand either side.
    lo, hi = implied_bounds(pd.Series([783000.0, 90.0]), pd.Series(["unknown", "unknown"]))
    assert list(lo) == [782_500.0, 88.2] and list(hi) == [783_500.0, 91.8]  # 90: 2 % cap


def test_wording_unknown_needs_its_bounds(tmp_path):
    row = {"qualifier": "unknown", "low": "85", "high": "95"}
    assert problems_at(claims_csv(tmp_path, [row]))[0][:2] == (2, "low")
    row = {"qualifier": "unknown", "low": "88.2", "high": "91.8"}
    assert problems_at(claims_csv(tmp_path, [row])) == []


def test_a_running_total_starts_before_its_as_of_date(tmp_path):
    ok = {"since": "2022-02-24"}
    assert problems_at(claims_csv(tmp_path, [ok])) == []
    bad = {"since": "2025-07-01"}
    assert [(r, c) for r, c, _ in problems_at(claims_csv(tmp_path, [bad]))] == [(2, "since")]
    mine = kd.load_claims(path=claims_csv(tmp_path, [ok])).set_index("claim_id")
    assert mine.loc["usr-01", "since"] == pd.Timestamp("2022-02-24")


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("usr-99", "names no claim_id"),
        ("usr-01", "itself"),
        ("usr-03", "measure, unit and value"),
    ],
)
def test_same_statement_links_are_checked(tmp_path, target, words):
    path = claims_csv(tmp_path, [{"same_statement_as": target}])
    found = problems_at(path)
    assert len(found) == 1 and found[0][:2] == (2, "same_statement_as") and words in found[0][2]


def test_same_statement_may_point_into_the_shipped_ledger(tmp_path):
    # usr-01 restates art-01 (about 90 km², same measure): a second report of one statement.
    assert problems_at(claims_csv(tmp_path, [{"same_statement_as": "art-01"}])) == []


def sources_csv(tmp_path, body: str, header: str = SOURCES_HEADER):
    path = tmp_path / "src.csv"
    path.write_text(f"{header}\n{body}\n", encoding="utf-8")
    return path


def test_a_source_without_an_address_says_how_figures_arrived(tmp_path):
    bad = sources_csv(tmp_path, "my-mail,user,,A correspondent,,,,correspondence,")
    assert [(r, c) for r, c, _ in problems_at(bad)] == [(2, "note")]
    good = sources_csv(
        tmp_path, "my-mail,user,,A correspondent,,,,correspondence,Sent to us by e-mail."
    )
    assert problems_at(good) == []


def test_a_source_read_via_a_dataset_names_it(tmp_path):
    header = SOURCES_HEADER + ",via"
    body = (
        "my-table,user,Estimates table,A compiler,https://example.org/t,,,dataset,,\n"
        "my-report,user,,An outlet,https://example.org/r,,,news_report,,my-table"
    )
    assert problems_at(sources_csv(tmp_path, body, header)) == []
    broken = body.replace(",,my-table", ",,nowhere")
    assert [(r, c) for r, c, _ in problems_at(sources_csv(tmp_path, broken, header))] == [
        (3, "via")
    ]


def test_optional_columns_are_documented_in_the_schema():
    names = schema.table("claims").names
    assert all(c in names for c in NEW)
    assert "unknown" in schema.enum("claims", "qualifier")
    assert {"dataset", "correspondence"} <= set(schema.enum("sources", "kind"))
    assert not schema.table("sources").field("url").required
