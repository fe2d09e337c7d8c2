"""The time charts after the seventh chart-desk read (#24, rating 7): territory-timeline,
territory-article and losses-article. Each test measures the figures as exported (the
session's ``drawn`` fixture); none draws a figure of its own."""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from figure_probes import claim_line as _mark
from figure_probes import gid_lines as _lines
from figure_probes import key_entries as _key_entries
from figure_probes import rendered as _rendered

from kursk_data.plotting.notes import notes_of
from kursk_data.plotting.placement import label_requests

TIMELINES = ["territory-timeline", "territory-article", "losses-article"]
READ_AT = 680


def _placed(fig) -> list:
    return [r for _, r in label_requests(fig) if r.placed]


def _text_box(artist, renderer):
    """A label's text box, without its leader (an annotation's extent includes it)."""
    return matplotlib.text.Text.get_window_extent(artist, renderer)


def _gap(a, b) -> float:
    """Pixels between two boxes (0 where they touch or overlap)."""
    dx = max(a.x0 - b.x1, b.x0 - a.x1, 0.0)
    dy = max(a.y0 - b.y1, b.y0 - a.y1, 0.0)
    return float(np.hypot(dx, dy))


# --------------------------------------------------------------------------- one rule


def test_art_02_stands_at_its_periods_end_in_both_figures(drawn):
    """Rating 7: the source article's "over 1,000 km²" of August stood at its period's end
    (31 Aug) in territory-timeline and mid-period in territory-article. One rule: a claim
    over a period stands at its period's end in every figure."""
    end = mdates.date2num(pd.Timestamp("2024-08-31"))
    for fig_id in ("territory-timeline", "territory-article"):
        (x,) = _mark(drawn[fig_id], "art-02").get_xdata()
        assert float(x) == pytest.approx(end), fig_id


@pytest.mark.parametrize("fig_id", TIMELINES)
def test_no_period_bar_runs_through_another_claims_mark(drawn, fig_id):
    """Rating 7: the unattributed August bar ran through Syrskyi's 12 Aug diamond, "one mark
    and a tail". Rating 9: left out, the key's dotted bar had no instance in the figure. A
    bar is drawn in every figure, broken around the marks it passes (over bands, under
    marks): every stretch drawn stays clear of every other claim's mark."""
    fig = drawn[fig_id]
    renderer, _ = _rendered(fig)
    marks = {ln.get_gid()[6:]: ln.get_window_extent(renderer) for ln in _lines(fig, "claim:")}
    for bar in _lines(fig, "period:"):
        cid = bar.get_gid()[7:]
        (y,) = set(bar.get_transform().transform(bar.get_xydata())[:, 1].round(3))
        x0, x1 = sorted(bar.get_transform().transform(bar.get_xydata())[:, 0])
        for other, box in marks.items():
            if other != cid:
                assert not (box.x0 < x1 and box.x1 > x0 and box.y0 < y < box.y1), (cid, other)
    if fig_id in ("territory-timeline", "territory-article"):
        stretches = [b for b in _lines(fig, "period:art-02") if b.get_visible()]
        assert stretches, fig_id
    if fig_id == "territory-timeline":
        # Broken around Syrskyi's 12 Aug diamond, over his band, not behind it.
        bands = [b for b in _lines(fig, "band:") if b.get_visible()]
        assert all(s.get_zorder() > b.get_zorder() for s in stretches for b in bands)
        assert any("c. Aug 2024*" in r.artist.get_text() for r in _placed(fig))


# --------------------------------------------------------------------------- keys in words


@pytest.mark.parametrize("fig_id", TIMELINES)
def test_keys_speak_a_readers_words(drawn, fig_id):
    """Rating 7: "line: one claimant's figures, not a path (dashed: from over X)" and
    "dotted, *: period inferred; c. = approximate period (a count: at its end)" were a
    developer's notes, and "not a path" sat under a title saying an estimate rose."""
    fig = drawn[fig_id]
    # Rating 10: where labels are the colour key, the key's prose is in the footer.
    foot = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    entries = " | ".join([*_key_entries(fig), foot.replace("\n", " ")])
    for code in ("not a path", "over X)", "a count:", "period inferred", "no path"):
        assert code not in entries, entries
    assert "date is our reading" in entries, entries
    if fig_id == "territory-timeline":  # in the footer, a sentence (rating 10)
        assert "joined: the same claimant's later figures" in entries.lower(), entries
    if fig_id == "losses-article":  # one line (rating 9): the joins' one convention, dashes
        assert "dashed: from a lower bound" in entries, entries


def test_timeline_joins_over_months_without_a_figure_are_dotted_and_need_no_note(drawn):
    """Rating 7: Syrskyi's straight join from 1,294 km² (27 Aug) to 500 (February) read as
    about 1,000 in November and cut the General Staff's 800 label; an in-plot note had to
    deny it. That join is dotted (no figure from him for months), the key says so, and the
    note is gone."""
    fig = drawn["territory-timeline"]
    renderer, _ = _rendered(fig)
    centre = _mark(fig, "ctx-05").get_window_extent(renderer)
    gaps = _lines(fig, "joined-gap:")
    assert any(
        np.hypot(
            *(ln.get_transform().transform(ln.get_xydata()) - centre.get_points().mean(0)).T
        ).min()
        < 1.0
        for ln in gaps
    )
    assert not notes_of(fig)
    foot = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    assert "dotted: months with none" in foot.replace("\n", " ")  # rating 10: key prose


