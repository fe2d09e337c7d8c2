"""The chart's frame: legends above the plot, the source footer (wrapped, every source named),
and for exported figures a title, a subtitle and one explicit layout pass.

The layout is computed once from the renderer's extents (no ``bbox_inches="tight"``, which
draws every file twice): the figure keeps its fixed size and the plot takes the room the
title, legends, tick labels and footer leave.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import matplotlib as mpl
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from kursk_data.labels import source_line
from kursk_data.plotting import geometry
from kursk_data.plotting.grammar import GLYPH_HANDLER, claimant_handles, grammar_handles
from kursk_data.plotting.placement import place_labels
from kursk_data.plotting.style import (
    LINK_MARK,
    MUTED_COLOR,
    SIDE_LABELS,
    SMALL_SIZE,
    TEXT_COLOR,
    UNATTRIBUTED,
    UNATTRIBUTED_NOTE,
    claimant_words,
    link_notes,
)

MARGIN = 0.14  # inches around the figure's content
_GAP = 6  # points between stacked pieces

# Set while a figure-level function (a registered or derived figure) draws its chart: then the
# frame lays legends and footer out around the plot on the whole figure. Otherwise the chart
# is axes-level and keeps everything inside the box of the Axes it was given.
_FIGURE_LEVEL: ContextVar[bool] = ContextVar("kursk_data_figure_level", default=False)


@contextmanager
def figure_level() -> Iterator[None]:
    """Draw charts as parts of a figure the caller frames (see :func:`frame`)."""
    token = _FIGURE_LEVEL.set(True)
    try:
        yield
    finally:
        _FIGURE_LEVEL.reset(token)


def axes_level() -> bool:
    """True when a chart must keep all it draws inside its own Axes."""
    return not _FIGURE_LEVEL.get()


def _room(ax: Axes) -> float:
    """Pixels a legend row or a footer line may take: the figure's width less its margins, or
    for an axes-level chart the width of its Axes."""
    fig = ax.figure
    if axes_level():
        return ax.get_window_extent(geometry.renderer_of(fig)).width
    return fig.bbox.width - 2 * MARGIN * fig.dpi


def fit_inside(ax: Axes, box) -> None:
    """Shrink ``ax`` so that everything the chart drew around it (legends above, panel titles,
    tick labels, the footer) lies inside ``box``, the Axes' position as given (figure pixels):
    an axes-level chart draws nothing outside its Axes."""
    fig = ax.figure
    renderer = geometry.renderer_of(fig)
    w, h = fig.bbox.width, fig.bbox.height
    for _ in range(2):  # tick labels can change width once the plot is resized
        geometry.settle(fig, renderer)
        pos = ax.get_window_extent(renderer)
        tight = ax.get_tightbbox(renderer)
        tops = [lg.get_window_extent(renderer).y1 for lg in geometry.legends(fig) if lg.axes is ax]
        x0 = box.x0 + (pos.x0 - tight.x0) + 1
        x1 = box.x1 - (tight.x1 - pos.x1) - 1
        y0 = box.y0 + (pos.y0 - tight.y0) + 1
        y1 = box.y1 - (max([tight.y1, *tops]) - pos.y1) - 1
        # A plot shorter than four tick labels stacked reads as nothing: with no room to keep
        # it all inside, the plot keeps the box it was given (the keys go above it).
        least = 4 * 1.6 * _tick_size(ax) * fig.dpi / 72
        if x1 - x0 < 20 or y1 - y0 < least:
            return
        ax.set_position([x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h])


def _tick_size(ax: Axes) -> float:
    """The size in points of ``ax``'s value tick labels."""
    ticks = ax.yaxis.get_ticklabels()
    if ticks:
        return ticks[0].get_fontsize()
    return FontProperties(size=mpl.rcParams["ytick.labelsize"]).get_size_in_points()


