"""Short notes on a chart ("different claimants: not a recovery"), each set near the marks it
speaks of, after every label (labels keep the places by their marks), in muted italic, with
no leader; a note that finds no free place is left out. See
:func:`kursk_data.plotting.placement.place_labels`, which places them.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from kursk_data.plotting.placement import NOTES_ATTR, LabelRequest, notes_of
from kursk_data.plotting.style import MUTED_COLOR

__all__ = ["notes_of", "request_note"]


def request_note(ax: Axes, text: str, xy, gid: str) -> LabelRequest:
    """Ask for a short note on ``ax`` near the data point ``xy`` (a place between the marks it
    speaks of), placed with the labels (see the module's docstring)."""
    req = LabelRequest(text, (float(xy[0]), float(xy[1])), gid, color=MUTED_COLOR)
    notes = getattr(ax, NOTES_ATTR, None)
    if notes is None:
        notes = []
        setattr(ax, NOTES_ATTR, notes)
    notes.append(req)
    return req
