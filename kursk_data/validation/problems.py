"""Problems found in input files and how they are collected (the errors that carry them live in
:mod:`kursk_data.errors`; they are re-exported here).

A file may hold millions of problems; only the first ``cap`` (by file, row and column) are
ever built as :class:`Problem` objects. Every other one is counted, by rule, so memory stays
bounded whatever the number of problems and the summary still tells the whole story.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kursk_data import schema
from kursk_data.errors import UsageError as UsageError  # re-exported: defined apart
from kursk_data.errors import ValidationError as ValidationError
from kursk_data.formats import json_text, printable

ERROR, WARNING = "error", "warning"
_SHOWN_CHARS = 60


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file (``severity="warning"``: worth a look, not invalid)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    severity: str = ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        col = printable(_cut(self.column)) if self.column else "-"
        rule = ("warning: " if self.is_warning else "") + printable(self.rule)
        return f"{printable(self.file)}:{row}:{col}: {_show(self.value)} — {rule}"


def _cut(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 3] + "..."


def _show(value: str | None) -> str:
    return '""' if value is None else json_text(_cut(value))


@dataclass(frozen=True)
class RuleCount:
    """How often one rule was broken in one file, and where first."""

    file: str
    kind: str
    severity: str
    count: int
    first_row: int | None
    columns: tuple[str, ...]

    def __str__(self) -> str:
        where = f" [{', '.join(printable(_cut(c)) for c in self.columns)}]" if self.columns else ""
        first = "" if self.first_row is None else f", first at row {self.first_row}"
        mark = "warning: " if self.severity == WARNING else ""
        return f"{self.count:,} × {mark}{printable(self.kind)}{where}{first}"


class Report(list):
    """The errors found (a list of :class:`Problem`; empty = valid), with what was not listed.

    Attributes
    ----------
    total : int
        Errors found, including those not listed (``max_problems``).
    warnings : list of Problem
        Warnings: the file is valid, but something looks like a slip (near-duplicate claimant
        spellings, a claim dated after its source was published).
    warning_total : int
        Warnings found, including those not listed.
    summary : list of RuleCount
        Every rule broken, with its count and first row, errors first.
    """

    def __init__(
        self,
        problems: Sequence[Problem] = (),
        *,
        total: int | None = None,
        warnings: Sequence[Problem] = (),
        warning_total: int | None = None,
        summary: Sequence[RuleCount] = (),
    ):
        super().__init__(problems)
        self.total = len(self) if total is None else total
        self.warnings = list(warnings)
        self.warning_total = len(self.warnings) if warning_total is None else warning_total
        self.summary = list(summary)

    def __str__(self) -> str:
        """One line per problem, then the warnings, as ``kursk-data validate`` prints them."""
        lines = [str(p) for p in self]
        if self.total > len(self):
            lines.append(f"... and {self.total - len(self):,} more problem(s) not listed")
        lines += [str(w) for w in self.warnings]
        if self.warning_total > len(self.warnings):
            lines.append(f"... and {self.warning_total - len(self.warnings):,} more warning(s)")
        return "\n".join(lines) if lines else "no problems found"

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # In a notebook a report reads as the command line prints it, not as dataclass reprs.
        printer.text("Report(...)" if cycle else str(self))


_COLUMNS = {
    name: i
    for i, name in enumerate(
        dict.fromkeys(n for t in ("claims", "sources", "sides") for n in schema.table(t).names)
    )
}


def _col_order(column: str | None) -> int:
    return -1 if column is None else _COLUMNS.get(column, len(_COLUMNS))


@dataclass
class _Count:
    count: int = 0
    first_row: int | None = None
    columns: dict[str, None] = field(default_factory=dict)


class Collector:
    """Keeps the first ``cap`` problems of each severity in (file, row, column) order and
    counts every problem by rule. ``cap=None`` keeps them all."""

    def __init__(self, cap: int | None = None, after: Collector | None = None):
        self.cap = None if cap is None else max(int(cap), 0)
        # Problems found after those ``after`` lists (a later batch of rows): one at or past
        # the last it lists, when its list is full, can never be listed; it is only counted.
        self._after = after._limits() if after is not None else {}
        self._files: dict[str, int] = {}
        # Max-heaps (keys negated) of the smallest keys seen: the top is the first to go.
        self._heaps: dict[str, list] = {ERROR: [], WARNING: []}
        self._counts: dict[tuple[str, str, str], _Count] = {}
        self._seq = itertools.count()

    def count(self, severity: str = ERROR) -> int:
        return sum(c.count for (_, s, _), c in self._counts.items() if s == severity)

    def add(self, file, row, column, value, rule, *, kind=None, severity=ERROR) -> None:
        """One problem at a known row (None: the whole file)."""
        self._tally(file, kind or rule, severity, column, row, 1)
        self._push(file, row, column, value, rule, severity)

    def emit(
        self,
        file: str,
        column: str | None,
        rows: np.ndarray,
        rule: str | Callable[[np.ndarray], Sequence[str]],
        *,
        values: Callable[[np.ndarray], Sequence[str | None]] | None = None,
        kind: str | None = None,
        severity: str = ERROR,
    ) -> None:
        """Many problems of one rule in one column: ``rows`` are their spreadsheet rows.

        ``values(i)`` and (when callable) ``rule(i)`` are asked only for the positions ``i``
        (into ``rows``) of problems that may still be listed; the rest are only counted.
        """
        rows = np.asarray(rows, dtype=np.int64)
        if rows.size == 0:
            return
        if kind is None:
            if not isinstance(rule, str):
                raise TypeError("a rule written per row needs a kind for the summary")
            kind = rule
        self._tally(file, kind, severity, column, int(rows.min()), int(rows.size))
        sel = self._candidates(file, column, rows, severity)
        if sel.size == 0:
            return
        vals = values(sel) if values is not None else [None] * sel.size
        rules = [rule] * sel.size if isinstance(rule, str) else rule(sel)
        for r, v, ru in zip(rows[sel].tolist(), vals, rules, strict=True):
            self._push(file, r, column, v, ru, severity)

    def masked(self, file: str, rows: np.ndarray, values: Callable[[str], Callable]):
        """``emit(column, mask, rule, kind=None, severity=ERROR)``: a problem on each of
        ``rows`` the mask selects (``rule``: a text, or a function of the positions selected;
        ``values(column)(i)``: the cells at positions ``i``, for the lines listed)."""

        def emit(column, mask, rule, kind=None, severity=ERROR) -> None:
            idx = np.flatnonzero(mask)
            if idx.size:
                cells = values(column)
                self.emit(
                    file,
                    column,
                    rows[idx],
                    rule if isinstance(rule, str) else (lambda i: rule(idx[i])),
                    values=lambda i: cells(idx[i]),
                    kind=kind,
                    severity=severity,
                )

        return emit

    def _tally(self, file, kind, severity, column, row, n) -> None:
        self._files.setdefault(file, len(self._files))
        c = self._counts.setdefault((file, severity, kind), _Count())
        c.count += n
        if row is not None and (c.first_row is None or row < c.first_row):
            c.first_row = row
        if column is not None:
            c.columns.setdefault(column)

    def _key(self, file: str, row: int | None, column: str | None) -> tuple[int, int, int]:
        rank = self._files.setdefault(file, len(self._files))
        return (rank, -1 if row is None else row, _col_order(column))

    def _limits(self) -> dict[str, tuple[int, int]]:
        """Per severity, (row, column order) of the last problem listed, if the list is full."""
        return {
            severity: (-heap[0][1], -heap[0][2])
            for severity, heap in self._heaps.items()
            if self.cap and len(heap) >= self.cap
        }

    def _candidates(self, file: str, column: str | None, rows: np.ndarray, severity: str):
        """Positions in ``rows`` that could enter the listed problems, at most ``cap``."""
        if self.cap is None:
            return np.arange(rows.size)
        heap = self._heaps[severity]
        sel = np.arange(rows.size) if self.cap else np.arange(0)
        if severity in self._after:
            row, col = self._after[severity]
            sel = sel[(rows < row) | ((rows == row) & (_col_order(column) < col))]
        if self.cap and len(heap) >= self.cap:
            rank, last_row, last_col = (-k for k in heap[0][:3])
            here, col = self._key(file, None, column)[0], _col_order(column)
            if here != rank:
                return sel if here < rank else np.arange(0)
            r = rows[sel]
            sel = sel[(r < last_row) | ((r == last_row) & (col < last_col))]
        if sel.size > self.cap:
            sel = sel[np.argpartition(rows[sel], self.cap - 1)[: self.cap]]
        return sel

    def _push(self, file, row, column, value, rule, severity) -> None:
        """Keep a problem just found, if it is among the first ``cap``."""
        if self.cap == 0:
            return
        key = self._key(file, row, column)
        item = (-key[0], -key[1], -key[2], -next(self._seq), (file, row, column, value, rule))
        heap = self._heaps[severity]
        if self.cap is None or len(heap) < self.cap:
            heapq.heappush(heap, item)
        elif item > heap[0]:
            heapq.heapreplace(heap, item)

    def merge(self, other: Collector) -> None:
        """Add what ``other`` collected (its listed problems and its counts), after ours."""
        for file in other._files:
            self._files.setdefault(file, len(self._files))
        for severity, heap in other._heaps.items():
            for *_, stub in sorted(heap, reverse=True):
                self._push(*stub, severity)
        for key, c in other._counts.items():
            mine = self._counts.setdefault(key, _Count())
            mine.count += c.count
            if c.first_row is not None and (mine.first_row is None or c.first_row < mine.first_row):
                mine.first_row = c.first_row
            for col in c.columns:
                mine.columns.setdefault(col)

    def report(self) -> Report:
        """Everything collected, listed problems sorted by file, row and column."""

        def listed(severity: str) -> list[Problem]:
            items = sorted(self._heaps[severity], reverse=True)
            return [Problem(*stub, severity=severity) for *_, stub in items]

        summary = [
            RuleCount(file, kind, sev, c.count, c.first_row, tuple(c.columns))
            for (file, sev, kind), c in self._counts.items()
        ]
        summary.sort(
            key=lambda s: (
                s.severity != ERROR,
                self._files.get(s.file, 0),
                -1 if s.first_row is None else s.first_row,
                -s.count,
            )
        )
        return Report(
            listed(ERROR),
            total=self.count(ERROR),
            warnings=listed(WARNING),
            warning_total=self.count(WARNING),
            summary=summary,
        )
