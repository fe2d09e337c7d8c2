"""Titles, subtitles and captions of figures: derived from the claims drawn, or the curated
words for the shipped ledger's figures (each returns None when its words would not hold)."""

from __future__ import annotations

import pandas as pd

from kursk_data.analysis import fold_statements
from kursk_data.labels import UNATTRIBUTED, claimant_words, measure_label, number_text


def lower_first(label: str) -> str:
    """A measure's label inside a sentence: "peak area held", but "Russian troops"."""
    proper = label.startswith(("Russian", "Ukrainian", "North", "South", "Kursk"))
    return label if proper else label[:1].lower() + label[1:]


def _span(data: pd.DataFrame) -> str:
    start, end = data["period_start"].min(), data["period_end"].max()
    if start.year == end.year and start.month == end.month:
        return f"{start:%b %Y}"
    return f"{start:%b %Y} to {end:%b %Y}"


def _units(data: pd.DataFrame) -> str:
    words = {"km2": "km²", "personnel": "people"}
    return " and ".join(dict.fromkeys(words.get(str(u), str(u)) for u in data["unit"]))


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _named_and_unnamed(data: pd.DataFrame) -> tuple[pd.Series, int]:
    """The claimant of each claim that names one, and how many claims name no one (the
    ledger's ``unattributed``: no one, never counted as a claimant)."""
    who = data["claimant"].astype(str)
    return who[who != UNATTRIBUTED], int((who == UNATTRIBUTED).sum())


def by_whom(data: pd.DataFrame) -> str:
    """Who made the claims of ``data``, for a subtitle or derived words: "by 5 claimants"
    when every claim names one; else the named claimants and the claims no one is named for,
    counted apart ("1 by a named claimant and 2 unattributed"). The ledger's
    ``unattributed`` is no one, never counted as a claimant (rating 7: "by 2 claimants" where
    one of the two was no one named); nor called "reports", as some such figures cite none.
    Derived titles say it through this function; subtitles count no claimants (rating 8)."""
    named, unnamed = _named_and_unnamed(data)
    people = named.nunique()
    if not unnamed:
        return f"by {_count(people, 'claimant')}"
    if named.empty:
        return "all unattributed" if unnamed > 1 else "unattributed"
    if len(named) == 1:
        head = "1 by a named claimant"
    elif people == 1:
        head = f"{len(named):,} by one named claimant"
    elif people == len(named):
        head = f"one each by {people:,} named claimants"
    else:
        head = f"{len(named):,} by {people:,} named claimants"
    return f"{head} and {unnamed:,} unattributed"


def _claims_by(claims: str, who: str) -> str:
    """ "8 claims by 5 claimants", "12 claims, 11 by 4 named claimants and 1 unattributed"."""
    return f"{claims} {who}" if who.startswith("by ") else f"{claims}, {who}"


_SMALL = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(n: int) -> str:
    """A count as a desk writes it in running text: "three" up to nine, "12" from ten."""
    return _SMALL[n] if 0 <= n < len(_SMALL) else f"{n:,}"


def _what(data: pd.DataFrame, measures: list[str]) -> str:
    """What is drawn, with its unit, as a desk labels a chart: "Area held by Ukraine, km²",
    "Number of North Korean troops killed"; for several measures, each unit's measures
    together ("Area held by Ukraine, km², and four counts of people"), never "5 measures"."""
    unit_of = {m: str(data.loc[data["measure"].astype(str) == m, "unit"].iloc[0]) for m in measures}
    parts = []
    for unit in dict.fromkeys(unit_of.values()):
        mine = [measure_label(m) for m in measures if unit_of[m] == unit]
        if len(measures) > 2:
            # Many measures: each unit's in a word; the panels' headings name them (rating 8
            # read "Area held by Ukraine" twice, in the subtitle and over its panel).
            n = len(mine)
            kind = {"personnel": "count of people", "km2": "area in km²"}.get(unit)
            kind = kind or f"measure in {unit}"
            head, _, tail = kind.partition(" ")
            many = f"{head}s {tail}".strip() if n > 1 else kind
            article = "an" if kind[0] in "aeiou" else "a"
            parts.append(f"{number_words(n)} {many}" if n > 1 else f"{article} {kind}")
            continue
        what = " and ".join(lower_first(x) for x in mine)
        if unit == "personnel":
            parts.append(f"number of {what}")
        else:
            parts.append(f"{what}, {_units(data[data['unit'].astype(str) == unit])}")
    text = (", and " if "," in parts[0] else " and ").join(parts)
    return text[:1].upper() + text[1:]


