"""The figure registry: each citable figure's id, the claims it shows, the chart function that
draws it, and its words — title (the finding), subtitle (measure and unit) and caption.

Words may be functions of the claims drawn. A figure's curated words (about Kursk, about the
article) are used only when it draws the shipped ledger's claims and those claims still say
what the words say; over any other data (a user's own ledger, a filtered one) the words are
derived from what is drawn: measure, unit, claimants, span and count. So a chart of someone
else's data never carries a Kursk caption.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import import_module
from typing import TYPE_CHECKING

import pandas as pd

from kursk_data.analysis import fold_statements
from kursk_data.labels import measure_label, number_text, source_line
from kursk_data.load import load_claims, load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Words = str | Callable[[pd.DataFrame], str]
WIDTH = 7.2  # inches: every exported figure reads at 680 px wide with no text under 10 px


@dataclass(frozen=True)
class FigureSpec:
    """A named, citable figure. ``title``, ``subtitle``, ``caption`` and ``size`` may be
    functions of the claims drawn; :meth:`resolve` turns them into values."""

    id: str
    title: Words
    caption: Words
    select: Callable[[pd.DataFrame], pd.DataFrame]
    draw: str  # name of the chart function in kursk_data.plotting
    size: tuple[float, float] | Callable[[pd.DataFrame], tuple[float, float]] = (WIDTH, 5.4)
    draw_kws: dict = field(default_factory=dict)
    subtitle: Words | None = None
    # Further keywords for the chart computed from the claims it draws (e.g. a table the
    # figure's size also needs, so it is computed once).
    prepare: Callable[[pd.DataFrame], dict] | None = None

    def __post_init__(self) -> None:
        for words in (self.title, self.caption, self.subtitle):
            if isinstance(words, Curated):
                words.select = self.select

    def data(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The claims this figure shows."""
        return self.select(claims).reset_index(drop=True)

    def resolve(self, data: pd.DataFrame) -> FigureSpec:
        """This spec with its words and size computed for ``data`` (the claims it shows)."""

        def value(x):
            return x(data) if callable(x) else x

        return replace(
            self,
            title=value(self.title),
            caption=value(self.caption),
            subtitle=value(self.subtitle) if self.subtitle is not None else _subtitle(data),
            size=value(self.size),
        )

    def build(self, claims: pd.DataFrame, sources: pd.DataFrame | None = None) -> Figure:
        """Draw the figure (in the package style) from the full ledger ``claims``; its
        claimants' colours are those of the whole ledger, as in every other figure."""
        return self.draw_data(self.data(claims), sources, palette=ledger_palette(claims))

    def draw_data(
        self,
        data: pd.DataFrame,
        sources: pd.DataFrame | None = None,
        *,
        palette: dict[str, str] | None = None,
    ) -> Figure:
        """Draw the figure from the claims it shows: the chart, then title, subtitle and the
        wrapped source footer around it in one layout pass. ``palette`` is
        :func:`ledger_palette` of the whole ledger the claims come from (without it, the
        chart's default colours)."""
        import matplotlib.pyplot as plt

        plotting = import_module("kursk_data.plotting")
        placement = import_module("kursk_data.plotting.placement")
        framing = import_module("kursk_data.plotting.frame")
        spec = self.resolve(data)
        with plotting.style():
            fig = plt.figure(figsize=spec.size)
            ax = fig.add_axes([0.1, 0.12, 0.8, 0.6])
            # Labels are placed once, after the layout; the chart is part of a figure.
            with placement.deferred(), framing.figure_level():
                extra = self.prepare(data) if self.prepare else {}
                getattr(plotting, self.draw)(
                    data, ax=ax, footer=False, palette=palette, **self.draw_kws, **extra
                )
            plotting.frame(
                fig,
                ax,
                title=spec.title,
                subtitle=spec.subtitle,
                source=source_line(data, sources),
            )
        return fig


def ledger_palette(claims: pd.DataFrame) -> dict[str, str]:
    """Each claimant's colour in every figure of the ledger ``claims`` (computed from all of
    it, so one figure's selection never changes another's colours)."""
    plotting = import_module("kursk_data.plotting")
    return plotting.claimant_colors(claims)


# --------------------------------------------------------------------------- words


