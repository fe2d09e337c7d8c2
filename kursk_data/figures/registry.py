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

from kursk_data.figures.dispute_titles import (
    _contested_title,
    areas_title,
    counts_title,
    disputes_subtitle,
    moments_apart_caption,
)
from kursk_data.figures.sizes import (
    OVERVIEW_BASE_IN,
    OVERVIEW_ROW_IN,
    TROOPS_BASE_IN,
    WIDTH,
    _part_prepare,
    _part_select,
    _part_size,
    _rows_height,
    _timeline_size,
)
from kursk_data.figures.titles import (
    _losses_article_title,
    _overview_article_title,
    _subtitle,
    _territory_article_title,
    _timeline_title,
    _troops_article_title,
    article_subtitle,
    derived_caption,
    derived_title,
    losses_compared_id,
    overview_people_heading,
)
from kursk_data.load import load_claims, load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Words = str | Callable[[pd.DataFrame], str]


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
        return self.draw_data(
            self.data(claims), sources, palette=ledger_palette(claims), ledger=claims
        )

    def draw_data(
        self,
        data: pd.DataFrame,
        sources: pd.DataFrame | None = None,
        *,
        palette: dict[str, str] | None = None,
        ledger: pd.DataFrame | None = None,
    ) -> Figure:
        """Draw the figure from the claims it shows: the chart, then title, subtitle and the
        wrapped source footer around it in one layout pass. ``palette`` is
        :func:`ledger_palette` of the whole ledger the claims come from (without it, the
        chart's default colours); ``ledger``, that whole ledger, names each statement reported
        twice by one claimant in every figure (see :func:`kursk_data.plotting.style.as_drawn`)."""
        import matplotlib.pyplot as plt

        plotting = import_module("kursk_data.plotting")
        names = getattr(palette, "names", None)
        if ledger is not None or names is not None:
            dates = getattr(palette, "dates", None)
            data = import_module("kursk_data.plotting.style").as_drawn(data, ledger, names, dates)
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
                source=framing.source_text(data, sources),
            )
        return fig


class LedgerPalette(dict):
    """Claimant -> colour for every figure of a ledger; ``names`` maps each claim that reports
    another row's statement to the claimant it is drawn under (by claim key, see
    :func:`kursk_data.plotting.style.statement_claimants`), so one selection of the ledger
    names it as every other does."""

    names: dict[str, str]
    dates: dict[str, pd.Timestamp]  # the date of the statement each of ``names`` is drawn as


def ledger_palette(claims: pd.DataFrame) -> LedgerPalette:
    """Each claimant's colour in every figure of the ledger ``claims`` (computed from all of
    it, so one figure's selection never changes another's colours), and the names statements
    reported twice are drawn under."""
    style = import_module("kursk_data.plotting.style")
    palette = LedgerPalette(style.claimant_colors(claims))
    palette.names = style.statement_claimants(claims)
    palette.dates = style.statement_dates(claims)
    return palette


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


# As kursk_data.plotting.timeline.FEW_MARKS (the registry imports no matplotlib): a chart of
# this many claims or fewer, of one measure, names every claimant in its labels and draws no
# colour key.
_FEW_MARKS = 4


# territory-article's width to height: 4:3, so the fall from over 1,000 km² to 0 and 90 reads
# as a drop (rating 9: at 16:9 a plot about 200 px tall, "eight months of nothing").
_ARTICLE_ASPECT = 4 / 3


def _territory_article_size(data: pd.DataFrame) -> tuple[float, float]:
    """The article's few territory claims print at 4:3 (inside 3:4 to 16:9): a plot tall
    enough for the drop between its marks; other data as :func:`_timeline_size` sizes it."""
    width, height = _timeline_size(5.1)(data)
    if 0 < len(data) <= _FEW_MARKS and data["measure"].nunique() == 1:
        height = round(width / _ARTICLE_ASPECT, 2)
    return (width, height)


def _notes(
    *notes: tuple[str, dict[str, float]], key: str = "notes"
) -> Callable[[pd.DataFrame], dict]:
    """A figure's notes on the chart (``(text, {claim id: figure})``), each kept where its
    claims are drawn as the shipped ledger has them (same id, source and figure): a note
    about Kursk never sits on someone else's claims. ``key``: the plot keyword they go to
    ("asides": a caveat in one claim's label)."""

    def prepare(data: pd.DataFrame) -> dict:
        shipped = _shipped_ids()
        rows = {
            str(r.claim_id): float(r.value)
            for r in data.itertuples()
            if (str(r.claim_id), str(r.source_id)) in shipped
        }
        kept = [
            (text, tuple(ids))
            for text, ids in notes
            if all(c in rows and rows[c] == v for c, v in ids.items())
        ]
        return {key: kept} if kept else {}

    return prepare


