"""One claim's drawing, the same in every chart, and the legend that explains it.

A claim is one mark whose shape is its qualifier (see :data:`QUALIFIER_MARKERS`). Around it:
a translucent band for the interval "about", a stated range or a rounded number allows; a bar
fading towards the open end for a bound ("over" fades over a short stretch above its figure,
"up to" down to zero), never darker than a band, so a bound is the lightest mark, not a bar
to the axis end;
a thin bar across the period the figure covers (dotted when the ledger inferred the period);
the mark at the period's end (see :func:`when`).
A hollow mark is a number nobody stated (``basis`` implied). Artists carry gids
``claim:<id>``, ``band:<id>``, ``bound:<id>`` and ``period:<id>``.
"""

from __future__ import annotations

import itertools

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.legend_handler import HandlerBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kursk_data.labels import (
    APPROX_MARK,
    INFERRED_MARK,
    number_text,
    short_period,
    side_name,
)
from kursk_data.plotting.style import (
    BAND_ALPHA,
    BAND_WIDTH,
    BOUND_ALPHA,
    BOUND_WIDTH,
    IMPLIED_LABEL,
    INFERRED_PERIOD_LABEL,
    MARK_SIZE,
    PERIOD_ALPHA,
    PERIOD_LABEL,
    PERIOD_WIDTH,
    QUALIFIER_LABELS,
    QUALIFIER_MARKERS,
    RUNNING_TOTAL_LABEL,
    SERIES_LABEL,
    SIDE_ADJECTIVES,
    SIDE_LABELS,
    UNATTRIBUTED_COLOR,
    claimant_words,
    short_names,
    side_of_color,
)

_FADE_STEPS = 14
# A bound's fade starts no darker than a band: an open end is the least certain part of a
# chart and must not be its heaviest ink.
FADE_ALPHA = min(BOUND_ALPHA, BAND_ALPHA)
# "over X" fades over this share of the value axis: an arrow-like open end, not a bar to the
# axis' end that would read as a figure near the top of the scale.
OVER_REACH = 0.12
# The key's glyphs stand for shapes, not for anyone: drawn in the neutral of reports nobody is
# named for, which every claimant colour differs from for every reader (style.py), so no
# claimant's colour (a near-black brown, a navy) reads as a glyph of the key.
_LEGEND_INK = UNATTRIBUTED_COLOR
# Unattributed reports' marks are rimmed in a dark grey: a grey mark is told from every
# claimant's by its rim as well as by being the one neutral, and stays visible on white.
UNATTRIBUTED_RIM = "#4A4A4A"
# The key's words, in a reader's words (rating 7: "line: one claimant's figures, not a path
# (dashed: from over X)" read as a developer's note, and "not a path" under a title saying an
# estimate rose). The thin line that joins one claimant's figures in turn: straight, between
# figures, with nothing claimed between them.
JOINED_LABEL = "joined: the same claimant's later figures (straight joins, none between)"
# ... where a step of a running count starts or ends at an open-ended figure, drawn dashed.
JOINED_OPEN_LABEL = "joined: the same claimant's later figures; dashed: from a lower bound"
# ... where a join spans months with no figure from that claimant, drawn dotted.
JOINED_GAP_LABEL = "joined: the same claimant's later figures; dotted: months with none"
# How that line is drawn: thin and solid, so at print size it never reads as the dotted
# (inferred) period bar; lighter than a mark. A step to or from an open-ended figure is
# dashed (OPEN_STEP_DASHES): its slope is no surer than the bound.
JOINED_STYLE = {"lw": 0.8, "ls": "-", "alpha": 0.6}
OPEN_STEP_DASHES = (0, (4.0, 2.5))
# A join over months with no figure from its claimant (marks.JOIN_GAP_DAYS): sparse round
# dots, thin, in the claimant's colour, never the thick grey dots of an inferred period bar.
GAP_DOTS = (0, (0.6, 2.4))
# The inferred period's entry where labels star inferred dates (labels.short_period), and
# the words for "c." added to it.
STARRED_LABEL = f"{INFERRED_MARK}, dotted bar: date is our reading"
APPROX_WORDS = "c. = approximate"
# A key of one line, for a chart of a few marks each labelled in words ("_compact_key"):
# rating 9 read losses-article's two lines of four conventions as "a decoding exercise". Each
# entry says only what its glyph shows that no label says; "c." (circa) is left to the reader.
COMPACT_LABELS = {
    "inferred": f"{INFERRED_MARK}, dotted: date is our reading",
    "about": "shaded band: rounding of \u201cabout\u201d",
    "joined-open": "dashed: from a lower bound",
    "joined-gap": "dotted: months with none",
}


