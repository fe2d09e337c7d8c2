"""Find the figures a news text states, and check the ones it gives in two units.

:func:`find_figures` reads numbers the way news writes them ("1,000", "70 000", "1.2 million",
"11k"), the unit after them (areas, or people: troops, soldiers, personnel, ...) and the
qualifier before them ("about", "more than", "up to", ...), mapped onto the ledger's
qualifiers. An area followed by a second unit in brackets ("90 sq km (35 sq miles)") is checked
with :func:`kursk_data.units.pair_agrees`. Numbers with no unit (years, days) are not figures.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kursk_data.units import mi2_to_km2, pair_agrees

__all__ = ["QUALIFIER_WORDS", "check_text", "find_figures"]

# Wording -> ledger qualifier. "nearly"/"almost" read as approximate, as the ledger does.
QUALIFIER_WORDS: dict[str, str] = {
    "about": "about",
    "approximately": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "an estimated": "about",
    "estimated": "about",
    "approx.": "about",
    "circa": "about",
    "close to": "about",
    "over": "over",
    "more than": "over",
    "at least": "over",
    "upwards of": "over",
    "in excess of": "over",
    "no fewer than": "over",
    "no less than": "over",
    "up to": "up_to",
    "as many as": "up_to",
    "fewer than": "up_to",
    "under": "up_to",
    "less than": "up_to",
    "at most": "up_to",
    "no more than": "up_to",
}
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIER_WORDS), key=len, reverse=True))
# 1,000 | 70 000 (space or no-break spaces as thousands separators) | 1.2 | 1000
_NUM = r"\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:million|mln|m\b)|\s*(?:thousand)|k\b)"
_AREA_KM = r"(?:sq(?:uare)?\.?\s*(?:km|kilomet(?:er|re)s?)|km2|km²|square\s+kilomet(?:er|re)s?)"
_AREA_MI = r"(?:sq(?:uare)?\.?\s*mi(?:les?)?|mi2|mi²|square\s+miles?)"
_PEOPLE = (
    r"(?:troops|soldiers|servicemen|servicemembers|personnel|fighters|men|people|"
    r"casualties|prisoners|POWs)"
)
# Up to three words may stand between a number and a people unit: "1,000 North Korean troops".
_BETWEEN = r"(?:\s+(?!(?:and|or|of|in|to)\b)[A-Za-z][\w'-]*){0,3}?"

_FIGURE = re.compile(
    rf"(?:(?P<qual>\b(?:{_QUAL}))\s+)?"
    rf"(?P<num>(?<![\w.,])(?:{_NUM}))(?P<scale>{_SCALE})?"
    rf"(?:\s*(?P<km>{_AREA_KM})|\s*(?P<mi>{_AREA_MI})|(?P<between>{_BETWEEN})\s+(?P<people>{_PEOPLE}))\b"
    rf"(?:\s*\(\s*(?P<alt_qual>(?:{_QUAL})\s+)?(?P<alt_num>{_NUM})\s*(?P<alt_unit>{_AREA_MI}|{_AREA_KM})\s*\))?",
    re.IGNORECASE,
)

COLUMNS = [
    "start",
    "end",
    "phrase",
    "value",
    "unit",
    "qualifier",
    "qualifier_word",
    "alt_value",
    "alt_unit",
    "pair_ok",
    "expected_alt",
]


def parse_number(text: str, scale: str | None = None) -> float:
    """A number as news writes it: "1,000", "70 000", "1.2" with "million", "11" with "k"."""
    value = float(re.sub(r"[,\s\u00a0\u202f]", "", text))
    s = (scale or "").strip().lower()
    if s in ("million", "mln", "m"):
        value *= 1_000_000
    elif s in ("thousand", "k"):
        value *= 1_000
    return value


def find_figures(text: str) -> pd.DataFrame:
    """Every figure ``text`` states, in order.

    Returns
    -------
    pandas.DataFrame
        ``start``/``end`` (character span of the phrase), ``phrase``, ``value`` (in the
        canonical unit), ``unit`` (``km2``, ``personnel``; an area given only in square miles is
        converted to km2 and its mile figure kept as ``alt_value``), ``qualifier`` (ledger
        qualifier), ``qualifier_word`` (as written), ``alt_value``/``alt_unit`` (a second unit
        in brackets), ``pair_ok`` (do the two units agree within rounding; <NA> without a pair)
        and ``expected_alt`` (what the second figure should read).
    """
    rows = []
    for m in _FIGURE.finditer(text):
        value = parse_number(m["num"], m["scale"])
        word = (m["qual"] or "").lower()
        qualifier = QUALIFIER_WORDS.get(word, "exact")
        alt_value = alt_unit = None
        if m["people"]:
            unit = "personnel"
        elif m["km"]:
            unit = "km2"
        else:  # an area stated first in square miles
            unit, alt_value, alt_unit = "km2", value, "mi2"
            value = mi2_to_km2(value)
        if m["alt_num"]:
            alt = parse_number(m["alt_num"])
            if re.fullmatch(_AREA_MI, m["alt_unit"], re.IGNORECASE) and m["km"]:
                alt_value, alt_unit = alt, "mi2"
            elif re.fullmatch(_AREA_KM, m["alt_unit"], re.IGNORECASE) and m["mi"]:
                value = alt  # "35 sq miles (90 sq km)": the km figure is the canonical one
        rows.append(
            {
                "start": m.start(),
                "end": m.end(),
                "phrase": m.group(0),
                "value": value,
                "unit": unit,
                "qualifier": qualifier,
                "qualifier_word": word or None,
                "alt_value": alt_value,
                "alt_unit": alt_unit,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS[:-2])
    frame["pair_ok"] = pd.array([pd.NA] * len(frame), dtype="boolean")
    frame["expected_alt"] = np.nan
    has = frame["alt_value"].notna() & (frame["unit"] == "km2")
    if has.any():
        sub = frame[has]
        ok, expected = pair_agrees(sub["value"].to_numpy(float), sub["alt_value"].to_numpy(float))
        frame.loc[has, "pair_ok"] = ok
        frame.loc[has, "expected_alt"] = expected
    frame["value"] = frame["value"].astype(float)
    frame["alt_value"] = frame["alt_value"].astype(float)
    return frame


def match_ledger(figures: pd.DataFrame, claims: pd.DataFrame) -> list[str]:
    """For each figure, the ledger claims with the same value, unit and qualifier."""
    out = []
    for _, f in figures.iterrows():
        same = claims[
            (claims["unit"] == f["unit"])
            & (claims["qualifier"] == f["qualifier"])
            & np.isclose(claims["value"].astype(float), f["value"], rtol=1e-6)
        ]
        out.append(",".join(sorted(same["claim_id"].astype(str))))
    return out


def check_text(text: str, *, ledger: bool = False) -> tuple[pd.DataFrame, int]:
    """The figures of ``text`` as a report table, and how many unit pairs disagree."""
    figures = find_figures(text)
    report = figures.copy()
    line_starts = np.array([0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"])
    report.insert(0, "line", np.searchsorted(line_starts, report["start"], side="right"))
    report["check"] = [
        "" if pd.isna(ok) else ("ok" if ok else f"BAD PAIR: expected about {exp:g} sq mi")
        for ok, exp in zip(report["pair_ok"], report["expected_alt"], strict=True)
    ]
    if ledger:
        from kursk_data.load import load_claims

        report["ledger"] = match_ledger(figures, load_claims())
    report = report.drop(columns=["start", "end", "pair_ok", "expected_alt"])
    bad = int((figures["pair_ok"] == False).sum())  # noqa: E712 (nullable boolean)
    return report, bad