@functools.lru_cache(maxsize=4)
def _shipped_sources(role: str | None) -> frozenset[str]:
    """Source ids of the shipped ledger (of one role): package data, read once."""
    sources = load_sources()
    if role is not None:
        sources = sources[sources["role"].astype(str) == role]
    return frozenset(sources["source_id"].astype(str))


@functools.lru_cache(maxsize=1)
def _shipped_ids() -> frozenset[tuple[str, str]]:
    claims = load_claims()
    pairs = zip(claims["claim_id"].astype(str), claims["source_id"].astype(str), strict=True)
    return frozenset(pairs)


def is_shipped(data: pd.DataFrame) -> bool:
    """True when every claim drawn is a claim of the shipped ledger (same id, same source)."""
    if data.empty:
        return False
    pairs = zip(data["claim_id"].astype(str), data["source_id"].astype(str), strict=True)
    return set(pairs) <= _shipped_ids()


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


def _subtitle(data: pd.DataFrame) -> str:
    """Measure and unit, and how many claims by how many claimants: derived, never curated."""
    if data.empty:
        return "No claims match"
    measures = list(dict.fromkeys(data["measure"].astype(str)))
    # A statement reported twice (same_statement_as) is one claim on the chart.
    kept, _ = fold_statements(data)
    twice = len(data) - len(kept)
    claims = _count(len(kept), "claim") + (
        f" ({twice} of them reported twice)"
        if twice > 1
        else " (one reported twice)"
        if twice
        else ""
    )
    who = _count(kept["claimant"].nunique(), "claimant")
    if len(measures) <= 2:
        what = " and ".join(measure_label(m) for m in measures)
        return f"{what}, in {_units(data)}: {claims} by {who}, {_span(data)}, each drawn as worded."
    return (
        f"{claims} on {len(measures)} measures, in {_units(data)}, by {who}, "
        f"{_span(data)}, each drawn as worded."
    )


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
            return f"{measure_label(measures[0])}: {_figure(hi)}, {_span(data)}"
        return (
            f"{measure_label(measures[0])}: claims from {_figure(lo)} to {_figure(hi)}, "
            f"{_span(data)}"
        )
    return (
        f"{_count(len(data), 'claim')} on {_count(len(measures), 'measure')} by "
        f"{_count(data['claimant'].nunique(), 'claimant')}, {_span(data)}"
    )


def _running_title(data: pd.DataFrame, label: str) -> str:
    """Running totals are counts to their dates: what was reported by when, never "from X to
    Y" as if they were a spread of estimates of one number."""
    rows = data.sort_values(["period_end", "claim_id"])
    by = [f"{_figure(r)} by {r['period_end']:%b %Y}" for r in (rows.iloc[0], rows.iloc[-1])]
    names = list(dict.fromkeys(rows["claimant"].astype(str)))
    who = (
        _count(len(names), "claimant")
        if len(names) > 1
        else names[0].replace("unattributed", "unattributed report")
    )
    return f"{label}: running totals ({who}), " + " and ".join(dict.fromkeys(by))


def derived_caption(data: pd.DataFrame) -> str:
    """A caption built from what is drawn: claimants, span, sources; no curated story."""
    if data.empty:
        return "No claims match this figure's selection."
    names = list(dict.fromkeys(data["claimant"].astype(str)))
    shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
    return (
        f"{_count(len(data), 'claim')} by {shown}, {_span(data)}, each drawn as stated: the "
        "mark's shape is its qualifier, a band the interval it allows, a bound fades towards "
        "its open end. Claims are not joined or averaged; the data file lists every row drawn."
    )


def _figure(row: pd.Series, *, unit: bool = True) -> str:
    """A figure in a title: qualifier words, the number and its unit (never the source's
    wording, which may be long). ``unit`` False leaves the unit to the figure after it
    ("from over 1,000 to about 90 km²")."""
    unit = " km²" if str(row["unit"]) == "km2" and unit else ""
    number = number_text(row["value"])  # 0.000001, never 0.0

    def end(x) -> str:  # a range's end: whole from 1 up, as before; below, significant digits
        x = float(x)
        return f"{x:,.0f}" if abs(x) >= 1 or x == 0 else number_text(x)

    if str(row["qualifier"]) == "range":
        return f"{end(row['low'])}–{end(row['high'])}{unit}"
    words = {"about": "about ", "over": "over ", "up_to": "up to "}
    return f"{words.get(str(row['qualifier']), '')}{number}{unit}"


