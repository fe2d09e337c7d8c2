"""The row charts after the seventh chart-desk read (#24, rating 7): troops-article and
overview-article, and every figure's subtitle. Each test measures the drawn figure (the
shared ``drawn`` fixture) or the words the registry gives it."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from figure_probes import claim_marks as _marks
from matplotlib.colors import to_hex

import kursk_data as kd
from kursk_data.figures import FIGURES
from kursk_data.figures.registry import ledger_palette
from kursk_data.figures.titles import SUBTITLE_LINE, by_whom, derived_caption
from kursk_data.plotting.marks import all_axes
from kursk_data.plotting.style import label_ink


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _row(claims, cid):
    return claims[claims["claim_id"] == cid].iloc[0]


# --------------------------------------------------------------------------- who, counted


def _who(*names: str) -> pd.DataFrame:
    """FICTIONAL claims: only their claimants matter here."""
    return pd.DataFrame({"claimant": list(names)})


@pytest.mark.parametrize(
    ("names", "words"),
    [
        ("A B", "by 2 claimants"),
        ("A - -", "1 by a named claimant and 2 unattributed"),
        ("A A -", "2 by one named claimant and 1 unattributed"),
        ("A B -", "one each by 2 named claimants and 1 unattributed"),
        ("A B A -", "3 by 2 named claimants and 1 unattributed"),
        ("- -", "all unattributed"),
    ],
)
def test_unattributed_is_counted_apart_never_as_a_claimant(names, words):
    """Rating 7: "by 2 claimants" where one of the two was no one named."""
    # "-": a claim no one is named for; a letter, a FICTIONAL claimant.
    who = ["unattributed" if n == "-" else f"Fictional {n}" for n in names.split()]
    assert by_whom(_who(*who)) == words


_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}


def test_no_subtitle_counts_unattributed_as_a_claimant(claims):
    """Every registered figure's subtitle is a standfirst (rating 8: "3 by 2 named claimants
    and 4 unattributed" read as database output): it counts no claimants (the labels name
    them), says how many claims are unattributed where it draws any, in words, never
    "reports", and keeps to its unit and span."""
    palette = ledger_palette(claims)
    style = __import__("kursk_data.plotting.style", fromlist=["as_drawn"])
    for fig_id, spec in FIGURES.items():
        data = style.as_drawn(spec.data(claims), claims, palette.names, palette.dates)
        sub = spec.resolve(data).subtitle
        kept, _ = kd.analysis.fold_statements(data)
        unnamed = int((kept["claimant"].astype(str) == "unattributed").sum())
        assert "claimant" not in sub and "reports" not in sub, (fig_id, sub)
        assert f"{data['period_start'].min():%b %Y}–{data['period_end'].max():%b %Y}" in sub
        if unnamed:
            assert f"; {_WORDS[unnamed]} unattributed" in sub, (fig_id, sub)
        else:
            assert "unattributed" not in sub, (fig_id, sub)
        units = set(data["unit"].astype(str))
        assert ("km²" in sub) == ("km2" in units), (fig_id, sub)
        assert ("people" in sub or "Number of" in sub) == ("personnel" in units), (fig_id, sub)


def test_one_measure_subtitles_fit_one_line(claims):
    """A standfirst in one line where it can be: the figures of one measure with no
    statement drawn once for two outlets."""
    for fig_id in ("territory-article", "troops-article", "contested-counts"):
        spec = FIGURES[fig_id]
        sub = spec.resolve(spec.data(claims)).subtitle
        assert len(sub) <= SUBTITLE_LINE, (fig_id, len(sub), sub)


def test_a_derived_caption_lists_no_one_as_a_claimant():
    rows = _who("Fictional A", "unattributed").assign(
        period_start=pd.Timestamp("2031-01-01"), period_end=pd.Timestamp("2031-02-01")
    )
    text = derived_caption(rows)
    assert text.startswith("2 claims by Fictional A, 1 unattributed,"), text


# --------------------------------------------------------------------------- troops-article


def test_the_people_scale_ends_at_a_tick_past_its_largest_figure(drawn, claims):
    """ "up to 70,000" sat past the last tick (60,000), measured against nothing."""
    for fig_id, cid in (("troops-article", "art-05"), ("overview-article", "art-05")):
        ax, _ = _marks(drawn[fig_id])[cid]
        value = float(_row(claims, cid)["value"])
        ticks = [
            t
            for t, lab in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
            if lab.get_text()
        ]
        assert max(ticks) >= value, (fig_id, ticks)
        assert ax.spines["bottom"].get_bounds()[1] >= max(ticks) - 1e-6


@pytest.mark.parametrize("fig_id", ["troops-article", "overview-article"])
def test_marks_of_one_qualifier_have_one_style(drawn, claims, fig_id):
    """The grey diamond had a dark rim, the blue none: every filled mark is rimmed in its
    claimant's ink."""
    palette = ledger_palette(claims)
    for cid, (_, line) in _marks(drawn[fig_id]).items():
        row = _row(claims, cid)
        if str(row["basis"]) == "implied":
            continue
        who = palette.names.get(cid, str(row["claimant"])) if palette.names else row["claimant"]
        assert to_hex(line.get_markeredgecolor()) == label_ink(palette[str(who)]), cid


