"""The parts of a dumbbell row (:mod:`kursk_data.plotting.dumbbell`): a measure's sub-header,
the axis' round end and its square miles, marks lifted off their row, the line joining a
dispute's claims, and a claim's label over or under its mark."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.path import Path
from matplotlib.patheffects import AbstractPathEffect
from matplotlib.text import Annotation
from matplotlib.transforms import IdentityTransform, ScaledTranslation

from kursk_data.labels import short_period
from kursk_data.plotting.grammar import short_figure
from kursk_data.plotting.style import LABEL_SIZE, MARK_SIZE, TEXT_COLOR, claimant_name

# The line that joins a dispute's claims: lighter and thinner than any claim's band.
CONNECTOR_COLOR = "#BDBDBD"
CONNECTOR_WIDTH = 1.0
# A label's edge this far (points) from its row's centre: clear of a band (half of 7 pt).
LABEL_OFFSET = 5.5
# Label lines stacked on one side of a row (three claims or more), points apart.
LABEL_PITCH = 11.0


# Points each claim's drawing moves off its row line, away from its neighbour: the even
# claims up, the odd down (the sides their labels are on). Two marks closer along the row
# than a mark's width move so far that neither touches the other and the grey line between
# them shows (ratings 5 and 6: DeepState's 30 km² diamond on Gerasimov's ring at 0); a
# claim whose label spans its neighbour's mark less, so each mark sits by its own label
# (rating 6: Syrskyi's label read as naming Zelensky's range bar above it).
CLOSE_LIFT_PT = 6.0
COVER_LIFT_PT = 3.5


def label_start(
    x: float, width: float, out: int, zero: float, plot: tuple[float, float], edge: float
) -> tuple[float, str]:
    """Where (display px) a label ``width`` px wide starts, and its alignment: ending at its
    mark at ``x`` (``out`` -1), starting at it (1), or by the plot's thirds (0: starting at
    it in the left third, ending at it in the right, centred between), ``edge`` px past the
    mark's centre; moved sideways just enough to stay between ``zero`` and the plot's right
    end (wider than that, it starts at ``zero``)."""
    where = (x - plot[0]) / max(plot[1] - plot[0], 1.0)
    if out < 0 or (out == 0 and where > 2 / 3):
        x0, ha = x + edge - width, "right"
    elif out > 0 or where < 1 / 3:
        x0, ha = x - edge, "left"
    else:
        x0, ha = x - width / 2, "center"
    if width >= plot[1] - zero or x0 < zero:
        x0 = zero
    elif x0 + width > plot[1]:
        x0 = plot[1] - width
    return x0, ha


def predict_lifts(
    spans: list[tuple[float, float]],
    widths: list[float],
    zero: float,
    plot: tuple[float, float],
    px_per_pt: float,
) -> list[float]:
    """Each claim's lift (points) in a row whose claims' marks span ``spans`` (display px,
    by value) and whose labels are ``widths`` px wide, labelled as :func:`row_outs`
    says: :data:`CLOSE_LIFT_PT` for two neighbours' marks closer than a third of a mark
    apart, :data:`COVER_LIFT_PT` for a claim whose label spans a neighbour's mark (and that
    neighbour). Decided before the frame lays the plot out, from the plot as it is then."""
    n = len(spans)
    lifts = [0.0] * n
    mark = MARK_SIZE * px_per_pt
    edge = mark / 2
    outs = row_outs(n)
    for j in range(n - 1):
        (_, a1), (b0, _) = spans[j], spans[j + 1]
        amount = 0.0
        if b0 - a1 < mark * 1.35:
            amount = CLOSE_LIFT_PT
        else:
            for me, other in ((j, j + 1), (j + 1, j)):
                x = (spans[me][0] + spans[me][1]) / 2
                x0, _ = label_start(x, widths[me], outs[me], zero, plot, edge)
                lo, hi = spans[other][0] - edge, spans[other][1] + edge
                if x0 < hi and x0 + widths[me] > lo:
                    amount = COVER_LIFT_PT
        for i in (j, j + 1):
            if amount > abs(lifts[i]):
                lifts[i] = amount if i % 2 == 0 else -amount
    return lifts


def row_outs(n: int) -> list[int]:
    """How each of a row's ``n`` labels runs (:func:`label_start`): the lowest claim's left
    from its mark, the highest's right, away from the line between them; others by thirds."""
    return [-1 if j == 0 else 1 if j == n - 1 else 0 for j in range(n)]


