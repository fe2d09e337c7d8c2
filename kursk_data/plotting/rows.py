"""Claims as rows: one row per claim (or per claimant), the figure along x; a panel per unit
or per dispute, each with its own value axis, so areas and head counts never share one."""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from kursk_data.analysis.disputes import SHARE_SPAN, shared_scales
from kursk_data.plotting import form, frame, select
from kursk_data.plotting.grammar import OVER_REACH, draw_claim, over_end
from kursk_data.plotting.placement import place_labels, request_label, row_room
from kursk_data.plotting.row_marks import (
    ABOUT_LABEL_SHIFT_PT,
    drop_bands,
    name_ticks,
    open_fade,
    row_figure,
    row_mark_style,
    small_figures,
)
from kursk_data.plotting.style import label_ink
from kursk_data.plotting.timeline import panels
from kursk_data.units import km2_to_mi2


@dataclass
class Panel:
    """One panel of a row chart: a title and its rows (claims) with their row names; a name's
    last ``who_lines`` lines (1 if not given) name the claimant, the lines above it the
    measure."""

    title: str
    rows: pd.DataFrame
    names: list[str]
    who_lines: list[int] | None = None


def row_chart(
    ax: Axes | None,
    groups: list[Panel],
    drawn: pd.DataFrame,
    *,
    asked: str,
    annotate,
    footer: bool | str,
    data: pd.DataFrame | None = None,
    palette=None,
    sources: pd.DataFrame | None = None,
    left_out: str = "",
    note: str = "",
    mi2_axis: bool = False,
    **kws,
) -> Axes:
    """Draw each panel's rows top to bottom, marks by the grammar, the figure as worded beside
    each mark on the mark's own row. Colours come from the whole ledger ``data`` (see
    :func:`select.colors`) or ``palette``; ``note`` (what the row names' marks mean) goes
    above the keys once, with ``left_out``. With ``mi2_axis`` an area panel has square miles
    above it on their own round ticks; its axes then end in their units ("1,000 km²")."""
    ax = plt.gca() if ax is None else ax
    if drawn.empty or not groups:
        return frame.empty(ax, asked)
    # Axes-level: everything stays inside the box the Axes had when it was given.
    box = (
        ax.get_window_extent(ax.figure.canvas.get_renderer()).frozen()
        if frame.axes_level()
        else None
    )
    groups, cut = form.fit_rows(groups, form.fitting(ax, 24, 110, form.MAX_ROWS))
    left_out = left_out or cut
    if cut:
        drawn = pd.concat([g.rows for g in groups], ignore_index=True)
    colors = select.colors(data, drawn, palette)
    sizes = _sizes(ax, sum(len(g.rows) for g in groups))
    # Panel heights follow their rows, plus room for a title and the tick labels.
    boxes = panels(ax, len(groups), gap_pt=34, heights=_heights(groups))
    # Every row has room for its own figure, so "label all" means all here.
    ids = drawn["claim_id"].astype(str)
    chosen = {c: 1.0 for c in ids} if annotate is True else select.choose_labels(drawn, annotate)
    scales = scale_groups(groups)
    zoomed = _zoomed(groups, scales)
    areas = {k for k, g in enumerate(groups) if mi2_axis and _unit(g) == "km2"}
    for k, (panel, group) in enumerate(zip(boxes, groups, strict=True)):
        n = len(group.rows)
        rows = pd.concat([groups[j].rows for j in scales[k]])  # the panels sharing its scale
        vlim0, vlim1, log = select.value_range(rows)
        select.set_value_axis(panel, (vlim0, vlim1), log, vertical=False)
        panel.set_ylim(n - 0.45, -0.55)
        inks = [label_ink(colors[str(c)]) for c in group.rows["claimant"]]
        name_ticks(panel, group.names, inks, group.who_lines, size=sizes[0])
        panel.grid(axis="x", color="#e6e6e6", lw=0.6)
        panel.grid(axis="y", visible=False)
        panel.spines["left"].set_visible(False)
        if len(groups) > 1 or group.title:
            # A zoomed panel says so in its own title line, where no other panel's note sits.
            title = f"{group.title} \u00b7 {ZOOM_NOTE}" if k in zoomed else group.title
            # Over the row names; over an area panel's mi² tick labels.
            head = frame.panel_title(
                panel, title, pin=ax, points=5 + _top_axis_pt(panel, k in areas)
            )
            if k and head is not None:
                # Below the first, a heading sits in the gap between panels, inside the plot's
                # box: a finding as long as a line must not narrow the plot (rating 7).
                head.set_in_layout(False)
    width = _plot_width(ax, boxes)
    # Each label sits right of its mark and band, on its row: widen the axis so it fits there
    # rather than above or below, where it would read as another row's.
    tops = _open_tops(groups, scales)
    small = small_figures(groups, scales)
    wanted = [
        [
            _larger(
                ax,
                _label_room(
                    row, left=str(row["claim_id"]) in tops, small=str(row["claim_id"]) in small
                ),
                sizes[1],
                width,
            )
            for _, row in g.rows.iterrows()
            if str(row["claim_id"]) in chosen
        ]
        for g in groups
    ]
    for _ in range(3):  # zero's room shrinks the scale, which the labels' room then widens
        wide = [row_room(panel, w, width) for panel, w in zip(boxes, wanted, strict=True)]
        for k, panel in enumerate(boxes):
            # Panels of one scale take the widest room any of them needs, and put zero at the
            # same pixel (a mark at zero whole inside the plot), so their axes line up.
            vlim0 = min(wide[j][0] for j in scales[k])
            vlim1 = max(wide[j][1] for j in scales[k])
            if panel.get_xscale() == "linear" and vlim0 < 0 < vlim1:
                pad = ROW_ZERO_PAD_PT * ax.figure.dpi / 72 / width
                vlim0 = -pad / (1 - pad) * vlim1
            panel.set_xlim(vlim0, vlim1)
    _room_past_over(ax, boxes, groups, scales, width)
    ends = [_drawn_end(g.rows, boxes[k].get_xlim()) for k, g in enumerate(groups)]
    open_top = _open_top(groups, scales)
    for k in open_top:  # its axis runs to the panel's end, as the bound's fade does
        ends[k] = boxes[k].get_xlim()[1]
    requests = {}
    for k, (panel, group) in enumerate(zip(boxes, groups, strict=True)):
        log = panel.get_xscale() == "log"
        select.from_zero(panel, vertical=False)
        end = max(ends[j] for j in scales[k])
        if not log:
            # A head count's axis ends in its unit too: "people" was only in the subtitle.
            unit = "km²" if k in areas else "people" if _unit(group) == "personnel" else ""
            # The scale ends at a tick at or past its largest figure (rating 7: "up to
            # 70,000" sat past the last tick, 60,000, measured against nothing); an open
            # top's axis ends where its fade runs out.
            _end_axis(panel, end, width, unit=unit, past=k not in open_top)
        vlim0, vlim1 = panel.get_xlim()
        if k in areas:
            sec = select.mi2_axis(panel, vertical=False)
            if not log:
                lims = (km2_to_mi2(vlim0), km2_to_mi2(vlim1))
                _end_axis(sec, km2_to_mi2(end), width, unit="mi²", spine="top", lims=lims)
        for y, (_, row) in enumerate(group.rows.iterrows()):
            draw_claim(
                panel,
                row,
                at=float(y),
                color=colors[str(row["claimant"])],
                vertical=False,
                vlim=(vlim0, vlim1),
                log=log,
                periods=False,
                over_to=_over_end(float(row["value"]), (vlim0, vlim1), log),
                **along_x(row, kws),
            )
            cid = str(row["claim_id"])
            color = colors[str(row["claimant"])]
            ink = label_ink(color)
            # "up to X" as every figure draws it (contested-counts' "up to 4,000"): no
            # outline, a fade in the claimant's colour lighter than any stated figure
            # (rating 9: outlined, "up to 70,000" was the heaviest mark on the page).
            strong_up_to(panel, row, color)
            if str(row["claim_id"]) in tops:
                open_fade(panel, row, ink, float(y))
            bracket_range(panel, row)
            row_mark_style(panel, row, color, float(y))
            if cid in chosen:
                req = request_label(
                    panel,
                    row_figure(row, small=cid in small),
                    (float(row["value"]), float(y)),
                    f"label:{cid}",
                    chosen[cid],
                    on_row=True,
                    size=sizes[1],
                )
                # The label in its claimant's colour (darkened to read): tied to its own mark.
                req.color = label_ink(colors[str(row["claimant"])])
                requests[cid] = req
    # Every row names its claimant: a colour key would repeat the row names. Every labelled
    # row states its figure as worded ("over 1,000 km²", "up to 70,000", "0 km² (implied)"),
    # so the shapes' key says only what no label says (rating 6: "up to X: down to zero" was
    # cryptic beside the label "up to 70,000"). What the row names' marks mean goes in the
    # footer, once (rating 6: the header took 30 % of troops-article); above the plot only
    # what was left out.
    hidden = hidden_bands(boxes, groups)
    if "about" in hidden:
        for cid in drop_bands(boxes, groups):
            if cid in requests:
                # The band's end kept its label clear of the diamond; without it the label
                # starts a few points further out, as far from its mark as the others.
                requests[cid].shift = ABOUT_LABEL_SHIFT_PT
    if set(ids) <= set(chosen):
        hidden |= LABELLED_KINDS
    # Keys tucked onto the first panel title only in a figure the frame lays out (the plot
    # then only grows, moving the title down); axes-level, fit_inside shrinks the plot and
    # would lift the title into the keys.
    frame.legends_above(
        ax,
        drawn,
        colors,
        periods=False,
        colours=False,
        note=left_out,
        tuck=not frame.axes_level(),
        along_x=True,
        hidden=hidden,
    )
    if footer is not False:
        text = frame.source_text(drawn, sources, note) if footer is True else str(footer)
        frame.footer(ax, text)
    elif not frame.axes_level():
        frame.footer_note(ax.figure, note)
    if box is not None:
        frame.fit_inside(ax, box)
    place_labels(ax.figure)
    return ax