class Curated:
    """Curated words for the shipped ledger's claims when they still hold, else derived.

    Called with the claims drawn it returns the words; as text (``str()``, e.g. in
    ``kursk-data figures --list``) it is the curated words for the shipped ledger.
    """

    def __init__(
        self,
        words: Callable[[pd.DataFrame], str | None],
        fallback: Callable[[pd.DataFrame], str],
    ):
        self.words = words
        self.fallback = fallback
        self.select: Callable[[pd.DataFrame], pd.DataFrame] | None = None  # set by its spec

    def __call__(self, data: pd.DataFrame) -> str:
        text = self.words(data) if is_shipped(data) else None
        return text if text else self.fallback(data)

    def __str__(self) -> str:
        claims = load_claims()
        return self(self.select(claims) if self.select else claims)


def _curated(words, fallback) -> Curated:
    return Curated(words, fallback)


def _one(data: pd.DataFrame, claim_id: str) -> pd.Series | None:
    hit = data[data["claim_id"].astype(str) == claim_id]
    return hit.iloc[0] if len(hit) == 1 else None


def _territory_article_title(data: pd.DataFrame) -> str | None:
    first, last, zero = (_one(data, c) for c in ("art-02", "art-01", "art-03"))
    if first is None or last is None or zero is None or float(zero["value"]) != 0:
        return None
    return (
        f"Ukraine's foothold in Kursk shrank from {_figure(first)} to {_figure(last)}; "
        "Russia claimed none was left"
    )


def _troops_article_title(data: pd.DataFrame) -> str | None:
    region, front = _one(data, "art-05"), _one(data, "art-04")
    if region is None or front is None:
        return None
    return (
        f"{_figure(region).capitalize()} Russian troops in Kursk region; "
        f"{_figure(front)} facing Ukraine's last foothold"
    )


def _losses_article_title(data: pd.DataFrame) -> str | None:
    art = _one(data, "art-07")
    if art is None:
        return None
    others = data[data["claim_id"].astype(str) != "art-07"].sort_values("period_end")
    if others.empty:
        return f"{_figure(art).capitalize()} North Korean soldiers reported killed"
    values = others["value"].astype(float)
    if others["claimant"].nunique() != 1 or not values.is_monotonic_increasing:
        return None  # the words below would not hold: the derived title says what is drawn
    # One claimant's count of the dead, raised at each briefing: totals at their dates, not a
    # spread of estimates of one number. Said as what was reported by when; the claimant as
    # a headline names it (the chart names it in full).
    first, last = others.iloc[0], others.iloc[-1]
    who = str(first["claimant"]).replace("South Korea's National Intelligence Service", "Seoul")
    return (
        f"North Korean dead: {_figure(art)} in three months, says the article; {who}'s "
        f"tally: {_figure(first)} by {first['period_end']:%b %Y}, {_figure(last)} by "
        f"{last['period_end']:%b %Y}"
    )


