"""The time charts after the ninth chart-desk read (#24, rating 9): one dagger rule in every
figure, losses-article's headline, key and axis, territory-timeline's two marks of 26 April
and its August bar, territory-article's height, note and largest claim. Expectations come from
the ledger and the figures as exported (the session's ``drawn`` fixture)."""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from figure_probes import claim_line as _mark
from figure_probes import gid_lines as _lines
from figure_probes import rendered as _rendered
from figure_probes import statement_links as _links
from matplotlib.colors import same_color, to_rgb
from matplotlib.text import Annotation

import kursk_data as kd
from kursk_data import figures
from kursk_data.plotting.geometry import text_box
from kursk_data.plotting.grammar import UNATTRIBUTED_RIM
from kursk_data.plotting.notes import notes_of
from kursk_data.plotting.placement import label_requests
from kursk_data.plotting.style import LINK_MARK, UNATTRIBUTED_COLOR

DAGGER = LINK_MARK


def _label(fig, cid: str):
    (req,) = [r for _, r in label_requests(fig) if r.gid == f"label:{cid}"]
    assert req.placed, cid
    return req.artist


def _footer(fig) -> str:
    text = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    return text.replace("\n", " ").replace("\u00a0", " ")


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


# --------------------------------------------------------------------------- one dagger rule


def test_a_mark_standing_for_a_statement_under_another_name_carries_the_dagger(drawn):
    """Rating 9: Russia's claim of recapture carried a dagger where the article's row
    (art-03) was drawn (overview, territory-article) and none where Gerasimov's own row was
    drawn with art-03 folded into it (territory-timeline, contested). One rule: wherever a
    figure's claims hold a statement reported under another name, the mark drawn for it is
    labelled with its claimant and a dagger, and the footer has one line for it, naming the
    outlet and the name it reported."""
    claims = kd.load_claims()
    sources = kd.load_sources()
    publisher = dict(zip(sources["source_id"], sources["publisher"].astype(str), strict=True))
    links = _links()
    assert links
    seen = set()
    for fig_id, spec in figures.FIGURES.items():
        ids = set(spec.data(claims)["claim_id"].astype(str))
        fig = drawn[fig_id]
        texts = [t for t in _texts(fig) if not t.startswith("Source")]
        footer = _footer(fig)
        for row, root in links:
            if str(row["claim_id"]) not in ids:
                continue
            seen.add(fig_id)
            assert any(f"{root['claimant']}{DAGGER}" in t for t in texts), fig_id
            note = footer[footer.index(DAGGER) :]
            assert publisher[row["source_id"]] in note and f"\u201c{row['claimant']}\u201d" in note
            assert footer.count(DAGGER) == 1, (fig_id, footer)
    # Both ways of drawing it: the article's row (overview), Gerasimov's row (the timeline).
    assert {"overview-article", "territory-article", "territory-timeline", "contested"} <= seen


def test_no_dagger_without_a_statement_reported_under_another_name(drawn):
    """The dagger means one thing: a figure none of whose claims is such a statement has no
    dagger anywhere (a second report under the same name, as art-01 of Syrskyi's ctx-13, is
    no such statement)."""
    claims = kd.load_claims()
    linked = {str(row["claim_id"]) for row, _ in _links()}
    for fig_id, spec in figures.FIGURES.items():
        ids = set(spec.data(claims)["claim_id"].astype(str))
        if not ids & linked:
            assert not any(DAGGER in t for t in _texts(drawn[fig_id])), fig_id


# --------------------------------------------------------------------------- losses-article


def test_losses_axis_names_the_measure(drawn):
    """Rating 9: the axis said "people" of a count of the dead."""
    fig = drawn["losses-article"]
    labels = {ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()}
    assert labels == {"dead"}, labels


def test_losses_unattributed_label_sits_above_its_period_bar(drawn):
    """Rating 9: the "over 1,000" label was one of four blocks crowded into Dec–Jan below
    it, the space above-left empty. It sits above its dotted period bar, left of its mark."""
    fig = drawn["losses-article"]
    renderer, _ = _rendered(fig)
    box = text_box(_label(fig, "art-07"), renderer)
    mark = _mark(fig, "art-07").get_window_extent(renderer)
    bar = _lines(fig, "period:art-07")[0]
    y = bar.get_transform().transform(bar.get_xydata())[0, 1]
    assert box.y0 > y and box.x1 <= mark.x1, (box, mark)


