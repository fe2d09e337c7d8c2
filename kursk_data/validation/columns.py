"""A batch of rows as the checks see it, and each column's Table Schema constraints (required,
enum, pattern, length, range, type), white space and control characters, in plain words.

Columns are Arrow strings checked with pyarrow.compute; results are read into NumPy from their
buffers (``pa.array()`` and ``Array.to_numpy()`` import pandas, which validating never needs).
Numbers and dates are parsed here for the loaders too, so what validates always loads.
Each problem is reported once, on its cell: a padded number is "leading or trailing spaces",
not also "not a number"; a cell of spaces only is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.problems import Collector

# Dates: from 1900 to 2100. Wide enough for any figure a ledger of reported claims compares
# with, narrow enough to catch a slipped century (1025, 2205), and always inside what
# datetime64[ns] can hold, so a valid date always loads and charts.
DATE_MIN, DATE_MAX = np.datetime64("1900-01-01", "D"), np.datetime64("2100-12-31", "D")
YEARS = "1900-2100"
NUMBER_RE = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
NONFINITE_RE = r"(?i)^[+-]?(?:inf|infinity|nan)$"  # Arrow reads these as floats too
ISO_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_PROBE = 64  # cells cast alone first (see _cast)

# --------------------------------------------------------------------------- Arrow <-> NumPy


def strings(values) -> pa.StringArray:
    """A string Arrow array of Python strings (None reads as "")."""
    encoded = [("" if v is None else v).encode("utf-8") for v in values]
    off = np.concatenate([[0], np.cumsum([len(e) for e in encoded], dtype=np.int64)])
    return pa.StringArray.from_buffers(
        len(encoded), pa.py_buffer(off.astype(np.int32).tobytes()), pa.py_buffer(b"".join(encoded))
    )


def ints(values) -> pa.Array:
    v = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), v.size, [None, pa.py_buffer(v)])


def _bits(buf, offset: int, n: int) -> np.ndarray:
    if buf is None:
        return np.ones(n, bool)
    raw = np.frombuffer(buf, np.uint8)
    return np.unpackbits(raw, bitorder="little", count=offset + n)[offset:].view(bool)


def _chunks(arr) -> list[pa.Array]:
    return arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]


def _cat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def to_np(arr) -> np.ndarray:
    """An Arrow boolean array as NumPy (nulls read as False)."""
    return _cat(
        [
            _bits(c.buffers()[1], c.offset, len(c)) & _bits(c.buffers()[0], c.offset, len(c))
            for c in _chunks(arr)
        ],
        bool,
    )


def _numbers(arr, dtype, missing) -> np.ndarray:
    parts = []
    for c in _chunks(arr):
        np_type = {pa.float64(): np.float64, pa.int32(): np.int32, pa.int64(): np.int64}[c.type]
        size = np.dtype(np_type).itemsize
        values = np.frombuffer(c.buffers()[1], np_type, count=len(c), offset=c.offset * size)
        valid = _bits(c.buffers()[0], c.offset, len(c))
        parts.append(np.where(valid, values.astype(dtype), np.asarray(missing, dtype)))
    return _cat(parts, dtype)


def to_float(arr) -> np.ndarray:
    """An Arrow numeric array as float64, nulls as NaN."""
    return _numbers(arr, np.float64, np.nan)


def to_int(arr, missing: int = -1) -> np.ndarray:
    """An Arrow integer array as int64, nulls as ``missing``."""
    return _numbers(arr, np.int64, missing)


def with_validity(arr: pa.StringArray, valid: np.ndarray) -> pa.StringArray:
    """The same strings with ``~valid`` cells null (no copy of the strings)."""
    if arr.offset:
        valid = np.concatenate([np.zeros(arr.offset, bool), valid])
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.StringArray.from_buffers(
        len(arr), arr.buffers()[1], arr.buffers()[2], bitmap, offset=arr.offset
    )


def as_strings(arr) -> pa.StringArray:
    """One contiguous string array; nulls read as empty cells."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    if arr.null_count:
        arr = pc.fill_null(arr, strings([""])[0])
    return arr


def byte_lengths(arr: pa.StringArray) -> np.ndarray:
    """Each cell's length in bytes, from the offsets (a null reads as empty)."""
    return np.diff(_bytes(arr)[0]) * _bits(arr.buffers()[0], arr.offset, len(arr))


def matches(arr: pa.StringArray, pattern: str) -> np.ndarray:
    return to_np(pc.match_substring_regex(arr, pattern))


