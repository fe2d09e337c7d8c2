"""Words for claims: the figure as worded, its period, its claimant; and a summary table.

No matplotlib here: the notebooks' tables and the charts' labels share these functions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from kursk_data import schema
from kursk_data.qualifiers import describe

# What a loaded ledger says of itself (its sides, its measures' labels) lives in schema.
LEDGER_SIDES, MEASURE_LABELS = schema.LEDGER_SIDES, schema.MEASURE_LABELS


def _side(side: str) -> schema.Side | None:
    return LEDGER_SIDES.get(side) or schema.known_sides().get(side)


def side_name(side: str) -> str:
    """How legends and tables name a side: its sides.csv name, else its words."""
    known = _side(str(side))
    return known.name if known is not None else str(side).replace("_", " ")


def side_family(side: str) -> str:
    """The known side whose colours a side's claimants take (its sides.csv colour family)."""
    known = _side(str(side))
    return known.family if known is not None else "unattributed"


_COUNTED = {"lost", "losses", "destroyed", "damaged", "captured", "abandoned", "claimed", "total"}


def unit_words(unit: str, measure: str | None = None) -> str:
    """The unit as a chart names it: km², people, or the thing a count counts ("tanks")."""
    if str(unit) != "count":
        return {"km2": "km²", "personnel": "people"}.get(str(unit), str(unit))
    if measure is None:
        return "count"
    sides = {*schema.known_sides(), *LEDGER_SIDES}
    adjectives = {w.lower() for w in _PROPER.values()} | {
        s.name.lower() for s in LEDGER_SIDES.values()
    }
    words = str(measure).split("_")
    stems = {s.rstrip("aeiouy") for s in sides if len(s.rstrip("aeiouy")) >= 4}

    def of_a_side(word: str) -> bool:  # "russian", "kostorian": a side's adjective
        return (
            word in sides or word in adjectives or word in _PROPER or word.startswith(tuple(stems))
        )

    while len(words) > 1 and of_a_side(words[0]):
        words = words[1:]
    while len(words) > 1 and words[-1] in _COUNTED:
        words = words[:-1]
    return " ".join(words)


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number_text(x: float) -> str:
    """A number as a label: whole numbers with thousands separators, others from 1 up with one
    decimal (1,348.5); below 1, three significant digits (0.0347, 0.000001) and below a
    millionth a power of ten (1×10⁻³⁰⁰). A figure never reads as a 0 nobody claimed."""
    x = float(x)
    if not math.isfinite(x) or x.is_integer():
        return f"{x:,.0f}" if math.isfinite(x) else str(x)
    if abs(x) >= 1:
        return f"{x:,.1f}"
    if abs(x) >= 1e-6:
        decimals = 2 - math.floor(math.log10(abs(x)))  # three significant digits
        return f"{x:.{decimals}f}".rstrip("0").rstrip(".")
    mantissa, exponent = f"{x:.2e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}\u00d710{str(int(exponent)).translate(_SUPERSCRIPTS)}"


_fmt_number = number_text


def _implied(row: pd.Series) -> bool:
    basis = row.get("basis")
    return isinstance(basis, str) and basis == "implied"


def _inferred(row: pd.Series) -> bool:
    basis = row.get("period_basis")
    return isinstance(basis, str) and basis == "inferred"


def figure_text(row: pd.Series) -> str:
    """The figure as worded, or, lacking the wording, as value and qualifier.

    A figure nobody stated (``basis == "implied"``) says so: "claims of full reclamation
    (implies 0 km²)", or "0 km² (implied)" without a wording; never a bare number.
    """
    unit = {"km2": " km²"}.get(str(row["unit"]), "")
    if _implied(row):
        number = f"{_fmt_number(row['value'])}{unit}"
        if isinstance(row.get("wording"), str) and row["wording"]:
            return f"{row['wording']} (implies {number})"
        return f"{number} (implied)"
    if isinstance(row.get("wording"), str) and row["wording"]:
        return str(row["wording"])
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
    if prec == "week":  # a week is its days, never "Feb 2025" (read as the whole month)
        left = (
            f"{start.day}"
            if (start.year, start.month) == (end.year, end.month)
            else (
                f"{start.day} {start:%b}"
                if start.year == end.year
                else f"{start.day} {start:%b %Y}"
            )
        )
        return f"{left}–{end.day} {end:%b %Y}"
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


