"""Reading a CSV file's rows in parallel, in exactly the blocks pyarrow's serial reader makes.

pyarrow's incremental reader (``pyarrow.csv.open_csv``) parses one block at a time in one
thread: on a large file it is the slowest part of validation. Here the file is cut where that
reader would cut it, and the blocks are parsed by a pool of threads while the checks run.
The blocks and the batches made of them are the same as the serial reader's, so every
problem, its row number and the order of the summary stay the same.

Where the serial reader cuts: block ``k`` holds the records that end at or before byte
``start + (k + 1) * block`` and after the end of block ``k - 1``. A record ends at a line
break outside quotes. Whether a line break is inside quotes is read from the parity of the
quote characters before it, which is right for any file whose quotes open and close fields
(as every CSV writer writes them). Where a quote inside an unquoted cell makes that reading
wrong, the cut is not trusted: parsing a block that ends inside a quoted field leaves a record
that either has too few fields or ends with the line break it swallowed, and a record ending
between the cut and the block's limit means the serial reader would have cut later; either
sends the file back to the serial reader (:class:`NotPlain`). So do rows with the wrong number
of fields, bytes that are not UTF-8, rows longer than a block and a block that starts with a
byte order mark (pyarrow drops one at the start of the bytes it is given): the serial reader
knows how to report them. An LF that starts one of the serial reader's reads after a CR is
dropped by that reader, inside a quoted cell too; it is dropped here as well. (A blank line is
a row of empty cells to both readers.)
"""

from __future__ import annotations

import codecs
import collections
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

WORKERS = max(2, min(4, os.cpu_count() or 2))
AHEAD = 3  # blocks parsed ahead per worker: a few MiB in flight, whatever the file's size
_QUOTE = ord('"')


def _pool() -> pa.MemoryPool:
    """Where parsed blocks live. jemalloc where pyarrow has it: pyarrow's default (mimalloc)
    gives the pages of each freed block back and takes fresh ones for the next, which the
    kernel must zero: a tenth of the time on a large file. Passed per call, so nothing
    changes for the rest of the process."""
    try:
        return pa.jemalloc_memory_pool()
    except NotImplementedError:  # a pyarrow built without it (Windows)
        return pa.default_memory_pool()


POOL = _pool()


class NotPlain(Exception):
    """The file needs the serial reader (see the module's docstring)."""


def _last_record_end(window) -> int | None:
    """Length of the records of ``window`` (bytes from a record's start) that end inside it;
    None when no record ends there."""
    data = np.frombuffer(window, np.uint8)
    quotes = int(np.count_nonzero(data == _QUOTE))  # parity at the window's end
    span = 1 << 12  # rows are short: the last line break is near the end
    while True:
        first = max(0, data.size - span)
        tail = data[first:].tobytes()
        left = quotes - tail.count(b'"')  # quotes before the tail
        end = len(tail)
        while end > 0:
            pos = max(tail.rfind(b"\n", 0, end), tail.rfind(b"\r", 0, end))
            if pos < 0:
                break
            if (left + tail.count(b'"', 0, pos)) % 2 == 0:
                return first + pos + 1
            end = pos
        if first == 0:
            return None
        span *= 8


def block_ranges(
    read: Callable[[int, int], Any], start: int, size: int, block: int
) -> Iterator[tuple[Any, bytes, bool]]:
    """The bytes of each block the serial reader would parse, the bytes after the cut up to
    the block's limit (to check that no record ends there), and whether it is the last.

    ``read(offset, n)`` returns ``n`` bytes of the file from ``offset`` (fewer at its end) as
    any object with the buffer protocol.
    """
    lo, k = start, 0
    while lo < size:
        limit = start + (k + 1) * block
        k += 1
        # pyarrow drops a byte order mark at the start of the bytes it is given (each block
        # here), the serial reader only at the start of its stream.
        if lo > start and bytes(read(lo, 3)) == codecs.BOM_UTF8:
            raise NotPlain("a row starts with a byte order mark")
        final = limit >= size
        window = read(lo, (size if final else limit) - lo)
        view = memoryview(window)
        cut = len(view) if final else _last_record_end(window)
        if cut is None:
            raise NotPlain("a row longer than a block")
        data = view[:cut]
        # The serial reader drops an LF that starts one of its reads after one ending in CR,
        # inside a quoted cell too (the CRLF split between reads); the previous read ended at
        # ``limit - block``, inside this block unless the block starts there.
        edge = limit - block - lo
        if 0 < edge < cut and bytes(view[edge - 1 : edge + 1]) == b"\r\n":
            data = bytes(view[:edge]) + bytes(view[edge + 1 : cut])
        if final:
            yield data, b"", True
            return
        yield data, view[cut:].tobytes(), False
        lo += cut
        # A CR that is the block's last byte ends its record; the serial reader then skips
        # the LF of that CRLF at the start of the next block.
        if cut == len(view) and view[cut - 1 : cut] == b"\r" and bytes(read(lo, 1)) == b"\n":
            lo += 1


