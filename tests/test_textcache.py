"""Texts measured once (kursk_data/plotting/textcache.py): the figures are the same bytes with
and without the caches, and a text changed after it was measured is measured again."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest
from matplotlib import text as mtext

import kursk_data as kd
from kursk_data.figures import REGISTRY
from kursk_data.figures.export import render
from kursk_data.figures.registry import ledger_palette
from kursk_data.plotting import textcache


def _render(fig_id: str) -> dict[str, bytes]:
    claims, sources = kd.load_claims(), kd.load_sources()
    spec = next(s for s in REGISTRY if s.id == fig_id)
    return render(spec, spec.data(claims), sources, ledger_palette(claims))


def test_a_figure_is_the_same_bytes_with_and_without_the_caches(monkeypatch):
    # overview-article: row names, a legend, wrapped title and footer, labels placed on rows.
    # Drawn twice with the caches (the second time every text is already kept) and once
    # without: the three must agree to the byte in every format.
    cached = _render("overview-article")
    again = _render("overview-article")
    # measured_once() then installs matplotlib's own functions: nothing is kept.
    monkeypatch.setattr(textcache, "_layout", textcache._ORIGINAL_LAYOUT)
    monkeypatch.setattr(textcache, "_measured", textcache._ORIGINAL_METRICS)
    plain = _render("overview-article")
    assert cached == again == plain


def _extent(t: mtext.Text):
    return tuple(t.get_window_extent().bounds)


def test_a_text_changed_after_it_was_measured_is_measured_again():
    # Each change below alters the box; the kept layout of the old text must not come back.
    # The expected boxes are matplotlib's own, measured outside the block (no cache).
    changes = [
        ("text", lambda t: t.set_text("a much longer line of text")),
        ("size", lambda t: t.set_fontsize(14)),
        ("weight", lambda t: t.set_fontweight("bold")),
        ("alignment", lambda t: t.set_horizontalalignment("right")),
        ("rotation", lambda t: t.set_rotation(90)),
        ("two lines", lambda t: t.set_text("two\nlines")),
        ("line spacing", lambda t: (t.set_text("two\nlines"), t.set_linespacing(2.0))),
    ]
    for name, change in changes:
        fig = plt.figure(figsize=(4, 3), dpi=100)
        try:
            t = fig.text(0.5, 0.5, "short", fontsize=9)
            fig.canvas.draw()
            with textcache.measured_once():
                before = _extent(t)
                change(t)
                inside = _extent(t)
            expected = _extent(t)  # outside: matplotlib alone
            assert inside == expected, name
            assert inside != before, name
        finally:
            plt.close(fig)


def _width(dpi: int, rc: dict | None = None) -> float:
    """The width of one string in a new figure (its own renderer) at ``dpi``."""
    with mpl.rc_context(rc or {}):
        fig = plt.figure(figsize=(4, 3), dpi=dpi)
        try:
            t = fig.text(0.1, 0.5, "Kursk 1,300 km²", fontsize=9)
            return t.get_window_extent(fig.canvas.get_renderer()).width
        finally:
            plt.close(fig)


def test_the_same_string_at_another_dpi_or_font_setting_is_measured_anew():
    # The process-wide metrics are kept across renderers, keyed on the renderer's dpi and the
    # font settings: the string measured at 100 dpi, then at 200 dpi, then unhinted, each in a
    # new figure, gets the numbers matplotlib alone gives (measured after, outside the block).
    unhinted = {"text.hinting": "no_hinting"}
    with textcache.measured_once():
        inside = (_width(100), _width(200), _width(100, unhinted))
    expected = (_width(100), _width(200), _width(100, unhinted))
    assert inside == expected
    assert len(set(expected)) == 3  # three different numbers: the test can tell them apart


def test_matplotlib_is_restored_after_the_block_nested_or_failing():
    original = (mtext.Text._get_layout, mtext._get_text_metrics_with_cache)
    with textcache.measured_once():
        with textcache.measured_once():
            pass
        assert mtext.Text._get_layout is textcache._layout  # still inside the outer block
    assert (mtext.Text._get_layout, mtext._get_text_metrics_with_cache) == original
    with pytest.raises(RuntimeError), textcache.measured_once():
        raise RuntimeError("a chart that fails")
    assert (mtext.Text._get_layout, mtext._get_text_metrics_with_cache) == original
