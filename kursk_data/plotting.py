"""Chart functions, seaborn-style: ``plot_x(data=None, *, ax=None, **kws) -> Axes``.

Every claim is drawn as one marker whose shape says what its qualifier means (a bound is drawn
as a bound), a figure about a period is drawn across that period, and colours say which side
made the claim. Claims are never joined across claimants or averaged. Each marker carries the
artist id ``claim:<claim_id>`` so tests and users can find it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from kursk_data import schema
from kursk_data.labels import (
    claim_label,
    figure_text,
    measure_label,
    period_label,
    source_line,
)
from kursk_data.units import km2_to_mi2, mi2_to_km2

__all__ = [
    "QUALIFIER_MARKERS",
    "SIDE_COLORS",
    "plot_losses",
    "plot_overview",
    "plot_territory",
    "plot_troops",
    "source_line",
    "style",
]

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
SIDE_COLORS: dict[str, str] = {
    "ukraine": "#0072B2",
    "russia": "#D55E00",
    "north_korea": "#CC79A7",
    "third_party": "#009E73",
    "independent": "#E69F00",
    "unattributed": "#666666",
}
SIDE_LABELS = {
    "ukraine": "Ukrainian side",
    "russia": "Russian side",
    "north_korea": "North Korean side",
    "third_party": "Third party (e.g. foreign intelligence)",
    "independent": "Independent observer",
    "unattributed": "Unattributed (source names nobody)",
}
QUALIFIER_MARKERS: dict[str, str] = {
    "exact": "o",
    "about": "D",
    "over": "^",
    "up_to": "v",
    "range": "s",
}
QUALIFIER_LABELS = {
    "exact": "exact figure",
    "about": "about X (bar: band from its precision)",
    "over": "over X (lower bound, arrow: open above)",
    "up_to": "up to X (upper bound, arrow: open below)",
    "range": "stated range (bar)",
}
TERRITORY_SPAN = (pd.Timestamp("2024-08-01"), pd.Timestamp("2025-07-15"))
_ARROW_PT = 16


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the package style sheet inside a ``with`` block; global rcParams stay untouched."""
    sheet = resources.files("kursk_data").joinpath("kursk.mplstyle")
    with resources.as_file(sheet) as path, plt.style.context(str(path)):
        yield


# --------------------------------------------------------------------------- drawing


def _data(data: pd.DataFrame | None, topic: str | None) -> pd.DataFrame:
    from kursk_data.load import load_claims

    if data is None:
        return load_claims(topic)
    return data if topic is None else data[data["topic"] == topic]


def _num(x) -> float:
    return float("nan") if pd.isna(x) else float(x)


def _bound_arrow(
    ax: Axes, x: float, y: float, *, along_x: bool, sign: int, color: str, gid: str | None = None
) -> None:
    """A short arrow from a bound's mark towards its open end (up/right for "over")."""
    dx, dy = (sign * _ARROW_PT, 0) if along_x else (0, sign * _ARROW_PT)
    head = offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")
    ax.annotate(
        "",
        xy=(x, y),
        xycoords=head,
        xytext=(x, y),
        textcoords="data",
        arrowprops={
            "arrowstyle": "-|>",
            "color": color,
            "lw": 1.2,
            "shrinkA": 0,
            "shrinkB": 0,
            "mutation_scale": 8,
        },
        gid=gid,
    )


def _draw_claim(ax: Axes, row: pd.Series, x, y_mid: float | None = None) -> Line2D:
    """One claim: its marker, its bound or band, and its period span (when it has one).

    Over time (``y_mid`` None) the mark sits at ``(x, value)``; in the overview it sits at
    ``(value, y_mid)`` and bounds run along x.
    """
    color = SIDE_COLORS[str(row["claimant_side"])]
    qual = str(row["qualifier"])
    value, low, high = _num(row["value"]), _num(row["low"]), _num(row["high"])
    flat = y_mid is not None
    px, py = (value, y_mid) if flat else (x, value)
    start, end = mdates.date2num(row["period_start"]), mdates.date2num(row["period_end"])
    if not flat and end > start:
        ax.plot(
            [start, end],
            [value, value],
            color=color,
            lw=3,
            alpha=0.35,
            solid_capstyle="butt",
            gid=f"period:{row['claim_id']}",
        )
    if qual in ("about", "range") and not (np.isnan(low) or np.isnan(high)):
        xs, ys = ([low, high], [py, py]) if flat else ([px, px], [low, high])
        ax.plot(
            xs,
            ys,
            color=color,
            lw=1.2,
            marker="|" if flat else "_",
            ms=7,
            gid=f"band:{row['claim_id']}",
        )
    if qual in ("over", "up_to"):
        sign = 1 if qual == "over" else -1
        _bound_arrow(
            ax, px, py, along_x=flat, sign=sign, color=color, gid=f"bound:{row['claim_id']}"
        )
    (mark,) = ax.plot(
        [px],
        [py],
        linestyle="none",
        marker=QUALIFIER_MARKERS[qual],
        ms=7,
        color=color,
        markeredgecolor="white",
        markeredgewidth=0.8,
        zorder=4,
        gid=f"claim:{row['claim_id']}",
    )
    return mark