def num(x) -> float:
    return float("nan") if pd.isna(x) else float(x)


def is_implied(row: pd.Series) -> bool:
    return str(row.get("basis", "")) == "implied"


def is_inferred_period(row: pd.Series) -> bool:
    return str(row.get("period_basis", "")) == "inferred"


def is_running_total(row: pd.Series) -> bool:
    return "since" in row.index and not pd.isna(row["since"])


# Topics whose figures are counts of events that add up over their period (the dead, the
# captured), as opposed to states (an area held, a force present).
COUNT_TOPICS = ("losses", "prisoners")


def is_count_over_period(row: pd.Series) -> bool:
    """A count of events over a period of more than a day ("over 1,000 killed in three
    months"): a figure on a :data:`COUNT_TOPICS` topic, not a running total."""
    return (
        str(row.get("topic", "")) in COUNT_TOPICS
        and not is_running_total(row)
        and row["period_end"] > row["period_start"]
    )


def when(row: pd.Series) -> pd.Timestamp:
    """Where a claim sits in time: at the end of the period it covers (its as-of date, the
    date :func:`kursk_data.contested` compares it on), its period bar reaching back behind
    it; a running total at its as-of date; a claim of one day on its day. One rule for a
    state and a count: "over 1,000 km² in August" and "over 1,000 killed in three months"
    both stand where their period ends, in every figure (rating 7: the source article's
    August figure stood at its period's end in one figure and mid-period in another)."""
    return row["period_end"]


def _short(x) -> str:
    """A number in a short label: whole from 1 up (34.7 as 35), significant digits below 1
    (0.5, 0.000001: never rounded to a 0 nobody claimed)."""
    value = num(x)
    return f"{value:,.0f}" if abs(value) >= 1 or value == 0 else number_text(value)


def short_figure(row: pd.Series) -> str:
    """A figure in a few characters: qualifier words, number, unit ("about 90 km²"); an implied
    figure says so."""
    unit = " km²" if str(row["unit"]) == "km2" else ""
    qual = str(row["qualifier"])
    if qual == "range":
        text = f"{_short(row['low'])}–{_short(row['high'])}{unit}"
    else:
        words = {"about": "about ", "over": "over ", "up_to": "up to "}.get(qual, "")
        text = f"{words}{_short(row['value'])}{unit}"
    return f"{text} (implied)" if is_implied(row) else text


def interval(row: pd.Series) -> tuple[float, float]:
    """The drawn interval: ``low``/``high`` with open ends as NaN."""
    return num(row["low"]), num(row["high"])


def fade(
    ax: Axes,
    start: float,
    end: float,
    at: float,
    *,
    color,
    vertical: bool,
    log: bool,
    width: float = BOUND_WIDTH,
    gid: str | None = None,
    transform=None,
) -> LineCollection:
    """A bar from ``start`` to ``end`` along the value axis whose ink fades to nothing."""
    if log:
        edges = np.geomspace(max(start, 1e-12), max(end, 1e-12), _FADE_STEPS + 1)
    else:
        edges = np.linspace(start, end, _FADE_STEPS + 1)
    segs = [
        [(at, a), (at, b)] if vertical else [(a, at), (b, at)] for a, b in itertools.pairwise(edges)
    ]
    rgba = to_rgba(color)
    colors = [(*rgba[:3], FADE_ALPHA * (1 - i / _FADE_STEPS)) for i in range(_FADE_STEPS)]
    coll = LineCollection(
        segs, colors=colors, linewidths=width, capstyle="butt", zorder=2.5, gid=gid
    )
    if transform is not None:
        coll.set_transform(transform)
    ax.add_collection(coll, autolim=False)
    return coll


def over_end(value: float, vlim: tuple[float, float], log: bool) -> float:
    """Where the fade of "over ``value``" ends on a value axis ``vlim``: :data:`OVER_REACH` of
    the axis above the figure (in decades on a log axis), at most the axis' end."""
    if log:
        lo, hi = np.log10(max(vlim[0], 1e-300)), np.log10(max(vlim[1], 1e-300))
        return float(min(value * 10 ** (OVER_REACH * (hi - lo)), vlim[1]))
    return float(min(value + OVER_REACH * (vlim[1] - vlim[0]), vlim[1]))