# A label beside its mark starts (or ends) this far (points) past the mark's edge.
BESIDE_GAP_PT = 2.0
# ... and past the end of its band or fade by half the band's stroke (its measured box runs
# that far past its end) and this much (points).
BAND_GAP_PT = 1.0
# A rounding band no wider than its diamond and this much (points) is drawn this tall, so it
# shows above and below the diamond (rating 7: DeepState's ±2 % hid under its mark, and it
# looked surer than the General Staff's "about").
NARROW_BAND_MARGIN_PT = 3.0
NARROW_BAND_PT = 13.0


def band_stroke(row, width_pt: float) -> float:
    """How thick (points) a claim's band is drawn in a dumbbell row: a band ``width_pt`` wide
    hidden under its diamond is drawn :data:`NARROW_BAND_PT` tall, any other as the grammar
    draws it."""
    from kursk_data.plotting.style import BAND_WIDTH

    hidden = width_pt < MARK_SIZE * 1.42 + NARROW_BAND_MARGIN_PT
    if str(row["qualifier"]) in ("about", "unknown") and hidden:
        return NARROW_BAND_PT
    return BAND_WIDTH


def show_band(panel: Axes, cid: str, stroke: float) -> None:
    """Draw claim ``cid``'s band on ``panel`` ``stroke`` points thick (:func:`band_stroke`)."""
    for line in panel.lines:
        if line.get_gid() == f"band:{cid}" and stroke > line.get_linewidth():
            line.set_linewidth(stroke)


# Points of height per label line, as the rows' heights count them (dumbbell.LINES_PER_LIFT_PT).
LINE_PT = 11.0


