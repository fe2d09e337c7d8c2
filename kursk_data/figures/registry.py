"""The figure registry: each citable figure's id, title, caption, the claims it shows and the
chart function that draws it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING

import pandas as pd

from kursk_data.load import load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class FigureSpec:
    """A named, citable figure."""

    id: str
    title: str
    caption: str
    select: Callable[[pd.DataFrame], pd.DataFrame]
    draw: str  # name of the chart function in kursk_data.plotting
    size: tuple[float, float] = (8.0, 5.0)
    draw_kws: dict = field(default_factory=dict)

    def data(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The claims this figure shows."""
        return self.select(claims).reset_index(drop=True)

    def build(self, claims: pd.DataFrame, sources: pd.DataFrame | None = None) -> Figure:
        """Draw the figure (in the package style) from the full ledger ``claims``."""
        return self.draw_data(self.data(claims), sources)

    def draw_data(self, data: pd.DataFrame, sources: pd.DataFrame | None = None) -> Figure:
        """Draw the figure from the claims it shows (as :meth:`data` selects them).

        ``sources``: the sources table its footer names them from; the shipped one by default,
        so pass ``load_sources(path=...)`` when ``data`` cites your own sources.
        """
        import matplotlib.pyplot as plt

        plotting = import_module("kursk_data.plotting")
        import textwrap

        from kursk_data.labels import source_line

        kws = dict(self.draw_kws)
        # Every source is named, so the line can be long: broken between words to about the
        # figure's width (7-point text, some 14 characters to the inch).
        footer = source_line(data, sources)
        kws.setdefault("footer", textwrap.fill(footer, width=int(self.size[0] * 14)))
        with plotting.style():
            fig, ax = plt.subplots(figsize=self.size)
            getattr(plotting, self.draw)(data, ax=ax, **kws)
            ax.set_title(self.title, loc="left", pad=12)
        return fig


def _article(topic: str | None) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def select(claims: pd.DataFrame) -> pd.DataFrame:
        ids = set(load_sources().query("role == 'article'")["source_id"])
        keep = claims["source_id"].isin(ids)
        if topic is not None:
            keep &= claims["topic"] == topic
        return claims[keep]

    return select


def _user_or(select: Callable[[pd.DataFrame], pd.DataFrame]):
    """Article figures also show a user's own claims on the topic when a claims file is given."""

    def pick(claims: pd.DataFrame) -> pd.DataFrame:
        user = claims[~claims["source_id"].isin(set(load_sources()["source_id"]))]
        base = select(claims)
        topics = set(base["topic"].astype(str))
        return pd.concat([base, user[user["topic"].astype(str).isin(topics)]])

    return pick


REGISTRY: list[FigureSpec] = [
    FigureSpec(
        "territory-article",
        "Area of Kursk region held by Ukraine, as claimed",
        "Ukraine's first gains (over 1,000 km², August 2024), Russia's claim of full recapture "
        "(April 2025) and Ukraine's claim to still hold about 90 km² (June 2025), drawn as "
        "separate claims: a bound as a bound, a period as a period. The shaded stretch is "
        "contested.",
        _user_or(_article("territory")),
        "plot_territory",
    ),
    FigureSpec(
        "troops-article",
        "Troops in the Kursk fighting, as claimed",
        "Russian troops facing the ground Ukraine still held (about 10,000, June 2025), "
        "Russian troops in the region in recent months (up to 70,000, unattributed) and North "
        "Korean troops deployed in autumn 2024 (about 11,000). Different measures: compare "
        "claims of one measure only.",
        _user_or(_article("troops")),
        "plot_troops",
    ),
    FigureSpec(
        "losses-article",
        "North Korean troops killed in Kursk, as reported",
        "Over 1,000 North Korean soldiers reported killed within three months; the source names "
        "no claimant and no months, so the period drawn is our reading (see the claim's note).",
        _user_or(_article("losses")),
        "plot_losses",
    ),
    FigureSpec(
        "overview-article",
        "Every figure in the source article",
        "Each claim of the article on one row: its qualifier mark, the interval it implies and "
        "who made it. Areas and people share a log axis only as counts.",
        _user_or(_article(None)),
        "plot_overview",
        size=(9.0, 5.5),
    ),
]


def _disputed(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that take part in a dispute (every claim of each group that disagrees)."""
    from kursk_data.analysis import contested

    ids = set(",".join(contested(data=claims)["claim_ids"]).split(","))
    return claims[claims["claim_id"].isin(ids)]


REGISTRY += [
    FigureSpec(
        "territory-timeline",
        "Area of Kursk region held by Ukraine, August 2024 to June 2025, by claimant",
        "Every claim in the ledger about the ground Ukraine held, one series per claimant: "
        "Ukrainian officials, Russia's military, the DeepState mapping project and "
        "unattributed reports. Lines join one claimant's own figures only. Mapping projects "
        "count contested grey zones differently from officials, which explains part of the "
        "gap. After Russia's claim of full recapture (April 2025) the shaded stretch is "
        "contested.",
        lambda claims: claims[claims["measure"] == "area_held_by_ukraine"],
        "plot_territory_timeline",
        size=(9.0, 5.5),
    ),
    FigureSpec(
        "contested",
        "Where the claimants disagree",
        "Each dispute is one measure over a short time window on which no single figure fits "
        "every claimant's interval: each claimant's latest figure, and the range its qualifier "
        "allows. Nothing is averaged; the claim ids point to the ledger rows.",
        lambda claims: _disputed(claims),
        "plot_contested",
        size=(9.0, 9.0),
    ),
]
FIGURES: dict[str, FigureSpec] = {f.id: f for f in REGISTRY}
