"""The house style: the qualifier grammar, colours for claimants, sizes, and the style sheet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from importlib import resources

import matplotlib.pyplot as plt
import pandas as pd

# The charts' one wording of the unattributed claimant (see the note by UNATTRIBUTED_NOTE).
from kursk_data.labels import UNATTRIBUTED as UNATTRIBUTED
from kursk_data.labels import claimant_words as claimant_words

# Colours by side, one family each, the same in every chart of a ledger (see claimant_colors):
# Ukraine blues, Russia reds and browns, third parties teals, independent observers ambers,
# North Korea purples. The sides' first shades differ by at least 20 CIEDE2000 units for
# normal vision and for simulated protan, deutan and tritan vision (Machado et al. 2009), so a
# vermilion and an orange never stand for two sides; within a family the shades (and the tint)
# differ by at least 10 for every reader. Ukraine has seven shades, one for each Ukrainian
# claimant of the shipped ledger: a claimant that shared the tint with another looked, in one
# figure, like that other claimant in the next (#24). Past a family's shades, claimants share
# its tint and direct labels say who is who (tests/test_plotting.py and
# tests/test_print_frame.py measure it).
#
# Unattributed reports are the one neutral: a mid grey that every claimant's colour (shade or
# tint, of every side) differs from by 10 or more for every reader, so grey never names anyone;
# dark enough that a faded bound in it still shows on white. The key's shape glyphs are drawn in
# the same neutral: they stand for no claimant either, and no claimant colour reads as a glyph.
UNATTRIBUTED_COLOR = "#A0A0A0"
SIDE_FAMILIES: dict[str, tuple[str, ...]] = {
    "ukraine": ("#449CE0", "#183050", "#26D1FC", "#545478", "#003C9C", "#2451FF", "#96A7C0"),
    "russia": ("#C0180C", "#A55750", "#E07858", "#440008"),
    "third_party": ("#2C7064", "#A0DCD0", "#004444"),
    "independent": ("#DC980C", "#5C4A1C", "#EED27A"),
    "north_korea": ("#783CAC", "#400C64"),
    "unattributed": (UNATTRIBUTED_COLOR,),
}
# Claimants beyond their family's shades share a tint of it: still drawn, still of their side,
# and named together in the legend ("2 other Ukrainian claimants"). Each tint keeps a hue of its
# own (no tint is a grey), 10 or more from its family's shades and from the unattributed grey.
SIDE_OTHER: dict[str, str] = {
    "ukraine": "#6C789C",
    "russia": "#CCAC94",
    "third_party": "#609070",
    "independent": "#A88850",
    "north_korea": "#B088C8",
    "unattributed": "#E8A8D0",  # shared past UNKNOWN_SIDE_SHADES, never the grey
}
# A named claimant whose side the palette has no family for (a side no sides.csv describes)
# takes these, never the unattributed grey: the grey is for reports nobody is named for.
UNKNOWN_SIDE_SHADES: tuple[str, ...] = ("#E05CB0", "#7C2C5C")
SIDE_COLORS: dict[str, str] = {side: shades[0] for side, shades in SIDE_FAMILIES.items()}
OTHER_COLOR = UNKNOWN_SIDE_SHADES[-1]  # a claimant whose side the palette does not know
SIDE_LABELS = {
    "ukraine": "Ukraine",
    "russia": "Russia",
    "north_korea": "North Korea",
    "third_party": "third party",
    "independent": "independent",
    "unattributed": "unattributed",
}
SIDE_ADJECTIVES = {
    "ukraine": "Ukrainian",
    "russia": "Russian",
    "north_korea": "North Korean",
    "third_party": "third-party",
    "independent": "independent",
    "unattributed": "unattributed",
}

# The qualifier grammar, the same in every chart: the shape names the wording, and what is
# drawn around the mark says how sure the figure is. Only an exact figure is a bare mark; a
# band shows the interval that "about", a range or a rounded number allows; a bound fades
# towards its open end, so a vague figure never looks bigger or surer than a precise one.
QUALIFIER_MARKERS: dict[str, str] = {
    "exact": "o",
    "about": "D",
    "over": "^",
    "up_to": "v",
    "range": "s",
    "unknown": "X",
}
# The key's words: short, so the key of every chart takes a line or two (a figure's legends and
# keys together stay under a fifth of its height).
QUALIFIER_LABELS = {
    "exact": "exact",
    "about": "about X: band = rounding",
    "over": "over X: no upper bound",
    "up_to": "up to X: down to zero",
    "range": "range: band",
    "unknown": "wording unknown: band = rounding",
}
IMPLIED_LABEL = "hollow: implied, not stated"
PERIOD_LABEL = "bar: period covered"
INFERRED_PERIOD_LABEL = "dotted: period inferred"
RUNNING_TOTAL_LABEL = "running total: at its as-of date"
SERIES_LABEL = "line: dense series, band: intervals"

# The Kursk story's span: territory charts of the shipped ledger share it, so they line up.
TERRITORY_SPAN = (pd.Timestamp("2024-08-01"), pd.Timestamp("2025-07-15"))

# Sizes in points. The export is 7.2 in wide: scaled to 680 px, 1 pt = 1.31 px, so the
# smallest text (8 pt) is 10.5 px.
MARK_SIZE = 6.5
BAND_WIDTH = 7.0
BOUND_WIDTH = 3.5
PERIOD_WIDTH = 2.5
LABEL_SIZE = 8.0
SMALL_SIZE = 8.0
BAND_ALPHA = 0.3
BOUND_ALPHA = 0.55
PERIOD_ALPHA = 0.45
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"
LABEL_INK_LIGHTNESS = 0.33  # HLS: text darker than this reads on white at 12 px
# WCAG AA for small text: a cyan of HLS lightness 0.33 is still as light as a mid grey.
LABEL_INK_CONTRAST = 4.5
LABEL_INK_SATURATION = 0.3  # HLS: a slate's ink (0.18) read as the unattributed grey's
# Inks set by hand where the derived ones of two claimants drawn together were under 10
# CIEDE2000 apart for a reader with a colour-vision deficiency (rating 8: Syrskyi's and the
# General Staff source's 7.7 deutan, Pavliuk's and Mysnyk's 7.1 tritan): darker or lighter
# in the shade's own hue, so lightness tells them apart; tests/test_print_inks.py measures
# them under every simulated vision.
LABEL_INKS: dict[str, str] = {
    "#003C9C": "#0D3473",  # Ukrainian General Staff (anonymous source): a darker navy
    "#545478": "#19194D",  # Oleksandr Pavliuk: a deep indigo, darker than Mysnyk's blue
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the package style sheet inside a ``with`` block; global rcParams stay untouched.

    The sheet is applied over matplotlib's own defaults, not over the user's settings: a
    personal ``matplotlibrc`` (working folder, ``MPLCONFIGDIR``, the home config) or a style
    in use changes nothing drawn inside, so exported files are the same bytes for everyone.
    """
    sheet = resources.files("kursk_data").joinpath("kursk.mplstyle")
    with resources.as_file(sheet) as path, plt.style.context(str(path), after_reset=True):
        # The two settings a style sheet cannot reset but a matplotlibrc can set: dates are
        # drawn in UTC, counted from matplotlib's default epoch (read once per process).
        plt.rcParams["timezone"] = "UTC"
        plt.rcParams["date.epoch"] = "1970-01-01T00:00:00"
        yield


