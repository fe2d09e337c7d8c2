"""The form follows the data: how many panels, rows and series a chart draws, and what it
says it left out.

The rules, as a chart editor would apply them (README "Chart forms", docs/charts.md):

* a dense series of one claimant and measure (:data:`series.MIN_CLAIMS` or more claims, a
  median gap of :data:`series.MAX_MEDIAN_GAP` days or less) is drawn as a line with its
  interval as a ribbon, labelled at its ends and turning points; sparse claims keep one
  labelled mark each;
* several measures are small multiples, a panel each (areas and head counts never share an
  axis), at most :data:`MAX_PANELS` in one Axes: the measures with most claims; the rest are
  named in a note inside the Axes; panels of one unit share one scale;
* a few claims (at most :data:`FEW_CLAIMS`, none in a series) on several measures of one unit
  share one panel, each label naming its measure: three marks do not need three panels;
* a row chart (the overview, disputes) draws at most :data:`MAX_ROWS` rows in one Axes and
  names what it left out, inside the Axes.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from kursk_data.analysis.disputes import MAX_ROWS, PANEL_ROWS
from kursk_data.labels import measure_label

MAX_PANELS = 6
FEW_CLAIMS = 6  # up to this many sparse claims of one unit share one panel


def panel_measures(rows: pd.DataFrame, limit: int = MAX_PANELS) -> tuple[list[str], list[str]]:
    """The measures drawn as panels (first-seen order) and those left out: the ``limit``
    measures with most claims are kept."""
    measures = list(dict.fromkeys(rows["measure"].astype(str)))
    if len(measures) <= limit:
        return measures, []
    counts = rows["measure"].astype(str).value_counts()
    keep = set(sorted(measures, key=lambda m: (-counts[m], m))[:limit])
    return [m for m in measures if m in keep], [m for m in measures if m not in keep]


def panel_groups(
    rows: pd.DataFrame, measures: list[str], units: dict[str, str], dense: bool
) -> list[list[str]]:
    """The measures of each panel: one panel for all when they are few claims (at most
    :data:`FEW_CLAIMS`, no dense series) of one unit; else a panel per measure."""
    few = len(measures) > 1 and not dense and len(rows) <= FEW_CLAIMS
    if few and len({units[m] for m in measures}) == 1:
        return [list(measures)]
    return [[m] for m in measures]


def left_out_text(names: list[str], what: str, *, labels=measure_label, shown: int = 3) -> str:
    """ "Not shown: 3 more measures (A, B, C)" in a few words."""
    words = [labels(n) for n in names]
    listed = ", ".join(words[:shown]) + (
        f" and {len(words) - shown} more" if len(words) > shown else ""
    )
    plural = "" if len(names) == 1 else "s"
    return f"Not shown here: {len(names)} more {what}{plural} ({listed})"


def fit_rows(groups: list, limit: int = MAX_ROWS) -> tuple[list, str]:
    """The row chart's panels that fit ``limit`` rows in all, a panel's title and axis
    counting :data:`PANEL_ROWS` (whole panels, then the first rows of the next) and, in words,
    what was left out."""
    from dataclasses import replace

    kept, total, cost = [], 0, 0.0
    for g in groups:
        # A panel's title and axis take about as much room as a row and a half.
        room = int(limit - cost - PANEL_ROWS)
        if len(g.rows) <= room:
            kept.append(g)
        elif room >= min(3, len(g.rows)) or not kept:  # the first rows of the panel that fit
            room = max(room, 1)
            who = g.who_lines[:room] if g.who_lines else None
            kept.append(replace(g, rows=g.rows.iloc[:room], names=g.names[:room], who_lines=who))
        else:
            break
        total += len(kept[-1].rows)
        cost += len(kept[-1].rows) + PANEL_ROWS
        if len(kept[-1].rows) < len(g.rows):
            break
    rest = sum(len(g.rows) for g in groups) - total
    if not rest:
        return kept, ""
    panels = (
        len(groups) - len(kept) + (1 if len(kept[-1].rows) < len(groups[len(kept) - 1].rows) else 0)
    )
    return kept, (
        f"Not shown here: {rest:,} more rows"
        + (f" of {panels} panel{'s' if panels != 1 else ''}" if len(groups) > 1 and panels else "")
        + " (no room for more rows in this chart)"
    )


def fitting(ax: Axes, per_item_pt: float, furniture_pt: float, cap: int) -> int:
    """How many panels or rows of ``per_item_pt`` points fit in ``ax`` beside
    ``furniture_pt`` of legends, titles and footer: ``cap`` for a figure-level chart (the
    figure is sized to its content), at least 1."""
    from kursk_data.plotting.frame import axes_level

    if not axes_level():
        return cap
    height = ax.get_window_extent(ax.figure.canvas.get_renderer()).height * 72 / ax.figure.dpi
    return max(1, min(cap, int((height - furniture_pt) // per_item_pt)))
