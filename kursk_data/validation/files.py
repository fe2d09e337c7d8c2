"""Reading a CSV file: the path, file-level problems (empty, binary, not UTF-8), the header,
and the data rows streamed in batches of Arrow strings with their spreadsheet row numbers.

The file is never read whole. A large file's blocks are parsed by a pool of threads
(``blocks.py``: cut where pyarrow's incremental reader would cut them, so the batches are the
same); other files, and any file that reader must read itself, are parsed block by block by
that reader in a background thread. Either way the checks run on the batches already parsed,
and memory stays flat whatever the file's size. Rows count as a spreadsheet shows them
(header = row 1), also when a quoted cell holds a line break or a row with the wrong number
of fields is skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import difflib
import io
import os
import queue
import re
import stat
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from kursk_data import schema
from kursk_data.validation import blocks
from kursk_data.validation.problems import Collector, UsageError

MAX_HEADER_BYTES = 1 << 20
FIRST_BLOCK = 1 << 20  # Arrow block size; a longer row makes the reader start again with more
BATCH_ROWS = 32_768  # rows checked together (fewer, larger batches: less Python per row)
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE2)
_SPECIAL = re.compile(rb'["\r\n]')


@dataclass
class Input:
    """A file to read: a path, or bytes (the shipped ledger, a frame turned into CSV)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    size: int = 0

    def head(self, n: int) -> bytes:
        if self.data is not None:
            return self.data[:n]
        try:
            with open(self.path, "rb") as fh:  # type: ignore[arg-type]
                return fh.read(n)
        except OSError as err:
            raise UsageError(f"{self.name}: cannot read ({err.strerror or err})") from err

    def open_arrow(self, start: int):
        """An Arrow input stream positioned at byte ``start``."""
        if self.data is not None:
            stream = pa.BufferReader(self.data)
        else:
            try:
                stream = pa.OSFile(os.fspath(self.path), "r")
            except (OSError, pa.ArrowException) as err:
                raise UsageError(f"{self.name}: cannot read ({err})") from err
        stream.seek(start)
        return stream

    def reader(self):
        """``read(offset, n)``: ``n`` bytes from ``offset`` (fewer at the end), and a closer.

        Read into Arrow's memory pool, which reuses memory freed by earlier blocks (fresh
        pages for each block cost more than reading them)."""
        if self.data is not None:
            view = memoryview(self.data)
            return (lambda offset, n: view[offset : offset + n]), (lambda: None)
        stream = self.open_arrow(0)
        return (lambda offset, n: stream.read_at(n, offset)), stream.close

    def open_python(self, start: int):
        fh = io.BytesIO(self.data) if self.data is not None else open(self.path, "rb")  # noqa: SIM115
        fh.seek(start)
        return fh


def open_input(path: str | os.PathLike[str], label: str | None = None) -> Input:
    """A path as an :class:`Input`; anything that is not a readable file is a usage error."""
    name = label or os.fspath(path)
    p = Path(path)
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
    """``"sources"`` if the header names the columns of a sources file, else ``"claims"``."""
    cols = set(names)
    return "sources" if {"role", "publisher"} <= cols and "claim_id" not in cols else "claims"


