"""Tables and text for readers (kursk_data.display): nothing a reader must decode, no row
numbers, no line broken inside a word, and the same output every run (nbval compares it)."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
from conftest import ROOT

import kursk_data as kd
from kursk_data.display import display_table

RAW = re.compile(r"\b(NaT|NaN|nan|inf|None)\b|<NA>|(?<![\d.])\d+\.0\b(?![.×])")


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "claim_id": ["a-1", "a-2", "a-3"],
            "value": [16000.0, 2.5, np.nan],
            "high": [np.inf, pd.NA, 3.0],
            "when": pd.to_datetime(["2025-06-22", None, "2024-08-06"]),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "ok": [True, False, True],
        },
        index=[4, 9, 11],  # a filtered frame's row numbers
    )


def test_no_raw_missing_values_infinities_or_float_tails():
    table = display_table(frame())
    for text in (repr(table), table._repr_html_()):
        assert not RAW.search(text), RAW.search(text)[0]
        assert "16,000" in text and "∞" in text and "22 Jun 2025" in text and "–" in text
    assert repr(table).splitlines()[2].startswith("a-1")  # no row number before the id


def test_output_is_stable_and_has_no_ids_or_addresses():
    a, b = display_table(frame()), display_table(frame())
    assert repr(a) == repr(b) and a._repr_html_() == b._repr_html_()
    assert not re.search(r"\bid=|0x[0-9a-f]+|T_[0-9a-f]{5}", a._repr_html_())


def test_a_meaningful_index_is_kept_and_html_is_escaped():
    counts = pd.Series([3, 4], index=pd.Index(["<b>x</b>", "y"], name="who"), name="n")
    table = display_table(counts)
    assert repr(table).splitlines()[0].split() == ["who", "n"]
    assert "&lt;b&gt;" in table._repr_html_() and "<b>" not in table._repr_html_()


def test_text_rows_never_wrap_and_lines_break_between_words(capsys):
    wide = pd.DataFrame({c: ["word " * 12] for c in "abcdef"})
    assert len(repr(display_table(wide)).splitlines()) == 3  # header, rule, the one row
    kd.show_lines(
        "Oleksandr Syrskyi said Ukraine's forces " * 6 + "https://example.org/" + "x" * 90
    )
    lines = capsys.readouterr().out.splitlines()
    words = set(("Oleksandr Syrskyi said Ukraine's forces " * 6).split())
    assert all(w in words or w.startswith("https://") for line in lines for w in line.split())
    assert all(len(line) <= 88 for line in lines if not line.startswith("https://"))


def test_saved_notebook_outputs_show_no_raw_values_or_wrapped_tables():
    """What readers see of the notebooks (the site shows the saved outputs): no NaT, <NA>,
    inf or 16000.0 in a table, no pandas table wrapped in blocks (a trailing backslash)."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                text = "".join(data.get("text/plain", out.get("text", "")))
                text += "".join(data.get("text/html", ""))
                shown = re.sub(r"kd\.\w+\(\)|\d{4}-\d{2}-\d{2}", "", text)
                assert not RAW.search(shown), (path.name, RAW.search(shown)[0], text[:300])
                assert not re.search(r" \\$", text, re.M), (path.name, text[:300])