def draw_claim(
    ax: Axes,
    row: pd.Series,
    *,
    at: float,
    color: str,
    vertical: bool,
    vlim: tuple[float, float],
    log: bool = False,
    periods: bool = True,
    over_to: float | None = None,
    **kws,
) -> Line2D:
    """Draw one claim by the grammar and return its mark.

    ``vertical`` True: the value runs along y and ``at`` is the x position (a date number);
    False: the value runs along x and ``at`` is the row's y. ``vlim`` is the value axis' range,
    where a bound's fading bar ends; ``over_to``, where an "over" fade must stop at the latest
    (short of another claim's mark above it, so the fade never reads as reaching that claim).
    """
    cid = str(row["claim_id"])
    qual = str(row["qualifier"])
    value = num(row["value"])
    low, high = interval(row)

    def xy(v: float) -> tuple[float, float]:
        return (at, v) if vertical else (v, at)

    if periods and vertical and not is_running_total(row):
        start, end = mdates.date2num(row["period_start"]), mdates.date2num(row["period_end"])
        if end > start:
            ax.plot(
                [start, end],
                [value, value],
                # The neutral grey of unattributed reports, at a bar's alpha, all but
                # vanished (rating 6): its bar takes the rim's darker grey.
                color=UNATTRIBUTED_RIM if str(color).upper() == UNATTRIBUTED_COLOR else color,
                lw=PERIOD_WIDTH,
                alpha=PERIOD_ALPHA,
                ls=(0, (1, 1)) if is_inferred_period(row) else "-",
                solid_capstyle="butt",
                dash_capstyle="butt",
                zorder=2,
                gid=f"period:{cid}",
            )
    if qual in ("about", "range", "unknown") and np.isfinite([low, high]).all() and high > low:
        (a, b), (c, d) = xy(low), xy(high)
        ax.plot(
            [a, c],
            [b, d],
            color=color,
            lw=BAND_WIDTH,
            alpha=BAND_ALPHA,
            solid_capstyle="butt",
            zorder=3,
            gid=f"band:{cid}",
        )
    if qual in ("over", "up_to"):
        # "over": a short stretch above (OVER_REACH of the axis, at the scale it reads), never
        # past the axis' end. "up to": down to zero; a log axis has no zero, so there a bound
        # fades over one decade.
        if qual == "over":
            end = over_end(value, vlim, log)
            if over_to is not None and over_to > value:
                end = min(end, over_to)
        else:
            end = max(value / 10, vlim[0]) if log else max(0.0, vlim[0])
        # An unattributed bound fades in the rim's darker grey, as its period bar is drawn: in
        # the pale neutral at a fade's alpha it read as a smudge at 680 px (rating 9).
        ink = UNATTRIBUTED_RIM if str(color).upper() == UNATTRIBUTED_COLOR else color
        fade(ax, value, end, at, color=ink, vertical=vertical, log=log, gid=f"bound:{cid}")
    if qual == "range" and np.isfinite([low, high]).all() and high > low:
        # A stated range is its two ends, each a thin tick on the band: no filled mark at
        # one end, which would read as a point claim of that number.
        (x0, y0), (x1, y1) = xy(low), xy(high)
        (mark,) = ax.plot(
            [x0, x1],
            [y0, y1],
            **{
                "linestyle": "none",
                "marker": "_" if vertical else "|",
                "ms": MARK_SIZE * 1.1,
                "color": color,
                "markeredgewidth": 1.8,
                "zorder": 4,
                "gid": f"claim:{cid}",
                **kws,
            },
        )
        return mark
    face = "white" if is_implied(row) else color
    edge = color if is_implied(row) else "white"
    if str(color).upper() == UNATTRIBUTED_COLOR:
        edge = UNATTRIBUTED_RIM
    x, y = xy(value)
    props = {
        "linestyle": "none",
        "marker": QUALIFIER_MARKERS[qual],
        "ms": mark_size(QUALIFIER_MARKERS[qual]),
        "color": color,
        "markerfacecolor": face,
        "markeredgecolor": edge,
        "markeredgewidth": 1.4 if is_implied(row) else 0.7,
        "zorder": 4,
        "gid": f"claim:{cid}",
        **kws,
    }
    (mark,) = ax.plot([x], [y], **props)
    return mark