def test_no_label_under_a_drawn_zero_baseline(drawn):
    """losses-article's "over 100" label once sat in the strip under the zero baseline,
    where it read as under the chart. Where the zero line is drawn, every label is above
    it."""
    for fig_id in ("losses-article", "territory-article", "territory-timeline"):
        fig = drawn[fig_id]
        renderer, _ = _rendered(fig)
        for ax in fig.axes:
            base = [ln for ln in ax.lines if ln.get_gid() == "baseline" and ln.get_visible()]
            if not base:
                continue
            y = ax.transData.transform((0, 0))[1]
            for t in ax.findobj(Annotation):
                if str(t.get_gid() or "").startswith("label:") and t.get_visible():
                    assert text_box(t, renderer).y0 >= y - 0.5, (fig_id, t.get_gid())


# --------------------------------------------------------------------------- territory-timeline


def _one_day_pairs(data: pd.DataFrame) -> list[tuple[str, str]]:
    """Claims of two claimants on one day, as (lower, upper) ids: from the ledger."""
    days = data[data["period_start"] == data["period_end"]]
    out = []
    for _, g in days.groupby("period_end"):
        if len(g) == 2 and g["claimant"].nunique() == 2:
            g = g.sort_values("value")
            out.append(tuple(g["claim_id"].astype(str)))
    return out


def test_two_claims_of_one_day_stand_on_that_day_labelled_either_side(drawn):
    """Rating 9: Gerasimov's 0 and DeepState's about 30 km² of 26 Apr 2025 were nudged about
    five days apart, so Russia seemed to speak first. Two claims of one day stand at that
    day, one over the other; the lower's label left of them, the upper's right, each with a
    short leader to its own mark."""
    from kursk_data.analysis import fold_statements

    fig = drawn["territory-timeline"]
    renderer, _ = _rendered(fig)
    spec = figures.FIGURES["territory-timeline"]
    data, _ = fold_statements(spec.data(kd.load_claims()))
    pairs = [
        p
        for p in _one_day_pairs(data)
        if f"claim:{p[0]}" in {ln.get_gid() for ln in _lines(fig, "claim:")}
    ]
    assert pairs
    for low, high in pairs:
        day = data.loc[data["claim_id"] == low, "period_end"].iloc[0]
        # Rating 10: one over the other, they touched; each is set the same small distance
        # either side of the day (no more than a mark's width in all), clear of the other,
        # and the footer says they are of one day.
        (xl,), (xh,) = (_mark(fig, c).get_xdata() for c in (low, high))
        assert float(xl) + float(xh) == pytest.approx(2 * mdates.date2num(day))
        boxes = [_mark(fig, c).get_window_extent(renderer) for c in (low, high)]
        gap = np.hypot(*(boxes[0].get_points().mean(0) - boxes[1].get_points().mean(0)))
        assert gap >= boxes[0].width, (low, high)
        assert abs(boxes[1].x0 - boxes[0].x0) <= boxes[0].width
        assert f"{day.day} {day:%b %Y}" in _footer(fig) and "one day" in _footer(fig)
        centre = {
            c: _mark(fig, c).get_window_extent(renderer).get_points().mean(axis=0)
            for c in (low, high)
        }
        assert centre[high][1] > centre[low][1]
        left, right = (text_box(_label(fig, c), renderer) for c in (low, high))
        assert left.x1 < centre[low][0] and right.x0 > centre[high][0], (low, high)
        for cid in (low, high):
            arrow = _label(fig, cid).arrow_patch
            assert arrow is not None, cid


