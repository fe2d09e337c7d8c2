"""Disputes as dumbbells: each dispute one row on a value axis its unit's disputes share, its
claims' marks on that row joined by a thin neutral line, each claim named beside its mark.

A newspaper's chart desk prints disputes this way: the gap between two claims reads as a
distance on one scale, and a short figure needs no tall panel of its own (#24). The line only
joins the claims of one dispute: it has no mark in its middle and is lighter than any band, so
it never reads as a range or an average. Each claim's label (claimant, figure, and its date
where the claims' dates differ) sits just above or just below its own mark, so two claims a
few pixels apart are never labelled on top of each other. A period the ledger inferred is
marked once per date with an asterisk, explained once in the footer.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.text import Annotation
from matplotlib.transforms import IdentityTransform, ScaledTranslation

from kursk_data.analysis import fold_statements
from kursk_data.analysis.disputes import shared_scales
from kursk_data.labels import (
    APPROX_MARK,
    INFERRED_MARK,
    PERIOD_MARK_NOTES,
    measure_label,
    period_label,
    short_period,
)
from kursk_data.plotting import frame, select
from kursk_data.plotting.grammar import draw_claim, is_inferred_period, short_figure
from kursk_data.plotting.rows import (
    ZERO_PAD_PT,
    ZOOM_NOTE,
    Panel,
    _drawn_end,
    _end_axis,
    along_x,
    bracket_range,
    hidden_bands,
    strong_up_to,
)
from kursk_data.plotting.style import LABEL_SIZE, MARK_SIZE, TEXT_COLOR, claimant_name, label_ink
from kursk_data.plotting.timeline import panels
from kursk_data.units import km2_to_mi2, mi2_to_km2

# The line that joins a dispute's claims: lighter and thinner than any claim's band.
CONNECTOR_COLOR = "#BDBDBD"
CONNECTOR_WIDTH = 1.0
# A label's edge this far (points) from its row's centre: clear of a band (half of 7 pt).
LABEL_OFFSET = 5.5
# Label lines stacked on one side of a row (three claims or more), points apart.
LABEL_PITCH = 11.0
# Points each of two close marks moves off its row line, away from the other: with what they
# are apart along the row, enough that neither hides the other (a diamond reaches 0.71 of
# its size from its centre); little enough that their labels stay in the row.
MARK_LIFT_PT = 3.5
CONNECTOR_NOTE = "Grey line links a dispute's claims; not an average"


@dataclass
class Dispute:
    """One dispute: its measure, the window it compares, and one claim per claimant."""

    measure: str
    when: str  # the window, an asterisk where a period compared is inferred
    rows: pd.DataFrame  # one claim per claimant, the latest in the window


def window_text(start: pd.Timestamp, end: pd.Timestamp, inferred: bool) -> str:
    """A dispute's window in few words: "26 Apr 2025", "Aug 2024", "22–23 Nov 2024"."""
    whole_month = start.day == 1 and end == start + pd.offsets.MonthEnd(0)
    months = start.day == 1 and end == end + pd.offsets.MonthEnd(0)
    # A window of months whose ends are not the months' ends is given in months, as about
    # ("c. Oct 2024–Jan 2025"): its days would be false precision (the ledger's reading).
    approx = (end - start).days > 31 and not months
    if approx or (months and not whole_month):
        # One printed form with the claims' own periods (short_period: "c. …", "…*").
        return short_period(
            pd.Series(
                {
                    "period_start": start,
                    "period_end": end,
                    "period_precision": "approximate" if approx else "months",
                    "period_basis": "inferred" if inferred else "stated",
                }
            )
        )
    precision = "month" if whole_month else "week"
    text = period_label(
        pd.Series({"period_start": start, "period_end": end, "period_precision": precision})
    )
    return text + (INFERRED_MARK if inferred else "")


