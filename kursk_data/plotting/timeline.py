"""Claims over time: one panel per measure, one mark per claim, dates along x."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.transforms import ScaledTranslation

from kursk_data.analysis import fold_statements
from kursk_data.labels import (
    figure_text,
    measure_label,
    period_label,
    source_line,
)
from kursk_data.plotting import frame, select
from kursk_data.plotting.grammar import (
    draw_claim,
    is_implied,
    is_inferred_period,
    is_running_total,
    when,
)
from kursk_data.plotting.placement import place_labels, request_label, requests_of
from kursk_data.plotting.style import MARK_SIZE, claimant_name
from kursk_data.plotting.textcache import measured_once

_PANEL_GAP_PT = 30  # between stacked panels: room for the lower panel's title


def label_text(row: pd.Series, *, name: bool = True) -> str:
    """A mark's label: the figure as worded, claimant and date, and what the ledger inferred.

    ``name`` False leaves the claimant out (its colour and its latest label name it).
    """
    # Short lines keep the box narrow, so it finds room beside its mark in a crowded chart.
    who = f"{claimant_name(str(row['claimant']))}\n" if name else ""
    text = f"{figure_text(row)}\n{who}{period_label(row)}"
    notes = []
    if is_implied(row) and "implied" not in text.lower():
        notes.append("implied, not stated")
    if is_inferred_period(row) and "inferred" not in text.lower():
        notes.append("period inferred")
    if is_running_total(row):
        notes.append(f"total since {row['since']:%-d %b %Y}")
    return text + ("\n" + "; ".join(notes) if notes else "")


_DODGE_PT = MARK_SIZE + 1.5


def dodge(ax: Axes, rows: pd.DataFrame) -> dict[str, float]:
    """Sideways shifts (points) for marks that would sit on one another (DeepState's 30 km²
    and Russia's 0 on the same day): each group of
    touching marks is spread out side by side around its centre, in date order."""
    fig = ax.figure
    to_px = fig.dpi / 72
    pts = []
    for _, row in rows.iterrows():
        x = float(mdates.date2num(when(row)))
        px = ax.transData.transform((x, float(row["value"])))
        pts.append((str(row["claim_id"]), px[0], px[1]))
    pts.sort(key=lambda p: (p[1], p[0]))
    limit = _DODGE_PT * to_px
    groups: list[list[tuple[str, float, float]]] = []
    for p in pts:
        for g in groups:
            if any(abs(p[1] - q[1]) < limit and abs(p[2] - q[2]) < limit for q in g):
                g.append(p)
                break
        else:
            groups.append([p])
    shifts = {}
    for g in groups:
        if len(g) > 1:
            g.sort(key=lambda p: (round(p[1]), p[0]))  # keep them in date order
            centre = sum(p[1] for p in g) / len(g)
            for i, (cid, x, _) in enumerate(g):
                # Spread around the group's centre, as offsets from each mark's own place.
                target = centre + (i - (len(g) - 1) / 2) * limit
                shifts[cid] = (target - x) / to_px
    return shifts


def shift_claim(ax: Axes, cid: str, points: float) -> None:
    """Draw a claim's mark, band and bound ``points`` to the side (its period bar stays)."""
    offset = ScaledTranslation(points / 72, 0, ax.figure.dpi_scale_trans)
    for art in [*ax.lines, *ax.collections]:
        gid = art.get_gid() or ""
        if gid in (f"claim:{cid}", f"band:{cid}", f"bound:{cid}"):
            art.set_transform(ax.transData + offset)


def panels(ax: Axes, n: int, *, gap_pt: float = _PANEL_GAP_PT, heights=None) -> list[Axes]:
    """Split ``ax`` into ``n`` stacked panels (child axes that move with it); ``ax`` itself
    becomes an invisible container. One panel: ``ax`` is the panel."""
    if n <= 1:
        return [ax]
    ax.set_axis_off()
    fig = ax.figure
    height_pt = max(ax.get_window_extent(fig.canvas.get_renderer()).height * 72 / fig.dpi, 1)
    gap = min(gap_pt / height_pt, 0.5 / n)
    heights = heights or [1.0] * n
    # A gap above every panel: each has a title.
    free = 1 - gap * n
    total = sum(heights)
    out, top = [], 1.0 - gap
    for h in heights:
        size = free * h / total
        out.append(ax.inset_axes([0, top - size, 1, size]))
        top -= size + gap
    return out


@measured_once()  # charts measure their labels, legends and ticks many times
def timeline(
    ax: Axes | None,
    rows: pd.DataFrame,
    *,
    asked: str,
    annotate,
    footer: bool | str,
    mi2_axis: bool = False,
    span=None,
    data: pd.DataFrame | None = None,
    palette=None,
    **kws,
) -> Axes:
    """Draw ``rows`` over time on ``ax``: a panel per measure, sharing the date axis.

    One statement reported twice (``same_statement_as``) is one mark, the row it names; colours
    come from the whole ledger ``data`` (see :func:`select.colors`) or ``palette``.
    """
    ax = plt.gca() if ax is None else ax
    if rows.empty:
        return frame.empty(ax, asked)
    rows, members = fold_statements(rows)
    rows = rows.sort_values(["period_start", "claim_id"])
    colors = select.colors(data, rows, palette)
    measures = list(dict.fromkeys(rows["measure"].astype(str)))
    boxes = panels(ax, len(measures))
    chosen = select.choose_labels(rows, annotate, members)
    for i, (panel, measure) in enumerate(zip(boxes, measures, strict=True)):
        sub = rows[rows["measure"].astype(str) == measure]
        unit = select.unit_words(sub["unit"].iloc[0], sub["measure"].iloc[0])
        vlim0, vlim1, log = select.value_range(sub)
        select.date_axis(panel, rows, span)
        select.set_value_axis(panel, (vlim0, vlim1), log, vertical=True)
        # A claimant is named once per panel, on its latest figure; its other labels give the
        # figure and date only (the colour and the legend say whose they are).
        named = set(
            sub.sort_values(["period_end", "claim_id"])
            .groupby(sub["claimant"].astype(str))["claim_id"]
            .last()
            .astype(str)
        )
        shifts = dodge(panel, sub)
        for _, row in sub.iterrows():
            x = float(mdates.date2num(when(row)))
            cid = str(row["claim_id"])
            draw_claim(
                panel,
                row,
                at=x,
                color=colors[str(row["claimant"])],
                vertical=True,
                vlim=(vlim0, vlim1),
                log=log,
                **kws,
            )
            if shifts.get(cid):
                shift_claim(panel, cid, shifts[cid])
            if cid in chosen:
                req = request_label(
                    panel,
                    label_text(row, name=cid in named),
                    (x, float(row["value"])),
                    f"label:{cid}",
                    chosen[cid],
                )
                req.shift = shifts.get(cid, 0.0)
        if len(measures) > 1:
            frame.panel_title(panel, f"{measure_label(measure)} ({unit})")
            panel.set_ylabel(unit)
            if i < len(measures) - 1:
                panel.tick_params(axis="x", labelbottom=False)
        else:
            panel.set_ylabel(f"{measure_label(measure)} ({unit})")
        _disputes_first(panel, sub)
        if mi2_axis and str(sub["unit"].iloc[0]) == "km2":
            select.mi2_axis(panel)
    frame.legends_above(ax, rows, colors, periods=True)
    if footer is not False:
        frame.footer(ax, source_line(rows) if footer is True else str(footer))
    place_labels(ax.figure)
    return ax


def _disputes_first(ax: Axes, data: pd.DataFrame) -> None:
    """Place the labels of claims that disagree at matching dates (:func:`contested`) before
    the others, the latest dispute first, so a crowded corner never drops them."""
    from kursk_data.analysis import contested

    table = contested(data=data)
    if table.empty:
        return
    table = table.sort_values(["as_of", "dispute"], ascending=[False, True])
    ordered = list(dict.fromkeys(",".join(table["claim_ids"]).split(",")))
    bump = {f"label:{c}": 20.0 - i for i, c in enumerate(ordered)}
    for req in requests_of(ax):
        req.priority += bump.get(req.gid, 0.0)
