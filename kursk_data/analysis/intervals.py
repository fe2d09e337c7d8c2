"""A claim's interval, and what intervals allow: the range of a ratio of two claims."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["interval", "ratio_interval"]


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
    numerator: str | tuple[float, float],
    denominator: str | tuple[float, float],
    data: pd.DataFrame | None = None,
    *,
    share: bool = False,
) -> tuple[float, float]:
    """Smallest and largest value ``numerator / denominator`` can take, given both intervals.

    Each side is a claim id (looked up in ``data``, by default the shipped ledger) or an
    interval ``(low, high)`` with ``high = inf`` for an open end. E.g. the share of the area
    first taken that was still held later: "about 90" over "over 1,000" gives
    ``(0.0, 0.095)``: at most 9.5 %, and no lower bound above 0 because the first figure is
    open above. The largest ratio is infinite when the denominator may be 0; both are
    infinite when it must be 0 (no finite ratio exists, and
    :func:`kursk_data.labels.ratio_text` says so).

    ``share=True`` says the numerator counts part of what the denominator counts (soldiers
    killed among those deployed): the ratio is then at most 1, however open the intervals.
    """
    ends = []
    for side in (numerator, denominator):
        if isinstance(side, str):
            if data is None:
                from kursk_data.load import load_claims

                data = load_claims()
            ends.append(interval(_claim(data, side)))
        else:
            low, high = side
            ends.append((float(low), float(high)))
    (n_lo, n_hi), (d_lo, d_hi) = ends
    if min(n_lo, d_lo) < 0:
        raise ValueError("counts and areas are never negative")
    if d_hi == 0:
        return np.inf, np.inf
    low = 0.0 if np.isinf(d_hi) else n_lo / d_hi
    high = np.inf if d_lo == 0 or np.isinf(n_hi) else n_hi / d_lo
    if share:
        # A part is never more than its whole.
        return min(low, 1.0), min(high, 1.0)
    return low, high