def read_header(inp: Input, out: Collector, table_name: str | None = None) -> Header | None:
    """Check the file's first bytes and its header row. Returns None when the rows cannot be
    read as this table (an empty or binary file, missing or unknown columns)."""
    name = inp.name
    head = inp.head(MAX_HEADER_BYTES + 1)
    if inp.size == 0 or (len(head) == inp.size and not head.strip()):
        out.add(name, None, None, None, "file is empty: expected a header row")
        return None
    if head.startswith(_SPREADSHEET_MAGIC):
        out.add(
            name,
            None,
            None,
            None,
            "not a CSV file (looks like a spreadsheet): save it as 'CSV UTF-8'",
        )
        return None
    if b"\x00" in head[:65536]:
        out.add(
            name,
            None,
            None,
            None,
            "not a CSV text file (contains NUL bytes): save it as 'CSV UTF-8'",
        )
        return None
    bounds = _record_end(head)
    if bounds is None:
        if len(head) < inp.size:
            out.add(name, 1, None, None, "header row longer than 1 MiB: is this a CSV file?")
            return None
        bounds = (len(head), len(head))
    raw = head[: bounds[0]]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad = raw[err.start : err.end + 3].decode("latin-1")
        out.add(
            name,
            1,
            None,
            bad,
            "bytes that are not UTF-8 in the header row: save the file as 'CSV UTF-8'",
        )
        return None
    try:
        cells = next(csv.reader([text]), [])
    except csv.Error as err:
        out.add(name, 1, None, text[:60], f"header row is not valid CSV ({err})")
        return None
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
    their cells), ``"ragged"`` (number skipped rows first), ``"block"`` (a row longer than
    the block), ``"serial"`` (the parallel reader met something only the serial one reports:
    start again with the serial reader, as if the parallel one had never run)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _MendUtf8(io.RawIOBase):
    """A byte stream that replaces bytes that are not UTF-8 by U+FFFD and says it did."""

    def __init__(self, raw):
        self.raw = raw
        self.pending = b""
        self.mended = False

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        while True:
            chunk = self.pending + self.raw.read(n if n and n > 0 else 1 << 20)
            final = len(chunk) == len(self.pending)
            try:
                _, used = codecs.utf_8_decode(chunk, "strict", final)
                out = chunk[:used]
            except UnicodeDecodeError:
                self.mended = True
                text, used = codecs.utf_8_decode(chunk, "replace", final)
                out = text.encode("utf-8")
            self.pending = chunk[used:]
            if out or final:
                return out

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.raw.close()
        super().close()


@dataclass
class Mode:
    """How to read a file: learned from earlier attempts (see :class:`Retry`)."""

    mend: bool = False
    block: int = field(default_factory=lambda: FIRST_BLOCK)
    skipped: Skipped | None = None
    serial: bool = False  # pyarrow's serial reader only (see blocks.py)

    def parallel(self, size: int) -> bool:
        """Parse blocks in parallel: a plain first reading of a file of several blocks."""
        return not (self.serial or self.mend or self.skipped) and size > 2 * self.block


def _options(names: list[str], mode: Mode, handler, *, threads: bool = True):
    return (
        pacsv.ReadOptions(column_names=names, block_size=mode.block, use_threads=threads),
        pacsv.ParseOptions(
            newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=handler
        ),
    )


def _convert(
    names: list[str], include: list[str] | None = None, *, check_utf8: bool = True
) -> pacsv.ConvertOptions:
    return pacsv.ConvertOptions(
        check_utf8=check_utf8,
        column_types={n: pa.string() for n in names},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        null_values=[],
        include_columns=include or [],
    )


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


def _source(inp: Input, start: int, mode: Mode):
    return _MendUtf8(inp.open_python(start)) if mode.mend else inp.open_arrow(start)


def _reason(err: Exception, flag: dict) -> str | None:
    text = str(err)
    if flag.get("utf8") or "invalid UTF8" in text or isinstance(err, UnicodeDecodeError):
        return "utf8"
    if "straddling" in text or "block size" in text:
        return "block"
    return None


@dataclass
class Skipped:
    """Rows the reader skipped (wrong number of fields), numbered like the other rows."""

    numbers: np.ndarray  # record numbers of every skipped row (data row 1 = 1)
    shown: list[tuple[int, str, int, int]]  # the first ones with text: (number, text, got, want)
    reported: np.ndarray  # record numbers of those with text (blank lines are not problems)


def number_skipped(inp: Input, header: Header, mode: Mode, cap: int | None) -> Skipped:
    """Number the rows the reader skips: one pass of pyarrow's serial reader (which numbers
    them), keeping one column only."""
    names = [f"c{i}" for i in range(len(header.names))]
    numbers: list[int] = []
    reported: list[int] = []
    shown: list[tuple[int, str, int, int]] = []

    def on_bad(row) -> str:
        numbers.append(row.number)
        if row.text.strip():
            reported.append(row.number)
            if cap is None or len(shown) < cap:
                shown.append((row.number, row.text[:200], row.actual_columns, row.expected_columns))
        return "skip"

    flag: dict = {}
    src = _source(inp, header.end, mode)
    read, parse = _options(names, mode, on_bad, threads=False)
    try:
        with _catch_undecodable_rows(flag):
            pacsv.read_csv(
                src,
                read_options=read,
                parse_options=parse,
                convert_options=_convert(names, names[:1]),
            )
    except (pa.ArrowInvalid, UnicodeDecodeError) as err:
        if "Empty CSV file" not in str(err):
            reason = _reason(err, flag)
            if reason is None:
                raise
            raise Retry(reason) from err
    finally:
        src.close()
    if flag.get("utf8"):
        raise Retry("utf8")
    return Skipped(np.asarray(numbers, np.int64), shown, np.asarray(reported, np.int64))


