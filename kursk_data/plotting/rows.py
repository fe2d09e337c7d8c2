"""Claims as rows: one row per claim (or per claimant), the figure along x; a panel per unit
or per dispute, each with its own value axis, so areas and head counts never share one."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from kursk_data.labels import source_line
from kursk_data.plotting import frame, select
from kursk_data.plotting.grammar import draw_claim, short_figure
from kursk_data.plotting.placement import place_labels, request_label
from kursk_data.plotting.style import claimant_colors
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
    **kws,
) -> Axes:
    """Draw each panel's rows top to bottom, marks by the grammar, the figure as worded beside
    each mark."""
    ax = plt.gca() if ax is None else ax
    if drawn.empty or not groups:
        return frame.empty(ax, asked)
    colors = claimant_colors(drawn)
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
            frame.panel_title(panel, group.title)
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
                )
    frame.legends_above(ax, drawn, colors, periods=False, claimants=False)
    if footer is not False:
        frame.footer(ax, source_line(drawn) if footer is True else str(footer))
    place_labels(ax.figure)
    return ax