def wrap(
    text: str,
    width_px: float,
    fig: Figure,
    fontsize: float,
    fontweight: str = "normal",
    *,
    widow: bool = False,
) -> str:
    """Break ``text`` into lines no wider than ``width_px`` as the renderer measures them;
    ``widow`` True: balanced, as headlines are set: the same number of lines, as narrow as
    they go, so the last line is no orphan word ("worded." alone under a full line)."""
    if widow:
        best = wrap(text, width_px, fig, fontsize, fontweight)
        n = best.count("\n")
        if n and "\n" not in text:
            for share in (0.95, 0.9, 0.85, 0.8, 0.75, 0.7):
                narrower = wrap(text, width_px * share, fig, fontsize, fontweight)
                if narrower.count("\n") != n:
                    break
                best = narrower
        return best
    renderer = geometry.renderer_of(fig)
    prop = FontProperties(size=fontsize, weight=fontweight)

    def width(s: str) -> float:
        # The renderer's own measure: the lines broken here are the lines the text is drawn with.
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    # Greedy, word by word: a line takes the next word while it still fits. A line only gets
    # wider with every word, so the break is found by measuring whole lines near a guess (two
    # or three measurements a line) instead of every prefix (quadratic in the line's length).
    chars_per_px = 2.2 / fontsize * 72 / fig.dpi  # a first guess: refined from each line
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split(" ")
        i = 0
        while i < len(words):
            rest = words[i:]
            guess = _words_in(rest, width_px * chars_per_px)
            k = _longest(rest, guess, lambda line: width(line) <= width_px)
            line = _join(rest[:k])
            if line and k < len(rest):
                chars_per_px = len(line) / max(width(line), 1.0)
            lines.append(line)
            i += k
    return "\n".join(lines)


def _join(words: list[str]) -> str:
    """The line that adding ``words`` one by one makes (an empty word at the start adds no
    space)."""
    line = ""
    for word in words:
        line = f"{line} {word}" if line else word
    return line


def _words_in(words: list[str], chars: float) -> int:
    """How many of ``words`` make a line of about ``chars`` characters."""
    n, used = 0, -1
    for word in words:
        used += len(word) + 1
        if used > chars:
            break
        n += 1
    return n


def _longest(words: list[str], guess: int, fits) -> int:
    """The number of ``words`` the greedy rule puts on a line: the first always, then each
    while the line with it ``fits`` (or the line before it is still empty)."""

    def ok(k: int) -> bool:
        return k == 1 or not _join(words[: k - 1]) or fits(_join(words[:k]))

    k = min(max(guess, 1), len(words))
    if ok(k):
        while k < len(words) and ok(k + 1):
            k += 1
    else:
        while k > 1 and not ok(k):
            k -= 1
    return k


def source_text(rows: pd.DataFrame, sources: pd.DataFrame | None = None, note: str = "") -> str:
    """The footer under a chart of ``rows``, one paragraph (wrapped to the figure): the source
    line; ``note`` (what marks on the chart's names mean, e.g. "* Period inferred."); what
    "unattributed" means where a claim of no one named is drawn
    (:data:`~kursk_data.plotting.style.UNATTRIBUTED_NOTE`, said once); then a note for each
    claim drawn under another row's claimant (the dagger on its name, see
    :func:`kursk_data.plotting.style.link_notes`)."""
    unattributed = (rows["claimant"].astype(str) == UNATTRIBUTED).any() if len(rows) else False
    parts = [
        source_line(rows, sources, merged=True),
        note,
        UNATTRIBUTED_NOTE if unattributed else "",
    ]
    return " ".join(p for p in [*parts, *link_notes(rows, sources)] if p)


# Notes a chart drawn inside a framed figure leaves for the figure's footer (frame() adds them).
_FOOTER_NOTES = "_kursk_footer_notes"


def footer_note(fig: Figure, text: str) -> None:
    """Leave ``text`` (e.g. what a mark on the row names means) for the footer :func:`frame`
    writes under ``fig``: said once, under the chart, not in its header."""
    if text:
        notes = fig.__dict__.setdefault(_FOOTER_NOTES, [])
        if text not in notes:
            notes.append(text)


