"""Label texts of timeline marks (and their shorter wordings), and which marks share a label:
runs of one claimant's figures and marks of one date that still coincide; marks of different
claimants side by side each keep their own (and the period bars left out where they would
run through another claim's mark)."""

from __future__ import annotations

import re
import textwrap

import matplotlib.dates as mdates
import pandas as pd

from kursk_data.labels import INFERRED_MARK, measure_label, short_period
from kursk_data.plotting.grammar import is_running_total, short_figure
from kursk_data.plotting.marks import claim_x
from kursk_data.plotting.style import LINK_MARK, MARK_SIZE, claimant_name

LABEL_LINE = 26  # characters: a label's lines are wrapped to this width


_SQUARE = (
    (re.compile(r"\b(?:sq\.?|square)\s*(?:km|kilomet(?:re|er)s?)(?![\w²])", re.I), "km²"),
    (re.compile(r"\b(?:sq\.?|square)\s*(?:mi|miles?)(?![\w²])", re.I), "mi²"),
)


def chart_units(text: str) -> str:
    """``text`` with areas spelt as the axes spell them: "90 sq km" as "90 km²", "35 square
    miles" as "35 mi²" (the number and the words around it stay as worded)."""
    for pattern, unit in _SQUARE:
        text = pattern.sub(unit, text)
    return text


def label_text(row: pd.Series, *, name: bool = True, measure: bool = False) -> str:
    """A mark's label: the figure, claimant and date, nothing the key says once.

    ``name`` False leaves the claimant out (its colour and its latest label name it);
    ``measure`` True names the measure first (a panel of several measures). The figure is
    its qualifier and number ("about 90 km²"; an implied one says so); the source's wording
    is in the data file. The date is :func:`when_label`'s: "*" marks a period the ledger
    inferred, "c." an approximate one (the key explains both once).
    """
    figure = short_label(row)
    lines = [figure]
    if measure:
        # A measure's name makes a label long: wrapped narrower, it stays a column by its
        # mark; the figure ("about 11,000") is never split.
        width = LABEL_LINE - 2
        lines = textwrap.wrap(f"{measure_label(str(row['measure']))}:", width)
        if len(lines[-1]) + 1 + len(figure) <= width:
            lines[-1] += f" {figure}"
        else:
            lines.append(figure)
    when = when_label(row)
    who = claimant_name(row) if name else ""
    # A claimant's name stays on one line; with the date when that line is no wider than
    # the figure's (a narrow box fits between neighbours).
    widest = max(len(line) for line in lines)
    # A name with a dagger keeps its date on its line: stacked, the dagger over the date's
    # star read as two footnote marks crowding the mark (rating 9, territory-article).
    if who and (len(who) + len(when) + 2 <= widest or who.endswith(LINK_MARK)):
        lines.append(f"{who}, {when}")
    else:
        lines += [who, when] if who else [when]
    if is_running_total(row):
        lines.append(f"total since {row['since']:%-d %b %Y}")
    return "\n".join(lines)


def shorter_labels(
    row: pd.Series, text: str, *, name: bool, nameless: bool = True
) -> tuple[str, ...]:
    """Shorter wordings of a mark's label ``text``, tried where it finds no place by its mark
    (see :class:`~kursk_data.plotting.placement.LabelRequest`): the figure and claimant on
    one line over the date, then the figure over the claimant, then both on one line (the
    date axis says when), then, with ``nameless``, without the claimant (the key's colour
    says whose). A
    figure alone goes on two lines ("about" over "1,000 km²"), narrower beside a neighbour."""
    figure = short_label(row)
    if name:
        who = claimant_name(row)
        # One line with its date before any wording without: a narrow band by the zero line
        # holds one line (rating 9: Gerasimov's label of 26 Apr lost its date).
        when = when_label(row)
        out = [f"{figure}, {who}\n{when}", f"{figure}, {who}, {when}", f"{figure}\n{who}"]
        out += [f"{figure}, {who}"]
        if nameless:  # last, the figure without its claimant (the key names it)
            out += [f"{figure}\n{when_label(row)}", figure]
    else:
        head, _, rest = figure.partition(" ")
        out = [f"{head}\n{rest}"] if rest and not head[:1].isdigit() else []
    return tuple(dict.fromkeys(t for t in out if t != text))


def when_label(row: pd.Series) -> str:
    """A label's date, as every chart prints it (:func:`kursk_data.labels.short_period`):
    "c." before an approximate period, "*" after one the ledger inferred; the key explains
    both once."""
    return short_period(row)


