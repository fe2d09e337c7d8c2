"""How a row chart draws its marks beyond the grammar (rating 7): row names in two inks,
every filled mark rimmed, "about" bands taller than their diamonds, an "over" fade in its
claimant's ink, a bound's glyph with its back on its figure. "up to X" is drawn as every
figure draws it (:func:`kursk_data.plotting.rows.strong_up_to`). Split from
:mod:`kursk_data.plotting.rows`, which lays the chart out."""

from __future__ import annotations

from typing import Protocol

import pandas as pd
from matplotlib.axes import Axes

from kursk_data.plotting.grammar import short_figure
from kursk_data.plotting.select import value_range
from kursk_data.plotting.style import MARK_SIZE, UNATTRIBUTED_COLOR, label_ink


class Panel(Protocol):
    """A row chart's panel as these helpers read it (:class:`kursk_data.plotting.rows.Panel`,
    not imported: rows imports this module)."""

    rows: pd.DataFrame


# An "over X" fade in a row chart: its claimant's ink from this alpha at the figure to nothing
# (rating 9: "over 1,000" killed, a small glyph at the zero end of a scale to 80,000, all but
# vanished at 0.3); the same start as an "up to" fade (:data:`rows.UP_TO_ALPHA`), so both
# bounds read alike and lighter than any stated figure.
ROW_OVER_ALPHA = 0.6
# An "about" band in a row chart stands taller than its diamond, so a band narrower than the
# diamond (about 11,000 on a scale to 80,000: 10,500-11,500) still shows above and below it
# (rating 7: the bands could not be seen, the qualifier was carried by the words alone).
# Rating 9: still unseen at 680 px (a 5-10 px wide band behind an 8 px diamond): darker, the
# band shows as a bar through its diamond, its ends clear of the diamond's tips. No taller:
# its row label keeps 8 pt from the band's end, more than half the band's width (the
# placement reads a stroke's half width on every side).
ROW_BAND_WIDTH = 2.4 * MARK_SIZE
ROW_BAND_ALPHA = 0.5


def name_ticks(
    panel: Axes,
    names: list[str],
    inks: list[str],
    who_lines: list[int] | None = None,
    *,
    size: float | None = None,
) -> None:
    """Each row's name on ``panel`` in two inks: its measure's lines (minor tick labels, in the
    text grey) over its claimant's line (the major label, in the claimant's ``inks``), so what
    and who separate (rating 7: one grey block). Both are tick labels of one tick, the same
    number of lines each (blank where the other layer's lines are), so they lay out, line up
    and are measured as one name. A claimant's line may be two (``who_lines``): a long name
    is wrapped rather than narrowing the plot."""
    whats, whos = [], []
    for k, name in enumerate(names):
        lines = str(name).split("\n")
        cut = len(lines) - (who_lines[k] if who_lines else 1)
        what, who = lines[:cut], lines[cut:]
        whats.append("\n".join(what) + "\n" * len(who) if what else "")
        whos.append("\n" * len(what) + "\n".join(who))
    panel.set_yticks(range(len(names)), whos)
    panel.tick_params(axis="y", which="both", length=0)
    if size is not None:  # only ever larger than the names' own size (a caller's style)
        own = panel.yaxis.get_major_ticks()[0].label1.get_fontsize()
        panel.tick_params(axis="y", which="major", labelsize=max(size, own))
    if any(whats):
        panel.yaxis.remove_overlapping_locs = False  # the minor labels share the major ticks
        panel.set_yticks(range(len(names)), whats, minor=True)
        major = panel.yaxis.get_major_ticks()[0]
        panel.tick_params(
            axis="y", which="minor", labelsize=major.label1.get_fontsize(), pad=major.get_pad()
        )
    for text, ink in zip(panel.get_yticklabels(), inks, strict=True):
        text.set_color(ink)


def row_mark_style(panel: Axes, row: pd.Series, color: str, at: float) -> None:
    """A row chart's mark of ``row``: every filled mark rimmed in its claimant's ink, so two
    marks of one qualifier have one style (rating 7: the grey diamond had a dark rim, the blue
    none); an "about" band taller than the mark (:data:`ROW_BAND_WIDTH`); a bound's fade in
    the claimant's ink."""
    from kursk_data.plotting.grammar import is_implied

    cid, qual = str(row["claim_id"]), str(row["qualifier"])
    ink = label_ink(color)
    for line in panel.lines:
        gid = line.get_gid()
        if gid == f"claim:{cid}" and not is_implied(row) and qual != "range":
            line.set_markeredgecolor(ink)
            line.set_markeredgewidth(0.8)
            if qual in ("over", "up_to"):
                _back_on_bound(line, 1.0 if qual == "over" else -1.0)
        elif gid == f"band:{cid}" and qual in ("about", "unknown"):
            line.set_linewidth(ROW_BAND_WIDTH)
            line.set_alpha(ROW_BAND_ALPHA)
            if str(color).upper() == UNATTRIBUTED_COLOR:
                line.set_color(ink)  # the pale neutral's band all but vanished
    if qual == "over":
        _ink_fade(panel, f"bound:{cid}", ink)