# A triangle drawn at MARK_SIZE covers half a diamond's area and reads as the smallest, faintest
# mark (rating 5: losses' "over 100", the first of its series): triangles are set larger, to
# about the area of the circle and the diamond they stand beside.
_MARK_SCALE = {"^": 1.35, "v": 1.35}


def mark_size(marker: str) -> float:
    """The size (points) of a claim's ``marker``: :data:`MARK_SIZE`, triangles larger so every
    glyph covers about the same area."""
    return MARK_SIZE * _MARK_SCALE.get(marker, 1.0)


# --------------------------------------------------------------------------- legends


class _Glyph:
    """A legend entry of the grammar: which drawing to show."""

    def __init__(self, kind: str, label: str):
        self.kind = kind
        self.label = label
        self.marker: str | None = None  # the glyph, where not the qualifier's (row charts)

    def get_label(self) -> str:
        return self.label


class _GlyphHandler(HandlerBase):
    def create_artists(
        self, legend, orig_handle, xdescent, ydescent, width, height, fontsize, trans
    ):
        kind = orig_handle.kind
        y = height / 2 - ydescent
        x0, x1 = -xdescent, width - xdescent
        out = []

        def line(xs, **kw):
            ln = Line2D(xs, [y] * len(xs), transform=trans, **kw)
            out.append(ln)

        def mark(x, marker, **kw):
            props = {
                "marker": marker,
                "ms": mark_size(marker),
                "color": _LEGEND_INK,
                "markeredgecolor": "white",
                "markeredgewidth": 0.7,
                "linestyle": "none",
            }
            out.append(Line2D([x], [y], transform=trans, **{**props, **kw}))

        mid = (x0 + x1) / 2
        if kind == "series":
            line(
                [x0, x1], color=_LEGEND_INK, lw=BAND_WIDTH, alpha=BAND_ALPHA, solid_capstyle="butt"
            )
            line([x0, x1], color=_LEGEND_INK, lw=1.3)
        # The key's samples of thin lines and dotted bars in the rim's darker grey, opaque: in
        # the pale neutral at a line's alpha they could hardly be seen at 680 px (rating 6).
        sample = {**JOINED_STYLE, "alpha": 1.0, "lw": 1.0}
        if kind == "joined":
            line([x0, x1], color=UNATTRIBUTED_RIM, **sample)
        if kind == "joined-open":  # solid, then the dashed step from an open-ended figure
            line([x0, mid], color=UNATTRIBUTED_RIM, **sample)
            line([mid, x1], color=UNATTRIBUTED_RIM, **{**sample, "ls": OPEN_STEP_DASHES})
        if kind == "joined-gap":  # solid, then the dotted join over months with no figure
            line([x0, mid], color=UNATTRIBUTED_RIM, **sample)
            gap = {**sample, "ls": GAP_DOTS, "lw": 1.1, "dash_capstyle": "round"}
            line([mid, x1], color=UNATTRIBUTED_RIM, **gap)
        if kind == "range" and getattr(orig_handle, "bracket", False):
            line([x0 + 1, x1 - 1], color=_LEGEND_INK, lw=1.6, solid_capstyle="butt")
        elif kind in ("about", "range", "unknown"):
            line(
                [x0, x1], color=_LEGEND_INK, lw=BAND_WIDTH, alpha=BAND_ALPHA, solid_capstyle="butt"
            )
        elif kind == "band":  # a band alone, in the samples' darker grey (keys in words)
            line(
                [x0, x1],
                color=UNATTRIBUTED_RIM,
                lw=BAND_WIDTH,
                alpha=BAND_ALPHA,
                solid_capstyle="butt",
            )
        if kind in ("over", "up_to"):
            start, end = (x0 + 3, x1) if kind == "over" else (x1 - 3, x0)
            edges = np.linspace(start, end, _FADE_STEPS + 1)
            rgba = to_rgba(_LEGEND_INK)
            segs = [[(a, y), (b, y)] for a, b in itertools.pairwise(edges)]
            colors = [(*rgba[:3], FADE_ALPHA * (1 - i / _FADE_STEPS)) for i in range(_FADE_STEPS)]
            out.append(
                LineCollection(
                    segs, colors=colors, linewidths=BOUND_WIDTH, capstyle="butt", transform=trans
                )
            )
            mark(start, orig_handle.marker or QUALIFIER_MARKERS[kind])
        elif kind == "range":  # the band's two ends, as a range is drawn
            for x in (x0 + 1, x1 - 1):
                mark(x, "|", markeredgecolor=_LEGEND_INK, markeredgewidth=1.8)
        elif kind in QUALIFIER_MARKERS:
            mark(mid, QUALIFIER_MARKERS[kind])
        elif kind == "implied":
            mark(
                mid, "o", markerfacecolor="white", markeredgecolor=_LEGEND_INK, markeredgewidth=1.4
            )
        elif kind in ("period", "inferred"):
            line(
                [x0, x1],
                color=UNATTRIBUTED_RIM,
                lw=PERIOD_WIDTH,
                alpha=PERIOD_ALPHA + 0.1,
                ls=(0, (1, 1)) if kind == "inferred" else "-",
                solid_capstyle="butt",
                dash_capstyle="butt",
            )
        if not out:  # "running": a note on where such marks sit, with no glyph of its own
            out.append(Line2D([], [], transform=trans))
        return out