def _bytes(arr: pa.StringArray) -> tuple[np.ndarray, np.ndarray]:
    """The offsets and the data bytes of a string array (views, not copies)."""
    off = np.frombuffer(arr.buffers()[1], np.int32, len(arr) + 1, arr.offset * 4)
    data = arr.buffers()[2]
    return off, np.frombuffer(data, np.uint8) if data is not None and data.size else np.zeros(
        1, np.uint8
    )


_ASCII_SPACE = np.zeros(256, bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 32]] = True


def padded(arr: pa.StringArray) -> np.ndarray:
    """Cells that start or end with white space (Unicode's too). The first and last bytes
    decide for ASCII; a cell starting or ending beyond ASCII is trimmed to see."""
    off, data = _bytes(arr)
    has = off[1:] > off[:-1]
    first = np.take(data, off[:-1], mode="clip")
    last = np.take(data, off[1:] - 1, mode="clip")
    out = has & (_ASCII_SPACE[first] | _ASCII_SPACE[last])
    maybe = np.flatnonzero(has & ~out & ((first >= 0x80) | (last >= 0x80)))
    if maybe.size:
        sub = arr.take(ints(maybe))
        out[maybe] = byte_lengths(pc.utf8_trim_whitespace(sub)) < byte_lengths(sub)
    return out


_CONTROL = np.zeros(256, bool)
_CONTROL[[*range(0, 9), 11, 12, *range(14, 32), 127]] = True


def controls(arr: pa.StringArray) -> np.ndarray:
    """Cells holding a control character (C0 but tab and line breaks, and DEL); only the
    few bytes below 0x20 (line breaks, mostly) and DEL are looked at one by one."""
    off, data = _bytes(arr)
    window = data[off[0] : off[-1]]
    low = np.flatnonzero((window < 0x20) | (window == 0x7F))
    bad = low[_CONTROL[window[low]]]
    out = np.zeros(len(arr), bool)
    out[np.searchsorted(off, bad + off[0], side="right") - 1] = True
    return out


def take(arr: pa.StringArray, idx: np.ndarray) -> list[str]:
    return arr.take(ints(idx)).to_pylist()


# --------------------------------------------------------------------------- numbers, dates


@dataclass(frozen=True)
class Numbers:
    values: np.ndarray  # float64; NaN where empty or not a number
    bad: np.ndarray  # present but not a number
    nonfinite: np.ndarray  # inf, nan, or too large for a float (1e400)


def _cast(arr: pa.StringArray, present: np.ndarray, to: pa.DataType) -> pa.Array | None:
    """The present cells cast to ``to``; None when any of them does not cast. The first cells
    are tried alone first: Arrow builds an error per cell it cannot cast, so a column wrong
    throughout would cost many times its cast."""
    try:
        head = np.flatnonzero(present[: _PROBE * 4])[:_PROBE]
        if head.size:
            pc.cast(arr.take(ints(head)), to)
        return pc.cast(with_validity(arr, present), to)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def numbers(arr: pa.StringArray, present: np.ndarray) -> Numbers:
    """Parse a column of numbers (empty cells are missing values)."""
    values = _cast(arr, present, pa.float64())
    bad = np.zeros(len(arr), bool)
    if values is None:
        shaped = present & (matches(arr, NUMBER_RE) | matches(arr, NONFINITE_RE))
        values = pc.cast(with_validity(arr, shaped), pa.float64())
        bad = present & ~shaped
    out = to_float(values)
    with np.errstate(invalid="ignore"):
        nonfinite = present & ~bad & ~np.isfinite(out)
    out[nonfinite] = np.nan
    return Numbers(out, bad, nonfinite)


@dataclass(frozen=True)
class Dates:
    days: np.ndarray  # datetime64[D]; NaT where empty, malformed or out of bounds
    not_iso: np.ndarray  # present but not written YYYY-MM-DD
    not_real: np.ndarray  # YYYY-MM-DD but no such day (2025-02-30)
    out_of_bounds: np.ndarray  # a real day outside DATE_MIN..DATE_MAX


def dates(arr: pa.StringArray, present: np.ndarray) -> Dates:
    """Parse a column of ISO dates (empty cells are missing values)."""
    no = np.zeros(len(arr), bool)
    days = _cast(arr, present, pa.date32())
    not_iso, not_real = no, no
    if days is None:
        iso = present & matches(arr, ISO_DATE_RE)
        stamps = pc.strptime(
            with_validity(arr, iso), format="%Y-%m-%d", unit="s", error_is_null=True
        )
        # strptime rolls 2025-02-30 over into March: a real day prints back as it was written.
        real = iso & to_np(pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), arr))
        days = pc.cast(with_validity(arr, real), pa.date32())
        not_iso, not_real = present & ~iso, iso & ~real
    raw = to_int(days.cast(pa.int32()), np.iinfo(np.int64).min)
    out = raw.view("datetime64[D]").copy()
    out_of_bounds = ~np.isnat(out) & ((out < DATE_MIN) | (out > DATE_MAX))
    out[out_of_bounds] = np.datetime64("NaT")
    return Dates(out, not_iso, not_real, out_of_bounds)


