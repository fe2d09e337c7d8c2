"""Reading a CSV file: file-level problems (empty, binary, not UTF-8), the header, and rows
with the wrong number of fields. What comes out is a frame of strings indexed by spreadsheet
row number (header = row 1)."""

from __future__ import annotations

import csv
import difflib
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from kursk_data import schema
from kursk_data.validation.problems import Problem, UsageError

MAX_FILE_BYTES = 2 * 1024**3
# Columns stay exactly the Arrow strings the reader made (no copy into another string type).
_STR = pd.ArrowDtype(pa.string())
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE2)


def _file_problems(head: bytes, size: int, name: str) -> list[Problem]:
    """Problems visible in the first bytes of a file: empty, a spreadsheet, binary."""
    if size == 0 or (size <= len(head) and not head.strip()):
        return [Problem(name, None, None, None, "file is empty: expected a header row")]
    if head.startswith(_SPREADSHEET_MAGIC):
        return [
            Problem(
                name,
                None,
                None,
                None,
                "not a CSV file (looks like a spreadsheet): save it as 'CSV UTF-8'",
            )
        ]
    if b"\x00" in head:
        return [
            Problem(
                name,
                None,
                None,
                None,
                "not a CSV text file (contains NUL bytes): save it as 'CSV UTF-8'",
            )
        ]
    return []


def _utf8_problem(data: bytes, name: str) -> Problem | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end + 3].decode("latin-1")
        return Problem(
            name,
            line,
            None,
            bad,
            f"bytes that are not UTF-8 at line {line}: save the file as 'CSV UTF-8'",
        )
    return None


def _header(head: bytes) -> list[str]:
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        return [h.strip() for h in next(csv.reader([first.rstrip("\r")]))]
    except (StopIteration, csv.Error):
        return []


def _check_header(header: list[str], name: str, table: schema.Table) -> list[Problem]:
    problems: list[Problem] = []
    if not any(header):
        return [Problem(name, 1, None, None, "no header row")]
    expected = table.names
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.append(Problem(name, 1, h, h, "column appears more than once in the header"))
        seen.add(h)
    unknown = [h for h in header if h not in expected]
    for f in table.fields:
        if f.name not in seen and f.name not in table.optional:
            near = difflib.get_close_matches(f.name, unknown, n=1, cutoff=0.6)
            hint = f" (found {near[0]!r}: was it renamed?)" if near else ""
            rule = "required column is missing" if f.required else "column is missing"
            problems.append(Problem(name, 1, f.name, None, rule + hint))
    for h in unknown:
        problems.append(
            Problem(
                name,
                1,
                h,
                h,
                f"unknown column: the {table.name} file has these columns: "
                f"{', '.join(n for n in expected if n not in table.optional)}"
                + (f"; optional: {', '.join(table.optional)}" if table.optional else ""),
            )
        )
    return problems


def _arrow_read(source, header: list[str], threads: bool, bad_rows: list):
    def on_bad(row) -> str:
        bad_rows.append(row)
        return "skip"

    return pacsv.read_csv(
        source,
        read_options=pacsv.ReadOptions(use_threads=threads, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_bad),
        convert_options=pacsv.ConvertOptions(
            column_types={h: pa.string() for h in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )


def parse(
    source: bytes | os.PathLike[str], name: str, table: schema.Table
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV (bytes or a path) into a frame of strings; "" is an empty cell.

    File-level and header problems stop here; rows with the wrong number of fields are reported
    and dropped. Parsing uses pyarrow's multi-threaded reader, so strings stay compact.
    """
    if isinstance(source, bytes):
        head, size = source[:65536], len(source)
    else:
        with open(source, "rb") as fh:
            head = fh.read(65536)
        size = os.path.getsize(source)
    problems = _file_problems(head, size, name)
    if problems:
        return None, problems
    header = _header(head)
    problems = _check_header(header, name, table)
    if problems:
        return None, problems

    def opened():
        return io.BytesIO(source) if isinstance(source, bytes) else os.fspath(source)

    bad_rows: list = []
    try:
        arrow = _arrow_read(opened(), header, True, bad_rows)
    except pa.ArrowInvalid as err:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        bad = _utf8_problem(data, name)
        if bad is not None:
            return None, [bad]
        return None, [Problem(name, None, None, None, f"not readable as CSV: {err}")]
    if bad_rows and any(r.number is None for r in bad_rows):
        bad_rows = []  # threads hide row numbers; read again in one thread to get them
        _arrow_read(opened(), header, False, bad_rows)
    for r in bad_rows[:1000]:
        problems.append(
            Problem(
                name,
                r.number,
                None,
                r.text[:60],
                f"row has {r.actual_columns} fields, the header has {r.expected_columns} "
                "(row skipped; is a comma unquoted?)",
            )
        )
    if arrow.num_rows == 0:
        problems.append(Problem(name, None, None, None, "header only: the file has no data rows"))
        return None, problems
    frame = arrow.to_pandas(
        types_mapper=lambda t: _STR if t in (pa.string(), pa.large_string()) else None
    )
    frame.columns = [c.strip() for c in frame.columns]
    numbers = np.arange(2, arrow.num_rows + len(bad_rows) + 2)
    if bad_rows:
        numbers = numbers[~np.isin(numbers, [r.number for r in bad_rows])][: arrow.num_rows]
    frame.index = pd.Index(numbers)
    for column in table.optional:
        if column not in frame:  # a file written before the column existed
            frame[column] = pd.Series("", index=frame.index, dtype=_STR)
    return frame[table.names], problems


def sniff_table(text: str) -> str:
    """``"sources"`` if the header starts like a sources file, else ``"claims"``."""
    first = text.split("\n", 1)[0].lstrip("\ufeff")
    cols = {c.strip() for c in next(csv.reader([first]), [])}
    return "sources" if {"role", "publisher"} <= cols and "claim_id" not in cols else "claims"


def read_table(
    path: str | os.PathLike[str], table_name: str | None = None, label: str | None = None
) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    """Read and shape-check a CSV file; returns (string frame or None, table name, problems).

    The frame's index holds each row's number as a spreadsheet shows it (header = row 1).
    Raises :class:`UsageError` for a path that does not exist or is not a file.
    """
    name = label or os.fspath(path)
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{name}: no such file")
    if p.is_dir():
        raise UsageError(f"{name}: is a directory, not a CSV file")
    if not p.is_file():
        raise UsageError(f"{name}: not a regular file")
    if p.stat().st_size > MAX_FILE_BYTES:
        return (
            None,
            table_name or "claims",
            [Problem(name, None, None, None, "file is larger than 2 GiB")],
        )
    with open(p, "rb") as fh:
        head = fh.read(65536)
    tname = table_name or sniff_table(head.decode("utf-8", errors="replace"))
    frame, problems = parse(p, name, schema.table(tname))
    return frame, tname, problems
