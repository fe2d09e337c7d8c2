"""Marks and furniture shared by every chart: one claim's mark, bound and period; legends,
labels and the source footer."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from kursk_data.labels import claim_label, source_line
from kursk_data.plotting.style import (
    _ARROW_PT,
    QUALIFIER_LABELS,
    QUALIFIER_MARKERS,
    SIDE_COLORS,
    SIDE_LABELS,
)
from kursk_data.units import km2_to_mi2, mi2_to_km2


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
