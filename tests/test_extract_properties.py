"""Property tests: any text made of the words the checker reacts to reads without error, and
what it reports is coherent (spans, intervals, units, a text agrees with itself)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kursk_data.extract import compare_texts, find_figures
from kursk_data.extract.qualifier_words import QUALIFIER_WORDS

PIECES = [
    *QUALIFIER_WORDS,
    "1,376",
    "70 000",
    "90",
    "11k",
    "1.2",
    "2025",
    "22",
    "0",
    "12,000-strong",
    "500–600",
    "between",
    "and",
    "to",
    "from",
    "or",
    "-",
    "–",
    "—",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    ";",
    "/",
    "sq km",
    "sq mi",
    "km²",
    "mi2",
    "square kilometres",
    "square miles",
    "km",
    "miles",
    "%",
    "troops",
    "soldiers",
    "losses",
    "killed",
    "wounded",
    "captured",
    "prisoners",
    "force",
    "North Korean",
    "Russian",
    "Ukrainian",
    "Russia's",
    "Kyiv said",
    "Moscow",
    "June",
    "two",
    "twelve",
    "thousand",
    "million",
    "more",
    "were",
    "had",
    "lost",
    "fell",
    "peak",
    "villages",
    "brigades",
    "per cent",
    "\n",
    "\n\n",
    "Su-34",
    "$",
    "+",
    "plus",
    "or more",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join) | st.text(max_size=80)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_any_text_reads_coherently(text):
    f = find_figures(text)
    for r in f.itertuples(index=False):
        assert 0 <= r.start < r.end <= len(text)
        assert " ".join(text[r.start : r.end].split()) == r.phrase
        assert r.unit in ("km2", "personnel")
        assert math.isfinite(r.value) and r.value >= 0
        assert r.qualifier in ("exact", "about", "over", "up_to", "range")
        if not (math.isnan(r.low) or math.isnan(r.high)):
            assert r.low <= r.high
        if r.qualifier == "range":
            assert r.low < r.high and math.isclose(r.value, r.high)
        assert pd.isna(r.pair_ok) or r.pair_ok in (True, False)
        assert pd.isna(r.pair_ok) == pd.isna(r.pair_check)
        assert r.line == text.count("\n", 0, r.start) + 1
    starts = f["start"].tolist()
    assert starts == sorted(starts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_a_text_agrees_with_itself(text):
    changes = compare_texts(text, text)
    assert set(changes["change"]) <= {"same"}
    assert len(changes) == len(find_figures(text))