def short_label(row: pd.Series) -> str:
    """A mark's short label: its figure only ("about 560 km²"; an implied one says so)."""
    return chart_units(short_figure(row))


def bars_crossing(
    rows: pd.DataFrame, shifts: dict, days_per_pt: float, value_per_pt: float
) -> dict[str, list[float]]:
    """The claims whose period bar would run through another claim's mark or band, each with
    the x (date numbers) of the marks it would cross. Drawn through them, it tied two
    claimants' marks into one mark and a tail (rating 7: the unattributed "over 1,000 km²" of
    August and its dotted bar through Syrskyi's 12 Aug diamond); left out, the key's dotted
    bar had no instance (rating 9): such a bar is drawn broken around those marks."""
    half_x = (MARK_SIZE / 2 + 1.0) * days_per_pt
    half_v = (MARK_SIZE / 2 + 1.0) * value_per_pt
    each = [(str(r["claim_id"]), r) for _, r in rows.iterrows()]
    x = {cid: claim_x(r) + shifts.get(cid, 0.0) for cid, r in each}
    # Each claim's mark and band, as value intervals at its x.
    spans = {
        cid: (
            min(float(r["value"]), *(float(r[k]) for k in ("low", "high") if pd.notna(r[k])))
            - half_v,
            max(float(r["value"]), *(float(r[k]) for k in ("low", "high") if pd.notna(r[k])))
            + half_v,
        )
        for cid, r in each
    }
    out: dict[str, list[float]] = {}
    for cid, r in each:
        start, end = (float(mdates.date2num(r[k])) for k in ("period_start", "period_end"))
        if end <= start or is_running_total(r):
            continue
        v = float(r["value"])
        for oid, (lo, hi) in spans.items():
            if oid != cid and start - half_x < x[oid] < end + half_x and lo <= v <= hi:
                out.setdefault(cid, []).append(x[oid])
    return out


def _runs(
    rows: pd.DataFrame, shifts: dict, merged: set, near_days: float, value_span: float
) -> dict[str, list[str]]:
    """Runs of one claimant's marks next to each other (consecutive on the date axis, at most
    ``near_days`` apart and within 5 % of the value axis): each member's id -> the run's ids,
    in date order. Marks already labelled together (``merged``) take no part."""
    order = sorted(
        (claim_x(r) + shifts.get(str(r["claim_id"]), 0.0), str(r["claim_id"]), r)
        for _, r in rows.iterrows()
        if str(r["claim_id"]) not in merged
    )
    runs: list[list[tuple]] = []
    near_v = 0.05 * value_span

    def value(i: tuple) -> float:
        return float(i[2]["value"])

    for item in order:
        for run in reversed(runs[-3:]):  # a mark between them at another height breaks none
            last = run[-1]
            between = [
                o
                for o in order
                if last[0] < o[0] < item[0]
                and min(abs(value(o) - value(last)), abs(value(o) - value(item))) <= near_v
            ]
            if (
                str(last[2]["claimant"]) == str(item[2]["claimant"])
                and str(last[2]["measure"]) == str(item[2]["measure"])
                and item[0] - last[0] <= near_days
                and abs(value(item) - value(last)) <= near_v
                and not between
            ):
                run.append(item)
                break
        else:
            runs.append([item])
    return {i[1]: [j[1] for j in run] for run in runs if len(run) > 1 for i in run}


