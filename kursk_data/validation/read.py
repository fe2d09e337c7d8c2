"""Reading a CSV file: the path, file-level problems (empty, binary, not UTF-8), the header,
and the data rows streamed in batches of Arrow strings with their spreadsheet row numbers.

pyarrow's streaming reader parses the file block by block in this thread, so memory stays flat
whatever the file's size. Rows count as a spreadsheet shows them (header = row 1), also when a
quoted cell holds a line break or a row with the wrong number of fields is skipped (the serial
reader numbers the rows it skips).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import io
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from kursk_data import schema
from kursk_data.validation.problems import Collector, UsageError

MAX_HEADER_BYTES = 1 << 20
BLOCK = 1 << 22  # bytes pyarrow parses at a time; a longer row makes the reader start again
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE2)
_SPECIAL = re.compile(rb'["\r\n]')


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as text for messages, whatever bytes its name holds (undecodable ones escaped)."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass
class Input:
    """A file to read: a path, or bytes (the shipped ledger, a frame turned into CSV)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    size: int = 0

    def open(self, start: int = 0):
        """A binary file object positioned at byte ``start``."""
        try:
            fh = io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")  # noqa: SIM115
        except OSError as err:
            raise UsageError(f"{self.name}: cannot read ({err.strerror or err})") from err
        fh.seek(start)
        return fh

    def head(self, n: int) -> bytes:
        with self.open() as fh:
            return fh.read(n)

    def tail(self, n: int) -> bytes:
        with self.open(max(self.size - n, 0)) as fh:
            return fh.read(n)


def open_input(path: str | os.PathLike[str], label: str | None = None) -> Input:
    """A path as an :class:`Input`; anything that is not a readable file is a usage error."""
    name = label or display_name(path)
    p = Path(os.fsdecode(os.fspath(path)))
    try:
        st = p.stat()
    except FileNotFoundError as err:
        raise UsageError(f"{name}: no such file") from err
    except NotADirectoryError as err:
        raise UsageError(f"{name}: no such file (a part of the path is a file)") from err
    except OSError as err:  # a symlink loop, a name too long, a folder we may not enter
        raise UsageError(f"{name}: cannot open ({err.strerror or err})") from err
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{name}: is a directory, not a CSV file")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{name}: not a regular file")
    try:
        with open(p, "rb"):
            pass
    except PermissionError as err:
        raise UsageError(f"{name}: cannot read (permission denied)") from err
    except OSError as err:
        raise UsageError(f"{name}: cannot read ({err.strerror or err})") from err
    return Input(name, p, None, st.st_size)


# --------------------------------------------------------------------------- the header


@dataclass
class Header:
    """The header row: column names as written and where the data rows start."""

    names: list[str]  # stripped of surrounding white space
    end: int  # byte offset of the first data row
    table: str = "claims"
    positions: dict[str, int] = field(default_factory=dict)  # column -> index in the file


def _record_end(head: bytes) -> tuple[int, int] | None:
    """Where the first record of ``head`` ends (start and end of its line break)."""
    in_quote = False
    for m in _SPECIAL.finditer(head):
        c = m.group()
        if c == b'"':
            in_quote = not in_quote
        elif not in_quote:
            end = m.end()
            if c == b"\r" and head[end : end + 1] == b"\n":
                end += 1
            return m.start(), end
    return None


def sniff_table(names: list[str]) -> str:
    """The table whose columns the header names: ``"sources"``, ``"sides"``, else ``"claims"``."""
    cols = set(names)
    if "claim_id" in cols:
        return "claims"
    if {"role", "publisher"} <= cols:
        return "sources"
    return "sides" if {"side", "colour"} <= cols else "claims"


