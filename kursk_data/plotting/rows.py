"""Claims as rows: one row per claim (or per claimant), the figure along x; a panel per unit
or per dispute, each with its own value axis, so areas and head counts never share one."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from kursk_data.plotting import form, frame, select
from kursk_data.plotting.grammar import OVER_REACH, draw_claim, short_figure
from kursk_data.plotting.placement import place_labels, request_label, row_room
from kursk_data.plotting.timeline import panels


@dataclass
class Panel:
    """One panel of a row chart: a title and its rows (claims) with their row names."""

    title: str
    rows: pd.DataFrame
    names: list[str]


def row_chart(
    ax: Axes | None,
    groups: list[Panel],
    drawn: pd.DataFrame,
    *,
    asked: str,
    annotate,
    footer: bool | str,
    data: pd.DataFrame | None = None,
    palette=None,
    sources: pd.DataFrame | None = None,
    left_out: str = "",
    **kws,
) -> Axes:
    """Draw each panel's rows top to bottom, marks by the grammar, the figure as worded beside
    each mark on the mark's own row. Colours come from the whole ledger ``data`` (see
    :func:`select.colors`) or ``palette``."""
    ax = plt.gca() if ax is None else ax
    if drawn.empty or not groups:
        return frame.empty(ax, asked)
    # Axes-level: everything stays inside the box the Axes had when it was given.
    box = (
        ax.get_window_extent(ax.figure.canvas.get_renderer()).frozen()
        if frame.axes_level()
        else None
    )
    groups, cut = form.fit_rows(groups, form.fitting(ax, 24, 110, form.MAX_ROWS))
    left_out = left_out or cut
    if cut:
        drawn = pd.concat([g.rows for g in groups], ignore_index=True)
    colors = select.colors(data, drawn, palette)
    # Panel heights follow their rows, plus room for a title and the tick labels.
    boxes = panels(ax, len(groups), gap_pt=34, heights=[len(g.rows) + 0.8 for g in groups])
    # Every row has room for its own figure, so "label all" means all here.
    ids = drawn["claim_id"].astype(str)
    chosen = {c: 1.0 for c in ids} if annotate is True else select.choose_labels(drawn, annotate)
    for panel, group in zip(boxes, groups, strict=True):
        n = len(group.rows)
        vlim0, vlim1, log = select.value_range(group.rows)
        select.set_value_axis(panel, (vlim0, vlim1), log, vertical=False)
        panel.set_ylim(n - 0.45, -0.55)
        panel.set_yticks(range(n), group.names)
        panel.tick_params(axis="y", length=0)
        panel.grid(axis="x", color="#e6e6e6", lw=0.6)
        panel.grid(axis="y", visible=False)
        panel.spines["left"].set_visible(False)
        if len(groups) > 1 or group.title:
            frame.panel_title(panel, group.title, pin=ax)  # over the row names
    width = _plot_width(ax, boxes)
    for panel, group in zip(boxes, groups, strict=True):
        vlim0, vlim1 = panel.get_xlim()
        log = panel.get_xscale() == "log"
        # Each label sits right of its mark and band, on its row: widen the axis so it fits
        # there rather than above or below, where it would read as another row's.
        wanted = [
            _label_room(row) for _, row in group.rows.iterrows() if str(row["claim_id"]) in chosen
        ]
        vlim0, vlim1 = row_room(panel, wanted, width)
        panel.set_xlim(vlim0, vlim1)
        select.from_zero(panel, vertical=False)
        for y, (_, row) in enumerate(group.rows.iterrows()):
            draw_claim(
                panel,
                row,
                at=float(y),
                color=colors[str(row["claimant"])],
                vertical=False,
                vlim=(vlim0, vlim1),
                log=log,
                periods=False,
                **kws,
            )
            cid = str(row["claim_id"])
            if cid in chosen:
                request_label(
                    panel,
                    short_figure(row),
                    (float(row["value"]), float(y)),
                    f"label:{cid}",
                    chosen[cid],
                    on_row=True,
                )
    frame.legends_above(ax, drawn, colors, periods=False, note=left_out)
    if footer is not False:
        frame.footer(ax, frame.source_text(drawn, sources) if footer is True else str(footer))
    if box is not None:
        frame.fit_inside(ax, box)
    place_labels(ax.figure)
    return ax


def _label_room(row: pd.Series) -> tuple[str, float, bool, float]:
    """A row's label, where its drawing ends, on which side the label goes and how much of
    the axis its drawing takes beyond that end: right of its band's end or its mark; for
    "over", right of its short fade (:data:`~kursk_data.plotting.grammar.OVER_REACH` of the
    axis), so the label never sits left of zero."""
    qual = str(row["qualifier"])
    value = float(row["value"])
    if qual == "over":
        return short_figure(row), value, True, OVER_REACH
    high = float(row["high"]) if qual in ("about", "range", "unknown") else float("nan")
    return short_figure(row), max(value, high) if np.isfinite(high) else value, True, 0.0


def _plot_width(ax: Axes, boxes: list[Axes]) -> float:
    """The width (pixels) the panels will have: the axes' own, or for an exported figure (laid
    out later by :func:`frame.frame`) the figure's width less its margins and the row names."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    names = max(
        (t.get_window_extent(renderer).width for b in boxes for t in b.get_yticklabels()),
        default=0.0,
    )
    # Row names, their padding, and half a tick label overhanging the axis' right end.
    room = fig.bbox.width - 2 * frame.MARGIN * fig.dpi - names - 24 * fig.dpi / 72
    return max(min(ax.get_window_extent(renderer).width, room), 1.0)
