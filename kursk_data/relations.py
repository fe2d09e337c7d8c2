"""How two claims stand to each other: below, above or overlapping, and over which periods.

The notebooks' sentences about claims ("below", "overlaps", "apart") are printed from these
functions, so the prose cannot drift from the data. Every relation is read from the claims'
intervals (one rule for the whole ledger, :mod:`kursk_data.qualifiers`), never from their
bare values: "about 11,000" and "about 10,900" overlap although 11,000 is the larger number.

* :func:`relation`, :func:`overlaps`: two claims' intervals compared.
* :func:`relation_table`: several pairs, with periods, the ledger's own readings flagged and a
  sentence per pair.
* :func:`dispute_table`: :func:`kursk_data.contested` in words, ratios as intervals.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kursk_data.analysis import fold_statements, interval, ratio_interval
from kursk_data.labels import (
    figure_text,
    interval_text,
    measure_label,
    period_label,
    period_text,
    ratio_text,
)

__all__ = ["dispute_table", "overlaps", "relation", "relation_table"]


def _ledger(data: pd.DataFrame | None) -> pd.DataFrame:
    if data is None:
        from kursk_data.load import load_claims

        return load_claims()
    return data


def _claim(data: pd.DataFrame, claim_id: str) -> pd.Series:
    hit = data[data["claim_id"] == claim_id]
    if hit.empty:
        raise KeyError(f"no claim {claim_id!r}")
    return hit.iloc[0]


def _compare(a: tuple[float, float], b: tuple[float, float]) -> str:
    # Touching intervals share a value, so they overlap: nothing says the claims disagree.
    if a[1] < b[0]:
        return "below"
    if a[0] > b[1]:
        return "above"
    return "overlap"


def relation(a: str, b: str, data: pd.DataFrame | None = None) -> str:
    """How claim ``a``'s interval stands to claim ``b``'s.

    Returns
    -------
    str
        ``"below"`` (every value ``a`` allows is smaller than every value ``b`` allows),
        ``"above"``, or ``"overlap"`` (some value fits both; touching ends count).
    """
    data = _ledger(data)
    return _compare(interval(_claim(data, a)), interval(_claim(data, b)))


def overlaps(a: str, b: str, data: pd.DataFrame | None = None) -> bool:
    """True when some single value fits both claims' intervals."""
    return relation(a, b, data) == "overlap"


def _periods(a: pd.Series, b: pd.Series) -> tuple[str, int]:
    if (a["period_start"], a["period_end"]) == (b["period_start"], b["period_end"]):
        return "same", 0
    gap = max(b["period_start"] - a["period_end"], a["period_start"] - b["period_end"])
    if gap.days <= 0:
        return "overlap", 0
    return "apart", int(gap.days)


def _who(row: pd.Series) -> str:
    who = str(row["claimant"])
    return "unattributed" if who == "unattributed" else who


def _inferred(row: pd.Series) -> bool:
    basis = row.get("period_basis")
    return isinstance(basis, str) and basis == "inferred"


def _describe(row: pd.Series) -> str:
    return (
        f"{row['claim_id']} ({_who(row)}: {figure_text(row)}, read as {interval_text(row)}; "
        f"{period_label(row)})"
    )


