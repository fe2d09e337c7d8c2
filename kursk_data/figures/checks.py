"""The export checks what it drew: a figure that fails the layout check or draws a mark off
its claim's period is refused (not written), with its id and the problem."""

from __future__ import annotations

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
