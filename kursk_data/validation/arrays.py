"""Vectorised reading of one column of Arrow strings: byte lengths, white space, control
characters, numbers and dates, each as NumPy arrays over the column's rows.

Most checks look at the bytes directly (Arrow's offsets and data buffers), so a column of free
text unique per row costs a few vector operations, not a Python loop or a hash table.
The bounds of numbers and dates live here too: validation and loading both parse through
:func:`numbers` and :func:`dates`, so what validates always loads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Dates: from 1900 to 2100. Wide enough for any figure a ledger of reported claims compares
# with (the world wars included), narrow enough to catch a slipped century (1025, 0025, 2205),
# and always inside what datetime64[ns] can hold (1677-09-21 to 2262-04-11), so a valid date
# always loads and charts.
DATE_MIN, DATE_MAX = np.datetime64("1900-01-01", "D"), np.datetime64("2100-12-31", "D")
YEARS = "1900-2100"
# Numbers: decimal digits with an optional point and exponent (90, 0.5, 1e5), finite.
NUMBER_RE = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
# What Arrow's parser also reads as a float; reported as "not a finite number".
NONFINITE_RE = r"(?i)^[+-]?(?:inf|infinity|nan)$"
ISO_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

_ASCII_SPACE = np.zeros(256, bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 32]] = True
# Lead bytes of the non-ASCII white space characters (U+0085, U+00A0, U+1680, U+2000-U+200A,
# U+2028/9, U+202F, U+205F, U+3000), and the last bytes they can end with.
_MAYBE_SPACE_LEAD = np.zeros(256, bool)
_MAYBE_SPACE_LEAD[[0xC2, 0xE1, 0xE2, 0xE3]] = True
_MAYBE_SPACE_LAST = np.zeros(256, bool)
_MAYBE_SPACE_LAST[[*range(0x80, 0x8B), 0x9F, 0xA0, 0xA8, 0xA9, 0xAF]] = True
# Those characters' bytes: every character Arrow's utf8_is_space counts beyond ASCII.
NON_ASCII_SPACES = "\u0085\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
NON_ASCII_SPACES += "\u2028\u2029\u202f\u205f\u3000"
_SPACE2 = np.array(
    sorted(int.from_bytes(c.encode(), "big") for c in NON_ASCII_SPACES if len(c.encode()) == 2)
)
_SPACE3 = np.array(
    sorted(int.from_bytes(c.encode(), "big") for c in NON_ASCII_SPACES if len(c.encode()) == 3)
)
# Control characters a cell may not hold: C0 except tab, line feed and carriage return; DEL.
# (C1 controls and bidirectional marks are allowed in data and escaped whenever printed.)
_CONTROL = np.zeros(256, bool)
_CONTROL[[*range(0, 9), 11, 12, *range(14, 32), 127]] = True
NAT = np.iinfo(np.int64).min


# Arrays are built from buffers, not with pa.array(): pyarrow imports pandas (seconds) the
# first time pa.array() sees anything, and validating a file never needs pandas.


def ints(values) -> pa.Array:
    """An int64 Arrow array of ``values`` (positions, mostly)."""
    v = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), v.size, [None, pa.py_buffer(v)])


def bools(values) -> pa.Array:
    """A boolean Arrow array of ``values`` (a mask)."""
    v = np.asarray(values, dtype=bool)
    bits = pa.py_buffer(np.packbits(v, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), v.size, [None, bits])


def strings(values) -> pa.StringArray:
    """A string Arrow array of Python strings (None reads as "")."""
    encoded = [("" if v is None else v).encode("utf-8") for v in values]
    ends = np.cumsum([len(e) for e in encoded], dtype=np.int64)
    off = np.concatenate([[0], ends]).astype(np.int32)
    return pa.StringArray.from_buffers(
        len(encoded), pa.py_buffer(off.tobytes()), pa.py_buffer(b"".join(encoded))
    )


def as_strings(arr) -> pa.StringArray:
    """One contiguous, null-free string array (nulls read as empty cells)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if arr.type != pa.string():
        arr = arr.cast(pa.string())
    if arr.null_count:
        arr = pc.if_else(pc.is_valid(arr), arr, strings([""])[0])
    return arr


