"""The time charts after the sixth chart-desk read (#24, rating 6): territory-timeline,
territory-article and losses-article. Each test measures the figures as exported (the
session's ``drawn`` fixture); none draws a figure of its own."""

from __future__ import annotations

import re

import matplotlib
import pytest
from figure_probes import key_entries as _key_entries
from figure_probes import measuring as _agg
from matplotlib.colors import same_color

import kursk_data as kd
from kursk_data.labels import one_outlet_once
from kursk_data.plotting.frame import source_text
from kursk_data.plotting.grammar import UNATTRIBUTED_RIM
from kursk_data.plotting.notes import notes_of
from kursk_data.plotting.placement import label_requests

TIMELINES = ["territory-timeline", "territory-article", "losses-article"]
READ_AT = 680


def _mark(fig, cid: str):
    return next(
        (ax, ln)
        for ax in fig.findobj(matplotlib.axes.Axes)
        for ln in ax.lines
        if ln.get_gid() == f"claim:{cid}"
    )


def _label(fig, cid: str) -> str:
    req = next(r for _, r in label_requests(fig) if r.gid == f"label:{cid}")
    assert req.placed, cid
    return req.artist.get_text().replace("\n", " ")


def _footer(fig) -> str:
    return next(t for t in fig.texts if t.get_gid() == "footer").get_text()


# --------------------------------------------------------------------------- territory-timeline


@pytest.mark.parametrize(
    ("cid", "who"),
    [("ctx-09", "Oleksandr Syrskyi"), ("ctx-08", "DeepState"), ("ctx-10", "DeepState")],
)
def test_timeline_labels_between_lines_name_their_claimant(drawn, cid, who):
    """Rating 6: "about 500 km², 10–16 Feb 2025*", "about 428 km², 6 Feb 2025" and "about
    140 km², 13 Mar 2025" named no one; Syrskyi's mid-blue 500 sat by the General Staff's
    navy. With five claimants' lines crossing, each label names its claimant."""
    assert who in _label(drawn["territory-timeline"], cid)


def test_timeline_labels_all_keep_their_year(drawn):
    """Rating 6: "about / 1,000 km² / 12 Aug" (Syrskyi's first figure) had lost its year,
    squeezed left of the first mark. Every placed label of one day names its year."""
    fig = drawn["territory-timeline"]
    texts = [r.artist.get_text() for _, r in label_requests(fig) if r.placed]
    assert texts
    assert all(re.search(r"20\d\d", t) for t in texts), texts


def test_unattributed_august_mark_stands_clear_of_syrskyis_band(drawn):
    """Rating 6: the grey "over 1,000" triangle and its label sat on Syrskyi's 12 Aug band.
    The triangle stands at its period's end (31 Aug 2024; round 8: the one rule for every
    claim over a period); at 680 px over 12 px lie between it and the band, and its label
    does not cover the band."""
    fig = _agg(drawn["territory-timeline"])
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    scale = READ_AT / fig.bbox.width
    ax, tri = _mark(fig, "art-02")
    band = next(ln for ln in ax.lines if ln.get_gid() == "band:ctx-03")
    xs = band.get_transform().transform(band.get_xydata())[:, 0]
    half = band.get_linewidth() * fig.dpi / 72 / 2
    assert (tri.get_window_extent(renderer).x0 - (xs.max() + half)) * scale >= 12
    label = next(r for _, r in label_requests(fig) if r.gid == "label:art-02")
    box = label.artist.get_window_extent(renderer)
    assert box.x0 > xs.max() + half or box.y1 < band.get_transform().transform((0, 900))[1]


# --------------------------------------------------------------------------- territory-article


def test_territory_article_notes_that_april_and_june_are_different_claimants(drawn):
    """Rating 6: Russia's 0 of April, then Syrskyi's 90 of June read as ground regained. A
    note between the two marks (its centre between their dates) says they are different
    claimants' figures, not a recovery."""
    fig = _agg(drawn["territory-article"])
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    (note,) = [r for _, r in notes_of(fig)]
    assert note.placed and "not a recovery" in note.artist.get_text()
    box = note.artist.get_window_extent(renderer)
    xs = [_mark(fig, c)[1].get_window_extent(renderer).x0 for c in ("art-03", "art-01")]
    assert min(xs) < (box.x0 + box.x1) / 2 < max(xs)


def test_territory_article_prints_near_4_3_and_its_axis_ends_near_its_top_figure(drawn):
    """Rating 6: three marks in three corners of a 680 × 416 frame, the axis to 1,250.
    Rating 9: at 16:9 the plot was about 200 px tall and the fall from 1,000 to 0 and 90
    did not read as a drop. The figure prints at 4:3 (inside 3:4 to 16:9) and the axis ends
    within 30 % above its top figure."""
    fig = drawn["territory-article"]
    w, h = fig.get_size_inches()
    assert w / h == pytest.approx(4 / 3, abs=0.01)
    assert 3 / 4 <= w / h <= 16 / 9
    ax, _ = _mark(fig, "art-02")
    assert ax.get_ylim()[1] <= 1300