# --------------------------------------------------------------------------- a batch


class Batch:
    """Rows of one file by schema column, each parsed at most once. ``rows`` holds each row's
    number as a spreadsheet shows it. Rows whose every cell is empty (a blank line, a row of
    commas) are dropped: they hold nothing to check, and the rows after keep their numbers."""

    def __init__(self, cols: dict[str, pa.Array], rows: np.ndarray, table: schema.Table):
        self.table = table
        text = {name: as_strings(a) for name, a in cols.items()}
        lengths = {name: byte_lengths(a) for name, a in text.items()}
        if lengths:
            keep = np.logical_or.reduce([v > 0 for v in lengths.values()])
            if not keep.all():
                idx = ints(np.flatnonzero(keep))
                text = {name: a.take(idx) for name, a in text.items()}
                lengths = {name: v[keep] for name, v in lengths.items()}
                rows = rows[keep]
        self.rows, self.n = rows, len(rows)
        self._text, self._lengths = text, lengths
        self._cache: dict[tuple[str, str], object] = {}

    @classmethod
    def of_table(cls, table: pa.Table, tschema: schema.Table) -> Batch:
        """All rows of a table of strings (a ledger already read) as one batch."""
        cols = {name: table.column(name) for name in table.column_names}
        return cls(cols, np.arange(2, table.num_rows + 2), tschema)

    def _get(self, kind: str, column: str, make):
        key = (kind, column)
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def has(self, column: str) -> bool:
        return column in self._text

    def text(self, column: str) -> pa.StringArray:
        """The column's cells; an optional column the file leaves out reads as empty."""
        if column not in self._text:
            offsets = pa.py_buffer(np.zeros(self.n + 1, np.int32))  # every cell empty
            self._text[column] = pa.StringArray.from_buffers(self.n, offsets, pa.py_buffer(b""))
            self._lengths[column] = np.zeros(self.n, np.int64)
        return self._text[column]

    def lengths(self, column: str) -> np.ndarray:
        self.text(column)
        return self._lengths[column]

    def present(self, column: str) -> np.ndarray:
        """Cells that are not empty (white space only still counts as present here)."""
        return self._get("present", column, lambda: self.lengths(column) > 0)

    def padded(self, column: str) -> np.ndarray:
        return self._get("pad", column, lambda: padded(self.text(column)))

    def values(self, column: str):
        """A function giving the cells at positions ``i`` (for problem lines)."""
        arr = self.text(column)
        return lambda i: take(arr, i)

    def numbers(self, column: str) -> Numbers:
        return self._get("num", column, lambda: numbers(self.text(column), self.present(column)))

    def number(self, column: str) -> np.ndarray:
        """Float values; NaN where empty or not a valid number."""
        return self.numbers(column).values

    def dates(self, column: str) -> Dates:
        return self._get("date", column, lambda: dates(self.text(column), self.present(column)))

    def codes(self, column: str, enum: tuple[str, ...] | None = None) -> np.ndarray:
        """An enum column as positions in its enum; -1 where empty or not one of them."""
        values = enum if enum is not None else (self.table.field(column).enum or ())
        return self._get(
            "codes" + "|".join(values),
            column,
            lambda: to_int(pc.index_in(self.text(column), value_set=strings(values))),
        )

    def is_(self, column: str, value: str) -> np.ndarray:
        return to_np(pc.equal(self.text(column), strings([value])[0]))

    def equal(self, a: str, b: str) -> np.ndarray:
        return to_np(pc.equal(self.text(a), self.text(b)))


# --------------------------------------------------------------------------- cell checks

# Patterns of the Table Schema, said in words a spreadsheet user can act on.
PATTERN_WORDS = {
    ("claims", "claim_id"): "an id is lowercase letters and digits in parts joined by hyphens, "
    "like usr-01 or my-2025-03",
    ("claims", "measure"): "a measure is lowercase words joined by underscores, "
    "like area_held_by_ukraine",
    ("sources", "source_id"): "a source id is lowercase letters and digits joined by hyphens, "
    "like my-blog-2025",
}
EMPTY = "required value is empty"
PADDED = "leading or trailing spaces"
NOT_A_NUMBER = "not a number (write digits only, e.g. 1000 not 1,000)"
NOT_ISO = "not an ISO date YYYY-MM-DD (dates like 03/04/2025 are ambiguous)"
NOT_REAL = "not a real calendar date"
OUT_OF_YEARS = f"outside the years {YEARS} (a typo in the year?)"
NOT_ALLOWED = "not one of the allowed values"
CONTROL = "contains a control character"


