"""The value axis of a dumbbell panel (:mod:`kursk_data.plotting.dumbbell`): its limits, with
room for the labels beside the marks; its round end and the square miles under it; a
measure's sub-header; and where each row's marks and labels will fall on it, decided before
the frame lays the plot out."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.transforms import ScaledTranslation

from kursk_data.plotting import geometry, select
from kursk_data.plotting.dumbbell_parts import (
    band_stroke,
    label_start,
    plan_row,
    predict_lifts,
    reach_of,
    row_outs,
)
from kursk_data.plotting.rows import ZERO_PAD_PT, _drawn_end
from kursk_data.plotting.style import LABEL_SIZE, MARK_SIZE, TEXT_COLOR
from kursk_data.units import km2_to_mi2, mi2_to_km2

# A sub-header's rule: as light as the grid, across the row names and the plot.
SUBHEAD_RULE = "#cfcfcf"


def subhead(panel: Axes, text: str, y: float) -> None:
    """A small bold header with a thin rule above it, at row coordinate ``y`` (the top of the
    header's line) of ``panel``. In a framed figure it starts at the figure's left margin,
    as the panels' titles do, and takes no room from the plot (rating 9: right-aligned in the
    row names' gutter, "Peak area held by Ukraine" made the gutter a third of the width);
    over a caller's Axes, it ends at the row names' edge, inside the Axes' box."""
    from matplotlib.patches import ConnectionPatch
    from matplotlib.transforms import blended_transform_factory

    from kursk_data.plotting.frame import MARGIN, axes_level

    fig = panel.figure
    where = blended_transform_factory(panel.transAxes, panel.transData)
    size = (
        panel.yaxis.get_ticklabels()[0].get_fontsize()
        if panel.yaxis.get_ticklabels()
        else LABEL_SIZE
    )
    style = dict(fontsize=size, fontweight="bold", color=TEXT_COLOR, gid="subhead")
    if axes_level():
        panel.plot(
            [-0.02, 1.0],
            [y + 0.2, y + 0.2],
            transform=where,
            color=SUBHEAD_RULE,
            lw=0.8,
            clip_on=False,
            gid="subhead-rule",
        )
        panel.annotate(
            text,
            xy=(0.0, y + 0.55),
            xycoords=where,
            xytext=(-10, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            annotation_clip=False,
            **style,
        )
        return
    margin = blended_transform_factory(fig.transFigure, panel.transData) + ScaledTranslation(
        MARGIN, 0, fig.dpi_scale_trans
    )
    rule = ConnectionPatch(
        xyA=(0.0, y + 0.2),
        coordsA=margin,
        xyB=(1.0, y + 0.2),
        coordsB=where,
        color=SUBHEAD_RULE,
        lw=0.8,
        clip_on=False,
        gid="subhead-rule",
    )
    rule.set_in_layout(False)
    panel.add_artist(rule)
    head = panel.annotate(
        text, xy=(0.0, y + 0.55), xycoords=margin, ha="left", va="center", **style
    )
    head.set_annotation_clip(False)
    head.set_in_layout(False)


def round_end(end: float, within: float = 0.1) -> float:
    """``end``, or the next round tick above it where that is at most ``within`` further."""
    from matplotlib.ticker import MaxNLocator

    if end <= 0:
        return end
    above = [
        t for t in MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(0, end) if t >= end
    ]
    return float(above[0]) if above and above[0] <= end * (1 + within) else end


# The square-mile axis sits this far (points) below the km² axis: under its tick labels.
MI2_OFFSET = 21.0


def mi2_below(panel: Axes, end: float) -> None:
    """Square miles under the km² axis, on their own round ticks (0, 200, 400 …) at their
    true places, as the territory charts give them; its last tick names its unit, as the km²
    axis' does ("400 mi²")."""
    from matplotlib.ticker import MaxNLocator

    top = km2_to_mi2(end)
    sec = panel.secondary_xaxis("bottom", functions=(km2_to_mi2, mi2_to_km2))
    sec.spines["bottom"].set_position(("outward", MI2_OFFSET))
    ticks = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top)
    ticks = [t for t in ticks if 0 <= t <= top * 1.001]
    labels = [f"{t:,.0f}" for t in ticks]
    if labels:
        labels[-1] += "\u00a0mi²"
    sec.set_xticks(ticks, labels)
    sec.spines["bottom"].set_bounds(0, top)
    sec.set_gid("mi2-axis")


# An axis runs this share past its largest "over" figure, so the fade shows as open.
OPEN_ROOM = 0.15
# Where the highest claim of a dispute is "over" and the next lies close below it, the axis
# runs this much further, so the open claim's label fits right of its mark, not under the
# other claim's (rating 8: Syrskyi's "over 38,000" label sat under Zelensky's bar).
CROWDED_OPEN_ROOM = 0.3


def open_end(value: float, room: float = OPEN_ROOM) -> float:
    """``value`` and ``room`` more, rounded up to a quarter of its power of ten
    (38,000: 45,000; 1,000: 1,250)."""
    if value <= 0:
        return value
    step = 2.5 * 10 ** (np.floor(np.log10(value)) - 1)
    return float(np.ceil(value * (1 + room) / step - 1e-9) * step)


def limits(
    rows: pd.DataFrame, width: float, dpi: float, crowded: bool = False, at_least: float = 0.0
):
    """A panel's value axis: (low, high, log) as select.value_range gives them, the x limits
    and the axis' end. The axis ends at the drawing (a mark whole inside) and starts a
    mark's half left of zero, so a mark at zero is whole too; the plot runs on to
    ``at_least`` where that is further (room for labels, with no axis under it)."""
    vlim0, vlim1, log = select.value_range(rows)
    if log:
        return vlim0, vlim1, log, (vlim0, vlim1), vlim1
    pad = ZERO_PAD_PT * dpi / 72 / max(width, 1.0)
    end = _drawn_end(rows, (vlim0, vlim1))
    for _ in range(2):  # an "over" fade's reach follows the axis' length
        lo = -pad * end if vlim0 <= 0 else vlim0
        end = _drawn_end(rows, (lo, end * (1 + pad)))
    # A fade that ends just short of a round figure runs to it, and the axis has its tick
    # there (#24: Syrskyi's "over 38,000" faded past the last tick, 30,000).
    over = rows["qualifier"].astype(str).eq("over")
    if over.any():
        end = round_end(end)
        # Room past the largest open bound (rating 7: "over 38,000" faded off a 40,000 axis
        # and read as a stop): the axis runs about OPEN_ROOM further, to a round figure.
        room = CROWDED_OPEN_ROOM if crowded else OPEN_ROOM
        end = max(end, open_end(float(rows.loc[over, "value"].astype(float).max()), room))
    hi = end
    if at_least > end:
        # Room for labels right of the drawing: the plot runs on, blank; the axis line and
        # its ticks still end at the drawing.
        hi = at_least
        lo = -pad * hi if vlim0 <= 0 else vlim0
    return vlim0, vlim1, log, (lo, hi * (1 + pad)), end


# The furthest the plot runs past its drawing so that labels sit beside their marks: this
# many times the drawing's end.
WIDEST_ROOM = 1.6


def outer_labels(geometry: RowGeometry, rows: pd.DataFrame, ways: list[list[str]]) -> int:
    """How many of a row's labels ``geometry.plan`` sets on their mark's own line on its
    outer side: the lower claim's left of its mark, the higher's right of its own (a pair
    reads across, away from the line between them)."""
    if len(rows) != 2:
        return 0
    plan = geometry.plan(ways)
    if not plan:
        return 0
    return sum(
        vert == 0 and side == (-1 if j == 0 else 1) for j, (side, _, _, vert) in enumerate(plan)
    )


def label_lines(geometry: RowGeometry, ways: list[list[str]]) -> list[int]:
    """How many lines each of a row's labels takes as ``geometry.plan`` sets them (none
    where the row is not planned)."""
    plan = geometry.plan(ways)
    if not plan:
        return []
    return [ways[j][k].count("\n") + 1 for j, (_, k, _, _) in enumerate(plan)]


def limits_with_room(
    ax: Axes,
    rows: list[pd.DataFrame],
    ways: list[list[list[str]]],
    width: float,
    plot: float,
    crowded: bool = False,
):
    """:func:`limits` of a panel of the dispute rows ``rows`` (each with its claims' label
    wordings ``ways``) on a plot ``plot`` px wide, the plot run on past its axis where
    that lets more labels sit on the outer side of their marks (rating 9: in contested's
    peak row the General Staff's label sat left, under the Defence Ministry's mark, for want
    of room right of its diamond): the shortest such plot, in tenths of the drawing's
    length, at most :data:`WIDEST_ROOM` times it."""
    dpi = ax.figure.dpi
    both = pd.concat(rows)
    best = limits(both, width, dpi, crowded)
    if best[2]:  # a log axis: its ends are the data's
        return best

    def score(lim) -> tuple[int, int, int]:
        # Most labels on their outer side, then the shortest tallest label, then the fewest
        # label lines (rating 10: "Claimant, date: value" on one line where it fits, no
        # 4-line blocks).
        geometries = [RowGeometry(ax, r, lim, plot) for r in rows]
        outer = sum(outer_labels(g, r, w) for g, r, w in zip(geometries, rows, ways, strict=True))
        counts = [label_lines(g, w) for g, w in zip(geometries, ways, strict=True)]
        tallest = max((n for c in counts for n in c), default=0)
        return outer, -tallest, -sum(sum(c) for c in counts)

    top = score(best)
    end = best[4]
    for room in np.arange(0.1, WIDEST_ROOM - 1 + 1e-9, 0.1):
        lim = limits(both, width, dpi, crowded, at_least=end * (1 + float(room)))
        got = score(lim)
        if got > top:
            best, top = lim, got
    return best


# The share of the Axes' width its plot keeps once the rows' names are set on its left, over
# a caller's Axes (the frame does not lay it out): where lifts are decided, before the layout.
PLOT_SHARE = 0.84


def plot_width(ax: Axes, names: list[str]) -> float:
    """The plot's width (display px) once the frame has laid the figure out: the figure's
    width less its margins and the widest of the rows' ``names`` with its pad (the frame
    gives the plot the rest); over a caller's Axes, :data:`PLOT_SHARE` of the Axes."""
    import matplotlib as mpl

    from kursk_data.plotting.frame import MARGIN, axes_level

    fig = ax.figure
    if axes_level() or not names:
        return ax.get_window_extent(fig.canvas.get_renderer()).width * PLOT_SHARE
    renderer = geometry.renderer_of(fig)
    font = FontProperties(size=mpl.rcParams["ytick.labelsize"])
    widest = max(
        renderer.get_text_width_height_descent(line, font, ismath=False)[0]
        for name in names
        for line in name.split("\n")
    )
    pad = float(mpl.rcParams["ytick.major.pad"]) * fig.dpi / 72
    # 2 % kept in hand: text measures a little wider at other resolutions.
    return (fig.bbox.width - 2 * MARGIN * fig.dpi - widest - pad) * 0.98


# Label widths (display px) by resolution, font file and words: see RowGeometry.width.
_WIDTHS: dict[tuple[float, str, str], float] = {}


class RowGeometry:
    """Where a dispute's marks and labels will fall on a plot ``plot`` px wide
    (:func:`plot_width`), before the frame lays the plot out."""

    def __init__(self, ax: Axes, rows: pd.DataFrame, lim, plot: float) -> None:
        fig = ax.figure
        vlim0, vlim1, log, (lo, hi), _ = lim
        self.plot = plot

        def px(v: float) -> float:
            if log:
                v, lo_, hi_ = np.log10(max(v, 1e-12)), np.log10(vlim0), np.log10(vlim1)
            else:
                lo_, hi_ = lo, hi
            return (v - lo_) / (hi_ - lo_) * self.plot

        self.spans, self.reach, self.bands = [], [], []
        for _, row in rows.sort_values(["value", "claim_id"]).iterrows():
            ends = [float(row["value"])]
            if str(row["qualifier"]) == "range":
                ends = [float(row["low"]), float(row["high"])]
            self.spans.append((px(min(ends)), px(max(ends))))
            r0, r1 = reach_of(row)
            wide = px(r1) - px(r0) if np.isfinite([r0, r1]).all() else np.inf
            self.bands.append(band_stroke(row, wide / (fig.dpi / 72)))
            self.reach.append(
                (px(r0) if np.isfinite(r0) else -np.inf, px(r1) if np.isfinite(r1) else np.inf)
            )
        self.zero = px(0.0) if not log and lo < 0 else 0.0
        self.px_per_pt = fig.dpi / 72
        self._renderer = geometry.renderer_of(fig)

    def width(self, text: str) -> float:
        # limits_with_room plans one panel's rows at up to seven axis ends; a label's width
        # depends only on its words and the resolution, so each is measured once.
        font = FontProperties(size=LABEL_SIZE)
        key = (self._renderer.dpi, findfont(font), text)
        if key not in _WIDTHS:
            measure = self._renderer.get_text_width_height_descent
            _WIDTHS[key] = max(measure(t, font, ismath=False)[0] for t in text.split("\n"))
        return _WIDTHS[key]

    def crosses(self, j: int, text: str) -> bool:
        """Whether claim ``j``'s label ``text`` would run within a mark's width of another
        claim's mark, or not fit the plot."""
        w, mark = self.width(text), MARK_SIZE * self.px_per_pt
        if w > self.plot - self.zero:
            return True
        x = sum(self.spans[j]) / 2
        outs = row_outs(len(self.spans))
        x0, _ = label_start(x, w, outs[j], self.zero, (0.0, self.plot), mark / 2)
        return any(
            x0 < hi + mark and x0 + w > lo - mark for i, (lo, hi) in enumerate(self.spans) if i != j
        )

    def plan(self, wordings: list[list[str]]) -> list[tuple[int, int, float, int]] | None:
        """Each claim's side, wording and lift with its label beside its mark
        (dumbbell_parts.plan_row); None where the labels go above and below."""
        widths = [[(w.count("\n") + 1, self.width(w)) for w in ws] for ws in wordings]
        return plan_row(
            self.spans, widths, self.zero, (0.0, self.plot), self.px_per_pt, self.reach, self.bands
        )

    def lifts(self, texts: list[str]) -> list[float]:
        """Each claim's lift off its row (dumbbell_parts.predict_lifts) with these labels."""
        widths = [self.width(t) for t in texts]
        return predict_lifts(self.spans, widths, self.zero, (0.0, self.plot), self.px_per_pt)