def grammar_handles(data: pd.DataFrame, *, periods: bool) -> list[_Glyph]:
    """Legend entries for exactly the parts of the grammar that ``data`` draws."""
    series = data["_series"].astype(bool) if "_series" in data else None
    handles = [_Glyph("series", SERIES_LABEL)] if series is not None and series.any() else []
    if series is not None:
        data = data[~series]  # a series' claims are its line and band, not marks
    rows = [r for _, r in data.iterrows()]
    # An exact figure nobody stated is the hollow circle, which its own entry explains: the
    # filled circle's entry only where a stated exact figure is drawn.
    quals = {
        str(r["qualifier"]) for r in rows if str(r["qualifier"]) != "exact" or not is_implied(r)
    }
    if "_band_seen" in data:
        # "about X: band = rounding" only where such a band can be seen beside its mark.
        seen = data["_band_seen"].astype(bool)
        about = data["qualifier"].astype(str) == "about"
        if about.any() and not (seen & about).any():
            quals.discard("about")
    handles += [_Glyph(q, QUALIFIER_LABELS[q]) for q in QUALIFIER_MARKERS if q in quals]
    if any(is_implied(r) for r in rows):
        handles.append(_Glyph("implied", IMPLIED_LABEL))
    if periods:
        spans = [r for r in rows if r["period_end"] > r["period_start"] and not is_running_total(r)]
        # Labels that print periods as labels.short_period (a "_starred" column) mark an
        # inferred period "*" and an approximate one "c.": the key says so once, the star on
        # the dotted bar's entry (a day has no bar, only its star).
        starred = "_starred" in data and data["_starred"].astype(bool).any()
        inferred = [r for r in (rows if starred else spans) if is_inferred_period(r)]
        approx = starred and any(short_period(r).startswith(APPROX_MARK) for r in rows)
        for kind, label, mine in (
            ("period", PERIOD_LABEL, [r for r in spans if not is_inferred_period(r)]),
            ("inferred", STARRED_LABEL if starred else INFERRED_PERIOD_LABEL, inferred),
        ):
            if mine:
                if kind == "inferred" and approx:
                    # "c." is said on the starred entry: one entry for both of the labels'
                    # date marks, not one more line of key (rating 6: six entries).
                    label += f"; {APPROX_WORDS}"
                    approx = False
                handles.append(_Glyph(kind, label))
        if approx:
            handles.append(_Glyph("running", APPROX_WORDS))
        if any(is_running_total(r) for r in rows):
            handles.append(_Glyph("running", RUNNING_TOTAL_LABEL))
    if "_compact_key" in data and data["_compact_key"].astype(bool).any():
        # One line: the words the labels already carry are left out ("c.", "joined").
        for h in handles:
            h.label = COMPACT_LABELS.get(h.kind, h.label)
            # The labels word "about": its entry is the band alone, no diamond glyph.
            h.kind = "band" if h.kind == "about" else h.kind
        handles = [h for h in handles if h.kind != "running" or h.label != APPROX_WORDS]
    if "_joined" in data and data["_joined"].astype(bool).any():
        if "_joined_open" in data and data["_joined_open"].astype(bool).any():
            handles.append(_Glyph("joined-open", JOINED_OPEN_LABEL))
        elif "_joined_gap" in data and data["_joined_gap"].astype(bool).any():
            handles.append(_Glyph("joined-gap", JOINED_GAP_LABEL))
        else:
            handles.append(_Glyph("joined", JOINED_LABEL))
        if "_compact_key" in data and data["_compact_key"].astype(bool).any():
            handles[-1].label = COMPACT_LABELS.get(handles[-1].kind, handles[-1].label)
    if "_key_footer" in data and data["_key_footer"].astype(bool).any():
        # Prose entries go to the footer (key_footnote): the key keeps the glyphs.
        handles = [h for h in handles if h.kind not in FOOTER_KINDS]
    return handles


