"""Labels beside the marks they name, never on anything.

Each label is a request (text, the point it names, a priority). :func:`place_labels` tries
positions around the point, nearest first (right, left, above, below, then the diagonals,
then further out with a thin leader line), and keeps the first one whose box stays inside the
axes and clear of every text, legend, mark and drawn line, as the renderer measures them (see
:mod:`kursk_data.plotting.geometry`). Placing is deterministic: the same chart places its
labels the same way. A label whose text fits nowhere tries its shorter wordings in turn
(``alternatives``: fewer lines fit between neighbours); one that still fits nowhere is left
out (its mark stays, the data file lists it); its request keeps ``placed = False``.

Force-directed repulsion (adjustText) was tried in the design: it needs scipy and moves labels
until they stop overlapping, which tangles leader lines on crowded charts; a news chart wants
labels next to their marks or not at all, which is what a candidate search gives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox, ScaledTranslation

from kursk_data.plotting import geometry
from kursk_data.plotting.style import LABEL_SIZE, MARK_SIZE, TEXT_COLOR

_ATTR, FLOOR_ATTR = "_kd_label_requests", "_kd_label_floor"  # ... a value labels stay above
_LEADER = {"arrowstyle": "-", "color": "#8c8c8c", "lw": 0.6, "shrinkA": 1.5}
# Directions, nearest first: (dx, dy, ha, va) as unit steps.
_DIRECTIONS = (
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    # Beside the mark with its first (or last) line level with it, the rest below (above).
    (1, 0, "left", "top"),
    (1, 0, "left", "bottom"),
    (-1, 0, "right", "top"),
    (-1, 0, "right", "bottom"),
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
# A label beside a mark (not a row's) goes no further than this from it: beyond, it reads as
# no one's, or as a neighbour's; it is left out instead.
_NEAR_GAPS = tuple(g for g in _GAPS if g <= 20)
# A label's own mark must be nearer to it than any other claim's mark by this much (points).
NEAREST_MARGIN = 3.0
# A label keeps this far (points) from a fading bound, its own included: text flush against
# a fade reads as printed on it.
FADE_CLEARANCE = 6.5  # 6 px at 680 px wide, as the print check asks


@dataclass
class LabelRequest:
    """A label to place: its text, the data point it names, how much it matters."""

    text: str
    xy: tuple[float, float]
    gid: str
    priority: float = 0.0
    color: str = TEXT_COLOR
    shift: float = 0.0  # points along x: where a dodged mark was drawn
    # A row chart's label stays on its row's baseline: right of its mark and band, else left.
    on_row: bool = False
    # The claims whose marks it names (a run's or a group's); empty: the claim of its gid.
    owns: tuple[str, ...] = ()
    # Shorter wordings, tried in order where the text itself finds no place by its mark
    # (fewer lines fit between neighbours); the one placed is the annotation's text.
    alternatives: tuple[str, ...] = ()
    size: float = LABEL_SIZE  # points: a chart of a few marks sets its labels larger
    # A note's placer (kursk_data.plotting.notes, which imports this module): called with
    # (ax, request, px, obstacles, fig), before the labels with first=True (a bracket's
    # fixed place), then after every label where the note is not placed yet.
    placer: Callable | None = field(default=None, repr=False)
    # Marks a note speaks of, in data coordinates: where its pointers go.
    points: tuple = ()
    extras: list = field(default_factory=list, repr=False)  # a note's bracket
    air: float = 0.0  # points kept from labels of other inks (0: may touch them)
    prefer: tuple = ()  # directions (as _DIRECTIONS) tried before the others, at each gap
    beside: tuple[str, ...] = ()  # marks stacked on its own at one date: a leader tells which
    placed: bool = False
    artist: Annotation | None = field(default=None, repr=False)


def _shifted(ax: Axes, points: float):
    if not points:
        return "data"
    return ax.transData + ScaledTranslation(points / 72, 0, ax.figure.dpi_scale_trans)


def request_label(
    ax: Axes,
    text: str,
    xy,
    gid: str,
    priority: float = 0.0,
    *,
    on_row: bool = False,
    owns: tuple[str, ...] = (),
    alternatives: tuple[str, ...] = (),
    size: float = LABEL_SIZE,
) -> LabelRequest:
    """Ask for a label on ``ax``; it is placed by :func:`place_labels`. ``on_row``: keep it on
    the baseline of its mark (row charts), never above or below where another row is;
    ``owns``: the claim ids of every mark the label names (a run's or a group's);
    ``alternatives``: shorter wordings to try, in order, where ``text`` finds no place;
    ``size``: the text's size in points."""
    req = LabelRequest(
        text,
        (float(xy[0]), float(xy[1])),
        gid,
        priority,
        on_row=on_row,
        owns=tuple(owns),
        alternatives=tuple(alternatives),
        size=float(size),
    )
    requests = getattr(ax, _ATTR, None)
    if requests is None:
        requests = []
        setattr(ax, _ATTR, requests)
    requests.append(req)
    return req


