"""Figures derived from the ledger: which figures a ledger gets, named by what they show.

* The shipped ledger alone: the seven registered figures (:data:`registry.FIGURES`).
* Merged with a user's ledger: the seven stay (they also draw the user's claims on their
  topics), and every measure of the user's that none of them draws over time gets a figure
  of its own.
* A user's ledger alone (``--no-shipped``): one figure per topic over time (a panel per
  measure; a topic with more than :data:`form.MAX_PANELS` measures gets one figure per
  measure), the overview of every claim when it fits one chart, and the disputes when there
  are any.

Nothing empty is drawn: a figure that would show no claims is skipped with one line saying
why. Derived specs are plain, picklable objects (no lambdas), so forked or spawned workers can
draw them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kursk_data.analysis.disputes import MAX_ROWS
from kursk_data.figures.dispute_titles import disputes_title
from kursk_data.figures.registry import (
    FIGURES,
    FigureSpec,
    _shipped_sources,
    derived_caption,
    derived_title,
)
from kursk_data.figures.sizes import (
    OVERVIEW_ROW_IN,
    _contested,
    _contested_size,
    _disputed,
    _rows_height,
    _timeline_size,
)

MAX_PANELS = 6  # as kursk_data.plotting.form.MAX_PANELS (not imported: no matplotlib here)
MAX_HEIGHT_IN = 20.0  # 4,000 px at 200 dpi


def slug(name: str) -> str:
    """A figure id from a measure or topic name: ``russian_tanks_lost`` ->
    ``russian-tanks-lost``."""
    return str(name).replace("_", "-").lower()


@dataclass(frozen=True)
class Measures:
    """Select the claims of some measures (and one ledger's, when ``user`` is set)."""

    measures: tuple[str, ...]
    user_only: bool = False

    def __call__(self, claims: pd.DataFrame) -> pd.DataFrame:
        keep = claims["measure"].astype(str).isin(self.measures)
        if self.user_only:
            keep &= ~claims["source_id"].isin(_shipped_sources(None))
        return claims[keep]


@dataclass(frozen=True)
class Everything:
    """Select every claim (the overview of a ledger of one's own)."""

    def __call__(self, claims: pd.DataFrame) -> pd.DataFrame:
        return claims


@dataclass(frozen=True)
class Disputed:
    """Select the claims that take part in a dispute."""

    def __call__(self, claims: pd.DataFrame) -> pd.DataFrame:
        return _disputed(claims)


@dataclass(frozen=True)
class PrepareDisputes:
    def __call__(self, data: pd.DataFrame) -> dict:
        return {"disputes": _contested(data)}


@dataclass(frozen=True)
class Capped:
    """A size function whose height never passes :data:`MAX_HEIGHT_IN`."""

    kind: str
    base: float = 5.1

    def __call__(self, data: pd.DataFrame) -> tuple[float, float]:
        if self.kind == "timeline":
            w, h = _timeline_size(self.base)(data)
        elif self.kind == "rows":
            w, h = _rows_height(3.4, OVERVIEW_ROW_IN)(data)
        else:
            w, h = _contested_size(data)
        return w, min(h, MAX_HEIGHT_IN)


def _is_shipped_only(claims: pd.DataFrame) -> bool:
    return "ledger" not in claims or (claims["ledger"].astype(str) == "shipped").all()


def _has_shipped(claims: pd.DataFrame) -> bool:
    return "ledger" not in claims or (claims["ledger"].astype(str) == "shipped").any()


def _timeline_spec(fig_id: str, measures: list[str], user_only: bool) -> FigureSpec:
    return FigureSpec(
        fig_id,
        derived_title,
        derived_caption,
        Measures(tuple(measures), user_only),
        "plot_timeline",
        size=Capped("timeline"),
    )


def _by_topic(claims: pd.DataFrame, *, user_only: bool, taken: set[str]) -> list[FigureSpec]:
    """A figure per topic over time (per measure when a topic has too many)."""
    out = []
    topics = list(dict.fromkeys(claims["topic"].astype(str)))
    for topic in topics:
        sub = claims[claims["topic"].astype(str) == topic]
        measures = list(dict.fromkeys(sub["measure"].astype(str)))
        if len(measures) == 1 or len(measures) > MAX_PANELS:
            for m in measures:
                fig_id = slug(m)
                if fig_id not in taken:
                    out.append(_timeline_spec(fig_id, [m], user_only))
                    taken.add(fig_id)
        else:
            fig_id = f"{slug(topic)}-over-time"
            if fig_id not in taken:
                out.append(_timeline_spec(fig_id, measures, user_only))
                taken.add(fig_id)
    return out


def figure_set(claims: pd.DataFrame) -> tuple[list[FigureSpec], list[str]]:
    """The figures of the ledger ``claims`` and, in words, those left out (one entry each:
    ``"id: why"``). The shipped ledger gets exactly :data:`FIGURES`."""
    if _is_shipped_only(claims):
        specs = list(FIGURES.values())
    elif _has_shipped(claims):
        specs = list(FIGURES.values())
        drawn = set()
        for spec in FIGURES.values():  # measures drawn over time (an overview row is not enough)
            if spec.draw not in ("plot_overview", "plot_contested"):
                drawn |= set(spec.data(claims)["measure"].astype(str))
        user = claims[~claims["source_id"].isin(_shipped_sources(None))]
        rest = user[~user["measure"].astype(str).isin(drawn)]
        specs += _by_topic(rest, user_only=True, taken={s.id for s in FIGURES.values()})
    else:
        specs = _by_topic(claims, user_only=False, taken={s.id for s in FIGURES.values()})
        specs.append(
            FigureSpec(
                "claims-overview",
                derived_title,
                derived_caption,
                Everything(),
                "plot_overview",
                size=Capped("rows"),
            )
        )
        specs.append(
            FigureSpec(
                "disputes",
                disputes_title,
                "Each row is one dispute: one measure over a short time window on which no "
                "single figure fits every claimant's interval. Each mark is a claimant's latest "
                "figure there and the range its qualifier allows; a thin grey line joins the "
                "marks of one dispute. Nothing is averaged.",
                Disputed(),
                "plot_contested",
                size=Capped("contested"),
                prepare=PrepareDisputes(),
            )
        )
    kept, skipped = [], []
    for spec in specs:
        data = spec.data(claims)
        if data.empty:
            why = "no disputes" if spec.draw == "plot_contested" else "no claims it draws"
            skipped.append(f"{spec.id} ({why})")
        elif spec.id == "claims-overview" and len(data) > MAX_ROWS:
            skipped.append(
                f"{spec.id} ({len(data):,} claims: more than {MAX_ROWS} rows, "
                "drawn over time instead)"
            )
        else:
            kept.append(spec)
    return kept, skipped


def find(fig_id: str, claims: pd.DataFrame) -> FigureSpec:
    """The figure ``fig_id`` of the ledger ``claims`` (a registered or a derived one)."""
    specs, skipped = figure_set(claims)
    for spec in specs:
        if spec.id == fig_id:
            return spec
    known = ", ".join(s.id for s in specs)
    why = next((s for s in skipped if s.startswith(f"{fig_id} (")), None)
    raise KeyError(
        f"{fig_id}: not a figure of this ledger"
        + (f" (skipped: {why})" if why else "")
        + f"; its figures: {known}"
    )