@pytest.mark.parametrize("fig_id", TIMELINES)
def test_two_claimants_labels_never_form_one_block(drawn, fig_id):
    """Rating 7: DeepState's "about 140 km² / 13 Mar 2025" sat right on Gerasimov's "0 km²
    (implied)" label, five lines in one block. Labels in different claimants' inks keep at
    least 5 px apart at 680 px, and each still names its claimant where lines cross."""
    fig = drawn[fig_id]
    renderer, scale = _rendered(fig)
    boxes = [(r.color, _text_box(r.artist, renderer)) for r in _placed(fig)]
    for (c1, b1), (c2, b2) in itertools.combinations(boxes, 2):
        if c1 != c2:
            assert _gap(b1, b2) * scale >= 5.0, (c1, c2)
    if fig_id == "territory-timeline":
        text = next(r.artist.get_text() for r in _placed(fig) if r.gid == "label:ctx-10")
        assert "DeepState" in text and "13 Mar 2025" in text, text


# --------------------------------------------------------------------------- territory-article


def test_territory_article_shows_the_whole_over_fade_and_keeps_off_the_spine(drawn):
    """Rating 7: the "over 1,000 km²" fade was clipped by the plot's top after a few pixels
    (a bound read as a cap), and the August bar ran into the value axis. The fade reaches its
    full length below the axis' top, and nothing drawn starts within 6 px of the spine."""
    fig = drawn["territory-article"]
    renderer, scale = _rendered(fig)
    ax = _mark(fig, "art-02").axes
    # Rating 10: the bound is now off the scale, at the top edge (no fade to clip): its
    # triangle is whole inside the plot.
    box = _mark(fig, "art-02").get_window_extent(renderer)
    plot = ax.get_window_extent(renderer)
    assert plot.y0 <= box.y0 and box.y1 <= plot.y1 + 1.0
    left = ax.get_window_extent(renderer).x0
    for ln in [*_lines(fig, "claim:"), *_lines(fig, "period:")]:
        assert (ln.get_window_extent(renderer).x0 - left) * scale >= 6.0, ln.get_gid()


def test_territory_article_zero_label_has_air(drawn):
    """Rating 7: "26 Apr 2025*" ended about 3 px from Gerasimov's hollow circle. At 680 px
    at least 5 px lie between the label and the mark."""
    fig = drawn["territory-article"]
    renderer, scale = _rendered(fig)
    label = next(r for r in _placed(fig) if r.gid == "label:art-03")
    gap = _gap(_text_box(label.artist, renderer), _mark(fig, "art-03").get_window_extent(renderer))
    assert gap * scale >= 5.0


# --------------------------------------------------------------------------- losses-article


def test_losses_hedge_is_the_titles_and_no_range_is_drawn(drawn):
    """Rating 7: "by mid-January" (the ledger's reading of art-07's period) was stated as
    fact. Rating 8: a bracket from one mark to the other read as a range 300–1,000. Rating
    9: the note was an aside repeating the title; the title hedges "about mid-January", and
    no bracket or leader runs between the two marks' heights."""
    fig = drawn["losses-article"]
    title = next(t for t in fig.texts if t.get_gid() == "title").get_text()
    assert "by about mid-January" in title.replace("\n", " ")
    assert not _lines(fig, "bracket:") and not notes_of(fig)


def test_losses_bands_are_explained_once_in_the_key(drawn):
    """Rating 8: the shaded rounding bands (about 300, about 2,000) had no key entry.
    Rating 9: the note saying so floated top right, away from the key: one entry of the
    key says it, and no note."""
    entries = [e for e in _key_entries(drawn["losses-article"]) if "rounding" in e]
    assert len(entries) == 1 and "about" in entries[0], entries
    assert not [r for _, r in notes_of(drawn["losses-article"]) if "rounding" in r.text]


def test_losses_labels_clear_their_bands_and_leaders_run_level(drawn):
    """Rating 7: "about 2,000 / … / 2 Sep 2025" ended 3 px from its band, and the "over 100"
    leader ran into its triangle at the slope of the dashed step leaving it (the series
    seemed to start at the x-axis). The 2,000 label keeps 6 px from its band at 680 px; a
    leader beside its mark runs level (its ends within 3 px in height)."""
    fig = drawn["losses-article"]
    renderer, scale = _rendered(fig)
    (band,) = _lines(fig, "band:ctx-59")
    xs = band.get_transform().transform(band.get_xydata())[:, 0]
    half = band.get_linewidth() * fig.dpi / 72 / 2
    label = next(r for r in _placed(fig) if r.gid == "label:ctx-59").artist
    box = _text_box(label, renderer)
    assert min(abs(box.x1 - (xs.min() - half)), abs(box.x0 - (xs.max() + half))) * scale >= 6
    over = next(r for r in _placed(fig) if r.gid == "label:ctx-39").artist
    if over.arrow_patch is not None:
        path = over.arrow_patch.get_path().vertices
        pts = over.arrow_patch.get_transform().transform(path)
        assert np.ptp(pts[:, 1]) * scale <= 3.0
