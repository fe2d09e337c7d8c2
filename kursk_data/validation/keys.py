"""Keys across rows and tables: ids unique, links that name a claim or a source, parts within
their totals, one statement reported twice alike, one claimant spelled one way.

A file is read in batches, so these rules keep a few values a row (ids as Arrow strings, unit,
value, high, measure codes, row numbers) and run once, at the end of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.aliases import near_duplicates, undrawable
from kursk_data.validation.columns import Batch, _bytes, as_strings, ints, strings, take, to_int
from kursk_data.validation.problems import WARNING, Collector


def _cat(parts: list, dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype)


def _text(parts: list[pa.Array]) -> pa.StringArray:
    return as_strings(pa.chunked_array(parts, pa.string())) if parts else strings([])


@dataclass
class Known:
    """Claims and sources a file may refer to (the shipped ledger, a sources file)."""

    claim_ids: pa.Array = field(default_factory=lambda: strings([]))
    unit: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    value: np.ndarray = field(default_factory=lambda: np.zeros(0))
    high: np.ndarray = field(default_factory=lambda: np.zeros(0))
    measure: list[str] = field(default_factory=list)
    claimants: list[str] = field(default_factory=list)
    claimant: list[str] = field(default_factory=list)  # per claim
    source_ids: pa.Array = field(default_factory=lambda: strings([]))
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, "datetime64[D]"))
    sides: dict[str, schema.Side] = field(default_factory=lambda: dict(schema.known_sides()))

    @classmethod
    def of(cls, claims: pa.Table | None, sources: pa.Table | None) -> Known:
        k = cls()
        if claims is not None and claims.num_rows:
            b = Batch.of_table(claims, schema.table("claims"))
            k.claim_ids = b.text("claim_id")
            k.unit = b.codes("unit")
            k.value, k.high = b.number("value"), b.number("high")
            k.measure = b.text("measure").to_pylist()
            k.claimant = b.text("claimant").to_pylist()
            k.claimants = list(dict.fromkeys(k.claimant))
        if sources is not None and sources.num_rows:
            b = Batch.of_table(sources, schema.table("sources"))
            k.add_sources(b.text("source_id"), b.dates("published").days)
        return k

    def add_sources(self, ids: pa.Array, published: np.ndarray) -> None:
        """Add sources; an id already known keeps its first row."""
        ids = as_strings(pa.chunked_array([self.source_ids, as_strings(ids)], pa.string()))
        published = np.concatenate([self.published, published])
        enc = pc.dictionary_encode(ids)
        codes = to_int(enc.indices)
        first = np.full(len(enc.dictionary), -1)
        first[codes[::-1]] = np.arange(len(codes))[::-1]
        self.source_ids, self.published = enc.dictionary, published[first]

    def published_of(self, source_id: pa.Array) -> tuple[np.ndarray, np.ndarray]:
        """For each cell: is the source known, and its publication day (NaT if not given)."""
        pos = to_int(pc.index_in(source_id, value_set=self.source_ids))
        known = pos >= 0
        day = np.full(len(pos), "NaT", "datetime64[D]")
        day[known] = self.published[pos[known]]
        return known, day


def _index(targets: pa.Array, ids: pa.Array) -> np.ndarray:
    """Position of each target among ``ids`` (the first that matches), -1 where absent."""
    if not len(targets) or not len(ids):
        return np.full(len(targets), -1, np.int64)
    # The targets (a few links) are hashed and the ids looked up in them, not the other way:
    # a hash table of millions of ids cost hundreds of MB.
    wanted = pc.unique(targets)
    hit = to_int(pc.index_in(ids, value_set=wanted))
    at = np.flatnonzero(hit >= 0)
    first = np.full(len(wanted), -1, np.int64)
    first[hit[at][::-1]] = at[::-1]
    return first[to_int(pc.index_in(targets, value_set=wanted))]


@dataclass
class _Links:
    """Rows naming another row (part_of, same_statement_as, via): positions and targets."""

    pos: list[np.ndarray] = field(default_factory=list)
    target: list[pa.Array] = field(default_factory=list)

    def add(self, b: Batch, column: str, own: str, base: int) -> np.ndarray:
        idx = np.flatnonzero(b.present(column) & ~b.padded(column) & ~b.equal(column, own))
        self.pos.append(idx + base)
        self.target.append(b.text(column).take(ints(idx)))
        return idx

    def all(self) -> tuple[np.ndarray, pa.StringArray]:
        return _cat(self.pos, np.int64), _text(self.target)


class _State:
    """What the whole-file rules need from a file: ids, rows, links (a few values a row)."""

    def __init__(self, column: str):
        self.column = column
        self.ids: list[pa.Array] = []
        self.rows: list[np.ndarray] = []
        self.n = 0
        self.filled = 0  # rows whose empty low/high the qualifier rule fills (claims)

    def add(self, b: Batch) -> int:
        base = self.n
        self.ids.append(b.text(self.column))
        self.rows.append(b.rows.astype(np.int32))
        self.n += b.n
        return base

    def check_unique(self, out: Collector, file: str) -> tuple[pa.StringArray, np.ndarray]:
        """Report each id used again, on the row that repeats it; return (ids, rows)."""
        ids, rows = _text(self.ids), _cat(self.rows, np.int32)
        self.ids = [ids]
        # Ids are compared in eight groups by their last byte (equal ids share it): a hash
        # table of each group, not of millions of ids at once, bounds the peak.
        off, data = _bytes(ids)
        filled = np.flatnonzero(off[1:] > off[:-1])  # an empty id is reported as such
        group = data[off[1:][filled] - 1] & 7
        again_parts, first_parts = [], []
        for k in range(8):
            idx = filled[group == k]
            if idx.size < 2:
                continue
            codes = to_int(pc.dictionary_encode(ids.take(ints(idx))).indices)
            first = np.full(codes.max() + 1, -1, np.int64)
            first[codes[::-1]] = np.arange(codes.size)[::-1]
            rep = np.flatnonzero(first[codes] != np.arange(codes.size))
            again_parts.append(idx[rep])
            first_parts.append(idx[first[codes[rep]]])
        again, firsts = _cat(again_parts, np.int64), _cat(first_parts, np.int64)
        order = np.argsort(again, kind="stable")
        again, was = again[order], rows[firsts[order]]
        out.emit(
            file,
            self.column,
            rows[again],
            lambda i: [f"duplicate {self.column}: first used at row {was[j]}" for j in i],
            values=lambda i: take(ids, again[i]),
            kind=f"duplicate {self.column}",
        )
        return ids, rows


class ClaimsState(_State):
    """The whole-file rules of a claims file."""

    def __init__(self, known: Known):
        super().__init__("claim_id")
        self.known = known
        self.unit: list[np.ndarray] = []
        self.value: list[np.ndarray] = []
        self.high: list[np.ndarray] = []
        # Per batch, dictionary-encoded: measure and claimant (rows named by others need them).
        self.coded: dict[str, list[tuple[pa.Array, np.ndarray]]] = {"measure": [], "claimant": []}
        self.parts, self.same, self.revises = _Links(), _Links(), _Links()
        self.labels: dict[str, tuple[str, int]] = {}  # measure -> (label, first row)
        self.label_clash: list[tuple[int, str, str, str, int]] = []
        self.part_low: list[np.ndarray] = []
        self.names: list[pa.Array] = []  # claimant spellings, each batch's once
        self.name_rows: list[np.ndarray] = []  # the first row of each

    def add(self, b: Batch) -> int:
        base = super().add(b)
        self.unit.append(b.codes("unit").astype(np.int8))
        self.value.append(b.number("value"))
        self.high.append(b.number("high"))
        for column, parts in self.coded.items():
            if column == "claimant" and not b.has("revises"):
                continue  # only a revision needs the claimant of the row it names
            enc = pc.dictionary_encode(b.text(column))
            parts.append((enc.dictionary, to_int(enc.indices).astype(np.int32)))
        idx = self.parts.add(b, "part_of", "claim_id", base)
        self.part_low.append(b.number("low")[idx])
        self.same.add(b, "same_statement_as", "claim_id", base)
        self.revises.add(b, "revises", "claim_id", base)
        if b.has("measure_label"):
            at = np.flatnonzero(b.present("measure_label"))
            pairs = zip(
                take(b.text("measure"), at),
                take(b.text("measure_label"), at),
                b.rows[at].tolist(),
                strict=True,
            )
            for measure, label, row in pairs:
                first = self.labels.setdefault(measure, (label, row))
                if first[0] != label:
                    self.label_clash.append((row, measure, label, *first))
        self.names.append(b.text("claimant"))
        self.name_rows.append(b.rows)
        if len(self.names) > 16:
            self._first_names()
        return base

    def _first_names(self) -> dict[str, int]:
        """Keep each claimant spelling once, with the first row that uses it."""
        enc = pc.dictionary_encode(_text(self.names))
        codes = to_int(enc.indices)
        first = np.full(len(enc.dictionary), -1)
        first[codes[::-1]] = np.arange(codes.size)[::-1]
        self.names, self.name_rows = [enc.dictionary], [_cat(self.name_rows, np.int64)[first]]
        return dict(zip(enc.dictionary.to_pylist(), self.name_rows[0].tolist(), strict=True))

    def _at(self, column: str, pos: np.ndarray) -> np.ndarray:
        """The ``column`` (measure, claimant) of the rows at positions ``pos``."""
        parts = self.coded[column]
        starts = np.cumsum([0] + [c.size for _, c in parts])
        batch = np.searchsorted(starts, pos, side="right") - 1
        out = np.empty(pos.size, dtype=object)
        for k in np.unique(batch):
            sel = np.flatnonzero(batch == k)
            dictionary, codes = parts[k]
            out[sel] = take(dictionary, codes[pos[sel] - starts[k]])
        return out

    def finish(self, out: Collector, file: str) -> None:
        ids, rows = self.check_unique(out, file)
        known = self.known
        unit, value, high = (
            _cat(x, d) for x, d in ((self.unit, np.int8), (self.value, float), (self.high, float))
        )

        # Every link's target looked up at once: one pass over the ids, not one per column.
        links = {"part_of": self.parts, "same_statement_as": self.same, "revises": self.revises}
        found = {c: links[c].all() for c in links}
        every = _text([target for _, target in found.values()])
        at = np.cumsum([0] + [len(target) for _, target in found.values()])
        all_mine, all_theirs = _index(every, ids), _index(every, known.claim_ids)
        for k, c in enumerate(links):
            found[c] += (all_mine[at[k] : at[k + 1]], all_theirs[at[k] : at[k + 1]])

        def resolve(column):
            """Per link: positions, targets, where found (own file first, else the known
            ledger), and the target's unit, value, high."""
            pos, targets, mine, theirs = found[column]
            theirs = np.where(mine >= 0, -1, theirs)
            t = {}
            for name, here, there, fill in (
                ("unit", unit, known.unit, -1),
                ("value", value, known.value, np.nan),
                ("high", high, known.high, np.nan),
            ):
                v = np.full(len(targets), fill, dtype=float)
                v[mine >= 0] = here[mine[mine >= 0]]
                v[theirs >= 0] = there[theirs[theirs >= 0]]
                t[name] = v
            return pos, targets, mine, theirs, t

        # part_of: names a claim of the ledger, of the same unit, that leaves room for the part.
        pos, target, mine, theirs, t = resolve("part_of")
        known_target = (mine >= 0) | (theirs >= 0)
        names = lambda i: take(target, i)  # noqa: E731
        emit = partial(out.masked(file, rows[pos], lambda _: names), "part_of")
        emit(~known_target, "part_of names no claim_id in the ledger")
        p_unit = unit[pos].astype(float)
        other_unit = known_target & (p_unit >= 0) & (t["unit"] >= 0) & (p_unit != t["unit"])
        emit(other_unit, "a part must have the unit of its total")
        with np.errstate(invalid="ignore"):
            least = np.fmax(np.nan_to_num(_cat(self.part_low, float)), 0)  # open low reads as 0
            exceeds = known_target & ~other_unit & ~np.isnan(t["high"]) & (least > t["high"] + 1e-9)
        p_val, t_high = value[pos], t["high"]
        emit(
            exceeds,
            lambda i: [
                f"part exceeds its total: {p_val[j]:g} is more than {t_high[j]:g}, "
                f"the most {name} allows"
                for j, name in zip(i, names(i), strict=True)
            ],
            kind="part exceeds its total",
        )

        # same_statement_as: names a claim with the same measure, unit and value.
        pos, target, mine, theirs, t = resolve("same_statement_as")
        emit = partial(
            out.masked(file, rows[pos], lambda _: lambda i: take(target, i)), "same_statement_as"
        )
        emit((mine < 0) & (theirs < 0), "names no claim_id in the ledger")
        t_measure = np.full(len(target), None, dtype=object)
        t_measure[mine >= 0] = self._at("measure", mine[mine >= 0])
        t_measure[theirs >= 0] = [known.measure[j] for j in theirs[theirs >= 0]]
        own_value = value[pos]
        same_value = (own_value == t["value"]) | (np.isnan(own_value) & np.isnan(t["value"]))
        differs = (self._at("measure", pos) != t_measure) | (unit[pos] != t["unit"]) | ~same_value
        emit(
            ((mine >= 0) | (theirs >= 0)) & differs,
            "one statement has one measure, unit and value: this row and the row it names differ",
        )

        # revises: names an earlier claim of the same claimant and measure.
        pos, target, mine, theirs, _ = resolve("revises")
        emit = partial(out.masked(file, rows[pos], lambda _: lambda i: take(target, i)), "revises")
        emit((mine < 0) & (theirs < 0), "names no claim_id in the ledger")
        for column in ("claimant", "measure"):
            theirs_of = known.claimant if column == "claimant" else known.measure
            other = np.full(len(target), None, dtype=object)
            other[mine >= 0] = self._at(column, mine[mine >= 0])
            other[theirs >= 0] = [theirs_of[j] for j in theirs[theirs >= 0]]
            emit(
                ((mine >= 0) | (theirs >= 0)) & (self._at(column, pos) != other),
                f"a claim revises a claim of the same claimant and measure: this {column} differs",
                kind="a revision of another claimant or measure",
            )

        # Links that come back to where they start: each loop once, on its first row.
        for column, (pos, _, mine, _) in found.items():
            for loop in _loops(pos, mine):
                names = " -> ".join(take(ids, [*loop, loop[0]]))
                out.add(
                    file,
                    int(rows[loop[0]]),
                    column,
                    take(ids, [loop[1 % len(loop)]])[0],  # the id the first row names
                    f"{column} goes round in a loop: {names}",
                    kind=f"{column} in a loop",
                )

        for row, measure, label, first, at in self.label_clash:
            out.add(
                file,
                row,
                "measure_label",
                label,
                f"measure {measure!r} is labelled {first!r} at row {at}: one label per measure",
                kind="two labels for one measure",
            )
        if self.filled:
            out.add(
                file,
                None,
                "low",
                None,
                f"{self.filled:,} row(s) leave low or high empty: filled from the qualifier rule "
                "(README 'Qualifiers and bounds')",
                kind="bounds filled from the qualifier rule",
                severity=WARNING,
            )

    def check_claimants(self, out: Collector, file: str) -> None:
        """Warn about spellings of one claimant that differ by case, punctuation, initials or
        look-alike letters, or that the charts' font cannot draw; each on the first row using
        it. Shipped spellings are kept."""
        shipped, names = set(self.known.claimants), self._first_names()
        for a in near_duplicates([*self.known.claimants, *names]):
            if a.spelling in shipped:
                continue
            where = f"row {names[a.same_as]}" if a.same_as in names else "the shipped ledger"
            out.add(
                file,
                names[a.spelling],
                "claimant",
                a.spelling,
                f"looks like {a.same_as!r} ({where}; {a.why}): spell one claimant one way",
                kind="near-duplicate claimant spellings",
                severity=WARNING,
            )
        for name, row in names.items():
            missing = undrawable(name)
            if missing:
                shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:5])
                more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                out.add(
                    file,
                    row,
                    "claimant",
                    name,
                    f"characters the chart font cannot draw: {shown}{more}: charts show them as "
                    "empty boxes; write the name in Latin letters",
                    kind="characters the chart font cannot draw",
                    severity=WARNING,
                )


