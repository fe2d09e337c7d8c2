"""A vocabulary for any conflict (issue 21): a ledger's own sides, counts of things, measure
labels, revisions and bounds left to the rule; and loops of links (issue 22.3).

The fictional two-sided ledger in notebooks/fictional-ledger is the base: every row says so.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import kursk_data as kd
from kursk_data.errors import UsageError
from kursk_data.labels import measure_label, side_name, unit_words

FICTIONAL = Path(__file__).parent.parent / "notebooks" / "fictional-ledger"


@pytest.fixture
def ledger(tmp_path):
    """A copy of the fictional ledger, and a function to change its claims."""
    for name in ("claims.csv", "sources.csv", "sides.csv"):
        shutil.copy(FICTIONAL / name, tmp_path / name)

    def change(edits: dict[str, dict[str, str]]) -> Path:
        path = tmp_path / "claims.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            row.update(edits.get(row["claim_id"], {}))
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        return path

    return tmp_path, change


def check(folder: Path, sides: bool = True):
    return kd.validate(
        folder / "claims.csv",
        sources=folder / "sources.csv",
        sides=folder / "sides.csv" if sides else None,
        shipped=False,
    )


def found(report) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.rule) for p in report]


def test_the_fictional_ledger_is_valid_with_its_sides(ledger):
    folder, _ = ledger
    report = check(folder)
    assert list(report) == []
    # Three rows leave low/high to the rule (fic-01, fic-02, fic-08): one warning says so.
    assert [str(w).split(" — ", 1)[1] for w in report.warnings] == [
        "warning: 3 row(s) leave low or high empty: filled from the qualifier rule "
        "(README 'Qualifiers and bounds')"
    ]


def test_without_its_sides_file_its_sides_are_unknown(ledger):
    folder, _ = ledger
    rows = [(r, c) for r, c, rule in found(check(folder, sides=False)) if "unknown side" in rule]
    assert rows == [(i, "claimant_side") for i in (2, 3, 5, 6, 7, 8, 9)]  # all but fic-03


def test_a_ledger_side_keeps_the_status_rule(ledger):
    folder, change = ledger
    change({"fic-02": {"status": "assessed"}})
    assert found(check(folder)) == [
        (3, "status", "a claimant on side 'kostoria' makes the status 'claimed'")
    ]


def test_a_sides_file_may_not_change_a_known_sides_role(ledger):
    folder, _ = ledger
    with (folder / "sides.csv").open("a", encoding="utf-8") as fh:
        fh.write("russia,Russia,red,observer,\nveldra,Veldra again,blue,party,\n")
    rules = found(check(folder))
    assert (4, "role", "'russia' is a known side with the role 'party'") in rules
    assert any(r == (5, "side", "duplicate side: first used at row 2") for r in rules)


def test_a_count_is_of_equipment(ledger):
    folder, change = ledger
    change({"fic-04": {"unit": "personnel"}})
    assert found(check(folder)) == [(5, "unit", "topic 'equipment' is counted in count")]


def test_revisions_name_the_same_claimant_and_measure(ledger):
    folder, change = ledger
    change({"fic-06": {"revises": "fic-02"}, "fic-07": {"revises": "fic-99"}})
    rules = found(check(folder))
    assert (8, "revises", "names no claim_id in the ledger") in rules
    assert (
        7,
        "revises",
        "a claim revises a claim of the same claimant and measure: this claimant differs",
    ) in rules
    assert (
        7,
        "revises",
        "a claim revises a claim of the same claimant and measure: this measure differs",
    ) in rules


def test_a_revision_is_not_a_contradiction(ledger):
    folder, _ = ledger
    data = kd.load_claims(
        path=folder / "claims.csv",
        sources_path=folder / "sources.csv",
        sides_path=folder / "sides.csv",
        shipped=False,
    )
    assert kd.cumulative_decreases(data).empty
    # Without the link, 152 then 147 on one day is a decrease of one claimant's running total.
    decreases = kd.cumulative_decreases(data.assign(revises=None))
    assert decreases[["earlier", "later"]].values.tolist() == [["fic-05", "fic-06"]]


def test_empty_bounds_are_filled_on_load_and_given_ones_checked(ledger):
    folder, change = ledger
    data = kd.load_claims(
        path=folder / "claims.csv",
        sources_path=folder / "sources.csv",
        sides_path=folder / "sides.csv",
        shipped=False,
    ).set_index("claim_id")
    # about 1200: half a unit of its last non-zero digit (100) is 50, within 2-10 % of 1200.
    assert (data.loc["fic-01", "low"], data.loc["fic-01", "high"]) == (1150, 1250)
    change({"fic-01": {"low": "1100"}})
    assert found(check(folder)) == [
        (
            2,
            "low",
            "for qualifier 'about' and value 1200, low must be 1150 "
            "(rule: README 'Qualifiers and bounds')",
        )
    ]


def test_one_label_per_measure(ledger):
    folder, change = ledger
    change({"fic-02": {"measure_label": "Veldran land"}})
    assert found(check(folder)) == [
        (
            3,
            "measure_label",
            "measure 'area_held_by_veldra' is labelled 'Area held by Veldra (fictional)' "
            "at row 2: one label per measure",
        )
    ]


@pytest.mark.parametrize("column", ["part_of", "same_statement_as", "revises"])
def test_links_that_go_round_in_a_loop_are_errors(ledger, column):
    folder, change = ledger
    # fic-04 and fic-05: one claimant, one measure, one unit; two values (a part may not
    # exceed its total, a statement has one value): the loop is reported besides.
    change({"fic-04": {column: "fic-05"}, "fic-05": {column: "fic-04"}})
    loops = [r for r in found(check(folder)) if "loop" in r[2]]
    assert loops == [(5, column, f"{column} goes round in a loop: fic-04 -> fic-05 -> fic-04")]


def test_a_statement_loop_is_one_statement_in_contested():
    # validate refuses the loop; a frame built by hand may still hold one.
    from kursk_data.analysis.disputes import fold_statements

    data = kd.load_claims().head(2).copy()
    a, b = data["claim_id"].tolist()
    data["same_statement_as"] = [b, a]
    kept, members = fold_statements(data)
    first = min(a, b)
    assert kept["claim_id"].tolist() == [first]
    assert sorted(members[first]) == sorted([a, b])


def test_one_file_given_twice_is_a_usage_error(ledger):
    folder, _ = ledger
    with pytest.raises(UsageError, match="given twice"):
        kd.validate(folder / "sources.csv", sources=folder / "sources.csv")


def test_labels_come_from_the_ledger(ledger):
    folder, _ = ledger
    kd.load_claims(
        path=folder / "claims.csv", sources_path=folder / "sources.csv", shipped=False,
        sides_path=folder / "sides.csv",
    )  # fmt: skip
    assert side_name("kostoria") == "Kostoria (fictional)"
    assert side_name("north_korea") == "North Korea"
    assert measure_label("area_held_by_veldra") == "Area held by Veldra (fictional)"
    assert unit_words("count", "kostorian_tanks_lost") == "tanks"
    assert unit_words("count", "russian_artillery_systems_lost") == "artillery systems"
    assert unit_words("personnel", "russian_troops_killed") == "people"