def disputes_of(claims: pd.DataFrame, table: pd.DataFrame) -> list[Dispute]:
    """The disputes of ``table`` (:func:`kursk_data.contested`) in date order, each with the
    latest claim of every claimant there (a statement reported twice as the row it names)."""
    ids = claims["claim_id"].astype(str)
    order = table.groupby("dispute", sort=True)["window_start"].min().sort_values(kind="stable")
    out = []
    for dispute in order.index:
        rows = table[table["dispute"] == dispute]
        picked = []
        for _, r in rows.iterrows():
            mine, _ = fold_statements(claims[ids.isin(str(r["claim_ids"]).split(","))])
            picked.append(mine.sort_values(["period_end", "claim_id"]).iloc[-1].name)
        sub = claims.loc[picked].reset_index(drop=True)
        compared, _ = fold_statements(
            claims[ids.isin(",".join(rows["claim_ids"].astype(str)).split(","))]
        )
        basis = compared.get("period_basis", pd.Series(dtype=object)).astype(str)
        first = rows.iloc[0]
        when = window_text(first["window_start"], first["window_end"], (basis == "inferred").any())
        out.append(Dispute(str(first["measure"]), when, sub))
    return out


# A label longer than this (characters) goes on two lines, the claimant on the first: on one
# line it would run across the dumbbell's other mark (#24: the North Korean row's labels crossed).
LABEL_WRAP = 44


def _label(row: pd.Series, with_date: bool, figure: bool) -> str:
    name = claimant_name(row)
    when = short_period(row) if with_date else ""
    head = f"{name}, {when}" if when else name
    text = f"{head}: {short_figure(row)}" if figure else head
    if len(text) <= LABEL_WRAP:
        return text
    # The claimant on the first line, the date and figure under it.
    if not figure:
        return f"{name},\n{when}" if when else name
    return f"{name},\n{when}: {short_figure(row)}" if when else f"{name}:\n{short_figure(row)}"


def _labels(dispute: Dispute, chosen: set[str]) -> list[str]:
    """The labels of ``dispute``'s claims, in the order they are drawn (by figure)."""
    order = dispute.rows.sort_values(["value", "claim_id"])
    with_date = order.apply(period_label, axis=1).nunique() > 1
    return [_label(r, with_date, str(r["claim_id"]) in chosen) for _, r in order.iterrows()]


