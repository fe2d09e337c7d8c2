"""The chart functions, seaborn-style: ``plot_x(data=None, *, ax=None, **kws) -> Axes``."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kursk_data import schema
from kursk_data.labels import figure_text, measure_label, period_label
from kursk_data.plotting.marks import (
    _bound_arrow,
    _data,
    _draw_claim,
    _footer,
    _legend,
    _mi2_axis,
    _mid,
    _over_time,
    _shade_contested,
)
from kursk_data.plotting.style import (
    QUALIFIER_LABELS,
    QUALIFIER_MARKERS,
    SIDE_COLORS,
    SIDE_LABELS,
    TERRITORY_SPAN,
)


def plot_territory(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    annotate: bool | Iterable[str] = True,
    mi2_axis: bool = True,
    footer: bool | str = True,
) -> Axes:
    """Area of Kursk region held by Ukraine over time, one mark per claim, in km² (and mi²).

    Parameters
    ----------
    data : DataFrame, optional
        Claims as :func:`kursk_data.load_claims` returns them; territory rows are used.
        Defaults to every territory claim of the ledger.
    ax : Axes, optional
        Where to draw; defaults to the current Axes.
    annotate : bool or iterable of claim ids
        Label marks with the figure as worded, the claimant and the date.
    mi2_axis : bool
        Add a secondary axis in square miles.
    footer : bool or str
        Add the ``Source: ...`` line (True), a custom one (str), or none (False).
    """
    rows = _data(data, "territory")
    ax = _over_time(
        ax,
        rows,
        ylabel="Area held by Ukraine (km²)",
        annotate=annotate,
        footer=footer,
        xlim=TERRITORY_SPAN,
        legend_loc="center",
        measure=False,
    )
    _shade_contested(ax, rows)
    if mi2_axis:
        _mi2_axis(ax)
    return ax


def plot_troops(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    annotate: bool | Iterable[str] = True,
    footer: bool | str = True,
) -> Axes:
    """Troop numbers claimed over time, one mark per claim; see :func:`plot_territory`."""
    return _over_time(
        ax,
        _data(data, "troops"),
        ylabel="Troops (personnel)",
        annotate=annotate,
        footer=footer,
        legend_loc="upper left",
    )


def plot_losses(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    annotate: bool | Iterable[str] = True,
    footer: bool | str = True,
) -> Axes:
    """Losses claimed over time (personnel), one mark per claim; see :func:`plot_territory`."""
    return _over_time(
        ax,
        _data(data, "losses"),
        ylabel="Losses (personnel)",
        annotate=annotate,
        footer=footer,
        legend_loc="upper left",
    )


def plot_overview(
    data: pd.DataFrame | None = None, *, ax: Axes | None = None, footer: bool | str = True
) -> Axes:
    """Every claim on one row: its interval, qualifier mark and side, on a log scale.

    Areas (km²) and people share the axis only as counts; each row label names its unit.
    """
    rows = _data(data, None).copy()
    topic_order = list(schema.enum("claims", "topic"))
    rows["_t"] = rows["topic"].astype(str).map(topic_order.index)
    rows = rows.sort_values(["_t", "measure", "period_start", "claim_id"]).reset_index(drop=True)
    ax = plt.gca() if ax is None else ax
    n = len(rows)
    for i, row in rows.iterrows():
        y = n - 1 - i
        _draw_claim(ax, row, x=None, y_mid=y)
    ax.set_xscale("symlog", linthresh=10, linscale=0.3)
    vals = pd.concat([rows["value"], rows["low"], rows["high"]]).astype(float).dropna()
    ax.set_xlim(-1, float(vals.max()) * 2.5 if len(vals) else 10)
    ax.set_ylim(-0.7, n - 0.3)
    labels = [
        f"{measure_label(r['measure'])} ({'km²' if r['unit'] == 'km2' else 'people'})\n"
        f"{figure_text(r)} — {r['claimant']}, {period_label(r)}"
        for _, r in rows.iterrows()
    ]
    ax.set_yticks(range(n - 1, -1, -1), labels, fontsize=7.5)
    ax.grid(axis="x", color="#e6e6e6")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("Figure as stated (log scale; km² or people, as labelled)")
    _legend(ax, rows, periods=False, loc="upper right")
    _footer(ax, rows, footer)
    return ax


_SERIES_STYLES = ("-", "--", ":", "-.")


def plot_territory_timeline(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    label_series: bool = True,
    mi2_axis: bool = True,
    footer: bool | str = True,
) -> Axes:
    """Area held by Ukraine over time, one series per claimant, never merged across claimants.

    Each claimant's claims of ``area_held_by_ukraine`` are joined by a thin line in its side's
    colour (line style tells claimants of one side apart) and labelled at their last point;
    marks show qualifiers as in :func:`plot_territory`. The stretch after Russia's claim of full
    recapture, disputed by other claims, is shaded.
    """
    rows = _data(data, "territory")
    rows = rows[rows["measure"] == "area_held_by_ukraine"]
    ax = plt.gca() if ax is None else ax
    ax.xaxis_date()
    used_styles: dict[str, int] = {}
    handles = []
    for claimant, series in sorted(
        rows.groupby("claimant", observed=True),
        key=lambda kv: (str(kv[1]["claimant_side"].iloc[0]), kv[0]),
    ):
        series = series.sort_values(["period_start", "claim_id"])
        side = str(series["claimant_side"].iloc[0])
        style = _SERIES_STYLES[used_styles.get(side, 0) % len(_SERIES_STYLES)]
        used_styles[side] = used_styles.get(side, 0) + 1
        xs = [float(mdates.date2num(_mid(r))) for _, r in series.iterrows()]
        ys = series["value"].astype(float).to_list()
        color = SIDE_COLORS[side]
        if len(series) > 1:
            ax.plot(
                xs, ys, color=color, lw=1.1, ls=style, alpha=0.8, zorder=2, gid=f"series:{claimant}"
            )
        for (_, row), x in zip(series.iterrows(), xs, strict=True):
            _draw_claim(ax, row, x)
        name = "unattributed report" if claimant == "unattributed" else str(claimant)
        handles.append(Line2D([], [], color=color, ls=style, lw=1.4, label=name))
    ax.set_xlim(*mdates.date2num(list(TERRITORY_SPAN)))
    top = float(pd.concat([rows["value"], rows["high"]]).astype(float).max())
    ax.set_ylim(0, top * 1.2)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, 2)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("Area held by Ukraine (km²)")
    _shade_contested(ax, rows)
    quals = [q for q in QUALIFIER_MARKERS if q in set(rows["qualifier"].astype(str))]
    handles += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=QUALIFIER_MARKERS[q],
            color="#333333",
            ms=6,
            label=QUALIFIER_LABELS[q],
        )
        for q in quals
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        ncols=2,
        title="Claimant (colour = side)",
        title_fontsize=7.5,
    )
    if mi2_axis:
        _mi2_axis(ax)
    _footer(ax, rows, footer)
    return ax


def plot_contested(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    window: str = "14D",
    footer: bool | str = True,
) -> Axes:
    """Disputes side by side: for each measure and time window where claimants disagree, each
    claimant's interval and latest figure on one row (see :func:`kursk_data.contested`).

    Rows of one dispute share a unit; the axis is logarithmic so disputes of different sizes fit.
    """
    from kursk_data.analysis import contested

    claims = _data(data, None)
    table = contested(data=claims, window=window)
    ax = plt.gca() if ax is None else ax
    y, ticks, labels = 0.0, [], []
    for dispute, rows in table.groupby("dispute", sort=True):
        first = rows.iloc[0]
        unit = "km²" if "area" in str(first["measure"]) else "people"
        head = (
            f"{measure_label(first['measure'])} ({unit}), "
            f"{first['window_start']:%d %b %Y} – {first['window_end']:%d %b %Y}"
        )
        ax.annotate(
            head,
            xy=(0, y),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=7.5,
            fontweight="bold",
            gid=f"dispute:{dispute}",
            annotation_clip=False,
        )
        y -= 1
        for _, r in rows.iterrows():
            color = SIDE_COLORS[r["claimant_side"]]
            hi = r["high"] if np.isfinite(r["high"]) else None
            if hi is not None and r["high"] > r["low"]:
                ax.plot(
                    [r["low"], r["high"]],
                    [y, y],
                    color=color,
                    lw=2.2,
                    alpha=0.6,
                    solid_capstyle="butt",
                )
            if hi is None:
                _bound_arrow(ax, r["value"], y, along_x=True, sign=1, color=color)
            if r["qualifier"] == "up_to":
                _bound_arrow(ax, r["value"], y, along_x=True, sign=-1, color=color)
            ax.plot(
                [r["value"]],
                [y],
                linestyle="none",
                marker=QUALIFIER_MARKERS[r["qualifier"]],
                ms=6.5,
                color=color,
                markeredgecolor="white",
                markeredgewidth=0.8,
                zorder=4,
                gid=f"claim:{dispute}:{r['claimant']}",
            )
            ticks.append(y)
            who = "unattributed report" if r["claimant"] == "unattributed" else r["claimant"]
            labels.append(f"{who}: {r['value']:,.0f}  [{r['claim_ids']}]")
            y -= 1
        y -= 0.6
    ax.set_yticks(ticks, labels, fontsize=7)
    ax.set_ylim(y + 0.8, 1)
    ax.set_xscale("symlog", linthresh=10, linscale=0.3)
    top = float(np.nanmax(np.where(np.isfinite(table["high"]), table["high"], table["value"])))
    ax.set_xlim(-1, top * 3)
    ax.grid(axis="x", color="#e6e6e6")
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("Figure as stated (log scale); bar = the interval its qualifier allows")
    sides = [s for s in SIDE_COLORS if s in set(table["claimant_side"])]
    quals = [q for q in QUALIFIER_MARKERS if q in set(table["qualifier"])]
    handles = [Patch(color=SIDE_COLORS[s], label=SIDE_LABELS[s]) for s in sides]
    handles += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=QUALIFIER_MARKERS[q],
            color="#333333",
            ms=6,
            label=QUALIFIER_LABELS[q],
        )
        for q in quals
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=7)
    _footer(ax, claims[claims["claim_id"].isin(",".join(table["claim_ids"]).split(","))], footer)
    return ax