def requests_of(ax: Axes) -> list[LabelRequest]:
    """The labels requested on ``ax`` so far."""
    return list(getattr(ax, _ATTR, []))


def label_requests(fig: Figure) -> list[tuple[Axes, LabelRequest]]:
    out = []
    for ax in geometry._all_axes(fig):
        for req in getattr(ax, _ATTR, []):
            out.append((ax, req))
    return out


def label_size(fig: Figure, text: str, renderer, size: float = LABEL_SIZE) -> tuple[float, float]:
    """Width and height (pixels) of a label's text box (``size`` in points)."""
    return _size(fig, text, renderer, size)


def _size(fig: Figure, text: str, renderer, size: float = LABEL_SIZE) -> tuple[float, float]:
    probe = Text(0, 0, text, fontsize=size, linespacing=1.2, figure=fig)
    box = probe.get_window_extent(renderer)
    return box.width, box.height


def _box(anchor, dx, dy, w, h, ha, va) -> Bbox:
    x = anchor[0] + dx
    y = anchor[1] + dy
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[ha]
    y0 = {"bottom": y, "top": y - h, "center": y - h / 2}[va]
    return Bbox.from_bounds(x0, y0, w, h)


def _own_extent(ax: Axes, cid: str, marks, strokes, anchor) -> tuple[float, float]:
    """Left and right ends (pixels) of a claim's mark and band on ``ax`` (a claim can be drawn
    in two panels): where its row label starts."""
    xs = [anchor[0]]
    for line, box in marks:
        if line.get_gid() == f"claim:{cid}" and line.axes is ax:
            xs += [box.x0, box.x1]
    for stroke in strokes:
        art = stroke.artist
        # A band, or the fade of a bound: the label starts beyond either.
        drawn = art.get_gid() in (f"band:{cid}", f"bound:{cid}")
        if drawn and art.axes is ax and len(stroke.segments):
            ends = stroke.segments[:, :, 0]
            xs += [float(ends.min()), float(ends.max())]
    return min(xs), max(xs)


def _row_candidates(
    ax: Axes, req: LabelRequest, anchor, w: float, h: float, px: float, marks, strokes
):
    """Boxes on the row's baseline: right of the mark and band, then left of them."""
    cid = req.gid.split(":", 1)[-1]
    left, right = _own_extent(ax, cid, marks, strokes, anchor)
    for gap in (3.0, 8.0):
        yield _box((right + gap * px, anchor[1]), 0, 0, w, h, "left", "center"), "left", "center"
        yield _box((left - gap * px, anchor[1]), 0, 0, w, h, "right", "center"), "right", "center"