def relation_table(
    pairs: Iterable[tuple[str, str]], data: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each pair of claims compared: their intervals, their periods and a sentence.

    Parameters
    ----------
    pairs : iterable of (claim_id, claim_id)
    data : DataFrame, optional
        Claims as :func:`kursk_data.load_claims` returns them; defaults to the whole ledger.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``a``, ``b`` (claim ids); ``relation`` (``below``, ``overlap``,
        ``above``: ``a`` against ``b``); ``a_claimant``, ``b_claimant``; ``a_interval``,
        ``b_interval`` (in words, open ends spelled out); ``periods`` (``same``, ``overlap``,
        ``apart``); ``days_apart`` (0 unless apart); ``inferred`` (the ids, of the two, whose
        period is the ledger's reading rather than the source's, comma-separated); ``sentence``.
    """
    data = _ledger(data)
    out = []
    for a_id, b_id in pairs:
        a, b = _claim(data, a_id), _claim(data, b_id)
        rel = _compare(interval(a), interval(b))
        periods, days = _periods(a, b)
        inferred = [r["claim_id"] for r in (a, b) if _inferred(r)]
        verb = {"below": "is below", "above": "is above", "overlap": "overlaps"}[rel]
        when = {
            "same": "same period",
            "overlap": "periods overlap",
            "apart": f"periods {days} day{'s' if days != 1 else ''} apart",
        }[periods]
        reading = ""
        if len(inferred) == 1:
            reading = f"; the period of {inferred[0]} is the ledger's reading"
        elif inferred:
            reading = f"; the periods of {inferred[0]} and {inferred[1]} are the ledger's reading"
        out.append(
            {
                "a": a_id,
                "b": b_id,
                "relation": rel,
                "a_claimant": _who(a),
                "b_claimant": _who(b),
                "a_interval": interval_text(a),
                "b_interval": interval_text(b),
                "periods": periods,
                "days_apart": days,
                "inferred": ",".join(inferred),
                "sentence": f"{_describe(a)} {verb} {_describe(b)}: {when}{reading}.",
            }
        )
    columns = [
        "a",
        "b",
        "relation",
        "a_claimant",
        "b_claimant",
        "a_interval",
        "b_interval",
        "periods",
        "days_apart",
        "inferred",
        "sentence",
    ]
    return pd.DataFrame(out, columns=columns)


def _ends(row: pd.Series) -> tuple[float, float]:
    """A dispute row's interval, an open upper end as inf."""
    return row["low"], np.inf if pd.isna(row["high"]) else row["high"]


def __getattr__(name: str):
    if name == "interval_ratio":
        raise AttributeError(
            "kursk_data.relations.interval_ratio was removed: use kursk_data.ratio_interval, "
            "which takes claim ids or (low, high) intervals"
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _day(t: pd.Timestamp) -> str:
    return f"{t.day} {t:%b %Y}"


def dispute_table(disputes: pd.DataFrame, data: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`kursk_data.contested` in words: one row per claimant of each dispute.

    Parameters
    ----------
    disputes : DataFrame
        As :func:`kursk_data.contested` returns it.
    data : DataFrame, optional
        The claims it was computed from (for each claimant's figure as worded); defaults to
        the whole ledger.

    A period that is the ledger's reading, not the source's, says "period inferred", and so
    does a window that spans one.

    Returns
    -------
    pandas.DataFrame
        ``dispute``; ``measure`` (in words); ``window`` (the dispute's time span);
        ``claimant``; ``figure`` (the claimant's latest figure there as worded; an implied
        figure says so); ``period`` (that figure's period); ``interval`` (open ends spelled
        out, never ``inf``); ``claims``; and,
        on each dispute's first row only, ``ratio``: the largest claimant's interval over the
        smallest's, as an interval in words ("between 1.3× and 1.5×"; "no finite ratio" when
        the smallest is exactly zero), never a bare ``inf`` or a long decimal.
    """
    data = _ledger(data)
    rows = []
    for dispute, group in disputes.groupby("dispute", sort=True):
        group = group.sort_values(["value", "claimant"], ascending=[False, True])
        top, bottom = group.iloc[0], group.iloc[-1]
        ratio = ratio_text(
            *ratio_interval(_ends(top), _ends(bottom)),
            percent=False,
        )
        start, end = group["window_start"].min(), group["window_end"].max()
        window = _day(start) if start == end else f"{_day(start)} – {_day(end)}"
        # A statement reported twice counts by the row the other names, as contested() folds it.
        compared, _ = fold_statements(
            data[data["claim_id"].isin(",".join(group["claim_ids"]).split(","))]
        )
        if any(_inferred(r) for _, r in compared.iterrows()):
            window += " (period inferred)"
        for i, (_, r) in enumerate(group.iterrows()):
            ids = str(r["claim_ids"]).split(",")
            # The claimant's position in the dispute is its latest claim there, as contested()
            # takes it: the same row, so the words match the interval compared.
            mine = data[data["claim_id"].isin(ids)].sort_values(["period_end", "claim_id"])
            latest = mine.iloc[-1]
            rows.append(
                {
                    "dispute": int(dispute),
                    "measure": measure_label(r["measure"]),
                    "window": window,
                    "claimant": r["claimant"],
                    "figure": figure_text(latest),
                    "period": period_text(latest),
                    "interval": interval_text(latest),
                    "claims": r["claim_ids"],
                    "ratio": ratio if i == 0 else "",
                }
            )
    columns = [
        "dispute",
        "measure",
        "window",
        "claimant",
        "figure",
        "period",
        "interval",
        "claims",
        "ratio",
    ]
    return pd.DataFrame(rows, columns=columns)