def plan_row(
    spans: list[tuple[float, float]],
    widths: list[list[tuple[int, float]]],
    zero: float,
    plot: tuple[float, float],
    px_per_pt: float,
    reach: list[tuple[float, float]] | None = None,
    bands: list[float] | None = None,
) -> list[tuple[int, int, float, int]] | None:
    """Where the labels of a row of one or two claims go (rating 7: each pair read
    diagonally, one label above, one below): each on its own mark's line, the lower claim's
    left of its mark and the higher's right of it, so the pair reads across; on the other
    side of its mark where there is no room (a mark at zero, one at the axis' end), in the
    fewest lines that fit. ``spans``: the marks' extents (display px) by value; ``widths``:
    per claim, each wording's (lines, width px), fewest lines first. Returns per claim (side
    -1 or 1, wording, lift in points, 0 on the line or 1 just over it, -1 under it): a label
    that runs past the other claim's mark goes over or under the row; two marks too close to
    tell apart are lifted apart (the lower up), each label on its mark's line; None where a
    label fits neither side or the row has three claims or more (labels go above and below).
    ``reach``: how far each claim's band or fade runs (display px): a label starts past it
    (an "over" fade takes the room right of its mark, an "up to" fade the room left);
    ``bands``: each claim's band stroke (points)."""
    n = len(spans)
    if n == 0 or n > 2:
        return None
    mark = MARK_SIZE * px_per_pt

    gap = BESIDE_GAP_PT * px_per_pt
    ends = []
    for (lo, hi), r, band in zip(
        spans, reach or [(np.inf, -np.inf)] * n, bands or [0.0] * n, strict=True
    ):
        band_gap = (band / 2 + BAND_GAP_PT) * px_per_pt
        ends.append(
            (min(lo - mark / 2 - gap, r[0] - band_gap), max(hi + mark / 2 + gap, r[1] + band_gap))
        )

    def extent(j: int, side: int, width: float) -> tuple[float, float]:
        lo, hi = ends[j]
        return (lo - width, lo) if side < 0 else (hi, hi + width)

    def fits(j: int, side: int, width: float) -> bool:
        x0, x1 = extent(j, side, width)
        return x0 >= zero and x1 <= plot[1]

    def ends_clear(j: int, side: int, width: float) -> bool:
        # Neither end of the label within a mark and a half of another claim's mark: an end
        # over a mark reads as naming it (rating 4).
        centres = [(lo + hi) / 2 for i, (lo, hi) in enumerate(spans) if i != j]
        return all(abs(e - c) > mark * 1.5 for e in extent(j, side, width) for c in centres)

    out = []
    for j in range(n):
        first = -1 if j == 0 and n == 2 else 1
        choice = None
        for side in (first, -first):
            fitting = [k for k, (_, width) in enumerate(widths[j]) if fits(j, side, width)]
            clear = [k for k in fitting if ends_clear(j, side, widths[j][k][1])]
            if fitting:
                choice = (side, (clear or fitting)[0])
                break
        if choice is None:
            return None
        out.append(choice)
    if n == 1:
        return [(out[0][0], out[0][1], 0.0, 0)]
    boxes = [extent(j, side, widths[j][k][1]) for j, (side, k) in enumerate(out)]
    lines = [widths[j][k][0] for j, (_, k) in enumerate(out)]
    (_, a1), (b0, _) = spans
    if b0 - a1 >= mark * 1.35:
        # Marks apart: a label that runs past the other claim's mark goes just over the row
        # (the lower claim's) or under it (the higher's), clear of the line between them.
        vert = [0, 0]
        for j, other in ((0, 1), (1, 0)):
            x0, x1 = boxes[j]
            # A mark's width of margin: the plot is laid out after this is decided.
            if x0 < spans[other][1] + mark * 1.5 and x1 > spans[other][0] - mark * 1.5:
                vert[j] = 1 if j == 0 else -1
            if out[j][0] == (1 if j == 0 else -1):
                # Between the marks on the row's line it would lie on the grey line that
                # joins them (rating 10's layout check: art-07's label over the connector).
                vert[j] = 1 if j == 0 else -1
        if vert[1] and out[1][0] < 0:
            # Under the row, the higher claim's label runs right from its mark where it fits
            # (over its fade's room), not left under the other claim's mark (rating 8:
            # Syrskyi's label sat under Zelensky's bar); so it is not beside the lower
            # claim's label, which keeps its mark's line (rating 9: Zelensky's label was
            # lifted over the gap between the rows).
            start = spans[1][0] - mark / 2
            fitting = [w for _, w in widths[1] if start + w <= plot[1]]
            if fitting:
                boxes[1] = (start, start + min(fitting))
        if boxes[0][0] < boxes[1][1] + mark and boxes[1][0] < boxes[0][1] + mark:
            # The two labels side by side between the marks: one over the other, unless one
            # is set off the row already and the other, centred, is one line.
            for j in (0, 1):
                if not vert[j] and (not vert[1 - j] or lines[j] > 1):
                    vert[j] = 1 if j == 0 else -1
        # Over or under the row a label starts over its own mark: the wording whose far end
        # keeps clear of the other mark.
        for j in (0, 1):
            if vert[j]:
                side, k = out[j]
                if j == 1 and side < 0:
                    # Under the row, the higher claim's label runs right from its mark where
                    # it fits (over its fade's room), not left under the other claim's mark
                    # (rating 8: Syrskyi's label sat under Zelensky's bar).
                    start = spans[1][0] - mark / 2
                    if any(start + w <= plot[1] for _, w in widths[1]):
                        side = 1
                start = spans[j][0] - mark / 2 if side > 0 else spans[j][1] + mark / 2

                def over(width: float, side: int = side, start: float = start):
                    return (start, start + width) if side > 0 else (start - width, start)

                centre = sum(spans[1 - j]) / 2
                fitting = [
                    i
                    for i, (_, w) in enumerate(widths[j])
                    if over(w)[0] >= zero and over(w)[1] <= plot[1]
                ]
                clear = [
                    i
                    for i in fitting
                    if all(abs(e - centre) > mark * 1.5 for e in over(widths[j][i][1]))
                ]
                # Best, a wording that stops short of the other mark: a label over or
                # under it reads as naming it (rating 9: South Korea's label ran over
                # the "over 1,000" triangle).
                short = [
                    i
                    for i in clear
                    if not over(widths[j][i][1])[0] - mark * 1.5
                    < centre
                    < over(widths[j][i][1])[1] + mark * 1.5
                ]
                out[j] = (side, (short or clear or fitting or [k])[0])
        # Clear of either claim's band (a tall one too) by a point.
        away = max(LABEL_OFFSET, max(bands or [0.0]) / 2 + 1.0)
        return [(out[j][0], out[j][1], 0.0, vert[j] * away) for j in range(2)]
    # Marks closer than a mark and a third stay on the row's line (rating 10: marks moved up
    # and down read as different rows in a dot plot). Where the lower claim's label fits left
    # of its mark it goes there, the higher's right of its own; where it does not (a mark at
    # zero), the higher's goes on the line right of its mark and the lower's just over the
    # row, starting over its own mark, clear of the other mark and its band.
    away = max(LABEL_OFFSET, max(bands or [0.0]) / 2 + 1.0, MARK_SIZE / 2 + 1.0)
    if out[0][0] < 0 and out[1][0] > 0:
        return [(out[0][0], out[0][1], 0.0, 0), (out[1][0], out[1][1], 0.0, 0)]
    start = spans[0][0] - mark / 2
    fitting = [i for i, (_, w) in enumerate(widths[0]) if start + w <= plot[1]]
    right = [i for i, (_, w) in enumerate(widths[1]) if fits(1, 1, w)]
    if not fitting or not right:
        return None
    return [(1, fitting[0], 0.0, away), (1, right[0], 0.0, 0)]


