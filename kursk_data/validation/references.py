"""Keys across rows and tables: ids unique, sources known, parts within their totals, one
statement reported twice alike, one claimant spelled one way.

A file is read in batches, so rules about the whole ledger keep compact state per row (ids,
units, values; row numbers) rather than the rows themselves, and run once at the end with a
single hash pass over every id and every id named.
"""

from __future__ import annotations

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


def _emitter(out: Collector, file: str, column: str, rows: np.ndarray, values):
    def emit(mask, rule, kind=None, severity="error"):
        idx = np.flatnonzero(mask)
        if idx.size:
            r = rule if isinstance(rule, str) else (lambda i: rule(idx[i]))
            out.emit(
                file,
                column,
                rows[idx],
                r,
                values=lambda i: values(idx[i]),
                kind=kind,
                severity=severity,
            )

    return emit


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


class IdState:
    """Ids of one file's rows (and their row numbers), checked for repeats at the end."""

    def __init__(self, column: str):
        self.column = column
        self.ids: list[pa.Array] = []
        self.rows: list[np.ndarray] = []
        self.n = 0

    def add(self, b: Batch) -> None:
        self.ids.append(b.text(self.column))
        self.rows.append(b.rows)
        self.n += b.n

    def all_ids(self) -> pa.ChunkedArray:
        return pa.chunked_array(self.ids, pa.string())

    def all_rows(self) -> np.ndarray:
        return np.concatenate(self.rows) if self.rows else np.zeros(0, np.int64)

    def encode(self, *more: pa.Array) -> tuple[np.ndarray, np.ndarray, int]:
        """One hash pass over this file's ids and ``more`` arrays: (codes of the ids, codes
        of ``more`` concatenated, first position of each code among the ids, -1 if none)."""
        enc = pc.dictionary_encode(pa.chunked_array([*self.ids, *more], pa.string()))
        codes = (
            np.concatenate([arrays.to_int(c.indices) for c in enc.chunks])
            if enc.num_chunks
            else np.zeros(0, np.int32)
        )
        size = len(enc.chunk(0).dictionary) if enc.num_chunks else 0
        return codes[: self.n], codes[self.n :], size

    def check_unique(self, out: Collector, file: str, codes: np.ndarray, size: int) -> np.ndarray:
        """Report repeated ids; returns each code's first position among the rows."""
        first = np.full(size, -1, np.int64)
        first[codes[::-1]] = np.arange(self.n)[::-1]
        pos = np.arange(self.n)
        repeated = first[codes] != pos
        if repeated.any():
            ids, rows = self.all_ids(), self.all_rows()
            repeated &= arrays.to_int(pc.binary_length(ids)) > 0
            emit = _emitter(out, file, self.column, rows, _take(ids))
            emit(
                repeated,
                lambda i: [
                    f"duplicate {self.column}: first used at row {rows[first[codes[j]]]}" for j in i
                ],
                kind=f"duplicate {self.column}",
            )
        return first


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

    def __init__(self, known: Known | None):
        self.known = known or Known()
        self.ids = IdState("claim_id")
        self.unit: list[np.ndarray] = []
        self.value: list[np.ndarray] = []
        self.high: list[np.ndarray] = []
        self.measures: list[pa.DictionaryArray] = []
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
        self.unit.append(b.codes("unit").astype(np.int8))
        self.value.append(b.number("value"))
        self.high.append(b.number("high"))
        self.measures.append(b.encoded("measure"))
        idx = self.parts.add(b, "part_of", base)
        self.part_low.append(b.number("low")[idx])
        self.same.add(b, "same_statement_as", base)
        enc = b.encoded("claimant")
        codes = arrays.to_int(enc.indices)
        first = np.full(len(enc.dictionary), -1)
        first[codes[::-1]] = np.arange(b.n)[::-1]
        self.names.append(enc.dictionary)
        self.name_rows.append(b.rows[first])

    def _measure_at(self, pos: np.ndarray) -> np.ndarray:
        """The measure of the rows at positions ``pos`` (few: rows named by another)."""
        out = np.empty(pos.size, dtype=object)
        batch = np.searchsorted(self.starts, pos, side="right") - 1
        for k in np.unique(batch):
            sel = np.flatnonzero(batch == k)
            enc = self.measures[k]
            local = arrays.to_int(enc.indices)[pos[sel] - self.starts[k]]
            out[sel] = enc.dictionary.take(arrays.ints(local)).to_pylist()
        return out

    def finish(self, out: Collector, file: str) -> None:
        known = self.known
        p_rows, p_pos, p_target = self.parts.cat()
        s_rows, s_pos, s_target = self.same.cat()
        codes, more, size = self.ids.encode(known.claim_ids, *p_target.chunks, *s_target.chunks)
        first = self.ids.check_unique(out, file, codes, size)
        nk = len(known.claim_ids)
        known_of = np.full(size, -1, np.int64)
        known_of[more[:nk][::-1]] = np.arange(nk)[::-1]
        tp, ts = more[nk : nk + len(p_target)], more[nk + len(p_target) :]
        unit = np.concatenate(self.unit) if self.unit else np.zeros(0, np.int8)
        value = np.concatenate(self.value) if self.value else np.zeros(0)
        high = np.concatenate(self.high) if self.high else np.zeros(0)

        # part_of: names a claim of the ledger, of the same unit, that leaves room for the part.
        mine, theirs = first[tp], known_of[tp]
        found = (mine >= 0) | (theirs >= 0)
        t_unit = _pick(mine, theirs, unit, known.unit, -1)
        t_high = _pick(mine, theirs, high, known.high, np.nan)
        p_unit, p_val = unit[p_pos], value[p_pos]
        p_low = np.concatenate(self.part_low) if self.part_low else np.zeros(0)
        emit = _emitter(out, file, "part_of", p_rows, _take(p_target))
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
        mine, theirs = first[ts], known_of[ts]
        found = (mine >= 0) | (theirs >= 0)
        emit = _emitter(out, file, "same_statement_as", s_rows, _take(s_target))
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

    def check_claimants(self, out: Collector, file: str) -> None:
        """Warn about spellings of one claimant that differ by case, punctuation or initials.

        A spelling is reported once, on the first row that uses it; shipped spellings are the
        ones kept.
        """
        if not self.names:
            return
        shipped = arrays.strings(self.known.claimants)
        # Per-batch dictionaries list names in order of first use, so this is that order too.
        aliases = near_duplicates(pa.chunked_array([shipped, *self.names], pa.string()))
        mine = [a for a in aliases if a.spelling not in set(self.known.claimants)]
        if not mine:
            return
        wanted = arrays.strings(sorted({a.spelling for a in mine} | {a.same_as for a in mine}))
        first_row: dict[str, int] = {}
        for names, rows in zip(self.names, self.name_rows, strict=True):
            hit = np.flatnonzero(arrays.to_np(pc.is_in(names, value_set=wanted)))
            for name, row in zip(
                names.take(arrays.ints(hit)).to_pylist(), rows[hit].tolist(), strict=True
            ):
                first_row.setdefault(name, row)
        for a in mine:
            where = (
                f"row {first_row[a.same_as]}" if a.same_as in first_row else "the shipped ledger"
            )
            out.add(
                file,
                first_row[a.spelling],
                "claimant",
                a.spelling,
                f"looks like {a.same_as!r} ({where}; {a.why}): spell one claimant one way",
                kind="near-duplicate claimant spellings",
                severity=WARNING,
            )


class SourcesState:
    """Ids, publication days and ``via`` links of a sources file."""

    def __init__(self):
        self.ids = IdState("source_id")
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
        codes, _, size = self.ids.encode()
        self.ids.check_unique(out, file, codes, size)
        ids = self.ids.all_ids()
        published = (
            np.concatenate(self.published) if self.published else np.zeros(0, "datetime64[D]")
        )
        known.add_sources(ids.combine_chunks() if len(ids) else arrays.strings([]), published)
        via = pa.chunked_array(self.via, pa.string())
        rows = np.concatenate(self.via_rows) if self.via_rows else np.zeros(0, np.int64)
        if len(via):
            ok = arrays.to_np(pc.is_in(via, value_set=known.source_ids))
            emit = _emitter(out, file, "via", rows, _take(via))
            emit(~ok, "names no source_id: add the dataset to the sources file")