@pytest.mark.parametrize("fig_id", ["territory-article", "losses-article"])
def test_unattributed_period_bar_is_drawn_dark_enough_to_see(drawn, fig_id):
    """Rating 6: the grey claim's dotted period bar was nearly invisible (the pale neutral
    at a bar's alpha). It takes the rim's dark grey."""
    cid = "art-02" if fig_id == "territory-article" else "art-07"
    ax, _ = _mark(drawn[fig_id], cid)
    bar = next(ln for ln in ax.lines if ln.get_gid() == f"period:{cid}")
    assert same_color(bar.get_color(), UNATTRIBUTED_RIM)


# --------------------------------------------------------------------------- losses-article


def test_losses_key_is_one_line_of_entries_that_can_be_seen(drawn):
    """Rating 6: six key entries explained what the direct labels say ("about", "over").
    Rating 9: two lines of four conventions read as a decoding exercise. At most three
    entries, side by side on one line, their samples opaque or dark; the shaded band's
    meaning is one of them."""
    fig = _agg(drawn["losses-article"])
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    entries = _key_entries(fig)
    assert len(entries) <= 3, entries
    assert any("rounding" in e and "about" in e for e in entries), entries
    (key,) = [
        lg
        for lg in fig.findobj(matplotlib.legend.Legend)
        if lg.get_gid() == "legend:How to read the marks"
    ]
    texts = [t.get_window_extent(renderer) for t in key.get_texts()]
    assert max(t.y1 for t in texts) - min(t.y0 for t in texts) < 1.5 * texts[0].height
    samples = [ln for ln in key.get_lines() if ln.get_visible() and len(ln.get_xdata())]
    assert samples and all(
        (ln.get_alpha() or 1.0) >= 0.5 or matplotlib.colors.to_rgb(ln.get_color())[0] < 0.5
        for ln in samples
    )


def test_losses_title_states_the_point_and_no_note_repeats_it(drawn):
    """Rating 6: nothing on the chart pointed to its story: over 1,000 dead by mid-January
    (unattributed) against South Korea's about 300 of 13 January. Rating 9: an italic note
    said it while the title's second clause was a fragment. The title says it, as far as
    the ledger's figures allow (the bound's least against the estimate's most, the period's
    end hedged where the ledger inferred it), and no note on the chart repeats it."""
    fig = drawn["losses-article"]
    claims = kd.load_claims().set_index("claim_id")
    art = claims.loc["art-07"]
    nis = claims[
        (claims["measure"] == art["measure"]) & (claims["period_end"] <= art["period_end"])
    ].drop("art-07")
    then = nis.sort_values("period_end").iloc[-1]
    times = int(float(art["low"]) // float(then["high"]))
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    title = next(t for t in fig.texts if t.get_gid() == "title").get_text().replace("\n", " ")
    assert f"more than {words[times]} times" in title, title
    assert f"over {float(art['value']):,.0f}" in title and "unattributed" in title, title
    # The inferred end hedged, with its year (rating 10).
    hedge = "about " if art["period_basis"] == "inferred" else ""
    assert f"by {hedge}mid-{art['period_end']:%B %Y}" in title, title
    assert not notes_of(fig)


# --------------------------------------------------------------------------- footers


@pytest.mark.parametrize("fig_id", TIMELINES)
def test_footer_is_two_lines_naming_each_outlet_once(drawn, fig_id):
    """Rating 6: territory-timeline's footer read "The Moscow Times; The Moscow Times (AFP)"
    and territory-article's ran to three lines with its † note. At most two lines, each
    outlet named once. territory-timeline names nine outlets, two lines by themselves: there
    the note on "unattributed" may take a third line, whole. Rating 9: its Russia mark
    stands for the article's "Russian authorities" too, and carries the dagger as in every
    figure: its note may take one more line."""
    text = _footer(drawn[fig_id])
    outlets = text.split(". Chart:")[0]
    dagger = int("\u2020" in text)
    # Rating 10: the key's prose (joins, starred dates) and a note on one day's two marks
    # moved to the footer: two lines more, at most, where they are there.
    flat = text.replace("\n", " ")
    moved = 2 * ("Joined:" in flat) + ("are of one day" in flat)
    assert text.count("\n") <= 1 + outlets.count("\n") + dagger + moved, text
    assert text.count("\n") <= 2 + dagger + moved, text
    names = text.replace("\n", " ").split(": ", 1)[1].split(". Chart:")[0].split("; ")
    outlets = [n.split(" (")[0] for n in names]
    assert len(outlets) == len(set(outlets)), outlets


def test_one_outlet_once_keeps_every_name_in_words():
    """An outlet and its agency copies are one entry that still names the agency; names
    with no plain form keep their own brackets."""
    names = ["Fictional Post", "Fictional Post (Agency X)", "Other (citing Y)", "Z (a)", "Z (b)"]
    assert one_outlet_once(names) == [
        "Fictional Post (incl. Agency X)",
        "Other (citing Y)",
        "Z (a; b)",
    ]
    shipped = kd.load_claims()
    assert "The Moscow Times (incl. AFP)" in source_text(shipped)