def test_unattributed_august_bar_and_fade_can_be_seen(drawn):
    """Rating 9: the unattributed "over 1,000 km²" of 6–31 Aug had no visible period bar
    (left out where it crossed Syrskyi's 12 Aug diamond), and its grey fade read as a
    smudge. Its bar is drawn, the longer stretch at least a tenth of its period's length on
    the chart, in the rim's dark grey; its fade is in that grey too."""
    fig = drawn["territory-timeline"]
    claims = kd.load_claims().set_index("claim_id")
    row = claims.loc["art-02"]
    period = mdates.date2num(row["period_end"]) - mdates.date2num(row["period_start"])
    stretches = _lines(fig, "period:art-02")
    assert stretches
    longest = max(float(np.ptp(ln.get_xdata())) for ln in stretches)
    assert longest >= 0.4 * period  # rating 10: a wider gap around Syrskyi's diamond
    assert all(same_color(ln.get_color(), UNATTRIBUTED_RIM) for ln in stretches)
    (fade,) = [c for ax in fig.axes for c in ax.collections if c.get_gid() == "bound:art-02"]
    assert all(same_color(c[:3], UNATTRIBUTED_RIM) for c in fade.get_colors())


# --------------------------------------------------------------------------- territory-article


def test_territory_article_note_stands_over_the_two_marks_it_compares(drawn):
    """Rating 9: "different claimants: not a recovery" floated at the 500 km² level, anchored
    to neither mark. It stands just above the higher of the two (within 60 px at 680 px),
    between them, with a thin leader to each."""
    fig = drawn["territory-article"]
    renderer, scale = _rendered(fig)
    (note,) = [r for _, r in notes_of(fig)]
    assert note.placed and "not a recovery" in note.artist.get_text()
    box = text_box(note.artist, renderer)
    centres = [
        _mark(fig, c).get_window_extent(renderer).get_points().mean(axis=0)
        for c in ("art-03", "art-01")
    ]
    top = max(c[1] for c in centres)
    assert 0 < (box.y0 - top) * scale <= 60
    assert min(c[0] for c in centres) < (box.x0 + box.x1) / 2 < max(c[0] for c in centres)
    leaders = [ln for ln in note.extras if str(ln.get_gid()).startswith("leader")]
    assert len(leaders) == 2
    ends = [ln.get_transform().transform(ln.get_xydata())[-1] for ln in leaders]
    for centre in centres:
        assert min(np.hypot(*(e - centre)) for e in ends) * scale <= 10


def test_territory_article_dagger_and_star_are_not_stacked(drawn):
    """Rating 9: "0 km² (implied) / Valery Gerasimov† / 26 Apr 2025*", right-aligned by the
    circle, set its two footnote marks one over the other at the lines' ends. The name and
    its date share a line: the dagger is never a line's last character over a line ending
    in the star."""
    text = _label(drawn["territory-article"], "art-03").get_text().split("\n")
    assert any(DAGGER in line and not line.endswith(DAGGER) for line in text), text
    for a, b in itertools.pairwise(text):
        assert not (a.endswith(DAGGER) and b.endswith("*")), text


def test_territory_article_largest_claim_reads_as_a_bound(drawn):
    """Rating 9: the largest claim was the faintest mark. Unattributed, it stays lighter than
    a named claimant's mark (its face the neutral grey), but its bar is drawn in the rim's
    dark grey. Rating 10: it is off the scale, at the plot's top edge, its label saying so
    (no fade: no room above)."""
    fig = drawn["territory-article"]
    _rendered(fig)
    mark = _mark(fig, "art-02")
    assert same_color(mark.get_markerfacecolor(), UNATTRIBUTED_COLOR)
    named = [_mark(fig, c).get_color() for c in ("art-01", "art-03")]
    grey = np.mean(to_rgb(UNATTRIBUTED_COLOR))
    assert all(np.mean(to_rgb(c)) < grey for c in named)  # a named mark is the darker ink
    assert all(same_color(ln.get_color(), UNATTRIBUTED_RIM) for ln in _lines(fig, "period:art-02"))
    ax = mark.axes
    assert float(mark.get_ydata()[0]) > ax.get_ylim()[1] * 0.95 and ax.get_ylim()[1] < 1000
    assert "off the scale" in _label(fig, "art-02").get_text()
