"""Validating a whole ledger: a user's files against the shipped one, a file on its own, or a
DataFrame; and reading a user's files for the loaders (the same checks, one pass).

The shipped ledger is read and validated here once per process, so the loaders above this
layer and :func:`validate` share it.
"""

from __future__ import annotations

import collections
import copy
import os
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation import arrays
from kursk_data.validation.batch import Batch
from kursk_data.validation.cells import check_cells
from kursk_data.validation.files import (
    FIRST_BLOCK,
    Header,
    Input,
    Mode,
    Retry,
    Rows,
    number_skipped,
    open_input,
    read_header,
)
from kursk_data.validation.problems import Collector, Problem, Report, ValidationError
from kursk_data.validation.references import ClaimsState, Known, SourcesState
from kursk_data.validation.rules import (
    check_claim_rules,
    check_dates_against_sources,
    check_source_rules,
)

if TYPE_CHECKING:
    import pandas as pd

SHIPPED_FILES = ("claims.csv", "sources.csv")
LOADER_PROBLEMS = 100  # problems a ValidationError from the loaders lists (all are counted)
CHECKERS = 2  # threads checking batches side by side


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

    # ----------------------------------------------------------------- per batch

    def claims_batch(self, b: Batch, file: str, out: Collector) -> None:
        """The checks of one batch of claims (the rows' own: they read the state of no other
        batch, so batches are checked side by side)."""
        check_cells(b, file, out)
        check_claim_rules(b, file, out)
        emit = _batch_emitter(b, file, out)
        src = b.text("source_id")
        known, published = self.known.published_of(src)
        emit(
            "source_id",
            b.present("source_id") & ~b.padded("source_id") & ~known,
            "unknown source_id: add it to the sources file first",
        )
        check_dates_against_sources(b, file, out, published)
        ids = b.text("claim_id")
        if self.collide and len(self.known.claim_ids):
            emit(
                "claim_id",
                _known_ids(ids, b.lengths("claim_id"), self.known.claim_ids),
                "claim_id already used by the shipped ledger: "
                "choose a new id (e.g. your own prefix)",
            )
        for column, rule in (
            ("part_of", "a claim cannot be part of itself"),
            ("same_statement_as", "a claim cannot be the same statement as itself"),
        ):
            emit(column, b.present(column) & arrays.to_np(pc.equal(b.text(column), ids)), rule)

    def sources_batch(self, b: Batch, file: str, out: Collector) -> None:
        """The checks of one batch of sources (see :meth:`claims_batch`)."""
        check_cells(b, file, out)
        check_source_rules(b, file, out)
        emit = _batch_emitter(b, file, out)
        ids = b.text("source_id")
        if self.collide and len(self.known.source_ids):
            emit(
                "source_id",
                arrays.to_np(pc.is_in(ids, value_set=self.known.source_ids)),
                "source_id already used by the shipped ledger",
            )
        emit(
            "via",
            b.present("via") & arrays.to_np(pc.equal(b.text("via"), ids)),
            "a source cannot be read via itself",
        )

    # ----------------------------------------------------------------- per file

    def read(self, inp: Input, table_name: str | None) -> _Read:
        """Read one file, again another way when it must (see :class:`Retry`)."""
        mode = Mode()
        for _ in range(12):
            out = Collector(self.cap)
            header = read_header(inp, out, table_name)
            if header is None:
                return _Read(out, table_name or "claims")
            try:
                return self._rows(inp, header, mode, out)
            except Retry as retry:
                mode = self._next(inp, header, mode, retry.reason)
        out = Collector(self.cap)
        out.add(inp.name, None, None, None, "not readable as CSV")
        return _Read(out, table_name or "claims")

    def _next(self, inp: Input, header: Header, mode: Mode, reason: str) -> Mode:
        mode = copy.copy(mode)
        if reason == "serial":
            mode.serial = True
        elif reason == "utf8":
            mode.mend = True
        elif reason == "block":
            mode.block = min(mode.block * 8, max(inp.size + 1, FIRST_BLOCK), 2**31 - 1)
        elif reason == "ragged":
            try:
                mode.skipped = number_skipped(inp, header, mode, self.cap)
            except Retry as retry:
                return self._next(inp, header, mode, retry.reason)
        return mode

    def _rows(self, inp: Input, header: Header, mode: Mode, out: Collector) -> _Read:
        table = schema.table(header.table)
        claims = header.table == "claims"
        state = ClaimsState(self.known) if claims else SourcesState()
        check = self.claims_batch if claims else self.sources_batch
        kept: list[pa.RecordBatch] = []
        rows = Rows(inp, header, mode)

        def work(batch: pa.RecordBatch, numbers: np.ndarray, mended: bool, found: Collector):
            b = Batch(batch, numbers, header, table)
            if mended:
                _mended_cells(b, inp.name, found)
            check(b, inp.name, found)
            return b, found

        def done(b: Batch, found: Collector) -> None:
            # In row order: the problems as if found here, the whole-file state batch by batch.
            out.merge(found)
            state.add(b)
            if self.keep:
                kept.append(
                    pa.RecordBatch.from_arrays([b.text(c) for c in table.names], names=table.names)
                )

        # Batches are checked by a pool of threads (NumPy and Arrow let go of the GIL) while
        # the rows are read; a few batches in flight at most, so memory stays flat. A file of
        # less than one block is checked here instead: handing its batch to a thread and back
        # cost more than the checks (a 20-row file took 27 ms to validate instead of 8).
        if inp.size < FIRST_BLOCK:
            for batch, numbers in rows:
                done(*work(batch, numbers, rows.mended, Collector(self.cap, after=out)))
        else:
            self._in_threads(rows, work, done, out)
        state.ids.fetch = _fetcher(inp, header, mode, table, state.ids.column)
        skipped = mode.skipped
        if skipped is not None and skipped.reported.size:
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
                skipped.reported + 1,
                rule,
                values=lambda i: [shown[j][1] for j in i],
                kind="row with the wrong number of fields",
            )
        if state.n == 0 and (skipped is None or not skipped.reported.size):
            out.add(inp.name, None, None, None, "header only: the file has no data rows")
        kept_table = (
            pa.Table.from_batches(kept, schema=_string_schema(table)) if self.keep else None
        )
        return _Read(out, header.table, state, kept_table)

    def _in_threads(self, rows: Rows, work, done, out: Collector) -> None:
        pending: collections.deque[Future] = collections.deque()
        with ThreadPoolExecutor(CHECKERS, thread_name_prefix="kursk-data-check") as pool:
            try:
                for batch, numbers in rows:
                    found = Collector(self.cap, after=out)  # after the batches before
                    pending.append(pool.submit(work, batch, numbers, rows.mended, found))
                    if len(pending) > CHECKERS:
                        done(*pending.popleft().result())
                while pending:
                    done(*pending.popleft().result())
            finally:
                for f in pending:
                    f.cancel()

    def _finish_claims(self, st: ClaimsState, out: Collector, inp: Input) -> None:
        """The whole-file rules of a claims file. On a large file the claimant spellings are
        compared in a second thread while the ids are checked (the batches are done: a core
        would sit idle); the warnings are added after the errors all the same."""
        if inp.size < FIRST_BLOCK:
            st.finish(out, inp.name)
            st.check_claimants(out, inp.name)
            return
        with ThreadPoolExecutor(1, thread_name_prefix="kursk-data-claimants") as pool:
            spelled = pool.submit(st.claimant_warnings)
            st.finish(out, inp.name)
            found = spelled.result()
        st.check_claimants(out, inp.name, found)

    # ----------------------------------------------------------------- a ledger

    def run(
        self, claims: Input | None, sources: Input | None, *, sniff: bool = False
    ) -> tuple[Report, pa.Table | None, pa.Table | None]:
        """Check a sources file, then a claims file (or, with ``sniff``, whichever table the
        claims file's header says it is)."""
        reads: list[_Read] = []
        src_read = None
        if sources is not None:
            src_read = self.read(sources, "sources")
            if src_read.state is not None:
                src_read.state.finish(src_read.out, sources.name, self.known)
        claims_read = None
        if claims is not None:
            claims_read = self.read(claims, None if sniff else "claims")
            st = claims_read.state
            if isinstance(st, SourcesState):
                st.finish(claims_read.out, claims.name, self.known)
            elif st is not None:
                self._finish_claims(st, claims_read.out, claims)
            reads.append(claims_read)
        if src_read is not None:
            reads.append(src_read)
        total = Collector(self.cap)
        for r in reads:
            total.merge(r.out)
        if claims_read is not None and claims_read.table == "sources":
            return total.report(), None, claims_read.rows
        return (
            total.report(),
            claims_read.rows if claims_read else None,
            src_read.rows if src_read else None,
        )