def claimant_colors(ledger: pd.DataFrame) -> dict[str, str]:
    """One colour per claimant of a whole ledger, for every chart drawn from it.

    Pass the whole ledger (not one chart's rows) so that a claimant keeps its colour in every
    chart. Each claimant gets a shade of its side's family (:data:`SIDE_FAMILIES`): within a
    side, claimants are ranked by their number of claims in ``ledger`` (then by name) and take
    the shades in order; those beyond the family's shades share its tint
    (:data:`SIDE_OTHER`). Unattributed reports, and only they, are grey
    (:data:`UNATTRIBUTED_COLOR`); a named claimant of a side without a family takes
    :data:`UNKNOWN_SIDE_SHADES`. The mapping is ordered by side, then
    rank: the order of the claimant legend.
    """
    if ledger.empty:
        return {}
    from kursk_data.labels import side_family  # a ledger's own side takes its family's colours

    # A statement reported twice counts for the claimant it is drawn under (as_drawn).
    ledger = as_drawn(ledger, ledger)
    frame = pd.DataFrame(
        {
            "who": ledger["claimant"].astype(str),
            "side": ledger["claimant_side"].astype(str).map(side_family),
        }
    )
    # A claimant filed under two sides (a user's typo) takes its most frequent one.
    sides = frame.groupby("who")["side"].agg(lambda s: s.value_counts().sort_index().idxmax())
    counts = frame.groupby("who").size()
    order = {s: i for i, s in enumerate(SIDE_FAMILIES)}
    ranked = sorted(counts.index, key=lambda w: (order.get(sides[w], len(order)), -counts[w], w))
    colors: dict[str, str] = {}
    taken: dict[str, int] = {}
    for who in ranked:
        side = "unattributed" if who == "unattributed" else sides[who]
        shades, slot = SIDE_FAMILIES.get(side), side
        if side == "unattributed" and who != "unattributed":
            # A named claimant of a side no family describes: never the unattributed grey.
            shades, slot = UNKNOWN_SIDE_SHADES, "unknown"
        if shades is None:
            colors[who] = OTHER_COLOR
        elif taken.get(slot, 0) < len(shades):
            colors[who] = shades[taken.get(slot, 0)]
            taken[slot] = taken.get(slot, 0) + 1
        else:
            colors[who] = SIDE_OTHER[side]
    return colors