def _back_on_bound(line, way: float) -> None:
    """A bound's glyph drawn with its flat back on the figure, pointing ``way`` (+1 right)
    into the range the claim allows: "over 1,000" on a scale to 80,000 stands clear of zero
    (rating 7: centred on 1,000 it was pressed against the zero edge), "up to 70,000" ends
    on 70,000. The data stay the figure; only the drawing moves, by half the glyph."""
    from matplotlib.transforms import ScaledTranslation

    half = (line.get_markersize() + line.get_markeredgewidth()) / 2
    fig = line.axes.figure
    line.set_transform(
        line.axes.transData + ScaledTranslation(way * half / 72, 0, fig.dpi_scale_trans)
    )


def _ink_fade(panel: Axes, gid: str, ink: str) -> None:
    """The fade ``gid`` on ``panel`` in ``ink``, from :data:`ROW_OVER_ALPHA` to nothing."""
    from matplotlib.colors import to_rgba

    rgb = to_rgba(ink)[:3]
    for coll in panel.collections:
        if coll.get_gid() == gid:
            n = len(coll.get_segments())
            coll.set_color([(*rgb, ROW_OVER_ALPHA * (1 - i / n)) for i in range(n)])


# The open fade stops this share of the axis short of its end, where it has all but faded:
# it never runs into the axis' end as a bar to the top of the scale would.
OPEN_SHORT = 0.05


def open_fade(panel: Axes, row: pd.Series, ink: str, at: float) -> None:
    """The largest "over" of its scale fades all the way to the axis' open end (rating 7:
    a short pale fade read as a stop)."""
    from kursk_data.plotting.grammar import fade

    gid = f"bound:{row['claim_id']}"
    for coll in [c for c in panel.collections if c.get_gid() == gid]:
        coll.remove()
    lo, hi = panel.get_xlim()
    end = hi - OPEN_SHORT * (hi - lo)
    fade(panel, float(row["value"]), end, at, color=ink, vertical=False, log=False, gid=gid)


# A figure under this share of the largest figure on its scale sits at the zero end, its
# distance from zero unreadable ("over 1,000" killed on a scale to 80,000: 4 px at 680 px).
SMALL_SHARE = 0.05
# What its label adds: the mark stays at its true place, the words say why it looks like zero
# (rating 10: "a row spent on a mark nobody can read").
SMALL_NOTE = "small at this scale"


def row_figure(row: pd.Series, *, small: bool = False) -> str:
    """A row's label: its figure as worded; ``small`` adds :data:`SMALL_NOTE` in brackets."""
    text = short_figure(row)
    return f"{text} ({SMALL_NOTE})" if small else text


def small_figures(groups: list[Panel], scales: list[list[int]]) -> set[str]:
    """Claim ids of figures above zero but under :data:`SMALL_SHARE` of the largest figure on
    their scale (a linear scale's: on a log scale nothing sits at zero)."""
    out = set()
    for k, group in enumerate(groups):
        rows = pd.concat([groups[j].rows for j in scales[k]])
        if not len(rows):
            continue
        _, _, log = value_range(rows)
        top = float(rows["value"].astype(float).max())
        if log or top <= 0:
            continue
        for _, row in group.rows.iterrows():
            if 0 < float(row["value"]) < SMALL_SHARE * top:
                out.add(str(row["claim_id"]))
    return out


# Points an "about" label's anchor moves right where its band is dropped (see drop_bands):
# past the diamond's half width, so the label keeps about 5 pt from it, as the others do.
ABOUT_LABEL_SHIFT_PT = 6.0


def drop_bands(boxes: list[Axes], groups: list[Panel]) -> list[str]:
    """Remove every "about" band of a chart whose bands are all too narrow to be seen beside
    their diamonds (:func:`hidden_bands`): one way for every claimant (rating 10: about 11,000's
    band was a 4 px grey tick, about 10,000's an 8 px blue square, the same qualifier drawn
    two ways by the width of its rounding). The label's "about" carries the qualifier.
    Returns the claim ids whose band was dropped."""
    ids = [
        str(row["claim_id"])
        for g in groups
        for _, row in g.rows.iterrows()
        if str(row["qualifier"]) in ("about", "unknown")
    ]
    gids = {f"band:{cid}" for cid in ids}
    for panel in boxes:
        for line in [ln for ln in panel.lines if ln.get_gid() in gids]:
            line.remove()
    return ids
