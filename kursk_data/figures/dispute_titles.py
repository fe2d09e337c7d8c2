"""Titles of the dispute figures (contested, contested-counts, a user's "disputes"): each
states its finding, the widest gap or the claims furthest apart, derived from the disputes
drawn. Split from :mod:`kursk_data.figures.registry`, which keeps the specs."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kursk_data.figures.sizes import MAX_ROWS, _contested, _dispute_units, _fitting, _shown
from kursk_data.figures.titles import (
    _count,
    _figure,
    _subtitle,
    _words,
    derived_title,
    lower_first,
)


def _contested_title() -> Callable[[pd.DataFrame], str]:
    """The title of one part of the disputes: its finding, the widest gap among the disputes
    drawn (who said what, how far apart in time), derived from those disputes."""

    def title(data: pd.DataFrame) -> str:
        table = _fitting(_shown(data))  # ``data``: the claims of this part
        if table.empty:
            return "Where the claimants disagree"
        return (
            _widest_gap(data, table)
            or _furthest_apart(data, table)
            or _where_claims_differ(data, table)
        )

    return title


def disputes_subtitle(data: pd.DataFrame) -> str:
    """The subtitle of a part of the disputes: as every figure's, but where a statement
    reported by two outlets is one mark it says how many marks there are ("8 claims … one
    mark each; one of them was reported by two outlets"): "8 claims … drawn once" read as
    seven marks (rating 6)."""
    from kursk_data.analysis import fold_statements

    text = _counted(data, _subtitle(data))
    _, members = fold_statements(data)
    sizes = [len(m) for m in members.values() if len(m) > 1]
    head, sep, _ = text.partition(", each drawn as worded.")
    if not sizes or not sep:
        return text
    them = "one of them was" if len(sizes) == 1 else f"{len(sizes)} of them were"
    outlets = "two outlets" if set(sizes) == {2} else "more than one outlet"
    return f"{head}, one mark each, drawn as worded; {them} reported by {outlets}."


def _counted(data: pd.DataFrame, text: str) -> str:
    """``text`` (a subtitle) with its list of measures, where they are several counts of
    people each titled over its own panel, said as their number: "Two counts of people",
    not "Number of North Korean troops killed and Russian troops killed and wounded" (rating
    9: the panels' titles say it again, and the standfirst took two lines)."""
    from kursk_data.figures.titles import _what, number_words

    measures = list(dict.fromkeys(data["measure"].astype(str)))
    units = set(data["unit"].astype(str))
    if len(measures) < 2 or units != {"personnel"}:
        return text
    listed = _what(data, measures)
    if not text.startswith(listed):
        return text
    return f"{number_words(len(measures)).capitalize()} counts of people{text[len(listed) :]}"


def disputes_title(data: pd.DataFrame) -> str:
    """The title of a chart of all the disputes among ``data`` (a user's ledger's "disputes"
    figure): the widest gap among those drawn, else the derived title."""
    table = _fitting(_contested(data), MAX_ROWS)
    return (_widest_gap(data, table) if len(table) else None) or derived_title(data)


def _widest_gap(data: pd.DataFrame, table: pd.DataFrame) -> str | None:
    """ "Widest gap, area held by Ukraine: DeepState said about 560 km², Ukrainian
    General Staff about 800 km², a day apart": the dispute whose smallest and largest figures
    lie furthest apart, said with the claims as drawn (their qualifiers and dates)."""
    from kursk_data.labels import measure_label, period_label

    ids = data["claim_id"].astype(str)

    def claim(row: pd.Series) -> pd.Series | None:
        mine = data[ids.isin(str(row["claim_ids"]).split(","))]
        mine = mine[mine["value"].astype(float) == float(row["value"])]
        return None if mine.empty else mine.sort_values(["period_end", "claim_id"]).iloc[-1]

    # Gaps compare only within a unit (240 km² and 3,000 people are not comparable): those of
    # the unit most disputes count in, the first such unit on a tie.
    units = pd.Series(_dispute_units(data, table))
    counts = units.value_counts(sort=False)
    table = table[table["dispute"].map(units) == counts.idxmax()]
    # "Widest" only among disputes of one measure (a gap in troops and a gap in the dead
    # count different things): those of the measure most disputes are about. Where every
    # measure has one dispute and there are several, no gap is the widest of anything.
    per = table.groupby("dispute", sort=True)["measure"].first()
    many = per.value_counts(sort=False)
    if len(per) > 1 and many.max() < 2:
        return None
    table = table[table["dispute"].map(per) == many.idxmax()]
    spread = table.groupby("dispute", sort=True)["value"].agg(lambda v: v.max() - v.min())
    rows = table[table["dispute"] == spread.idxmax()].sort_values(["value", "claimant"])
    low, high = claim(rows.iloc[0]), claim(rows.iloc[-1])
    if low is None or high is None:
        return None

    def who(r: pd.Series) -> str:
        return _words(str(r["claimant"]).split(" (")[0])

    days = [(r["period_end"] - r["period_start"]).days for r in (low, high)]
    if days == [0, 0]:
        apart = abs((high["period_end"] - low["period_end"]).days)
        when = {0: "the same day", 1: "a day apart"}.get(apart, f"{apart} days apart")
    elif period_label(low) == period_label(high):
        when = f"both for {period_label(low)}"
    elif any(
        a["period_start"] <= b["period_start"] and b["period_end"] <= a["period_end"]
        for a, b in ((low, high), (high, low))
    ):  # one period inside the other: "both within Jan 2025", not "Jan 2025 and 1 Jan 2025"
        wider = low if days[0] >= days[1] else high
        when = f"both within {period_label(wider)}"
    else:
        when = f"{period_label(low)} and {period_label(high)}"
    measure = measure_label(str(rows.iloc[0]["measure"]))
    if table["dispute"].nunique() > 1 and str(low["unit"]) == "km2":
        # "Widest" holds in km², not as a ratio: the title says in which.
        return (
            f"{measure}, widest gap in km²: {who(low)} said {_figure(low, unit=False)}, "
            f"{who(high)} {_figure(high, unit=False)}, {when}"
        )
    if table["dispute"].nunique() > 1:  # "Widest gap, area held by Ukraine: ..."
        measure = "Widest gap, " + lower_first(measure)
    return f"{measure}: {who(low)} said {_figure(low)}, {who(high)} {_figure(high)}, {when}"


def _low_high(data: pd.DataFrame, rows: pd.DataFrame) -> tuple[pd.Series, pd.Series] | None:
    """A dispute's lowest and highest claim rows in ``data`` (each table row's latest claim of
    its figure; ties by claimant), or None where a claim is not in ``data``."""
    ids = data["claim_id"].astype(str)
    picked = []
    for _, r in rows.iterrows():
        mine = data[ids.isin(str(r["claim_ids"]).split(","))]
        mine = mine[mine["value"].astype(float) == float(r["value"])]
        if mine.empty:
            return None
        picked.append(mine.sort_values(["period_end", "claim_id"]).iloc[-1])
    picked.sort(key=lambda c: (float(c["value"]), str(c["claimant"])))
    return picked[0], picked[-1]


# A dispute whose claims may lie closer than this ratio is not called out in a title.
NOTABLE_RATIO = 1.5


def _furthest_apart(data: pd.DataFrame, table: pd.DataFrame) -> str | None:
    """ "North Korean troops killed, at least 2.8 times apart: South Korea's National
    Intelligence Service said about 300, unattributed over 1,000": where each
    measure has one dispute, the one whose largest figure is the most times its smallest,
    read as cautiously as the qualifiers allow (the smallest ratio their intervals leave,
    :func:`kursk_data.ratio_interval`), so the finding holds however the wording is read."""
    from kursk_data.analysis import ratio_interval
    from kursk_data.labels import measure_label

    best = None
    for _, rows in table.groupby("dispute", sort=True):
        ends = _low_high(data, rows)
        if ends is None:
            continue
        low, high = ends
        least, most = ratio_interval(str(high["claim_id"]), str(low["claim_id"]), data)
        if np.isfinite(least) and (best is None or least > best[0]):
            best = (least, low, high, most)
    if best is None or best[0] < NOTABLE_RATIO:
        return None
    least, low, high, most = best

    def who(r: pd.Series) -> str:
        return _words(str(r["claimant"]).split(" (")[0])

    # Plain newspaper English, worded as the bounds allow: "more than three times" where even
    # the cautious reading passes the whole number and the ratio may be larger still (rating
    # 5: "over 1,000" against "about 300" is at least 3.3, so "about three" understated it);
    # "about three times" where the ratio is near it on both sides; "twice" for two. Where the
    # ledger inferred a period compared, the title says the months are only roughly the same
    # (its reading, not the sources').
    apart = _as_of(low, high)
    if apart:
        return apart
    whole = int(np.floor(least + 1e-9))
    above = whole >= 2 and least > whole + 1e-9 and most > least
    factor = whole if above else round(least)
    times = TIMES_WORDS.get(factor, f"{factor:,}")
    times = times if times == "twice" else f"{times} times"
    times = f"more than {times}" if above else f"about {times}"
    inferred = any(str(r.get("period_basis", "")) == "inferred" for r in (low, high))
    hedge = ", in roughly the same months" if inferred else ""
    measure = measure_label(str(low["measure"]))
    named = f"{measure}: {who(high)}'s figure is {times} {who(low)}'s{hedge}"
    if len(named) <= TWO_LINES:
        return named
    # Too long for two lines: the labels under the title name who said which.
    return f"{measure}: one figure is {times} the other{hedge}"


def _as_of(low: pd.Series, high: pd.Series) -> str | None:
    """ "North Korean troops killed, by mid-January 2025: over 1,000 (unattributed) vs about
    300 (South Korea)": where one claim counts events over a period and the other is a count
    to a single day (a total as of then), a ratio "in roughly the same months" would set the
    two as one kind of number (rating 6). Each figure is said as a count reached by a date:
    one date where both ends fall in the same part of one month, else each its own. None
    where the two claims are of one kind."""
    from kursk_data.figures.titles import _HEADLINE_SHORT, headline_name
    from kursk_data.labels import measure_label
    from kursk_data.plotting.grammar import is_count_over_period

    def point(r: pd.Series) -> bool:
        return r["period_end"] == r["period_start"]

    if {is_count_over_period(low), is_count_over_period(high)} != {True, False}:
        return None
    if not (point(low) or point(high)):
        return None

    def who(r: pd.Series) -> str:
        name = str(r["claimant"])  # headline_name says "unattributed" as the labels do
        return _HEADLINE_SHORT.get(name, headline_name(name))

    def figure(r: pd.Series) -> str:
        return _figure(r).replace(" ", "\u00a0")  # "over 1,000" never broken by the wrap

    measure = measure_label(str(low["measure"]))
    ends = [pd.Timestamp(r["period_end"]) for r in (high, low)]
    parts = {(e.year, e.month, _month_part(e.day)) for e in ends}
    if len(parts) == 1:
        e = ends[0]
        return (
            f"{measure}, by {_hedged(e, (high, low))}: {figure(high)} ({who(high)}) "
            f"vs {figure(low)} ({who(low)})"
        )
    return (
        f"{measure}: {figure(high)} by {ends[0].day} {ends[0]:%b %Y} ({who(high)}) vs "
        f"{figure(low)} by {ends[1].day} {ends[1]:%b %Y} ({who(low)})"
    )


def _hedged(end: pd.Timestamp, rows) -> str:
    """ "mid-January 2025", or "about mid-January 2025" where a claim's period is the
    ledger's reading (rating 7: the title said as fact what the labels star as inferred): the
    hedge in a word, not a symbol (rating 9: no asterisk in a headline); the labels under it
    star the period."""
    when = f"{_month_part(end.day)}{end:%B %Y}"
    if any(str(r.get("period_basis", "")) == "inferred" for r in rows):
        return f"about {when}"
    return when


def _month_part(day: int) -> str:
    """ "early ", "mid-" or "late ": which third of a month ``day`` falls in."""
    return "early " if day <= 10 else "mid-" if day <= 20 else "late "


TIMES_WORDS = {2: "twice", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
TIMES_WORDS.update({9: "nine", 10: "ten"})
# A title this long (characters) or shorter sets in two lines at the figures' width.
TWO_LINES = 110


def _where_claims_differ(data: pd.DataFrame, table: pd.DataFrame) -> str:
    """ "Where claims differ about head counts: Russian troops in Kursk; North Korean troops
    killed; ...": the measures disputed, in the panels' (date) order; past three, how many
    disputes."""
    from kursk_data.labels import measure_label

    order = table.groupby("dispute", sort=True)["window_start"].min().sort_values(kind="stable")
    first = table.groupby("dispute", sort=True)["measure"].first()
    measures = list(dict.fromkeys(first[order.index].astype(str)))
    head = f"Where claims differ{_part_words(data, table)}"
    if len(measures) > 3:
        return f"{head}: {_count(table['dispute'].nunique(), 'dispute')}"
    words = [lower_first(measure_label(m)) for m in measures]
    words[0] = words[0][:1].upper() + words[0][1:]
    listed = "; ".join(words)  # labels may hold "and" ("killed and wounded")
    return f"{head}: {listed}"


def _part_words(data: pd.DataFrame, table: pd.DataFrame) -> str:
    """ " about areas", " about head counts" or " about counts": what one part's disputes
    count (nothing when they count in several units)."""
    units = set(_dispute_units(data, table).values())
    if len(units) != 1:
        return ""
    unit = next(iter(units))
    return {"km2": " about areas", "personnel": " about head counts"}.get(unit, " about counts")


def areas_title(data: pd.DataFrame) -> str | None:
    """contested's title for the shipped ledger: its widest gap as a sentence, with the
    caveat the ledger's notes give it (rating 7): a mapping project's estimate (ctx-06: it
    counts a grey zone apart, one reason it sits below official figures, so the gap is
    "partly in method", rating 9) against an unnamed General Staff source's. None where the
    widest gap is between other kinds of claimant."""
    table = _fitting(_shown(data))
    if table.empty or not _widest_gap(data, table):
        return None
    low, high = _gap_ends(data, table)
    if low is None or high is None:
        return None
    if "mapping project" not in str(low.get("claimant_detail", "")):
        return None
    if not str(high["claimant"]).endswith("(anonymous source)"):
        return None
    apart = (high["period_end"] - low["period_end"]).days
    if apart != 1 or str(low["measure"]) != "area_held_by_ukraine":
        return None
    body = str(high["claimant"]).split(" (")[0].removeprefix("Ukrainian ")
    # "Partly in method" (rating 9): the mapping counts contested ground apart (ctx-06's
    # note, said in DeepState's label), so part of the gap is what each counts.
    return (
        f"Widest gap, partly in method: {_words(str(low['claimant']))}'s mapping said "
        f"{_figure(low)}; a {body} source, {_figure(high, unit=False)} a day later"
    )


def _gap_ends(data: pd.DataFrame, table: pd.DataFrame):
    """The lowest and highest claims of the dispute :func:`_widest_gap` names."""
    units = pd.Series(_dispute_units(data, table))
    table = table[table["dispute"].map(units) == units.value_counts(sort=False).idxmax()]
    per = table.groupby("dispute", sort=True)["measure"].first()
    table = table[table["dispute"].map(per) == per.value_counts(sort=False).idxmax()]
    spread = table.groupby("dispute", sort=True)["value"].agg(lambda v: v.max() - v.min())
    rows = table[table["dispute"] == spread.idxmax()].sort_values(["value", "claimant"])
    ids = data["claim_id"].astype(str)

    def claim(row: pd.Series) -> pd.Series | None:
        mine = data[ids.isin(str(row["claim_ids"]).split(","))]
        mine = mine[mine["value"].astype(float) == float(row["value"])]
        return None if mine.empty else mine.sort_values(["period_end", "claim_id"]).iloc[-1]

    return claim(rows.iloc[0]), claim(rows.iloc[-1])


def counts_title(data: pd.DataFrame) -> str | None:
    """contested-counts' title for the shipped ledger: what only this figure shows, both of
    its disputes in one sentence (rating 10: its title repeated losses-article's finding and
    left out the Russian casualties): "Around January 2025, counts of North Korean dead
    differ more than threefold, and of Russian casualties by at least 3,000". Each gap is read
    as cautiously as the qualifiers allow (the larger claim's lowest reading against the
    smaller's highest: over 1,000 / at most 330; over 38,000 − at most 35,000); "around"
    where a period compared is the ledger's reading. None where the disputes are not the
    two measures named, do not all end in one month, or a gap is not positive."""
    from kursk_data.analysis import ratio_interval
    from kursk_data.analysis.intervals import interval

    table = _fitting(_shown(data))
    if table.empty or table["dispute"].nunique() != 2:
        return None
    found: dict[str, tuple[pd.Series, pd.Series]] = {}
    for _, rows in table.groupby("dispute", sort=True):
        ends = _low_high(data, rows)
        if ends is None:
            return None
        found[str(ends[0]["measure"])] = ends
    if set(found) != set(_COUNT_WORDS):
        return None
    ends = {
        (pd.Timestamp(c["period_end"]).year, pd.Timestamp(c["period_end"]).month)
        for pair in found.values()
        for c in pair
    }
    if len(ends) != 1:
        return None
    low, high = found["north_korean_troops_killed"]
    least, _ = ratio_interval(str(high["claim_id"]), str(low["claim_id"]), data)
    whole = int(np.floor(least + 1e-9))
    if not np.isfinite(least) or whole < 2:
        return None
    times = (
        f"more than {TIMES_WORDS.get(whole, f'{whole:,}')}fold"
        if least > whole + 1e-9
        else (f"{TIMES_WORDS.get(whole, f'{whole:,}')}fold")
    )
    low, high = found["russian_troops_killed_and_wounded"]
    gap = interval(high)[0] - interval(low)[1]  # the least the two can be apart
    step = 10 ** max(int(np.floor(np.log10(gap))) if gap > 0 else 0, 0)
    gap = np.floor(gap / step) * step if gap > 0 else 0.0
    if gap <= 0:
        return None
    picked = [c for pair in found.values() for c in pair]
    inferred = any(str(c.get("period_basis", "")) == "inferred" for c in picked)
    year, month = next(iter(ends))
    when = f"{'Around' if inferred else 'In'} {pd.Timestamp(year=year, month=month, day=1):%B %Y}"
    return (
        f"{when}, counts of {_COUNT_WORDS['north_korean_troops_killed']} differ {times}, "
        f"and of {_COUNT_WORDS['russian_troops_killed_and_wounded']} by at least {gap:,.0f}"
    )


# The measures contested-counts' title speaks of, in a headline's words.
_COUNT_WORDS = {
    "north_korean_troops_killed": "North Korean dead",
    "russian_troops_killed_and_wounded": "Russian casualties",
}


def _measure(group: pd.DataFrame) -> str:
    from kursk_data.labels import measure_label

    return measure_label(str(group["measure"].iloc[0]))


# When each claim of a dispute left out as two moments speaks of, in its note's words
# (claims.csv: ctx-14 "before the incursion began on 6 August 2024", ctx-15 "when the
# operation began"): curated for the shipped ledger, said only where the claims are as it has
# them.
_MOMENTS = {("ctx-14", 4000.0): "before the incursion", ("ctx-15", 11000.0): "when it began"}


def moments_apart_caption(data: pd.DataFrame) -> str:
    """The caption's sentence on the disputes a figure of disputes leaves out as two moments
    (:func:`kursk_data.figures.sizes.moments_apart`): the rule, and for the shipped ledger
    which claims it left out (rating 9: Pavliuk's "up to 4,000" against Mysnyk's "about
    11,000" is a before and an at-the-start, not a disagreement). ``data``: the whole ledger."""
    from kursk_data.figures.sizes import _contested, _merged, moments_apart
    from kursk_data.figures.titles import headline_name
    from kursk_data.labels import measure_label, period_label

    rule = (
        " Claims whose dates are all the ledger's reading and fall on different days speak "
        "of different moments: they are not drawn as a dispute."
    )
    table = _merged(_contested(data))
    apart = moments_apart(data, table)
    ids = data["claim_id"].astype(str)
    said = []
    for dispute in sorted(apart):
        rows = table[table["dispute"] == dispute]
        picked = [data[ids == i.split(",")[0]].iloc[0] for i in rows["claim_ids"].astype(str)]
        when = [_MOMENTS.get((str(r["claim_id"]), float(r["value"]))) for r in picked]
        if len(picked) != 2 or not all(when):
            continue
        picked_when = sorted(zip(picked, when, strict=True), key=lambda p: p[0]["period_end"])
        (a, wa), (b, wb) = picked_when
        said.append(
            " So the figure leaves out "
            f"{headline_name(str(a['claimant']))}'s {_figure(a)} "
            f"{lower_first(measure_label(str(a['measure'])))} {wa} and "
            f"{headline_name(str(b['claimant']))}'s {_figure(b)} {wb} ({period_label(a)} and "
            f"{period_label(b)}, both dates the ledger's reading): two moments, not one "
            "disputed figure."
        )
    return rule + "".join(said) if apart else ""