def _overview_article_title(data: pd.DataFrame) -> str | None:
    first, last, troops = (_one(data, c) for c in ("art-02", "art-01", "art-05"))
    if first is None or last is None or troops is None:
        return None
    if float(last["value"]) >= float(first["value"]):
        return None  # "fell" would not hold
    return (
        f"The article's {len(data):,} figures: Ukraine's foothold fell from "
        f"{_figure(first, unit=False)} to {_figure(last)}; {_figure(troops)} Russian troops "
        "in Kursk"
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
    return f"Claims of the ground Ukraine held fell from {_figure(top)} to {_figure(last)}{tail}"


def _contested_title(data: pd.DataFrame) -> str:
    return (
        "Where the claimants disagree"
        if data.empty
        else (
            f"Where the claimants disagree: {data['measure'].nunique()} measures on which no "
            "single figure fits every claimant"
        )
    )


def _article(topic: str | None) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def select(claims: pd.DataFrame) -> pd.DataFrame:
        ids = _shipped_sources("article")
        keep = claims["source_id"].isin(ids)
        if topic is not None:
            keep &= claims["topic"] == topic
        return claims[keep]

    return select


def _user_or(select: Callable[[pd.DataFrame], pd.DataFrame], topic: str | None):
    """Article figures also show a user's own claims on their topic (every topic for the
    overview) when a claims file is given; alone, when the shipped ledger is left out."""

    def pick(claims: pd.DataFrame) -> pd.DataFrame:
        user = claims[~claims["source_id"].isin(_shipped_sources(None))]
        if topic is not None:
            user = user[user["topic"].astype(str) == topic]
        return pd.concat([select(claims), user])

    return pick


def _with_same_measure(select: Callable[[pd.DataFrame], pd.DataFrame]):
    """The selected claims and every other claim of the same measures: the article's figure in
    the whole story."""

    def pick(claims: pd.DataFrame) -> pd.DataFrame:
        base = select(claims)
        return claims[claims["measure"].isin(set(base["measure"]))]

    return pick


_CONTESTED: dict[tuple, pd.DataFrame] = {}


def _contested(claims: pd.DataFrame) -> pd.DataFrame:
    """:func:`kursk_data.contested` of ``claims``, computed once per set of claims (the
    selection, the figure's size and its chart all need it)."""
    from kursk_data.analysis import contested

    key = tuple(pd.util.hash_pandas_object(claims, index=False).to_numpy())
    if key not in _CONTESTED:
        _CONTESTED.clear()
        _CONTESTED[key] = contested(data=claims)
    return _CONTESTED[key]


def _disputed(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that take part in a dispute (every claim of each group that disagrees)."""
    ids = set(",".join(_contested(claims)["claim_ids"]).split(","))
    return claims[claims["claim_id"].isin(ids)]


MAX_HEIGHT = 20.0  # inches: no exported PNG taller than 4,000 px at 200 dpi
MAX_ROWS = 40  # as plotting.form.MAX_ROWS (not imported: no matplotlib at registry import)
PANEL_ROWS = 1.5  # as plotting.form.PANEL_ROWS: a panel's title and axis, in rows


def _rows_height(base: float, per_row: float):
    """Taller with every row the chart draws (at most MAX_ROWS, less the panels' room)."""

    def size(data: pd.DataFrame) -> tuple[float, float]:
        rows = min(max(len(data), 1), MAX_ROWS)
        return (WIDTH, min(round(base + per_row * rows, 1), MAX_HEIGHT))

    return size


def _timeline_size(base: float):
    """Taller with every panel (measure) and every row of the claimant legend."""

    def size(data: pd.DataFrame) -> tuple[float, float]:
        panels = max(data["measure"].nunique(), 1)
        legend_rows = -(-data["claimant"].nunique() // 2)
        # A crowded panel gets more height, so its chosen labels find room.
        per_panel = 1.35 + min(len(data) / panels, 40) * 0.025
        height = round(base + per_panel * (panels - 1) + 0.17 * legend_rows, 1)
        return (WIDTH, min(height, MAX_HEIGHT))

    return size


def _contested_size(data: pd.DataFrame) -> tuple[float, float]:
    # Header, legend and footer, then per dispute a title and an axis, per row two lines: for
    # the disputes that fit one chart (as plotting.form.disputes_that_fit keeps them).
    sizes = _contested(data).groupby("dispute", sort=True).size()
    rows = panels = 0
    for n in sizes:
        if panels and rows + PANEL_ROWS * panels + n + PANEL_ROWS > MAX_ROWS:
            break
        rows, panels = rows + n, panels + 1
    more = 0.4 if panels < len(sizes) else 0.0  # the note saying what was left out
    return (WIDTH, min(round(2.4 + 0.42 * rows + 0.62 * panels + more, 1), MAX_HEIGHT))


_CONTESTED_CAPTION = (
    "Each panel is one dispute: one measure over a short time window on which no single "
    "figure fits every claimant's interval. Each row is a claimant's latest figure there "
    "and the range its qualifier allows, on the panel's own scale. Nothing is averaged. "
    "The data file lists every claim of each dispute, earlier figures of a claimant "
    "included; the latest of each is drawn."
)

_SPECS = [
    FigureSpec(
        "territory-article",
        _curated(_territory_article_title, derived_title),
        _curated(
            lambda d: (
                "Ukraine's first gains (over 1,000 km², August 2024), Russia's claim of "
                "full recapture (26 April 2025; the 0 is implied, nobody stated it) and "
                "Ukraine's claim to still hold about 90 km² (22 June 2025), drawn as separate "
                "claims: a bound as a bound, a period as a period. The article dates none of "
                "them: each period is the ledger's reading (period inferred, dotted). Russia's "
                "claim is drawn on its own day, not stretched to June, so it is not set "
                "against the June figure."
            ),
            derived_caption,
        ),
        _user_or(_article("territory"), "territory"),
        "plot_territory",
        size=_timeline_size(5.1),
    ),
    FigureSpec(
        "troops-article",
        _curated(_troops_article_title, derived_title),
        _curated(
            lambda d: (
                "Russian troops facing the ground Ukraine still held (about 10,000, June "
                "2025), Russian troops in the region in recent months (up to 70,000, unattributed) "
                "and North Korean troops deployed in autumn 2024 (about 11,000): three measures, "
                "one panel each."
            ),
            derived_caption,
        ),
        _user_or(_article("troops"), "troops"),
        "plot_troops",
        size=_timeline_size(4.2),
    ),
    FigureSpec(
        "losses-article",
        _curated(_losses_article_title, derived_title),
        _curated(
            lambda d: (
                "The article's over 1,000 North Korean soldiers killed within three "
                "months (no claimant named; the months are our reading, see the claim's note) "
                "beside every other estimate of North Korean dead in the ledger."
            ),
            derived_caption,
        ),
        _with_same_measure(_user_or(_article("losses"), "losses")),
        "plot_losses",
        size=_timeline_size(5.1),
    ),
    FigureSpec(
        "overview-article",
        _curated(_overview_article_title, derived_title),
        _curated(
            lambda d: (
                "Each claim of the article on its own row: its qualifier mark, the "
                "interval it implies and who made it. Areas and people are drawn in separate "
                "panels, each on its own axis."
            ),
            derived_caption,
        ),
        _user_or(_article(None), None),
        "plot_overview",
        size=_rows_height(3.4, 0.42),
    ),
    FigureSpec(
        "territory-timeline",
        _curated(_timeline_title, derived_title),
        _curated(
            lambda d: (
                "Every claim in the ledger about the ground Ukraine held, coloured by "
                "claimant: Ukrainian officials, Russia's military, the DeepState mapping project "
                "and unattributed reports. Marks are not joined: no claimant gave a steady path "
                "between its figures. Mapping projects count contested grey zones differently "
                "from officials, which explains part of the gap. Russia's claim of full "
                "recapture is drawn on its day, 26 April 2025, and disputed by the mapping "
                "figure of that day; it is not stretched to later claims. A statement reported "
                "by two outlets is one mark (that the source article's undated claim of "
                "recapture is Russia's of 26 April is the ledger's reading); the data file "
                "lists both rows."
            ),
            derived_caption,
        ),
        lambda claims: claims[claims["measure"] == "area_held_by_ukraine"],
        "plot_territory_timeline",
        size=_timeline_size(6.3),
    ),
    FigureSpec(
        "contested",
        _curated(_contested_title, _contested_title),
        _curated(
            lambda d: (
                _CONTESTED_CAPTION
                + (
                    " Russia's claim of full recapture is drawn as an agency report dates it; that "
                    "the source article's undated claim is the same one is the ledger's reading."
                    if {"art-03", "ctx-11"} <= set(d["claim_id"].astype(str))
                    else ""
                )
            ),
            lambda d: _CONTESTED_CAPTION,
        ),
        lambda claims: _disputed(claims),
        "plot_contested",
        size=_contested_size,
        prepare=lambda data: {"disputes": _contested(data)},
    ),
]
# Every registered figure by id, in the order the gallery shows them.
FIGURES: dict[str, FigureSpec] = {spec.id: spec for spec in _SPECS}
del _SPECS


def __getattr__(name: str):
    if name == "REGISTRY":
        raise AttributeError(
            "kursk_data.figures.registry.REGISTRY was removed: use FIGURES.values() "
            "(FIGURES maps each figure id to its spec, in gallery order)"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
