"""What a reader sees, as the renderer measures it: text boxes, marks, drawn lines, legends.

The label placer avoids these, and :func:`layout_problems` checks a finished figure with the
same measurements (``get_window_extent`` and the artists' own paths in display space), so a
chart is tested on what is drawn, not on guessed pixels.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

# Overlaps smaller than this (pixels) are anti-aliasing, not a collision.
TOLERANCE = 0.5
# A row label's centre may differ from its row's baseline by this much (pixels): rounding.
ROW_TOLERANCE = 1.5


@dataclass(frozen=True)
class Stroke:
    """A drawn line or bar as display-space segments with half its width."""

    artist: Artist
    segments: np.ndarray  # (n, 2, 2): n segments, two ends, x and y in pixels
    half_width: float


def renderer_of(fig: Figure):
    """The figure's renderer (Agg); layouts are measured with it."""
    return fig.canvas.get_renderer()


def settle(fig: Figure, renderer) -> None:
    """Move every located axes (panels, secondary axes) to where the next draw would put it.

    Child axes are positioned by a locator at draw time; measuring before a draw would read
    their previous place.
    """
    for ax in _all_axes(fig):
        locator = ax.get_axes_locator()
        if locator is not None:
            ax.apply_aspect(locator(ax, renderer))


def text_box(text: Text, renderer) -> Bbox:
    """The box of a text's glyphs, without an annotation's arrow, nor its blank first or last
    lines (a row chart's name is two tick labels of one tick, each blank where the other's
    lines are: see :func:`kursk_data.plotting.row_marks.name_ticks`)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)
    box = Text.get_window_extent(text, renderer)
    lines = str(text.get_text()).split("\n")
    blank_top = len(lines) - len("\n".join(lines).lstrip("\n").split("\n"))
    blank_end = len(lines) - len("\n".join(lines).rstrip("\n").split("\n"))
    if (blank_top or blank_end) and blank_top < len(lines) and text.get_rotation() == 0:
        step = box.height / len(lines)
        box = Bbox([[box.x0, box.y0 + blank_end * step], [box.x1, box.y1 - blank_top * step]])
    return box


def _drawn_ticklabels(axis) -> list[Text]:
    """The tick labels matplotlib draws: those of ticks inside the view interval (a locator
    may place ticks just outside it, which are not drawn)."""
    lo, hi = sorted(axis.get_view_interval())
    slack = (hi - lo) * 1e-9
    out = []
    for locs, ticks in (
        (axis.get_majorticklocs(), axis.get_major_ticks()),
        (axis.get_minorticklocs(), axis.get_minor_ticks()),
    ):
        for loc, tick in zip(locs, ticks, strict=False):
            if not lo - slack <= loc <= hi + slack:
                continue
            for label in (tick.label1, tick.label2):
                if label.get_visible() and label.get_text():
                    out.append(label)
    return out


def visible_texts(fig: Figure) -> list[tuple[Text, Legend | None]]:
    """Every text a reader sees, with the legend it belongs to (None outside legends)."""
    out: list[tuple[Text, Legend | None]] = []

    def legend_texts(legend: Legend | None) -> None:
        if legend is None or not legend.get_visible():
            return
        for t in [legend.get_title(), *legend.get_texts()]:
            if t.get_visible() and t.get_text():
                out.append((t, legend))

    def add(t: Text) -> None:
        if t.get_visible() and t.get_text() and t.get_alpha() != 0:
            out.append((t, None))

    for t in fig.texts:
        add(t)
    for legend in fig.legends:
        legend_texts(legend)
    for ax in _all_axes(fig):
        if not ax.get_visible():
            continue
        for t in ax.texts:
            add(t)
        # The three titles (centre, left, right): the texts among the axes' children that are
        # neither its texts nor artists it was given.
        for t in ax.get_children():
            if isinstance(t, Text) and not any(t is u for u in (*ax.texts, *ax.artists)):
                add(t)
        for axis in _axes_axes(ax) if ax.axison else []:
            if axis.get_visible():
                add(axis.label)
                for t in _drawn_ticklabels(axis):
                    add(t)
                add(axis.offsetText)
        legend_texts(ax.get_legend())
        for child in ax.get_children():
            if isinstance(child, Legend) and child is not ax.get_legend():
                legend_texts(child)
    return out


def _axes_axes(ax: Axes):
    return [ax.xaxis, ax.yaxis]


def _all_axes(fig: Figure) -> list[Axes]:
    """Every Axes of the figure, child axes (secondary axes, panels) included."""
    seen: list[Axes] = []

    def walk(ax: Axes) -> None:
        if ax in seen:
            return
        seen.append(ax)
        for child in ax.child_axes:
            walk(child)

    for ax in fig.axes:
        walk(ax)
    return seen


def legends(fig: Figure) -> list[Legend]:
    """Every visible legend of the figure."""
    out = [lg for lg in fig.legends if lg.get_visible()]
    for ax in _all_axes(fig):
        for child in ax.get_children():
            if isinstance(child, Legend) and child.get_visible() and child not in out:
                out.append(child)
    return out


def _marker_boxes(line: Line2D, renderer) -> list[Bbox]:
    """One box per drawn marker of a line (its size and edge included)."""
    xy = line.get_transform().transform(line.get_xydata())
    r = (line.get_markersize() / 2 + line.get_markeredgewidth() / 2) * renderer.points_to_pixels(1)
    return [Bbox([[x - r, y - r], [x + r, y + r]]) for x, y in xy if np.isfinite([x, y]).all()]


def marks(fig: Figure, renderer) -> list[tuple[Line2D, Axes, Bbox]]:
    """Every data mark (a marker drawn in an Axes) with its axes and box."""
    out = []
    for ax in _all_axes(fig):
        if not ax.get_visible():
            continue
        for line in ax.lines:
            if not line.get_visible() or line.get_marker() in (None, "None", "", " "):
                continue
            for box in _marker_boxes(line, renderer):
                out.append((line, ax, box))
    return out


def _segments(path, transform) -> np.ndarray:
    segs = []
    for poly in path.to_polygons(transform=transform, closed_only=False):
        if len(poly) >= 2:
            segs.extend(itertools.pairwise(poly))
    return np.array(segs, dtype=float).reshape(-1, 2, 2)


def strokes(fig: Figure, renderer) -> list[Stroke]:
    """Every drawn data line or bar: period bars, bands, bounds and leader lines.

    Grid lines, spines, ticks and shaded spans are the frame, not data, and are left out.
    """
    px = renderer.points_to_pixels(1)
    out: list[Stroke] = []
    for ax in _all_axes(fig):
        if not ax.get_visible():
            continue
        for line in ax.lines:
            if not line.get_visible() or line.get_linestyle() in ("None", "", " "):
                continue
            segs = _segments(line.get_path(), line.get_transform())
            if len(segs):
                out.append(Stroke(line, _clip(segs, ax), line.get_linewidth() * px / 2))
        for coll in ax.collections:
            if not coll.get_visible() or not isinstance(coll, LineCollection):
                continue
            widths = coll.get_linewidths()
            for i, path in enumerate(coll.get_paths()):
                segs = _segments(path, coll.get_transform())
                if len(segs):
                    w = widths[i % len(widths)] if len(widths) else 1.0
                    out.append(Stroke(coll, _clip(segs, ax), w * px / 2))
        for t in ax.texts:
            arrow = getattr(t, "arrow_patch", None)
            if isinstance(arrow, FancyArrowPatch) and t.get_visible():
                t.update_positions(renderer)
                path = arrow.get_transform().transform_path(arrow.get_path())
                segs = _segments(path, None)
                out.append(Stroke(arrow, segs, arrow.get_linewidth() * px / 2))
    return out


def _clip(segs: np.ndarray, ax: Axes) -> np.ndarray:
    """Keep the parts of segments inside the axes (what the clip path lets through)."""
    box = ax.bbox
    out = []
    for (x0, y0), (x1, y1) in segs:
        c = _clip_segment(x0, y0, x1, y1, box.x0, box.y0, box.x1, box.y1)
        if c is not None:
            out.append(c)
    return np.array(out, dtype=float).reshape(-1, 2, 2)


def _clip_segment(x0, y0, x1, y1, xmin, ymin, xmax, ymax):
    """Liang-Barsky clipping of one segment to a rectangle; None when wholly outside."""
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - xmin), (dx, xmax - x0), (-dy, y0 - ymin), (dy, ymax - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return [[x0 + t0 * dx, y0 + t0 * dy], [x0 + t1 * dx, y0 + t1 * dy]]


def boxes_overlap(a: Bbox, b: Bbox, tol: float = TOLERANCE) -> bool:
    """True when two boxes share more than ``tol`` pixels in both directions."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol


