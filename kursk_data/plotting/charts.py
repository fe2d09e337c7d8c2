"""The chart functions, seaborn-style: ``plot_x(data=None, *, ax=None, **kws) -> Axes``.

Every function takes ``measure=``, ``side=`` and ``claimants=`` to choose what it draws,
``annotate=`` for which marks carry a label and ``footer=`` for the source line; further
keywords go to the marks (matplotlib ``Line2D`` properties). Data that leave nothing to draw
give an axes that says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from kursk_data import schema
from kursk_data.analysis import fold_statements
from kursk_data.analysis.disputes import disputes_that_fit
from kursk_data.labels import measure_label
from kursk_data.plotting import form, select
from kursk_data.plotting.dumbbell import disputes_of, dumbbell_chart
from kursk_data.plotting.rows import Panel, roomy, row_chart
from kursk_data.plotting.style import TERRITORY_SPAN, claimant_name
from kursk_data.plotting.timeline import timeline

Names = str | Iterable[str] | None


def plot_territory(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    measure: Names = None,
    side: Names = None,
    claimants: Iterable[str] | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    mi2_axis: bool = True,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    notes=(),
    **kws,
) -> Axes:
    """Area held over time, in km² (and sq mi on the right), one mark per claim.

    Parameters
    ----------
    data : DataFrame, optional
        Claims as :func:`kursk_data.load_claims` returns them; territory rows are used.
        Defaults to every claim of the ledger.
    ax : Axes, optional
        Where to draw; defaults to the current Axes. With several measures it is split into
        one panel per measure.
    measure, side, claimants : str or list of str, optional
        Draw only these measures, claimant sides, claimants.
    annotate : bool or iterable of claim ids
        Label marks with the figure as worded, the claimant and the date: ``True`` labels
        every mark of a small chart and chosen ones (extremes, each claimant's latest) of a
        big one.
    palette : mapping of claimant to colour, optional
        Colours to use, e.g. ``kd.plotting.claimant_colors(ledger)`` of your whole ledger so a
        claimant keeps its colour across charts. Defaults to the shipped ledger's colours for
        its claims, else those of ``data`` as given.
    mi2_axis : bool
        Add a secondary axis in square miles, ticked at the km² grid lines.
    footer : bool or str
        Add the ``Source: ...`` line (True), a custom one (str), or none (False).
    sources : DataFrame, optional
        Your sources table (``kd.load_sources(path=...)``): the footer names their titles and
        publishers instead of source ids.
    notes : iterable of (str, iterable of claim ids), optional
        Short notes on the chart, each set near the marks of its claims (e.g. "different
        claimants: not a recovery" between two of them); left out where it finds no room.
    **kws
        Passed to every claim's mark (``Line2D`` properties).

    Returns
    -------
    Axes
    """
    rows, asked = select.claims(data, "territory", measure=measure, side=side, claimants=claimants)
    span = TERRITORY_SPAN if _within(rows, TERRITORY_SPAN) else None
    return timeline(
        ax,
        rows,
        asked=asked,
        annotate=annotate,
        footer=footer,
        mi2_axis=mi2_axis,
        span=span,
        data=data,
        palette=palette,
        sources=sources,
        notes=notes,
        **kws,
    )


def plot_territory_timeline(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    measure: Names = "area_held_by_ukraine",
    side: Names = None,
    claimants: Iterable[str] | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    mi2_axis: bool = True,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    notes=(),
    **kws,
) -> Axes:
    """Every claim of the area held, coloured by claimant; see :func:`plot_territory`.

    Each claim is its own mark. One claimant's successive figures are joined by a thin light
    line under the marks, which the key says only tells whose figures follow one another
    (nobody claimed a steady change between them); solid, so it never reads as the dotted
    bar of an inferred period. With many claims only chosen marks are labelled.
    """
    return plot_territory(
        data,
        ax=ax,
        measure=measure,
        side=side,
        claimants=claimants,
        annotate=annotate,
        palette=palette,
        mi2_axis=mi2_axis,
        footer=footer,
        sources=sources,
        notes=notes,
        **kws,
    )


def plot_troops(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    measure: Names = None,
    side: Names = None,
    claimants: Iterable[str] | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    **kws,
) -> Axes:
    """Troop numbers claimed over time, a panel per measure; see :func:`plot_territory`."""
    rows, asked = select.claims(data, "troops", measure=measure, side=side, claimants=claimants)
    return timeline(
        ax,
        rows,
        asked=asked,
        annotate=annotate,
        footer=footer,
        data=data,
        palette=palette,
        sources=sources,
        **kws,
    )


def plot_losses(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    measure: Names = None,
    side: Names = None,
    claimants: Iterable[str] | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    notes=(),
    **kws,
) -> Axes:
    """Losses claimed over time (people), a panel per measure; see :func:`plot_territory`."""
    rows, asked = select.claims(data, "losses", measure=measure, side=side, claimants=claimants)
    return timeline(
        ax,
        rows,
        asked=asked,
        annotate=annotate,
        footer=footer,
        data=data,
        palette=palette,
        sources=sources,
        notes=notes,
        **kws,
    )


def plot_timeline(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    topic: str | None = None,
    measure: Names = None,
    side: Names = None,
    claimants: Iterable[str] | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    **kws,
) -> Axes:
    """Claims of any topic over time, a panel per measure (at most six, the rest named in a
    note); dense series drawn as lines with their intervals as ribbons. See
    :func:`plot_territory` for the parameters."""
    rows, asked = select.claims(data, topic, measure=measure, side=side, claimants=claimants)
    return timeline(
        ax,
        rows,
        asked=asked,
        annotate=annotate,
        footer=footer,
        data=data,
        palette=palette,
        sources=sources,
        **kws,
    )


def plot_overview(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    measure: Names = None,
    side: Names = None,
    claimants: Iterable[str] | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    mi2_axis: bool = True,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    headings: Mapping[str, str] | None = None,
    **kws,
) -> Axes:
    """Every claim on its own row, a panel per unit (areas and head counts never share an
    axis; head counts, troops and the dead alike, share one scale), rows in date order.

    A panel of one measure names it once, in its title, and its rows name claimant and date;
    a panel of several names each row's measure. ``mi2_axis`` adds square miles above an area
    panel, on their own round ticks. ``headings`` maps a unit ("personnel") to its panel's
    heading, a finding in place of the topic (a figure's curated words). See
    :func:`plot_territory` for the other parameters.
    """
    rows, asked = select.claims(data, None, measure=measure, side=side, claimants=claimants)
    rows, _members = fold_statements(rows)  # one statement, one row
    # One panel per unit; counts of things, one per thing (tanks and shells share no axis).
    things = [select.unit_words(u, m) for u, m in zip(rows["unit"], rows["measure"], strict=True)]
    rows = rows.assign(_thing=things)
    # Panels in topic order (areas first); rows in date order within a panel, a measure's
    # rows together, measures by their first claim's date.
    topics = list(schema.enum("claims", "topic"))
    key = rows["unit"].astype(str) + "\x1f" + rows["_thing"].astype(str)
    topic = rows["topic"].astype(str).map(lambda t: topics.index(t) if t in topics else len(topics))
    first = rows.groupby(rows["measure"].astype(str))["period_start"].transform("min")
    rows = rows.assign(_panel=topic.groupby(key).transform("min"), _first=first).sort_values(
        ["_panel", "_first", "measure", "period_start", "period_end", "claim_id"], kind="stable"
    )
    keys = list(dict.fromkeys(zip(rows["unit"].astype(str), rows["_thing"], strict=True)))
    rows = rows.drop(columns=["_panel", "_first"])
    marks: set[str] = set()
    groups = []
    # Each panel names its rows by its own measures (rating 10: "Area held by Ukraine" was
    # printed on all three area rows under a head that said "Area"): a panel of one measure
    # names it once, in its head, its rows only claimant and date; a panel of several names
    # each row's measure. Rating 9 had asked for one pattern in every panel; the repeated
    # measure cost more than the pattern gave.
    # A period mark on every row says nothing (rating 9): where every period is inferred,
    # the footer says so once and no row carries the star.
    every = bool(len(rows)) and bool(rows.apply(_inferred, axis=1).all())
    wrap = (
        OVERVIEW_MEASURE_WRAP if roomy(ax or plt.gca(), len(rows)) else OVERVIEW_MEASURE_WRAP_TIGHT
    )
    for unit, thing in keys:
        sub = rows[(rows["unit"].astype(str) == unit) & (rows["_thing"] == thing)]
        sub = sub.drop(columns="_thing")
        alone = len(keys) == 1
        group = _overview_panel(
            sub,
            unit,
            thing,
            marks,
            alone=alone,
            mi2=mi2_axis,
            star=not every,
            wrap=wrap,
        )
        if headings and unit in headings and not alone:
            group.title = headings[unit]
        groups.append(group)
    return row_chart(
        ax,
        groups,
        rows.drop(columns="_thing"),
        asked=asked,
        annotate=annotate,
        footer=footer,
        data=data,
        palette=palette,
        sources=sources,
        note=" ".join(OVERVIEW_NOTES[m] for m in sorted(marks) if m in OVERVIEW_NOTES),
        mi2_axis=mi2_axis,
        **kws,
    )


def _overview_panel(
    sub: pd.DataFrame,
    unit: str,
    thing: str,
    marks: set[str],
    *,
    alone: bool,
    mi2: bool,
    measures: bool = False,
    star: bool = True,
    wrap: int = 0,
) -> Panel:
    """One overview panel: its title says the measure once when it has one (its rows then
    name claimant and date only), else the unit, and that several topics share its scale.
    With ``mi2`` an area panel's axes end in their units, so its title need not say km².
    ``measures``: every row names its measure, as another panel's rows do (the title then
    names the unit); ``star``: inferred periods are starred (else the footer says once that
    every one is); ``wrap``: the measure's width in characters (0: the default)."""
    from kursk_data.plotting.frame import axes_level

    kinds = list(dict.fromkeys(sub["measure"].astype(str)))
    one = len(kinds) == 1 and not measures
    wrap = wrap or OVERVIEW_MEASURE_WRAP
    names = [
        _overview_name(r, marks, measure=not one, star=star, wrap=wrap) for _, r in sub.iterrows()
    ]
    # A long claimant ("General Staff of the Armed Forces of Ukraine, 30 Jun 2023", a real
    # daily table) is wrapped where the row names only who (the panel's title names the
    # measure): on one line it took most of the width and the axis got a sliver.
    who_lines = None
    if one:
        names = [_balanced(n, OVERVIEW_WHO_WRAP) for n in names]
        who_lines = [n.count("\n") + 1 for n in names]
    if one:
        label = measure_label(kinds[0])
        # An area's unit is on its axes (km² below, mi² above); a count's is said here, unless
        # the measure names it already ("Russian tanks lost", not "..., tanks").
        said = (unit == "km2" and mi2) or thing.lower() in label.lower()
        return Panel(label if said else f"{label}, {thing}", sub, names, who_lines)
    many = len(kinds) > 1
    area = ("Areas" if many else "Area") + ("" if mi2 else ", km²")
    title = {"km2": area, "personnel": "People"}.get(unit, thing.capitalize())
    topics = list(dict.fromkeys(sub["topic"].astype(str)))
    if len(topics) > 1:
        # Troops and the dead on one scale: said, so 1,000 killed is read against 11,000 sent.
        title += f": {_and(topics)} on one scale"
    elif alone and not axes_level():
        # The only panel of a framed figure: the subtitle names the unit; no title repeats it.
        title = ""
    return Panel(title, sub, names, who_lines)


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


# What the short row names of plot_overview mark, said once in the footer; "c." (circa) is
# the reader's own abbreviation (a two-line footer has no room to spell it out).
OVERVIEW_NOTES = {
    "*": "*\u00a0Period inferred.",  # the star never left alone at a line's end
    "all*": "All periods inferred.",  # every row's: said once, no row starred
}
# A measure's name in a row name is wrapped at this many characters: the row names leave the
# plot more than half the figure's width. In a chart whose rows have little height (see
# rows.roomy) it keeps one line up to the wider width: a third line ran into the next row's
# name (rating 9: overview-article at 520 px).
OVERVIEW_MEASURE_WRAP_TIGHT = 42
OVERVIEW_MEASURE_WRAP = 34
# Characters of a claimant-and-date line before it is broken in two.
OVERVIEW_WHO_WRAP = 40


def _overview_name(
    row: pd.Series, marks: set[str], *, measure: bool = True, star: bool = True, wrap: int = 0
) -> str:
    """A row's name in the overview: its measure (wrapped; left out with ``measure`` False,
    when the panel's title names it), then claimant and period, short: "c." for an
    approximate period, "*" for an inferred one (``star`` False: none, every period being
    inferred; ``marks`` collects the marks used, for the note that explains them once)."""
    from kursk_data.labels import APPROX_MARK, INFERRED_MARK, short_period

    when = short_period(row)
    if when.startswith(f"{APPROX_MARK} "):
        marks.add(APPROX_MARK)
    if when.endswith(INFERRED_MARK):
        if star:
            marks.add(INFERRED_MARK)
        else:
            when = when.removesuffix(INFERRED_MARK)
            marks.add("all" + INFERRED_MARK)
    who = f"{claimant_name(row)}, {when}"
    what = _balanced(measure_label(row["measure"]), wrap or OVERVIEW_MEASURE_WRAP)
    return f"{what}\n{who}" if measure else who


def _inferred(row: pd.Series) -> bool:
    """True where the row's period is the ledger's reading (as :func:`short_period` stars)."""
    from kursk_data.labels import INFERRED_MARK, short_period

    return short_period(row).endswith(INFERRED_MARK)


def _balanced(label: str, width: int = OVERVIEW_MEASURE_WRAP) -> str:
    """``label`` on one line when it fits ``width`` characters, else broken at the space that
    makes its two lines most even ("Russian troops against / Ukrainian foothold", never a
    last word alone)."""
    if len(label) <= width or " " not in label:
        return label
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: max(i, len(label) - i - 1))
    return label[:cut] + "\n" + label[cut + 1 :]


def plot_contested(
    data: pd.DataFrame | None = None,
    *,
    ax: Axes | None = None,
    measure: Names = None,
    side: Names = None,
    claimants: Iterable[str] | None = None,
    window: str | None = None,
    disputes: pd.DataFrame | None = None,
    max_rows: int | None = None,
    annotate: bool | Iterable[str] = True,
    palette: Mapping[str, str] | None = None,
    footer: bool | str = True,
    sources: pd.DataFrame | None = None,
    **kws,
) -> Axes:
    """Disputes side by side, as dumbbells: a row per dispute (one measure in one time window
    where no single figure fits every claimant's interval), each claimant's latest figure
    there as a mark on that row, named beside it, the marks joined by a thin neutral line (see
    :func:`kursk_data.contested`). Disputes of one unit share a value axis unless their
    figures differ by more than five times; each panel's axis shows its scale.

    ``disputes`` is ``kd.contested(data=data, window=window)`` when already computed;
    ``window=None`` takes contested()'s defaults (14 days for states, 30 for running totals).
    ``max_rows`` caps the rows drawn (a panel's title and axis counting 1.5), as a figure of
    a set height needs.
    """
    from kursk_data.analysis import contested

    claims, asked = select.claims(data, None, measure=measure, side=side, claimants=claimants)
    filtered = measure is not None or side is not None or claimants is not None
    table = (
        disputes if disputes is not None and not filtered else contested(data=claims, window=window)
    )
    # Only the disputes that fit one Axes are drawn; the note says how many were left out.
    cap = form.MAX_ROWS if max_rows is None else max_rows
    keep = disputes_that_fit(table, form.fitting(ax or plt.gca(), 24, 110, cap))
    more = table["dispute"].nunique() - len(keep)
    return dumbbell_chart(
        ax,
        disputes_of(claims, table[table["dispute"].isin(keep)]),
        asked=f"no disputes among {asked}" if not claims.empty else asked,
        annotate=annotate,
        footer=footer,
        data=data,
        palette=palette,
        sources=sources,
        left_out=(
            f"Not shown here: {more:,} more disputes (no room for more rows in this chart)"
            if more
            else ""
        ),
        **kws,
    )


def _within(rows: pd.DataFrame, span) -> bool:
    if rows.empty:
        return False
    return rows["period_start"].min() >= span[0] and rows["period_end"].max() <= span[1]