# Kinds of mark whose key entry a row's label makes redundant: the label states the figure
# as worded, qualifier and "(implied)" included.
LABELLED_KINDS = frozenset({"exact", "over", "up_to", "implied"})

# "up to X", in every figure (row charts and dumbbells alike): no outline, a fade in its
# claimant's colour from this alpha at the figure to nothing at zero, linearly. Lighter than
# any stated figure (a mark of the same colour is opaque), never the heaviest mark, yet the
# figure a title may lead with is visible, never the faintest mark on the page. Told apart
# from "over" and an exact figure by its glyph (its back on the figure, pointing to zero) and
# its label's words ("up to 70,000").
UP_TO_ALPHA = 0.6


def along_x(row: pd.Series, kws: dict) -> dict:
    """``kws`` for :func:`draw_claim`, with a bound's glyph pointing along a horizontal axis."""
    marker = frame.ROW_MARKERS.get(str(row["qualifier"]))
    return {**kws, "marker": marker} if marker else dict(kws)


# A stated range in a row chart is a bracket: a thin solid line in its claimant's colour between
# its two end ticks, never the pale band of a rounding (#24: Zelensky's 30,000–35,000 read as
# a rounding band of the claim beside it).
RANGE_LINE_WIDTH = 1.6


def bracket_range(panel: Axes, row: pd.Series) -> None:
    """Draw a stated range's band on ``panel`` as a bracket (see :data:`RANGE_LINE_WIDTH`)."""
    if str(row["qualifier"]) != "range":
        return
    for line in panel.lines:
        if line.get_gid() == f"band:{row['claim_id']}":
            line.set_linewidth(RANGE_LINE_WIDTH)
            line.set_alpha(1.0)


