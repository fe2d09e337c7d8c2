"""Labels beside the marks they name, never on anything.

Each label is a request (text, the point it names, a priority). :func:`place_labels` tries
positions around the point, nearest first (right, left, above, below, then the diagonals,
then further out with a thin leader line), and keeps the first one whose box stays inside the
axes and clear of every text, legend, mark and drawn line, as the renderer measures them (see
:mod:`kursk_data.plotting.geometry`). Placing is deterministic: the same chart places its
labels the same way. A label that fits nowhere is left out (its mark stays, and the chart's
data file lists it); its request keeps ``placed = False``.

Force-directed repulsion (adjustText) was tried in the design: it needs scipy and moves labels
until they stop overlapping, which tangles leader lines on crowded charts; a news chart wants
labels next to their marks or not at all, which is what a candidate search gives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox, ScaledTranslation

from kursk_data.plotting import geometry
from kursk_data.plotting.style import LABEL_SIZE, MARK_SIZE, TEXT_COLOR

_ATTR = "_kd_label_requests"
_LEADER = {"arrowstyle": "-", "color": "#8c8c8c", "lw": 0.6, "shrinkA": 1.5}
# Directions, nearest first: (dx, dy, ha, va) as unit steps.
_DIRECTIONS = (
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (0.75, 0.75, "left", "bottom"),
    (-0.75, 0.75, "right", "bottom"),
    (0.75, -0.75, "left", "top"),
    (-0.75, -0.75, "right", "top"),
    (-0.4, 0.95, "right", "bottom"),
    (0.4, 0.95, "left", "bottom"),
    (-0.4, -0.95, "right", "top"),
    (0.4, -0.95, "left", "top"),
    (0, 1, "right", "bottom"),
    (0, 1, "left", "bottom"),
    (0, -1, "right", "top"),
    (0, -1, "left", "top"),
)
_GAPS = (0, 6, 12, 20, 30, 42, 56, 72, 90, 110, 135, 160)  # points beyond the mark's edge


@dataclass
class LabelRequest:
    """A label to place: its text, the data point it names, how much it matters."""

    text: str
    xy: tuple[float, float]
    gid: str
    priority: float = 0.0
    color: str = TEXT_COLOR
    shift: float = 0.0  # points along x: where a dodged mark was drawn
    placed: bool = False
    artist: Annotation | None = field(default=None, repr=False)


def _shifted(ax: Axes, points: float):
    if not points:
        return "data"
    return ax.transData + ScaledTranslation(points / 72, 0, ax.figure.dpi_scale_trans)


def request_label(ax: Axes, text: str, xy, gid: str, priority: float = 0.0) -> LabelRequest:
    """Ask for a label on ``ax``; it is placed by :func:`place_labels`."""
    req = LabelRequest(text, (float(xy[0]), float(xy[1])), gid, priority)
    requests = getattr(ax, _ATTR, None)
    if requests is None:
        requests = []
        setattr(ax, _ATTR, requests)
    requests.append(req)
    return req


def label_requests(fig: Figure) -> list[tuple[Axes, LabelRequest]]:
    out = []
    for ax in geometry._all_axes(fig):
        for req in getattr(ax, _ATTR, []):
            out.append((ax, req))
    return out


def _size(fig: Figure, text: str, renderer) -> tuple[float, float]:
    probe = Text(0, 0, text, fontsize=LABEL_SIZE, linespacing=1.2, figure=fig)
    box = probe.get_window_extent(renderer)
    return box.width, box.height


def _box(anchor, dx, dy, w, h, ha, va) -> Bbox:
    x = anchor[0] + dx
    y = anchor[1] + dy
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[ha]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
    return Bbox.from_bounds(x0, y0, w, h)


def _leader_end(box: Bbox, ha: str, va: str) -> tuple[float, float]:
    """The point of the label box facing its mark, where the leader starts."""
    x = {"left": box.x0, "right": box.x1, "center": (box.x0 + box.x1) / 2}[ha]
    y = {"bottom": box.y0, "top": box.y1, "center": (box.y0 + box.y1) / 2}[va]
    return x, y


_DEFERRED = {"on": False}


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Inside this block charts only request their labels; whoever lays the figure out places
    them once, for the final layout (the figure export does)."""
    before = _DEFERRED["on"]
    _DEFERRED["on"] = True
    try:
        yield
    finally:
        _DEFERRED["on"] = before


