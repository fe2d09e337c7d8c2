"""Short notes on a chart ("different claimants: not a recovery"), each set near the marks it
speaks of, after every label (labels keep the places by their marks), in muted italic; a note
that finds no free place is left out. Where the marks it compares stand in one column (two
figures of nearly one date), the note stands beside them with a thin leader to each: it
points at both marks (rating 7: it hung over one with no pointer to the other), and draws no
range between them (rating 8: a bracket from 300 to 1,000 read as a range). Placed by
:func:`kursk_data.plotting.placement.place_labels`, which calls :func:`place_note`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

from kursk_data.plotting import geometry
from kursk_data.plotting.placement import (
    NOTES_ATTR,
    LabelRequest,
    _box,
    _free,
    _size,
    notes_of,
)
from kursk_data.plotting.style import MARK_SIZE, MUTED_COLOR

__all__ = ["notes_of", "place_note", "request_note"]

# Around a note's point, ring by ring: centred first, then above and below (beside the gap
# between the marks it speaks of, not across it), then the sides and diagonals.
_AROUND = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
_NOTE_REACH = 90.0  # points: a note further from its point speaks of nothing; it is left out
# Marks this close on the date axis (points) stand in one column: a leader to each.
_COLUMN_PT = 14.0
# Points from the column's marks to where a note's two leaders meet: far enough out that they
# spread towards their marks, not a bracket along the gap.
_LEADER_REACH = MARK_SIZE / 2 + 16.0
_LEADER_TEXT = 4.0  # points between the leaders and the note
_LEADER_STYLE = {"color": "#8c8c8c", "lw": 0.8, "solid_capstyle": "butt", "zorder": 4.5}


def request_note(ax: Axes, text: str, xy, gid: str, points=()) -> LabelRequest:
    """Ask for a short note on ``ax`` near the data point ``xy`` (a place between the marks it
    speaks of), placed with the labels (see the module's docstring); ``points``: those marks
    (data coordinates), each given a leader where they stand in one column."""
    req = LabelRequest(
        text,
        (float(xy[0]), float(xy[1])),
        gid,
        color=MUTED_COLOR,
        placer=place_note,
        points=tuple((float(x), float(y)) for x, y in points),
    )
    notes = getattr(ax, NOTES_ATTR, None)
    if notes is None:
        notes = []
        setattr(ax, NOTES_ATTR, notes)
    notes.append(req)
    return req


def _annotate(ax: Axes, req: LabelRequest, box: Bbox, ha: str, px: float) -> None:
    """The note's text in ``box`` (pixels), anchored at its data point."""
    anchor = ax.transData.transform(req.xy)
    x = {"left": box.x0, "right": box.x1, "center": (box.x0 + box.x1) / 2}[ha]
    req.artist = ax.annotate(
        req.text,
        xy=req.xy,
        xytext=((x - anchor[0]) / px, ((box.y0 + box.y1) / 2 - anchor[1]) / px),
        textcoords="offset points",
        ha=ha,
        va="center",
        fontsize=req.size,
        linespacing=1.2,
        color=req.color,
        fontstyle="italic",
        annotation_clip=False,
        gid=req.gid,
        zorder=5,
    )
    req.placed = True


def _led(ax: Axes, req: LabelRequest, px: float, obstacles, fig) -> bool:
    """Place a note beside the marks it compares, where they stand in one column: right of
    them, else left, a thin leader from the note to each mark (rating 8: a bracket joining
    "over 1,000" and "about 300" read as a range 300–1,000; two leaders point at two marks).
    False where they do not stand in one column, or neither side is free."""
    pts = ax.transData.transform(np.array(req.points, dtype=float).reshape(-1, 2))
    if len(pts) < 2 or not np.isfinite(pts).all():
        return False
    if np.ptp(pts[:, 0]) > _COLUMN_PT * px or np.ptp(pts[:, 1]) < 3 * MARK_SIZE * px:
        return False
    w, h = _size(fig, req.text, geometry.renderer_of(fig), req.size)
    inset = (MARK_SIZE / 2 + 2.0) * px
    ends = pts[np.argsort(pts[:, 1])]
    y0, y1 = ends[0, 1] + inset, ends[-1, 1] - inset
    area = ax.bbox.padded(-2)
    for side in (1, -1):
        edge = pts[:, 0].max() if side > 0 else pts[:, 0].min()
        xb = edge + side * _LEADER_REACH * px  # where the leaders meet, beside the note
        near = edge + side * (MARK_SIZE / 2 + 2.0) * px  # each leader stops short of its mark
        line = Bbox.from_extents(min(xb, near), y0, max(xb, near), y1)
        mid = (y0 + y1) / 2
        at = (xb + side * _LEADER_TEXT * px, mid)
        box = _box(at, 0, 0, w, h, "left" if side > 0 else "right", "center")
        if not (_free(box, area, obstacles, clear=True) and _free(line, area, obstacles)):
            continue
        extras = []
        for k, y in enumerate((y0, y1)):
            xs, ys = [xb, near], [mid + (-1 if k == 0 else 1) * 2.0 * px, y]
            data = ax.transData.inverted().transform(np.column_stack([xs, ys]))
            (leader,) = ax.plot(*data.T, gid=f"leader{k}:{req.gid}", **_LEADER_STYLE)
            extras.append(leader)
        req.extras = extras
        _annotate(ax, req, box, "left" if side > 0 else "right", px)
        obstacles.add(box, None)
        obstacles.add(line, None)
        return True
    return False


# A note over two marks side by side: its foot this far (points) above the higher mark at the
# nearest, then higher in steps, up to _ABOVE_REACH.
_ABOVE_GAP = MARK_SIZE / 2 + 14.0
_ABOVE_REACH = 60.0


def _over_pair(ax: Axes, req: LabelRequest, px: float, obstacles, fig) -> bool:
    """Place a note over two marks side by side (different dates), centred over them as near
    above the higher as is free, a thin leader from its foot to each mark (rating 9:
    territory-article's "not a recovery" floated over the 500 km² line, anchored to
    neither). False where they are not two such marks, or no place is free."""
    pts = ax.transData.transform(np.array(req.points, dtype=float).reshape(-1, 2))
    if len(pts) != 2 or not np.isfinite(pts).all() or np.ptp(pts[:, 0]) <= _COLUMN_PT * px:
        return False
    w, h = _size(fig, req.text, geometry.renderer_of(fig), req.size)
    area = ax.bbox.padded(-2)
    top, mid = pts[:, 1].max(), pts[:, 0].mean()
    stop = (MARK_SIZE / 2 + 2.0) * px  # each leader stops short of its mark
    for lift in np.arange(_ABOVE_GAP, _ABOVE_REACH + 1, 4.0):
        for dx in (0.0, -0.25 * w, 0.25 * w):
            box = _box((mid + dx, top + lift * px), 0, 0, w, h, "center", "bottom")
            foot = np.array([mid + dx, box.y0 - 2.0 * px])
            legs = []
            for p in pts:
                length = float(np.hypot(*(p - foot)))
                legs.append([foot, p + (foot - p) * stop / max(length, 1e-9)])
            legs = np.array(legs, dtype=float)
            if not _free(box, area, obstacles, clear=True):
                continue
            hits = geometry.any_box_overlaps  # the legs' boxes must miss every text
            if any(hits(Bbox(leg).padded(0.5 * px), obstacles.boxes, 0) for leg in legs):
                continue
            extras = []
            for k, leg in enumerate(legs):
                data = ax.transData.inverted().transform(leg)
                (leader,) = ax.plot(*data.T, gid=f"leader{k}:{req.gid}", **_LEADER_STYLE)
                extras.append(leader)
            req.extras = extras
            _annotate(ax, req, box, "center", px)
            obstacles.add(box, legs)
            return True
    return False


def place_note(
    ax: Axes, req: LabelRequest, px: float, obstacles, fig, *, first: bool = False
) -> None:
    """Place one note: beside its marks with a leader to each where they stand in one column,
    over them with a leader to each where two stand side by side (tried ``first``, before
    the labels: the leaders' place is fixed, a label's is not), else, after the labels, the
    nearest free box around its point, with no leader."""
    if _led(ax, req, px, obstacles, fig) or _over_pair(ax, req, px, obstacles, fig) or first:
        return
    anchor = ax.transData.transform(req.xy)
    if not np.isfinite(anchor).all():
        return
    w, h = _size(fig, req.text, geometry.renderer_of(fig), req.size)
    for gap in np.arange(0.0, _NOTE_REACH + 1, 6.0):
        for ux, uy in _AROUND[1:] if gap else _AROUND[:1]:
            box = _box(anchor, ux * gap * px, uy * gap * px, w, h, "center", "center")
            if _free(box, ax.bbox.padded(-2), obstacles, clear=True):
                _annotate(ax, req, box, "center", px)
                obstacles.add(box, None)
                return