def _subtitle(data: pd.DataFrame) -> str:
    """A standfirst, derived, never curated: what is drawn, its unit and span, and that each
    claim is drawn as worded; how many claims name no one ("unattributed (no one named)",
    never "reports": some such figures cite none). Claimants are not counted: the labels
    name them (rating 8: "3 by 2 named claimants and 4 unattributed" read as database
    output)."""
    if data.empty:
        return "No claims match"
    measures = list(dict.fromkeys(data["measure"].astype(str)))
    # A statement reported twice (same_statement_as) is one claim on the chart: said plainly.
    kept, members = fold_statements(data)
    sizes = [len(m) for m in members.values() if len(m) > 1]
    outlets = "two outlets" if set(sizes) == {2} else "more than one outlet"
    folded = (
        f" {number_words(len(sizes)).capitalize()} statements, each reported by {outlets}, "
        "are drawn once."
        if len(sizes) > 1
        else f" One statement reported by {outlets} is drawn once."
        if sizes
        else ""
    )
    n = len(kept)
    head = (
        f"{_what(data, measures)}, {_span(data).replace(' to ', '–')}: "
        f"{number_words(n)} claim{'' if n == 1 else 's'}, each drawn as worded."
    )
    unnamed = _named_and_unnamed(kept)[1]
    if unnamed:
        some = "all" if unnamed == n > 1 else "it is" if n == 1 else number_words(unnamed)
        # "(no one named)" where one line still holds it; else the footer's "Unattributed: no
        # one named" says it (a second line took territory-article's plot under half).
        head = head.removesuffix(".") + f"; {some} unattributed"
        longer = head + " (no one named)."
        head = longer if len(longer) <= SUBTITLE_LINE else head + "."
    # ", each drawn as worded." ends a sentence with no unattributed claim: the dispute
    # figures' subtitle adds its marks' count there.
    return head + folded


# About the characters of one subtitle line at the registered figures' width (9.5 pt).
SUBTITLE_LINE = 100


def derived_title(data: pd.DataFrame) -> str:
    """A title that says what the chart of any claims shows: their range, measure and span."""
    if data.empty:
        return "No claims to show"
    measures = list(dict.fromkeys(data["measure"].astype(str)))
    if len(measures) == 1 and "since" in data and data["since"].notna().all():
        return _running_title(data, measure_label(measures[0]))
    if len(measures) == 1:
        lo = data.loc[data["value"].astype(float).idxmin()]
        hi = data.loc[data["value"].astype(float).idxmax()]
        if lo["claim_id"] == hi["claim_id"]:
            return f"{measure_label(measures[0])}: {_figure(hi)}, {_says(hi)}, {_span(data)}"
        return (
            f"{measure_label(measures[0])}: claims from {_figure(lo)} to {_figure(hi)}, "
            f"{_span(data)}"
        )
    return (
        _claims_by(
            f"{_count(len(data), 'claim')} on {_count(len(measures), 'measure')}", by_whom(data)
        )
        + f", {_span(data)}"
    )


def _running_title(data: pd.DataFrame, label: str) -> str:
    """Running totals are counts to their dates: what was reported by when, never "from X to
    Y" as if they were a spread of estimates of one number."""
    rows = data.sort_values(["period_end", "claim_id"])
    by = [f"{_figure(r)} by {r['period_end']:%b %Y}" for r in (rows.iloc[0], rows.iloc[-1])]
    names = list(dict.fromkeys(rows["claimant"].astype(str)))
    who = by_whom(rows).removeprefix("by ") if len(names) > 1 else _words(names[0])
    return f"{label}: running totals ({who}), " + " and ".join(dict.fromkeys(by))


def derived_caption(data: pd.DataFrame) -> str:
    """A caption built from what is drawn: claimants, span, sources; no curated story."""
    if data.empty:
        return "No claims match this figure's selection."
    # Claims no one is named for are counted apart, never listed as a claimant (rating 7).
    named, unnamed = _named_and_unnamed(data)
    names = list(dict.fromkeys(named))
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    if unnamed:
        rest = f"{unnamed:,} unattributed"
        shown = f"by {shown}, {rest}" if names else rest
    else:
        shown = f"by {shown}"
    return (
        f"{_count(len(data), 'claim')} {shown}, {_span(data)}, each drawn as stated: the "
        "mark's shape is its qualifier, a band the interval it allows, a bound fades towards "
        "its open end. Claims are not averaged; a thin line joins one claimant's figures over "
        "time, claiming nothing between them; the data file lists every row drawn."
    )