def row_room(ax: Axes, labels: list[tuple], width_px: float) -> tuple[float, float]:
    """Value-axis limits that leave room on its row for each ``(text, end, right[, reach])``
    label: right of ``end`` (the right end of its mark and band) or, ``right`` False, left of
    it, when the axes is ``width_px`` wide. ``reach`` is the share of the axis the claim's
    drawing takes beyond ``end`` (the short fade of "over"), before its label.

    Widening the axis keeps a label on its row instead of pushing it above or below, where it
    would read as another row's. On a linear axis room on the left lies below zero
    (:func:`kursk_data.plotting.select.set_value_axis` ticks no negative values).
    """
    fig = ax.figure
    renderer = geometry.renderer_of(fig)
    px = renderer.points_to_pixels(1)
    lo, hi = ax.get_xlim()
    log = ax.get_xscale() == "log"

    def f(v: float) -> float:
        return float(np.log10(v)) if log else float(v)

    def g(v: float) -> float:
        return float(10**v) if log else float(v)

    needs = []
    for text, end, right, *more in labels:
        if not np.isfinite(end) or (log and end <= 0):
            continue
        w, _ = _size(fig, text, renderer)
        # Beyond the end: half a mark, the gap, the label and the axes' inner padding.
        a = ((MARK_SIZE / 2 + 3.0) * px + w + 4) / width_px + (more[0] if more else 0.0)
        if a < 0.6:  # a label wider cannot stay on its row; it is left out
            needs.append((f(end), a, right))
    flo, fhi = f(lo), f(hi)
    # Room on one side shrinks the scale for the other: a few rounds settle both ends.
    for _ in range(6):
        for end, a, right in needs:
            if right and (end - flo) / (fhi - flo) > 1 - a:
                fhi = flo + (end - flo) / (1 - a)
            elif not right and (end - flo) / (fhi - flo) < a:
                flo = (end - a * fhi) / (1 - a)
    return g(flo), g(fhi)


def _from_edge(seg: np.ndarray, radius: float) -> np.ndarray:
    """The leader ``seg`` (anchor, label end) less its first ``radius`` pixels, inside the
    mark, where it is not drawn."""
    a, b = seg
    length = float(np.hypot(*(b - a)))
    if length <= radius:
        return np.array([b, b])
    return np.array([a + (b - a) * radius / length, b])


def _bars_of_others(strokes, cid: str) -> np.ndarray:
    """Boxes (x0, y0, x1, y1) around the drawn bars of every claim but ``cid``: its bands,
    bounds and period bars (axis-aligned, so a box is their exact outline). The faint half of
    a bound's fade is left out: a leader crossing ink that has all but faded reads as no
    one's."""
    boxes, seen = [], {}
    for s in strokes:
        kind, _, owner = str(s.artist.get_gid() or "").partition(":")
        if kind not in ("band", "bound", "period") or owner == cid or not len(s.segments):
            continue
        if isinstance(s.artist, LineCollection):  # one stroke per segment, in drawing order
            i = seen[id(s.artist)] = seen.get(id(s.artist), -1) + 1
            alphas = to_rgba_array(s.artist.get_colors())[:, 3]
            if alphas[i % len(alphas)] < 0.5 * alphas.max():
                continue
        boxes.append(
            np.column_stack(
                [
                    s.segments[:, :, 0].min(axis=1) - s.half_width,
                    s.segments[:, :, 1].min(axis=1) - s.half_width,
                    s.segments[:, :, 0].max(axis=1) + s.half_width,
                    s.segments[:, :, 1].max(axis=1) + s.half_width,
                ]
            )
        )
    return np.vstack(boxes) if boxes else np.zeros((0, 4))


def owned_ids(req: LabelRequest) -> tuple[str, ...]:
    """The claim ids whose marks a label names."""
    return req.owns or (req.gid.split(":", 1)[-1],)


def _mark_centres(ax: Axes, req: LabelRequest, marks) -> tuple[np.ndarray, np.ndarray]:
    """Centres (pixels) of the marks ``req`` names and of every other claim's mark on ``ax``."""
    owned = {f"claim:{c}" for c in (*owned_ids(req), *req.beside)}
    mine, theirs = [], []
    for line, box in marks:
        if line.axes is not ax or not str(line.get_gid() or "").startswith("claim:"):
            continue
        centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
        (mine if line.get_gid() in owned else theirs).append(centre)
    return np.array(mine, dtype=float).reshape(-1, 2), np.array(theirs, dtype=float).reshape(-1, 2)


def box_distance(box: Bbox, points: np.ndarray) -> np.ndarray:
    """Distance (pixels) from each point to the nearest point of ``box`` (0 inside it)."""
    if not len(points):
        return np.zeros(0)
    dx = np.maximum.reduce([box.x0 - points[:, 0], np.zeros(len(points)), points[:, 0] - box.x1])
    dy = np.maximum.reduce([box.y0 - points[:, 1], np.zeros(len(points)), points[:, 1] - box.y1])
    return np.hypot(dx, dy)


