"""A mark is where its claim is: bounded nudges for marks of one date, and the check that every
mark, band, bar and series vertex of a chart lies inside its claim's period on the date axis.

Marks of one date that would sit on one another are nudged apart by at most
:data:`MAX_NUDGE` of the axis' date span (1 %); marks of *different* dates are never moved,
however close, so a dense table is never spread sideways. Marks that still coincide after the
nudge are labelled together (one label names them all).
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterable

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

MAX_NUDGE = 0.01  # of the date axis' span: the furthest a mark moves off its date
_VALUE_NEAR = 0.04  # of the value axis: marks closer than this at one date would touch

# Axes whose x axis is a date axis of claims, and per series artist the claims it draws.
_DATE_AXES: weakref.WeakSet[Axes] = weakref.WeakSet()
_SERIES: weakref.WeakKeyDictionary[Axes, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def register_date_axes(ax: Axes) -> None:
    """Note that ``ax`` draws claims over dates (the check below then covers it)."""
    _DATE_AXES.add(ax)


def register_series(ax: Axes, gid: str, claim_ids: Iterable[str]) -> None:
    """Note that the artists with ``gid`` on ``ax`` draw these claims, one vertex each."""
    _SERIES.setdefault(ax, {})[gid] = [str(c) for c in claim_ids]


def all_axes(fig: Figure) -> list[Axes]:
    """Every Axes of ``fig``, panels (child axes) included."""
    out: list[Axes] = []

    def walk(ax: Axes) -> None:
        out.append(ax)
        for child in ax.child_axes:
            walk(child)

    for ax in fig.get_axes():
        walk(ax)
    return out


def claim_x(row: pd.Series) -> float:
    """Where a claim sits on the date axis (see :func:`grammar.when`), as a date number."""
    from kursk_data.plotting.grammar import when

    return float(mdates.date2num(when(row)))


def nudges(
    rows: pd.DataFrame,
    span_days: float,
    vlim: tuple[float, float],
    log: bool,
    mark_days: float,
    near: float = _VALUE_NEAR,
) -> tuple[dict[str, float], list[list[str]]]:
    """Per claim id, its nudge in days; and the groups of marks that still coincide.

    Only marks at the *same* date and near the same value are nudged, spread evenly around the
    date, at most ``MAX_NUDGE * span_days`` either way (``mark_days``: one mark's width in
    days, the step that would separate them; ``near``: the share of the value axis within
    which two marks of one date would touch). Groups whose step had to be smaller than a mark
    still overlap: they are returned to be labelled together.
    """
    cap = MAX_NUDGE * span_days
    out: dict[str, float] = {}
    together: list[list[str]] = []
    if rows.empty:
        return out, together
    x = np.array([claim_x(r) for _, r in rows.iterrows()])
    v = rows["value"].astype(float).to_numpy()
    ids = rows["claim_id"].astype(str).to_numpy()
    lo, hi = vlim
    if log:
        pos = np.log10(np.clip(v, max(lo, 1e-12), None))
        scale = np.log10(hi) - np.log10(max(lo, 1e-12))
    else:
        pos, scale = v, hi - lo
    scale = scale if scale > 0 else 1.0
    for date in np.unique(x):
        at = np.flatnonzero(x == date)
        if len(at) < 2:
            continue
        order = at[np.lexsort((ids[at], pos[at]))]
        # Chains of marks near in value at this one date (never across dates).
        groups, current = [], [order[0]]
        for i in order[1:]:
            if (pos[i] - pos[current[-1]]) / scale < near:
                current.append(i)
            else:
                groups.append(current)
                current = [i]
        groups.append(current)
        for g in groups:
            if len(g) < 2:
                continue
            g = sorted(g, key=lambda i: ids[i])
            step = min(mark_days, 2 * cap / (len(g) - 1))
            for k, i in enumerate(g):
                out[str(ids[i])] = (k - (len(g) - 1) / 2) * step
            if step < mark_days * 0.999:
                together.append([str(ids[i]) for i in g])
    return out, together


def _x_of(artist) -> np.ndarray:
    """Every x (data units) an artist draws at."""
    if hasattr(artist, "get_xdata"):
        xs = np.asarray(artist.get_xdata()).ravel()
        if xs.dtype.kind in "fiu":
            return xs.astype(float)
        return np.asarray(mdates.date2num(xs), dtype=float).ravel()
    if hasattr(artist, "get_segments"):
        segs = artist.get_segments()
        return np.concatenate([np.asarray(s)[:, 0] for s in segs]) if segs else np.array([])
    if hasattr(artist, "get_xy"):
        return np.asarray(artist.get_xy(), dtype=float)[:, 0]
    return np.array([])


def _offset_days(ax: Axes, artist) -> float:
    """An artist drawn with an extra offset transform (an old-style dodge), in days."""
    tr = artist.get_transform()
    if tr == ax.transData:
        return 0.0
    probe = np.array([[0.0, 0.0]])
    shifted = tr.transform(probe)[0, 0] - ax.transData.transform(probe)[0, 0]
    per_day = ax.transData.transform([[1.0, 0.0]])[0, 0] - ax.transData.transform(probe)[0, 0]
    return shifted / per_day if per_day else 0.0


def marks_off_period(fig: Figure | Axes, data: pd.DataFrame) -> list[str]:
    """Every mark, band, bound, period bar and series vertex that lies outside its claim's
    period by more than the allowed nudge, as one line each (empty: every mark is where its
    claim is). Checked in data coordinates on every date axis of the figure."""
    fig = fig.figure if isinstance(fig, Axes) else fig
    rows = data.copy()
    rows["_cid"] = rows["claim_id"].astype(str)
    rows = rows.drop_duplicates("_cid").set_index("_cid")
    start = np.asarray(mdates.date2num(rows["period_start"]), dtype=float)
    end = np.asarray(mdates.date2num(rows["period_end"]), dtype=float)
    where = {c: (s, e) for c, s, e in zip(rows.index, start, end, strict=True)}
    problems: list[str] = []
    for ax in all_axes(fig):
        if ax not in _DATE_AXES:
            continue
        x0, x1 = sorted(ax.get_xlim())
        tol = MAX_NUDGE * (x1 - x0) * 1.001 + 1e-6
        series = _SERIES.get(ax, {})
        for art in [*ax.lines, *ax.collections, *ax.patches]:
            gid = art.get_gid() or ""
            kind, _, cid = gid.partition(":")
            if kind in ("claim", "band", "bound", "period") and cid in where:
                xs = _x_of(art) + _offset_days(ax, art)
                lo, hi = where[cid]
                extra = 0.0 if kind == "period" else tol
                bad = (xs < lo - extra - 1e-6) | (xs > hi + extra + 1e-6)
                if bad.any():
                    off = float(np.max(np.maximum(lo - xs, xs - hi)))
                    problems.append(f"{kind} of {cid} drawn {off:.1f} days outside its period")
            elif gid in series:
                xs = np.unique(_x_of(art))
                spans = np.array([where[c] for c in series[gid] if c in where]).reshape(-1, 2)
                if not len(spans):
                    continue
                if not _covered(xs, spans).all():
                    problems.append(f"{gid} has a vertex outside every period of its claims")
                elif not _hit(xs, spans).all():
                    problems.append(f"{gid} has a claim with no vertex in its period")
    return problems


def _covered(xs: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """For each x, whether some span [start, end] holds it (sorted search, n log n)."""
    spans = spans[np.argsort(spans[:, 0])]
    reach = np.maximum.accumulate(spans[:, 1])
    i = np.searchsorted(spans[:, 0], xs + 1e-6, side="right") - 1
    return (i >= 0) & (reach[np.clip(i, 0, None)] >= xs - 1e-6)


def _hit(xs: np.ndarray, spans: np.ndarray) -> np.ndarray:
    """For each span, whether some x lies in it."""
    xs = np.sort(xs)
    a = np.searchsorted(xs, spans[:, 0] - 1e-6, side="left")
    b = np.searchsorted(xs, spans[:, 1] + 1e-6, side="right")
    return b > a


# --------------------------------------------------------------------------- joined figures

TALLY_MIN = 3  # a claimant's running tally is joined once it has this many figures
JOIN_MIN = 2  # a claimant's figures of a state (area held, troops present) are joined from two


def tallies(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Each claimant's running tally of one measure among ``rows`` (sparse marks): at least
    :data:`TALLY_MIN` figures that are running totals (a ``since`` date) or counts that never
    fall from one date to the next (a count of the dead only grows). Areas are states, not
    tallies (see :func:`joined_figures`)."""
    return [sub for sub, kind in joined_figures(rows) if kind == "tally"]