def segment_hits_box(seg: np.ndarray, half_width: float, box: Bbox, tol=TOLERANCE) -> bool:
    """True when a stroke of the given half width crosses the box."""
    grown = Bbox.from_extents(
        box.x0 - half_width + tol,
        box.y0 - half_width + tol,
        box.x1 + half_width - tol,
        box.y1 + half_width - tol,
    )
    if grown.width <= 0 or grown.height <= 0:
        return False
    (x0, y0), (x1, y1) = seg
    return _clip_segment(x0, y0, x1, y1, grown.x0, grown.y0, grown.x1, grown.y1) is not None


def stroke_hits_box(stroke: Stroke, box: Bbox) -> bool:
    return any(segment_hits_box(s, stroke.half_width, box) for s in stroke.segments)


# Vectorised forms for the label placer, which tests hundreds of candidate boxes against every
# text, mark and drawn segment: the same arithmetic as the scalar functions above, in the same
# order, so every decision is the same (tests/test_layout.py compares them on random input).


def as_boxes(boxes) -> np.ndarray:
    """Boxes as an ``(n, 4)`` array of x0, y0, x1, y1."""
    return np.array([[b.x0, b.y0, b.x1, b.y1] for b in boxes], dtype=float).reshape(-1, 4)


def any_box_overlaps(box: Bbox, boxes: np.ndarray, tol: float = TOLERANCE) -> bool:
    """``any(boxes_overlap(box, b, tol) for b in boxes)`` for an :func:`as_boxes` array."""
    if not len(boxes):
        return False
    w = np.minimum(box.x1, boxes[:, 2]) - np.maximum(box.x0, boxes[:, 0])
    h = np.minimum(box.y1, boxes[:, 3]) - np.maximum(box.y0, boxes[:, 1])
    return bool(((w > tol) & (h > tol)).any())