@pytest.mark.parametrize("fig_id", ["troops-article", "overview-article"])
def test_row_names_set_the_claimant_in_its_ink_apart_from_the_measure(drawn, claims, fig_id):
    """What and who separate: the claimant's line in the claimant's label ink, the measure's
    lines in the text grey, on one tick."""
    palette = ledger_palette(claims)
    inks = {label_ink(c) for c in palette.values()}
    panels = {id(ax): ax for ax, _ in _marks(drawn[fig_id]).values()}.values()
    for ax in panels:
        who = [t for t in ax.get_yticklabels() if t.get_text()]
        what = [t for t in ax.get_yticklabels(minor=True) if t.get_text()]
        for t in who:
            assert to_hex(t.get_color()) in inks, t.get_text()
        for t in what:
            assert to_hex(t.get_color()) not in inks - {"#333333"}, t.get_text()
            assert not set(t.get_text().strip().split("\n")) & {w.get_text().strip() for w in who}
    names = " ".join(t.get_text() for ax in all_axes(drawn[fig_id]) for t in ax.get_yticklabels())
    assert "Oleksandr Syrskyi" in names


# --------------------------------------------------------------------------- overview-article


def test_area_scale_ends_near_the_open_bound_which_fades_to_it(drawn, claims):
    """A scale to 1,500 for a largest figure of over 1,000 left a third of the plot empty
    (rating 7): the axis ends a fifth to a third past it, the bound's fade runs on nearly to
    that end, and its label sits left of its mark."""
    fig = drawn["overview-article"]
    ax, mark = _marks(fig)["art-02"]
    value = float(_row(claims, "art-02")["value"])
    lo, hi = ax.get_xlim()
    assert 1.15 * value <= hi <= 1.3 * value, (lo, hi)
    fade = next(c for c in ax.collections if c.get_gid() == "bound:art-02")
    xs = np.concatenate(fade.get_segments())[:, 0]
    assert xs.max() >= hi - 0.1 * (hi - lo), (xs.max(), hi)
    fig.draw_without_rendering()
    label = next(t for t in ax.texts if t.get_gid() == "label:art-02")
    box = label.get_window_extent()
    assert box.x1 <= mark.get_window_extent().x0, box


def test_a_bound_near_zero_stands_clear_of_the_zero_edge(drawn):
    """ "over 1,000" killed on a scale to 80,000 was pressed against the zero edge: its
    glyph's back is on its figure, so the whole glyph lies right of zero."""
    fig = drawn["overview-article"]
    fig.draw_without_rendering()
    ax, mark = _marks(fig)["art-07"]
    zero = ax.transData.transform((0, 0))[0]
    assert mark.get_window_extent().x0 >= zero + 1, (mark.get_window_extent(), zero)


def test_people_heading_is_a_neutral_panel_title(drawn, claims):
    """Rating 9: the people panel carried a second headline; the figure's one title speaks for
    both panels, so the panel's heading states no figure and no finding."""
    fig = drawn["overview-article"]
    heads = [t.get_text() for a in all_axes(fig) for t in a.texts if t.get_gid() == "panel-title"]
    (head,) = {h for h in heads if "people" in h.lower()}
    assert not re.search(r"\d", head) and "(" not in head, head
    units = set(FIGURES["overview-article"].data(claims)["unit"].astype(str))
    assert "personnel" in units and "km2" in units  # the two panels it tells apart