# Key entries that are prose rather than a glyph's meaning (the joins' and the dates' marks):
# where a chart's labels are its colour key, they go to the footer, so the key is two rows
# (rating 10, territory-timeline: "six entries of prose").
FOOTER_KINDS = frozenset({"inferred", "running", "joined", "joined-gap", "joined-open"})


def key_footnote(data: pd.DataFrame, *, periods: bool) -> str:
    """The footer's sentence for the key entries :data:`FOOTER_KINDS` moves out of the key
    (``data`` as :func:`grammar_handles` takes it, without ``_key_footer``); "" if none."""
    moved = [
        h.label
        for h in grammar_handles(data.drop(columns="_key_footer", errors="ignore"), periods=periods)
        if h.kind in FOOTER_KINDS
    ]
    return " ".join(f"{m[:1].upper()}{m[1:]}." for m in moved)


GLYPH_HANDLER = {_Glyph: _GlyphHandler()}


def claimant_handles(data: pd.DataFrame, colors: dict[str, str]) -> list[Patch]:
    """One colour swatch per claimant drawn (with its side), in the order of ``colors`` (by
    side, then rank); claimants sharing their side's tint in this chart get one swatch
    together ("2 other Ukrainian claimants")."""
    drawn = set(data["claimant"].astype(str))
    sides = (
        data.assign(_who=data["claimant"].astype(str))
        .groupby("_who", observed=True)["claimant_side"]
        .first()
        .astype(str)
    )
    shown = {w: c for w, c in colors.items() if w in drawn}
    sharing = {c for c in shown.values() if list(shown.values()).count(c) > 1}
    # Long names shortened so each entry fits and distinct claimants stay distinct.
    full = {w: claimant_words(w) for w in shown}
    names = short_names(full.values())
    handles, grouped = [], set()
    for who, color in shown.items():
        if color in sharing:
            if color in grouped:
                continue
            grouped.add(color)
            n = list(shown.values()).count(color)
            side = side_of_color(color)
            own = {sides.get(w) for w, c in shown.items() if c == color} - {None}
            if len(own) == 1 and next(iter(own)) not in SIDE_ADJECTIVES:  # a ledger's own side
                whose = f" {side_name(next(iter(own)))}"
            else:
                whose = f" {SIDE_ADJECTIVES[side]}" if side in SIDE_ADJECTIVES else ""
            label = f"{n} other{whose} claimants"
        else:
            side = sides.get(who, "")
            side = SIDE_LABELS.get(side) or (side_name(side) if side else "")
            name = names[full[who]]
            label = name if who == "unattributed" or not side else _with_side(name, side)
        rim = UNATTRIBUTED_RIM if color.upper() == UNATTRIBUTED_COLOR else "none"
        handles.append(Patch(facecolor=color, edgecolor=rim, lw=0.8, label=label))
    return handles


def _with_side(name: str, side: str) -> str:
    """A claimant's name with its side in brackets; a name that ends in brackets of its own
    takes the side inside them ("Ukrainian General Staff (anonymous source; Ukraine)"), never
    two brackets in a row, and never brackets inside brackets."""
    # A side named with brackets of its own ("Veldra (fictional)") loses them inside others.
    if side.endswith(")") and " (" in side:
        head, _, rest = side.partition(" (")
        side = f"{head}, {rest[:-1]}"
    # A shortened name may have lost its opening bracket ("…us, via Reuters)"): still one pair.
    if name.endswith(")"):
        return f"{name[:-1]}; {side})"
    return f"{name} ({side})"
