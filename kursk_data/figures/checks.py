"""The export checks what it drew: a figure that fails the layout check or draws a mark off
its claim's period is refused (not written), with its id and the problem."""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

REFUSED = "refused"  # the key a refused render returns instead of its files


class FigureRefused(Exception):
    """A drawn figure that must not be written: ``"<id>: <problem>"``."""


def figure_problems(fig: Figure, data: pd.DataFrame) -> list[str]:
    """Layout problems (:func:`~kursk_data.plotting.layout_problems`) and marks off their
    claims' periods (:func:`~kursk_data.plotting.marks.marks_off_period`), one line each."""
    from kursk_data.plotting import layout_problems
    from kursk_data.plotting.marks import marks_off_period

    return [*marks_off_period(fig, data), *layout_problems(fig)]


def check_figure(fig: Figure, data: pd.DataFrame, fig_id: str) -> None:
    """Raise :class:`FigureRefused` naming ``fig_id`` and its first problem, if any."""
    problems = figure_problems(fig, data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise FigureRefused(f"{fig_id}: {problems[0]}{more}")


_GLYPH = re.compile(r"Glyph (\d+) .*missing from font")
_drawing = [0]  # figures being drawn in a one_glyph_warning: an inner one leaves them to it


@contextlib.contextmanager
def one_glyph_warning(fig_id: str) -> Iterator[None]:
    """matplotlib warns of a character its font lacks each time it measures or draws the text
    (30 lines for one two-letter name): here that is one warning for the figure, naming them."""
    if _drawing[0]:
        yield
        return
    _drawing[0] += 1
    try:
        with warnings.catch_warnings(record=True) as seen:
            warnings.filterwarnings("always", message=_GLYPH.pattern)
            yield
    finally:  # also when drawing fails: no warning is lost
        _drawing[0] -= 1
        missing = {}
        for w in seen:
            found = _GLYPH.match(str(w.message))
            if found:
                missing.setdefault(chr(int(found[1])))
            else:  # any other warning is shown as it came
                warnings.showwarning(w.message, w.category, w.filename, w.lineno, w.file, w.line)
        if missing:
            chars = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
            warnings.warn(
                f"{fig_id}: characters the chart font cannot draw, shown as empty boxes: {chars}",
                UserWarning,
                stacklevel=4,  # the line that called the drawing function
            )