def _clip_hits(segs: np.ndarray, lo_x, lo_y, hi_x, hi_y) -> np.ndarray:
    """Whether each segment keeps a part inside its rectangle: :func:`_clip_segment` is not
    None (t0 only grows and t1 only shrinks, so testing t0 > t1 once at the end is the same as
    after every step)."""
    x0, y0, x1, y1 = segs[:, 0, 0], segs[:, 0, 1], segs[:, 1, 0], segs[:, 1, 1]
    dx, dy = x1 - x0, y1 - y0
    t0 = np.zeros(len(segs))
    t1 = np.ones(len(segs))
    out = np.zeros(len(segs), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, x0 - lo_x), (dx, hi_x - x0), (-dy, y0 - lo_y), (dy, hi_y - y0)):
            out |= (p == 0) & (q < 0)
            t = q / p
            t0 = np.where(p < 0, np.maximum(t0, t), t0)
            t1 = np.where(p > 0, np.minimum(t1, t), t1)
    return ~out & ~(t0 > t1)


def segments_hit_box(segs: np.ndarray, half_widths, box: Bbox, tol: float = TOLERANCE) -> bool:
    """``any(segment_hits_box(seg, hw, box, tol))`` over ``(n, 2, 2)`` segments, each with its
    half width (an array, or one number for all)."""
    if not len(segs):
        return False
    if not np.isfinite(segs).all():  # NaN compares differently in max() and np.maximum
        hw = np.broadcast_to(half_widths, (len(segs),))
        return any(segment_hits_box(s, float(w), box, tol) for s, w in zip(segs, hw, strict=True))
    lo_x = box.x0 - half_widths + tol
    lo_y = box.y0 - half_widths + tol
    hi_x = box.x1 + half_widths - tol
    hi_y = box.y1 + half_widths - tol
    grown = (hi_x - lo_x > 0) & (hi_y - lo_y > 0)
    return bool((grown & _clip_hits(segs, lo_x, lo_y, hi_x, hi_y)).any())


def segment_hits_boxes(seg: np.ndarray, half_width: float, boxes: np.ndarray, tol=TOLERANCE):
    """``any(segment_hits_box(seg, half_width, b, tol) for b in boxes)`` for an
    :func:`as_boxes` array."""
    if not len(boxes):
        return False
    if not np.isfinite(seg).all():
        return any(segment_hits_box(seg, half_width, Bbox.from_extents(*b), tol) for b in boxes)
    lo_x = boxes[:, 0] - half_width + tol
    lo_y = boxes[:, 1] - half_width + tol
    hi_x = boxes[:, 2] + half_width - tol
    hi_y = boxes[:, 3] + half_width - tol
    grown = (hi_x - lo_x > 0) & (hi_y - lo_y > 0)
    segs = np.broadcast_to(np.asarray(seg, dtype=float), (len(boxes), 2, 2))
    return bool((grown & _clip_hits(segs, lo_x, lo_y, hi_x, hi_y)).any())