def strong_up_to(
    panel: Axes, row: pd.Series, color: str, *, alpha: float = UP_TO_ALPHA, power: float = 1.0
) -> None:
    """Draw the fade of an "up to" claim on ``panel`` by the one convention of every figure
    (:data:`UP_TO_ALPHA`): its claimant's ``color`` from ``alpha`` at the figure to nothing at
    zero, falling as the ``power`` of the distance's share (the grammar's faint default suits
    a timeline, where the bound is one mark among many)."""
    from matplotlib.colors import to_rgba

    if str(row["qualifier"]) != "up_to":
        return
    gid = f"bound:{row['claim_id']}"
    for coll in panel.collections:
        if coll.get_gid() == gid:
            n = len(coll.get_segments())
            rgb = to_rgba(color)[:3]
            coll.set_color([(*rgb, alpha * (1 - i / n) ** power) for i in range(n)])


def hidden_bands(boxes: list[Axes], groups: list[Panel]) -> set[str]:
    """The key entries of marks the reader cannot see: "about" when every rounding band in the
    chart is at most 2.5 diamonds wide (hidden under it, or a sliver, at print size)."""
    from kursk_data.plotting.style import MARK_SIZE

    seen = False
    for panel, group in zip(boxes, groups, strict=True):
        for _, row in group.rows.iterrows():
            if str(row["qualifier"]) not in ("about", "unknown"):
                continue
            lo, hi = float(row["low"]), float(row["high"])
            if not (np.isfinite(lo) and np.isfinite(hi)):
                continue
            lim = panel.get_xlim()
            px = panel.get_window_extent().width * (hi - lo) / (lim[1] - lim[0])
            if px * 72 / panel.figure.dpi > MARK_SIZE * 2.5:
                seen = True
    return set() if seen else {"about", "unknown"}