def _figure(row: pd.Series, *, unit: bool = True) -> str:
    """A figure in a title: qualifier words, the number and its unit (never the source's
    wording, which may be long). ``unit`` False leaves the unit to the figure after it
    ("from over 1,000 to about 90 km²")."""
    # A no-break space: a title never breaks "560" from its "km²" (frame.wrap breaks at spaces).
    unit = "\u00a0km²" if str(row["unit"]) == "km2" and unit else ""
    number = number_text(row["value"])  # 0.000001, never 0.0

    def end(x) -> str:  # a range's end: whole from 1 up, as before; below, significant digits
        x = float(x)
        return f"{x:,.0f}" if abs(x) >= 1 or x == 0 else number_text(x)

    if str(row["qualifier"]) == "range":
        return f"{end(row['low'])}–{end(row['high'])}{unit}"
    words = {"about": "about ", "over": "over ", "up_to": "up to "}
    return f"{words.get(str(row['qualifier']), '')}{number}{unit}"


# Words that mark a claimant as a body, not a person (whose surname a headline uses).
_BODIES = {
    "agency",
    "army",
    "authorities",
    "command",
    "council",
    "defence",
    "defense",
    "forces",
    "government",
    "institute",
    "intelligence",
    "ministry",
    "news",
    "office",
    "officials",
    "project",
    "service",
    "staff",
    "times",
    "general",
    "military",
    "observer",
    "claimant",
}


def _words(name: str) -> str:
    """A claimant's words: the ledger's ``unattributed`` as every chart says it
    (:func:`kursk_data.labels.claimant_words`, which the charts call through
    :mod:`kursk_data.plotting.style`; imported from the labels, so the registry imports no
    matplotlib)."""
    return claimant_words(name)


def is_unattributed(row: pd.Series) -> bool:
    """True for a claim its source credits to no one named (the ledger's ``unattributed``)."""
    return str(row["claimant"]) == UNATTRIBUTED


def headline_name(name: str) -> str:
    """How a headline names a claimant: a person by surname ("Syrskyi"), the ledger's
    ``unattributed`` as the charts name it ("unattributed": never "report", as some such
    figures cite none), any other body by its full name."""
    if name == UNATTRIBUTED:
        return _words(name)
    words = name.split()
    person = (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words)
        and not {w.lower() for w in words} & _BODIES
    )
    return words[-1] if person else name


def _says(row: pd.Series) -> str:
    """ "says Syrskyi", or "unattributed" (no one says it): whose figure a title quotes."""
    name = headline_name(str(row["claimant"]))
    return name if is_unattributed(row) else f"says {name}"


def _whose(row: pd.Series) -> str:
    """ "Syrskyi", "unattributed": whose figure, in brackets after it."""
    return headline_name(str(row["claimant"]))


def _one(data: pd.DataFrame, claim_id: str) -> pd.Series | None:
    hit = data[data["claim_id"].astype(str) == claim_id]
    return hit.iloc[0] if len(hit) == 1 else None


def _territory_article_title(data: pd.DataFrame) -> str | None:
    first, last = _one(data, "art-02"), _one(data, "art-01")
    if first is None or last is None or is_unattributed(last):
        return None
    # Syrskyi's June figure beside the article's first, August one (art-01's note: land taken
    # in August 2024), never against Russia's April claim (art-03's note: set only against
    # figures of about 26 April; rating 10: "in April ...; in June ..." read as a trend).
    # Russia's claim stands on the chart, on its own day, not in the headline; no "still"
    # (rating 5: it set June against April).
    if str(first["unit"]) != "km2":
        return None
    if not first["period_end"] < last["period_start"] or str(last["unit"]) != "km2":
        return None
    if float(last["value"]) >= float(first["value"]) or str(first["qualifier"]) != "over":
        return None
    return (
        f"In {last['period_start']:%B %Y}, {_whose(last)} said Ukraine held "
        f"{_figure(last)} in Kursk; {_bound_words(first)} put its first gains at "
        f"{_figure(first, unit=False)}"
    )


def _bound_words(row: pd.Series) -> str:
    """Who gives a headline's figure, as its subject: a claimant by its headline name; the
    ledger's ``unattributed`` as "unnamed reports" where the article credits the figure to
    unnamed reports (its ``claimant_detail`` says so), else "an unattributed figure" (never
    "unattributed report": rating 6, of figures the article states as fact)."""
    if not is_unattributed(row):
        return headline_name(str(row["claimant"]))
    detail = str(row.get("claimant_detail", "")).lower()
    return "unnamed reports" if "unnamed reports" in detail else "an unattributed figure"


