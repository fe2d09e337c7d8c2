"""The parallel reader (validation/blocks.py) against pyarrow's serial one.

Blocks are made tiny here (4 KiB, batches of 40 rows) so a file of a few hundred rows spans
many blocks and batches: every cut, quoted line break and line end is exercised. For each file
the report - problem lines, their order, the cap, the count of others and the summary by rule
with its columns in order - must be the same whichever reader ran, and for a plain file the
parallel reader must really have run (not fallen back to the serial one).
"""

from __future__ import annotations

import csv
import io
import threading

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from conftest import GOOD_ROWS, HEADER, cells
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kursk_data.validation import blocks, files, ledger, references, validate

BLOCK = 4096
N = 600


@pytest.fixture
def small_blocks(monkeypatch):
    ledger._shipped()  # the shipped ledger is read once per process: not counted below
    monkeypatch.setattr(files, "FIRST_BLOCK", BLOCK)
    monkeypatch.setattr(ledger, "FIRST_BLOCK", BLOCK)
    monkeypatch.setattr(files, "BATCH_ROWS", 40)
    runs = {"parallel": 0, "finished": 0, "gave_up": 0}
    real = blocks.ParallelRows

    class Spy(real):
        def __iter__(self):
            runs["parallel"] += 1
            try:
                yield from super().__iter__()
            except blocks.NotPlain:
                runs["gave_up"] += 1
                raise
            runs["finished"] += 1

    monkeypatch.setattr(blocks, "ParallelRows", Spy)
    return runs