def _heights(groups: list[Panel]) -> list[float]:
    """Each panel's share of the height: its rows, a row whose name has fewer lines than the
    chart's longest taking less (one line: half of three; rating 6: the overview's area rows
    were loose), plus room for its title and ticks. Rows whose names are all as long keep
    equal shares (contested)."""
    lines = [[str(n).count("\n") + 1 for n in g.names] for g in groups]
    most = max((n for g in lines for n in g), default=1)
    return [sum(0.25 + 0.75 * n / most for n in g) + 0.8 for g in lines]


# Room left of zero, in points: half a mark and a little more, so a mark at zero is whole.
ZERO_PAD_PT = 7.0
# A row chart's room left of zero: a mark at or near zero (overview's "over 1,000" killed on a
# scale to 80,000) stands clear of the row names, not pressed against the plot's edge
# (rating 7).
ROW_ZERO_PAD_PT = 14.0
# "over X" fades over this share of a row's value axis: half a timeline's, so the figure's
# label, right of the fade, stays nearer its own mark than the row above's (at 1,000 on a
# scale to 70,000 the label sat closer to the 11,000 mark of the row above).
ROW_OVER_REACH = OVER_REACH / 2


def _over_end(value: float, vlim: tuple[float, float], log: bool) -> float:
    """Where a row's "over ``value``" fade ends: :data:`ROW_OVER_REACH` of the axis above."""
    full = over_end(value, vlim, log)
    if log:
        return float(value * (full / value) ** 0.5) if value > 0 else full
    return value + (full - value) / 2


# A panel drawn on a larger scale than another panel of its unit says so in its title.
ZOOM_NOTE = "own scale"


def scale_groups(groups: list[Panel]) -> list[list[int]]:
    """For each panel, the panels (indices) that share its value scale.

    Panels of one measure and unit always share one scale, so a gap of 30 never looks as wide
    as a gap of 240. Panels of different measures of one unit share it too, unless their
    largest figures differ by more than :data:`SHARE_SPAN` times (300 dead beside 38,000
    wounded would vanish); the smaller then get a scale of their own, named as zoomed.
    """

    return shared_scales([g.rows for g in groups], SHARE_SPAN)


def _zoomed(groups: list[Panel], scales: list[list[int]]) -> set[int]:
    """Panels on a smaller scale than another panel of their unit: their titles say so."""
    unit = [str(g.rows["unit"].iloc[0]) if len(g.rows) else "" for g in groups]
    out = set()
    for k, members in enumerate(scales):
        others = [s for j, s in enumerate(scales) if unit[j] == unit[k] and s != members]
        if others:
            top = max(float(groups[j].rows["value"].astype(float).max()) for j in members)
            if any(
                top < max(float(groups[j].rows["value"].astype(float).max()) for j in s)
                for s in others
            ):
                out.add(k)
    return out


def _open_top(groups: list[Panel], scales: list[list[int]]) -> set[int]:
    """Panels whose scale's largest figure is an "over" bound (its open end points up the
    axis)."""
    out = set()
    for k, members in enumerate(scales):
        rows = pd.concat([groups[j].rows for j in members])
        if len(rows):
            top = rows.loc[rows["value"].astype(float).idxmax()]
            if str(top["qualifier"]) == "over":
                out.add(k)
    return out


def _open_tops(groups: list[Panel], scales: list[list[int]]) -> set[str]:
    """Claim ids of the "over" figures that top their scale (see :func:`_open_top`)."""
    out = set()
    for k in _open_top(groups, scales):
        rows = pd.concat([groups[j].rows for j in scales[k]])
        top = rows.loc[rows["value"].astype(float).idxmax()]
        out.add(str(top["claim_id"]))
    return out