# The ledger's note on Zelensky's range (ctx-41: "whether it means killed or all casualties is
# unclear, and it includes North Koreans"), in plain words as the last line of his own label
# (rating 9: a ‡ in the label sent the reader to the key above the plot); set beside Syrskyi's
# total of Russian killed and wounded (ctx-43), the two may not count the same thing.
COUNTS_NOTE = "includes North Koreans; may count the killed only"


def _both(*parts: Callable[[pd.DataFrame], dict]) -> Callable[[pd.DataFrame], dict]:
    """The plot keywords of each of ``parts``, together."""

    def prepare(data: pd.DataFrame) -> dict:
        out: dict = {}
        for part in parts:
            out.update(part(data))
        return out

    return prepare


def _people_heading(data: pd.DataFrame) -> dict:
    """The overview's people panel heading, its finding, where the shipped claims are drawn
    (over a user's claims the panel keeps its topic)."""
    text = overview_people_heading(data) if is_shipped(data) else None
    return {"headings": {"personnel": text}} if text else {}


def _compared_named(data: pd.DataFrame) -> dict:
    """losses-article: the estimate its title compares with names its claimant in its label,
    where the shipped claims are drawn (rating 10: "about 300" was told by colour only)."""
    cid = losses_compared_id(data) if is_shipped(data) else None
    return {"named": (cid,)} if cid else {}


_CONTESTED_CAPTION = (
    "Each row is one dispute: one measure over a short time window on which no single "
    "figure fits every claimant's interval. Each mark is a claimant's latest figure there "
    "and the range its qualifier allows; a thin grey line joins the marks of one dispute "
    "and is neither a range nor an average. Disputes of one unit share one scale where "
    "their figures are close; each panel's axis shows its own. Nothing is averaged. "
    "The data file lists every claim of each dispute, earlier figures of a claimant "
    "included; the latest of each is drawn."
)