def dumbbell_chart(
    ax: Axes | None,
    disputes: list[Dispute],
    *,
    asked: str,
    annotate,
    footer: bool | str,
    data: pd.DataFrame | None = None,
    palette=None,
    sources: pd.DataFrame | None = None,
    left_out: str = "",
    **kws,
) -> Axes:
    """Draw ``disputes`` as dumbbells: a panel per scale (disputes of one unit whose figures
    are within :data:`~kursk_data.analysis.disputes.SHARE_SPAN` of each other share it), a row
    per dispute named by its window (and its measure where the panel holds several), each
    claim's mark by the grammar and its label beside it. ``annotate``: which claims' labels
    carry their figure (all with True); every label names its claimant."""
    ax = plt.gca() if ax is None else ax
    if not disputes:
        return frame.empty(ax, asked)
    box = (
        ax.get_window_extent(ax.figure.canvas.get_renderer()).frozen()
        if frame.axes_level()
        else None
    )
    drawn = pd.concat([d.rows for d in disputes], ignore_index=True)
    colors = select.colors(data, drawn, palette)
    ids = drawn["claim_id"].astype(str)
    chosen = set(ids) if annotate is True else set(select.choose_labels(drawn, annotate))
    scales = shared_scales([d.rows for d in disputes])
    clusters: list[list[int]] = []
    for members in scales:
        if members not in clusters:
            clusters.append(members)
    units = [str(d.rows["unit"].iloc[0]) for d in disputes]
    tops = [max(_drawn_end(d.rows, (0.0, 1.0)), 0.0) for d in disputes]
    # A row's height in lines: its labels above and below (more past two claims).
    texts = [_labels(d, chosen) for d in disputes]
    # Lines of label above and below each row (even labels above, odd below; a row of one
    # claim keeps a line below too): the row's mark sits between them.
    sides = [
        (
            max(sum(t.count("\n") + 1 for t in ts[0::2]), 1),
            max(sum(t.count("\n") + 1 for t in ts[1::2]), 1),
        )
        for ts in texts
    ]
    lines = [a + b for a, b in sides]
    # A measure other than a panel's main one goes under the main one's rows, set apart under
    # its own small header (a line of height): "peak area held" is not one of the dates of
    # "area held" (#24).
    mains = [_main_measure([disputes[k].measure for k in c]) for c in clusters]
    for c, main in zip(clusters, mains, strict=True):
        if main:
            c[:] = [k for k in c if disputes[k].measure == main] + [
                k for k in c if disputes[k].measure != main
            ]
    heads = [
        len({disputes[k].measure for k in c} - {main}) if main else 0
        for c, main in zip(clusters, mains, strict=True)
    ]
    heights = [sum(lines[k] for k in c) + 0.6 + h for c, h in zip(clusters, heads, strict=True)]
    boxes = panels(ax, len(clusters), gap_pt=34, heights=heights)
    width = ax.get_window_extent(ax.figure.canvas.get_renderer()).width
    inferred = approx = False
    for panel, members in zip(boxes, clusters, strict=True):
        rows = pd.concat([disputes[k].rows for k in members], ignore_index=True)
        measures = [disputes[k].measure for k in members]
        # One measure (or most of them, each other row naming its own): the panel's title
        # names it; measures equally many: the title names the unit, each row its measure.
        vlim0, vlim1, log = select.value_range(rows)
        select.set_value_axis(panel, (vlim0, vlim1), log, vertical=False)
        counts = [measures.count(m) for m in dict.fromkeys(measures)]
        main = max(dict.fromkeys(measures), key=measures.count)
        unit = select.unit_words(units[members[0]], main)
        # Areas get a second axis in square miles (figure-level): both axes name their unit.
        miles = units[members[0]] == "km2" and not log and not frame.axes_level()
        title = measure_label(main) if miles else f"{measure_label(main)} ({unit})"
        if len(counts) > 1 and counts.count(max(counts)) > 1:
            main = ""
            title = "Areas" if miles else f"{unit[:1].upper()}{unit[1:]}"
        others = [j for j, u in enumerate(units) if u == units[members[0]] and j not in members]
        if others and max(tops[k] for k in members) < max(tops[j] for j in others):
            title += f" \u00b7 {ZOOM_NOTE}"
        # Rows top to bottom, each as tall as its labels need; another measure's rows under a
        # thin rule and their own header.
        centres, y, seen = [], 0.0, {main}
        for k in members:
            if main and disputes[k].measure not in seen:
                seen.add(disputes[k].measure)
                _subhead(panel, measure_label(disputes[k].measure), y)
                y += 1.0
            centres.append(y + sides[k][0])
            y += lines[k]
        panel.set_ylim(y, 0.0)
        names = [
            disputes[k].when
            if disputes[k].measure == main or main
            else f"{measure_label(disputes[k].measure)}\n{disputes[k].when}"
            for k in members
        ]
        panel.set_yticks(centres, names)
        panel.tick_params(axis="y", length=0)
        panel.grid(axis="x", color="#e6e6e6", lw=0.6)
        panel.grid(axis="y", visible=False)
        panel.spines["left"].set_visible(False)
        frame.panel_title(panel, title, pin=ax)
        if not log:
            # The axis ends at the drawing (a mark whole inside), and starts a mark's half
            # left of zero, so a mark at zero is whole too.
            pad = ZERO_PAD_PT * ax.figure.dpi / 72 / max(width, 1.0)
            end = _drawn_end(rows, (vlim0, vlim1))
            for _ in range(2):  # an "over" fade's reach follows the axis' length
                lo, hi = (-pad * end if vlim0 <= 0 else vlim0), end * (1 + pad)
                end = _drawn_end(rows, (lo, hi))
            # A fade that ends just short of a round figure runs to it, and the axis has its
            # tick there (#24: Syrskyi's "over 38,000" faded past the last tick, 30,000).
            if rows["qualifier"].astype(str).eq("over").any():
                end = _round_end(end)
            panel.set_xlim(lo, end * (1 + pad))
            select.from_zero(panel, vertical=False)
            _end_axis(panel, end, width)
            if miles:
                # Figure-level only: on a caller's Axes the footer sits where it would go.
                _mi2_below(panel, end)
        vlim = panel.get_xlim()
        for k, at in zip(members, centres, strict=True):
            dispute = disputes[k]
            order = dispute.rows.sort_values(["value", "claim_id"])
            with_date = order.apply(period_label, axis=1).nunique() > 1
            approx |= dispute.when.startswith(APPROX_MARK)
            inferred |= INFERRED_MARK in dispute.when or (
                with_date and order.apply(is_inferred_period, axis=1).any()
            )
            whens = order.apply(short_period, axis=1)
            approx |= with_date and whens.str.startswith(APPROX_MARK).any()
            marks, drawn_by = [], []
            for _, row in order.iterrows():
                before = set(map(id, panel.get_children()))
                mark = draw_claim(
                    panel,
                    row,
                    at=at,
                    color=colors[str(row["claimant"])],
                    vertical=False,
                    vlim=vlim,
                    log=log,
                    periods=False,
                    **along_x(row, kws),
                )
                strong_up_to(panel, row, colors[str(row["claimant"])])
                bracket_range(panel, row)
                marks.append(np.asarray(mark.get_xdata(), dtype=float))
                drawn_by.append([a for a in panel.get_children() if id(a) not in before])
            _connect(panel, marks, at, k)
            lifts = _lift_close(panel, marks, drawn_by)
            others = [float(np.nanmean(m)) for m in marks]
            below = above = 0  # extra lines of the labels already stacked on each side
            for j, (_, row) in enumerate(order.iterrows()):
                cid = str(row["claim_id"])
                text = texts[k][j]
                # The lowest claim's label runs left from its mark, the highest's right: away
                # from the line between them, never across the other's mark.
                out = -1 if j == 0 else 1 if j == len(order) - 1 else 0
                extra = above if j % 2 == 0 else below
                label = _place(panel, text, marks[j], at, j, cid, out=out, extra=extra)
                label.xyann = (label.xyann[0], label.xyann[1] + lifts[j])
                label.set_color(label_ink(colors[str(row["claimant"])]))
                label._kd_others = [x for i, x in enumerate(others) if i != j]
                if j % 2 == 0:
                    above += text.count("\n")
                else:
                    below += text.count("\n")
    # The key explains no band the reader cannot see (under its diamond at print size).
    hidden = hidden_bands(
        boxes,
        [
            Panel("", pd.concat([disputes[k].rows for k in c], ignore_index=True), [])
            for c in clusters
        ],
    )
    notes = [CONNECTOR_NOTE]
    notes += [PERIOD_MARK_NOTES[INFERRED_MARK]] if inferred else []
    notes += [PERIOD_MARK_NOTES[APPROX_MARK]] if approx else []
    frame.legends_above(
        ax,
        drawn,
        colors,
        periods=False,
        colours=False,
        # The asterisk's meaning once, beside what the grey line means: one short line.
        note="\n".join(t for t in ("; ".join(notes), left_out) if t),
        tuck=not frame.axes_level(),
        along_x=True,
        hidden=hidden,
    )
    if footer is not False:
        frame.footer(ax, frame.source_text(drawn, sources) if footer is True else str(footer))
    if box is not None:
        frame.fit_inside(ax, box)
    return ax


