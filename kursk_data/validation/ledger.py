"""Validating a whole ledger: a user's files against the shipped one, a file on its own, or a
DataFrame; and reading a user's files for the loaders (the same checks, one pass).

A file is read in batches (see :mod:`~kursk_data.validation.read`): each batch is checked on its
own, and the rules about the whole ledger (ids unique, links that name a claim, one claimant
spelled one way) keep a few values a row and run once at the end. The shipped ledger is read
and validated here once per process.
"""

from __future__ import annotations

import collections
import copy
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.columns import (
    Batch,
    check_cells,
    to_np,
)
from kursk_data.validation.keys import ClaimsState, Known, SidesState, SourcesState
from kursk_data.validation.problems import Collector, Report, UsageError, ValidationError
from kursk_data.validation.read import Input, Mode, Retry, Rows, open_input, read_header
from kursk_data.validation.rules import (
    check_claim_rules,
    check_dates_against_sources,
    check_slips,
    check_source_rules,
)

if TYPE_CHECKING:
    import pandas as pd

SHIPPED_FILES = ("claims.csv", "sources.csv")
LOADER_PROBLEMS = 100  # problems a ValidationError from the loaders lists (all are counted)
CHECKERS = 2  # threads checking batches side by side
THREADED = 16 << 20  # bytes: a smaller file is checked in the reading thread


def _is_frame(data: object) -> bool:
    # pandas is not imported to validate a file: a frame can only exist if pandas is loaded.
    pd_mod = sys.modules.get("pandas")
    return pd_mod is not None and isinstance(data, pd_mod.DataFrame)


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
        self.shipped_sources = known.source_ids  # before a user's sources join them

    def claims_batch(self, b: Batch, file: str, out: Collector) -> int:
        """The checks of one batch of claims (its rows' own); returns the bounds filled."""
        check_cells(b, file, out)
        filled = check_claim_rules(b, file, out, self.known.sides)
        known, published = self.known.published_of(b.text("source_id"))
        emit = out.masked(file, b.rows, b.values)
        emit(
            "source_id",
            b.present("source_id") & ~b.padded("source_id") & ~known,
            "unknown source_id: add it to the sources file first",
        )
        check_dates_against_sources(b, file, out, published)
        check_slips(b, file, out)
        if self.collide and len(self.known.claim_ids):
            emit(
                "claim_id",
                to_np(pc.is_in(b.text("claim_id"), value_set=self.known.claim_ids)),
                "claim_id already used by the shipped ledger: "
                "choose a new id (e.g. your own prefix)",
            )
        for column, rule in (
            ("part_of", "a claim cannot be part of itself"),
            ("same_statement_as", "a claim cannot be the same statement as itself"),
            ("revises", "a claim cannot revise itself"),
        ):
            emit(column, b.present(column) & b.equal(column, "claim_id"), rule)
        return filled

    def sides_batch(self, b: Batch, file: str, out: Collector) -> None:
        """The checks of one batch of sides: a known side keeps its role."""
        check_cells(b, file, out)
        known = schema.known_sides()
        sides, roles = b.text("side").to_pylist(), b.text("role").to_pylist()
        changed = np.array(
            [s in known and r != known[s].role for s, r in zip(sides, roles, strict=True)], bool
        )
        out.masked(file, b.rows, b.values)(
            "role",
            changed,
            lambda i: [
                f"{sides[j]!r} is a known side with the role {known[sides[j]].role!r}" for j in i
            ],
            kind="a known side with another role",
        )

    def sources_batch(self, b: Batch, file: str, out: Collector) -> None:
        """The checks of one batch of sources."""
        check_cells(b, file, out)
        check_source_rules(b, file, out)
        emit = out.masked(file, b.rows, b.values)
        if self.collide and len(self.shipped_sources):
            shipped = to_np(pc.is_in(b.text("source_id"), value_set=self.shipped_sources))
            emit("source_id", shipped, "source_id already used by the shipped ledger")
        via_itself = b.present("via") & b.equal("via", "source_id")
        emit("via", via_itself, "a source cannot be read via itself")

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
        state = {"claims": ClaimsState, "sources": SourcesState, "sides": SidesState}[header.table]
        state = state(self.known) if header.table == "claims" else state()
        check = getattr(self, f"{header.table}_batch")
        kept: list[pa.RecordBatch] = []
        rows = Rows(inp, header, mode, self.cap)

        def work(b: Batch, found: Collector) -> int:
            if mode.mend:
                _mended_cells(b, inp.name, found)
            return check(b, inp.name, found) or 0

        def done(b: Batch, filled: int, found: Collector | None) -> None:
            # In row order: the problems as if found here, the whole-file state batch by batch.
            if found is not None:
                out.merge(found)
            state.add(b)
            state.filled += filled
            if self.keep:
                kept.append(
                    pa.RecordBatch.from_arrays([b.text(c) for c in table.names], names=table.names)
                )

        def batches():
            for batch, numbers in rows:
                cols = {name: batch.column(i) for name, i in header.positions.items()}
                yield Batch(cols, numbers, table)

        if inp.size < THREADED:  # a file of a few blocks: handing batches to threads costs more
            for b in batches():
                done(b, work(b, out), None)
        else:
            # Batches are checked by two threads (Arrow and NumPy let go of the GIL) while the
            # next ones are read; a few in flight at most, so memory stays flat.
            pending: collections.deque = collections.deque()
            with ThreadPoolExecutor(CHECKERS, thread_name_prefix="kursk-data-check") as pool:
                try:
                    for b in batches():
                        found = Collector(self.cap, after=out)  # after the batches before
                        pending.append((b, pool.submit(work, b, found), found))
                        if len(pending) > CHECKERS:
                            b, job, found = pending.popleft()
                            done(b, job.result(), found)
                    while pending:
                        b, job, found = pending.popleft()
                        done(b, job.result(), found)
                finally:
                    for _, job, _ in pending:
                        job.cancel()
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
        self,
        claims: Input | None,
        sources: Input | None,
        *,
        sides: Input | None = None,
        sniff: bool = False,
    ) -> tuple[Report, pa.Table | None, pa.Table | None]:
        """Check a sides file, a sources file, then a claims file (or, with ``sniff``,
        whichever table the claims file's header says it is)."""
        reads = {}
        for key, inp, name in (("sides", sides, "sides"), ("sources", sources, "sources")):
            if inp is not None:
                reads[key] = self.read(inp, name)
                if reads[key].state is not None:
                    reads[key].state.finish(reads[key].out, inp.name, self.known)
        if claims is not None:
            r = reads["claims"] = self.read(claims, None if sniff else "claims")
            if isinstance(r.state, ClaimsState):
                r.state.finish(r.out, claims.name)
                r.state.check_claimants(r.out, claims.name)
            elif r.state is not None:
                r.state.finish(r.out, claims.name, self.known)
        total = Collector(self.cap)
        for key in ("claims", "sources", "sides"):
            if key in reads:
                total.merge(reads[key].out)
        first = reads.get("claims")
        if first is not None and first.table != "claims":
            return total.report(), None, first.rows
        src = reads.get("sources")
        return total.report(), first.rows if first else None, src.rows if src else None


