"""Keys across rows and tables: ids unique, sources known, parts within their totals, one
statement reported twice alike, one claimant spelled one way.

A file is read in batches, so rules about the whole ledger keep compact state per row (ids,
units, values; row numbers) rather than the rows themselves, and run once at the end with a
single hash pass over every id and every id named.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import sys
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation import arrays
from kursk_data.validation.aliases import near_duplicates
from kursk_data.validation.batch import Batch
from kursk_data.validation.problems import WARNING, Collector

_UNITS = schema.enum("claims", "unit")


@dataclass
class Known:
    """Claims and sources a file may refer to (the shipped ledger, a sources file)."""

    claim_ids: pa.Array = field(default_factory=lambda: arrays.strings([]))
    unit: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))
    value: np.ndarray = field(default_factory=lambda: np.zeros(0))
    high: np.ndarray = field(default_factory=lambda: np.zeros(0))
    measure: pa.Array = field(default_factory=lambda: arrays.strings([]))
    claimants: list[str] = field(default_factory=list)
    source_ids: pa.Array = field(default_factory=lambda: arrays.strings([]))
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, "datetime64[D]"))

    @classmethod
    def of(cls, claims: Batch | None, sources: Batch | None) -> Known:
        k = cls()
        if claims is not None and claims.n:
            k.claim_ids = claims.text("claim_id")
            k.unit = claims.codes("unit")
            k.value, k.high = claims.number("value"), claims.number("high")
            k.measure = claims.text("measure")
            k.claimants = list(dict.fromkeys(claims.text("claimant").to_pylist()))
        if sources is not None and sources.n:
            k.add_sources(sources.text("source_id"), sources.dates("published").days)
        return k

    def add_sources(self, ids: pa.Array, published: np.ndarray) -> None:
        """Add sources; an id already known keeps its first row."""
        ids = pa.concat_arrays([self.source_ids, arrays.as_strings(ids)])
        published = np.concatenate([self.published, published])
        enc = pc.dictionary_encode(ids)
        codes = arrays.to_int(enc.indices)
        first = np.full(len(enc.dictionary), -1)
        first[codes[::-1]] = np.arange(len(codes))[::-1]
        self.source_ids, self.published = enc.dictionary, published[first]

    def published_of(self, source_id: pa.Array) -> tuple[np.ndarray, np.ndarray]:
        """For each cell: is the source known, and its publication day (NaT if not given)."""
        idx = pc.index_in(source_id, value_set=self.source_ids)
        known = arrays.valid(idx)
        pos = arrays.to_int(idx, 0)
        day = (
            self.published[pos]
            if len(self.published)
            else np.full(len(pos), "NaT", "datetime64[D]")
        )
        return known, np.where(known, day, np.datetime64("NaT"))


def _pick(mine, theirs, here, there, fill) -> np.ndarray:
    """Per link: ``here[mine]`` where it names a row of this file, else ``there[theirs]``."""
    out = np.full(
        mine.size, fill, dtype=np.result_type(here.dtype, there.dtype, np.asarray(fill).dtype)
    )
    m = mine >= 0
    out[m] = here[mine[m]]
    t = ~m & (theirs >= 0)
    out[t] = there[theirs[t]]
    return out


def _take(arr: pa.ChunkedArray | pa.Array):
    return lambda i: arr.take(arrays.ints(i)).to_pylist()


class _RowNumbers:
    """Spreadsheet rows of a file's positions, stored per batch: a batch of consecutive rows
    (nearly all of them) costs one number, not one per row."""

    def __init__(self):
        self.starts: list[int] = []
        self.first: list[int] = []
        self.exact: dict[int, np.ndarray] = {}
        self.n = 0

    def add(self, rows: np.ndarray) -> None:
        k = len(self.starts)
        self.starts.append(self.n)
        self.first.append(int(rows[0]) if rows.size else 0)
        if rows.size and rows[-1] - rows[0] != rows.size - 1:  # a gap: keep them all
            self.exact[k] = rows.astype(np.int64)
        self.n += rows.size

    def __getitem__(self, pos) -> np.ndarray:
        pos = np.asarray(pos, dtype=np.int64)
        k = np.searchsorted(self.starts, pos, side="right") - 1
        out = np.asarray(self.first, np.int64)[k] + pos - np.asarray(self.starts, np.int64)[k]
        for b, rows in self.exact.items():
            sel = k == b
            out[sel] = rows[pos[sel] - self.starts[b]]
        return out


class Chunked:
    """A per-row NumPy column kept as the batches gave it (never copied into one array)."""

    def __init__(self, dtype):
        self.parts: list[np.ndarray] = []
        self.starts: list[int] = []
        self.dtype = dtype
        self.n = 0

    def add(self, values: np.ndarray) -> None:
        self.starts.append(self.n)
        self.parts.append(values)
        self.n += values.size

    def __getitem__(self, pos) -> np.ndarray:
        pos = np.asarray(pos, dtype=np.int64)
        out = np.empty(pos.size, self.dtype)
        if not pos.size:
            return out
        if pos.size > 1 and (pos[1:] >= pos[:-1]).all():
            # Ascending positions (rows of this file, in order): one slice per batch.
            bounds = np.searchsorted(pos, [*self.starts, self.n])
            for b, (lo, hi) in enumerate(itertools.pairwise(bounds.tolist())):
                if hi > lo:
                    out[lo:hi] = self.parts[b][pos[lo:hi] - self.starts[b]]
            return out
        k = np.searchsorted(self.starts, pos, side="right") - 1
        for b in np.unique(k):
            sel = k == b
            out[sel] = self.parts[b][pos[sel] - self.starts[b]]
        return out


_HI, _LO = np.uint64(0xFFFFFFFF00000000), np.uint64(0xFFFFFFFF)
_JOIN = 1 << 18  # keys (2 MiB) per joined array of IdState


@functools.cache
def _trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # glibc
    except (AttributeError, OSError):  # another C library: nothing to call
        return None


def _give_back() -> None:
    """Hand the allocator's free pages back to the system. The keys seal() copies were freed
    into the C heap, which keeps them: the sorted copy then came on top, and a 5M-row file
    peaked near 600 MiB instead of about 550."""
    trim = _trim()
    if trim is not None:
        trim(0)


def _sorted_search(keys: np.ndarray, low: np.ndarray, high: np.ndarray):
    """``searchsorted`` of ``low`` (left) and ``high`` (right) in ``keys``, the needles taken
    in ascending order: NumPy then starts each search from the last one's result, which on a
    million keys is three times as fast as needles in random order."""
    order = np.argsort(low, kind="stable")
    left, right = np.empty(low.size, np.int64), np.empty(low.size, np.int64)
    left[order] = np.searchsorted(keys, low[order], side="left")
    right[order] = np.searchsorted(keys, high[order], side="right")
    return left, right


class IdState:
    """Ids of one file's rows as 64-bit hashes: the upper half beside the row's position in
    one array sorted once at the end (to find repeats and the rows an id names), the lower
    half per row to confirm a match. Twelve bytes a row, no hash table, no text: the text of
    the few ids a message shows is read again (``fetch``). Sources keep their text, which
    claims look up."""

    def __init__(self, column: str, keep_text: bool = False):
        self.column = column
        self.ids: list[pa.Array] = []  # the text, when kept
        self.keep_text = keep_text
        self._keys: list[np.ndarray] = []
        self._loose = 0  # how many of the last arrays in _keys are one batch's, not yet joined
        self.lo = Chunked(np.uint32)
        self._empty: list[np.ndarray] = []
        self.rows = _RowNumbers()
        self.n = 0
        self.fetch = None  # positions -> texts, set by the reader

    def add(self, b: Batch) -> None:
        ids = b.text(self.column)
        if self.keep_text:
            self.ids.append(ids)
        h = arrays.hash64(ids)
        keys = (h & _HI) | np.arange(self.n, self.n + b.n, dtype=np.uint64)
        keys.sort()  # here, while later batches are read: seal() then merges sorted runs
        self._keys.append(keys)
        self._loose += 1
        if sum(k.size for k in self._keys[-self._loose :]) >= _JOIN:
            # Joined by the 2 MiB: seal() then gives back a few large blocks as it copies them,
            # not thousands of a few KiB each.
            self._keys[-self._loose :] = [np.concatenate(self._keys[-self._loose :])]
            self._loose = 0
        self.lo.add((h & _LO).astype(np.uint32))
        self._empty.append(np.flatnonzero(b.lengths(self.column) == 0) + self.n)
        self.rows.add(b.rows)
        self.n += b.n

    def seal(self) -> None:
        """After the last batch: one sorted array of (upper half of the hash, position)."""
        keys = np.empty(self.n, np.uint64)
        at = 0
        for k, part in enumerate(self._keys):  # copied part by part, each freed once copied
            keys[at : at + part.size] = part
            at += part.size
            self._keys[k] = None
            del part
            _give_back()
        self._keys, self._loose = [], 0
        keys.sort(kind="stable")  # a merge of the batches' sorted runs (timsort)
        self.keys = keys
        self.empty = np.concatenate(self._empty) if self._empty else np.zeros(0, np.int64)

    def texts(self, pos: np.ndarray) -> list[str]:
        pos = np.asarray(pos, np.int64)
        if self.keep_text:
            return arrays.gather(self.ids, np.asarray(self.rows.starts), pos).to_pylist()
        return self.fetch(pos) if self.fetch is not None else [""] * pos.size

    def lookup(self, targets: pa.Array) -> np.ndarray:
        """The first position holding each target id, -1 where none does."""
        targets = arrays.as_strings(targets)
        out = np.full(len(targets), -1, np.int64)
        if not len(targets) or not self.n:
            return out
        h = arrays.hash64(targets)
        left, right = _sorted_search(self.keys, h & _HI, (h & _HI) | _LO)
        idx = np.flatnonzero(left < right)
        if not idx.size:
            return out
        want = (h[idx] & _LO).astype(np.uint32)
        first = (self.keys[left[idx]] & _LO).astype(np.int64)  # runs are in row order
        same = self.lo[first] == want
        out[idx[same]] = first[same]
        for j in np.flatnonzero(~same & (right[idx] - left[idx] > 1)):  # shared upper half
            i = idx[j]
            run = (self.keys[left[i] : right[i]] & _LO).astype(np.int64)
            match = run[self.lo[run] == want[j]]
            out[i] = match.min() if match.size else -1
        return out

    def check_unique(self, out: Collector, file: str) -> None:
        """Report each id used again, on the row that repeats it."""
        # The upper halves as a strided view, not a copy (40 MB on 5M rows, at the run's peak).
        halves = self.keys.view(np.uint32).reshape(-1, 2)
        top = halves[:, 1 if sys.byteorder == "little" else 0]
        equal = np.flatnonzero(top[1:] == top[:-1])
        del top, halves
        if not equal.size:
            return
        runs = np.unique(np.concatenate([equal, equal + 1]))
        pos = (self.keys[runs] & _LO).astype(np.int64)
        full = (self.keys[runs] & _HI) | self.lo[pos].astype(np.uint64)
        keep = ~np.isin(pos, self.empty)  # an empty id is reported as such
        pos, full = pos[keep], full[keep]
        order = np.argsort(pos, kind="stable")
        first: dict[int, int] = {}
        repeats: list[tuple[int, int]] = []
        for p, k in zip(pos[order].tolist(), full[order].tolist(), strict=True):
            if k in first:
                repeats.append((p, first[k]))
            else:
                first[k] = p
        if repeats:
            at = np.array([p for p, _ in repeats])
            was = self.rows[np.array([f for _, f in repeats])]
            out.emit(
                file,
                self.column,
                self.rows[at],
                lambda i: [f"duplicate {self.column}: first used at row {was[j]}" for j in i],
                values=lambda i: self.texts(at[i]),
                kind=f"duplicate {self.column}",
            )


@dataclass
class _Links:
    """Rows naming another claim (part_of, same_statement_as), kept compactly."""

    rows: list[np.ndarray] = field(default_factory=list)
    pos: list[np.ndarray] = field(default_factory=list)
    target: list[pa.Array] = field(default_factory=list)

    def add(self, b: Batch, column: str, base: int) -> np.ndarray:
        has = (
            b.present(column)
            & ~b.padded(column)
            & ~arrays.to_np(pc.equal(b.text(column), b.text("claim_id")))
        )
        idx = np.flatnonzero(has)
        self.rows.append(b.rows[idx])
        self.pos.append(idx + base)
        self.target.append(b.text(column).take(arrays.ints(idx)))
        return idx

    def cat(self):
        return (
            np.concatenate(self.rows) if self.rows else np.zeros(0, np.int64),
            np.concatenate(self.pos) if self.pos else np.zeros(0, np.int64),
            pa.chunked_array(self.target, pa.string()),
        )


class ClaimsState:
    """What the whole-ledger rules need from a claims file, a few numbers per row."""

    COMPACT_EVERY = 16  # batches of claimant spellings kept before keeping each one once

    def __init__(self, known: Known | None):
        self.known = known or Known()
        self.ids = IdState("claim_id")
        self.unit = Chunked(np.int8)
        self.value = Chunked(np.float64)
        self.high = Chunked(np.float64)
        self.measures: list[tuple[pa.Array, np.ndarray]] = []  # dictionary, codes
        self.starts: list[int] = []
        self.parts, self.same = _Links(), _Links()
        self.part_low: list[np.ndarray] = []
        self.names: list[pa.Array] = []
        self.name_rows: list[np.ndarray] = []

    @property
    def n(self) -> int:
        return self.ids.n

    def add(self, b: Batch) -> None:
        base = self.ids.n
        self.starts.append(base)
        self.ids.add(b)
        self.unit.add(b.codes("unit").astype(np.int8))
        self.value.add(b.number("value"))
        self.high.add(b.number("high"))
        enc = b.encoded("measure")
        codes = arrays.to_int(enc.indices)
        small = np.int16 if len(enc.dictionary) < 2**15 else np.int32  # measures repeat
        self.measures.append((enc.dictionary, codes.astype(small)))
        idx = self.parts.add(b, "part_of", base)
        self.part_low.append(b.number("low")[idx])
        self.same.add(b, "same_statement_as", base)
        self.names.append(b.text("claimant"))
        self.name_rows.append(b.rows.astype(np.int32))
        if len(self.names) > self.COMPACT_EVERY:
            self._compact_names()

    def _compact_names(self) -> None:
        """Keep each claimant spelling once, with the first row using it."""
        enc = pc.dictionary_encode(pa.chunked_array(self.names, pa.string()))
        codes = np.concatenate([arrays.to_int(c.indices) for c in enc.chunks])
        rows = np.concatenate(self.name_rows)
        first = np.full(len(enc.chunk(0).dictionary), -1, np.int64)
        first[codes[::-1]] = np.arange(codes.size)[::-1]  # batches come in row order
        self.names = [arrays.as_strings(enc.chunk(0).dictionary)]
        self.name_rows = [rows[first]]

    def _measure_at(self, pos: np.ndarray) -> np.ndarray:
        """The measure of the rows at positions ``pos`` (few: rows named by another)."""
        out = np.empty(pos.size, dtype=object)
        batch = np.searchsorted(self.starts, pos, side="right") - 1
        for k in np.unique(batch):
            sel = np.flatnonzero(batch == k)
            dictionary, codes = self.measures[k]
            local = codes[pos[sel] - self.starts[k]]
            out[sel] = dictionary.take(arrays.ints(local)).to_pylist()
        return out

    def _known_pos(self, targets: pa.ChunkedArray) -> np.ndarray:
        """Position of each target among the known (shipped) claims, -1 where absent."""
        if not len(self.known.claim_ids) or not len(targets):
            return np.full(len(targets), -1, np.int64)
        idx = pc.index_in(targets, value_set=self.known.claim_ids)
        return arrays.to_int(idx, -1)

    def finish(self, out: Collector, file: str) -> None:
        known = self.known
        self.ids.seal()
        self.ids.check_unique(out, file)
        p_rows, p_pos, p_target = self.parts.cat()
        s_rows, s_pos, s_target = self.same.cat()
        unit, value, high = self.unit, self.value, self.high

        # part_of: names a claim of the ledger, of the same unit, that leaves room for the part.
        mine = self.ids.lookup(p_target.combine_chunks()) if len(p_target) else np.zeros(0, int)
        theirs = self._known_pos(p_target)
        found = (mine >= 0) | (theirs >= 0)
        t_unit = _pick(mine, theirs, unit, known.unit, -1)
        t_high = _pick(mine, theirs, high, known.high, np.nan)
        p_unit, p_val = unit[p_pos], value[p_pos]
        p_low = np.concatenate(self.part_low) if self.part_low else np.zeros(0)
        emit = out.emitter(file, "part_of", p_rows, _take(p_target))
        emit(~found, "part_of names no claim_id in the ledger")
        other_unit = found & (p_unit >= 0) & (t_unit >= 0) & (p_unit != t_unit)
        emit(other_unit, "a part must have the unit of its total")
        with np.errstate(invalid="ignore"):
            least = np.fmax(np.nan_to_num(p_low), 0)  # an open lower end is read as 0
            exceeds = found & ~other_unit & ~np.isnan(t_high) & (least > t_high + 1e-9)
        target_text = _take(p_target)
        emit(
            exceeds,
            lambda i: [
                f"part exceeds its total: {p_val[j]:g} is more than {t_high[j]:g}, "
                f"the most {t} allows"
                for j, t in zip(i, target_text(i), strict=True)
            ],
            kind="part exceeds its total",
        )

        # same_statement_as: names a claim with the same measure, unit and value.
        mine = self.ids.lookup(s_target.combine_chunks()) if len(s_target) else np.zeros(0, int)
        theirs = self._known_pos(s_target)
        found = (mine >= 0) | (theirs >= 0)
        emit = out.emitter(file, "same_statement_as", s_rows, _take(s_target))
        emit(~found, "names no claim_id in the ledger")
        if found.any():
            idx = np.flatnonzero(found)
            mine, theirs = mine[idx], theirs[idx]
            in_file = mine >= 0
            t_measure = np.empty(idx.size, dtype=object)
            t_measure[in_file] = self._measure_at(mine[in_file])
            if (~in_file).any():
                t_measure[~in_file] = known.measure.take(arrays.ints(theirs[~in_file])).to_pylist()
            t_unit = _pick(mine, theirs, unit, known.unit, -1)
            t_value = _pick(mine, theirs, value, known.value, np.nan)
            own = s_pos[idx]
            same_value = (value[own] == t_value) | (np.isnan(value[own]) & np.isnan(t_value))
            differs = (self._measure_at(own) != t_measure) | (unit[own] != t_unit) | ~same_value
            mask = np.zeros(len(s_rows), bool)
            mask[idx[differs]] = True
            emit(
                mask,
                "one statement has one measure, unit and value: "
                "this row and the row it names differ",
            )

    def check_claimants(self, out: Collector, file: str, found=None) -> None:
        """Warn about spellings of one claimant that differ by case, punctuation or initials.

        A spelling is reported once, on the first row that uses it; shipped spellings are the
        ones kept. ``found``: what :meth:`claimant_warnings` returned, when it ran already.
        """
        for row, spelling, rule in self.claimant_warnings() if found is None else found:
            out.add(
                file,
                row,
                "claimant",
                spelling,
                rule,
                kind="near-duplicate claimant spellings",
                severity=WARNING,
            )

    def claimant_warnings(self) -> list[tuple[int, str, str]]:
        """The warnings of :meth:`check_claimants` as (row, spelling, rule), in the order they
        are reported. Reads only the claimant spellings: it may run beside :meth:`finish`."""
        if not self.names:
            return []
        self._compact_names()
        shipped = arrays.strings(self.known.claimants)
        # Per-batch dictionaries list names in order of first use, so this is that order too.
        aliases = near_duplicates(pa.chunked_array([shipped, *self.names], pa.string()))
        mine = [a for a in aliases if a.spelling not in set(self.known.claimants)]
        if not mine:
            return []
        wanted = arrays.strings(sorted({a.spelling for a in mine} | {a.same_as for a in mine}))
        first_row: dict[str, int] = {}
        for names, rows in zip(self.names, self.name_rows, strict=True):
            hit = np.flatnonzero(arrays.to_np(pc.is_in(names, value_set=wanted)))
            for name, row in zip(
                names.take(arrays.ints(hit)).to_pylist(), rows[hit].tolist(), strict=True
            ):
                first_row.setdefault(name, row)
        found = []
        for a in mine:
            where = (
                f"row {first_row[a.same_as]}" if a.same_as in first_row else "the shipped ledger"
            )
            rule = f"looks like {a.same_as!r} ({where}; {a.why}): spell one claimant one way"
            found.append((first_row[a.spelling], a.spelling, rule))
        return found


class SourcesState:
    """Ids, publication days and ``via`` links of a sources file."""

    def __init__(self):
        self.ids = IdState("source_id", keep_text=True)
        self.published: list[np.ndarray] = []
        self.via_rows: list[np.ndarray] = []
        self.via: list[pa.Array] = []

    @property
    def n(self) -> int:
        return self.ids.n

    def add(self, b: Batch) -> None:
        self.ids.add(b)
        self.published.append(b.dates("published").days)
        has = (
            b.present("via")
            & ~b.padded("via")
            & ~arrays.to_np(pc.equal(b.text("via"), b.text("source_id")))
        )
        idx = np.flatnonzero(has)
        self.via_rows.append(b.rows[idx])
        self.via.append(b.text("via").take(arrays.ints(idx)))

    def finish(self, out: Collector, file: str, known: Known) -> None:
        self.ids.seal()
        self.ids.check_unique(out, file)
        ids = pa.chunked_array(self.ids.ids, pa.string())
        published = (
            np.concatenate(self.published) if self.published else np.zeros(0, "datetime64[D]")
        )
        known.add_sources(ids.combine_chunks() if len(ids) else arrays.strings([]), published)
        via = pa.chunked_array(self.via, pa.string())
        rows = np.concatenate(self.via_rows) if self.via_rows else np.zeros(0, np.int64)
        if len(via):
            ok = arrays.to_np(pc.is_in(via, value_set=known.source_ids))
            emit = out.emitter(file, "via", rows, _take(via))
            emit(~ok, "names no source_id: add the dataset to the sources file")