class ParallelRows:
    """Blocks parsed by a pool of threads, joined into batches of at least ``batch_rows`` rows
    as the serial reader's consumer joins them. Iterating yields RecordBatches of strings.

    ``parse(data, tail)`` parses one block's bytes into a Table (raising NotPlain when the
    block holds a row the serial reader would skip, anything it reports another way, or when
    a record ends in ``tail``, the bytes after the cut).
    """

    def __init__(
        self,
        blocks: Iterator[tuple[Any, bytes, bool]],
        parse: Callable[[Any, bytes], pa.Table],
        batch_rows: int,
        columns: int,
    ):
        self.blocks, self.parse, self.batch_rows, self.columns = blocks, parse, batch_rows, columns

    def _check_end(self, table: pa.Table, final: bool) -> None:
        # A block cut inside a quoted field ends with a record whose last field swallowed the
        # line break the cut was made after (or with too few fields: parse raised already).
        if final or table.num_rows == 0:
            return
        last = table.column(self.columns - 1)[-1].as_py()
        if last and last[-1] in "\r\n":
            raise NotPlain("a block may end inside a quoted field")

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="kursk-data-csv")
        parsing: collections.deque[tuple[Future, bool]] = collections.deque()
        joining: collections.deque[Future] = collections.deque()
        try:
            blocks = iter(self.blocks)
            more = True

            def fill() -> None:
                nonlocal more
                while more and len(parsing) < WORKERS * AHEAD:
                    nxt = next(blocks, None)
                    if nxt is None:
                        more = False
                        return
                    data, tail, final = nxt
                    parsing.append((pool.submit(self.parse, data, tail), final))

            pending: list[pa.RecordBatch] = []
            size = 0
            fill()
            while parsing:
                fut, final = parsing.popleft()
                table = fut.result()
                fill()
                self._check_end(table, final)
                pending.extend(table.to_batches())
                size += table.num_rows
                if pending and (size >= self.batch_rows or not parsing):
                    joining.append(pool.submit(_join, pending))
                    pending, size = [], 0
                    if len(joining) > 1:
                        yield joining.popleft().result()
            while joining:
                yield joining.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _join(batches: list[pa.RecordBatch]) -> pa.RecordBatch:
    return batches[0] if len(batches) == 1 else pa.concat_batches(batches, memory_pool=POOL)


def parser(
    names: list[str],
    parse_options: pacsv.ParseOptions,
    convert_options: pacsv.ConvertOptions,
) -> Callable[[Any, bytes], pa.Table]:
    """``parse(data, tail)``: one block's bytes as a Table of strings, read as the serial
    reader reads it (the same options, one thread, one block). A block that is not UTF-8 is
    left to the serial reader, which reports where: ``convert_options`` need not check it.

    Two checks make the cut the serial reader's whatever the quotes: the block must not end
    inside a quoted field (see :meth:`ParallelRows._check_end`), and no record may end in
    ``tail``, the bytes between the cut and the block's limit, where the serial reader would
    have cut later. ``tail`` starts a record, so pyarrow reads it right: followed by one more
    byte, it is a single record unless a record ends inside it.
    """

    def parse(data, tail: bytes) -> pa.Table:
        read = pacsv.ReadOptions(column_names=names, block_size=len(data) + 1, use_threads=False)
        if not is_utf8(data):
            raise NotPlain("bytes that are not UTF-8")
        try:
            table = pacsv.read_csv(
                pa.py_buffer(data),
                read_options=read,
                parse_options=parse_options,
                convert_options=convert_options,
                memory_pool=POOL,
            )
            # A record ends only at a line break: bytes after the cut with none hold a
            # part of one record (nearly always), and need no parsing to say so.
            if _has_line_break(tail) and _records(tail + b"x", names) > 1:
                raise NotPlain("a record ends after the cut")
        except pa.ArrowInvalid as err:
            raise NotPlain(str(err)) from err
        return table

    return parse


def is_utf8(data) -> bool:
    """Whether ``data`` (any object with the buffer protocol) is valid UTF-8.

    One pass over a block's bytes, without the GIL, in place of pyarrow's check of each cell
    as it converts it (a third of the time it takes to parse the block): a block is valid
    UTF-8 exactly when every cell of it is, since cells are cut, and quotes taken out of
    them, only at ASCII bytes, which never fall inside a character.
    """
    buf = pa.py_buffer(data)
    offsets = pa.py_buffer(np.array([0, buf.size], np.int64))
    try:
        pa.LargeStringArray.from_buffers(1, offsets, buf).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _has_line_break(data: bytes) -> bool:
    return b"\n" in data or b"\r" in data


def _records(data: bytes, names: list[str]) -> int:
    """How many records pyarrow reads in ``data``, of any number of fields."""
    # The bytes end anywhere, inside a character too: pyarrow decodes a row it hands to the
    # handler, so bytes that are not UTF-8 become U+FFFD first (quotes, commas and line
    # breaks are single bytes, never part of another character: the records stay the same).
    data = data.decode("utf-8", "replace").encode("utf-8")
    skipped = []
    table = pacsv.read_csv(
        pa.py_buffer(data),
        read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
        parse_options=pacsv.ParseOptions(
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=lambda row: skipped.append(1) or "skip",
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={names[0]: pa.binary()}, include_columns=names[:1]
        ),
    )
    return table.num_rows + len(skipped)