_END = object()


class Rows:
    """The data rows of a file in batches, parsed in a background thread.

    Iterating yields ``(batch, rows)``: a RecordBatch of strings (columns named ``c0``,
    ``c1``, ... as in the file) and the spreadsheet row number of each of its rows.
    Raises :class:`Retry` when the file must be read another way.
    """

    def __init__(self, inp: Input, header: Header, mode: Mode):
        self.inp, self.header, self.mode = inp, header, mode
        self.names = [f"c{i}" for i in range(len(header.names))]
        self.skipped_any = False
        self.rows_read = 0
        self._source = None

    @property
    def mended(self) -> bool:
        return isinstance(self._source, _MendUtf8) and self._source.mended

    def _row_numbers(self, n: int) -> np.ndarray:
        pos = np.arange(self.rows_read, self.rows_read + n, dtype=np.int64)
        rows = pos + 2
        skipped = self.mode.skipped.numbers if self.mode.skipped is not None else None
        if skipped is not None and skipped.size:
            # Good rows before each skipped row: skipped[j] - 1 - j. Shift by those passed.
            before = skipped - 1 - np.arange(skipped.size)
            rows += np.searchsorted(before, pos, side="right")
        return rows

    def __iter__(self) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        if self.mode.parallel(self.inp.size - self.header.end):
            yield from self._parallel()
        else:
            yield from self._serial()

    def _parallel(self) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        read, close = self.inp.reader()
        try:
            # No invalid_row_handler: a row the serial reader would skip is an error here. The
            # parser checks each block's bytes as UTF-8 whole, in place of each cell.
            parse = blocks.parser(
                self.names,
                pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                _convert(self.names, check_utf8=False),
            )
            ranges = blocks.block_ranges(read, self.header.end, self.inp.size, self.mode.block)
            try:
                for batch in blocks.ParallelRows(ranges, parse, BATCH_ROWS, len(self.names)):
                    rows = self._row_numbers(batch.num_rows)
                    self.rows_read += batch.num_rows
                    yield batch, rows
            except blocks.NotPlain as err:
                raise Retry("serial") from err
        finally:
            close()

    def _serial(self) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
        q: queue.Queue = queue.Queue(maxsize=2)
        stop = threading.Event()
        flag: dict = {}
        known = self.mode.skipped is not None

        def on_bad(row) -> str:
            self.skipped_any = True
            return "skip"

        def produce() -> None:
            try:
                read, parse = _options(self.names, self.mode, on_bad)
                reader = pacsv.open_csv(
                    self._source,
                    read_options=read,
                    parse_options=parse,
                    convert_options=_convert(self.names),
                )
                for batch in reader:
                    if stop.is_set():
                        return
                    q.put(batch)
                q.put(_END)
            except BaseException as err:  # handed to the consumer, raised there
                q.put(err)

        self._source = _source(self.inp, self.header.end, self.mode)
        thread = threading.Thread(target=produce, name="kursk-data-csv", daemon=True)
        try:
            with _catch_undecodable_rows(flag):
                thread.start()
                pending: list[pa.RecordBatch] = []
                size = 0
                while True:
                    item = q.get()
                    if isinstance(item, pa.ArrowInvalid) and "Empty CSV file" in str(item):
                        return  # nothing after the header
                    if isinstance(item, BaseException):
                        reason = (
                            _reason(item, flag)
                            if isinstance(item, pa.ArrowInvalid | UnicodeDecodeError)
                            else None
                        )
                        if reason is None:
                            raise item
                        raise Retry(reason) from item
                    if self.skipped_any and not known:
                        raise Retry("ragged")
                    if flag.get("utf8"):
                        raise Retry("utf8")
                    if item is not _END:
                        pending.append(item)
                        size += item.num_rows
                    if pending and (size >= BATCH_ROWS or item is _END):
                        batch = pending[0] if len(pending) == 1 else pa.concat_batches(pending)
                        rows = self._row_numbers(batch.num_rows)
                        self.rows_read += batch.num_rows
                        pending, size = [], 0
                        yield batch, rows
                    if item is _END:
                        return
        finally:
            stop.set()
            while thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    q.get(timeout=0.05)
            self._source.close()
