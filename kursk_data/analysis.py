"""Findings derived from claims' intervals, never from averaging them.

* :func:`ratio_interval`: the range a ratio of two claims can take, respecting open bounds.
* :func:`contested`: the measures on which claimants disagree within a time window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["contested", "interval", "ratio_interval"]


def interval(claim: pd.Series) -> tuple[float, float]:
    """A claim's interval with open ends made explicit: ``(low or 0, high or inf)``.

    Counts and areas are never negative, so an "up to" claim's open lower end is 0.
    """
    low = 0.0 if pd.isna(claim["low"]) else float(claim["low"])
    high = np.inf if pd.isna(claim["high"]) else float(claim["high"])
    return low, high


def _claim(data: pd.DataFrame, claim_id: str) -> pd.Series:
    hit = data[data["claim_id"] == claim_id]
    if hit.empty:
        raise KeyError(f"no claim {claim_id!r}")
    return hit.iloc[0]


def ratio_interval(
    numerator: str, denominator: str, data: pd.DataFrame | None = None
) -> tuple[float, float]:
    """Smallest and largest value ``numerator / denominator`` can take, given both intervals.

    E.g. the share of the area first taken that was still held later: "about 90" over
    "over 1,000" gives ``(0.0, 0.095)``: at most 9.5 %, and no lower bound above 0 because the
    first figure is open above.
    """
    if data is None:
        from kursk_data.load import load_claims

        data = load_claims()
    n_lo, n_hi = interval(_claim(data, numerator))
    d_lo, d_hi = interval(_claim(data, denominator))
    low = 0.0 if np.isinf(d_hi) else n_lo / d_hi
    high = np.inf if d_lo == 0 else n_hi / d_lo
    return low, high


def _clusters(rows: pd.DataFrame, window: pd.Timedelta) -> list[pd.DataFrame]:
    """Group one measure's claims whose periods, widened by ``window``, overlap in a chain."""
    rows = rows.sort_values(["period_start", "period_end", "claim_id"])
    groups: list[list[int]] = []
    reach = None
    for idx, r in rows.iterrows():
        if reach is None or r["period_start"] - window > reach:
            groups.append([])
            reach = r["period_end"]
        groups[-1].append(idx)
        reach = max(reach, r["period_end"])
    return [rows.loc[g] for g in groups]


def contested(
    topic: str | None = None,
    *,
    window: str | pd.Timedelta = "14D",
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Measures on which claimants disagree within a time window.

    Claims of one measure are compared when their periods lie within ``window`` (default two
    weeks: statements close enough in time to describe the same state) of each other; chains
    of such claims form one group. In a group, each claimant is represented by its latest
    claim there, with that claim's interval; the claimants disagree when no single number lies
    in all of their intervals. Nothing is averaged.

    Returns
    -------
    pandas.DataFrame
        One row per claimant per dispute: ``dispute`` (int), ``topic``, ``measure``,
        ``window_start``, ``window_end``, ``claimant``, ``claimant_side``, ``qualifier`` (of
        its latest claim), ``status``,
        ``claim_ids`` (all its claims in the group, comma-separated), ``value`` (its latest
        figure there), ``low``, ``high`` (that figure's interval; inf = open), ``spread``
        (largest minus smallest claimant value in the dispute), ``ratio`` (largest over
        smallest; inf when the smallest is 0), ``n_claimants``.
    """
    if data is None:
        from kursk_data.load import load_claims

        data = load_claims(topic)
    elif topic is not None:
        data = data[data["topic"] == topic]
    window = pd.Timedelta(window)
    out = []
    dispute = 0
    for measure, rows in data.groupby("measure", sort=True, observed=True):
        for group in _clusters(rows, window):
            if group["claimant"].nunique() < 2:
                continue
            per = []
            for claimant, mine in group.groupby("claimant", sort=True, observed=True):
                # A claimant's latest figure in the group is its position there; an earlier,
                # looser bound ("over 100") must not blur a later, firmer one ("about 300").
                latest = mine.sort_values(["period_end", "claim_id"]).iloc[-1]
                low, high = interval(latest)
                per.append(
                    {
                        "claimant": claimant,
                        "claimant_side": str(latest["claimant_side"]),
                        "qualifier": str(latest["qualifier"]),
                        "status": str(latest["status"]),
                        "claim_ids": ",".join(sorted(mine["claim_id"].astype(str))),
                        "value": float(latest["value"]),
                        "low": low,
                        "high": high,
                    }
                )
            if max(p["low"] for p in per) <= min(p["high"] for p in per):
                continue  # some figure fits every claimant's interval: no dispute
            dispute += 1
            values = [p["value"] for p in per]
            smallest = min(values)
            for p in per:
                out.append(
                    {
                        "dispute": dispute,
                        "topic": str(group["topic"].iloc[0]),
                        "measure": measure,
                        "window_start": group["period_start"].min(),
                        "window_end": group["period_end"].max(),
                        **p,
                        "spread": max(values) - smallest,
                        "ratio": np.inf if smallest == 0 else max(values) / smallest,
                        "n_claimants": len(per),
                    }
                )
    columns = [
        "dispute",
        "topic",
        "measure",
        "window_start",
        "window_end",
        "claimant",
        "claimant_side",
        "qualifier",
        "status",
        "claim_ids",
        "value",
        "low",
        "high",
        "spread",
        "ratio",
        "n_claimants",
    ]
    return pd.DataFrame(out, columns=columns)