def _nearest_is_own(box: Bbox, mine: np.ndarray, theirs: np.ndarray, margin: float) -> bool:
    """True when the label box is nearer one of its own marks than any other claim's mark,
    by ``margin``: a label nearer a neighbour reads as the neighbour's."""
    if not len(mine) or not len(theirs):
        return True
    return float(box_distance(box, mine).min()) + margin <= float(box_distance(box, theirs).min())


def _leader_end(box: Bbox, ha: str, va: str, level: float | None = None) -> tuple[float, float]:
    """The point of the label box facing its mark, where the leader starts; ``level``: the
    mark's height, for a label beside it (its leader then runs level, never on the slope
    of a line leaving the mark; rating 7: "over 100" seemed to start losses' series)."""
    x = {"left": box.x0, "right": box.x1, "center": (box.x0 + box.x1) / 2}[ha]
    y = {"bottom": box.y0, "top": box.y1, "center": (box.y0 + box.y1) / 2}[va]
    if level is not None:
        y = min(max(level, box.y0 + 2.0), box.y1 - 2.0)
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


@dataclass
class _Obstacles:
    """What a label must stay clear of, as arrays (see the vectorised tests in geometry):
    text and legend boxes, mark boxes, drawn segments with their half widths, leaders."""

    boxes: np.ndarray
    marks: np.ndarray
    segments: np.ndarray
    half_widths: np.ndarray
    leaders: np.ndarray
    # Boxes beside each fading bound, less its mark's end: what a label beside a mark keeps
    # clear of (text flush against a fade reads as printed on it).
    fades: np.ndarray | None = None
    # Placed labels' boxes and inks: a label asking for air keeps it from other inks' labels.
    placed: list = field(default_factory=list)

    @classmethod
    def of(cls, boxes, marks, strokes, px: float = 1.0) -> _Obstacles:
        segs = [s.segments for s in strokes if len(s.segments)]
        bounds: dict[int, list] = {}
        for s in strokes:
            if len(s.segments) and str(s.artist.get_gid() or "").startswith("bound:"):
                bounds.setdefault(id(s.artist), []).append((s.segments, s.half_width))
        pad, trim = FADE_CLEARANCE * px, (MARK_SIZE / 2 + 1.0) * px
        fades = []
        for parts in bounds.values():
            pts = np.concatenate([p.reshape(-1, 2) for p, _ in parts])
            hw = max(w for _, w in parts) + pad
            (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
            if x1 - x0 < y1 - y0:  # along y: clear sideways, the mark's end left out
                fades.append([x0 - hw, y0 + trim, x1 + hw, y1 - trim])
            else:
                fades.append([x0 + trim, y0 - hw, x1 - trim, y1 + hw])
        return cls(
            geometry.as_boxes(boxes),
            geometry.as_boxes(b for _, b in marks),
            np.concatenate(segs) if segs else np.zeros((0, 2, 2)),
            np.concatenate(
                [np.full(len(s.segments), s.half_width) for s in strokes if len(s.segments)]
            )
            if segs
            else np.zeros(0),
            np.zeros((0, 2, 2)),
            np.array(fades, dtype=float).reshape(-1, 4),
        )

    def add(self, box: Bbox, leader: np.ndarray | None, color: str | None = None) -> None:
        """A placed label's box (and its leader line) become obstacles for the next."""
        if color is not None:
            self.placed.append((box, color))
        self.boxes = np.vstack([self.boxes, geometry.as_boxes([box])])
        if leader is not None:
            self.leaders = np.concatenate([self.leaders, leader])


def _free(box: Bbox, area: Bbox, obstacles: _Obstacles, *, clear: bool = False) -> bool:
    """True when ``box`` lies inside ``area`` and clear of texts, marks, lines and leaders
    (``clear``: and a little further from fading bounds)."""
    inside = box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1
    fades = obstacles.fades if clear and obstacles.fades is not None else np.zeros((0, 4))
    return (
        inside
        and not geometry.any_box_overlaps(box, obstacles.boxes, 0)
        and not geometry.any_box_overlaps(box, obstacles.marks, 0)
        and not geometry.any_box_overlaps(box, fades, 0)
        and not geometry.segments_hit_box(obstacles.segments, obstacles.half_widths, box)
        and not geometry.segments_hit_box(obstacles.leaders, 0.5, box)
    )


def _own_bands(strokes, cid: str, pad: float) -> np.ndarray:
    """Boxes (x0, y0, x1, y1) around claim ``cid``'s bands, ``pad`` wider each side."""
    ends = [s for s in strokes if s.artist.get_gid() == f"band:{cid}" and len(s.segments)]
    out = [(*s.segments.min(axis=(0, 1)), *s.segments.max(axis=(0, 1))) for s in ends]
    widen = [[-s.half_width - pad, 0, s.half_width + pad, 0] for s in ends]
    return (np.array(out, dtype=float) + np.array(widen, dtype=float)).reshape(-1, 4)


def _search(ax, req, anchor, w, h, px, area, obstacles, marks, strokes, mine, theirs):
    """The first free place for a ``w`` by ``h`` label of ``req`` by its mark, nearest first:
    (box, dx, dy, ha, va, leader), or None."""
    own = "claim:" + req.gid.split(":", 1)[-1]
    # A label set larger keeps more air from its mark (rating 7: territory-article's
    # "26 Apr 2025*" ended 3 px from Gerasimov's hollow circle).
    radius = (MARK_SIZE / 2 + 2.5 + 2.0 * max(req.size - LABEL_SIZE, 0.0)) * px
    in_way = None  # what a leader from this anchor must not cross (made when first needed)
    own_bands = _own_bands(strokes, own.split(":", 1)[1], FADE_CLEARANCE * px)
    if req.on_row:
        for box, ha, va in _row_candidates(ax, req, anchor, w, h, px, marks, strokes):
            if _free(box, area, obstacles):
                dx = (box.x0 if ha == "left" else box.x1) - anchor[0]
                return (box, dx, 0.0, ha, va, None)
        return None
    first = [(g, d) for d in req.prefer for g in _NEAR_GAPS[:2]]
    for gap, (ux, uy, ha, va) in first + [(g, d) for g in _NEAR_GAPS for d in _DIRECTIONS]:
        if req.beside and not gap:
            continue  # flush beside two stacked marks, a label reads as either's
        d = radius + gap * px
        dy = uy * d
        if uy == 0 and va != "center":  # one line's middle level with the mark
            dy = (0.6 if va == "top" else -0.6) * req.size * 1.2 * px
        box = _box(anchor, ux * d, dy, w, h, ha, va)
        if not _free(box, area, obstacles, clear=True):
            continue
        if req.air and any(
            c != req.color and box.padded(req.air * px).overlaps(b) for b, c in obstacles.placed
        ):
            continue  # flush against another claimant's label, the two read as one block
        if req.air and uy and geometry.any_box_overlaps(box, own_bands, 0):
            continue  # off its mark's level, clear of its own band (rating 7: 2,000)
        # Beside its mark, the label's box must be nearest its own mark; with a leader,
        # where the leader meets the box (the leader names the mark).
        level = anchor[1] if uy == 0 else None
        near = box if gap == 0 else Bbox([_leader_end(box, ha, va, level)] * 2)
        if not _nearest_is_own(near, mine, theirs, NEAREST_MARGIN * px):
            continue
        leader = None
        if gap > 0:
            end = _leader_end(box, ha, va, level)
            leader = np.array([[anchor, end]], dtype=float)
            if in_way is None:
                # Marks under the anchor (its own, or a second report of the same figure)
                # are where the leader ends, not in its way. Another claim's band, bound or
                # period bar is: a leader leaving from it reads as that claim's.
                others = [
                    b for line, b in marks if line.get_gid() != own and not b.contains(*anchor)
                ]
                in_way = np.vstack(
                    [
                        obstacles.boxes,
                        geometry.as_boxes(others),
                        _bars_of_others(strokes, own.split(":", 1)[1]),
                    ]
                )
            # Tested from where it is drawn: the mark's edge (shrinkB below).
            drawn = _from_edge(leader[0], (MARK_SIZE / 2 + 1) * px)
            if geometry.segment_hits_boxes(drawn, 0.5, in_way, 0):
                continue
        return (box, ux * d, dy, ha, va, leader)
    return None


def _unplace(req: LabelRequest) -> None:
    """Remove a placed label's artists (a note's bracket too)."""
    for art in [req.artist, *req.extras]:
        if art is not None:
            art.remove()
    req.artist, req.extras, req.placed = None, [], False


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
    notes = notes_of(fig)
    for _, req in [*pairs, *notes]:
        _unplace(req)
    if not pairs and not notes:
        return []
    px = renderer.points_to_pixels(1)
    texts = [geometry.text_box(t, renderer) for t, _ in geometry.visible_texts(fig)]
    texts += [lg.get_window_extent(renderer) for lg in geometry.legends(fig)]
    marks = [(line, box) for line, _, box in geometry.marks(fig, renderer)]
    strokes = geometry.strokes(fig, renderer)
    order = sorted(range(len(pairs)), key=lambda i: (-pairs[i][1].priority, i))

    def run(order: list[int]) -> tuple[int, float]:
        for _, req in [*pairs, *notes]:
            _unplace(req)
        obstacles = _Obstacles.of(texts, marks, strokes, px)
        for ax, req in notes:  # a note bracketing its marks keeps that place before labels
            if req.placer is not None:
                req.placer(ax, req, px, obstacles, fig, first=True)
        for i in order:
            ax, req = pairs[i]
            anchor = ax.transData.transform(req.xy) + np.array([req.shift * px, 0.0])
            if not np.isfinite(anchor).all():
                continue
            area = ax.bbox.padded(-2)
            if getattr(ax, FLOOR_ATTR, None) is not None:  # no label under a drawn baseline
                area.y0 = max(area.y0, ax.transData.transform((0, getattr(ax, FLOOR_ATTR)))[1])
            found = None
            mine, theirs = _mark_centres(ax, req, marks)
            for text in (req.text, *req.alternatives):
                w, h = _size(fig, text, renderer, req.size)
                found = _search(
                    ax, req, anchor, w, h, px, area, obstacles, marks, strokes, mine, theirs
                )
                if found is not None:
                    break
            if found is None:
                continue
            box, dx, dy, ha, va, leader = found
            arrow = None
            if leader is not None:
                end = leader[0][1]  # where the leader meets the label's box
                relpos = ((end[0] - box.x0) / box.width, (end[1] - box.y0) / box.height)
                arrow = {**_LEADER, "relpos": relpos, "shrinkB": MARK_SIZE / 2 + 1}
                if req.air:  # a thin white edge: a line it crosses reads as passing under
                    arrow["path_effects"] = [withStroke(linewidth=2.6, foreground="white")]
            req.artist = ax.annotate(
                text,
                xy=req.xy,
                xycoords=_shifted(ax, req.shift),
                xytext=(dx / px, dy / px),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=req.size,
                linespacing=1.2,
                color=req.color,
                arrowprops=arrow,
                annotation_clip=False,
                gid=req.gid,
                zorder=5,
            )
            if req.on_row:
                # layout_problems checks that the label stays on this baseline.
                req.artist._kd_row_y = req.xy[1]
            req.placed = True
            obstacles.add(box, leader, req.color)
        for ax, req in notes:  # after the labels: they keep the places by their marks
            if req.placer is not None and not req.placed:  # kursk_data.plotting.notes
                req.placer(ax, req, px, obstacles, fig)
        # More labels, then the more important ones.
        return (
            sum(req.placed for _, req in pairs),
            sum(req.priority for _, req in pairs if req.placed),
        )

    placed = run(order)
    # A label left out because labels placed before it took its room: once, place the left-out
    # labels first; the placing that names more marks is kept.
    left = [i for i in order if not pairs[i][1].placed and not pairs[i][1].on_row]
    if left:
        retry = left + [i for i in order if i not in set(left)]
        if run(retry) < placed:
            run(order)
    return [req for _, req in pairs]


# --------------------------------------------------------------------------- notes

NOTES_ATTR = "_kd_note_requests"  # on an Axes: its notes (kursk_data.plotting.notes)


def notes_of(fig: Figure) -> list[tuple[Axes, LabelRequest]]:
    """Every note requested on ``fig``'s axes (:func:`kursk_data.plotting.notes.request_note`)."""
    return [(ax, r) for ax in geometry._all_axes(fig) for r in getattr(ax, NOTES_ATTR, [])]