def joined_figures(rows: pd.DataFrame) -> list[tuple[pd.DataFrame, str]]:
    """Each claimant's figures of one measure among ``rows`` (sparse marks) that are joined,
    in date order, with how: ``"tally"`` for a running tally (see :func:`tallies`), drawn as
    one series; ``"states"`` for :data:`JOIN_MIN` or more figures of a state (an area held, a
    force present), joined by a thin line that only says whose figures follow one
    another: nobody claimed the values between them. Unattributed reports are nobody's
    series and are never joined."""
    out = []
    keys = [rows["claimant"].astype(str), rows["measure"].astype(str)]
    for (who, _), sub in rows.groupby(keys, sort=True):
        if len(sub) < min(TALLY_MIN, JOIN_MIN):
            continue
        sub = sub.assign(_x=[claim_x(r) for _, r in sub.iterrows()]).sort_values("_x")
        values = sub["value"].astype(float)
        running = "since" in sub and sub["since"].notna().all() and sub["since"].nunique() == 1
        counts = (sub["unit"].astype(str) != "km2").all() and values.is_monotonic_increasing
        if (running or counts) and len(sub) >= TALLY_MIN:
            out.append((sub, "tally"))
        elif (
            who != "unattributed"
            and len(sub) >= JOIN_MIN
            and not sub.get("since", pd.Series(dtype=object)).notna().any()
            and not (running or counts)
        ):
            out.append((sub, "states"))
    return out