def join(values: list[str]) -> str:
    """One CSV line (a cell holding a line break is quoted: the writer's line end is CRLF)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(values)
    return buf.getvalue()[:-2]


def _rows(n: int = N, *, newline_every: int = 5) -> list[list[str]]:
    """Valid claims, each with its own id; every ``newline_every``-th note holds a line break,
    a comma and a quote (so it is written quoted)."""
    base = cells(GOOD_ROWS[0])
    out = []
    for i in range(n):
        row = list(base)
        row[0] = f"usr-{i:05d}"
        note = f"Test claim {i}, written for the test suite."
        if i % newline_every == 0:
            note = f'Test claim {i}: "quoted",\nsecond line of the note.'
        row[-1] = note
        out.append(row)
    return out


def _write(tmp_path, rows: list[list[str]], end: str = "\n", last_end: bool = True) -> str:
    """The rows as a claims file; ``end`` ends every line, quoted ones inside notes too."""
    text = "\n".join([HEADER, *(join(r) for r in rows)]) + ("\n" if last_end else "")
    path = tmp_path / "claims.csv"
    path.write_bytes(text.replace("\n", end).encode("utf-8"))
    return str(path)


def _both(path: str, monkeypatch, cap: int = 100) -> tuple[list[str], list[str]]:
    """The report as lines, read in parallel and then serially."""

    def lines() -> list[str]:
        report = validate(path, max_problems=cap)
        return [
            str(report),
            f"total {report.total} warnings {report.warning_total}",
            *(str(s) for s in report.summary),
        ]

    parallel = lines()
    with monkeypatch.context() as m:
        m.setattr(files.Mode, "parallel", lambda self, size: False)
        serial = lines()
    return parallel, serial


def _broken(rows: list[list[str]]) -> list[list[str]]:
    """Problems of one rule in several columns, first met in different batches (the summary
    lists a rule's columns in the order the batches met them), and in the last row."""
    col = HEADER.split(",").index
    for i in range(len(rows)):
        if i % 97 == 96:
            rows[i][col("claimant")] = " Test Claimant"
        if i % 89 == 10:
            rows[i][col("claimant_detail")] = "A test role "
        if i % 81 == 80:
            rows[i][col("value")] = "9,0"
        if i % 43 == 7:
            rows[i][col("high")] = "9,5"
    rows[-1][col("wording")] = "about 90 "
    return rows


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_parallel_reader_reports_what_the_serial_one_does(tmp_path, monkeypatch, small_blocks, end):
    path = _write(tmp_path, _broken(_rows()), end=end)
    parallel, serial = _both(path, monkeypatch)
    assert small_blocks == {"parallel": 1, "finished": 1, "gave_up": 0}
    assert parallel == serial
    # The file spans many blocks, and problems were found throughout it.
    assert (tmp_path / "claims.csv").stat().st_size > 30 * BLOCK
    # A rule's columns are listed in the order the batches met them: the first batch (under
    # 40 rows and one block, so under 80 rows) meets claimant_detail (row 12) and high (row 9)
    # but not claimant (row 98) or value (row 82), though the checks look at those first.
    summary = "\n".join(parallel[2:])
    assert "14 × leading or trailing spaces [claimant_detail, claimant, wording]" in summary
    assert "[high, value], first at row 9" in summary


def test_every_problem_is_found_at_its_row(tmp_path, monkeypatch, small_blocks):
    # Every row is wrong once, so each cut between blocks has a problem on both sides.
    rows = _rows()
    col = HEADER.split(",").index("wording")
    for i, row in enumerate(rows):
        row[col] = f"about 90{' ' if i % 2 else ''}"
        if i % 2 == 0:
            row[col] = " about 90"
    path = _write(tmp_path, rows, last_end=False)
    report = validate(path, max_problems=None)
    # Data row i (from 0) is spreadsheet row i + 2: a quoted line break does not start a row.
    assert [p.row for p in report] == [i + 2 for i in range(N)]
    assert small_blocks["finished"] == 1
    parallel, serial = _both(path, monkeypatch, cap=None)
    assert parallel == serial


def test_a_problem_in_the_last_row_of_the_last_block(tmp_path, monkeypatch, small_blocks):
    rows = _rows()
    rows[-1][0] = "usr-00000"  # the first row's id again, in the very last row
    for last_end in (True, False):
        path = _write(tmp_path, rows, last_end=last_end)
        report = validate(path)
        assert [str(p).split(": ", 1)[0] for p in report] == [f"{path}:{N + 1}:claim_id"]
        assert "first used at row 2" in report[0].rule
        parallel, serial = _both(path, monkeypatch)
        assert parallel == serial


def test_a_quoted_line_break_at_every_cut(tmp_path, monkeypatch, small_blocks):
    # Every note holds line breaks, so many cuts fall between two quoted lines of a note.
    rows = _rows(newline_every=1)
    for i, row in enumerate(rows):
        row[-1] = "line\n" * (i % 9) + f"note {i}"
    path = _write(tmp_path, _broken(rows))
    parallel, serial = _both(path, monkeypatch)
    assert parallel == serial
    assert small_blocks["finished"] == 1


@pytest.mark.parametrize(
    "case",
    [
        "stray quote",  # a quote inside an unquoted cell: a literal quote to the parser
        "wrong number of fields",
        "not utf-8",
        "row longer than a block",
        "note ending with a line break",  # a block may seem cut inside a quoted note
    ],
)
def test_files_only_the_serial_reader_reads_report_the_same(
    tmp_path, monkeypatch, small_blocks, case
):
    rows = _broken(_rows())
    at = N // 2
    if case == "stray quote":
        rows[at][HEADER.split(",").index("wording")] = 'about 9"0'
    elif case == "row longer than a block":
        rows[at][-1] = "x" * (3 * BLOCK)
    elif case == "note ending with a line break":
        for row in rows:
            row[-1] = "a note\n"
    lines = [join(r) for r in rows]
    path = tmp_path / "claims.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    plain = str(validate(path))
    if case == "stray quote":
        lines[at] = lines[at].replace('"about 9""0"', 'about 9"0')
    elif case == "wrong number of fields":
        lines[at] += ",extra"
    data = "\n".join([HEADER, *lines]).encode() + b"\n"
    if case == "not utf-8":
        data = data.replace(b"usr-00400", b"usr-\xff0400")
    path.write_bytes(data)
    small_blocks.update(parallel=0, finished=0, gave_up=0)
    parallel, serial = _both(str(path), monkeypatch)
    assert parallel == serial
    assert small_blocks == {"parallel": 1, "finished": 0, "gave_up": 1}
    if case == "stray quote":  # 'about 9"0' is a valid wording: the same problems, rows exact
        assert parallel[0] == plain
    elif case in ("wrong number of fields", "not utf-8"):
        assert parallel[0] != plain


def test_a_blank_line_keeps_the_rows_after_it_numbered(tmp_path, monkeypatch, small_blocks):
    # Both readers read a blank line as a row of empty cells (dropped, but counted).
    rows = _rows()
    rows[-1][0] = "usr-00000"
    lines = [join(r) for r in rows]
    lines.insert(N // 2, "")
    path = tmp_path / "claims.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    report = validate(path)
    # N rows and one blank line after the header: the last row is row N + 2.
    assert [p.row for p in report] == [N + 2]
    # Read in parallel to the end; read again (up to the repeated id, whose text the message
    # shows), never given up.
    assert small_blocks["parallel"] == 2 and small_blocks["gave_up"] == 0
    parallel, serial = _both(str(path), monkeypatch)
    assert parallel == serial


def _serial_blocks(data: bytes, ncol: int, block: int) -> list[int]:
    names = [f"c{i}" for i in range(ncol)]
    reader = pacsv.open_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(column_names=names, block_size=block),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names}),
    )
    return [b.num_rows for b in reader]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("block", [257, 1000, 4096])