def read_header(inp: Input, out: Collector, table_name: str | None = None) -> Header | None:
    """Check the file's first bytes and its header row. Returns None when the rows cannot be
    read as this table (an empty or binary file, missing or unknown columns)."""
    name = inp.name
    head = inp.head(MAX_HEADER_BYTES + 1)
    save = "save it as 'CSV UTF-8'"
    bounds = _record_end(head) or (len(head), len(head))
    raw = head[: bounds[0]].removeprefix(codecs.BOM_UTF8)
    if inp.size == 0 or (len(head) == inp.size and not head.strip()):
        return out.add(name, None, None, None, "file is empty: expected a header row")
    if head.startswith(_SPREADSHEET_MAGIC):
        return out.add(name, None, None, None, f"not a CSV file (looks like a spreadsheet): {save}")
    if b"\x00" in head[:65536]:
        return out.add(name, None, None, None, f"not a CSV text file (contains NUL bytes): {save}")
    if bounds[0] == len(head) and len(head) < inp.size:
        return out.add(name, 1, None, None, "header row longer than 1 MiB: is this a CSV file?")
    try:
        text = raw.decode("utf-8")
        cells = next(csv.reader([text]), [])
    except UnicodeDecodeError as err:
        bad = raw[err.start : err.end + 3].decode("latin-1")
        rule = "bytes that are not UTF-8 in the header row: save the file as 'CSV UTF-8'"
        return out.add(name, 1, None, bad, rule)
    except csv.Error as err:
        return out.add(name, 1, None, text[:60], f"header row is not valid CSV ({err})")
    names = [c.strip() for c in cells]
    tname = table_name or sniff_table(names)
    header = Header(names, bounds[1], tname)
    if not _check_header(cells, header, name, schema.table(tname), out):
        return None
    return header


def _check_header(
    cells: list[str], header: Header, name: str, table: schema.Table, out: Collector
) -> bool:
    names = header.names
    if not any(names):
        out.add(name, 1, None, None, "no header row: the first row is empty")
        return False
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        sep = "semicolons" if ";" in names[0] else "tabs"
        out.add(
            name,
            1,
            None,
            cells[0],
            f"one column only: the file looks separated by {sep}; save it as CSV with commas",
        )
        return False
    fatal = False
    expected = table.names
    seen: dict[str, int] = {}
    for i, (cell, h) in enumerate(zip(cells, names, strict=True)):
        if h in seen:
            out.add(name, 1, h, cell, "column appears more than once in the header")
            fatal = True
            continue
        seen[h] = i
        if cell != h:
            out.add(name, 1, h, cell, "column name has leading or trailing spaces")
    unknown = [h for h in seen if h not in expected]
    for f in table.fields:
        if f.name not in seen and f.name not in table.optional:
            near = difflib.get_close_matches(f.name, unknown, n=1, cutoff=0.6)
            hint = f" (found {near[0]!r}: was it renamed?)" if near else ""
            rule = "required column is missing" if f.required else "column is missing"
            out.add(name, 1, f.name, None, rule + hint, kind="column is missing")
            fatal = True
    for h in unknown:
        rule = (
            f"unknown column: the {table.name} file has these columns: "
            f"{', '.join(n for n in expected if n not in table.optional)}"
            + (f"; optional: {', '.join(table.optional)}" if table.optional else "")
        )
        out.add(name, 1, h or None, h, rule, kind="unknown column")
        fatal = True
    header.positions = seen
    return not fatal


# --------------------------------------------------------------------------- the rows