def _run_text(rows: pd.DataFrame, *, name: bool) -> str:
    """One label for a run of one claimant's figures: "1,263 and 1,294 km²", its dates, and
    the claimant when this is the label that names it."""
    figures = [chart_units(short_figure(r)) for _, r in rows.iterrows()]
    unit = " km²"
    if all(f.endswith(unit) for f in figures):  # the unit once, at the end
        figures = [f[: -len(unit)] for f in figures[:-1]] + figures[-1:]
    dates = [when_label(r) for _, r in rows.iterrows()]
    # An inferred day's "*" stays on its day: "20* and 27 Aug 2024".
    tails = {d.split(" ", 1)[-1].rstrip(INFERRED_MARK) for d in dates}
    if len(tails) == 1 and all(d.split(" ", 1)[0].isdigit() for d in dates):
        dates = [
            d.split(" ", 1)[0] + (INFERRED_MARK if d.endswith(INFERRED_MARK) else "")
            for d in dates[:-1]
        ] + dates[-1:]  # "20 and 27 Aug 2024"
    who = f"\n{claimant_name(rows.iloc[-1])}" if name else ""
    return f"{_and(figures)}{who}\n{_and(dates)}"


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _together_text(rows: pd.DataFrame, ids: list[str]) -> str:
    """One label for marks of one date that still coincide: each figure and claimant."""
    sub = rows[rows["claim_id"].astype(str).isin(ids)]
    sub = sub.set_index(sub["claim_id"].astype(str)).loc[list(ids)]  # in the group's order
    lines = []
    # Long names make a box too wide to sit by its marks: then the figures alone (each
    # mark's colour and the key say whose).
    named = all(len(claimant_name(r)) <= 20 for _, r in sub.iterrows())
    for _, r in sub.iterrows():
        figure, name = short_label(r), claimant_name(r)
        if not named:
            lines.append(figure)
            continue
        # A line too long breaks after the figure's comma (a long name between words).
        both = f"{figure}, {name}"
        lines.append(
            both if len(both) <= LABEL_LINE else f"{figure},\n{textwrap.fill(name, LABEL_LINE)}"
        )
    dates = [when_label(r) for _, r in sub.iterrows()]
    if len(set(dates)) > 1 and len(sub) <= 3:
        # Marks side by side, of different dates: each figure with its date, left to right
        # as drawn (colours and the key say whose; each claimant's latest label names it).
        sub = sub.assign(_x=[claim_x(r) for _, r in sub.iterrows()]).sort_values("_x")
        return "\n".join(f"{short_label(r)}, {when_label(r)}" for _, r in sub.iterrows())
    shown = lines[:3] + ([f"and {len(lines) - 3} more"] if len(lines) > 3 else [])
    return "\n".join([*shown, when_label(sub.iloc[0])])


def dated_short_labels(row: pd.Series, *, name: bool = False) -> list[str]:
    """A short label's wordings, widest first: the figure and date ("about 560 km², 22 Nov
    2024"), narrower columns, the narrowest without the date's year; never the figure alone
    (a figure with no date cannot be read off a date axis; rating 5). ``name``: the first
    wordings name the claimant (a line's first mark), where they fit."""
    figure, when = short_label(row), when_label(row)
    out = [f"{figure}, {when}", f"{figure}\n{when}"]
    columns = shorter_labels(row, figure, name=False)  # "about" / "1,000 km²"
    out += [f"{t}\n{when}" for t in columns]
    if _no_year(when) != when:  # the date axis names the year
        out += [f"{t}\n{_no_year(when)}" for t in columns]
    if name:
        who = claimant_name(row)
        out = [
            f"{figure}, {who}\n{when}",
            f"{figure}, {who}, {when}",
            f"{figure}\n{who}\n{when}",
            *out,
        ]
    return list(dict.fromkeys(out))


def line_starts(rows: pd.DataFrame, chosen, named: set[str]) -> set[str]:
    """Ids of the marks that name a line's claimant near its start: of each claimant with
    several figures, its first and its first ``chosen`` one (not already ``named``)."""
    out: set[str] = set()
    ordered = rows.sort_values(["period_end", "claim_id"])
    for _, g in ordered.groupby(ordered["claimant"].astype(str)):
        ids = list(g["claim_id"].astype(str))
        if len(ids) > 1:
            out |= {ids[0], *[c for c in ids if c in chosen][:1]} - named
    return out


def first_alternatives(row: pd.Series, text: str) -> tuple[str, ...]:
    """Shorter wordings of the label naming a line's claimant at its first mark: named over
    the date, named on one line, then unnamed (its line's last label names it), each with
    its date."""
    figure, when = short_label(row), when_label(row)
    head, _, rest = figure.partition(" ")
    out = [
        f"{figure}, {claimant_name(row)}\n{when}",
        # One line, where two are too tall between neighbours: still named (rating 7).
        f"{figure}, {claimant_name(row)}, {when}",
        label_text(row, name=False),
        f"{figure}\n{when}",
        *([f"{head}\n{rest}\n{when}"] if rest and not head[:1].isdigit() else []),
    ]
    return tuple(dict.fromkeys(t for t in out if t != text))


def _no_year(when: str) -> str:
    """A label's date without its year ("12 Aug 2024" -> "12 Aug"; a "*" stays): for a
    narrow label beside a date axis that prints the years."""
    return re.sub(r" \d{4}(\*?)$", r"\1", when)