def with_footer_notes(fig: Figure, source: str) -> str:
    """``source`` (:func:`source_text`) with the notes left by :func:`footer_note` where
    :func:`source_text` puts its ``note``: after the source line, before the note on
    "unattributed" and any dagger's."""
    notes = " ".join(fig.__dict__.get(_FOOTER_NOTES, []))
    if not notes:
        return source
    cuts = [source.find(f" {UNATTRIBUTED_NOTE}"), source.find(f" {LINK_MARK}")]
    cuts = [i for i in cuts if i >= 0]
    cut = min(cuts, default=len(source))
    return f"{source[:cut]} {notes}{source[cut:]}"


def footer(ax: Axes, text: str) -> Text:
    """The source line under a chart drawn on the user's own axes, wrapped to the figure."""
    fig = ax.figure
    width = _room(ax)
    if axes_level():  # from the Axes' left edge as given, before fit_inside shrinks it
        left = ax.get_position().x0 * fig.get_figwidth()
        where = blended_transform_factory(fig.transFigure, ax.transAxes) + ScaledTranslation(
            left, 0, fig.dpi_scale_trans
        )
    else:
        where = "axes fraction"
    return ax.annotate(
        wrap(text, width, fig, SMALL_SIZE),
        xy=(0, 0),
        xycoords=where,
        xytext=(0, -34),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=SMALL_SIZE,
        color=MUTED_COLOR,
        gid="footer",
        annotation_clip=False,
    )


def _above(ax: Axes, points: float, *, pin: bool | Axes = False):
    """x from the figure's left margin, y at the top of ``ax`` plus ``points``: legends line up
    with the title whatever the plot's width, and move with the plot. Axes-level, x is the
    Axes' own left edge (``pin``: where it is now, before :func:`fit_inside` shrinks it)."""
    fig = ax.figure
    if axes_level():
        if not pin:
            return ax.transAxes + ScaledTranslation(0, points / 72, fig.dpi_scale_trans)
        left = pinned_left(pin if isinstance(pin, Axes) else ax)
        base = blended_transform_factory(fig.transFigure, ax.transAxes)
        return base + ScaledTranslation(left, points / 72, fig.dpi_scale_trans)
    base = blended_transform_factory(fig.transFigure, ax.transAxes)
    return base + ScaledTranslation(MARGIN, points / 72, fig.dpi_scale_trans)


def pinned_left(ax: Axes) -> float:
    """Inches from the figure's left edge to ``ax``'s left edge as it is now."""
    return ax.get_position().x0 * ax.figure.get_figwidth()


def panel_title(panel: Axes, text: str, *, pin: Axes | None = None, points: float = 5) -> Text:
    """A panel's title, starting at the figure's left margin (over the row names), ``points``
    above the panel (more over an axis on top)."""
    fig = panel.figure
    title = (
        panel.annotate(
            text,
            xy=(0, 1),
            xycoords=_above(panel, points, pin=pin if pin is not None else False),
            ha="left",
            va="bottom",
            fontsize=9,
            fontweight="bold",
            color=TEXT_COLOR,
            gid="panel-title",
            annotation_clip=False,
        )
        if fig is not None
        else None
    )
    if title is not None and axes_level():
        # A long title must not shrink the plot sideways (it would not move out of the way):
        # fit_inside leaves it out; the legends above are lifted over it.
        title.set_in_layout(False)
    return title


def side_handles(data: pd.DataFrame, colors: dict[str, str]) -> list[tuple]:
    """A colour key by side: one entry per side drawn, one swatch each (the first shade the
    chart uses for it). Charts name claimants in their key (:func:`legends_above`); this is for
    a caller that wants sides only."""
    if data.empty or not colors:
        return []
    from kursk_data.labels import side_family, side_name

    sides = (
        data.assign(_who=data["claimant"].astype(str))
        .groupby("_who", observed=True)["claimant_side"]
        .first()
        .astype(str)
    )
    shades: dict[str, list[str]] = {}
    for who, color in colors.items():  # by side, then rank: the palette's order
        if who in sides.index:
            side = "unattributed" if who == "unattributed" else sides[who]
            shades.setdefault(side, [])
            if color not in shades[side]:
                shades[side].append(color)
    handles = []
    for side, cs in shades.items():
        family = side_family(side)
        words = SIDE_LABELS.get(side) or SIDE_LABELS.get(family) or side_name(side)
        # One swatch a side, its first shade here: a strip of tones reads as a scale.
        handles.append(
            (
                Patch(facecolor=cs[0], edgecolor="none"),
                words if side != "unattributed" else claimant_words(side),
            )
        )
    return handles