class Retry(Exception):
    """Read the file again another way: ``"utf8"`` (mend bytes that are not UTF-8 and report
    their cells) or ``"block"`` (a row longer than the block)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _MendUtf8(io.RawIOBase):
    """A byte stream that replaces bytes that are not UTF-8 by U+FFFD."""

    def __init__(self, raw):
        self.raw, self.pending = raw, b""

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while True:
            chunk = self.pending + self.raw.read(n if n and n > 0 else 1 << 20)
            final = len(chunk) == len(self.pending)
            text, used = codecs.utf_8_decode(chunk, "replace", final)
            self.pending = chunk[used:]
            if text or final:
                return text.encode("utf-8")

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


@contextlib.contextmanager
def _catch_undecodable_rows(flag: dict):
    """pyarrow decodes a skipped row's text before our handler sees it; bytes that are not
    UTF-8 there end as an "Exception ignored" traceback on stderr. Catch those here."""
    previous = sys.unraisablehook

    def hook(args) -> None:
        if isinstance(args.exc_value, UnicodeDecodeError):
            flag["utf8"] = True
        else:
            previous(args)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


@dataclass
class Mode:
    """How to read a file: learned from earlier attempts (see :class:`Retry`)."""

    mend: bool = False
    block: int = field(default_factory=lambda: BLOCK)


@dataclass
class Skipped:
    """Rows the reader skipped (wrong number of fields): record numbers (data row 1 = 1)."""

    numbers: list[int] = field(default_factory=list)
    shown: list[tuple[int, str, int, int]] = field(
        default_factory=list
    )  # (number, text, got, want)
    reported: list[int] = field(default_factory=list)  # those with text (a blank line is none)


class Rows:
    """The data rows of a file in batches: ``(batch, rows)``, a RecordBatch of strings (columns
    ``c0``, ``c1``, ... as in the file) and each row's spreadsheet row number.

    Raises :class:`Retry` when the file must be read another way. After iterating, ``skipped``
    holds the rows skipped and ``last`` the last cell of the last row (as parsed)."""

    def __init__(self, inp: Input, header: Header, mode: Mode, cap: int | None = None):
        self.inp, self.header, self.mode, self.cap = inp, header, mode, cap
        self.names = [f"c{i}" for i in range(len(header.names))]
        self.skipped = Skipped()
        self.rows_read = 0
        self.last: tuple[int, str] | None = None

    def _on_bad(self, row) -> str:
        s = self.skipped
        s.numbers.append(row.number)
        if row.text.strip():
            s.reported.append(row.number)
            if self.cap is None or len(s.shown) < self.cap:
                s.shown.append(
                    (row.number, row.text[:200], row.actual_columns, row.expected_columns)
                )
        return "skip"

    def _row_numbers(self, n: int) -> np.ndarray:
        pos = np.arange(self.rows_read, self.rows_read + n, dtype=np.int64)
        rows = pos + 2
        if self.skipped.numbers:
            skipped = np.asarray(self.skipped.numbers, np.int64)
            # Good rows before each skipped row: skipped[j] - 1 - j. Shift by those passed.
            rows += np.searchsorted(skipped - 1 - np.arange(skipped.size), pos, side="right")
        return rows

    def __iter__(self) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        raw = self.inp.open(self.header.end)
        source = _MendUtf8(raw) if self.mode.mend else raw
        flag: dict = {}
        try:
            with _catch_undecodable_rows(flag):
                try:
                    reader = pacsv.open_csv(
                        source,
                        read_options=pacsv.ReadOptions(
                            column_names=self.names, block_size=self.mode.block, use_threads=False
                        ),
                        parse_options=pacsv.ParseOptions(
                            newlines_in_values=True,
                            ignore_empty_lines=False,
                            invalid_row_handler=self._on_bad,
                        ),
                        convert_options=pacsv.ConvertOptions(
                            column_types={n: pa.string() for n in self.names},
                            strings_can_be_null=False,
                            quoted_strings_can_be_null=False,
                            null_values=[],
                        ),
                    )
                    for batch in reader:
                        if flag:
                            raise Retry("utf8")
                        rows = self._row_numbers(batch.num_rows)
                        self.rows_read += batch.num_rows
                        if batch.num_rows:
                            self.last = (
                                int(rows[-1]),
                                batch.column(len(self.names) - 1)[-1].as_py(),
                            )
                        yield batch, rows
                except (pa.ArrowInvalid, UnicodeDecodeError) as err:
                    text = str(err)
                    if "Empty CSV file" in text:
                        return  # nothing after the header
                    if flag or "UTF8" in text or isinstance(err, UnicodeDecodeError):
                        raise Retry("utf8") from err
                    if "straddling" in text or "block size" in text:
                        raise Retry("block") from err
                    raise
                if flag:
                    raise Retry("utf8")
        finally:
            source.close()

    def unclosed_quote(self) -> bool:
        """Whether the last cell opened a quote that never closes: the parser then read the
        rest of the file into it, rows and all (a quoted cell that closes ends with a quote)."""
        if self.last is None or self.mode.mend:
            return False
        cell = ('"' + self.last[1].replace('"', '""')).encode("utf-8")
        return self.inp.tail(len(cell)) == cell