def _main_measure(measures: list[str]) -> str:
    """A panel's main measure: the one most of its disputes are about; "" on a tie."""
    counts = [measures.count(m) for m in dict.fromkeys(measures)]
    if len(counts) > 1 and counts.count(max(counts)) > 1:
        return ""
    return max(dict.fromkeys(measures), key=measures.count)


# A sub-header's rule: as light as the grid, across the row names and the plot.
SUBHEAD_RULE = "#cfcfcf"


def _subhead(panel: Axes, text: str, y: float) -> None:
    """A small bold header at the row names' place, with a thin rule above it, at row
    coordinate ``y`` (the top of the header's line) of ``panel``."""
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(panel.transAxes, panel.transData)
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
        fontsize=panel.yaxis.get_ticklabels()[0].get_fontsize()
        if panel.yaxis.get_ticklabels()
        else LABEL_SIZE,
        fontweight="bold",
        color=TEXT_COLOR,
        gid="subhead",
        annotation_clip=False,
    )


def _round_end(end: float, within: float = 0.1) -> float:
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


def _mi2_below(panel: Axes, end: float) -> None:
    """Square miles under the km² axis, on their own round ticks (0, 200, 400 …) at their
    true places, as the territory charts give them; each axis named by its unit on the left."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    top = km2_to_mi2(end)
    sec = panel.secondary_xaxis("bottom", functions=(km2_to_mi2, mi2_to_km2))
    sec.spines["bottom"].set_position(("outward", MI2_OFFSET))
    ticks = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top)
    sec.set_xticks([t for t in ticks if 0 <= t <= top * 1.001])
    sec.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    sec.spines["bottom"].set_bounds(0, top)
    sec.set_gid("mi2-axis")
    for unit, down in (("km²", 0.0), ("mi²", MI2_OFFSET)):
        panel.annotate(
            unit,
            xy=(0, 0),
            xycoords="axes fraction",
            xytext=(-10, -7 - down),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=panel.xaxis.get_ticklabels()[0].get_fontsize(),
            color=TEXT_COLOR,
            gid=f"unit:{unit}",
            annotation_clip=False,
        )


def _lift_close(panel: Axes, marks: list[np.ndarray], drawn_by: list[list]) -> list[float]:
    """Where two neighbouring claims' marks are closer along the row than a mark's width
    (rating 5: DeepState's 30 km² diamond hid half of Gerasimov's ring at 0), lift each
    claim's drawing off the row line, the even ones up and the odd ones down (the sides
    their labels are on), so no mark hides another. Returns each claim's lift in points."""
    lifts = [0.0] * len(marks)
    to_px = panel.transData.transform
    px_per_pt = panel.figure.dpi / 72
    for j in range(len(marks) - 1):
        a = to_px(np.column_stack([marks[j], np.zeros(len(marks[j]))]))[:, 0]
        b = to_px(np.column_stack([marks[j + 1], np.zeros(len(marks[j + 1]))]))[:, 0]
        gap = float(np.nanmin(np.abs(a[:, None] - b[None, :])))
        # Measured before the frame lays the plot out: a margin of a third of a mark.
        if gap < MARK_SIZE * 1.35 * px_per_pt:
            for i in (j, j + 1):
                lifts[i] = MARK_LIFT_PT if i % 2 == 0 else -MARK_LIFT_PT
    for lift, artists in zip(lifts, drawn_by, strict=True):
        if lift:
            shift = ScaledTranslation(0, lift / 72, panel.figure.dpi_scale_trans)
            for artist in artists:
                artist.set_transform(artist.get_transform() + shift)
    return lifts


