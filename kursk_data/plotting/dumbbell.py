"""Disputes as dumbbells: each dispute one row on a value axis its unit's disputes share, its
claims' marks on that row joined by a thin neutral line, each claim named beside its mark.

A newspaper's chart desk prints disputes this way: the gap between two claims reads as a
distance on one scale, and a short figure needs no tall panel of its own (#24). The line only
joins the claims of one dispute: it has no mark in its middle and is lighter than any band, so
it never reads as a range or an average. Each claim's label (claimant, figure, and its date
where the claims' dates differ) sits beside its own mark on the mark's line, the lower
claim's to its left and the higher's to its right, so a pair reads across (rating 7); a
label with no room there runs the other way, just over or under the row and starting over its
own mark, and two marks a few pixels apart are lifted off the row, each with its label. A
period the ledger inferred is marked once per date with an asterisk, explained once in the
key's note.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

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
from kursk_data.plotting.dumbbell_axis import (
    RowGeometry,
    limits_with_room,
    mi2_below,
    plot_width,
    subhead,
)
from kursk_data.plotting.dumbbell_notes import (
    NOTE_LINES,
    common_date,
    crowded_over,
    note_lines,
    period_footer,
    row_note,
    with_aside,
)
from kursk_data.plotting.dumbbell_parts import (
    connect,
    flag_notes,
    flags_of,
    lift,
    place,
    reach_lines,
    reach_of,
    row_outs,
    set_apart,
    show_band,
    wordings,
)
from kursk_data.plotting.grammar import draw_claim, is_inferred_period, short_figure
from kursk_data.plotting.rows import (
    Panel,
    _end_axis,
    along_x,
    bracket_range,
    hidden_bands,
    strong_up_to,
)
from kursk_data.plotting.style import (
    claimant_name,
    label_ink,
)
from kursk_data.plotting.timeline import panels

CONNECTOR_NOTE = "Grey line links a dispute's claims; not an average"
# Row heights in label lines: a row whose marks are lifted (dumbbell_parts.predict_lifts)
# takes this much more per point of lift, so its labels keep clear of the next row's; a
# measure's sub-header has this much clear space above its rule (rating 6: "DeepState:
# about 30 km²" sat on the rule).
LINES_PER_LIFT_PT = 0.09
SUBHEAD_SPACE = 0.5
# Clear space between two rows' labels, in lines (rating 6: rows' labels touched).
ROW_GAP = 0.3


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
        start, end = first["window_start"], first["window_end"]
        inferred = (basis == "inferred").any()
        precisions = compared.get("period_precision", pd.Series(dtype=object)).astype(str)
        if precisions.nunique() > 1 and (end - start).days <= 31 and start.month == end.month:
            # Days of a window the claims give to different precisions (a day and an
            # inferred week) name the days they span, "6–16 Feb 2025" as "22–23 Nov 2024"
            # (rating 10: "Feb 2025" was a convention of its own); each label gives its own
            # date, so the window is starred only where no claim states its period.
            inferred = (basis == "inferred").all()
        when = common_date(sub) or window_text(start, end, inferred)
        out.append(Dispute(str(first["measure"]), when, sub))
    return out


# A label longer than this (characters) goes on two lines, the claimant on the first, where
# on one line it would run across the dumbbell's other mark (#24: the North Korean row's
# labels crossed); see _labels.
LABEL_WRAP = 44


def _label(row: pd.Series, with_date: bool, figure: bool, wrap: bool = True, flag: str = "") -> str:
    name = claimant_name(row)
    when = short_period(row) if with_date else ""
    head = f"{name}, {when}" if when else name
    fig = f"{short_figure(row)}{flag}"
    text = f"{head}: {fig}" if figure else head
    if len(text) <= LABEL_WRAP or not wrap:
        return text
    # The claimant on the first line, the date and figure under it.
    if not figure:
        return f"{name},\n{when}" if when else name
    return f"{name},\n{when}: {fig}" if when else f"{name}:\n{fig}"


def _dated(order: pd.DataFrame) -> bool:
    """Whether a row's labels give their dates: unless every claim is of one and the same day
    (the row's name says it); "Aug 2024*" peaks gave no date of their own (rating 6)."""
    periods = order.apply(period_label, axis=1)
    return periods.nunique() > 1 or bool((order["period_end"] > order["period_start"]).any())


def _labels(
    dispute: Dispute,
    chosen: set[str],
    row: RowGeometry | None = None,
    flags: dict[str, str] | None = None,
) -> list[str]:
    """The labels of ``dispute``'s claims, in the order they are drawn (by figure). One
    longer than :data:`LABEL_WRAP` goes on two lines only where, on one, it would run within
    a mark's width of another claim's mark (``row``: where the row falls on the plot); a row
    of two one-line labels is two lines tall, not four (rating 6: the North Korean panel)."""
    order = dispute.rows.sort_values(["value", "claim_id"])
    with_date = _dated(order)
    out = []
    for j, (_, r) in enumerate(order.iterrows()):
        figure = str(r["claim_id"]) in chosen
        flag = (flags or {}).get(str(r["claim_id"]), "")
        one = _label(r, with_date, figure, wrap=False, flag=flag)
        if row is not None and not row.crosses(j, one):
            out.append(one)
        else:
            out.append(_label(r, with_date, figure, flag=flag))
    return out


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
    notes: list | None = None,
    lead: str | None = None,
    asides: list | None = None,
    row_notes: list | None = None,
    **kws,
) -> Axes:
    """Draw ``disputes`` as dumbbells: a panel per scale (disputes of one unit whose figures
    are within :data:`~kursk_data.analysis.disputes.SHARE_SPAN` of each other share it), a row
    per dispute named by its window (and its measure where the panel holds several), each
    claim's mark by the grammar and its label beside it. ``annotate``: which claims' labels
    carry their figure (all with True); every label names its claimant. ``notes``: (text,
    claim ids) pairs; a note on one claim drawn marks its label (‡) and is said in the key.
    ``lead``: a measure whose panel is drawn first (the one the title names); ``asides``:
    (text, claim id) pairs, a short caveat set as the last line of that claim's label;
    ``row_notes``: (text, claim id) pairs, a caveat set as one grey italic line under the row
    of that claim's dispute, not in its label (rating 10: one label pattern for every mark)."""
    ax = plt.gca() if ax is None else ax
    # Notes on one claim each (the registry's): a mark on its label, the words in the key.
    notes_in = list(notes or [])
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
    if lead:
        # The panel the title is about first (rating 8: it was the lower one), the rest in
        # date order as before.
        clusters.sort(key=lambda c: not any(disputes[k].measure == lead for k in c))
    units = [str(d.rows["unit"].iloc[0]) for d in disputes]
    # A row's height in lines: its labels above and below (more past two claims).
    fig = ax.figure
    width = ax.get_window_extent(fig.canvas.get_renderer()).width
    flags = flags_of(disputes, notes_in)
    # A caveat on one claim as its label's last line (contested: DeepState counts a grey zone
    # separately, ctx-06's note; rating 8 wanted it on the figure, not only in the caption).
    aside = {str(ids[0]): text for text, ids in (asides or []) if len(ids) == 1}
    # Each claim's label, in one, two or more lines (fewest first), its caveat last.
    ways = []
    for d in disputes:
        order = d.rows.sort_values(["value", "claim_id"])
        with_date = _dated(order)
        ways.append(
            [
                with_aside(
                    wordings(
                        r,
                        with_date,
                        str(r["claim_id"]) in chosen,
                        flags.get(str(r["claim_id"]), ""),
                    ),
                    aside.get(str(r["claim_id"]), ""),
                )
                for _, r in order.iterrows()
            ]
        )
    # Each row's name: its window, and its measure too in a panel of measures equally many.
    mains = [_main_measure([disputes[k].measure for k in c]) for c in clusters]
    main_of = {k: main for c, main in zip(clusters, mains, strict=True) for k in c}
    row_names = {
        k: disputes[k].when
        if main_of[k]
        else f"{measure_label(disputes[k].measure)}\n{disputes[k].when}"
        for k in main_of
    }
    plot = plot_width(ax, list(row_names.values()))
    limits = {}
    for c in clusters:
        crowded = any(crowded_over(disputes[k].rows) for k in c)
        lim = limits_with_room(
            ax, [disputes[k].rows for k in c], [ways[k] for k in c], width, plot, crowded
        )
        limits.update({k: lim for k in c})
    rows_at = {k: RowGeometry(ax, disputes[k].rows, limits[k], plot) for k in limits}
    texts = [
        [
            t + (f"\n{aside[c]}" if c in aside else "")
            for t, c in zip(
                _labels(d, chosen, rows_at.get(k), flags),
                d.rows.sort_values(["value", "claim_id"])["claim_id"].astype(str),
                strict=True,
            )
        ]
        for k, d in enumerate(disputes)
    ]
    # Labels beside their marks, on the marks' lines, where the row has room (plan_row).
    plans: dict[int, list[tuple[int, int, float, int]]] = {}
    for k in range(len(disputes)):
        plan = rows_at[k].plan(ways[k]) if k in rows_at else None
        if plan:
            plans[k] = plan
            texts[k] = [w[p[1]] for w, p in zip(ways[k], plan, strict=True)]
    # Lines of label above and below each row whose labels go over and under it (even labels
    # above, odd below; a row of one claim keeps a line below too); rows planned beside their
    # marks are measured below, once their lifts are known.
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
    for c, main in zip(clusters, mains, strict=True):
        if main:
            c[:] = [k for k in c if disputes[k].measure == main] + [
                k for k in c if disputes[k].measure != main
            ]
    heads = [
        len({disputes[k].measure for k in c} - {main}) if main else 0
        for c, main in zip(clusters, mains, strict=True)
    ]
    # Marks lifted off their row (close marks, a label across a neighbour's mark), decided
    # before the layout so each such row is given the room its lifted labels take.
    lifts: dict[int, list[float]] = {}
    for c in clusters:
        for k in c:
            if k in plans:
                # Each label centred on its mark's line, the mark lifted with it.
                lifts[k] = [p[2] for p in plans[k]]
                ups = [reach_lines(p[2], p[3], t) for p, t in zip(plans[k], texts[k], strict=True)]
                # The row's name (its window; its measure too in a panel of mixed measures)
                # takes its lines as well.
                name = (1.0 if main_of[k] else 2.0) / 2 + ROW_GAP / 2
                sides[k] = (
                    max(max(a for a, _ in ups) + ROW_GAP / 2, name),
                    max(max(b for _, b in ups) + ROW_GAP / 2, name),
                )
                lines[k] = sum(sides[k])
                continue
            lifts[k] = rows_at[k].lifts(texts[k])
            more = LINES_PER_LIFT_PT * max(map(abs, lifts[k]), default=0.0) + ROW_GAP / 2
            sides[k] = (sides[k][0] + more, sides[k][1] + more)
            lines[k] = sum(sides[k])
    # A row with a note under it: one line more below its labels.
    noted = {
        k: text
        for text, cids in (row_notes or [])
        if len(cids) == 1
        for k, d in enumerate(disputes)
        if str(cids[0]) in set(d.rows["claim_id"].astype(str))
    }
    # Where each note goes: just under its row's lowest label, so it reads as that row's.
    note_at = {}
    for k in noted:
        note_at[k] = sides[k][1] - ROW_GAP / 2 + NOTE_LINES / 2
        sides[k] = (sides[k][0], sides[k][1] + NOTE_LINES)
        lines[k] = sum(sides[k])
    heights = [
        sum(lines[k] for k in c) + 0.6 + h * (1 + SUBHEAD_SPACE)
        for c, h in zip(clusters, heads, strict=True)
    ]
    boxes = panels(ax, len(clusters), gap_pt=34, heights=heights)
    inferred = approx = False
    for panel, members in zip(boxes, clusters, strict=True):
        measures = [disputes[k].measure for k in members]
        # One measure (or most of them, each other row naming its own): the panel's title
        # names it; measures equally many: the title names the unit, each row its measure.
        vlim0, vlim1, log, xlim, end = limits[members[0]]
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
        # No "own scale" in the title (rating 10: a note to the editor); each panel's axis
        # shows its own scale.
        # Rows top to bottom, each as tall as its labels need; another measure's rows under a
        # thin rule and their own header, clear of the row above.
        centres, y, seen = [], 0.0, {main}
        for k in members:
            if main and disputes[k].measure not in seen:
                seen.add(disputes[k].measure)
                y += SUBHEAD_SPACE
                subhead(panel, measure_label(disputes[k].measure), y)
                y += 1.0
            centres.append(y + sides[k][0])
            y += lines[k]
        panel.set_ylim(y, 0.0)
        panel.set_yticks(centres, [row_names[k] for k in members])
        panel.tick_params(axis="y", length=0)
        panel.grid(axis="x", color="#e6e6e6", lw=0.6)
        panel.grid(axis="y", visible=False)
        panel.spines["left"].set_visible(False)
        frame.panel_title(panel, title, pin=ax)
        if not log:
            panel.set_xlim(*xlim)
            select.from_zero(panel, vertical=False)
            # Each axis names its unit on its last tick, at its end (rating 9: "km²" and
            # "mi²" in the row names' gutter read as a row named "km²").
            _end_axis(panel, end, width, unit="km²" if miles else "")
            if miles:
                # Figure-level only: on a caller's Axes the footer sits where it would go.
                mi2_below(panel, end)
        vlim = panel.get_xlim()
        for k, at in zip(members, centres, strict=True):
            dispute = disputes[k]
            order = dispute.rows.sort_values(["value", "claim_id"])
            with_date = _dated(order)
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
                if k in rows_at:
                    show_band(panel, str(row["claim_id"]), rows_at[k].bands[len(marks)])
                bracket_range(panel, row)
                marks.append(np.asarray(mark.get_xdata(), dtype=float))
                drawn_by.append([a for a in panel.get_children() if id(a) not in before])
            if k in noted:
                row_note(panel, noted[k], at + note_at[k])
            lift(panel, drawn_by, lifts[k])
            set_apart(panel, rows_at.get(k), marks, drawn_by)
            connect(panel, marks, at, k, lifts[k])
            others = [float(np.nanmean(m)) for m in marks]
            below = above = 0  # extra lines of the labels already stacked on each side
            outs = row_outs(len(order))
            for j, (_, row) in enumerate(order.iterrows()):
                cid = str(row["claim_id"])
                text = texts[k][j]
                # The lowest claim's label runs left from its mark, the highest's right: away
                # from the line between them, never across the other's mark.
                extra = above if j % 2 == 0 else below
                beside, vert = (plans[k][j][0], plans[k][j][3]) if k in plans else (0, 0)
                label = place(
                    panel,
                    text,
                    marks[j],
                    at,
                    j,
                    cid,
                    out=outs[j],
                    extra=extra,
                    beside=beside,
                    reach=reach_of(row),
                    vert=vert,
                    band=rows_at[k].bands[j] if k in rows_at else 0.0,
                )
                label.xyann = (label.xyann[0], label.xyann[1] + lifts[k][j])
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
    notes = [CONNECTOR_NOTE] + [
        f"{mark}\u00a0{text}" for text, mark in flag_notes(disputes, notes_in) if mark
    ]
    # What the period marks mean goes under the chart, with the sources (rating 9: a note
    # block of symbols to decode before the plot); where the footer is the caller's own text
    # or there is none, in the note above the plot as before.
    marks = [PERIOD_MARK_NOTES[INFERRED_MARK]] if inferred else []
    marks += [PERIOD_MARK_NOTES[APPROX_MARK]] if approx else []
    below = period_footer(marks)
    if footer is False and not frame.axes_level():
        frame.footer_note(ax.figure, below)
    elif footer is not True:  # a caller's own footer text, or none: said above the plot
        notes += marks
    frame.legends_above(
        ax,
        drawn,
        colors,
        periods=False,
        colours=False,
        # The asterisk's meaning once, beside what the grey line means: one line, or two
        # broken between notes (rating 6: a lone "period" on the second line).
        note="\n".join(t for t in (note_lines(ax, notes), left_out) if t),
        tuck=not frame.axes_level(),
        along_x=True,
        hidden=hidden,
    )
    if footer is not False:
        text = frame.source_text(drawn, sources, below) if footer is True else str(footer)
        frame.footer(ax, text)
    if box is not None:
        frame.fit_inside(ax, box)
    return ax


def _main_measure(measures: list[str]) -> str:
    """A panel's main measure: the one most of its disputes are about; "" on a tie."""
    counts = [measures.count(m) for m in dict.fromkeys(measures)]
    if len(counts) > 1 and counts.count(max(counts)) > 1:
        return ""
    return max(dict.fromkeys(measures), key=measures.count)
