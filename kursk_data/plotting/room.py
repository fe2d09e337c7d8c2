"""Room on a timeline's axes: the date axis widened for the first and last labels (never far
beyond the data), the value axis for whole marks, and the zero line kept clear of a mark at
zero."""

from __future__ import annotations

import re

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes

from kursk_data.plotting import select
from kursk_data.plotting.placement import requests_of
from kursk_data.plotting.style import MARK_SIZE

# Room for labels widens the date axis to at most this share of the data's span (or a month)
# beyond the first and last marks.
MAX_MARGIN = 0.1
# ... and up to this many times as much before the first mark for a line's first label.
FIRST_LABEL_MARGIN = 1.6
EDGE_ROOM_PT = MARK_SIZE + 4.0  # points between the axis' ends and the nearest mark or bar


def _room_for_last_labels(
    boxes: list[Axes], *, first_left: bool = False, last_right: bool = False
) -> None:
    """Widen the date axis so the label of each panel's latest mark fits right of it, and the
    earliest mark's left of it, next to their marks (beside them lie the other claims; a
    label pushed above or below them reads as theirs). Every panel keeps one date axis.
    ``first_left``: the first label (a line's name, where labels are the key) keeps room
    for its narrowest dated wording even beyond the margin the axis otherwise keeps;
    ``last_right``: the latest mark's label keeps its room right of it whatever its width (a
    chart of a few marks, where the label beside its mark is the key: rating 9, the room
    above Syrskyi's 90 km² of June is the "not a recovery" note's)."""
    from kursk_data.plotting.geometry import renderer_of
    from kursk_data.plotting.placement import label_size

    x0, x1 = boxes[0].get_xlim()
    lo, hi = x0, x1
    first_room = 0.0  # the share of the axis the first label takes left of its mark
    for panel in boxes:
        reqs = requests_of(panel)
        if not reqs:
            continue
        fig = panel.figure
        width_pt = max(panel.get_window_extent().width * 72 / fig.dpi, 72.0)

        def need(req, fig=fig, width_pt=width_pt, narrow=False) -> float:
            if not narrow:
                w = label_size(fig, req.text, renderer_of(fig), req.size)[0]
                # Kept right of the mark whatever its width, no more than it needs: its gap
                # from the mark and a little air (the axis runs under the label only).
                pad = 9.0 if last_right else 12.0
                return (w * 72 / fig.dpi + MARK_SIZE / 2 + pad) / width_pt
            # Its narrowest wording of two lines that keeps the year, as placed beside the
            # mark (rating 6: "about / 1,000 km² / 12 Aug" squeezed left of the first mark
            # had lost its year).
            texts = [t for t in (req.text, *req.alternatives) if re.search(r"\d{4}", t)] or [
                req.text
            ]
            texts = [t for t in texts if t.count("\n") <= 1] or texts
            w = min(label_size(fig, t, renderer_of(fig), req.size)[0] for t in texts)
            return (w * 72 / fig.dpi + MARK_SIZE / 2 + 8.0) / width_pt

        last, first = max(reqs, key=lambda r: r.xy[0]), min(reqs, key=lambda r: r.xy[0])
        a, b = need(last), min(need(first, narrow=True), 0.25)
        # The earliest label goes left only when a mark right beside it takes the right.
        near = [r for r in reqs if r is not first and r.xy[0] - first.xy[0] <= b * (hi - lo)]
        if not near:
            b = 0.0
        first_room = max(first_room, b)
        for _ in range(4):  # room on one side shrinks the other's: a few rounds settle both
            if (hi - last.xy[0]) / (hi - lo) < min(a, 0.45):  # wider squeezes the chart
                hi = (last.xy[0] - min(a, 0.45) * lo) / (1 - min(a, 0.45))
            if first is not last and (first.xy[0] - lo) / (hi - lo) < b:
                lo = (first.xy[0] - b * hi) / (1 - b)
    # The axis ends near the data: months of empty axis read as months with no claims. A
    # label that does not fit beside the last (first) mark goes on its inner side instead.
    marks = [
        x
        for panel in boxes
        for line in panel.lines
        if str(line.get_gid() or "").startswith(("claim:", "period:"))
        for x in np.asarray(line.get_xdata(), dtype=float)
    ]
    if marks:
        most = max(MAX_MARGIN * (max(marks) - min(marks)), 40.0)  # days
        hi = hi if last_right else min(hi, max(x1, max(marks) + most))
        # A first label crowded on its right keeps its room on the left, up to 1.6 times the
        # margin (about two months on a year's axis, not a season of empty axis).
        wide = FIRST_LABEL_MARGIN if first_left and first_room else 1.0
        lo = max(lo, min(x0, min(marks) - wide * most))
        # Nothing drawn on the spine: the earliest mark or bar starts a mark's width in
        # (rating 7: territory-article's August bar ran into the value axis).
        width_pt = max(boxes[0].get_window_extent().width * 72 / boxes[0].figure.dpi, 72.0)
        edge = EDGE_ROOM_PT * (hi - lo) / width_pt
        lo, hi = min(lo, min(marks) - edge), max(hi, max(marks) + edge)
    if (lo, hi) != (x0, x1):
        for panel in boxes:
            panel.set_xlim(lo, hi)


