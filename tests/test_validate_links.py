"""Links across rows (part_of, same_statement_as, revises) are looked up in one pass over the
ids: each link's problems must still land on its own column and row, whether it names a row
of the file, a shipped claim or nothing, and each loop is reported once, in its own column."""

from __future__ import annotations

import pytest
from conftest import GOOD_ROWS, HEADER, cells, join

from kursk_data.validation import near_duplicates, validate

COLUMNS = [*HEADER.split(","), "same_statement_as", "revises"]


def row(claim_id: str, **cells_: str) -> str:
    values = dict(zip(HEADER.split(","), cells(GOOD_ROWS[0]), strict=True))
    values.update({"claim_id": claim_id, "part_of": "", "same_statement_as": "", "revises": ""})
    values.update(cells_)
    return join([values[c] for c in COLUMNS])


def test_each_link_column_reports_on_its_own_rows(tmp_path):
    rows = [
        row("usr-01"),  # row 2
        row("usr-02", part_of="usr-99"),  # 3: names nothing
        row("usr-03", same_statement_as="art-01"),  # 4: a shipped claim, the same statement
        row("usr-04", same_statement_as="usr-98"),  # 5: names nothing
        row("usr-05", revises="usr-01", claimant="Other Claimant"),  # 6: another claimant
        row("usr-06", revises="usr-97"),  # 7: names nothing
        row("usr-07", part_of="usr-08"),  # 8, 9: a loop of parts
        row("usr-08", part_of="usr-07"),
        row("usr-09", same_statement_as="usr-10"),  # 10, 11: a loop of statements
        row("usr-10", same_statement_as="usr-09"),
        row("usr-11", revises="art-01"),  # 12: a shipped claim of another claimant
    ]
    path = tmp_path / "links.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    found = {(p.row, p.column, p.value, p.rule) for p in validate(path)}
    assert found == {
        (3, "part_of", "usr-99", "part_of names no claim_id in the ledger"),
        (5, "same_statement_as", "usr-98", "names no claim_id in the ledger"),
        (7, "revises", "usr-97", "names no claim_id in the ledger"),
        (
            6,
            "revises",
            "usr-01",
            "a claim revises a claim of the same claimant and measure: this claimant differs",
        ),
        (
            12,
            "revises",
            "art-01",
            "a claim revises a claim of the same claimant and measure: this claimant differs",
        ),
        (8, "part_of", "usr-08", "part_of goes round in a loop: usr-07 -> usr-08 -> usr-07"),
        (
            10,
            "same_statement_as",
            "usr-10",
            "same_statement_as goes round in a loop: usr-09 -> usr-10 -> usr-09",
        ),
    }


@pytest.mark.parametrize(
    ("names", "linked"),
    [
        (["United States Army", "U.S. Army"], ("U.S. Army", "United States Army")),  # dotted
        (["Institute for the Study of War", "ISW"], ("ISW", "Institute for the Study of War")),
        (["UK Ministry of Defence", "UK MoD"], ("UK MoD", "UK Ministry of Defence")),
        (["Ministry of Defence", "MINISTRY'S MoD"], None),  # a possessive in capitals
    ],
)
def test_initials_are_found_however_the_acronym_is_written(names, linked):
    """The finder keys runs of words only by initials some name writes: an acronym written
    with dots must still count (a shortcut once missed "U.S.")."""
    found = [(a.spelling, a.same_as) for a in near_duplicates(names) if a.why == "initials"]
    assert found == ([] if linked is None else [linked])