def _troops_article_title(data: pd.DataFrame) -> str | None:
    region, front = _one(data, "art-05"), _one(data, "art-04")
    if region is None or front is None or is_unattributed(front):
        return None
    # The words below name these two measures: on other claims they would not hold.
    if (str(front["measure"]), str(region["measure"])) != (
        "russian_troops_against_ukrainian_foothold",
        "russian_troops_in_kursk",
    ):
        return None
    # A finding, not an inventory (rating 9): the Russian force facing the ground Ukraine
    # still held, by the one named claimant, beside the force in the whole region, each said
    # as whose figure it is; two measures, so set side by side, never one as part of the other
    # (the ledger does not say the one force is within the other). Rating 10: the semicolon
    # read as a dispute; each figure's scope is said (the foothold; region-wide), so they
    # read as two forces, not two counts of one. Two lines at print size (a third pushed the
    # header past a fifth of the height).
    verb = "puts" if is_unattributed(region) and "figure" in _bound_words(region) else "put"
    return (
        f"{_whose(front)} put the Russian force facing Ukraine's foothold at "
        f"{_figure(front)}; {_bound_words(region)} {verb} {_figure(region)} region-wide"
    )


def article_subtitle(data: pd.DataFrame) -> str | None:
    """The standfirst of an article figure (troops-article, overview-article): that its rows
    are all the article's figures of its kind (so troops-article's North Korean row, another
    force and season than the headline's, is there by design: rating 9), their span, what
    they are, and how many are unattributed; one line at print size (rating 9: the
    overview's two-line standfirst took the room its rows needed). None where the claims are
    not all of the article's one source (a user's own claims drawn beside them)."""
    if data.empty:
        return None
    anchor = next((r for c in ("art-05", "art-01") if (r := _one(data, c)) is not None), None)
    if anchor is None or (data["source_id"].astype(str) != str(anchor["source_id"])).any():
        return None
    kept, _ = fold_statements(data)
    n, unnamed = len(kept), _named_and_unnamed(kept)[1]
    span = _span(data).replace(" to ", "–")
    topics = set(data["topic"].astype(str))
    units = set(data["unit"].astype(str))
    plural = "" if n == 1 else "s"
    if topics == {"troops"}:
        head = (
            f"The article's {number_words(n)} troop figure{plural}, {span}, on one scale of people"
        )
    elif units == {"km2", "personnel"}:
        head = (
            f"The article's {number_words(n)} figure{plural}, {span}: area in km², counts of people"
        )
    else:
        return None
    some = "all" if unnamed == n > 1 else number_words(unnamed)
    return head + (f"; {some} unattributed." if unnamed else ".")


def overview_people_heading(data: pd.DataFrame) -> str | None:
    """The overview's people panel heading: neutral, as a panel's title is (rating 9: the
    panel carried a second headline; the figure's one title speaks for both panels). None
    where no people are drawn beside an area."""
    units = set(data["unit"].astype(str))
    if not {"personnel", "km2"} <= units:
        return None
    return "Counts of people"


# How a title names a body whose full name would take a line of its own (the chart's labels
# name it in full).
_HEADLINE_SHORT = {"South Korea's National Intelligence Service": "South Korea"}


def _part_of_month(day: pd.Timestamp) -> str:
    """ "early January", "mid-January", "late January": a day as a headline dates a reading."""
    part = "early " if day.day <= 10 else "mid-" if day.day <= 20 else "late "
    return f"{part}{day:%B}"


def _losses_article_title(data: pd.DataFrame) -> str | None:
    art = _one(data, "art-07")
    if art is None:
        return None
    others = data[data["claim_id"].astype(str) != "art-07"].sort_values("period_end")
    if others.empty:
        return f"{_figure(art).capitalize()} North Korean soldiers killed, {_says(art)}"
    found = _losses_comparison(data)
    if found is None:
        return None
    then, times = found
    end = art["period_end"]
    # The period's end is the ledger's reading (inferred): "about" mid-January, as hedged as
    # the chart's star on its date (rating 7); with its year (rating 10).
    hedge = "about " if str(art.get("period_basis")) == "inferred" else ""
    # The article's figure said as a claim, not a fact with a name in brackets (rating 8):
    # quoted as worded, which keeps two lines with the year (rating 10).
    whose = "an unattributed" if is_unattributed(art) else f"{_whose(art)}'s"
    name = str(then["claimant"])
    who = _HEADLINE_SHORT.get(name, headline_name(name))
    # Two lines at print size: the estimate's own figure ("about 300") is its label's, which
    # names its claimant (losses_compared_id).
    return (
        f"North Korean dead by {hedge}{_part_of_month(end)} {end:%Y}: {whose} "
        f"\u201c{_figure(art)}\u201d, more than {number_words(times)} times {who}'s estimate"
    )