def test_blocks_are_cut_where_the_serial_reader_cuts(end, block):
    rng = np.random.default_rng(7)
    lines = []
    for i in range(400):
        inner = end * int(rng.integers(0, 3))
        lines.append(f'r{i},"a{inner}""b""",{"y" * int(rng.integers(0, 60))}')
    data = (end.join(lines) + end).encode()
    assert _ours(data, block) == _serial_blocks(data, 3, block)
    assert sum(_ours(data, block)) == 400


def _ours(data: bytes, block: int) -> list[int]:
    view = memoryview(data)
    parse = blocks.parser(
        ["a", "b", "c"],
        pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        pacsv.ConvertOptions(column_types={n: pa.string() for n in "abc"}),
    )
    return [
        parse(chunk, tail).num_rows
        for chunk, tail, _ in blocks.block_ranges(lambda o, n: view[o : o + n], 0, len(data), block)
    ]


# Seeds whose files, cut by the count of quotes alone, put some cut before the serial
# reader's (found by trying 200 seeds with the check after the cut switched off).
@pytest.mark.parametrize("seed", [20, 27, 29, 32, 46, 54])
def test_stray_quotes_never_move_a_cut(seed):
    # Quotes inside unquoted cells (a literal quote to pyarrow) make the count of quotes lie
    # about which line breaks are inside quoted cells. Pairs of them, a few rows apart, can
    # make the last line break outside quotes look inside, and an earlier one look outside.
    # Whatever the cut, it must be the serial reader's, or the file goes to the serial reader.
    rng = np.random.default_rng(seed)
    lines = []
    for i in range(300):
        stray = 'a"b' if rng.random() < 0.15 else "ab"
        quoted = '"x\ny"' if rng.random() < 0.1 else "xy"
        lines.append(f"r{i},{stray},{quoted}{'z' * int(rng.integers(0, 40))}")
    data = ("\n".join(lines) + "\n").encode()
    try:
        ours = _ours(data, 1000)
    except blocks.NotPlain:
        return  # the serial reader reads it
    assert ours == _serial_blocks(data, 3, 1000)


def test_non_ascii_spaces_are_arrows_own():
    # padded() reads the bytes of these characters instead of asking Arrow for each cell.
    import pyarrow.compute as pc

    from kursk_data.validation import arrays

    chars = [chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000]
    spaces = pc.utf8_is_space(pa.array(chars)).to_pylist()
    assert "".join(c for c, s in zip(chars, spaces, strict=True) if s) == arrays.NON_ASCII_SPACES


def test_a_cut_inside_a_character_says_nothing_on_stderr(tmp_path, monkeypatch, small_blocks):
    # Block limits fall inside two-byte Cyrillic letters; the bytes after a cut are read
    # again to check it, and pyarrow must not print an "Exception ignored" traceback.
    seen = []
    monkeypatch.setattr("sys.unraisablehook", seen.append)
    rows = _rows()
    detail = HEADER.split(",").index("claimant_detail")  # a cell mid-row: a cut row is short
    for i, row in enumerate(rows):
        row[detail] = "Курськ Суджа " * (1 + i % 7) + "."
    path = _write(tmp_path, _broken(rows))
    parallel, serial = _both(path, monkeypatch)
    assert seen == []
    assert small_blocks["gave_up"] == 0 and small_blocks["finished"] >= 1
    assert parallel == serial