# Along a horizontal value axis a bound's glyph points along it, as its fade runs: "over"
# towards larger figures (▶), "up to" towards zero (◀); a timeline's ▲/▼ would point across.
ROW_MARKERS = {"over": ">", "up_to": "<"}
# A stated range in a row chart: a bracket between its two ends, not a rounding band.
RANGE_BRACKET_LABEL = "range: from–to"


def legends_above(
    ax: Axes,
    data: pd.DataFrame,
    colors: dict[str, str],
    *,
    periods: bool,
    claimants: bool = True,
    colours: bool = True,
    note: str = "",
    tuck: bool = False,
    along_x: bool = False,
    hidden: set[str] | frozenset[str] = frozenset(),
) -> list[Legend]:
    """The keys, stacked above the plot: how to read the marks, then who claims (with
    ``claimants`` False, only which colour is which side; with ``colours`` False, no colour
    key at all, for charts whose every row names its claimant); above them ``note``, what
    the chart left out, when it left anything out. With ``tuck``, the keys sit just above
    the highest panel title even where it lies inside ``ax`` (no blank band between them).

    ``along_x``: the value axis is horizontal (row charts), so a bound's glyph points along it
    (▶ over, ◀ up to) as the marks do; ``hidden``: kinds of mark the reader cannot see (a
    rounding band under its diamond), left out of the key.

    Each shows only what the chart draws, without a heading, in as few lines as the figure's
    width allows: together they stay under a fifth of an exported figure's height.
    """
    fig = ax.figure
    renderer = geometry.renderer_of(fig)
    geometry.settle(fig, renderer)
    avail = _room(ax)
    made: list[Legend] = []
    # Clear of the top tick label, which stands half above the plot.
    offset = 4.0 if axes_level() else 9.0
    # Panels' titles sit above their panel: the legends go above the highest of them.
    top_pad = max(
        [
            (geometry.text_box(a.title, renderer).y1 - ax.get_window_extent(renderer).y1)
            * 72
            / fig.dpi
            for a in [ax, *ax.child_axes]
            if a.title.get_text()
        ]
        + [
            (geometry.text_box(t, renderer).y1 - ax.get_window_extent(renderer).y1) * 72 / fig.dpi
            for a in [ax, *ax.child_axes]  # one panel is ``ax`` itself
            for t in a.texts
            if t.get_gid() == "panel-title"
        ],
        default=0.0,
    )
    top_pad = top_pad if tuck else max(top_pad, 0.0)
    marks = [
        (h, h.get_label()) for h in grammar_handles(data, periods=periods) if h.kind not in hidden
    ]
    for h, _ in marks:
        if along_x and h.kind in ROW_MARKERS:
            h.marker = ROW_MARKERS[h.kind]
        if along_x and h.kind == "range":  # a row chart draws a range as a bracket
            h.bracket = True
            h.label = RANGE_BRACKET_LABEL
    marks = [(h, h.get_label()) for h, _ in marks]
    who = (
        []
        if not colours
        else [(h, h.get_label()) for h in claimant_handles(data, colors)]
        if claimants
        else side_handles(data, colors)
    )
    for title, entries in (
        ("How to read the marks", marks),
        ("Claimant" if claimants else "Colour", who),
        (wrap(note, avail * 0.97, fig, SMALL_SIZE), [None] if note else []),
    ):
        if not entries:
            continue
        if entries == [None]:  # the note: a title without entries, stacked like a legend
            legend = Legend(
                ax,
                [],
                [],
                loc="lower left",
                bbox_to_anchor=(0, 1),
                bbox_transform=_above(ax, offset + top_pad, pin=True),
                title=title,
                alignment="left",
                borderpad=0.1,
                title_fontproperties=FontProperties(size=SMALL_SIZE),
            )
            legend.get_title().set_color(MUTED_COLOR)
            legend.set_gid("note:left-out")
            ax.add_artist(legend)
            legend.set_clip_on(False)
            legend.set_in_layout(False)
            made.append(legend)
            continue
        handles, labels = [h for h, _ in entries], [t for _, t in entries]
        # As many columns as fit the width: most keys take one line. The key has no heading:
        # its glyphs and swatches say what they are (the Economist's and the FT's habit).
        for ncols in range(len(handles), 0, -1):
            legend = Legend(
                ax,
                handles,
                labels,
                loc="lower left",
                bbox_to_anchor=(0, 1),
                bbox_transform=_above(ax, offset + top_pad, pin=True),
                ncols=ncols,
                alignment="left",
                handler_map={**GLYPH_HANDLER, tuple: HandlerTuple(ndivide=None, pad=0.0)},
                labelcolor=TEXT_COLOR,
                borderpad=0.1,
                handlelength=1.8,
                columnspacing=1.0,
                handletextpad=0.45,
                labelspacing=0.3,
            )
            legend.set_gid(f"legend:{title}")
            if legend.get_window_extent(renderer).width <= avail or ncols == 1:
                break
        ax.add_artist(legend)
        legend.set_clip_on(False)  # outside the plot: never clipped
        legend.set_in_layout(False)  # frame() makes room above the plot for it
        made.append(legend)
        offset += legend.get_window_extent(renderer).height * 72 / fig.dpi + _GAP / 2
    return made