def side_of_color(color: str) -> str | None:
    """The side whose family (shades or tint) holds ``color``; None for a colour of none."""
    for side, shades in SIDE_FAMILIES.items():
        if color in shades or color == SIDE_OTHER[side]:
            return side
    return None


# The most characters of a claimant's name on a chart: a legend entry then fits the figure's
# width with its side, and a row's label fits beside its panel. The shipped names are shorter;
# the ledger allows 120.
NAME_LIMIT = 48


def claimant_name(who: str | pd.Series) -> str:
    """How a claimant is named on a chart: the ledger's ``unattributed`` as words, a name
    longer than :data:`NAME_LIMIT` shortened in the middle (:func:`short_name`).

    Given a claim's row, a mark that stands for a statement reported under another name
    (:func:`stands_for_another_name`) carries a dagger (:data:`LINK_MARK`); the footer line
    :func:`link_notes` says what it means."""
    if isinstance(who, pd.Series):
        row = who
        name = claimant_name(str(row["claimant"]))
        return f"{name}{LINK_MARK}" if stands_for_another_name(row) else name
    return short_name(claimant_words(str(who)))


# The words for the ledger's ``unattributed`` claimant (a figure its source credits to no one
# named) in every label, key and title: claimant_words, defined with the labels (the layer
# below, whose claim_label needs it too) and imported here, so charts call it from this module
# (titles from the labels: the registry imports no matplotlib); the footer's note says once
# what the word means.
# No-break spaces: the note moves to the next line whole, never leaving "one named." alone.
UNATTRIBUTED_NOTE = "Unattributed:\u00a0no\u00a0one\u00a0named."


# A claim drawn under the claimant of the statement it reports keeps the name it was reported
# under in this column, and the date of the statement it is linked to in the next; its label
# carries a dagger, explained in the footer (link_notes).
REPORTED_AS = "claimant_as_reported"
STATEMENT_DATE = "statement_date"
LINK_MARK = "\u2020"
# The row such a claim is folded into where both are drawn (one statement, one mark: the row
# the link names) keeps the other name here, so the mark carries the dagger all the same
# (rating 9: Gerasimov's mark had a dagger where the article's row was drawn, none where his
# own was drawn and the article's folded into it; the same claim, annotated two ways).
ALSO_REPORTED_AS = "also_reported_as"


def stands_for_another_name(row: pd.Series) -> bool:
    """True where the mark of ``row`` stands for a statement reported under another name
    than the one drawn: its own row renamed by :func:`as_drawn`, or the row another claim so
    renamed is folded into. Such a mark carries :data:`LINK_MARK`, and :func:`link_notes`
    gives one footer line for it, in every figure."""
    claimant = str(row["claimant"])
    reported, also = row.get(REPORTED_AS), row.get(ALSO_REPORTED_AS)
    return (isinstance(reported, str) and reported != claimant) or (
        isinstance(also, str) and bool(also) and also != claimant
    )