def offsets(arr: pa.StringArray) -> np.ndarray:
    """The ``len(arr) + 1`` byte offsets of a string array: a read-only view of its int32
    offsets (not copied: several checks read them on every batch)."""
    buf = arr.buffers()[1]
    return np.frombuffer(buf, dtype=np.int32, count=len(arr) + 1, offset=arr.offset * 4)


def data(arr: pa.StringArray) -> np.ndarray:
    buf = arr.buffers()[2]
    if buf is None or buf.size == 0:  # all cells empty: one byte to index safely
        return np.zeros(1, np.uint8)
    return np.frombuffer(buf, dtype=np.uint8)


def byte_lengths(arr: pa.StringArray) -> np.ndarray:
    return np.diff(offsets(arr))


# Arrow results are read into NumPy from their buffers: Array.to_numpy() imports pandas too.
_NUMPY = {
    pa.int8(): np.int8,
    pa.int16(): np.int16,
    pa.int32(): np.int32,
    pa.int64(): np.int64,
    pa.uint8(): np.uint8,
    pa.uint32(): np.uint32,
    pa.float64(): np.float64,
}


def _chunks(arr) -> list[pa.Array]:
    return arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]


def _bits(buf, offset: int, n: int) -> np.ndarray:
    if buf is None:
        return np.ones(n, bool)
    raw = np.frombuffer(buf, np.uint8)
    return np.unpackbits(raw, bitorder="little", count=offset + n)[offset:].view(bool)


def valid(arr) -> np.ndarray:
    """Where an Arrow array is not null."""
    parts = [_bits(c.buffers()[0], c.offset, len(c)) for c in _chunks(arr)]
    return np.concatenate(parts) if parts else np.zeros(0, bool)


def to_np(arr) -> np.ndarray:
    """An Arrow boolean array as a NumPy array (nulls read as False)."""
    parts = [
        _bits(c.buffers()[1], c.offset, len(c))
        if c.buffers()[0] is None
        else _bits(c.buffers()[1], c.offset, len(c)) & _bits(c.buffers()[0], c.offset, len(c))
        for c in _chunks(arr)
    ]
    return np.concatenate(parts) if parts else np.zeros(0, bool)


def _values(c: pa.Array) -> np.ndarray:
    dtype = _NUMPY[c.type]
    return np.frombuffer(
        c.buffers()[1], dtype, count=len(c), offset=c.offset * np.dtype(dtype).itemsize
    )


def _filled(c: pa.Array, missing, dtype) -> np.ndarray:
    if c.buffers()[0] is None:  # no nulls: the values as they are (copied)
        return _values(c).astype(dtype)
    return np.where(valid(c), _values(c), missing).astype(dtype, copy=False)


def to_float(arr) -> np.ndarray:
    """An Arrow numeric array as float64, nulls as NaN (a new, writable array)."""
    parts = [_filled(c, np.nan, np.float64) for c in _chunks(arr)]
    return np.concatenate(parts) if len(parts) > 1 else parts[0] if parts else np.zeros(0)


def to_int(arr, missing: int = -1) -> np.ndarray:
    """An Arrow integer array as int64, nulls as ``missing`` (a new array)."""
    parts = [_filled(c, missing, np.int64) for c in _chunks(arr)]
    return np.concatenate(parts) if len(parts) > 1 else parts[0] if parts else np.zeros(0, np.int64)


def with_validity(arr: pa.StringArray, valid: np.ndarray) -> pa.StringArray:
    """The same strings with ``~valid`` cells null (no copy of the strings)."""
    if arr.offset:  # the bitmap is read from the array's offset on
        valid = np.concatenate([np.zeros(arr.offset, bool), valid])
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.StringArray.from_buffers(
        len(arr), arr.buffers()[1], arr.buffers()[2], bitmap, offset=arr.offset
    )