def place_labels(fig: Figure, *, force: bool = False) -> list[LabelRequest]:
    """(Re)place every requested label of ``fig`` for the current layout; returns the requests.

    Call again after the axes move (the figure export does, after its layout pass). Inside
    :func:`deferred` it does nothing unless ``force``.
    """
    if _DEFERRED["on"] and not force:
        return [req for _, req in label_requests(fig)]
    renderer = geometry.renderer_of(fig)
    geometry.settle(fig, renderer)
    pairs = label_requests(fig)
    for _, req in pairs:
        if req.artist is not None:
            req.artist.remove()
            req.artist = None
        req.placed = False
    if not pairs:
        return []
    px = renderer.points_to_pixels(1)
    texts = [geometry.text_box(t, renderer) for t, _ in geometry.visible_texts(fig)]
    texts += [lg.get_window_extent(renderer) for lg in geometry.legends(fig)]
    marks = [(line, box) for line, _, box in geometry.marks(fig, renderer)]
    strokes = geometry.strokes(fig, renderer)
    placed_boxes: list[Bbox] = []
    leaders: list[np.ndarray] = []
    order = sorted(range(len(pairs)), key=lambda i: (-pairs[i][1].priority, i))
    for i in order:
        ax, req = pairs[i]
        anchor = ax.transData.transform(req.xy) + np.array([req.shift * px, 0.0])
        if not np.isfinite(anchor).all():
            continue
        area = ax.bbox.padded(-2)
        w, h = _size(fig, req.text, renderer)
        own = "claim:" + req.gid.split(":", 1)[-1]
        radius = (MARK_SIZE / 2 + 2.5) * px
        found = None
        for gap in _GAPS:
            for ux, uy, ha, va in _DIRECTIONS:
                d = radius + gap * px
                box = _box(anchor, ux * d, uy * d, w, h, ha, va)
                if not (
                    box.x0 >= area.x0
                    and box.x1 <= area.x1
                    and box.y0 >= area.y0
                    and box.y1 <= area.y1
                ):
                    continue
                if any(geometry.boxes_overlap(box, b, 0) for b in texts + placed_boxes):
                    continue
                if any(geometry.boxes_overlap(box, b, 0) for _, b in marks):
                    continue
                if any(geometry.stroke_hits_box(s, box) for s in strokes):
                    continue
                if any(
                    geometry.segment_hits_box(seg, 0.5, box) for segs in leaders for seg in segs
                ):
                    continue
                leader = None
                if gap > 0:
                    end = _leader_end(box, ha, va)
                    leader = np.array([[anchor, end]], dtype=float)
                    # Marks under the anchor (its own, or a second report of the same figure)
                    # are where the leader ends, not in its way.
                    others = [
                        b for line, b in marks if line.get_gid() != own and not b.contains(*anchor)
                    ]
                    if any(
                        geometry.segment_hits_box(leader[0], 0.5, b, 0)
                        for b in texts + placed_boxes + others
                    ):
                        continue
                found = (box, ux * d, uy * d, ha, va, leader)
                break
            if found:
                break
        if found is None:
            continue
        box, dx, dy, ha, va, leader = found
        arrow = None
        if leader is not None:
            relpos = (
                {"left": 0, "right": 1, "center": 0.5}[ha],
                {"bottom": 0, "top": 1, "center": 0.5}[va],
            )
            arrow = {**_LEADER, "relpos": relpos, "shrinkB": MARK_SIZE / 2 + 1}
            leaders.append(leader)
        req.artist = ax.annotate(
            req.text,
            xy=req.xy,
            xycoords=_shifted(ax, req.shift),
            xytext=(dx / px, dy / px),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=LABEL_SIZE,
            linespacing=1.2,
            color=req.color,
            arrowprops=arrow,
            annotation_clip=False,
            gid=req.gid,
            zorder=5,
        )
        req.placed = True
        placed_boxes.append(box)
    return [req for _, req in pairs]
