"""Validating a whole ledger: a user's files against the shipped one, a file on its own, or a
DataFrame; and reading a user's files for the loaders (the same checks, one pass).

A file is read in batches (see :mod:`~kursk_data.validation.read`): each batch is checked on its
own, and the rules about the whole ledger (ids unique, links that name a claim, one claimant
spelled one way) keep a few values a row and run once at the end. The shipped ledger is read
and validated here once per process.
"""

from __future__ import annotations

import copy
import os
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.aliases import near_duplicates
from kursk_data.validation.columns import (
    Batch,
    as_strings,
    check_cells,
    emitter,
    ints,
    strings,
    take,
    to_int,
    to_np,
)
from kursk_data.validation.problems import WARNING, Collector, Problem, Report, ValidationError
from kursk_data.validation.read import Input, Mode, Retry, Rows, open_input, read_header
from kursk_data.validation.rules import (
    check_claim_rules,
    check_dates_against_sources,
    check_source_rules,
)

if TYPE_CHECKING:
    import pandas as pd

SHIPPED_FILES = ("claims.csv", "sources.csv")
LOADER_PROBLEMS = 100  # problems a ValidationError from the loaders lists (all are counted)


def _is_frame(data: object) -> bool:
    # pandas is not imported to validate a file: a frame can only exist if pandas is loaded.
    pd_mod = sys.modules.get("pandas")
    return pd_mod is not None and isinstance(data, pd_mod.DataFrame)


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
    source_ids: pa.Array = field(default_factory=lambda: strings([]))
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, "datetime64[D]"))

    @classmethod
    def of(cls, claims: pa.Table | None, sources: pa.Table | None) -> Known:
        k = cls()
        if claims is not None and claims.num_rows:
            b = Batch.of_table(claims, schema.table("claims"))
            k.claim_ids = b.text("claim_id")
            k.unit = b.codes("unit")
            k.value, k.high = b.number("value"), b.number("high")
            k.measure = b.text("measure").to_pylist()
            k.claimants = list(dict.fromkeys(b.text("claimant").to_pylist()))
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
    return to_int(pc.index_in(targets, value_set=ids))


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
        codes = to_int(pc.dictionary_encode(ids).indices)
        first = np.full(codes.max() + 1 if codes.size else 0, -1, np.int64)
        first[codes[::-1]] = np.arange(codes.size)[::-1]
        again = np.flatnonzero(
            (first[codes] != np.arange(codes.size)) & (to_int(pc.binary_length(ids)) > 0)
        )
        was = rows[first[codes[again]]]
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
        self.measures: list[tuple[pa.Array, np.ndarray]] = []  # per batch: dictionary, codes
        self.parts, self.same = _Links(), _Links()
        self.part_low: list[np.ndarray] = []
        self.names: list[pa.Array] = []  # claimant spellings, each batch's once
        self.name_rows: list[np.ndarray] = []  # the first row of each

    def add(self, b: Batch) -> int:
        base = super().add(b)
        self.unit.append(b.codes("unit").astype(np.int8))
        self.value.append(b.number("value"))
        self.high.append(b.number("high"))
        enc = pc.dictionary_encode(b.text("measure"))
        self.measures.append((enc.dictionary, to_int(enc.indices).astype(np.int32)))
        idx = self.parts.add(b, "part_of", "claim_id", base)
        self.part_low.append(b.number("low")[idx])
        self.same.add(b, "same_statement_as", "claim_id", base)
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

    def _measure(self, pos: np.ndarray) -> np.ndarray:
        starts = np.cumsum([0] + [c.size for _, c in self.measures])
        batch = np.searchsorted(starts, pos, side="right") - 1
        out = np.empty(pos.size, dtype=object)
        for k in np.unique(batch):
            sel = np.flatnonzero(batch == k)
            dictionary, codes = self.measures[k]
            out[sel] = take(dictionary, codes[pos[sel] - starts[k]])
        return out

    def finish(self, out: Collector, file: str) -> None:
        ids, rows = self.check_unique(out, file)
        known = self.known
        unit, value, high = (
            _cat(x, d) for x, d in ((self.unit, np.int8), (self.value, float), (self.high, float))
        )

        def resolve(targets):
            """Per link: found, and the target's unit, value, high (own file first)."""
            mine, theirs = _index(targets, ids), _index(targets, known.claim_ids)
            theirs[mine >= 0] = -1
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
            return mine, theirs, t

        # part_of: names a claim of the ledger, of the same unit, that leaves room for the part.
        pos, target = self.parts.all()
        mine, theirs, t = resolve(target)
        found = (mine >= 0) | (theirs >= 0)
        names = lambda i: take(target, i)  # noqa: E731
        emit = _emit_at(out, file, "part_of", rows[pos], names)
        emit(~found, "part_of names no claim_id in the ledger")
        p_unit = unit[pos].astype(float)
        other_unit = found & (p_unit >= 0) & (t["unit"] >= 0) & (p_unit != t["unit"])
        emit(other_unit, "a part must have the unit of its total")
        with np.errstate(invalid="ignore"):
            least = np.fmax(np.nan_to_num(_cat(self.part_low, float)), 0)  # open low reads as 0
            exceeds = found & ~other_unit & ~np.isnan(t["high"]) & (least > t["high"] + 1e-9)
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
        pos, target = self.same.all()
        mine, theirs, t = resolve(target)
        emit = _emit_at(out, file, "same_statement_as", rows[pos], lambda i: take(target, i))
        emit((mine < 0) & (theirs < 0), "names no claim_id in the ledger")
        t_measure = np.full(len(target), None, dtype=object)
        t_measure[mine >= 0] = self._measure(mine[mine >= 0])
        t_measure[theirs >= 0] = [known.measure[j] for j in theirs[theirs >= 0]]
        own_value = value[pos]
        same_value = (own_value == t["value"]) | (np.isnan(own_value) & np.isnan(t["value"]))
        differs = (self._measure(pos) != t_measure) | (unit[pos] != t["unit"]) | ~same_value
        emit(
            ((mine >= 0) | (theirs >= 0)) & differs,
            "one statement has one measure, unit and value: this row and the row it names differ",
        )

    def check_claimants(self, out: Collector, file: str) -> None:
        """Warn about spellings of one claimant that differ by case, punctuation, initials or
        look-alike letters; each on the first row using it. Shipped spellings are kept."""
        shipped, names = set(self.known.claimants), self._first_names()
        for a in near_duplicates([*self.known.claimants, *names]):
            if a.spelling in shipped:
                continue
            where = (
                f"row {self.names[a.same_as]}" if a.same_as in self.names else "the shipped ledger"
            )
            out.add(
                file,
                names[a.spelling],
                "claimant",
                a.spelling,
                f"looks like {a.same_as!r} ({where}; {a.why}): spell one claimant one way",
                kind="near-duplicate claimant spellings",
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
        emit = _emit_at(out, file, "via", rows[pos], lambda i: take(via, i))
        emit(
            _index(via, known.source_ids) < 0,
            "names no source_id: add the dataset to the sources file",
        )


def _emit_at(out: Collector, file: str, column: str, rows: np.ndarray, values):
    def emit(mask, rule, kind=None):
        idx = np.flatnonzero(mask)
        if idx.size:
            r = rule if isinstance(rule, str) else (lambda i: rule(idx[i]))
            out.emit(file, column, rows[idx], r, values=lambda i: values(idx[i]), kind=kind)

    return emit


@dataclass
class _Read:
    """One file read: its problems, its whole-file state, and its rows when kept."""

    out: Collector
    table: str
    state: Any = None
    rows: pa.Table | None = None


class _Checker:
    """The checks of one validation run: what the files may refer to, and whether their ids
    may repeat the known ones (a user's file merged into the shipped ledger may not)."""

    def __init__(self, known: Known, collide: bool, cap: int | None, keep: bool):
        self.known, self.collide, self.cap, self.keep = known, collide, cap, keep

    def claims_batch(self, b: Batch, file: str, out: Collector) -> None:
        """The checks of one batch of claims (its rows' own)."""
        check_cells(b, file, out)
        check_claim_rules(b, file, out)
        known, published = self.known.published_of(b.text("source_id"))
        emitter(b, file, out, "source_id")(
            b.present("source_id") & ~b.padded("source_id") & ~known,
            "unknown source_id: add it to the sources file first",
        )
        check_dates_against_sources(b, file, out, published)
        if self.collide and len(self.known.claim_ids):
            emitter(b, file, out, "claim_id")(
                to_np(pc.is_in(b.text("claim_id"), value_set=self.known.claim_ids)),
                "claim_id already used by the shipped ledger: "
                "choose a new id (e.g. your own prefix)",
            )
        for column, rule in (
            ("part_of", "a claim cannot be part of itself"),
            ("same_statement_as", "a claim cannot be the same statement as itself"),
        ):
            emitter(b, file, out, column)(b.present(column) & b.equal(column, "claim_id"), rule)

    def sources_batch(self, b: Batch, file: str, out: Collector) -> None:
        """The checks of one batch of sources."""
        check_cells(b, file, out)
        check_source_rules(b, file, out)
        if self.collide and len(self.known.source_ids):
            emitter(b, file, out, "source_id")(
                to_np(pc.is_in(b.text("source_id"), value_set=self.known.source_ids)),
                "source_id already used by the shipped ledger",
            )
        emitter(b, file, out, "via")(
            b.present("via") & b.equal("via", "source_id"), "a source cannot be read via itself"
        )

    def read(self, inp: Input, table_name: str | None) -> _Read:
        """Read one file, again another way when it must (see :class:`Retry`)."""
        mode = Mode()
        for _ in range(8):
            out = Collector(self.cap)
            header = read_header(inp, out, table_name)
            if header is None:
                return _Read(out, table_name or "claims")
            try:
                return self._rows(inp, header, mode, out)
            except Retry as retry:
                if retry.reason == "utf8":
                    mode.mend = True
                else:
                    mode.block = min(mode.block * 8, max(inp.size + 1, mode.block), 2**31 - 1)
        out = Collector(self.cap)
        out.add(inp.name, None, None, None, "not readable as CSV")
        return _Read(out, table_name or "claims")

    def _rows(self, inp: Input, header, mode: Mode, out: Collector) -> _Read:
        table = schema.table(header.table)
        claims = header.table == "claims"
        state = ClaimsState(self.known) if claims else SourcesState()
        check = self.claims_batch if claims else self.sources_batch
        kept: list[pa.RecordBatch] = []
        rows = Rows(inp, header, mode, self.cap)
        for batch, numbers in rows:
            cols = {name: batch.column(i) for name, i in header.positions.items()}
            b = Batch(cols, numbers, table)
            if mode.mend:
                _mended_cells(b, inp.name, out)
            check(b, inp.name, out)
            state.add(b)
            if self.keep:
                kept.append(
                    pa.RecordBatch.from_arrays([b.text(c) for c in table.names], names=table.names)
                )
        skipped = rows.skipped
        if skipped.reported:
            shown = skipped.shown

            def rule(i):
                return [
                    f"row has {shown[j][2]} fields, the header has {shown[j][3]} (row skipped; "
                    + (
                        "is a comma unquoted?)"
                        if shown[j][2] > shown[j][3]
                        else "a comma missing?)"
                    )
                    for j in i
                ]

            out.emit(
                inp.name,
                None,
                np.asarray(skipped.reported, np.int64) + 1,
                rule,  # asked only for the first rows, which are those shown
                values=lambda i: [shown[j][1] for j in i],
                kind="row with the wrong number of fields",
            )
        if rows.unclosed_quote():
            row, cell = rows.last
            out.add(
                inp.name,
                row,
                header.names[-1],
                cell,
                "a quote opened in this cell never closes: the rest of the file was read into it "
                "(close the quote, or remove it)",
                kind="a quote that never closes",
            )
        if state.n == 0 and not skipped.reported:
            out.add(inp.name, None, None, None, "header only: the file has no data rows")
        kept_table = (
            pa.Table.from_batches(kept, schema=_string_schema(table)) if self.keep else None
        )
        return _Read(out, header.table, state, kept_table)

    def run(
        self, claims: Input | None, sources: Input | None, *, sniff: bool = False
    ) -> tuple[Report, pa.Table | None, pa.Table | None]:
        """Check a sources file, then a claims file (or, with ``sniff``, whichever table the
        claims file's header says it is)."""
        src_read = claims_read = None
        if sources is not None:
            src_read = self.read(sources, "sources")
            if src_read.state is not None:
                src_read.state.finish(src_read.out, sources.name, self.known)
        if claims is not None:
            claims_read = self.read(claims, None if sniff else "claims")
            st = claims_read.state
            if isinstance(st, SourcesState):
                st.finish(claims_read.out, claims.name, self.known)
            elif st is not None:
                st.finish(claims_read.out, claims.name)
                st.check_claimants(claims_read.out, claims.name)
        total = Collector(self.cap)
        for r in (claims_read, src_read):
            if r is not None:
                total.merge(r.out)
        if claims_read is not None and claims_read.table == "sources":
            return total.report(), None, claims_read.rows
        return (
            total.report(),
            claims_read.rows if claims_read else None,
            src_read.rows if src_read else None,
        )


def _mended_cells(b: Batch, file: str, out: Collector) -> None:
    """Cells that held bytes that are not UTF-8 (read as U+FFFD): say where they are."""
    for column in b.table.names:
        if b.has(column):
            emitter(b, file, out, column)(
                to_np(pc.match_substring(b.text(column), "\ufffd")),
                "bytes that are not UTF-8 here (shown as \ufffd): save the file as 'CSV UTF-8'",
            )


def _string_schema(table: schema.Table) -> pa.Schema:
    return pa.schema([(c, pa.string()) for c in table.names])


# --------------------------------------------------------------------------- inputs


def _frame_input(frame: pd.DataFrame, table_name: str, name: str) -> Input:
    """A frame as the CSV a user would save from it (known columns only, duplicates kept)."""
    import csv
    import io

    from kursk_data.formats import as_text

    names = schema.table(table_name).names
    keep = [i for i, c in enumerate(frame.columns) if isinstance(c, str) and c in names]
    text = as_text(frame.iloc[:, keep])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([str(c) for c in text.columns])
    writer.writerows(text.itertuples(index=False, name=None))
    data = buf.getvalue().encode("utf-8")
    return Input(name, data=data, size=len(data))


def _shipped_input(name: str) -> Input:
    data = schema.data_file(name).read_bytes()
    return Input(name, data=data, size=len(data))


def _is_shipped(data: object) -> bool:
    try:
        here = Path(os.fspath(data)).resolve()  # type: ignore[arg-type]
    except (TypeError, OSError):
        return False
    return any(here == Path(str(schema.data_file(n))).resolve() for n in SHIPPED_FILES)


def _known_of(claims: pa.Table | None, sources: pa.Table | None) -> Known:
    return Known.of(claims, sources)


@cache
def _shipped() -> tuple[pa.Table, pa.Table, Known]:
    """The shipped ledger as tables of strings, validated once per process."""
    checker = _Checker(Known(), collide=False, cap=None, keep=True)
    report, claims, sources = checker.run(
        _shipped_input("claims.csv"), _shipped_input("sources.csv")
    )
    if report.total or claims is None or sources is None:
        raise ValidationError(list(report), total=report.total)
    return claims, sources, _known_of(claims, sources)


def shipped_tables() -> tuple[pa.Table, pa.Table]:
    """The shipped claims and sources as Arrow tables of strings ("" = empty cell)."""
    claims, sources, _ = _shipped()
    return claims, sources


def _shipped_known() -> Known:
    return copy.copy(_shipped()[2])


@cache
def shipped_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shipped claims and sources as frames of strings, validated once per process.

    The index holds each row's number as a spreadsheet shows it (header = row 1).
    """
    import pandas as pd

    frames = []
    for t in shipped_tables():
        frame = t.to_pandas(types_mapper=lambda _: pd.ArrowDtype(pa.string()))
        frame.index = pd.RangeIndex(2, len(frame) + 2)
        frames.append(frame)
    return frames[0], frames[1]


def _input(data: Any, table_name: str, label: str | None = None) -> Input:
    if _is_frame(data):
        return _frame_input(data, table_name, label or "<DataFrame>")
    return open_input(data, label)


# --------------------------------------------------------------------------- entry points


def validate(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    sources: str | os.PathLike[str] | pd.DataFrame | None = None,
    shipped: bool = True,
    max_problems: int | None = None,
) -> Report:
    """Validate a claims file (or a sources file, recognised by its header) or a DataFrame.

    A user's file is checked as it would be merged into the shipped ledger: its ids must not
    collide with shipped ids, and its source_ids must exist in the shipped sources or in
    ``sources``. A DataFrame is checked as a whole ledger (it may contain shipped claims).

    Parameters
    ----------
    data : path-like or pandas.DataFrame
        The claims (or sources) to check.
    sources : path-like or pandas.DataFrame, optional
        Sources the claims cite, besides the shipped ones.
    shipped : bool, default True
        Check against the shipped ledger. False checks the files as a ledger of their own.
    max_problems : int, optional
        List at most this many problems (and as many warnings); the others are counted in
        ``Report.total`` and ``Report.summary``. Memory then stays bounded however many
        problems a file has. None lists them all.

    Returns
    -------
    Report
        A list of :class:`Problem` (empty = valid) with ``total``, ``warnings`` and
        ``summary`` attributes.

    Raises
    ------
    UsageError
        For a path that is missing, a directory or unreadable.
    """
    if isinstance(sources, str | os.PathLike) or _is_frame(sources):
        src_input = _input(
            sources, "sources", None if not _is_frame(sources) else "<sources DataFrame>"
        )
    elif sources is None:
        src_input = None
    else:
        raise TypeError(f"sources must be a path or a DataFrame, not {type(sources).__name__}")
    if _is_frame(data):
        known = _shipped_known() if shipped else Known()
        checker = _Checker(known, collide=False, cap=max_problems, keep=False)
        return checker.run(_input(data, "claims"), src_input)[0]
    if not isinstance(data, str | os.PathLike):
        raise TypeError(f"data must be a path or a DataFrame, not {type(data).__name__}")
    inp = open_input(data)
    if _is_shipped(data):
        # The shipped files are the ledger itself: checked whole, against each other.
        _, ship_sources, _ = _shipped()
        known = _known_of(None, ship_sources) if src_input is None else Known()
        checker = _Checker(known, collide=False, cap=max_problems, keep=False)
        return checker.run(inp, src_input, sniff=True)[0]
    known = _shipped_known() if shipped else Known()
    checker = _Checker(known, collide=shipped, cap=max_problems, keep=False)
    return checker.run(inp, src_input, sniff=True)[0]


def read_ledger(
    path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    *,
    shipped: bool = True,
    max_problems: int = LOADER_PROBLEMS,
) -> tuple[pa.Table, pa.Table]:
    """A user's claims and sources as tables of strings, validated in the same pass.

    With ``shipped`` the files are checked as they would be merged into the shipped ledger.
    Raises :class:`ValidationError` listing the first ``max_problems`` problems.
    """
    known = _shipped_known() if shipped else Known()
    checker = _Checker(known, collide=shipped, cap=max_problems, keep=True)
    claims = open_input(path) if path is not None else None
    src = open_input(sources_path) if sources_path is not None else None
    report, claims_t, sources_t = checker.run(claims, src)
    if report.total:
        raise ValidationError(list(report), total=report.total)
    empty_c = _string_schema(schema.table("claims")).empty_table()
    empty_s = _string_schema(schema.table("sources")).empty_table()
    return (
        claims_t if claims_t is not None else empty_c,
        sources_t if sources_t is not None else empty_s,
    )


def validate_frames(
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    claims_name: str = "claims.csv",
    sources_name: str = "sources.csv",
    base_claims: pd.DataFrame | None = None,
    base_sources: pd.DataFrame | None = None,
) -> list[Problem]:
    """Validate frames of claims and sources (rows numbered as in a CSV file of them).

    ``base_claims``/``base_sources`` are a ledger the frames are merged into: ids colliding
    with it are errors, and its sources and claims may be referred to.
    """
    import pandas as pd

    def table(frame: pd.DataFrame | None, name: str) -> pa.Table | None:
        if frame is None:
            return None
        inp = _frame_input(frame, name, name)
        checker = _Checker(Known(), collide=False, cap=0, keep=True)
        return checker.read(inp, name).rows

    known = _known_of(table(base_claims, "claims"), table(base_sources, "sources"))
    collide = base_claims is not None or base_sources is not None
    checker = _Checker(known, collide=collide, cap=None, keep=False)
    has_claims = claims is not None and (len(claims) or len(claims.columns))
    report, _, _ = checker.run(
        _frame_input(claims, "claims", claims_name) if has_claims else None,
        _frame_input(sources, "sources", sources_name)
        if isinstance(sources, pd.DataFrame) and len(sources)
        else None,
    )
    return list(report)
