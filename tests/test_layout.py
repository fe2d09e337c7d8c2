"""Layout of every registered figure, as the renderer measures it (issue: figures a chart
editor would print). The figures are drawn once for this module; every test shares them.

The checker is :func:`kursk_data.plotting.layout_problems`; the tests at the bottom plant an
overlap, a cut mark and a tiny text and show that it catches each, so a clean result means
something.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from synthetic import synthetic_frames, typed

import kursk_data as kd
from kursk_data import figures
from kursk_data.plotting import layout_problems, placement

IDS = [spec.id for spec in figures.REGISTRY]


@pytest.fixture(scope="module")
def drawn():
    """Every registered figure, drawn exactly as exported, once for the whole module."""
    claims = kd.load_claims()
    figs = {spec.id: spec.build(claims) for spec in figures.REGISTRY}
    yield figs
    for fig in figs.values():
        plt.close(fig)


@pytest.fixture(scope="module")
def synthetic():
    """100 SYNTHETIC loss claims (tests/synthetic.py): 4 measures, 14 claimants."""
    claims, _ = synthetic_frames(100)
    return typed(claims)


@pytest.mark.parametrize("fig_id", IDS)
def test_registered_figure_has_no_layout_problem(drawn, fig_id):
    assert layout_problems(drawn[fig_id]) == []


@pytest.mark.parametrize("fig_id", IDS)
def test_every_label_of_a_shipped_figure_found_a_place(drawn, fig_id):
    """Small shipped figures label every mark they choose to; none is silently dropped.

    The exception is territory-timeline (14 claims): Russia's zero is one statement reported
    twice (art-03, ctx-11), under the labels of the last Ukrainian and DeepState figures; the
    shaded note names it ("Russia claims full recapture") and the legend names both claimants.
    """
    requests = placement.label_requests(drawn[fig_id])
    missing = sorted(r.gid for _, r in requests if not r.placed)
    allowed = {"territory-timeline": ["label:art-03", "label:ctx-11"]}.get(fig_id, [])
    assert set(missing) <= set(allowed), missing


@pytest.mark.parametrize("fig_id", IDS)
def test_figure_is_680px_wide_with_no_text_under_9px(drawn, fig_id):
    fig = drawn[fig_id]
    assert fig.get_figwidth() == pytest.approx(7.2)
    # 680 px over 7.2 in * 72 pt/in = 1.31 px per point: 9 px needs at least 6.9 pt.
    smallest = min(t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text())
    assert smallest * 680 / (7.2 * 72) >= 9


def test_a_100_claim_chart_passes_the_layout_test(synthetic):
    _, sources = synthetic_frames(100)
    fig = figures.FIGURES["losses-article"].draw_data(synthetic, sources)
    try:
        assert layout_problems(fig) == []
        requests = placement.label_requests(fig)
        # Only chosen marks are labelled: each measure's extremes (4 x 2) and each
        # claimant's latest (14), overlapping, so at most 22 of the 100 claims.
        assert 0 < len(requests) <= 4 * 2 + 14
        # The chart is crowded: some chosen labels find no room, but some always do.
        assert len([r for _, r in requests if r.placed]) >= 5
        footer = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
        assert "Synthetic test publisher" in footer
        title = next(t for t in fig.texts if t.get_gid() == "title").get_text()
        assert "Kursk" not in title and "North Korean" not in title
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- the checker can fail


def _territory():
    fig = figures.draw_figure("territory-article")
    return fig, fig.axes[0]


def test_checker_catches_an_overlapping_text():
    fig, ax = _territory()
    label = next(t for t in ax.texts if (t.get_gid() or "").startswith("label:"))
    ax.annotate("PLANTED", xy=label.xy, xytext=label.xyann, textcoords="offset points")
    try:
        problems = layout_problems(fig)
        assert any("'PLANTED'" in p and "overlaps" in p for p in problems), problems
    finally:
        plt.close(fig)


def test_checker_catches_a_text_on_a_mark_and_on_a_line():
    fig, ax = _territory()
    mark = next(ln for ln in ax.lines if (ln.get_gid() or "") == "claim:art-01")
    x, y = mark.get_xdata()[0], mark.get_ydata()[0]
    ax.text(x, y, "ON MARK", ha="center", va="center", fontsize=9)
    period = next(ln for ln in ax.lines if (ln.get_gid() or "").startswith("period:"))
    xs, ys = period.get_xdata(), period.get_ydata()
    ax.text((xs[0] + xs[1]) / 2, ys[0], "ON LINE", ha="center", va="center", fontsize=9)
    try:
        problems = layout_problems(fig)
        assert any("'ON MARK' overlaps mark claim:art-01" in p for p in problems), problems
        assert any("'ON LINE' overlaps line period:" in p for p in problems), problems
    finally:
        plt.close(fig)


def test_checker_catches_a_mark_cut_by_the_axes_edge_zero_included():
    fig, ax = plt.subplots(figsize=(7.2, 4))
    ax.plot([0.5], [0], marker="o", ms=8, linestyle="none", gid="claim:zero")
    ax.set_ylim(0, 1)  # a zero on the bottom edge: half the mark is cut
    try:
        problems = layout_problems(fig)
        assert "mark claim:zero is cut by its axes' edge" in problems
        ax.set_ylim(-0.1, 1)
        assert "mark claim:zero is cut by its axes' edge" not in layout_problems(fig)
    finally:
        plt.close(fig)


def test_checker_catches_text_smaller_than_9px_at_680px():
    fig, ax = plt.subplots(figsize=(7.2, 4))
    # 6.5 pt at 680 px over 7.2 in: 6.5 * 680 / 518.4 = 8.5 px, under 9; 7 pt is 9.2 px.
    ax.text(0.1, 0.5, "tiny", fontsize=6.5)
    ax.text(0.6, 0.5, "fine", fontsize=7)
    try:
        problems = layout_problems(fig)
        assert any(p.startswith("text 'tiny' is 8.5 px") for p in problems), problems
        assert not any("'fine'" in p for p in problems)
    finally:
        plt.close(fig)


def test_checker_catches_a_text_on_a_legend():
    fig, ax = _territory()
    legend = next(c for c in ax.get_children() if isinstance(c, matplotlib.legend.Legend))
    box = legend.get_window_extent(fig.canvas.get_renderer())
    fig.text(box.x0 / fig.bbox.width + 0.01, box.y0 / fig.bbox.height + 0.01, "ON LEGEND")
    try:
        assert any("'ON LEGEND' overlaps a legend" in p for p in layout_problems(fig))
    finally:
        plt.close(fig)


@pytest.mark.parametrize("fig_id", IDS)
def test_the_data_file_lists_exactly_the_claims_drawn(drawn, fig_id):
    """figures/<id>.csv holds spec.data(): every row of it has a mark, every mark a row
    (contested draws each claimant's latest figure of a dispute; its file adds the earlier
    figures the dispute counted, as its caption says)."""
    fig = drawn[fig_id]
    marks = {
        ln.get_gid().split(":", 1)[1]
        for ax in fig.axes
        for a in [ax, *ax.child_axes]
        for ln in a.lines
        if (ln.get_gid() or "").startswith("claim:")
    }
    rows = set(figures.FIGURES[fig_id].data(kd.load_claims())["claim_id"])
    if fig_id == "contested":
        assert marks <= rows and marks
    else:
        assert marks == rows


def test_a_users_own_ledger_alone_draws_only_its_own_claims(synthetic):
    """With the shipped ledger left out (--no-shipped), an article figure of another topic
    is empty and says so; the losses figure draws the user's claims, nothing else."""
    territory = figures.FIGURES["territory-article"].data(synthetic)
    assert territory.empty
    losses = figures.FIGURES["losses-article"].data(synthetic)
    assert set(losses["claim_id"]) == set(synthetic["claim_id"])
