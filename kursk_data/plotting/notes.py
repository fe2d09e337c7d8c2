"""Short notes on a chart ("different claimants: not a recovery"), each set near the marks it
speaks of, after every label (labels keep the places by their marks), in muted italic, with
no leader; a note that finds no free place is left out. See
:func:`kursk_data.plotting.placement.place_labels`, which places them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from kursk_data.plotting import geometry
from kursk_data.plotting.placement import LabelRequest, _box, _free, _Obstacles, _size
from kursk_data.plotting.style import MUTED_COLOR

# Directions tried around a note's point, ring by ring: centred first, then above and below
# (a note beside the marks' gap, not across it), then the sides and diagonals.
_AROUND = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


_NOTES = "_kd_note_requests"


def request_note(ax: Axes, text: str, xy, gid: str) -> LabelRequest:
    """Ask for a short note on ``ax`` near the data point ``xy`` (a place between the marks it
    speaks of), placed with the labels (see the module's docstring)."""
    req = LabelRequest(text, (float(xy[0]), float(xy[1])), gid, color=MUTED_COLOR)
    notes = getattr(ax, _NOTES, None)
    if notes is None:
        notes = []
        setattr(ax, _NOTES, notes)
    notes.append(req)
    return req


def notes_of(fig: Figure) -> list[tuple[Axes, LabelRequest]]:
    """Every note requested on ``fig``'s axes (:func:`request_note`)."""
    return [(ax, req) for ax in geometry._all_axes(fig) for req in getattr(ax, _NOTES, [])]


# A note goes no further than this from its point (points): beyond, it speaks of nothing.
_NOTE_REACH = 90.0


def place_note(ax: Axes, req: LabelRequest, px: float, obstacles: _Obstacles, fig) -> None:
    """Place one note: the nearest free box around its point (rings of growing distance,
    centred boxes first), drawn with no leader."""
    renderer = geometry.renderer_of(fig)
    anchor = ax.transData.transform(req.xy)
    if not np.isfinite(anchor).all():
        return
    w, h = _size(fig, req.text, renderer, req.size)
    area = ax.bbox.padded(-2)
    for gap in np.arange(0.0, _NOTE_REACH + 1, 6.0):
        d = gap * px
        for ux, uy in _AROUND[1:] if gap else _AROUND[:1]:
            box = _box(anchor, ux * d, uy * d, w, h, "center", "center")
            if _free(box, area, obstacles, clear=True):
                req.artist = ax.annotate(
                    req.text,
                    xy=req.xy,
                    xytext=(ux * d / px, uy * d / px),
                    textcoords="offset points",
                    ha="center",
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
                obstacles.add(box, None)
                return