def _fetcher(inp: Input, header: Header, mode: Mode, table: schema.Table, column: str):
    """Read a column's cells at given positions again (the few ids a message shows: the
    whole-ledger rules keep hashes, not text). Positions count rows as the first read did."""

    def fetch(pos: np.ndarray) -> list[str]:
        want = np.unique(pos)
        found: dict[int, str] = {}
        seen = 0
        for batch, numbers in Rows(inp, header, mode):
            b = Batch(batch, numbers, header, table)
            sel = want[(want >= seen) & (want < seen + b.n)]
            if sel.size:
                found.update(
                    zip(sel.tolist(), arrays.take(b.text(column), sel - seen), strict=True)
                )
            seen += b.n
            if want.size and seen > want[-1]:
                break
        return [found.get(int(p), "") for p in pos]

    return fetch


def _known_ids(ids: pa.StringArray, lengths: np.ndarray, known: pa.Array) -> np.ndarray:
    """Which ids are among the known ones. Only an id as long as one of them can be: the
    others (all of them, when a user's ids are longer than the shipped ones) are not hashed."""
    maybe = np.flatnonzero(np.isin(lengths, np.unique(arrays.byte_lengths(known))))
    out = np.zeros(len(ids), bool)
    if maybe.size:
        out[maybe] = arrays.to_np(pc.is_in(ids.take(arrays.ints(maybe)), value_set=known))
    return out


def _batch_emitter(b: Batch, file: str, out: Collector):
    def emit(column: str, mask: np.ndarray, rule: str) -> None:
        idx = np.flatnonzero(mask)
        if idx.size:
            values = b.values(column)
            out.emit(file, column, b.rows[idx], rule, values=lambda i: values(idx[i]))

    return emit


def _mended_cells(b: Batch, file: str, out: Collector) -> None:
    """Cells that held bytes that are not UTF-8 (read as U+FFFD): say where they are."""
    emit = _batch_emitter(b, file, out)
    for column in b.table.names:
        if b.has(column):
            emit(
                column,
                arrays.to_np(pc.match_substring(b.text(column), "\ufffd")),
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
    return Known.of(
        Batch.of_table(claims, schema.table("claims")) if claims is not None else None,
        Batch.of_table(sources, schema.table("sources")) if sources is not None else None,
    )


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
