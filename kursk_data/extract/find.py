"""The figures of a text as a tidy frame, and the checker's report on them."""

from __future__ import annotations

import re
from bisect import bisect_right

import pandas as pd

from kursk_data.extract.measures import WHAT_WORDS, infer
from kursk_data.extract.pairs import pair_verdicts
from kursk_data.extract.reader import scan
from kursk_data.extract.tokens import tokenize
from kursk_data.qualifiers import implied_bounds

COLUMNS = [
    "start",
    "end",
    "line",
    "phrase",
    "value",
    "unit",
    "qualifier",
    "qualifier_word",
    "low",
    "high",
    "alt_value",
    "alt_unit",
    "first_unit",
    "pair_ok",
    "expected_alt",
    "pair_check",
    "who",
    "what",
    "measure",
    "why",
]


def find_figures(text: str) -> pd.DataFrame:
    """Every figure ``text`` states, in order of appearance.

    Returns
    -------
    pandas.DataFrame
        One row per figure:

        ``start``, ``end``, ``line``
            Character span of the phrase in ``text`` and its line (from 1).
        ``phrase``
            The figure as written, qualifier and unit included ("up to 70,000 Russian
            soldiers", "90 sq km (35 sq miles)").
        ``value``, ``unit``
            The figure in the ledger's canonical unit: ``km2`` (an area given only in square
            miles is converted) or ``personnel``. For a range, its upper figure.
        ``qualifier``, ``qualifier_word``
            The ledger qualifier (``exact``, ``about``, ``over``, ``up_to``, ``range``) and the
            words it was read from ("an estimated", "exceeded", "between").
        ``low``, ``high``
            The interval the figure implies, by the ledger's rule
            (:func:`kursk_data.qualifiers.implied_bounds`); for a range, its stated ends.
            NaN is an open end.
        ``alt_value``, ``alt_unit``, ``first_unit``
            The area in square miles as the text states it (``mi2``), and which unit the text
            gave first.
        ``pair_ok``, ``expected_alt``, ``pair_check``
            For an area given in both units: do they agree within the rounding of the stated
            numbers (nullable boolean), the mile figure the kilometre one implies (rounded like
            the stated one), and the verdict in words ("BAD PAIR: 90 km² is about 34.7 sq mi;
            the text says 56").
        ``who``, ``what``, ``measure``
            What the figure counts: side (``russian``, ``ukrainian``, ``north_korean``, ...),
            what (``deployed``, ``killed``, ``wounded``, ``killed_and_wounded``,
            ``captured``, ``area_held``, ...) and the ledger's measure name; empty when the
            text does not say (see :mod:`kursk_data.extract.measures`).
        ``why``
            When ``measure`` is empty, why ("the text names no side", "a prisoner exchange,
            not a count of captures", "a whole army, not a force in Kursk").
    """
    if not isinstance(text, str):
        raise TypeError(f"find_figures expects text (str), not {type(text).__name__}")
    tok = tokenize(text)
    figures = scan(tok)
    newlines = [m.start() for m in re.finditer("\n", text)]
    rows = []
    previous = None
    for n, f in enumerate(figures):
        seg_start = figures[n - 1].last + 1 if n else 0
        seg_end = figures[n + 1].first - 1 if n + 1 < len(figures) else len(tok) - 1
        reading = infer(
            tok,
            unit=f.unit,
            first=f.first,
            last=f.last,
            noun=f.noun,
            modifiers=f.modifiers,
            seg_start=seg_start,
            seg_end=seg_end,
            previous=previous,
            context=f.context,
            value=f.value,
        )
        previous = (f.last, reading)
        start, end = tok.starts[f.first], tok.ends[f.last]
        rows.append(
            {
                "start": start,
                "end": end,
                "line": bisect_right(newlines, start - 1) + 1,
                "phrase": " ".join(text[start:end].split()),
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "qualifier_word": f.qualifier_word,
                "low": f.low,
                "high": f.high,
                "alt_value": f.alt_value,
                "alt_unit": f.alt_unit,
                "first_unit": f.first_unit,
                "pair_ok": None,
                "expected_alt": None,
                "pair_check": None,
                "who": reading.who,
                "what": reading.what,
                "measure": reading.measure,
                "why": reading.why,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    paired = [n for n, f in enumerate(figures) if f.pair]
    if paired:
        ok, expected, verdicts = pair_verdicts(
            [figures[n].value for n in paired],
            [figures[n].alt_value for n in paired],
            [figures[n].first_unit for n in paired],
        )
        frame.loc[paired, "pair_ok"] = ok
        frame.loc[paired, "expected_alt"] = expected
        frame.loc[paired, "pair_check"] = verdicts
    for c in ("value", "low", "high", "alt_value", "expected_alt"):
        frame[c] = frame[c].astype("float64")
    for c in ("start", "end", "line"):
        frame[c] = frame[c].astype("int64")
    frame["pair_ok"] = frame["pair_ok"].astype("boolean")
    for c in (
        "qualifier_word",
        "alt_unit",
        "first_unit",
        "pair_check",
        "who",
        "what",
        "measure",
        "why",
    ):
        frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    if len(frame):
        lo, hi = implied_bounds(frame["value"], frame["qualifier"], frame["low"], frame["high"])
        frame["low"], frame["high"] = lo, hi
    return frame


def describe_counts(who: str | None, what: str | None) -> str:
    """What a figure counts, in words: "North Korean troops killed", "area held"."""
    if what is None:
        return "unclear"
    words = WHAT_WORDS.get(what, what.replace("_", " "))
    if what.startswith(("area", "peak")):
        return words
    side = (who or "").replace("_and_", " and ").replace("_", " ").title().replace(" And ", " and ")
    return f"{side} {words}" if who else f"{words} (side not stated)"


def check_text(
    text: str, *, ledger: bool = False, claims: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, int]:
    """The figures of ``text`` as a report table, and how many unit pairs disagree.

    With ``ledger=True`` each figure is matched against the ledger (``claims``, by default the
    shipped one) by :func:`kursk_data.extract.ledger.match_ledger`.
    """
    figures = find_figures(text)
    report = figures.drop(columns=["start", "end"])
    report["check"] = report["pair_check"].fillna("")
    if ledger:
        from kursk_data.extract.ledger import match_ledger

        if claims is None:
            from kursk_data.load import load_claims

            claims = load_claims()
        report["ledger"] = match_ledger(figures, claims)["ledger"].to_numpy()
    report = report.drop(columns=["pair_check"])
    bad = int((figures["pair_ok"] == False).sum())  # noqa: E712 (nullable boolean)
    return report, bad


def report_columns(ledger: bool) -> list[str]:
    """The columns ``kursk-data check`` shows as a table."""
    cols = ["line", "phrase", "value", "unit", "qualifier", "measure", "check"]
    return [*cols, "ledger"] if ledger else cols
