"""Which claims a chart draws and which it labels; the value and date axes they need."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from kursk_data import schema
from kursk_data.labels import side_family
from kursk_data.labels import unit_words as labels_unit_words
from kursk_data.plotting.style import (
    OTHER_COLOR,
    SIDE_OTHER,
    as_drawn,
    claimant_colors,
    statement_claimants,
    statement_dates,
)
from kursk_data.units import km2_to_mi2, mi2_to_km2

# Up to this many claims every mark is labelled; beyond, only chosen ones (see choose_labels).
LABEL_ALL_UP_TO = 10
# A value axis turns logarithmic when its figures span more than this ratio (and none is 0).
LOG_SPAN = 150.0
# A figure below this share of the value axis would have its mark cut by an axis at zero.
NEAR_ZERO = 0.04


def _as_list(x: str | Iterable[str] | None) -> list[str] | None:
    if x is None:
        return None
    return [x] if isinstance(x, str) else [str(v) for v in x]


def claims(
    data: pd.DataFrame | None,
    topic: str | None,
    *,
    measure: str | Iterable[str] | None = None,
    side: str | Iterable[str] | None = None,
    claimants: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """The claims a chart draws and, in words, what was asked for (for an empty chart).

    ``measure``, ``side`` and ``claimants`` keep only those values; a side that the schema does
    not know is an error (a typo would otherwise draw nothing, silently).
    """
    if data is None:
        from kursk_data.load import load_claims

        data = load_claims()
    rows = data if topic is None else data[data["topic"].astype(str) == topic]
    asked = [f"topic {topic}"] if topic else []
    measures, sides, who = _as_list(measure), _as_list(side), _as_list(claimants)
    if measures is not None:
        rows = rows[rows["measure"].astype(str).isin(measures)]
        asked.append("measure " + ", ".join(measures))
    if sides is not None:
        from kursk_data.labels import LEDGER_SIDES

        known = [*schema.known_sides(), *LEDGER_SIDES]
        known += sorted(set(rows["claimant_side"].astype(str)) - set(known))
        bad = [s for s in sides if s not in known]
        if bad:
            raise ValueError(f"side must be one of {', '.join(known)}; got {', '.join(bad)}")
        rows = rows[rows["claimant_side"].astype(str).isin(sides)]
        asked.append("side " + ", ".join(sides))
    if who is not None:
        rows = rows[rows["claimant"].astype(str).isin(who)]
        asked.append("claimants " + ", ".join(who))
    # A statement reported twice is drawn under one claimant, the same in every chart: for
    # the shipped ledger's claims, as the whole shipped ledger names it.
    shipped = (
        "ledger" in data and not data.empty and (data["ledger"].astype(str) == "shipped").all()
    )
    rows = as_drawn(
        rows,
        data,
        dict(_shipped_names()) if shipped else None,
        dict(_shipped_dates()) if shipped else None,
    )
    return rows, ("; ".join(asked) or "the data given are empty")


@functools.lru_cache(maxsize=1)
def _shipped_names() -> tuple[tuple[str, str], ...]:
    from kursk_data.load import load_claims

    return tuple(statement_claimants(load_claims()).items())


@functools.lru_cache(maxsize=1)
def _shipped_dates() -> tuple[tuple[str, pd.Timestamp], ...]:
    from kursk_data.load import load_claims

    return tuple(statement_dates(load_claims()).items())


@functools.lru_cache(maxsize=1)
def _shipped_palette() -> tuple[tuple[str, str], ...]:
    from kursk_data.load import load_claims

    return tuple(claimant_colors(load_claims()).items())


def colors(
    data: pd.DataFrame | None, rows: pd.DataFrame, palette: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The colour of every claimant in ``rows`` (the claims a chart draws), the same in every
    chart of a ledger.

    ``palette`` (claimant -> colour, e.g. ``claimant_colors(my_whole_ledger)``) wins. Without
    it, claims of the shipped ledger (or ``data=None``) take the shipped ledger's colours, and
    other data the colours :func:`~kursk_data.plotting.style.claimant_colors` gives for
    ``data``, the frame the chart was given before any ``measure=``/``side=``/``claimants=``
    choice. A claimant the palette lacks gets its side's tint.
    """
    if palette is None:
        shipped = data is None or (
            "ledger" in data and not data.empty and (data["ledger"].astype(str) == "shipped").all()
        )
        palette = dict(_shipped_palette()) if shipped else claimant_colors(data)
    out = {}
    for who, side in zip(
        rows["claimant"].astype(str), rows["claimant_side"].astype(str), strict=True
    ):
        if who not in out:
            out[who] = palette.get(who) or SIDE_OTHER.get(side_family(side), OTHER_COLOR)
    # In the palette's order (by side, then rank): the claimant legend follows it.
    rank = {w: i for i, w in enumerate(palette)}
    return dict(sorted(out.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def choose_labels(
    rows: pd.DataFrame, which: bool | Iterable[str], members: Mapping[str, list[str]] | None = None
) -> dict[str, float]:
    """Claim ids to label, with a priority (higher is placed first).

    ``True``: every claim when there are few; otherwise each measure's highest and lowest
    figure and each claimant's latest, the rest stay marks. ``False``: none. An iterable:
    those claim ids (a row folded into another by :func:`fold_statements`, listed in
    ``members``, labels the mark it is drawn as).
    """
    if which is False or rows.empty:
        return {}
    ids = rows["claim_id"].astype(str)
    if which is not True:
        root = {m: r for r, ms in (members or {}).items() for m in ms}
        keep = list(dict.fromkeys(root.get(str(c), str(c)) for c in which))
        return {c: float(len(keep) - i) for i, c in enumerate(keep) if c in set(ids)}
    if len(rows) <= LABEL_ALL_UP_TO:
        return {c: float(len(rows) - i) for i, c in enumerate(ids)}
    # Each claimant's latest figure first (the busiest claimants' first), then each
    # measure's highest and lowest.
    chosen: dict[str, float] = {}
    counts = rows["claimant"].astype(str).value_counts()
    for who, group in rows.groupby(rows["claimant"].astype(str), sort=True):
        latest = group.sort_values(["period_end", "claim_id"]).iloc[-1]
        chosen[str(latest["claim_id"])] = 2.0 + counts[who] / (counts.max() + 1)
    for _, group in rows.groupby(rows["measure"].astype(str), sort=True):
        v = group["value"].astype(float)
        chosen.setdefault(str(group.loc[v.idxmax(), "claim_id"]), 1.0)
        chosen.setdefault(str(group.loc[v.idxmin(), "claim_id"]), 1.0)
    return chosen


def value_range(rows: pd.DataFrame, *, tight_zero: bool = False) -> tuple[float, float, bool]:
    """The value axis for ``rows``: (low, high, log).

    Linear from zero (a little below, so a zero mark is never cut); logarithmic when the
    figures span more than :data:`LOG_SPAN` and none is zero, then starting at the data.
    ``tight_zero``: start exactly at zero when no figure lies near it (no mark to cut), so
    the axis' baseline is the zero line.
    """
    vals = pd.concat([rows["value"], rows["low"], rows["high"]]).astype(float).dropna()
    vals = vals[np.isfinite(vals)]
    if vals.empty:
        return 0.0, 1.0, False
    lo, hi = float(vals.min()), float(vals.max())
    positive = vals[vals > 0]
    if lo > 0 and len(positive) and hi / float(positive.min()) > LOG_SPAN:
        # The margin grows with the span, so a mark at either end stays clear of the edge
        # however many decades the axis covers (1e-300 beside 1e-6 is 294 of them).
        decades = np.log10(hi / lo)
        return lo / max(1.6, 10 ** (0.06 * decades)), hi * max(2.2, 10 ** (0.06 * decades)), True
    top = hi * 1.25 if hi > 0 else 1.0
    if tight_zero and lo >= 0 and float(rows["value"].astype(float).min()) >= NEAR_ZERO * top:
        return 0.0, top, False
    # Room for a mark at zero: half a mark on a timeline (tight_zero), more in a row chart.
    return (-0.05 if tight_zero else -0.08) * top, top, False


def set_value_axis(ax: Axes, vlim: tuple[float, float], log: bool, *, vertical: bool) -> None:
    axis = ax.yaxis if vertical else ax.xaxis
    if log:
        (ax.set_yscale if vertical else ax.set_xscale)("log")
    (ax.set_ylim if vertical else ax.set_xlim)(*vlim)
    axis.set_major_formatter(mpl.ticker.FuncFormatter(_thousands))
    if log:
        axis.set_major_locator(_FittingLog(base=10))
        axis.set_minor_formatter(mpl.ticker.NullFormatter())
    else:
        axis.set_major_locator(_NonNegative(nbins=5, steps=[1, 2, 2.5, 5, 10]))


def from_zero(ax: Axes, *, vertical: bool) -> None:
    """A linear count axis starts at zero: the room below zero (kept so a zero mark is not
    cut) has no spine, so the axis never reads as running left of (or below) zero."""
    axis = ax.yaxis if vertical else ax.xaxis
    if axis.get_scale() != "linear":
        return
    lo, hi = sorted(ax.get_ylim() if vertical else ax.get_xlim())
    if lo < 0 < hi:
        ax.spines["left" if vertical else "bottom"].set_bounds(0, hi)
        if vertical:
            # The date axis' line would run below zero: the zero line is the baseline.
            ax.spines["bottom"].set_visible(False)
            ax.tick_params(axis="x", length=0)
            if not any(str(ln.get_gid()) == "baseline" for ln in ax.lines):
                ax.axhline(
                    0, color=mpl.rcParams["axes.edgecolor"], lw=0.8, zorder=1.5, gid="baseline"
                )


def _labels_that_fit(axis, vmax: float) -> int | None:
    """How many tick labels as wide as ``vmax``'s fit side by side along a horizontal axis
    (a narrow panel beside long row names gets fewer ticks), or one above another along a
    vertical one (a short panel gets fewer)."""
    ax = axis.axes
    if ax is None or not axis.majorTicks:
        return None
    size = axis.majorTicks[0].label1.get_fontsize() * ax.figure.dpi / 72
    if axis is not ax.xaxis:  # a label's height and half as much again between labels
        return max(1, int(ax.bbox.height // (1.5 * size)))
    # DejaVu Sans digits are 0.64 em wide, commas narrower; an em of space between labels.
    label = len(_thousands(vmax)) * 0.6 * size + size
    return max(2, int(ax.bbox.width // label))


class _NonNegative(mpl.ticker.MaxNLocator):
    """Ticks from zero up, as many as fit: room left below zero (for a zero mark or a label)
    gets no tick."""

    def tick_values(self, vmin: float, vmax: float):
        lo, hi = sorted((vmin, vmax))
        fit = _labels_that_fit(self.axis, hi) if self.axis is not None else None
        if fit is not None:
            self.set_params(nbins=max(1, min(5, fit - 1)))
        ticks = super().tick_values(max(lo, 0.0), hi)
        ticks = ticks[ticks >= 0]
        # Room for one label only (a very short panel): the lowest tick alone.
        return ticks[:1] if fit is not None and fit < 2 else ticks


class _FittingLog(mpl.ticker.LogLocator):
    """Decades as ticks, every other (or fewer) when their labels would not fit."""

    def tick_values(self, vmin: float, vmax: float):
        fit = _labels_that_fit(self.axis, max(vmin, vmax)) if self.axis is not None else None
        self.set_params(numticks=fit if fit is not None else "auto")
        return super().tick_values(vmin, vmax)


def _thousands(v: float, _pos=None) -> str:
    return f"{v:,.0f}" if abs(v) >= 1 or v == 0 else f"{v:g}"


def date_axis(ax: Axes, rows: pd.DataFrame, span=None) -> None:
    """A date axis for any span, days to decades: concise labels, a little room either side."""
    if span is None:
        start = min(rows["period_start"].min(), rows["period_end"].min())
        end = rows["period_end"].max()
        pad = max((end - start) * 0.06, pd.Timedelta(days=12))
        span = (start - pad, end + pad)
    ax.set_xlim(*mdates.date2num(list(span)))
    lo, hi = (pd.Timestamp(d) for d in span)
    # As many ticks as labels fit side by side: "Mar 2031" (one calendar year) is wider than
    # "Mar"; an axes-level chart's panel shrinks later, so keep some in hand.
    width_pt = ax.get_window_extent().width * 72 / ax.figure.dpi
    per_label = 75.0 if lo.year == hi.year else 50.0
    locator = mdates.AutoDateLocator(minticks=3, maxticks=max(3, min(7, int(width_pt / per_label))))
    ax.xaxis.set_major_locator(locator)
    if lo.year == hi.year:
        # No year tick falls inside one calendar year: months say their year, days their
        # month, so a short span's ticks never lose the year.
        formatter = mdates.ConciseDateFormatter(
            locator,
            formats=["%Y", "%b %Y", "%-d %b", "%H:%M", "%H:%M", "%S.%f"],
            zero_formats=["", "%Y", "%b %Y", "%-d %b", "%H:%M", "%H:%M"],
            show_offset=False,
        )
    else:
        formatter = mdates.ConciseDateFormatter(locator, show_offset=False)
    ax.xaxis.set_major_formatter(formatter)


def mi2_axis(ax: Axes, *, vertical: bool = True) -> Axes:
    """Square miles on their own round ticks (0, 100, 200 …) at their true places: ticks at the
    km² grid lines would read 97, 193, 290, numbers nobody claimed. On the right of a vertical
    area axis; above a horizontal one (a row chart's), where the km² ticks are below."""
    if vertical:
        sec = ax.secondary_yaxis("right", functions=(km2_to_mi2, mi2_to_km2))
    else:
        sec = ax.secondary_xaxis("top", functions=(km2_to_mi2, mi2_to_km2))
    axis = sec.yaxis if vertical else sec.xaxis
    log = (ax.get_yscale() if vertical else ax.get_xscale()) == "log"
    axis.set_major_locator(
        _FittingLog(base=10) if log else _NonNegative(nbins=5, steps=[1, 2, 2.5, 5, 10])
    )
    if log:
        axis.set_minor_formatter(mpl.ticker.NullFormatter())
    axis.set_major_formatter(mpl.ticker.FuncFormatter(_thousands))
    spine = "right" if vertical else "top"
    if vertical:
        sec.set_ylabel("mi²")
    sec.spines[spine].set_visible(True)
    lo, hi = ax.get_ylim() if vertical else ax.get_xlim()
    if not log and lo < 0 < hi:
        sec.spines[spine].set_bounds(0, km2_to_mi2(hi))  # from zero, as the km² axis
    return sec


def unit_words(unit: str, measure: str | None = None) -> str:
    """km², people, or the thing a count counts ("tanks")."""
    return labels_unit_words(unit, measure)
