"""Dense series drawn as series: the form follows the data.

A run of one claimant's claims on one measure (and one ``since`` date, one ledger) that is
dense — :data:`MIN_CLAIMS` or more claims whose median gap is at most :data:`MAX_MEDIAN_GAP`
days, as a daily or weekly table of running totals is — is drawn as a line through its
figures with the interval its qualifiers allow as a ribbon (seaborn.objects ``Line`` and
``Band``), labelled at its ends and at its turning points, not as one labelled mark per claim.
Each vertex is at its claim's date (its period's middle, a running total's as-of date), so the
line is the claimant's own figures joined in order: a steady change between two figures is
drawn only where the claimant itself gave figures that close together.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from kursk_data.plotting.marks import claim_x, register_series

MIN_CLAIMS = 20
MAX_MEDIAN_GAP = 31.0  # days: a month or less between a claimant's figures
MAX_TURNS = 4  # turning points labelled besides the two ends
_TURN_SHARE = 0.08  # a turn counts when the series moves back by this share of its range


def series_key(rows: pd.DataFrame) -> pd.Series:
    """The series each claim belongs to: claimant, measure, ``since`` date and ledger."""
    parts = [rows["claimant"].astype(str), rows["measure"].astype(str)]
    if "since" in rows:
        parts.append(rows["since"].astype(str))
    if "ledger" in rows:
        parts.append(rows["ledger"].astype(str))
    key = parts[0]
    for p in parts[1:]:
        key = key + "\x1f" + p
    return key


def dense_series(
    rows: pd.DataFrame, *, min_claims: int = MIN_CLAIMS, max_gap: float = MAX_MEDIAN_GAP
) -> dict[Hashable, pd.DataFrame]:
    """The series of ``rows`` dense enough to draw as a line, by :func:`series_key`."""
    out = {}
    if len(rows) < min_claims:
        return out
    keys = series_key(rows)
    for key, sub in rows.groupby(keys, sort=True):
        if len(sub) < min_claims:
            continue
        x = np.sort(np.array([claim_x(r) for _, r in sub.iterrows()]))
        gaps = np.diff(x)
        if len(gaps) and float(np.median(gaps)) <= max_gap:
            out[key] = sub
    return out


def turning_points(values: np.ndarray, *, max_turns: int = MAX_TURNS) -> list[int]:
    """Indexes of the ends and of the largest turns of ``values`` (a zigzag filter: a turn is
    where the series moves back by more than a share of its range)."""
    n = len(values)
    if n == 0:
        return []
    keep = {0, n - 1}
    span = float(np.nanmax(values) - np.nanmin(values)) if n else 0.0
    if span <= 0:
        return sorted(keep)
    limit = _TURN_SHARE * span
    turns: list[tuple[float, int]] = []
    trend, ext, prev = 0, 0, float(values[0])
    for i in range(1, n):
        v = float(values[i])
        if trend == 0:
            if abs(v - values[0]) >= limit:
                trend, ext = (1 if v > values[0] else -1), i
        elif (v - values[ext]) * trend > 0:
            ext = i  # the swing goes on
        elif abs(v - values[ext]) >= limit:  # it turned back far enough: a turning point
            turns.append((abs(float(values[ext]) - prev), ext))
            prev, trend, ext = float(values[ext]), -trend, i
    for _, i in sorted(turns, reverse=True)[:max_turns]:
        keep.add(i)
    return sorted(keep)


def draw_series(
    ax: Axes,
    sub: pd.DataFrame,
    *,
    color: str,
    gid: str,
    log: bool = False,
) -> pd.DataFrame:
    """Draw one dense series on ``ax`` with seaborn.objects: ``Band`` over each claim's
    interval (open ends drawn at the figure), ``Line`` through the figures. Returns the rows
    in drawing order with their x (``_x``). seaborn's figure legend is not used (there is no
    semantic mapping, so it makes none); the chart's own key explains the ribbon."""
    import seaborn.objects as so

    from kursk_data.plotting.grammar import when
    from kursk_data.plotting.style import BAND_ALPHA

    rows = sub.assign(_x=[claim_x(r) for _, r in sub.iterrows()]).sort_values(["_x", "claim_id"])
    value = rows["value"].astype(float)
    frame = pd.DataFrame(
        {
            "x": [when(r) for _, r in rows.iterrows()],
            "value": value.to_numpy(),
            "low": rows["low"].astype(float).fillna(value).to_numpy(),
            "high": rows["high"].astype(float).fillna(value).to_numpy(),
        }
    )
    before = {*ax.lines, *ax.patches, *ax.collections}
    legends = list(ax.figure.legends)
    labels = (ax.get_xlabel(), ax.get_ylabel(), ax.get_title())
    with warnings.catch_warnings():
        # seaborn 0.13 passes pandas a keyword pandas 3 deprecates; nothing to act on here.
        warnings.filterwarnings("ignore", message=".*copy keyword is deprecated")
        (
            so.Plot(frame, x="x", y="value")
            .add(so.Band(color=color, alpha=BAND_ALPHA, edgewidth=0), ymin="low", ymax="high")
            .add(so.Line(color=color, linewidth=1.3))
            .on(ax)
            .plot()
        )
    for art in {*ax.lines, *ax.patches, *ax.collections} - before:
        art.set_gid(gid)
        art.set_zorder(2.6)
    for legend in ax.figure.legends[len(legends) :]:
        legend.remove()  # never a figure legend from an axes-level chart
    # seaborn names the axes after the columns and clears the title: put ours back.
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(labels[2])
    register_series(ax, gid, rows["claim_id"].astype(str))
    return rows