def _connect(panel: Axes, marks: list[np.ndarray], at: float, k: int) -> None:
    """A thin neutral line from each claim's mark to the next one's along the row (the
    nearer ends of a range's two marks): no mark of its own, so no midpoint to read."""
    for left, right in itertools.pairwise(marks):
        a, b = float(np.nanmax(left)), float(np.nanmin(right))
        if b > a:
            panel.plot(
                [a, b],
                [at, at],
                color=CONNECTOR_COLOR,
                lw=CONNECTOR_WIDTH,
                solid_capstyle="butt",
                zorder=1,
                gid=f"connector:{k}",
            )


class _InsideLabel(Annotation):
    """A label over (or under) its mark: starting at the mark in the plot's left third,
    ending at it in the right third, centred on it between, so its first or last letter
    points at its own mark; moved sideways just enough to stay inside its plot (wider than
    the plot, it starts at the plot's left edge). Decided whenever it is measured or drawn,
    so it holds for the plot's final size (a figure's frame lays the plot out after the
    chart is drawn)."""

    def _align(self, renderer) -> None:
        dy = self.xyann[1]
        self.set_horizontalalignment("center")
        self.xyann = (0.0, dy)
        if self.axes is None:
            return
        plot = self.axes.get_window_extent(renderer)
        x = self.axes.transData.transform(self.xy)[0]
        where = (x - plot.x0) / max(plot.width, 1.0)
        edge = MARK_SIZE / 2  # points: the text's end level with the mark's edge
        out = getattr(self, "_kd_out", 0)
        if out < 0:
            self.set_horizontalalignment("right")
            self.xyann = (edge, dy)
        elif out > 0 or where < 1 / 3:
            self.set_horizontalalignment("left")
            self.xyann = (-edge, dy)
        elif where > 2 / 3:
            self.set_horizontalalignment("right")
            self.xyann = (edge, dy)
        box = super().get_window_extent(renderer)
        # The plot starts half a mark left of zero (so a mark at zero is whole): a label
        # starts no further left than the zero line, never in the row names' gutter
        # (rating 5: Pavliuk's "up to 4,000" ran to 4 px of "Russian troops in Kursk").
        left = plot.x0
        lo, hi = self.axes.get_xlim()
        if self.axes.get_xscale() == "linear" and lo < 0 < hi:
            left = max(left, float(self.axes.transData.transform((0.0, 0.0))[0]))
        shift = 0.0
        if box.width >= plot.x1 - left or box.x0 < left:
            shift = left - box.x0
        elif box.x1 > plot.x1:
            shift = plot.x1 - box.x1
        self.xyann = (self.xyann[0] + shift * 72 / self.figure.dpi, dy)

    def get_window_extent(self, renderer=None):
        # As Text does when given none: a figure whose canvas is not Agg's has no
        # get_renderer (an unpickled copy, a PDF export under way).
        renderer = renderer or self.figure._get_renderer()
        self._align(renderer)
        return super().get_window_extent(renderer)

    def draw(self, renderer) -> None:
        self._align(renderer)
        super().draw(renderer)


def _place(
    panel: Axes,
    text: str,
    xs: np.ndarray,
    at: float,
    j: int,
    cid: str,
    *,
    out: int = 0,
    extra: int = 0,
) -> _InsideLabel:
    """A claim's label just above (even ``j``) or below (odd) its mark, stacked outwards past
    two claims (``extra``: lines of labels already on that side); ending at the mark
    (``out`` -1), starting at it (1), or by the plot's thirds (0), moved to stay inside."""
    x = float(np.nanmean(xs))
    step = LABEL_OFFSET + (j // 2 + extra) * LABEL_PITCH
    above = j % 2 == 0
    label = _InsideLabel(
        text,
        xy=(x, at),
        xytext=(0, step if above else -step),
        textcoords="offset points",
        ha="center",
        va="bottom" if above else "top",
        fontsize=LABEL_SIZE,
        color=TEXT_COLOR,
        gid=f"label:{cid}",
        annotation_clip=False,
    )
    label._kd_out = out
    label.set_transform(IdentityTransform())
    panel._add_text(label)  # as Axes.annotate adds its Annotation
    label._kd_mark_x = x  # the mark it names, for the layout tests
    return label