def lift(panel: Axes, drawn_by: list[list], lifts: list[float]) -> None:
    """Move each claim's drawing (``drawn_by``) off its row line by its lift in points."""
    for amount, artists in zip(lifts, drawn_by, strict=True):
        if amount:
            shift = ScaledTranslation(0, amount / 72, panel.figure.dpi_scale_trans)
            for artist in artists:
                artist.set_transform(artist.get_transform() + shift)


class _LiftedEnds(AbstractPathEffect):
    """Draws a two-point line with its ends moved up (points) as the marks it joins are
    lifted: its data stay on the row, its drawing runs from mark to mark."""

    def __init__(self, start_pt: float, end_pt: float) -> None:
        super().__init__()
        self._ends = (start_pt, end_pt)

    def draw_path(self, renderer, gc, tpath, affine, rgbFace=None):
        path = affine.transform_path(tpath)
        vertices = np.array(path.vertices, dtype=float)
        px = renderer.points_to_pixels(1.0)
        vertices[0, 1] += self._ends[0] * px
        vertices[-1, 1] += self._ends[1] * px
        renderer.draw_path(gc, Path(vertices, path.codes), IdentityTransform(), rgbFace)


def connect(panel: Axes, marks: list[np.ndarray], at: float, k: int, lifts: list[float]) -> None:
    """A thin neutral line from each claim's mark to the next one's along the row (the
    nearer ends of a range's two marks): no mark of its own, so no midpoint to read. Between
    lifted marks it runs from one to the other, so it shows beside them."""
    for j, (left, right) in enumerate(itertools.pairwise(marks)):
        a, b = float(np.nanmax(left)), float(np.nanmin(right))
        if b > a:
            (line,) = panel.plot(
                [a, b],
                [at, at],
                color=CONNECTOR_COLOR,
                lw=CONNECTOR_WIDTH,
                solid_capstyle="butt",
                zorder=1,
                gid=f"connector:{k}",
            )
            if lifts[j] or lifts[j + 1]:
                line.set_path_effects([_LiftedEnds(lifts[j], lifts[j + 1])])