class SourcesState(_State):
    """Ids, publication days and ``via`` links of a sources file."""

    def __init__(self):
        super().__init__("source_id")
        self.published: list[np.ndarray] = []
        self.via = _Links()

    def add(self, b: Batch) -> int:
        base = super().add(b)
        self.published.append(b.dates("published").days)
        self.via.add(b, "via", "source_id", base)
        return base

    def finish(self, out: Collector, file: str, known: Known) -> None:
        ids, rows = self.check_unique(out, file)
        known.add_sources(ids, _cat(self.published, "datetime64[D]"))
        pos, via = self.via.all()
        emit = partial(out.masked(file, rows[pos], lambda _: lambda i: take(via, i)), "via")
        emit(
            _index(via, known.source_ids) < 0,
            "names no source_id: add the dataset to the sources file",
        )


def _loops(src: np.ndarray, dst: np.ndarray) -> list[list[int]]:
    """Each loop of the links ``src[k] -> dst[k]`` (positions; -1: to no row of this file),
    as the positions on it starting from the first; every position has one link at most."""
    step = {int(a): int(b) for a, b in zip(src, dst, strict=True) if b >= 0}
    done: set[int] = set()
    loops = []
    for start in sorted(step):
        path: list[int] = []
        at = start
        while at in step and at not in done:
            done.add(at)
            path.append(at)
            at = step[at]
        if at in path:
            loop = path[path.index(at) :]
            first = loop.index(min(loop))
            loops.append(loop[first:] + loop[:first])
    return loops


class SidesState(_State):
    """The sides of a sides file: unique, then known to the claims read after them."""

    def __init__(self):
        super().__init__("side")
        self.sides: list[schema.Side] = []

    def add(self, b: Batch) -> int:
        cols = [b.text(c).to_pylist() for c in ("side", "name", "colour", "role")]
        for side, name, colour, role in zip(*cols, strict=True):
            if colour in schema.COLOUR_FAMILIES and role in schema.ROLE_STATUS:
                self.sides.append(schema.Side(side, name, colour, role))
        return super().add(b)

    def finish(self, out: Collector, file: str, known: Known) -> None:
        self.check_unique(out, file)
        for side in self.sides:
            if known.sides.get(side.side, side).role == side.role:
                known.sides.setdefault(side.side, side)