def empty(ax: Axes, what: str) -> Axes:
    """An axes that says there is nothing to draw, instead of an empty 1970 date axis."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        f"No claims to show: {what}",
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=10,
        color=MUTED_COLOR,
        gid="empty",
    )
    return ax


def frame(fig: Figure, ax: Axes, *, title: str, subtitle: str, source: str) -> None:
    """Title, subtitle and wrapped footer around ``ax``, then one layout pass and the labels.

    The axes' own furniture (tick labels, legends above it, a secondary axis) is measured
    once and the plot is given whatever room is left; labels are placed last, for the final
    layout.
    """
    renderer = geometry.renderer_of(fig)
    dpi = fig.dpi
    w, h = fig.bbox.width, fig.bbox.height
    m = MARGIN * dpi
    # Lines are measured at the figure's dpi; hinting makes text a little wider at other
    # resolutions (the 200 dpi PNG, 110 dpi in notebooks), so keep 3 % in hand.
    avail = w - 2 * m
    top = fig.text(
        m / w,
        1 - m / h,
        wrap(title, avail * 0.97, fig, 13, "bold", widow=True),
        ha="left",
        va="top",
        fontsize=13,
        fontweight="bold",
        color="#111111",
        gid="title",
    )
    y = geometry.text_box(top, renderer).y0 - 3
    sub = fig.text(
        m / w,
        y / h,
        wrap(subtitle, avail * 0.97, fig, 9.5, widow=True),
        ha="left",
        va="top",
        fontsize=9.5,
        color="#333333",
        gid="subtitle",
    )
    header_bottom = geometry.text_box(sub, renderer).y0 - _GAP * dpi / 72
    foot = fig.text(
        m / w,
        m / h,
        wrap(with_footer_notes(fig, source), avail * 0.97, fig, SMALL_SIZE),
        ha="left",
        va="bottom",
        fontsize=SMALL_SIZE,
        color=MUTED_COLOR,
        gid="footer",
    )
    footer_top = geometry.text_box(foot, renderer).y1 + 10 * dpi / 72
    for _ in range(2):  # tick labels can change width once the plot is resized
        geometry.settle(fig, renderer)
        pos = ax.get_window_extent(renderer)
        tight = ax.get_tightbbox(renderer)
        tops = [lg.get_window_extent(renderer).y1 for lg in geometry.legends(fig)]
        left = pos.x0 - tight.x0
        right = tight.x1 - pos.x1
        below = pos.y0 - tight.y0
        above = max([tight.y1, *tops]) - pos.y1
        x0 = m + left
        x1 = w - m - right
        y0 = footer_top + below
        y1 = header_bottom - above
        ax.set_position([x0 / w, y0 / h, (x1 - x0) / w, (y1 - y0) / h])
    place_labels(fig, force=True)