class _InsideLabel(Annotation):
    """A label over (or under) its mark, placed by :func:`label_start` whenever it is
    measured or drawn, so it holds for the plot's final size (a figure's frame lays the plot
    out after the chart is drawn)."""

    def _align(self, renderer) -> None:
        dy = self.xyann[1]
        if self.axes is None:
            return
        plot = self.axes.get_window_extent(renderer)
        x = self.axes.transData.transform(self.xy)[0]
        self.set_horizontalalignment("left")
        self.xyann = (0.0, dy)
        width = super().get_window_extent(renderer).width
        # The plot starts half a mark left of zero (so a mark at zero is whole): a label
        # starts no further left than the zero line, never in the row names' gutter
        # (rating 5: Pavliuk's "up to 4,000" ran to 4 px of "Russian troops in Kursk").
        zero = plot.x0
        lo, hi = self.axes.get_xlim()
        if self.axes.get_xscale() == "linear" and lo < 0 < hi:
            zero = max(zero, float(self.axes.transData.transform((0.0, 0.0))[0]))
        edge = MARK_SIZE / 2 * self.figure.dpi / 72
        out = getattr(self, "_kd_out", 0)
        beside = getattr(self, "_kd_beside", 0)
        if beside:
            # On the mark's own line, just left of its lower end or right of its higher one.
            # Clear of the mark and of the band or fade drawn with it.
            lo, hi = self._kd_span
            pt = self.figure.dpi / 72
            gap = BESIDE_GAP_PT * pt
            band_gap = (getattr(self, "_kd_band", 0.0) / 2 + BAND_GAP_PT) * pt
            lo_x = float(self.axes.transData.transform((lo, 0.0))[0]) - edge - gap
            hi_x = float(self.axes.transData.transform((hi, 0.0))[0]) + edge + gap
            for v in self._kd_reach:
                if np.isfinite(v):
                    at_x = float(self.axes.transData.transform((v, 0.0))[0])
                    lo_x, hi_x = min(lo_x, at_x - band_gap), max(hi_x, at_x + band_gap)
            if getattr(self, "_kd_vert", 0.0):
                # Over or under the row: starting over its own mark (its nearest).
                lo_x = float(self.axes.transData.transform((lo, 0.0))[0]) - edge
                hi_x = float(self.axes.transData.transform((hi, 0.0))[0]) + edge
                lo_x, hi_x = hi_x, lo_x
            x0 = lo_x - width if beside < 0 else hi_x
            if getattr(self, "_kd_vert", 0.0):
                # A mark at zero: its label over the row starts at the zero line, never in
                # the row names' gutter.
                x0 = max(x0, zero)
            ha = "right" if beside < 0 else "left"
        else:
            x0, ha = label_start(x, width, out, zero, (plot.x0, plot.x1), edge)
        anchor = {"left": x0, "right": x0 + width, "center": x0 + width / 2}[ha]
        self.set_horizontalalignment(ha)
        self.xyann = ((anchor - x) * 72 / self.figure.dpi, dy)

    def get_window_extent(self, renderer=None):
        # As Text does when given none: a figure whose canvas is not Agg's has no
        # get_renderer (an unpickled copy, a PDF export under way).
        renderer = renderer or self.figure._get_renderer()
        self._align(renderer)
        return super().get_window_extent(renderer)

    def draw(self, renderer) -> None:
        self._align(renderer)
        super().draw(renderer)