def url_rule(value: str) -> str:
    """Why a ``url`` cell is not a web address, in words."""
    v = value.strip()
    if not v.lower().startswith(("http://", "https://")):
        return "not a web address: it must start with http:// or https://"
    if any(ch.isspace() for ch in v):
        return (
            "a web address has no spaces: is there text after it? "
            "Put words about the page in the note column"
        )
    return "not a web address"


def first_control(text: str) -> str:
    """The first control character of ``text`` as U+XXXX, for messages."""
    for ch in text:
        if (ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 0x7F:
            return f"U+{ord(ch):04X}"
    return "?"


def check_cells(b: Batch, file: str, out: Collector, enums: dict | None = None) -> None:
    """Every field's constraints on every row of ``b`` (``enums``: allowed values that replace
    the schema's, as a ledger's own sides do)."""
    for f in b.table.fields:
        if b.has(f.name) or f.name not in b.table.optional:
            _check_field(b, f, file, out, (enums or {}).get(f.name, f.enum))


def _check_field(b: Batch, f: schema.Field, file: str, out: Collector, enum) -> None:
    name = f.name
    arr, present = b.text(name), b.present(name)
    values = b.values(name)
    emit = partial(out.masked(file, b.rows, b.values), name)

    # What breaks the column's own shape (type, enum, pattern).
    bad = np.zeros(b.n, bool)
    if f.type == "number":
        bad = b.numbers(name).bad
    elif f.type == "date":
        d = b.dates(name)
        bad = d.not_iso | d.not_real
    elif enum is not None:
        bad = present & (b.codes(name, tuple(enum)) < 0)
    elif f.pattern is not None:
        bad = present & ~matches(arr, f.pattern)
    structured = f.type in ("number", "date") or enum is not None or f.pattern is not None
    # A value that passes its shape cannot start or end with a space: only bad ones are looked at.
    pad = np.zeros(b.n, bool)
    if not structured:
        pad = b.padded(name)
    elif bad.any():
        idx = np.flatnonzero(bad)
        pad[idx] = padded(arr.take(ints(idx)))
    space_only = np.zeros(b.n, bool)
    if pad.any():
        idx = np.flatnonzero(pad)
        space_only[idx] = to_np(pc.utf8_is_space(arr.take(ints(idx))))
    if f.required:
        emit(~present | space_only, EMPTY)
    else:
        emit(space_only, "only spaces: leave the cell empty or write a value")
    emit(pad & ~space_only, PADDED)
    bad &= ~pad

    if f.type == "number":
        nums = b.numbers(name)
        emit(bad, NOT_A_NUMBER)
        emit(nums.nonfinite, "not a finite number")
        with np.errstate(invalid="ignore"):
            if f.minimum is not None:
                emit(
                    nums.values < f.minimum, f"must be at least {f.minimum:g}", "below the minimum"
                )
            if f.maximum is not None:
                emit(
                    nums.values > f.maximum,
                    f"must be at most {f.maximum:,.0f}",
                    "above the maximum",
                )
    elif f.type == "date":
        emit(d.not_iso & ~pad, NOT_ISO)
        emit(d.not_real & ~pad, NOT_REAL)
        emit(d.out_of_bounds, OUT_OF_YEARS)
    elif enum is not None:
        lower = {e.lower(): e for e in enum}

        def rule(i):
            hints = [
                lower.get(v.strip().lower().replace(" ", "_").replace("-", "_")) for v in values(i)
            ]
            return [
                f"not one of {', '.join(enum)}" + (f" (did you mean {h!r}?)" if h else "")
                for h in hints
            ]

        emit(bad, rule, kind=NOT_ALLOWED)
    elif name == "url":
        emit(bad, lambda i: [url_rule(v) for v in values(i)], kind="not a web address")
    elif f.pattern is not None:
        emit(bad, PATTERN_WORDS.get((b.table.name, name), "not in the expected form"))

    if f.max_length is not None:
        long = b.lengths(name) > f.max_length  # bytes: short in bytes is short in characters
        if long.any():
            idx = np.flatnonzero(long)
            long[idx] = to_int(pc.utf8_length(arr.take(ints(idx)))) > f.max_length
            emit(long, f"longer than {f.max_length} characters", kind="too long")
    if not structured or name == "url":
        emit(
            controls(arr) & ~bad,
            lambda i: [f"{CONTROL} ({first_control(v)}): remove it" for v in values(i)],
            kind=CONTROL,
        )
