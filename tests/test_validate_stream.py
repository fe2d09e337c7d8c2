"""A file read in many small blocks: every problem at its spreadsheet row, whatever the line
ends, quoted line breaks, blank lines, skipped rows, bytes that are not UTF-8 or rows longer
than a block (the reader then starts again), and a quote that never closes.

Blocks are made tiny here (4 KiB) so a file of a few hundred rows spans many of them.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import GOOD_ROWS, HEADER, cells

from kursk_data.validation import read, validate

N = 600


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(read, "BLOCK", 4096)


def join(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()[:-1]


def _rows(n: int = N) -> list[list[str]]:
    """Valid claims, each with its own id; every fifth note holds a line break and a quote."""
    out = []
    for i in range(n):
        row = cells(GOOD_ROWS[0])
        row[0] = f"usr-{i:05d}"
        row[-1] = f'Claim {i}: "quoted",\nsecond line.' if i % 5 == 0 else f"Claim {i}."
        out.append(row)
    return out


def _write(tmp_path, lines: list[str], end: str = "\n", last_end: bool = True) -> str:
    text = "\n".join([HEADER, *lines]) + ("\n" if last_end else "")
    path = tmp_path / "claims.csv"
    path.write_bytes(text.replace("\n", end).encode("utf-8"))
    return str(path)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_every_problem_is_found_at_its_row(tmp_path, end):
    rows = _rows()
    col = HEADER.split(",").index("wording")
    for i, row in enumerate(rows):
        row[col] = " about 90" if i % 2 == 0 else "about 90 "
    path = _write(tmp_path, [join(r) for r in rows], end, last_end=end != "\r")
    assert (tmp_path / "claims.csv").stat().st_size > 20 * 4096
    report = validate(path, max_problems=None)
    # Data row i (from 0) is spreadsheet row i + 2: a quoted line break does not start a row.
    assert [p.row for p in report] == [i + 2 for i in range(N)]
    assert {p.rule for p in report} == {"leading or trailing spaces"}


@pytest.mark.parametrize("last_end", [True, False])
def test_a_problem_in_the_last_row(tmp_path, last_end):
    rows = _rows()
    rows[-1][0] = "usr-00000"  # the first row's id again, in the very last row
    report = validate(_write(tmp_path, [join(r) for r in rows], last_end=last_end))
    assert [(p.row, p.column, p.value) for p in report] == [(N + 1, "claim_id", "usr-00000")]
    assert "first used at row 2" in report[0].rule


@pytest.mark.parametrize("case", ["blank line", "wrong number of fields", "not utf-8", "long row"])
def test_rows_after_a_hard_row_keep_their_numbers(tmp_path, case):
    rows = _rows()
    rows[-1][0] = "usr-00000"  # found at the last row whatever happens before it
    lines = [join(r) for r in rows]
    at = N // 2  # data row at + 1: spreadsheet row at + 2
    expected = [(N + 1, "claim_id")]
    if case == "blank line":
        lines.insert(at, "")
        expected = [(N + 2, "claim_id")]
    elif case == "wrong number of fields":
        lines[at] += ",extra"
        expected = [(at + 2, None), (N + 1, "claim_id")]
    elif case == "long row":
        rows[at][-1] = "x" * 3 * 4096
        lines[at] = join(rows[at])
        expected = [(at + 2, "note"), (N + 1, "claim_id")]  # longer than 2000 characters
    path = _write(tmp_path, lines)
    if case == "not utf-8":
        data = (tmp_path / "claims.csv").read_bytes()
        (tmp_path / "claims.csv").write_bytes(data.replace(b"usr-00300", b"usr-\xff0300"))
        # Not UTF-8, and so not an id either.
        expected = [(at + 2, "claim_id"), (at + 2, "claim_id"), (N + 1, "claim_id")]
    report = validate(path)
    assert [(p.row, p.column) for p in report] == expected
    if case == "not utf-8":
        assert "not UTF-8" in report[0].rule
    if case == "wrong number of fields":
        assert report[0].rule.startswith("row has 23 fields, the header has 22")


def test_a_quote_that_never_closes_is_an_error(tmp_path):
    # Issue 22.1: the header stops at note; a note opens a quote that never closes, and the file
    # has no final line end. The rows after it used to vanish into the note, and it validated.
    lines = [join(r) for r in _rows(5)]
    lines[2] = lines[2].rsplit(",", 1)[0] + ',"an unclosed note'
    path = _write(tmp_path, lines, last_end=False)
    report = validate(path)
    assert [(p.row, p.column) for p in report] == [(4, "note")]
    assert "never closes" in report[0].rule
    # A quoted note that closes, line breaks and quotes inside, is fine with or without an end.
    for last_end in (True, False):
        assert validate(_write(tmp_path, [join(r) for r in _rows(6)], last_end=last_end)) == []


@pytest.mark.parametrize("cap", [None, 5])
def test_batches_checked_in_threads_report_what_one_thread_does(tmp_path, monkeypatch, cap):
    from kursk_data.validation import ledger

    rows = _rows()
    col = HEADER.split(",").index
    for i, row in enumerate(rows):  # problems in every batch, of several rules and columns
        if i % 7 == 3:
            row[col("wording")] = " about 90"
        if i % 11 == 5:
            row[col("value")] = "9,0"
        if i % 97 == 40:
            row[col("claim_id")] = rows[i - 30][col("claim_id")]
    path = _write(tmp_path, [join(r) for r in rows])

    def report() -> list[str]:
        r = validate(path, max_problems=cap)
        return [str(r), str(r.total), *(str(s) for s in r.summary)]

    monkeypatch.setattr(ledger, "THREADED", 1 << 40)
    alone = report()
    monkeypatch.setattr(ledger, "THREADED", 0)
    assert report() == alone
    assert int(alone[1]) == 86 + 55 + 6  # by construction: padded, malformed, ids repeated