def losses_compared_id(data: pd.DataFrame) -> str | None:
    """The claim losses-article's title sets the article's figure against (its label names
    its claimant: rating 10, the title's "about 300" was told by colour only), or None."""
    found = _losses_comparison(data)
    return None if found is None else str(found[0]["claim_id"])


def _losses_comparison(data: pd.DataFrame) -> tuple[pd.Series, int] | None:
    """The estimate art-07 is set against and how many times it, at least, goes into it."""
    art = _one(data, "art-07")
    if art is None:
        return None
    others = data[data["claim_id"].astype(str) != "art-07"].sort_values("period_end")
    if others.empty:
        return None
    values = others["value"].astype(float)
    if others["claimant"].nunique() != 1 or not values.is_monotonic_increasing:
        return None  # the words below would not hold: the derived title says what is drawn
    if str(others["status"].iloc[0]) != "assessed" or len(others) < 2:
        return None  # "estimate" is the word for an assessment, not for a count
    if str(art["measure"]) != "north_korean_troops_killed" or str(art["qualifier"]) != "over":
        return None  # "North Korean dead", "more than": only of a lower bound of the dead
    # The chart's point (rating 9: the headline's "over 1,000 in three months" was a fragment,
    # the point left to an italic aside): the article's figure set against the estimate of
    # its own time, the other claimant's latest figure up to the end of its period, no more
    # than a fortnight before it.
    end = art["period_end"]
    before = others[others["period_end"] <= end]
    if before.empty or (end - before["period_end"].iloc[-1]).days > 14:
        return None
    then = before.iloc[-1]
    # "More than N times" only as far as both figures allow: the bound's least against the
    # estimate's most ("over 1,000" against "about 300", at most 330: over three times).
    most = float(then["high"]) if pd.notna(then["high"]) else float(then["value"])
    times = int(float(art["low"]) // most) if most > 0 else 0
    if times < 2:
        return None
    return then, times


def _overview_article_title(data: pd.DataFrame) -> str | None:
    first, last = _one(data, "art-02"), _one(data, "art-01")
    if first is None or last is None:
        return None
    if str(first["unit"]) != "km2" or str(last["unit"]) != "km2":
        return None
    if str(first["measure"]) != str(last["measure"]):
        return None  # "Ukraine's ground ... went from ... to" is one measure's change
    if not is_unattributed(first) or is_unattributed(last):
        return None  # "(unattributed)" and "by X's count" would not hold
    fell = float(last["value"]) < float(first["value"])
    if not fell or not first["period_end"] < last["period_start"]:
        return None  # "went from ... to" would not hold
    # One finding (rating 10: "The article's figures: ...; Russian troops: ..." was a list
    # with a label-colon fragment, and "(Syrskyi)" after the fall credited both ends to him):
    # the first figure is no one's, said so; only the last is the claimant's count. The
    # ledger's notes forbid setting art-03 against art-01, not art-02: both are the ground
    # Ukraine held, the first at the start and the last on the day of the statement. The
    # people panel speaks for itself.
    return (
        f"Ukraine's ground in Kursk went from {_figure(first)} (unattributed) to "
        f"{_figure(last, unit=False)} by {_whose(last)}'s {last['period_start']:%B} count"
    )


def _timeline_title(data: pd.DataFrame) -> str | None:
    held = data[data["value"].astype(float) > 0]
    if held.empty:
        return None
    top = held.loc[held["value"].astype(float).idxmax()]
    last = held.sort_values(["period_end", "claim_id"]).iloc[-1]
    zero = data[
        (data["value"].astype(float) == 0) & (data["claimant_side"].astype(str) == "russia")
    ]
    # Russia's claim is dated to its day, not stretched to later claims: "claimed in", not
    # "claims since".
    tail = (
        f"; Russia claimed in {zero['period_start'].min():%B %Y} that none was left"
        if len(zero)
        else ""
    )
    if str(top["claimant"]) == str(last["claimant"]):
        # One claimant's own figures: whose they are is the finding's subject.
        who = headline_name(str(top["claimant"]))
        return (
            f"{who}'s figure for the ground Ukraine held fell from {_figure(top)} to "
            f"{_figure(last)}{tail}"
        )
    return (
        f"Claims of the ground Ukraine held fell from {_figure(top)} "
        f"({headline_name(str(top['claimant']))}) to {_figure(last)} "
        f"({headline_name(str(last['claimant']))}){tail}"
    )