def place(
    panel: Axes,
    text: str,
    xs: np.ndarray,
    at: float,
    j: int,
    cid: str,
    *,
    out: int = 0,
    extra: int = 0,
    beside: int = 0,
    reach: tuple[float, float] = (np.nan, np.nan),
    vert: float = 0.0,
    band: float = 0.0,
) -> _InsideLabel:
    """A claim's label just above (even ``j``) or below (odd) its mark, stacked outwards past
    two claims (``extra``: lines of labels already on that side); ending at the mark
    (``out`` -1), starting at it (1), or by the plot's thirds (0), moved to stay inside.
    ``beside`` -1 or 1: on the mark's own line instead, left of its lower end or right of
    its higher one (:func:`plan_row`), or ``vert`` points over (under, negative) it."""
    x = float(np.nanmean(xs))
    side_va = "center" if not vert else "bottom" if vert > 0 else "top"
    step = LABEL_OFFSET + (j // 2 + extra) * LABEL_PITCH
    above = j % 2 == 0
    label = _InsideLabel(
        text,
        xy=(x, at),
        xytext=(0, vert if beside else step if above else -step),
        textcoords="offset points",
        ha="center",
        va=side_va if beside else "bottom" if above else "top",
        fontsize=LABEL_SIZE,
        color=TEXT_COLOR,
        gid=f"label:{cid}",
        annotation_clip=False,
    )
    label._kd_out = out
    label._kd_beside = beside
    label._kd_span = (float(np.nanmin(xs)), float(np.nanmax(xs)))
    label._kd_reach = reach  # the band's or fade's ends (data), where it passes the mark
    label._kd_band = band  # the band's stroke (points)
    label._kd_vert = vert
    label.set_transform(IdentityTransform())
    panel._add_text(label)  # as Axes.annotate adds its Annotation
    label._kd_mark_x = x  # the mark it names, for the layout tests
    return label


def wordings(row: pd.Series, with_date: bool, figure: bool, flag: str = "") -> list[str]:
    """A claim's label in one to four lines (the claimant first, its date and figure after),
    fewest lines first: a label beside its mark takes the fewest that fit there."""
    name = claimant_name(row)
    when = short_period(row) if with_date else ""
    fig = f"{short_figure(row)}{flag}" if figure else ""
    head = f"{name}, {when}" if when else name
    tail = f"{when}: {fig}" if when and fig else when or fig
    one = f"{head}: {fig}" if fig else head
    out = [one]
    if tail:
        out.append(f"{name},\n{tail}" if when else f"{name}:\n{tail}")
        if when and fig:  # who and when, then the figure ("DeepState, 6 Feb 2025:")
            out.append(f"{head}:\n{fig}")
        words = name.split()
        if len(words) > 1:  # the name over two lines, the rest under it
            cut = min(
                range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(name) / 2)
            )
            split = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
            out.append(f"{split}{',' if when else ':'}\n{tail}")
        if when and fig:
            out.append(f"{name},\n{when}:\n{fig}")
            if len(words) > 1:  # narrowest: the name over two lines, date and figure apart
                out.append(f"{split},\n{when}:\n{fig}")
    return list(dict.fromkeys(out))


# Marks a label carries for a note of the figure's about its one claim (the registry's
# ``notes``: "unclear whether killed only or killed and wounded"), in the order given.
FLAG_MARKS = ("\u2021", "\u00a7")


def flag_notes(disputes: list, notes: list) -> list[tuple[str, str]]:
    """Each note about one claim drawn, with the mark its label carries ("" for a note of
    several claims or of none drawn: the dumbbells set no loose notes)."""
    drawn = {str(c) for d in disputes for c in d.rows["claim_id"]}
    out, k = [], 0
    for text, ids in notes:
        ids = [str(i) for i in ids]
        if len(ids) == 1 and ids[0] in drawn and k < len(FLAG_MARKS):
            out.append((text, FLAG_MARKS[k]))
            k += 1
        else:
            out.append((text, ""))
    return out


