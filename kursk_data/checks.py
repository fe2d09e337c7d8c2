"""Consistency checks across claims: reported, never silently fixed.

* :func:`cumulative_decreases`: within one claimant's series of a running total (losses,
  prisoners), a later figure lower than an earlier one.
* :func:`check_pairs`: figures stated in two units (km² and mi²) that must agree.
* :func:`parts_and_totals`: every ``part_of`` link with whether the part fits its total (a part
  that exceeds its total is also a validation error, so the shipped ledger has none).
"""

from __future__ import annotations

import pandas as pd

from kursk_data.analysis import interval
from kursk_data.units import check_pair

__all__ = ["CUMULATIVE_TOPICS", "check_pairs", "cumulative_decreases", "parts_and_totals"]

# Running totals since the start of the operation: they can only grow.
CUMULATIVE_TOPICS = ("losses", "prisoners")


def _ledger(data: pd.DataFrame | None) -> pd.DataFrame:
    if data is None:
        from kursk_data.load import load_claims

        return load_claims()
    return data


def cumulative_decreases(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Later figures lower than earlier ones in one claimant's running total of one measure.

    A running total is a claim on losses or prisoners, or any claim with a ``since`` date;
    series never mix ledgers (a user's file and the shipped one) or different ``since`` dates.
    A claim another one ``revises`` is left out: a correction is not a contradiction.

    Returns one row per decrease: ``claimant``, ``measure``, ``earlier``/``later`` (claim ids),
    ``earlier_value``/``later_value``, ``earlier_date``/``later_date`` (period ends) and
    ``severity``: ``contradiction`` when the two intervals share no value (the later figure's
    highest reading is below the earlier one's lowest), else ``lower figure, bounds overlap``.
    """
    from kursk_data.analysis.disputes import latest

    data = latest(_ledger(data))
    running = data["topic"].isin(CUMULATIVE_TOPICS)
    if "since" in data:
        running |= data["since"].notna()
    rows = data[running]
    # One series = one claimant's total of one measure, counted from one date, in one ledger: a
    # whole-war total in a user's file is not the same series as a Kursk-only one.
    keys = [k for k in ("ledger", "since") if k in rows] + ["claimant", "measure"]
    out = []
    for key, series in rows.groupby(keys, observed=True, sort=True, dropna=False):
        claimant, measure = key[-2:]
        series = series.sort_values(["period_end", "claim_id"])
        prev = None
        for _, cur in series.iterrows():
            if prev is not None and float(cur["value"]) < float(prev["value"]):
                _, later_hi = interval(cur)
                earlier_lo, _ = interval(prev)
                out.append(
                    {
                        "claimant": claimant,
                        "measure": measure,
                        "earlier": prev["claim_id"],
                        "later": cur["claim_id"],
                        "earlier_value": float(prev["value"]),
                        "later_value": float(cur["value"]),
                        "earlier_date": prev["period_end"],
                        "later_date": cur["period_end"],
                        "severity": (
                            "contradiction"
                            if later_hi < earlier_lo
                            else "lower figure, bounds overlap"
                        ),
                    }
                )
            prev = cur
    cols = [
        "claimant",
        "measure",
        "earlier",
        "later",
        "earlier_value",
        "later_value",
        "earlier_date",
        "later_date",
        "severity",
    ]
    return pd.DataFrame(out, columns=cols)


def parts_and_totals(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every claim linked to a total by ``part_of``, with both intervals and ``fits`` (bool)."""
    data = _ledger(data)
    by_id = data.set_index("claim_id")
    out = []
    for _, part in data[data["part_of"].notna()].iterrows():
        total = by_id.loc[part["part_of"]]
        p_lo, p_hi = interval(part)
        t_lo, t_hi = interval(total)
        out.append(
            {
                "part": part["claim_id"],
                "part_measure": part["measure"],
                "part_low": p_lo,
                "part_high": p_hi,
                "total": part["part_of"],
                "total_measure": total["measure"],
                "total_low": t_lo,
                "total_high": t_hi,
                "fits": bool(p_lo <= t_hi),
            }
        )
    cols = [
        "part",
        "part_measure",
        "part_low",
        "part_high",
        "total",
        "total_measure",
        "total_low",
        "total_high",
        "fits",
    ]
    return pd.DataFrame(out, columns=cols)


def check_pairs(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check every claim that states its figure in two units.

    Returns one row per such claim: ``claim_id``, ``value``, ``unit``, ``alt_value``,
    ``alt_unit``, ``converted`` (value in alt_unit), ``expected_alt`` and ``agrees`` (bool).
    """
    data = _ledger(data)
    rows = data[data["alt_value"].notna()]
    out = []
    for r in rows.itertuples(index=False):
        c = check_pair(float(r.value), str(r.unit), float(r.alt_value), str(r.alt_unit))
        out.append(
            {
                "claim_id": r.claim_id,
                "value": c.value,
                "unit": c.unit,
                "alt_value": c.alt_value,
                "alt_unit": c.alt_unit,
                "converted": round(c.converted, 2),
                "expected_alt": c.expected_alt,
                "agrees": c.agrees,
            }
        )
    cols = ["claim_id", "value", "unit", "alt_value", "alt_unit", "converted", "expected_alt"]
    return pd.DataFrame(out, columns=[*cols, "agrees"])