def _room_past_over(
    ax: Axes, boxes: list[Axes], groups: list[Panel], scales: list[list[int]], width: float
) -> None:
    """A panel whose largest figure is "over X" gets axis room past X: its axis runs on to the
    next round tick a quarter of a tick step past X (rating 6: "over 1,000 km²" was pressed
    against the axis' end), where its fade runs out; its label sits left of the mark (rating
    7: a scale to 1,500 for a largest figure of over 1,000 left a third of the plot empty)."""
    from matplotlib.ticker import MaxNLocator

    done: set[int] = set()
    for k in sorted(_open_top(groups, scales)):
        if k in done or boxes[k].get_xscale() != "linear":
            continue
        members = scales[k]
        done |= set(members)
        lo, hi = boxes[k].get_xlim()
        rows = pd.concat([groups[j].rows for j in members])
        top = float(rows["value"].astype(float).max())
        if hi <= 0 or top <= 0:
            continue
        # A fifth past X at least, on a grid of half its tick step: over 1,000 on a scale
        # ticked every 250 ends at 1,250; room the other rows' labels need is kept.
        locator = MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10])
        half = float(np.diff(locator.tick_values(0, top))[0]) / 2
        nice = max(float(np.ceil(1.2 * top / half) * half), hi)
        pad = ROW_ZERO_PAD_PT * ax.figure.dpi / 72 / width if lo < 0 else 0.0
        for j in members:
            boxes[j].set_xlim(-pad / (1 - pad) * nice if lo < 0 else lo, nice)


def _drawn_end(rows: pd.DataFrame, vlim: tuple[float, float]) -> float:
    """Where a panel's drawing ends along the value axis: the largest figure, band end or the
    end of an "over" fade."""
    end = 0.0
    for _, row in rows.iterrows():
        value, qual = float(row["value"]), str(row["qualifier"])
        high = float(row["high"]) if pd.notna(row["high"]) else float("nan")
        end = max(end, value, high if np.isfinite(high) else value)
        if qual == "over":
            end = max(end, _over_end(value, vlim, False))
    return end