_SPLIT_NOTE = (
    " Disputes about head counts and other counts are in figure contested-counts, so each "
    "figure prints no taller than 3:4."
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
                "them: each period is the ledger's reading (period inferred: dotted, its date "
                "starred). Russia's "
                "claim is drawn on its own day, not stretched to June, so it is not set "
                "against the June figure. The over 1,000 km² bound stands at the top edge, "
                "off the scale, so that 0 and about 90 km² can be told apart."
            ),
            derived_caption,
        ),
        _user_or(_article("territory"), "territory"),
        "plot_territory",
        size=_territory_article_size,
        # Russia's 0 of April, then Syrskyi's 90 of June read as ground regained (rating 6).
        prepare=_notes(("different claimants: not a recovery", {"art-03": 0.0, "art-01": 90.0})),
    ),
    FigureSpec(
        "troops-article",
        _curated(_troops_article_title, derived_title),
        _curated(
            lambda d: (
                "The article's three troop figures, each a row of its own in date order on "
                "one scale of people: North Korean troops deployed in autumn 2024 (about "
                "11,000), Russian troops in the region in recent months (up to 70,000, "
                "unattributed) and Russian troops facing the ground Ukraine still held "
                "(about 10,000, Syrskyi, June 2025). Three measures, not one number over "
                "time. The title sets the two Russian figures side by side, each with its "
                "scope (the foothold; the whole region): two forces, not two counts of one. "
                "The North Korean "
                "row, another force in another season, is kept because the figure draws all "
                "of the article's troop figures. Every period is the ledger's reading of the "
                "article's words (inferred)."
            ),
            derived_caption,
        ),
        _user_or(_article("troops"), "troops"),
        "plot_overview",
        subtitle=_curated(article_subtitle, _subtitle),
        size=_rows_height(TROOPS_BASE_IN, OVERVIEW_ROW_IN),
    ),
    FigureSpec(
        "losses-article",
        _curated(_losses_article_title, derived_title),
        _curated(
            lambda d: (
                "The article's over 1,000 North Korean soldiers killed within three "
                "months (no claimant named; the months are our reading, see the claim's note) "
                "beside every other estimate of North Korean dead in the ledger. A count over "
                "a period is drawn at the period's end, when it was reached, its period bar "
                "behind it; South Korea's estimates are joined in date order."
            ),
            derived_caption,
        ),
        _with_same_measure(_user_or(_article("losses"), "losses")),
        "plot_losses",
        size=_timeline_size(5.1),
        # No note on the chart: the title states its point (rating 9: an italic aside repeated
        # it beside the marks), and the key explains the shaded bands. The estimate the title
        # compares with names its claimant in its own label (rating 10).
        prepare=_compared_named,
    ),
    FigureSpec(
        "overview-article",
        _curated(_overview_article_title, derived_title),
        _curated(
            lambda d: (
                "Each claim of the article on its own row, in date order: its qualifier "
                "mark, the interval it implies and who made it. Areas (km², with mi² above) "
                "and people are drawn in separate panels; troops and the dead share one scale "
                "of people, so 1,000 killed reads against 11,000 deployed; its label says "
                "that the mark is small at that scale. The title states one finding: the "
                "ground Ukraine held, from the article's first area figure (over 1,000 km², "
                "unattributed) to its last (about 90 km², Syrskyi). Russia's claim of none in "
                "April has its own row; the ledger sets it only against figures of its own "
                "day. Unattributed: the article names no one for the figure."
            ),
            derived_caption,
        ),
        _user_or(_article(None), None),
        "plot_overview",
        size=_rows_height(OVERVIEW_BASE_IN, OVERVIEW_ROW_IN),
        subtitle=_curated(article_subtitle, _subtitle),
        prepare=_people_heading,
    ),
    FigureSpec(
        "territory-timeline",
        _curated(_timeline_title, derived_title),
        _curated(
            lambda d: (
                "Every claim in the ledger about the ground Ukraine held, coloured by "
                "claimant: Ukrainian officials, Russia's military, the DeepState mapping project "
                "and unattributed figures (no one named). A thin line joins each claimant's own "
                "figures in "
                "turn: they claim nothing between them (no claimant gave a steady path "
                "between its figures); over months with no figure from the claimant the "
                "line is dotted. Mapping projects count contested grey zones differently "
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
        # No note on the joins (rating 6's "no path claimed"): Syrskyi's long joins are dotted
        # and the key says why (rating 7).
        size=_timeline_size(6.3),
    ),
    FigureSpec(
        "contested",
        _curated(areas_title, _contested_title()),
        _curated(
            lambda d: (
                _CONTESTED_CAPTION
                + (
                    " Russia's claim of full recapture is drawn as an agency report dates it; that "
                    "the source article's undated claim is the same one is the ledger's reading."
                    if {"art-03", "ctx-11"} <= set(d["claim_id"].astype(str))
                    else ""
                )
                + (
                    # The title's caveat, as ctx-06's note gives it.
                    " DeepState, a mapping project, counts a further grey zone separately, one "
                    "reason its figures sit below official ones."
                    if "ctx-06" in set(d["claim_id"].astype(str))
                    else ""
                )
                + _SPLIT_NOTE
            ),
            lambda d: _CONTESTED_CAPTION,
        ),
        _part_select("areas"),
        "plot_contested",
        size=_part_size(),
        # ctx-06's note on the figure, at its row (rating 8), in plain words (rating 9: "grey
        # zone counted apart" was jargon): its figure leaves out ground of unclear control.
        prepare=_part_prepare(
            _notes(
                ("DeepState counts contested ground separately", {"ctx-06": 560.0}),
                key="row_notes",
            )
        ),
        subtitle=disputes_subtitle,
    ),
    FigureSpec(
        "contested-counts",
        _curated(counts_title, _contested_title()),
        # The before-and-at-the-start pair it leaves out, said (rating 9).
        lambda d: (
            _CONTESTED_CAPTION
            + " Disputes about areas are in figure contested; disputes of one measure that "
            "share a claim over overlapping windows are one panel, so each claim is drawn once."
            + (moments_apart_caption(load_claims()) if is_shipped(d) else "")
        ),
        _part_select("counts"),
        "plot_contested",
        size=_part_size(),
        # The ledger's note on Zelensky's range (ctx-41): its measure is unclear (rating 7).
        prepare=_part_prepare(
            _both(
                _notes((COUNTS_NOTE, {"ctx-41": 35000.0}), key="asides"),
                # The panel the title names (the North Korean dead) first.
                lambda d: {"lead": "north_korean_troops_killed"} if counts_title(d) else {},
            )
        ),
        subtitle=disputes_subtitle,
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