# A claimant's figures of a state this many days apart or more are joined by a dotted line:
# over months with no figure from that claimant, a straight solid join reads as a path
# through values nobody gave (rating 7: Syrskyi's 1,294 km² of August joined to his 500 of
# February read as about 1,000 in November, under another claimant's label).
JOIN_GAP_DAYS = 90


def draw_joined(
    panel: Axes, rows: pd.DataFrame, kind: str, shifts: dict, colors: dict, key: str
) -> bool:
    """Draw one claimant's joined figures (:func:`joined_figures`) through their marks, under
    them: a thin solid line (:data:`~kursk_data.plotting.grammar.JOINED_STYLE`). A join of a
    state's figures :data:`JOIN_GAP_DAYS` or more apart is dotted (``grammar.GAP_DOTS``): nobody
    gave a figure between. In a tally a step to or from an open-ended figure ("over 100") is
    dashed (:data:`~kursk_data.plotting.grammar.OPEN_STEP_DASHES`): its slope is no surer
    than the bound (a tally only rises, so a long step stays solid). Returns whether a join
    is dotted; the key explains each style in one entry."""
    from kursk_data.plotting.grammar import GAP_DOTS, JOINED_STYLE, OPEN_STEP_DASHES

    xs = [claim_x(r) + shifts.get(str(r["claim_id"]), 0.0) for _, r in rows.iterrows()]
    ys = rows["value"].astype(float).to_numpy()
    color = colors[str(rows["claimant"].iloc[0])]
    if kind == "states":
        steps = ["gap" if b - a >= JOIN_GAP_DAYS else "-" for a, b in itertools.pairwise(xs)]
    else:
        open_ = rows["qualifier"].astype(str).isin(["over", "up_to"]).to_numpy()
        steps = ["open" if open_[k] or open_[k + 1] else "-" for k in range(len(xs) - 1)]
    styles = {
        "-": ({}, ""),
        "open": ({"ls": OPEN_STEP_DASHES}, "-open"),
        "gap": ({"ls": GAP_DOTS, "lw": 1.1, "alpha": 0.8, "dash_capstyle": "round"}, "-gap"),
    }
    name = "joined" if kind == "states" else "tally"
    k = 0
    while k < len(steps):  # runs of steps drawn alike: one line each
        end = k
        while end + 1 < len(steps) and steps[end + 1] == steps[k]:
            end += 1
        style, tag = styles[steps[k]]
        panel.plot(
            xs[k : end + 2],
            ys[k : end + 2],
            color=color,
            **{**JOINED_STYLE, **style},
            zorder=2.2,
            gid=f"{name}{tag}:{key}:{k}",
        )
        k = end + 1
    return "gap" in steps


def months_with_years(panel: Axes) -> None:
    """Month ticks over more than one calendar year say the year on the first tick and on
    each January ("Jul 2024, Oct, Jan 2025, Apr"): a bare "2025" between months, and no year
    at all before it, leaves the first months' year to be guessed."""
    lo, hi = (mdates.num2date(v) for v in panel.get_xlim())
    if lo.year == hi.year or (hi - lo).days > 3 * 366 or (hi - lo).days < 90:
        return
    locator = mdates.MonthLocator(bymonth=(1, 4, 7, 10))

    def fmt(x: float, pos=None) -> str:
        d = mdates.num2date(x)
        first = min(t for t in locator() if t >= panel.get_xlim()[0])
        return f"{d:%b %Y}" if d.month == 1 or abs(x - first) < 1 else f"{d:%b}"

    panel.xaxis.set_major_locator(locator)
    panel.xaxis.set_major_formatter(FuncFormatter(fmt))
