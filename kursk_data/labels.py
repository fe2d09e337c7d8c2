"""Words for claims: the figure as worded, its period, its claimant; and a summary table.

No matplotlib here: the notebooks' tables and the charts' labels share these functions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kursk_data.qualifiers import describe


def _fmt_number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def figure_text(row: pd.Series) -> str:
    """The figure as worded, or, lacking the wording, as value and qualifier."""
    if isinstance(row.get("wording"), str) and row["wording"]:
        return str(row["wording"])
    unit = {"km2": " km²", "personnel": ""}[str(row["unit"])]
    if row["qualifier"] == "range":
        return f"{_fmt_number(row['low'])}–{_fmt_number(row['high'])}{unit}"
    prefix = {"exact": "", "about": "about ", "over": "over ", "up_to": "up to ", "unknown": ""}
    return f"{prefix[str(row['qualifier'])]}{_fmt_number(row['value'])}{unit}"


def period_label(row: pd.Series) -> str:
    """The period a claim refers to, as precisely as its source fixes it."""
    start, end, prec = row["period_start"], row["period_end"], str(row["period_precision"])
    if prec == "day" or start == end:
        return f"{start.day} {start:%b %Y}"
    if prec == "month":
        return f"{start:%b %Y}"
    if prec == "year":
        return f"{start:%Y}"
    if prec == "season":
        season = {
            12: "winter",
            1: "winter",
            2: "winter",
            3: "spring",
            4: "spring",
            5: "spring",
            6: "summer",
            7: "summer",
            8: "summer",
        }.get(start.month, "autumn")
        return f"{season} {start:%Y}"
    approx = " (approx.)" if prec == "approximate" else ""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%b %Y}{approx}"
    left = f"{start:%b}" if start.year == end.year else f"{start:%b %Y}"
    return f"{left}–{end:%b %Y}{approx}"


_PROPER = {
    "ukraine": "Ukraine",
    "ukrainian": "Ukrainian",
    "russian": "Russian",
    "russia": "Russia",
    "north": "North",
    "korean": "Korean",
    "kursk": "Kursk",
}


def measure_label(measure: str) -> str:
    """A measure's snake_case name in words, proper nouns capitalised."""
    words = [_PROPER.get(w, w) for w in str(measure).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def claim_label(row: pd.Series, *, measure: bool = False) -> str:
    """Figure as worded, claimant and date: the annotation each mark carries."""
    who = str(row["claimant"])
    who = "unattributed report" if who == "unattributed" else who
    head = f"{measure_label(row['measure'])}:\n" if measure else ""
    return f"{head}{figure_text(row)}\n{who}, {period_label(row)}"


def interval_text(row: pd.Series) -> str:
    """The interval a claim implies, open ends spelled out."""
    from kursk_data.analysis import interval

    lo, hi = interval(row)
    unit = " km²" if str(row["unit"]) == "km2" else ""
    if lo == hi:
        return f"{_fmt_number(lo)}{unit}"
    left = "0" if lo == 0 and pd.isna(row["low"]) else _fmt_number(lo)
    right = "open" if np.isinf(hi) else _fmt_number(hi)
    return f"{left} – {right}{unit}"


def summary_table(data: pd.DataFrame) -> pd.DataFrame:
    """One readable row per claim: id, figure as worded, what the qualifier means, the interval,
    the period, who claims it and the source."""
    rows = data.sort_values(["topic", "measure", "period_start", "claim_id"])
    return pd.DataFrame(
        {
            "claim": rows["claim_id"].astype(str),
            "measure": [measure_label(m) for m in rows["measure"]],
            "figure as stated": [figure_text(r) for _, r in rows.iterrows()],
            "qualifier means": [describe(str(q)) for q in rows["qualifier"]],
            "interval": [interval_text(r) for _, r in rows.iterrows()],
            "period": [period_label(r) for _, r in rows.iterrows()],
            "claimant": rows["claimant"].astype(str),
            "side": rows["claimant_side"].astype(str),
            "source": rows["source_id"].astype(str),
        }
    ).reset_index(drop=True)


def ratio_text(low: float, high: float, *, percent: bool = True) -> str:
    """A ratio interval in words: "between 6.1% and 7.0%", "at most 9.5%", "at least 8.7%"."""
    fmt = (lambda x: f"{x:.1%}") if percent else (lambda x: f"{x:.1f}x")
    if np.isinf(high):
        return "no bounds at all" if low == 0 else f"at least {fmt(low)}, with no upper bound"
    if low == 0:
        return f"at most {fmt(high)} (no lower bound above zero)"
    return f"between {fmt(low)} and {fmt(high)}"


def counts_by_status(data: pd.DataFrame) -> pd.DataFrame:
    """How many claims per topic are claimed, assessed or reported (a topic × status table)."""
    return data.groupby(["topic", "status"], observed=False).size().unstack(fill_value=0)


def source_line(data: pd.DataFrame, sources: pd.DataFrame | None = None) -> str:
    """``Source: ...`` footer text naming the sources of ``data`` and this package's version."""
    from kursk_data._version import __version__
    from kursk_data.load import load_sources

    sources = load_sources() if sources is None else sources
    used = sources[sources["source_id"].isin(set(data["source_id"]))]
    used = used.sort_values(["role", "published", "publisher"], na_position="last")
    names = list(dict.fromkeys(used["publisher"].astype(str)))
    shown = "; ".join(names[:4]) + (f"; and {len(names) - 4} more" if len(names) > 4 else "")
    label = "Source" if len(names) == 1 else "Sources"
    return f"{label}: {shown}. Chart: kursk-data {__version__}, claims as stated, not verified."