def flags_of(disputes: list, notes: list) -> dict[str, str]:
    """Claim id -> the mark its label carries for a note (:func:`flag_notes`)."""
    marks = dict(flag_notes(disputes, notes))
    return {str(ids[0]): marks[text] for text, ids in notes if marks.get(text) and len(ids) == 1}


def reach_lines(lift_pt: float, vert: float, text: str) -> tuple[float, float]:
    """How far (label lines) a claim's label and mark reach above and below its row's line:
    a label centred on its lifted mark, or set ``vert`` points over (or, negative, under) it."""
    n = text.count("\n") + 1
    mark = MARK_SIZE / 2 / LINE_PT
    if vert:
        out = abs(vert) / LINE_PT + n
        return (out, mark) if vert > 0 else (mark, out)
    return lift_pt / LINE_PT + n / 2, -lift_pt / LINE_PT + n / 2


def reach_of(row: pd.Series) -> tuple[float, float]:
    """How far a claim's band or fade runs along its row (data): its interval for "about" and
    a range, down to zero for "up to", to the axis' end (infinite) for "over"."""
    q, v = str(row["qualifier"]), float(row["value"])
    low = float(row["low"]) if pd.notna(row.get("low")) else v
    high = float(row["high"]) if pd.notna(row.get("high")) else v
    if q == "over":
        return min(low, v), np.inf
    if q == "up_to":
        return -np.inf, max(high, v)
    return min(low, v), max(high, v)


def set_apart(panel: Axes, row, marks: list, drawn_by: list) -> None:
    """Two marks closer than a mark and a third, both on the row's line (rating 10: no
    vertical dodge, which reads as two rows): both drawn smaller, to the size at which their
    outlines just touch, so neither hides the other (26 Apr: DeepState's 30 km² diamond
    beside Gerasimov's 0 ring, about 8 px apart at 680 px); the higher over the lower.
    ``row``: the row's :class:`~kursk_data.plotting.dumbbell_axis.RowGeometry` (not imported
    here: that module imports this one), or None."""
    from matplotlib.markers import MarkerStyle

    if row is None or len(marks) != 2:
        return
    (a0, a1), (b0, b1) = row.spans
    if b0 - a1 >= MARK_SIZE * row.px_per_pt * 1.35:
        return
    apart = ((b0 + b1) - (a0 + a1)) / 2 / row.px_per_pt  # points between the two centres
    lines = []
    for artists in drawn_by:
        found = [
            a
            for a in artists
            if getattr(a, "get_marker", lambda: "None")() not in ("None", "", " ", None)
        ]
        if not found:
            return
        lines.append(found[0])

    def reach(line, size: float) -> float:  # centre to outline's edge, points
        style = MarkerStyle(line.get_marker())
        ext = style.get_path().transformed(style.get_transform()).get_extents()
        return ext.x1 * size + line.get_markeredgewidth() / 2

    size = lines[0].get_markersize()
    both = reach(lines[0], size) + reach(lines[1], size)
    edges = sum(ln.get_markeredgewidth() / 2 for ln in lines)
    if both > apart - CLOSE_GAP_PT:
        # Sizes scale the outlines, not the edges: solve for the size that leaves the gap.
        outline = both - edges
        scale = max((apart - CLOSE_GAP_PT - edges) / outline, MIN_CLOSE_SCALE)
        for ln in lines:
            ln.set_markersize(ln.get_markersize() * scale)
    lines[1].set_zorder(max(a.get_zorder() for a in drawn_by[0]) + 0.1)


# Clear space (points) left between two close marks on one row, and the smallest share of
# their size they are drawn at to leave it.
CLOSE_GAP_PT = 0.3
MIN_CLOSE_SCALE = 0.6