def _room_for_marks(shared: list[Axes]) -> None:
    """Widen short panels' value axis (``shared``: the panels of one scale, kept one scale)
    so a mark at the lowest or highest figure stays whole: half a mark and a gap beyond each,
    in points (axes-level panels can be a few dozen points tall, where the scale's own 8 %
    below zero is a point or two)."""
    if not shared:
        return
    log = shared[0].get_yscale() == "log"
    values = [
        float(v)
        for panel in shared
        for line in panel.lines
        if str(line.get_gid() or "").startswith("claim:")
        for v in line.get_ydata()
        if not log or v > 0
    ]
    if not values:
        return
    f, g = (np.log10, lambda v: 10.0**v) if log else (float, float)
    height = min(max(p.get_window_extent().height * 72 / p.figure.dpi, 1.0) for p in shared)
    room = min((MARK_SIZE / 2 + 2.0) / height, 0.3)  # share of the axis on each side
    lo, hi = (f(v) for v in shared[0].get_ylim())
    low, high = f(min(values) if log else min(min(values), 0.0)), f(max(values))
    # lo and hi such that low sits `room` above lo and high `room` below hi.
    span = max((high - low) / max(1 - 2 * room, 0.4), hi - lo)
    new_lo, new_hi = min(lo, low - room * span), max(hi, high + room * span)
    if (new_lo, new_hi) == (lo, hi):
        return
    for panel in shared:
        panel.set_ylim(g(new_lo), g(new_hi))
        select.from_zero(panel, vertical=True)
        _clear_of_zero(panel)
        for sec in panel.child_axes:  # the square-mile axis starts at zero too
            if sec.spines["right"].get_visible() and new_lo < 0 < new_hi:
                sec.spines["right"].set_bounds(0, sec.get_ylim()[1])


# With a mark at zero, the room kept below zero is at least this share of the value axis: the
# date axis' line runs at the room's foot, clear of the mark (an offset spine).
ZERO_ROOM = 0.08
# A mark this share of the value axis from zero or nearer sits on (or touches) the zero line.
ZERO_NEAR = 0.02


def _clear_of_zero(panel: Axes) -> None:
    """A mark at (or near) zero on a linear axis sits on the zero line, where a hollow 0 is
    hard to see. Then the date axis' line is drawn at the foot of the room kept below zero,
    detached from the value axis, which still stops at zero (seaborn's ``despine(offset=)``
    look); the zero level keeps its light grid line. Without such a mark the zero line stays
    the baseline."""
    if panel.get_yscale() != "linear":
        return
    lo, hi = panel.get_ylim()
    near = ZERO_NEAR * hi
    at_zero = any(
        abs(float(y)) <= near
        for ln in panel.lines
        if str(ln.get_gid() or "").startswith("claim:")
        for y in np.asarray(ln.get_ydata(), dtype=float)
    )
    if not at_zero or not lo < 0 < hi:
        return
    if lo > -ZERO_ROOM * hi:
        panel.set_ylim(-ZERO_ROOM * hi, hi)
    for ln in panel.lines:
        if ln.get_gid() == "baseline":
            ln.set_visible(False)  # kept (hidden): from_zero adds none while it is there
    panel.spines["bottom"].set_visible(True)
    panel.tick_params(axis="x", length=mpl.rcParams["xtick.major.size"])
    panel.yaxis.grid(True)  # the zero level's grid line
