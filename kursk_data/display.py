"""Tables and text for readers, in notebooks and on the site.

A DataFrame shown as it is prints what a reader should not have to decode: ``NaT``, ``<NA>``,
``inf``, ``16000.0``, a row number beside the row's own id, and, printed with ``to_string()``,
rows broken across lines. :func:`display_table` shows the values as words and numbers as
people write them, with no row numbers; its HTML and text are the same every run (no object
address, no random id, unlike pandas' Styler), so notebooks stay comparable by nbval.
:func:`show_lines` prints sentences wrapped between words, never inside one.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd

MISSING = "–"  # an en dash: nothing recorded


def cell_text(value) -> str:
    """One value as a reader reads it: a dash for a missing value, ``∞`` for an open end,
    whole numbers without ``.0`` and with thousands separators, dates as ``22 Jun 2025``."""
    if value is None:
        return MISSING
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(cell_text(v) for v in value) if value else MISSING
    try:
        if pd.isna(value):
            return MISSING
    except (TypeError, ValueError):
        pass
    if isinstance(value, bool):  # as the notebooks' words name them (True, False)
        return str(value)
    if isinstance(value, pd.Timestamp):
        if value == value.normalize():
            return f"{value.day} {value:%b %Y}"
        return f"{value.day} {value:%b %Y %H:%M}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if x.is_integer():
            return f"{int(x):,}".replace("-", "−")
        return f"{x:,.2f}".rstrip("0").rstrip(".").replace("-", "−")
    if hasattr(value, "item") and not isinstance(value, str):  # NumPy scalars
        return cell_text(value.item())
    return " ".join(str(value).split())


class DisplayTable:
    """A table shown in a notebook as HTML (``_repr_html_``) and as text (``repr``): no row
    numbers, values through :func:`cell_text`, one line per row in the text."""

    def __init__(self, frame: pd.DataFrame, caption: str | None = None):
        self.columns = [str(c) for c in frame.columns]
        self.rows = [[cell_text(v) for v in row] for row in frame.itertuples(index=False)]
        self.caption = caption
        numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
        self.numeric = [
            n and not pd.api.types.is_bool_dtype(frame[c])
            for n, c in zip(numeric, frame.columns, strict=True)
        ]

    def __len__(self) -> int:
        return len(self.rows)

    def _repr_html_(self) -> str:
        def cell(tag: str, text: str, right: bool) -> str:
            align = ' style="text-align: right"' if right else ""
            return f"<{tag}{align}>{html.escape(text)}</{tag}>"

        head = "".join(
            cell("th", c, r).replace("<th", '<th scope="col"', 1)
            for c, r in zip(self.columns, self.numeric, strict=True)
        )
        body = "".join(
            "<tr>"
            + "".join(cell("td", v, r) for v, r in zip(row, self.numeric, strict=True))
            + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f'<table class="kd-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def __repr__(self) -> str:
        widths = [
            max([len(c), *(len(row[i]) for row in self.rows)]) for i, c in enumerate(self.columns)
        ]

        def line(values: Sequence[str]) -> str:
            return "  ".join(
                v.rjust(w) if r else v.ljust(w)
                for v, w, r in zip(values, widths, self.numeric, strict=True)
            ).rstrip()

        lines = [self.caption] if self.caption else []
        lines += [line(self.columns), line(["-" * w for w in widths])]
        lines += [line(row) for row in self.rows]
        return "\n".join(lines)


def display_table(
    frame: pd.DataFrame | pd.Series,
    columns: Sequence[str] | None = None,
    *,
    caption: str | None = None,
) -> DisplayTable:
    """``frame`` (or some of its ``columns``) as a table for readers: see :class:`DisplayTable`.
    A Series is shown as two columns, its index and its values; an index that means something
    (named, or not row numbers) becomes the first columns, row numbers are dropped."""
    if isinstance(frame, pd.Series):
        name = frame.name if frame.name is not None else "value"
        frame = frame.rename(name).to_frame()
    index = frame.index
    if any(n is not None for n in index.names) or not pd.api.types.is_integer_dtype(index):
        frame = frame.rename_axis([n if n is not None else "" for n in index.names])
        frame = frame.reset_index()
    if columns is not None:
        frame = frame[list(columns)]
    return DisplayTable(frame, caption)


def show_lines(lines: Iterable[str] | str, width: int = 88, *, blank: bool = False) -> None:
    """Print each text wrapped at ``width`` between words (a long name or address keeps a line
    of its own rather than being cut); ``blank`` puts an empty line between texts."""
    texts = [lines] if isinstance(lines, str) else list(lines)
    out = [
        textwrap.fill(
            " ".join(str(t).split()),
            width=width,
            break_on_hyphens=False,
            break_long_words=False,
        )
        for t in texts
    ]
    print(("\n\n" if blank else "\n").join(out))
