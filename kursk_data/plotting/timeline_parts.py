"""Parts of a timeline (:mod:`kursk_data.plotting.timeline`): the value axis' words, where
fades and period bars stop or break, notes asked between marks, and the order and sides of
labels (stacked marks of one day, a bound over its period, disputes first)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from kursk_data.plotting import series
from kursk_data.plotting.clusters import label_text
from kursk_data.plotting.grammar import mark_size, num
from kursk_data.plotting.marks import claim_x
from kursk_data.plotting.notes import request_note
from kursk_data.plotting.placement import request_label, requests_of
from kursk_data.plotting.style import BOUND_WIDTH, MARK_SIZE

# What a count of people counts, as its axis names it: the last words of a losses measure.
_COUNTED_AS = {
    "killed_and_wounded": "killed and wounded",
    "killed": "dead",
    "wounded": "wounded",
    "captured": "captured",
}


def axis_words(measure: str, unit: str) -> str:
    """The value axis' name for one ``measure`` in ``unit`` (its words): "dead" for a count
    of people killed, "killed and wounded", "captured"; else the unit ("km²", "people")."""
    if unit == "people":
        for tail, words in _COUNTED_AS.items():
            if str(measure).endswith(f"_{tail}"):
                return words
    return unit


def _break_bar(ax: Axes, cid: str, crossed: list[float], days_per_pt: float) -> None:
    """Claim ``cid``'s period bar broken around the marks of other claims it runs through
    (their x in ``crossed``), a mark's width and a gap each side, and drawn over bands: it
    passes behind those marks, visibly (rating 9: left out, its dotted bar had no instance
    on the chart; under Syrskyi's band, it could not be seen)."""
    # A clear gap each side (rating 10: 2 px at 680 read as the bar running through the mark).
    half = (MARK_SIZE / 2 + 4.5) * days_per_pt
    for line in ax.lines:
        if line.get_gid() != f"period:{cid}":
            continue
        (start, end), (y, _) = line.get_xdata(), line.get_ydata()
        # The bar's stretches clear of every crossed mark, each a line of its own (the layout
        # checks measure a line's points: no NaN break).
        stretches, left = [], float(start)
        for x in sorted(crossed):
            if x - half > left:
                stretches.append((left, min(x - half, float(end))))
            left = max(left, x + half)
        if left < end:
            stretches.append((left, float(end)))
        # A stretch shorter than its dots' spacing reads as a speck, not as part of a bar.
        stretches = [(a, b) for a, b in stretches if b - a >= 2.0 * days_per_pt]
        for k, (a, b) in enumerate(stretches):
            part = line if k == 0 else Line2D([], [])
            if k:
                part.update_from(line)
                part.set_gid(line.get_gid())
                ax.add_line(part)
            part.set_data([a, b], [y, y])
            part.set_zorder(3.5)  # over bands (3), under marks (4)
        if not stretches:
            line.remove()
        return


def _request_notes(panel: Axes, rows: pd.DataFrame, shifts: dict, notes) -> None:
    """Ask for each note whose claims are all drawn on ``panel``, between their marks."""
    at = {str(r["claim_id"]): r for _, r in rows.iterrows()}
    for text, ids in notes or ():
        ids = [str(c) for c in ids]
        if not ids or not set(ids) <= set(at):
            continue
        xs = [claim_x(at[c]) + shifts.get(c, 0.0) for c in ids]
        ys = [float(at[c]["value"]) for c in ids]
        mid = (sum(xs) / len(xs), sum(ys) / len(ys))
        low = num(at[ids[0]]["low"]) if len(ids) == 1 else np.nan
        if np.isfinite(low) and low < ys[0]:
            # A note on one claim's band (what its shading means) starts from the band's foot,
            # so it sits under the band, not over the claim's label.
            mid = (xs[0], low)
        request_note(panel, text, mid, f"note:{ids[0]}", points=list(zip(xs, ys, strict=True)))


def _bands_seen(panel: Axes, rows: pd.DataFrame, vlim: tuple[float, float], log: bool) -> set[str]:
    """Claims whose band (the interval "about" or a range allows) reaches beyond their mark
    at the panel's size: a band hidden under its mark is not explained by the key (a key
    entry for what cannot be seen is apparatus)."""
    height_pt = panel.get_window_extent().height * 72 / panel.figure.dpi
    f = np.log10 if log else float
    span = f(vlim[1]) - f(max(vlim[0], 1e-12) if log else vlim[0])
    out = set()
    for _, r in rows.iterrows():
        low, high = num(r["low"]), num(r["high"])
        if not np.isfinite([low, high]).all() or high <= low or (log and low <= 0):
            continue
        if (f(high) - f(low)) / span * height_pt > MARK_SIZE:
            out.add(str(r["claim_id"]))
    return out


# An "over" fade stops this share of the value axis short of another claim's mark above it in
# its column (half a mark and a clear gap), so it never reads as reaching that claim.
_FADE_CLEAR = 0.08


def _over_reach(
    rows: pd.DataFrame, shifts: dict, vlim: tuple[float, float], log: bool, days_per_pt: float
) -> dict[str, float]:
    """Per "over" claim, where its fade must end at the latest: short of the lowest other mark
    above it whose box shares the fade's column (linear axes)."""
    if log or rows.empty:
        return {}
    col = (MARK_SIZE / 2 + BOUND_WIDTH / 2 + 4.0) * days_per_pt
    x = {
        str(r["claim_id"]): claim_x(r) + shifts.get(str(r["claim_id"]), 0.0)
        for _, r in rows.iterrows()
    }
    v = dict(zip(rows["claim_id"].astype(str), rows["value"].astype(float), strict=True))
    out = {}
    for _, r in rows[rows["qualifier"].astype(str) == "over"].iterrows():
        cid = str(r["claim_id"])
        above = [v[o] for o in x if o != cid and abs(x[o] - x[cid]) <= col and v[o] > v[cid]]
        if above:
            span = vlim[1] - vlim[0]
            out[cid] = max(min(above) - _FADE_CLEAR * span, v[cid] + 0.03 * span)
    return out


def _label_series(ax: Axes, drawn: pd.DataFrame, annotate) -> None:
    """Labels at a series' ends and turning points (or at the claim ids asked for)."""
    values = drawn["value"].astype(float).to_numpy()
    if annotate is True:
        picks = series.turning_points(values)
    else:
        wanted = {str(c) for c in annotate}
        picks = [i for i, c in enumerate(drawn["claim_id"].astype(str)) if c in wanted]
    last = len(drawn) - 1
    for i in picks:
        row = drawn.iloc[i]
        request_label(
            ax,
            label_text(row, name=i == last),
            (float(row["_x"]), float(row["value"])),
            f"label:{row['claim_id']}",
            3.0 if i == last else 2.0 if i == 0 else 1.5,
        )


# Up and to the left of a mark: above its period bar, beside its fade.
_ABOVE_LEFT = ((-0.75, 0.75, "right", "bottom"), (-0.4, 0.95, "right", "bottom"))


def _over_labels_above_their_period(ax: Axes, rows: pd.DataFrame) -> None:
    """An "over" claim drawn at its period's end tries for its label above its period bar
    first, left of its upward fade: the room a lower bound leaves over the months it counts
    (rating 9: losses-article's "over 1,000" label sat in the crowded corner below, the space
    above-left of it empty)."""
    spans = rows[
        (rows["qualifier"].astype(str) == "over") & (rows["period_end"] > rows["period_start"])
    ]
    ids = {f"label:{c}" for c in spans["claim_id"].astype(str)}
    for req in requests_of(ax):
        if req.gid in ids:
            req.prefer = _ABOVE_LEFT


_LEFT = ((-1, 0, "right", "center"), (-1, 0, "right", "bottom"), (-1, 0, "right", "top"))
_RIGHT = ((1, 0, "left", "center"), (1, 0, "left", "top"), (1, 0, "left", "bottom"))


def _stacked_labels_either_side(
    ax: Axes, rows: pd.DataFrame, shifts: dict, nudged: float = 0.0
) -> None:
    """Two claimants' marks of one date, one over the other (not nudged apart): the lower's
    label tries left of the pair first, on one line level with its mark (a second line would
    stand level with the upper mark), the upper's right; each in its claimant's ink, with a
    leader, before any other label (rating 9: the two 26 Apr 2025 marks, labels either
    side)."""
    at = rows.assign(_x=[claim_x(r) for _, r in rows.iterrows()])
    reqs = {r.gid: r for r in requests_of(ax)}
    for _, pair in at.groupby("_x"):
        if len(pair) != 2 or pair["claimant"].astype(str).nunique() != 2:
            continue
        # Marks nudged a whole mark apart stand side by side, their labels placed as any;
        # a pair set just clear of each other (clear_pairs: lower left) is still a stack.
        # (``nudged``: the least shift, in days, of a whole nudge.)
        if any(abs(shifts.get(str(c), 0.0)) >= nudged > 0 for c in pair["claim_id"]):
            continue
        low, high = (str(c) for c in pair.sort_values("value")["claim_id"])
        for cid, other, sides in ((low, high, _LEFT), (high, low, _RIGHT)):
            req = reqs.get(f"label:{cid}")
            if req is not None:
                req.beside, req.prefer = (other,), sides
                one = [t for t in (req.text, *req.alternatives) if "\n" not in t]
                if cid == low and one and re.search(r"\d{4}", one[0]):
                    rest = (req.text, *req.alternatives)
                    req.text, req.alternatives = one[0], tuple(t for t in rest if t != one[0])
                # Placed first, the upper one before: either side of the pair, before the
                # latest mark's label (placed next, +50) takes a side.
                req.priority += 60.0 + (cid == high)


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


# A few marks whose highest is an open-ended bound this many times the next highest figure
# or more: the bound is drawn at the axis' top edge, off the scale, and the axis is scaled to
# the other figures (rating 10, territory-article: "over 1,000" took the scale, and 0 and
# about 90 km² stood 22 px apart on the baseline).
OFF_SCALE_RATIO = 5.0
OFF_SCALE_HEADROOM = 1.4  # the axis' end over the next highest figure: room for its label


def off_scale(rows: pd.DataFrame) -> tuple[str, float] | None:
    """The claim of ``rows`` drawn off the scale, at the axis' top edge, and where the axis
    then ends; None where no "over" bound stands that far above the rest (see
    :data:`OFF_SCALE_RATIO`)."""
    values = rows["value"].astype(float)
    if len(rows) < 3 or values.max() <= 0:
        return None
    top = rows.loc[values.idxmax()]
    rest = values.drop(values.idxmax())
    if str(top["qualifier"]) != "over" or rest.max() <= 0:
        return None
    if float(top["value"]) < OFF_SCALE_RATIO * rest.max():
        return None
    return str(top["claim_id"]), OFF_SCALE_HEADROOM * float(rest.max())


# The label of a bound drawn off the scale: below it and to the right, clear of the top edge.
_BELOW_RIGHT = ((0.6, -0.8, "left", "top"), (1, -0.4, "left", "top"), (-0.6, -0.8, "right", "top"))


def draw_off_scale(ax: Axes, row: pd.Series, at: float, color: str, top: float, draw) -> None:
    """Draw ``row``, an "over" bound beyond the axis' end ``top``, at the top edge: its
    triangle pointing up out of the plot, its period bar along the edge, no fade (there is
    no room above); ``draw`` is :func:`kursk_data.plotting.grammar.draw_claim`. Its label
    (:func:`off_scale_label`) gives the figure and says it is off the scale."""
    y = off_scale_y(ax, top)
    drawn = row.copy()
    drawn["value"], drawn["low"] = y, y
    draw(ax, drawn, at=at, color=color, vertical=True, vlim=(0.0, top), over_to=top)
    cid = str(row["claim_id"])
    for line in ax.lines:
        if line.get_gid() == f"bound:{cid}":
            line.remove()


def off_scale_y(ax: Axes, top: float) -> float:
    """Where a bound off the scale stands: its triangle's tip on the axis' top edge (a mark
    cut by the edge would read as clipped)."""
    lo, hi = ax.get_ylim()
    height_pt = max(ax.get_window_extent().height * 72 / ax.figure.dpi, 1.0)
    return top - (mark_size("^") / 2 + 0.5) / height_pt * (hi - lo)


def off_scale_label(ax: Axes, cid: str, top: float) -> None:
    """The label of claim ``cid`` drawn off the scale: at its mark on the top edge, below and
    right of it, its figure's line saying where the figure is ("↑ off the scale")."""
    for req in requests_of(ax):
        if req.gid != f"label:{cid}":
            continue
        req.xy = (req.xy[0], off_scale_y(ax, top))
        texts = [
            "\n".join([f"{t.splitlines()[0]}, off the scale ↑", *t.splitlines()[1:]])
            for t in (req.text, *req.alternatives)
        ]
        req.text, req.alternatives = texts[0], tuple(texts[1:])
        req.prefer = _BELOW_RIGHT


# Two marks of one day clear each other when their centres are this far apart (points): a
# mark, the ring's rim and a point of air.
_CLEAR_PT = MARK_SIZE + 2.5


def clear_pairs(
    rows: pd.DataFrame,
    shifts: dict,
    vlim: tuple[float, float],
    log: bool,
    height_pt: float,
    days_per_pt: float,
) -> list[pd.Timestamp]:
    """Two claimants' marks of one day, one just over the other but touching (rating 10:
    DeepState's 30 km² diamond in Gerasimov's 0 ring on 26 Apr 2025, centres 7 px apart at
    680): each moved half the least distance that clears them, either side of their day, so
    both are clean and their day is where they meet (a whole mark's nudge, one side only,
    read as one speaking first: rating 9). The lower goes left, where its label goes
    (:func:`_stacked_labels_either_side`). Updates ``shifts`` (days); returns the days moved,
    for the footer to say so."""
    if log or rows.empty:
        return []
    span = (vlim[1] - vlim[0]) or 1.0
    moved = []
    at = rows.assign(_day=[claim_x(r) for _, r in rows.iterrows()])
    for _, pair in at.groupby("_day"):
        ids = [str(c) for c in pair["claim_id"]]
        if len(pair) != 2 or pair["claimant"].astype(str).nunique() != 2:
            continue
        if any(shifts.get(c, 0.0) for c in ids):
            continue  # already set apart
        pair = pair.sort_values("value")
        dy = abs(float(np.ptp(pair["value"].astype(float)))) / span * height_pt
        if dy >= _CLEAR_PT:
            continue
        half = float(np.sqrt(_CLEAR_PT**2 - dy**2)) / 2 * days_per_pt
        low, high = (str(c) for c in pair["claim_id"])
        shifts[low], shifts[high] = -half, half
        moved.append(pair["period_start"].iloc[0])
    return moved


def clear_pairs_note(days: list[pd.Timestamp]) -> str:
    """The footer's words for :func:`clear_pairs`: which day's marks stand apart, and why."""
    if not days:
        return ""
    said = ", ".join(f"{d.day} {d:%b %Y}" for d in days)
    return f"Marks of {said} are set a little apart so both show; they are of one day."