def test_batches_checked_here_or_in_threads_give_the_same_report(tmp_path, monkeypatch):
    # A file under one block is checked in the calling thread, a larger one by the pool: the
    # same 40-row batches, problems in many of them, must come out the same either way.
    # The whole-file rules too: ids repeated, a part of no claim, claimant spellings that
    # differ by case (compared in a second thread beside the ids on a larger file).
    ledger._shipped()  # validated once per process: not counted below
    monkeypatch.setattr(files, "BATCH_ROWS", 40)
    rows = _broken(_rows())
    col = HEADER.split(",").index
    for i in (30, 250, 431):
        rows[i][col("claimant")] = "TEST CLAIMANT" if i != 250 else "test claimant"
        rows[i + 1][col("claim_id")] = rows[i - 20][col("claim_id")]
        rows[i + 2][col("part_of")] = "usr-none"
    path = _write(tmp_path, rows)
    size = (tmp_path / "claims.csv").stat().st_size
    reports, pooled, spelled_in = [], [], []
    real = ledger._Checker._in_threads
    real_warnings = references.ClaimsState.claimant_warnings

    def spy(self, rows, *args):
        pooled.append(rows.inp.name)
        return real(self, rows, *args)

    def spy_warnings(self):
        spelled_in.append(threading.current_thread() is threading.main_thread())
        return real_warnings(self)

    monkeypatch.setattr(ledger._Checker, "_in_threads", spy)
    monkeypatch.setattr(references.ClaimsState, "claimant_warnings", spy_warnings)
    for limit in (size + 1, 1):  # the file is under one block, then over it
        monkeypatch.setattr(ledger, "FIRST_BLOCK", limit)
        report = validate(path, max_problems=100)
        reports.append(
            [str(report), report.total, report.warning_total, *(str(s) for s in report.summary)]
        )
        pooled.append("|")
    assert pooled == ["|", path, "|"]  # the second run alone went through the pool
    assert spelled_in == [True, False]  # and compared the spellings in a second thread
    assert reports[0] == reports[1]
    assert reports[0][1] > 20  # problems in many batches, merged in row order
    # By construction: 3 ids repeated, 3 parts of no claim, and 3 spellings beside the shipped
    # "Test Claimant": "TEST CLAIMANT", "test claimant" (case) and _broken's padded one.
    summary = reports[0][3:]
    assert "3 × duplicate claim_id [claim_id], first at row 33" in summary
    assert "3 × part_of names no claim_id in the ledger [part_of], first at row 34" in summary
    assert reports[0][2] == 3
    assert "3 × warning: near-duplicate claimant spellings [claimant], first at row 32" in summary


_UTF8_PIECES = [b",", b'"', b'""', b"\n", b"\r\n", b"a", b"\xd0\xba", b"\xf0\x9f\x98\x80", b"\xff"]
_UTF8_PIECES += [b"\xd0", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xef\xbb\xbf"]


@given(st.lists(st.sampled_from(_UTF8_PIECES), max_size=40))
@settings(max_examples=100, deadline=None, derandomize=True)
def test_a_block_is_utf8_exactly_when_every_cell_is(pieces):
    # The parallel reader checks a block's bytes whole instead of letting pyarrow check each
    # cell (blocks.is_utf8): the two must agree on any bytes, quotes and line breaks included.
    data = b"x,y\n" + b"".join(pieces) + b"\n"
    names = ["a", "b"]

    def read(kind):
        return pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: kind for n in names}),
        )

    try:
        raw = read(pa.binary())
    except pa.ArrowInvalid:
        assume(False)  # a row with the wrong number of fields: the serial reader's to report
    cells = [c for col in raw.columns for c in col.to_pylist()]
    every_cell = all(_decodes(c) for c in cells)
    assert blocks.is_utf8(data) == every_cell
    try:  # and pyarrow's own check of each cell says the same
        read(pa.string())
        arrow_ok = True
    except pa.ArrowInvalid:
        arrow_ok = False
    assert arrow_ok == every_cell


def _decodes(cell: bytes) -> bool:
    try:
        cell.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_per_batch_state_reads_back_as_one_array():
    # The whole-ledger rules keep per-row numbers batch by batch (references.Chunked) and ids
    # as batch-sorted runs merged at the end (IdState.seal): what they read back must be what
    # one array of all the rows gives, positions ascending (one slice per batch) or not.
    from kursk_data import schema
    from kursk_data.validation.batch import Batch
    from kursk_data.validation.references import Chunked, IdState

    rng = np.random.default_rng(3)
    sizes = [0, 5, 1, 40, 0, 17, 33]
    parts = [rng.random(n) for n in sizes]
    col = Chunked(np.float64)
    for p in parts:
        col.add(p)
    whole = np.concatenate(parts)
    for pos in (
        np.arange(whole.size),
        np.sort(rng.integers(0, whole.size, 60)),
        rng.permutation(whole.size)[:50],
        np.array([7]),
        np.zeros(0, np.int64),
    ):
        assert np.array_equal(col[pos], whole[pos])

    ids = IdState("claim_id")
    table = schema.table("claims")
    texts = [f"usr-{int(i)}" for i in rng.integers(0, 30, sum(sizes))]  # repeats
    at = 0
    for n in sizes:
        rb = pa.RecordBatch.from_arrays([pa.array(texts[at : at + n], pa.string())], ["claim_id"])
        header = files.Header(["claim_id"], 0, "claims", {"claim_id": 0})
        ids.add(Batch(rb, np.arange(at + 2, at + n + 2), header, table))
        at += n
    ids.seal()
    assert np.all(ids.keys[1:] > ids.keys[:-1])  # one sorted array, every row once
    # Each id's first row, by hand: the first position holding it in the list above.
    first = {t: texts.index(t) for t in texts}
    looked = ids.lookup(pa.array([*first, "usr-x"], pa.string()))
    assert looked.tolist() == [*first.values(), -1]