def _end_axis(
    panel: Axes,
    end: float,
    width: float,
    *,
    unit: str = "",
    spine: str = "bottom",
    lims: tuple[float, float] | None = None,
    past: bool = False,
) -> None:
    """A value axis (spine, ticks, grid) that ends near the data, not under the labels' room:
    nice ticks up to ``end``, as many as fit in the panel's ``width`` (pixels), the spine to
    ``end`` or its last tick. ``unit`` ends the last tick's label ("1,000 km²"; without
    ticks, it is the axis label); ``spine`` and ``lims`` (in its own unit) for a secondary
    axis, whose limits follow its parent's only when drawn. ``past``: where the even ticks
    stop short of ``end``, one more tick past it, the axis widened to hold it if need be
    (its room left of zero kept in proportion)."""
    from matplotlib.ticker import MaxNLocator

    lo, hi = lims if lims is not None else panel.get_xlim()
    ticks: list[float] = []
    if end > 0:
        # As many ticks as labels fit along the drawn length, half an em of space between.
        size = panel.xaxis.majorTicks[0].label1.get_fontsize() * panel.figure.dpi / 72
        length = (end - lo) / (hi - lo) * width
        chars = len(f"{end:,.0f}") + (len(unit) + 1) / 2  # the unit on one label of several
        bins = max(1, min(4, int(length // (chars * 0.6 * size + size / 2))))
        ticks = [
            t
            for t in MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(0, end)
            if 0 <= t <= end * 1.001 and t <= hi
        ]
        # An axis that ends at a claim's round figure ("up to 70,000") has a tick there where
        # fewer evenly spaced nice ticks reach it; never an odd last interval (rating 5:
        # 0, 20,000, 40,000, 70,000 read as uneven): else the ticks stay even, and the
        # figure's own mark label carries it.
        if len(ticks) >= 2 and ticks[-1] < end * 0.999 and float(f"{end:.2g}") == end:
            for fewer in range(bins, 0, -1):
                even = MaxNLocator(nbins=fewer, steps=[1, 2, 2.5, 5, 10]).tick_values(0, end)
                even = [t for t in even if 0 <= t <= end * 1.001 and t <= hi]
                if len(even) >= 2 and abs(even[-1] - end) <= end * 0.001:
                    ticks = even
                    break
        if past and len(ticks) >= 2 and ticks[-1] < end * 0.999:
            nxt = ticks[-1] + (ticks[-1] - ticks[-2])
            if nxt > hi:
                # Widened by the extra tick; zero stays where it was in the plot's share.
                panel.set_xlim(lo * nxt / hi if lo < 0 else lo, nxt)
                lo, hi = panel.get_xlim()
            ticks.append(nxt)
    if len(ticks) < 2:
        if unit:
            panel.set_xlabel(unit)
        return
    labels = [f"{t:,.0f}" if abs(t) >= 1 or t == 0 else f"{t:g}" for t in ticks]
    if unit:
        labels[-1] += f"\u00a0{unit}"
    panel.set_xticks(ticks, labels)
    panel.spines[spine].set_bounds(max(lo, 0.0), min(max(end, ticks[-1]), hi))


def _unit(group: Panel) -> str:
    return str(group.rows["unit"].iloc[0]) if len(group.rows) else ""


def _top_axis_pt(panel: Axes, shown: bool) -> float:
    """Points an axis on top of ``panel`` takes above it: tick, pad and a tick label."""
    if not shown:
        return 0.0
    size = panel.xaxis.majorTicks[0].label1.get_fontsize()
    return float(mpl.rcParams["xtick.major.size"] + mpl.rcParams["xtick.major.pad"] + 1.2 * size)


# A row chart with this much height (points) per row or more sets its row names and figures
# larger (rating 9: troops-article's three rows in 387 px were thin; at 16:9 it can be no
# shorter, so the room goes to legible words, not to white space).
ROOMY_ROW_PT = 80.0
ROOMY_NAME_SIZE = 9.5
ROOMY_LABEL_SIZE = 9.0


def roomy(ax: Axes, rows: int) -> bool:
    """True where a framed figure's row chart of ``rows`` rows has :data:`ROOMY_ROW_PT` of
    the figure's height per row. Never on a caller's Axes, whose width is not known until
    the chart is laid out inside it (larger figures left a notebook's narrow plot with no
    room for them)."""
    if frame.axes_level() or not rows:
        return False
    return ax.figure.get_figheight() * 72 / rows >= ROOMY_ROW_PT


def _sizes(ax: Axes, rows: int) -> tuple[float | None, float]:
    """Point sizes of the row names (None: the style's) and of the figures' labels: larger in
    a :func:`roomy` chart."""
    if roomy(ax, rows):
        return ROOMY_NAME_SIZE, ROOMY_LABEL_SIZE
    from kursk_data.plotting.style import LABEL_SIZE

    return None, LABEL_SIZE


def _larger(ax: Axes, room: tuple, size: float, width: float) -> tuple:
    """A label's ``room`` (see :func:`_label_room`) for its text set at ``size``: the extra
    width over the default size added to the share of the axis it takes."""
    from kursk_data.plotting.geometry import renderer_of
    from kursk_data.plotting.placement import label_size
    from kursk_data.plotting.style import LABEL_SIZE

    if size <= LABEL_SIZE:
        return room
    text, end, right, reach = room
    big, small = (
        label_size(ax.figure, text, renderer_of(ax.figure), z)[0] for z in (size, LABEL_SIZE)
    )
    return text, end, right, reach + (big - small) / width


def _label_room(
    row: pd.Series, *, left: bool = False, small: bool = False
) -> tuple[str, float, bool, float]:
    """A row's label, where its drawing ends, on which side the label goes and how much of
    the axis its drawing takes beyond that end: right of its band's end or its mark; for
    "over", right of its short fade (:data:`ROW_OVER_REACH` of the
    axis), so the label never sits left of zero. ``left``: the largest "over" of its scale,
    whose fade runs to the axis' open end; its label goes left of its mark. ``small``: its
    label says so (see :func:`row_figure`)."""
    qual = str(row["qualifier"])
    value = float(row["value"])
    text = row_figure(row, small=small)
    if left:
        return text, value, False, 0.0
    if qual == "over":
        return text, value, True, ROW_OVER_REACH
    high = float(row["high"]) if qual in ("about", "range", "unknown") else float("nan")
    return text, max(value, high) if np.isfinite(high) else value, True, 0.0


def _plot_width(ax: Axes, boxes: list[Axes]) -> float:
    """The width (pixels) the panels will have: the axes' own, or for an exported figure (laid
    out later by :func:`frame.frame`) the figure's width less its margins and the row names."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    names = max(
        (
            t.get_window_extent(renderer).width
            for b in boxes
            for minor in (False, True)
            for t in b.get_yticklabels(minor=minor)
        ),
        default=0.0,
    )
    # Row names, their padding, and half a tick label overhanging the axis' right end.
    room = fig.bbox.width - 2 * frame.MARGIN * fig.dpi - names - 24 * fig.dpi / 72
    return max(min(ax.get_window_extent(renderer).width, room), 1.0)
