"""Matching a text's figures to the ledger: same measure, overlapping intervals.

A figure and a claim match when they count the same thing (the claim's ``measure`` equals the
measure read from the text) and their intervals overlap, both computed by the one rule,
:func:`kursk_data.qualifiers.implied_bounds` ("428 sq km" is ``[428, 428]`` and lies inside the
ledger's "about 428", ``[419.44, 436.56]``). An open end is read as 0 below (counts are never
negative) and as unbounded above.

The ledger keeps when each claim was made; a text's figure has no date the checker can read.
So "consistent with" lists every claim of the measure whose interval overlaps (at whatever
date), and "conflicts with" means no claim of that measure overlaps: the text's figure matches
nothing anyone is recorded as saying about that measure, at any date.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kursk_data.qualifiers import implied_bounds

# The report names at most this many conflicting claims, the nearest first.
MAX_NAMED_CONFLICTS = 4


def _interval(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = implied_bounds(
        frame["value"].astype("float64"),
        frame["qualifier"].astype(object),
        frame["low"].astype("float64"),
        frame["high"].astype("float64"),
    )
    return np.where(np.isnan(lo), 0.0, lo), np.where(np.isnan(hi), np.inf, hi)


def match_ledger(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """For each figure of :func:`~kursk_data.extract.find_figures`, the claims it agrees with.

    Returns
    -------
    pandas.DataFrame
        Aligned with ``figures``: ``consistent_with`` and ``conflicts_with`` (comma-separated
        claim ids; every claim of the measure falls in one or the other) and ``ledger``, the
        verdict in words: "consistent with art-05, ctx-18", "conflicts with ctx-14, ctx-15 (+3
        more)", "not in the ledger" (no claim of that measure), or "not matched: " and why,
        from the figure's ``why`` ("the text names no side", "a whole army, not a force in
        Kursk"): a verdict is given only when the measure is certain.
    """
    c_lo, c_hi = _interval(claims) if len(claims) else (np.array([]), np.array([]))
    measures = claims["measure"].astype(str).to_numpy()
    units = claims["unit"].astype(str).to_numpy()
    ids = claims["claim_id"].astype(str).to_numpy()
    out = []
    if len(figures):
        f_lo, f_hi = _interval(figures)
    for n, f in enumerate(figures.itertuples(index=False)):
        if f.measure is None or pd.isna(f.measure):
            # Abstain rather than guess: a verdict only when the measure is certain.
            why = getattr(f, "why", None)
            why = why if isinstance(why, str) and why else "what it counts is unclear"
            out.append(("", "", f"not matched: {why}"))
            continue
        same = (measures == f.measure) & (units == f.unit)
        if not same.any():
            out.append(("", "", "not in the ledger"))
            continue
        overlap = same & (c_lo <= f_hi[n] + 1e-9) & (f_lo[n] <= c_hi + 1e-9)
        conflict = same & ~overlap
        ok_ids = sorted(ids[overlap])
        # Nearest conflicting claims first: the gap between the two intervals.
        gap = np.maximum(c_lo - f_hi[n], f_lo[n] - c_hi)
        bad_ids = [ids[j] for j in sorted(np.flatnonzero(conflict), key=lambda j: (gap[j], ids[j]))]
        if ok_ids:
            verdict = "consistent with " + ", ".join(ok_ids)
        else:
            named = ", ".join(bad_ids[:MAX_NAMED_CONFLICTS])
            rest = len(bad_ids) - MAX_NAMED_CONFLICTS
            verdict = "conflicts with " + named + (f" (+{rest} more)" if rest > 0 else "")
        out.append((",".join(ok_ids), ",".join(bad_ids), verdict))
    return pd.DataFrame(
        out, columns=["consistent_with", "conflicts_with", "ledger"], index=figures.index
    )