def take(arr: pa.StringArray, idx: np.ndarray) -> list[str]:
    return arr.take(ints(idx)).to_pylist()


_GOLDEN, _MIX = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xFF51AFD7ED558CCD)


def hash64(arr: pa.StringArray, width: int = 64) -> np.ndarray:
    """A 64-bit hash of each string (of its length and first ``width`` bytes).

    Equal strings hash alike; different ones almost never do, and callers compare the strings
    of equal hashes. Eight bytes a row, where a hash table of the strings takes tens.
    """
    off = offsets(arr)
    lengths = np.diff(off)
    h = lengths.astype(np.uint64) * _GOLDEN
    if not lengths.size or lengths.max() == 0:
        return h
    longest = int(lengths.max())
    words = -(-min(longest, width) // 8)
    mat = np.zeros((lengths.size, words * 8), np.uint8)
    if longest == lengths.min():  # ids of one length (the common case): the bytes as a grid
        used = min(longest, width)
        grid = data(arr)[off[0] : off[-1]].reshape(lengths.size, longest)
        mat[:, :used] = grid[:, :used]
    else:
        cols = np.arange(words * 8, dtype=np.int64)
        inside = cols[None, :] < lengths[:, None]
        mat[inside] = data(arr)[(off[:-1, None] + cols[None, :])[inside]]
    packed = mat.view(np.uint64)
    with np.errstate(over="ignore"):
        for j in range(words):
            h ^= packed[:, j]
            h *= _MIX
            h ^= h >> np.uint64(29)
    return h


def gather(chunks: list[pa.Array], starts: np.ndarray, pos: np.ndarray) -> pa.Array:
    """The cells at global positions ``pos`` of arrays ``chunks`` laid end to end
    (``starts``: each chunk's first position), in the order of ``pos``."""
    if not pos.size:
        return strings([])
    which = np.searchsorted(starts, pos, side="right") - 1
    order = np.argsort(which, kind="stable")
    parts = []
    for k in np.unique(which):
        sel = order[which[order] == k]
        parts.append(chunks[k].take(ints(pos[sel] - starts[k])))
    joined = pa.concat_arrays(parts)
    inverse = np.empty_like(order)
    inverse[order] = np.arange(order.size)
    return joined.take(ints(inverse))


def _seq(buf: np.ndarray, at: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` bytes from each position ``at`` as one integer (big-endian)."""
    code = np.zeros(at.size, np.int64)
    for k in range(n):
        code = (code << 8) | buf[at + k]
    return code


def _unicode_space(buf: np.ndarray, at: np.ndarray, room: np.ndarray) -> np.ndarray:
    """Whether a non-ASCII white space character is written at byte positions ``at``
    (``room``: bytes from there to the cell's end)."""
    two = room >= 2
    three = room >= 3
    out = np.zeros(at.size, bool)
    out[two] = np.isin(_seq(buf, at[two], 2), _SPACE2)
    out[three] |= np.isin(_seq(buf, at[three], 3), _SPACE3)
    return out


# Per byte, what it may be at a cell's start (bit 1: an ASCII space, bit 2: the lead byte of
# another space) and at its end (bit 1: an ASCII space, bit 2: the last byte of another).
_AT_START = (_ASCII_SPACE | (_MAYBE_SPACE_LEAD << 1)).astype(np.uint8)
_AT_END = (_ASCII_SPACE | (_MAYBE_SPACE_LAST << 1)).astype(np.uint8)


def padded(arr: pa.StringArray, lengths: np.ndarray) -> np.ndarray:
    """Cells that start or end with white space (Unicode white space included)."""
    off, buf = offsets(arr), data(arr)
    has = lengths > 0
    # An empty cell may point past the bytes: clipped, and masked by ``has`` below.
    first = np.take(buf, off[:-1], mode="clip")
    last = np.take(buf, off[1:] - 1, mode="clip")
    at_start, at_end = np.take(_AT_START, first), np.take(_AT_END, last)
    out = has & ((at_start | at_end) & 1).view(bool)
    # The bytes are valid UTF-8 (Arrow checked them): a sequence of a space's bytes at a
    # cell's start or end is that space, never the tail of another character.
    starts = np.flatnonzero(has & ~out & (at_start >> 1).view(bool))
    if starts.size:
        out[starts] = _unicode_space(buf, off[starts], lengths[starts])
    ends = np.flatnonzero(has & ~out & (at_end >> 1).view(bool) & (lengths > 1))
    if ends.size:
        two = _unicode_space(buf, off[ends + 1] - 2, np.minimum(lengths[ends], 2))
        three = _unicode_space(buf, off[ends + 1] - 3, np.where(lengths[ends] >= 3, 3, 0))
        out[ends] = two | three
    return out


def only_space(arr: pa.StringArray, pad: np.ndarray) -> np.ndarray:
    """Cells of white space only (they count as empty)."""
    out = np.zeros(len(arr), bool)
    if pad.all():  # every cell (a file padded throughout): no copy of them
        return to_np(pc.utf8_is_space(arr))
    if pad.any():
        idx = np.flatnonzero(pad)
        out[idx] = to_np(pc.utf8_is_space(arr.take(ints(idx))))
    return out


def controls(arr: pa.StringArray) -> np.ndarray:
    """Cells holding a control character: C0 but tab and line breaks, and DEL.

    Two vector passes over the bytes; only the few bytes below 0x20 (line breaks, mostly)
    are looked at one by one. C1 controls and bidirectional marks are escaped on output.
    """
    off, buf = offsets(arr), data(arr)
    lo, hi = int(off[0]), int(off[-1])
    out = np.zeros(len(arr), bool)
    if hi <= lo:
        return out
    window = buf[lo:hi]
    low = np.flatnonzero(window < 0x20)
    bad = low[_CONTROL[window[low]]] if low.size else low
    if (window == 0x7F).any():
        bad = np.union1d(bad, np.flatnonzero(window == 0x7F))
    if bad.size:
        out[np.searchsorted(off, bad + lo, side="right") - 1] = True
    return out


_ID_CLASS = np.zeros(256, np.uint8)  # 0: not allowed, 1: digit, 2: letter, 3: hyphen
_ID_CLASS[ord("0") : ord("9") + 1] = 1
_ID_CLASS[ord("a") : ord("z") + 1] = 2
_ID_CLASS[ord("-")] = 3
# The id patterns of the Table Schema, checked on bytes: (first must be a letter, least parts).
ID_PATTERNS = {
    "^[a-z][a-z0-9]*(-[a-z0-9]+)+$": (True, 2),
    "^[a-z0-9]+(-[a-z0-9]+)*$": (False, 1),
}


def id_shaped(arr: pa.StringArray, letter_first: bool, parts: int) -> np.ndarray:
    """Cells of lowercase letters and digits in ``parts`` or more parts joined by single
    hyphens (the id patterns, without a regular expression: a few passes over the bytes)."""
    off = offsets(arr)
    n, lo, hi = len(arr), int(off[0]), int(off[-1])
    lengths = np.diff(off)
    ok = lengths > 0
    if hi <= lo:
        return ok
    window = data(arr)[lo:hi]
    rel = off - lo
    kind = np.take(_ID_CLASS, window)  # a table lookup: take is faster than fancy indexing
    rows_of = lambda pos: np.searchsorted(rel, pos, side="right") - 1  # noqa: E731
    ok[rows_of(np.flatnonzero(kind == 0))] = False
    dash = kind == 3
    ok[rows_of(np.flatnonzero(dash[1:] & dash[:-1]) + 1)] = False  # "--"
    full = np.flatnonzero(ok)
    first, last = kind[rel[full]], kind[rel[full + 1] - 1]
    ok[full[(first == 3) | (last == 3) | ((first != 2) if letter_first else False)]] = False
    if parts > 1:
        dashes = np.zeros(n, np.int64)
        nonempty = np.flatnonzero(lengths > 0)
        dashes[nonempty] = np.add.reduceat(dash, rel[nonempty], dtype=np.int64)
        ok &= dashes >= parts - 1
    return ok


def first_control(text: str) -> str:
    """The first control character of ``text`` as U+XXXX, for messages."""
    for ch in text:
        o = ord(ch)
        if (o < 32 and ch not in "\t\n\r") or o == 0x7F:
            return f"U+{o:04X}"
    return "?"


@dataclass(frozen=True)
class Numbers:
    values: np.ndarray  # float64; NaN where empty or not a number
    bad: np.ndarray  # present but not a number
    nonfinite: np.ndarray  # inf, nan, or too large for a float (1e400)


_PROBE = 64  # cells cast first: see _cast


def _cast(arr: pa.StringArray, present: np.ndarray, to: pa.DataType) -> pa.Array | None:
    """The present cells cast to ``to``; None when any of them does not cast.

    Arrow builds an error for each cell it cannot cast (a column wrong throughout took 40
    times as long to fail as to cast), so the first present cells are tried alone first: a
    column they fail in fails whole, and goes straight to the slower, per-cell reading.
    """
    try:
        head = np.flatnonzero(present[: _PROBE * 4])[:_PROBE]
        if head.size:
            pc.cast(arr.take(ints(head)), to)
        return pc.cast(with_validity(arr, present), to)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _unpadded(arr: pa.StringArray, present: np.ndarray) -> np.ndarray:
    """Present cells that neither start nor end with white space: the only ones a number or
    date pattern (anchored, no spaces in it) can match."""
    return present & ~padded(arr, byte_lengths(arr))


def _matches(arr: pa.StringArray, pattern: str, where: np.ndarray) -> np.ndarray:
    """Cells at ``where`` that match ``pattern`` (the others are not asked)."""
    if where.all():
        return to_np(pc.match_substring_regex(arr, pattern))
    out = np.zeros(len(arr), bool)
    idx = np.flatnonzero(where)
    if idx.size:
        out[idx] = to_np(pc.match_substring_regex(arr.take(ints(idx)), pattern))
    return out


def numbers(arr: pa.StringArray, present: np.ndarray) -> Numbers:
    """Parse a column of numbers (empty cells are missing values)."""
    n = len(arr)
    values = _cast(arr, present, pa.float64())
    if values is not None:
        bad = np.zeros(n, bool)
    else:
        maybe = _unpadded(arr, present)
        shaped = _matches(arr, NUMBER_RE, maybe) | _matches(arr, NONFINITE_RE, maybe)
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
    n = len(arr)
    no = np.zeros(n, bool)
    days = _cast(arr, present, pa.date32())
    if days is not None:
        not_iso, not_real = no, no
    else:
        iso = _matches(arr, ISO_DATE_RE, _unpadded(arr, present))
        stamps = pc.strptime(
            with_validity(arr, iso), format="%Y-%m-%d", unit="s", error_is_null=True
        )
        # strptime rolls 2025-02-30 over into March: a real day prints back as it was written.
        back = pc.strftime(stamps, format="%Y-%m-%d")
        real = iso & to_np(pc.equal(back, arr))
        days = pc.cast(with_validity(arr, real), pa.date32())
        not_iso, not_real = present & ~iso, iso & ~real
    raw = to_int(days.cast(pa.int32()), np.iinfo(np.int32).min)
    missing = raw == np.iinfo(np.int32).min
    out = np.where(missing, NAT, raw).view("datetime64[D]")  # a new, writable array
    out_of_bounds = ~missing & ((out < DATE_MIN) | (out > DATE_MAX))
    out[out_of_bounds] = np.datetime64("NaT")
    return Dates(out, not_iso, not_real, out_of_bounds)