def _legend(
    ax: Axes,
    data: pd.DataFrame,
    *,
    periods: bool,
    loc: str = "upper right",
    anchor: tuple[float, float] | None = None,
) -> None:
    quals = [q for q in QUALIFIER_MARKERS if q in set(data["qualifier"].astype(str))]
    sides = [s for s in SIDE_COLORS if s in set(data["claimant_side"].astype(str))]
    handles = [
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
    handles += [Patch(color=SIDE_COLORS[s], label=SIDE_LABELS[s]) for s in sides]
    if periods and (data["period_end"] > data["period_start"]).any():
        handles.append(
            Line2D([], [], color="#999999", lw=3, alpha=0.6, label="period the figure covers")
        )
    ax.legend(handles=handles, loc=loc, ncols=1, bbox_to_anchor=anchor)


def _text_box(label: mpl.text.Annotation, renderer):
    """The label's text box, without its leader line. Padded: the white box and hinting at
    print dpi make text a little wider than measured here."""
    label.update_positions(renderer)
    return mpl.text.Text.get_window_extent(label, renderer).padded(0.12 * label.figure.dpi)


def _annotate(ax: Axes, rows: pd.DataFrame, xs: Sequence, which, measure: bool) -> None:
    """Label marks; a label that would overlap one placed before it moves up until it is clear."""
    if which is False:
        return
    keep = set(rows["claim_id"]) if which is True else set(which)
    lo, hi = ax.get_xlim()
    renderer = ax.figure.canvas.get_renderer()
    placed = []
    for (_, row), x in zip(rows.iterrows(), xs, strict=True):
        if row["claim_id"] not in keep:
            continue
        right_side = (x - lo) / (hi - lo) > 0.62
        dy = -20 if row["qualifier"] == "up_to" else 10
        label = ax.annotate(
            claim_label(row, measure=measure),
            xy=(x, _num(row["value"])),
            xytext=(-9 if right_side else 9, dy),
            textcoords="offset points",
            ha="right" if right_side else "left",
            va="bottom",
            fontsize=7.5,
            color="#222222",
            linespacing=1.25,
            arrowprops={
                "arrowstyle": "-",
                "color": "#9a9a9a",
                "lw": 0.6,
                "shrinkA": 0,
                "shrinkB": 5,
            },
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85},
            gid=f"label:{row['claim_id']}",
            zorder=5,
        )
        for _ in range(6):
            box = _text_box(label, renderer)
            clash = [b for b in placed if box.overlaps(b)]
            if not clash:
                break
            shift = max(b.y1 for b in clash) - box.y0 + 4
            dy += shift * 72 / ax.figure.dpi
            label.set_position((label.get_position()[0], dy))
        placed.append(_text_box(label, renderer))


def _footer(ax: Axes, data: pd.DataFrame, footer: bool | str) -> None:
    if footer is False:
        return
    text = source_line(data) if footer is True else str(footer)
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -30),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        color="#555555",
        gid="footer",
    )


def _mid(row: pd.Series) -> pd.Timestamp:
    return row["period_start"] + (row["period_end"] - row["period_start"]) / 2


def _over_time(
    ax: Axes | None,
    data: pd.DataFrame,
    *,
    ylabel: str,
    annotate,
    footer: bool | str,
    xlim=None,
    legend_loc: str = "upper right",
    measure: bool = True,
) -> Axes:
    ax = plt.gca() if ax is None else ax
    rows = data.sort_values(["period_start", "claim_id"])
    ax.xaxis_date()
    xs = [float(mdates.date2num(_mid(r))) for _, r in rows.iterrows()]
    for (_, row), x in zip(rows.iterrows(), xs, strict=True):
        _draw_claim(ax, row, x)
    tops = pd.concat([rows["value"], rows["high"]]).astype(float).dropna()
    top = float(tops.max()) if len(tops) else 1.0
    ax.set_ylim(0, top * 1.3 if top > 0 else 1)
    if xlim is not None:
        ax.set_xlim(*mdates.date2num(list(xlim)))
    elif len(rows):
        pad = pd.Timedelta(days=25)
        ax.set_xlim(
            mdates.date2num(rows["period_start"].min() - pad),
            mdates.date2num(rows["period_end"].max() + pad),
        )
    lo, hi = ax.get_xlim()
    every = 1 if hi - lo < 200 else 2
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, every)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(ylabel)
    _annotate(ax, rows, xs, annotate, measure)
    _legend(ax, rows, periods=True, loc=legend_loc)
    _footer(ax, rows, footer)
    return ax


def _mi2_axis(ax: Axes) -> None:
    """A secondary axis in square miles, converted with the exact factor."""
    sec = ax.secondary_yaxis("right", functions=(km2_to_mi2, mi2_to_km2))
    sec.set_ylabel("sq mi")
    sec.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def _shade_contested(ax: Axes, data: pd.DataFrame) -> None:
    """Shade the stretch after Russia's claim of full recapture that other claims dispute."""
    zero = data[(data["claimant_side"] == "russia") & (data["value"] == 0)]
    if zero.empty:
        return
    start = zero["period_start"].min()
    later = data[
        (data["period_start"] > start) & (data["value"] > 0) & (data["claimant_side"] != "russia")
    ]
    if later.empty:
        return
    end = mdates.num2date(ax.get_xlim()[1]).replace(tzinfo=None)
    ax.axvspan(
        mdates.date2num(start),
        mdates.date2num(end),
        color="#D55E00",
        alpha=0.07,
        lw=0,
        gid="contested",
    )
    ax.annotate(
        f"Contested since {start.day} {start:%b %Y}:\nRussia claims full recapture;\n"
        "other claims say ground\nis still held",
        xy=(1, 1),
        xycoords="axes fraction",
        xytext=(-4, -4),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=7.5,
        color="#A04000",
        gid="contested-label",
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