def _mended_cells(b: Batch, file: str, out: Collector) -> None:
    """Cells that held bytes that are not UTF-8 (read as U+FFFD): say where they are."""
    emit = out.masked(file, b.rows, b.values)
    for column in filter(b.has, b.table.names):
        emit(
            column,
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


@cache
def _shipped() -> tuple[pa.Table, pa.Table, Known]:
    """The shipped ledger as tables of strings, validated once per process."""
    checker = _Checker(Known(), collide=False, cap=None, keep=True)
    report, claims, sources = checker.run(
        _shipped_input("claims.csv"), _shipped_input("sources.csv")
    )
    if report.total or claims is None or sources is None:
        raise ValidationError(list(report), total=report.total)
    return claims, sources, Known.of(claims, sources)


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
    sides: str | os.PathLike[str] | None = None,
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
    sides : path-like, optional
        A sides file (``sides.csv``): the sides the claims name beyond the six known ones.
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
    for what, given in (("data", data), ("sources", sources)):
        usable = isinstance(given, str | bytes | os.PathLike) or _is_frame(given)
        if not usable and (given is not None or what == "data"):
            kind = type(given).__name__
            raise TypeError(f"{what} must be a path or a DataFrame, not {kind}")
    src_input = None
    if sources is not None:
        src_input = _input(
            sources, "sources", "<sources DataFrame>" if _is_frame(sources) else None
        )
    sides_input = open_input(sides) if sides is not None else None
    known = _shipped_known() if shipped else Known()
    collide = shipped and not _is_frame(data)  # a frame is a whole ledger: shipped rows too
    inp = _input(data, "claims")
    _distinct(inp, src_input, sides_input)
    if not _is_frame(data) and _is_shipped(data):
        # The shipped files are the ledger itself: checked whole, against each other.
        known, collide = Known.of(None, _shipped()[1]) if src_input is None else Known(), False
    checker = _Checker(known, collide=collide, cap=max_problems, keep=False)
    return checker.run(inp, src_input, sides=sides_input, sniff=not _is_frame(data))[0]


def _distinct(*inputs: Input | None) -> None:
    """A usage error for one file given twice (as the file and as --sources, say)."""
    seen: dict[Path, str] = {}
    for inp in inputs:
        if inp is None or inp.path is None:
            continue
        here = inp.path.resolve()
        if here in seen:
            raise UsageError(f"{inp.name}: given twice (also as {seen[here]}): give each file once")
        seen[here] = inp.name


def read_ledger(
    path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    *,
    sides_path: str | os.PathLike[str] | None = None,
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
    sides = open_input(sides_path) if sides_path is not None else None
    _distinct(claims, src, sides)
    report, claims_t, sources_t = checker.run(claims, src, sides=sides)
    if report.total:
        raise ValidationError(list(report), total=report.total)
    empty_c = _string_schema(schema.table("claims")).empty_table()
    empty_s = _string_schema(schema.table("sources")).empty_table()
    return (
        claims_t if claims_t is not None else empty_c,
        sources_t if sources_t is not None else empty_s,
    )