APPROX_MARK = "c."
INFERRED_MARK = "*"
# What the two marks of :func:`short_period` mean, for the one note a chart prints about them.
PERIOD_MARK_NOTES = {
    APPROX_MARK: "c. = approximate period",
    INFERRED_MARK: "* period inferred: not stated by the source",
}


def short_period(row: pd.Series) -> str:
    """The period as every chart label prints it (one form across figures): :func:`period_label`,
    with "c." before an approximate period ("c. Oct 2024–Jan 2025") and "*" after one the
    ledger inferred ("26 Apr 2025*"); :data:`PERIOD_MARK_NOTES` explains the marks once."""
    when = period_label(row)
    if when.endswith(" (approx.)"):
        when = f"{APPROX_MARK} " + when.removesuffix(" (approx.)")
    return when + INFERRED_MARK if _inferred(row) else when


def period_text(row: pd.Series) -> str:
    """:func:`period_label`, followed by "period inferred" where the period is the ledger's
    reading, not the source's (``period_basis == "inferred"``): the chart grammar's words, for
    row names, panel titles and tables."""
    label = period_label(row)
    if not _inferred(row):
        return label
    return (
        label[:-1] + "; period inferred)" if label.endswith(")") else label + " (period inferred)"
    )


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
    """A measure's label as its ledger gives it (``measure_label``), else its snake_case
    name in words, proper nouns (known sides, the ledger's sides) capitalised."""
    if str(measure) in MEASURE_LABELS:
        return MEASURE_LABELS[str(measure)]
    proper = {**_PROPER, **{s: v.name for s, v in LEDGER_SIDES.items() if v.name[:1].isupper()}}
    words = [proper.get(w, w) for w in str(measure).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


# The ledger's claimant for a figure its source credits to no one named: stated as fact, or
# only to unnamed reports (art-02 and art-06 are the first kind, art-05 and art-07 the
# second). "unattributed report" credited a report to the first kind, which cite none: every
# label, key and title says "unattributed", true of both (#24 rating 6).
UNATTRIBUTED = "unattributed"
UNATTRIBUTED_WORDS = "unattributed"


def claimant_words(who: str) -> str:
    """A claimant as every chart, key and title names it: the ledger's ``unattributed`` as
    :data:`UNATTRIBUTED_WORDS` (never "report": some such figures cite none), any other name
    as the ledger gives it. The one place the wording is decided; charts and titles call it
    through :mod:`kursk_data.plotting.style`."""
    return UNATTRIBUTED_WORDS if str(who) == UNATTRIBUTED else str(who)


def claim_label(row: pd.Series, *, measure: bool = False) -> str:
    """Figure as worded, claimant and date: the annotation each mark carries."""
    who = claimant_words(str(row["claimant"]))
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


def _period_with_basis(row: pd.Series) -> str:
    label = period_label(row)
    if not _inferred(row):
        return label
    return label[:-1] + "; inferred)" if label.endswith(")") else label + " (inferred)"


def summary_table(data: pd.DataFrame) -> pd.DataFrame:
    """One readable row per claim.

    Columns: ``claim``; ``measure``; ``figure as worded`` (an implied figure says "implies");
    ``reading`` (what the qualifier means, or that nobody stated the number); ``interval``;
    ``period`` (marked "(inferred)" where the period is the ledger's reading, explained in the
    claim's note); ``claimant``; ``side``; ``source``.
    """
    rows = data.sort_values(["topic", "measure", "period_start", "claim_id"])
    return pd.DataFrame(
        {
            "claim": rows["claim_id"].astype(str),
            "measure": [measure_label(m) for m in rows["measure"]],
            "figure as worded": [figure_text(r) for _, r in rows.iterrows()],
            "reading": [
                describe(str(r["qualifier"]), "implied" if _implied(r) else "stated")
                for _, r in rows.iterrows()
            ],
            "interval": [interval_text(r) for _, r in rows.iterrows()],
            "period": [_period_with_basis(r) for _, r in rows.iterrows()],
            "claimant": rows["claimant"].astype(str),
            "side": rows["claimant_side"].astype(str),
            "source": rows["source_id"].astype(str),
        }
    ).reset_index(drop=True)


def ratio_text(low: float, high: float, *, percent: bool = True) -> str:
    """A ratio interval in words, never ``inf``, ``nan`` or a long decimal.

    "between 6.1% and 7.0%", "at most 9.5% (no lower bound above zero)", "at least 8.7%, with
    no upper bound", "between 1.3× and 1.5×" (``percent=False``); a denominator that is exactly
    zero gives "no finite ratio: the divisor is zero".
    """

    def fmt(x: float) -> str:
        if not percent:
            return f"{x:.1f}×"
        # A share capped at its whole is exactly 100 %: no decimal that hints at a measurement.
        return "100%" if x == 1 else f"{x:.1%}"

    if np.isnan(low) or np.isnan(high):
        raise ValueError(f"a ratio interval needs two numbers, got ({low}, {high})")
    if np.isinf(low):
        return "no finite ratio: the divisor is zero"
    if np.isinf(high):
        return "no bounds at all" if low == 0 else f"at least {fmt(low)}, with no upper bound"
    if low == 0:
        return f"at most {fmt(high)} (no lower bound above zero)"
    if fmt(low) == fmt(high):
        return f"about {fmt(low)}"
    return f"between {fmt(low)} and {fmt(high)}"


def counts_by_status(data: pd.DataFrame) -> pd.DataFrame:
    """How many claims per topic are claimed, assessed or reported (a topic × status table)."""
    return data.groupby(["topic", "status"], observed=False).size().unstack(fill_value=0)


def source_names(data: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[str]:
    """Every source of ``data`` in words, once each: the publisher, and "via" the dataset a
    source was read through. A source id missing from ``sources`` is named by its id, so no
    source is ever dropped silently."""
    from kursk_data.load import load_sources

    sources = load_sources() if sources is None else sources
    ids = list(dict.fromkeys(data["source_id"].dropna().astype(str)))
    known = sources[sources["source_id"].astype(str).isin(ids)]
    known = known.sort_values(["role", "published", "publisher"], na_position="last")
    publisher = dict(
        zip(sources["source_id"].astype(str), sources["publisher"].astype(str), strict=True)
    )
    names = []
    for r in known.itertuples():
        name = str(r.publisher)
        via = getattr(r, "via", None)
        if isinstance(via, str) and via:
            dataset = publisher.get(via, f"source {via}")
            name = f"{name} via {dataset}"
        names.append(name)
    names += [f"source {i}" for i in ids if i not in set(known["source_id"].astype(str))]
    return list(dict.fromkeys(names))


def one_outlet_once(names: list[str]) -> list[str]:
    """``names`` with an outlet named once: "The Moscow Times" and "The Moscow Times (AFP)"
    as "The Moscow Times (incl. AFP)", in the place of the first (a credit line that repeats
    an outlet reads as two sources)."""
    base = {n: n.split(" (", 1)[0] if n.endswith(")") and " (" in n else n for n in names}
    out: dict[str, list[str]] = {}
    for n in names:
        out.setdefault(base[n], []).append(n[len(base[n]) + 2 : -1] if n != base[n] else "")
    merged = []
    for outlet, extras in out.items():
        if len(extras) == 1:
            merged.append(f"{outlet} ({extras[0]})" if extras[0] else outlet)
            continue
        words = "; ".join(dict.fromkeys(e for e in extras if e))
        merged.append(f"{outlet} ({'incl. ' if '' in extras else ''}{words})")
    return merged


def source_line(
    data: pd.DataFrame, sources: pd.DataFrame | None = None, *, merged: bool = False
) -> str:
    """``Source: ...`` footer text naming every source of ``data`` and this package's version.

    Every source is named (no "and N more"); a long line is the chart's to wrap. Pass
    ``sources`` (e.g. ``load_sources(path=...)``) when ``data`` cites your own sources.
    ``merged``: an outlet is named once (:func:`one_outlet_once`), as under a chart.
    """
    from kursk_data._version import __version__

    names = source_names(data, sources)
    if merged:
        names = one_outlet_once(names)
    label = "Source" if len(names) == 1 else "Sources"
    return (
        f"{label}: {'; '.join(names)}. Chart: kursk-data {__version__}; figures as claimed, "
        "not verified."
    )