def _name(artist: Artist) -> str:
    gid = artist.get_gid()
    if gid:
        return gid
    if isinstance(artist, Text):
        return repr(artist.get_text()[:40])
    return type(artist).__name__


def layout_problems(fig: Figure, *, width_px: float = 680, min_px: float = 9) -> list[str]:
    """Everything a chart editor would send back, measured by the renderer.

    Reports: a visible text overlapping another text, a legend, a data mark or a drawn
    line/bar; a data mark cut by (or outside) its axes' edge; a text smaller than ``min_px``
    pixels when the figure is scaled to ``width_px`` wide; a row chart's label off its row's
    baseline. Returns one sentence per problem.
    """
    return _problems(fig, width_px, min_px)


def _problems(fig: Figure, width_px: float, min_px: float) -> list[str]:
    # A draw puts everything where it will be (ticks, legends, located axes, arrows); its
    # pixels are not needed, so nothing is rasterised. The renderer is the canvas' own.
    fig.draw_without_rendering()
    renderer = renderer_of(fig)
    problems: list[str] = []
    scale = width_px / (fig.get_figwidth() * 72)  # pixels per point at the reader's width
    texts = [(t, lg, text_box(t, renderer)) for t, lg in visible_texts(fig)]
    for t, _, _ in texts:
        if t.get_fontsize() * scale < min_px - 1e-9:
            problems.append(
                f"text {_name(t)} is {t.get_fontsize() * scale:.1f} px at {width_px:.0f} px wide"
                f" (minimum {min_px} px)"
            )
    for i, (a, la, ba) in enumerate(texts):
        for b, lb, bb in texts[i + 1 :]:
            if la is not None and la is lb:
                continue  # a legend lays out its own entries
            if boxes_overlap(ba, bb):
                problems.append(f"text {_name(a)} overlaps text {_name(b)}")
    for legend in legends(fig):
        lbox = legend.get_window_extent(renderer)
        for t, lg, box in texts:
            if lg is not legend and boxes_overlap(box, lbox):
                problems.append(f"text {_name(t)} overlaps a legend")
    mark_list = marks(fig, renderer)
    for t, lg, box in texts:
        if lg is not None:
            continue
        for line, _, mbox in mark_list:
            if boxes_overlap(box, mbox):
                problems.append(f"text {_name(t)} overlaps mark {_name(line)}")
    own_arrow = {id(getattr(t, "arrow_patch", None)): t for t, _, _ in texts}
    for stroke in strokes(fig, renderer):
        owner = own_arrow.get(id(stroke.artist))
        for t, lg, box in texts:
            if lg is not None or t is owner:
                continue
            if stroke_hits_box(stroke, box):
                problems.append(f"text {_name(t)} overlaps line {_name(stroke.artist)}")
    for legend in legends(fig):
        lbox = legend.get_window_extent(renderer)
        for line, _, mbox in mark_list:
            if boxes_overlap(lbox, mbox):
                problems.append(f"legend overlaps mark {_name(line)}")
    for t, _, box in texts:
        row = getattr(t, "_kd_row_y", None)
        if row is None or t.axes is None:
            continue
        # A row chart's label must sit on its own row's baseline: a label nearer another row
        # reads as that row's figure.
        base = t.axes.transData.transform((t.axes.get_xlim()[0], row))[1]
        off = (box.y0 + box.y1) / 2 - base
        if abs(off) > ROW_TOLERANCE:
            problems.append(f"text {_name(t)} is {abs(off):.0f} px off its row's baseline")
    for line, ax, mbox in mark_list:
        abox = ax.bbox
        inside = (
            mbox.x0 >= abox.x0 - TOLERANCE
            and mbox.x1 <= abox.x1 + TOLERANCE
            and mbox.y0 >= abox.y0 - TOLERANCE
            and mbox.y1 <= abox.y1 + TOLERANCE
        )
        if not inside:
            problems.append(f"mark {_name(line)} is cut by its axes' edge")
    return problems