def link_notes(rows: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[str]:
    """One footer line per claim of ``rows`` drawn under another row's claimant, built from
    the rows: "† <source>: “<name as reported>”, linked by the ledger to <claimant>'s statement
    of <date>" (the link is the ledger's reading, not the source's)
    (short: with the other notes it fits a two-line footer; the dagger never ends a line).
    A claim folded into its linked row, where both are drawn, has its line all the same: the
    mark drawn stands for both and carries the dagger (:data:`ALSO_REPORTED_AS`)."""
    if rows.empty or REPORTED_AS not in rows:
        return []
    from kursk_data.labels import source_names

    lines: list[str] = []
    for _, row in rows[rows[REPORTED_AS].notna()].iterrows():
        reported = str(row[REPORTED_AS])
        if reported == str(row["claimant"]):
            continue
        source = " and ".join(source_names(row.to_frame().T, sources)) or "The source"
        date = row.get(STATEMENT_DATE)
        when = f" of {date.day} {date:%b %Y}" if isinstance(date, pd.Timestamp) else ""
        drawn_as = claimant_name(str(row["claimant"]))
        lines.append(
            f"{LINK_MARK}\u00a0{source}: \u201c{claimant_name(reported)}\u201d, linked by the "
            f"ledger to {drawn_as}'s statement{when}."
        )
    return list(dict.fromkeys(lines))


def _key(frame: pd.DataFrame) -> pd.Series:
    """A claim's key within a ledger (ids may repeat across ledgers)."""
    key = frame["claim_id"].astype(str)
    if "ledger" in frame:
        key = frame["ledger"].astype(str) + "\0" + key
    return key


def statement_claimants(ledger: pd.DataFrame) -> dict[str, str]:
    """The claimant each claim reporting another row's statement (``same_statement_as``) is
    drawn under, by claim key, where it differs from its own.

    A statement reported twice is drawn once, under the more specific claimant: the claimant
    of the row the link names (the report that dates and attributes the statement, as
    :func:`kursk_data.analysis.fold_statements` keeps it), unless that row is unattributed.
    """
    return {k: name for k, (name, _) in _statement_links(ledger).items()}


def statement_dates(ledger: pd.DataFrame) -> dict[str, pd.Timestamp]:
    """For each claim of :func:`statement_claimants`, the date of the statement it is drawn
    as (the linked row's reported date, else its period's start)."""
    return {k: d for k, (_, d) in _statement_links(ledger).items() if d is not None}


def _statement_links(ledger: pd.DataFrame) -> dict[str, tuple[str, pd.Timestamp | None]]:
    if ledger.empty or "same_statement_as" not in ledger:
        return {}
    linked = ledger["same_statement_as"].notna()
    if not linked.any():
        return {}
    from kursk_data.analysis import fold_statements

    keys = _key(ledger)
    out: dict[str, tuple[str, pd.Timestamp | None]] = {}
    # Per ledger: a link names a row of its own file.
    groups = ledger.groupby("ledger", sort=False) if "ledger" in ledger else [(None, ledger)]
    for _, part in groups:
        _, members = fold_statements(part)
        ids = part["claim_id"].astype(str)
        who = dict(zip(ids, part["claimant"].astype(str), strict=True))
        key = dict(zip(ids, keys[part.index], strict=True))
        dated = part["reported_date"] if "reported_date" in part else part["period_start"]
        dated = dated.fillna(part["period_start"]) if "reported_date" in part else dated
        day = dict(zip(ids, dated, strict=True))
        for root, members_of in members.items():
            name = who[root]
            if len(members_of) < 2 or name == "unattributed":
                continue
            date = day.get(root)
            date = date if isinstance(date, pd.Timestamp) and not pd.isna(date) else None
            for i in members_of[1:]:
                if who[i] != name:
                    out[key[i]] = (name, date)
    return out


def as_drawn(
    rows: pd.DataFrame,
    ledger: pd.DataFrame | None = None,
    names: dict[str, str] | None = None,
    dates: dict[str, pd.Timestamp] | None = None,
) -> pd.DataFrame:
    """``rows`` with each claim that reports another row's statement under the claimant it is
    drawn under (``names``, else :func:`statement_claimants` of the whole ``ledger``, default
    ``rows``); the name it was reported under is kept in :data:`REPORTED_AS` and the linked
    statement's date (``dates``, else :func:`statement_dates`) in :data:`STATEMENT_DATE`."""
    whole = rows if ledger is None else ledger
    if names is None:
        names = statement_claimants(whole)
        dates = statement_dates(whole) if dates is None else dates
    if not names or rows.empty:
        return rows
    keys = _key(rows)
    # Rows already under the name they are drawn under (drawn before) stay as they are.
    hit = keys.isin(names.keys()) & (rows["claimant"].astype(str) != keys.map(names))
    if not hit.any():
        return rows
    out = rows.copy()
    if REPORTED_AS not in out:
        out[REPORTED_AS] = pd.Series(pd.NA, index=out.index, dtype=object)
    if STATEMENT_DATE not in out:
        out[STATEMENT_DATE] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    claimant = out["claimant"].astype(object)
    out.loc[hit, REPORTED_AS] = claimant[hit]
    if dates:
        out.loc[hit, STATEMENT_DATE] = keys[hit].map(dates)
    claimant[hit] = keys[hit].map(names)
    categorical = isinstance(rows["claimant"].dtype, pd.CategoricalDtype)
    out["claimant"] = claimant.astype("category" if categorical else rows["claimant"].dtype)
    return _mark_folded_into(out, hit)


def _mark_folded_into(out: pd.DataFrame, hit: pd.Series) -> pd.DataFrame:
    """``out`` with each row that a renamed claim of ``hit`` is folded into (the row its
    ``same_statement_as`` chain ends at, within ``out`` and its ledger) carrying the name that
    claim was reported under in :data:`ALSO_REPORTED_AS`: drawn for both, it is daggered."""
    if "same_statement_as" not in out:
        return out
    from kursk_data.analysis import fold_statements

    also = (
        out[ALSO_REPORTED_AS].astype(object)
        if ALSO_REPORTED_AS in out
        else pd.Series(pd.NA, index=out.index, dtype=object)
    )
    groups = out.groupby("ledger", sort=False) if "ledger" in out else [(None, out)]
    for _, part in groups:
        _, members = fold_statements(part)
        at = dict(zip(part["claim_id"].astype(str), part.index, strict=False))
        for root, ids in members.items():
            names = [
                str(out.at[at[i], REPORTED_AS]) for i in ids[1:] if i in at and bool(hit[at[i]])
            ]
            if names:
                also[at[root]] = "; ".join(dict.fromkeys(names))
    out[ALSO_REPORTED_AS] = also
    return out


def short_name(name: str, limit: int = NAME_LIMIT, tail: int | None = None) -> str:
    """``name`` in at most ``limit`` characters. A longer one keeps its start and its last
    ``tail`` characters (a third by default) around an ellipsis: names of one body often
    differ only at the end ("... Region 2", "... Region 3")."""
    if len(name) <= limit:
        return name
    tail = limit // 3 if tail is None else tail
    head = limit - 1 - tail
    return name[:head] + "\u2026" + (name[-tail:] if tail else "")


def short_names(names: Iterable[str], limit: int = NAME_LIMIT) -> dict[str, str]:
    """Each name shortened (:func:`short_name`) so that distinct names stay distinct: where
    two would read alike, the ellipsis moves until they differ; failing that, a number
    tells them apart."""
    names = list(dict.fromkeys(names))
    out = {n: short_name(n, limit) for n in names}
    default = limit // 3
    for tail in [*range(default + 1, limit - 1), *range(default - 1, -1, -1)]:
        clashing = _clashing(out)
        if not clashing:
            return out
        for n in clashing:
            if len(n) > limit:
                out[n] = short_name(n, limit, tail)
    for n in _clashing(out):  # no window tells them apart: the usual cut, and a number
        out[n] = short_name(n, limit)
    for group in _clash_groups(out):
        for k, n in enumerate(group[1:], start=2):
            tag = f" #{k}"
            out[n] = short_name(n, limit - len(tag)) + tag
    return out


def _clash_groups(shown: dict[str, str]) -> list[list[str]]:
    by_text: dict[str, list[str]] = {}
    for name, text in shown.items():
        by_text.setdefault(text, []).append(name)
    return [group for group in by_text.values() if len(group) > 1]


def _clashing(shown: dict[str, str]) -> list[str]:
    return [name for group in _clash_groups(shown) for name in group]


def label_ink(color) -> str:
    """A claimant's colour as a label's text colour: its hue, no lighter than
    :data:`LABEL_INK_LIGHTNESS` and dark enough for :data:`LABEL_INK_CONTRAST` on white (a mid
    blue, a cyan or a grey set as text is too faint to read); a greyish colour's ink at least
    :data:`LABEL_INK_SATURATION` saturated, so it never reads as the unattributed grey's.

    Shades of one hue that differ only in lightness would darken to one ink (a pale and a mid
    blue did, rating 6): the palette gives claimants of one side hues of their own, and
    tests/test_print_inks.py measures the inks of every figure's claimants apart."""
    import colorsys

    from matplotlib.colors import to_hex, to_rgb

    if to_hex(color).upper() in LABEL_INKS:
        return LABEL_INKS[to_hex(color).upper()]
    h, lightness, sat = colorsys.rgb_to_hls(*to_rgb(color))
    if sat >= 0.1:  # a colour, not a grey: a grey's ink stays grey
        sat = max(sat, LABEL_INK_SATURATION)
    lightness = min(lightness, LABEL_INK_LIGHTNESS)
    rgb = colorsys.hls_to_rgb(h, lightness, sat)
    while _contrast_on_white(rgb) < LABEL_INK_CONTRAST and lightness > 0:
        lightness = max(lightness - 0.005, 0.0)
        rgb = colorsys.hls_to_rgb(h, lightness, sat)
    return to_hex(rgb)


def _contrast_on_white(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of an sRGB colour (0-1 channels) against white."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)
