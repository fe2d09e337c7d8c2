"""Issue 22 item 6: a claimant with characters the chart font cannot draw (a CJK name) is one
warning when validated, naming the characters, and one warning when drawn (not a line per
character per place matplotlib measures text). Run this file to regenerate the font table."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import row_with, run_cli

import kursk_data as kd
from kursk_data.figures import draw_figure
from kursk_data.validation import aliases

TABLE = Path(aliases.__file__).with_name("dejavu-sans.txt")


def font_table() -> str:
    """The table as made from the DejaVu Sans that matplotlib bundles (read with fontTools)."""
    from fontTools.ttLib import TTFont

    mpl = importlib.util.find_spec("matplotlib").submodule_search_locations[0]
    font = Path(mpl, "mpl-data", "fonts", "ttf", "DejaVuSans.ttf")
    with TTFont(font, lazy=True) as tt:  # closed now, not by a later garbage collection
        points = sorted(tt.getBestCmap())
    runs, start = [], points[0]
    for prev, here in zip(points, [*points[1:], None], strict=True):
        if here != prev + 1:
            runs.append(f"{start:x}" if start == prev else f"{start:x}-{prev:x}")
            start = here
    lines, line = [], ""
    for run in runs:
        if len(line) + len(run) + 1 > 95:
            lines.append(line)
            line = ""
        line = f"{line} {run}".strip()
    head = (
        "# The characters DejaVu Sans draws (the charts' font, bundled with matplotlib):\n"
        "# code points in hex, runs as first-last. Made by tests/test_validate_font.py.\n"
    )
    return head + "\n".join([*lines, line]) + "\n"


def test_the_table_is_the_font_matplotlib_bundles():
    assert TABLE.read_text(encoding="ascii") == font_table()


def test_the_table_reads_what_the_font_covers():
    assert not aliases.undrawable("Ministry of Defence, Курськ, Ελλάδα, São Tomé")
    assert aliases.undrawable("张伟 张") == ["张", "伟"]
    # Invisible controls are other rules' business (a bidi override is an error of its own).
    assert aliases.undrawable("\u202eabc\u200b") == []
    # An emoji, Devanagari, a private-use character: none of them in DejaVu Sans.
    assert aliases.undrawable("\U0001f9e0 \u0915 \ue000") == ["\U0001f9e0", "\u0915", "\ue000"]


def warnings_of(path):
    return [(w.row, w.column, w.value, w.rule) for w in kd.validate(path).warnings]


def test_a_cjk_claimant_is_one_warning_naming_its_characters(claims_file):
    rows = row_with("claimant", "张伟 (fictional)")
    rows = row_with("claimant", "张伟 (fictional)", row=1, rows=rows)  # same name: warned once
    path = claims_file(rows)
    assert list(kd.validate(path)) == []  # valid: a warning only
    font = [w for w in warnings_of(path) if "font" in w[3]]
    assert font == [
        (
            2,
            "claimant",
            "张伟 (fictional)",
            "characters the chart font cannot draw: 张 (U+5F20), 伟 (U+4F1F): charts show "
            "them as empty boxes; write the name in Latin letters",
        )
    ]


def test_a_long_name_lists_a_few_characters_and_counts_the_rest(claims_file):
    name = "".join(chr(0x4E00 + i) for i in range(12))
    rule = next(w[3] for w in warnings_of(claims_file(row_with("claimant", name))))
    assert rule.startswith(f"characters the chart font cannot draw: {chr(0x4E00)} (U+4E00), ")
    assert "and 7 more" in rule and rule.count("(U+") == 5


def test_validating_does_not_import_matplotlib_or_fonttools(claims_file):
    path = claims_file(row_with("claimant", "张伟 (fictional)"))
    code = (
        "import sys, kursk_data as kd\n"
        f"assert kd.validate({str(path)!r}).warnings\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'fontTools')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_drawing_a_cjk_claimant_warns_once(claims_file):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    path = claims_file(row_with("claimant", "张伟 (fictional)"))
    claims = kd.load_claims(path=path)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        fig = draw_figure("territory-article", claims)
        plt.close(fig)
    texts = [str(w.message) for w in seen]
    assert len(texts) == 1, texts
    assert "张 (U+5F20), 伟 (U+4F1F)" in texts[0] and "territory-article" in texts[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exporting_a_cjk_claimant_warns_once_a_figure(claims_file, tmp_path, jobs):
    """One line per figure, in the command line's own format, whether the figure was drawn in
    this process or in a worker: no source path, no second line of code."""
    path = claims_file(row_with("claimant", "张伟 (fictional)"))
    ids = ["territory-article", "overview-article"][: int(jobs)]  # two: each in a worker
    only = [arg for fig_id in ids for arg in ("--only", fig_id)]
    out = run_cli(
        "figures", "--claims", str(path), "--out", str(tmp_path / "out"), "--jobs", jobs, *only,
        real=jobs != "1",  # workers: from a new interpreter, as the shell starts them
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == len(ids), out.stderr
    for fig_id, line in zip(ids, lines, strict=True):
        assert line.startswith(f"kursk-data: warning: {fig_id}: "), line
        assert line.endswith("张 (U+5F20), 伟 (U+4F1F)"), line


GLYPH = "Glyph 24352 (\\N{{CJK UNIFIED IDEOGRAPH-5F20}}) missing from font(s) DejaVu Sans."


def test_other_warnings_pass_and_an_inner_figure_leaves_them_to_the_outer():
    from kursk_data.figures.checks import one_glyph_warning

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with one_glyph_warning("outer"):
            with one_glyph_warning("inner"):  # drawn inside another: no warning of its own
                for _ in range(30):
                    warnings.warn(GLYPH.format(), UserWarning, stacklevel=1)
            warnings.warn("Glyph 20255 (x) missing from font(s) DejaVu Sans.", stacklevel=1)
            warnings.warn("something else", RuntimeWarning, stacklevel=1)
    texts = sorted(str(w.message) for w in seen)
    assert texts == [
        "outer: characters the chart font cannot draw, shown as empty boxes: "
        "张 (U+5F20), 伟 (U+4F1F)",
        "something else",
    ]


def test_an_error_while_drawing_loses_no_warning_and_resets():
    from kursk_data.figures.checks import _drawing, one_glyph_warning

    with warnings.catch_warnings(record=True) as seen, pytest.raises(ZeroDivisionError):
        warnings.simplefilter("always")
        with one_glyph_warning("broken"):
            warnings.warn(GLYPH.format(), UserWarning, stacklevel=1)
            warnings.warn("something else", RuntimeWarning, stacklevel=1)
            1 / 0  # noqa: B018
    assert _drawing == [0]  # the next figure warns on its own again
    assert sorted(str(w.message) for w in seen) == [
        "broken: characters the chart font cannot draw, shown as empty boxes: 张 (U+5F20)",
        "something else",
    ]


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Zhang Wei\u3000(fictional)", "\u3000 (U+3000)"),  # an ideographic space
        ("Ivan (fictional) \U0001f9e0", "\U0001f9e0 (U+1F9E0)"),  # an emoji beyond the BMP
        ("\u200dZhang\u200b Wei (fictional)", None),  # invisible joiners: no glyph needed
        ("Zhang Wei\ufffd (fictional)", None),  # the replacement character is drawn
    ],
)
def test_hostile_names(claims_file, name, listed):
    rules = [w[3] for w in warnings_of(claims_file(row_with("claimant", name)))]
    font = [r for r in rules if "chart font" in r]
    assert len(font) == (0 if listed is None else 1), rules
    if listed:
        assert f"cannot draw: {listed}: charts" in font[0]


if __name__ == "__main__":
    TABLE.write_text(font_table(), encoding="ascii")
