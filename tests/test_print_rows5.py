"""The row charts after the fourth chart-desk read (#24, rating 4): troops-article,
overview-article, contested and contested-counts. Each test measures the drawn figure or the
title the registry gives it."""

from __future__ import annotations

import re

import numpy as np
import pytest
from figure_probes import claim_labels as _labels
from figure_probes import claim_marks as _marks
from matplotlib.colors import to_hex

import kursk_data as kd
from kursk_data.figures import FIGURES
from kursk_data.plotting.marks import all_axes as _all_axes  # panels and insets
from kursk_data.plotting.style import label_ink

ROW_CHARTS = ["troops-article", "overview-article", "contested", "contested-counts"]
DUMBBELLS = ["contested", "contested-counts"]


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _legends(fig):
    from matplotlib.legend import Legend

    return fig.findobj(lambda o: isinstance(o, Legend))


def _title(fig_id, claims):
    spec = FIGURES[fig_id]
    return spec.resolve(spec.data(claims)).title


@pytest.mark.parametrize("fig_id", ROW_CHARTS)
def test_each_label_is_in_its_claimants_ink(drawn, fig_id):
    """A label's text is its claimant's colour, darkened to read as territory-article's are:
    tied to its own mark by colour, not only by place (rating 4: black labels)."""
    fig = drawn[fig_id]
    fig.draw_without_rendering()
    marks, labels = _marks(fig), _labels(fig)
    assert labels
    for cid, text in labels.items():
        _, mark = marks[cid]
        want = label_ink(mark.get_color())
        assert to_hex(text.get_color()) == to_hex(want), (fig_id, cid, text.get_text())


@pytest.mark.parametrize("fig_id", ["troops-article", "overview-article", "contested-counts"])
def test_bound_glyphs_point_along_the_horizontal_value_axis(drawn, claims, fig_id):
    """ "over" is ▶ and "up to" ◀ in the marks and in the key, never ▲/▼ across the axis."""
    fig = drawn[fig_id]
    qual = dict(zip(claims["claim_id"].astype(str), claims["qualifier"].astype(str), strict=True))
    seen = set()
    for cid, (_, mark) in _marks(fig).items():
        want = {"over": ">", "up_to": "<"}.get(qual[cid])
        if want:
            seen.add(qual[cid])
            assert mark.get_marker() == want, (fig_id, cid, mark.get_marker())
    assert seen
    keyed = [
        a.get_marker()
        for leg in _legends(fig)
        for a in leg.findobj(lambda o: hasattr(o, "get_marker"))
    ]
    assert not {"^", "v"} & set(keyed), (fig_id, keyed)
    if fig_id in DUMBBELLS:
        assert {"over", "up_to"} & seen and ({">", "<"} & set(keyed)), (fig_id, keyed)
        return
    # A chart whose every row is labelled has no shapes key (rating 6: "up to X: down to
    # zero" was cryptic beside the label): each bound's label says its words.
    assert not keyed, (fig_id, keyed)
    labels = _labels(fig)
    for cid in _marks(fig):
        words = {"over": "over ", "up_to": "up to "}.get(qual[cid])
        if words:
            assert labels[cid].get_text().startswith(words), (fig_id, labels[cid].get_text())


def test_up_to_is_a_light_bound_with_the_axis_to_its_figure(drawn, claims):
    """ "up to 70,000" in troops-article: an upper bound, not a bar: lighter than any stated
    figure at its figure, fading all the way to zero (rating 9: drawn as every figure draws
    "up to"); the axis reaches 70,000 and the mark's own label carries the figure."""
    fig = drawn["troops-article"]
    up = claims[(claims["qualifier"] == "up_to")]["claim_id"].astype(str)
    marks = _marks(fig)
    cid = next(c for c in up if c in marks)
    ax, _ = marks[cid]
    fade = next(c for c in ax.collections if c.get_gid() == f"bound:{cid}")
    alphas = fade.get_colors()[:, 3]
    assert alphas.max() < 1, alphas  # below an opaque mark's ink
    assert alphas.min() <= alphas.max() / len(alphas) + 1e-9, alphas  # to nothing, step by step
    assert alphas[len(alphas) // 2] <= alphas.max() * 0.55, alphas  # light past half-way
    segs = fade.get_segments()
    assert min(min(p[0] for p in seg) for seg in segs) <= 0  # down to zero: honest
    value = float(claims.set_index("claim_id").loc[cid, "value"])
    assert ax.spines["bottom"].get_bounds()[1] >= value * 0.999, ax.spines["bottom"].get_bounds()
    label = next(t for t in ax.texts if t.get_gid() == f"label:{cid}")
    assert f"{value:,.0f}" in label.get_text(), label.get_text()


def test_an_over_fade_ends_at_a_tick(drawn, claims):
    """contested-counts: Syrskyi's "over 38,000" fades to the 40,000 tick, not past the last
    tick (30,000) into an unmarked stretch."""
    fig = drawn["contested-counts"]
    over = claims[claims["qualifier"] == "over"].set_index("claim_id")
    for cid, (ax, _) in _marks(fig).items():
        if cid in over.index:
            ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
            assert max(ticks) >= float(over.loc[cid, "value"]), (cid, ticks)


def test_a_stated_range_is_a_bracket_and_its_key_says_so(drawn, claims):
    """Zelensky's 30,000–35,000 is a solid thin line between its end ticks, unlike a pale
    rounding band; the key's entry names it."""
    fig = drawn["contested-counts"]
    rng = claims[claims["qualifier"] == "range"]["claim_id"].astype(str)
    marks = _marks(fig)
    cid = next(c for c in rng if c in marks)
    ax, _ = marks[cid]
    band = next(ln for ln in ax.get_lines() if ln.get_gid() == f"band:{cid}")
    assert band.get_alpha() in (None, 1.0) and band.get_linewidth() <= 2.0
    texts = [t.get_text() for leg in _legends(fig) for t in leg.get_texts()]
    assert "range: from–to" in texts, texts


def test_no_key_entry_for_a_band_hidden_under_its_diamond(drawn):
    """troops-article's rounding bands are no wider than a diamond or two at print size: the
    key does not explain what the reader cannot see."""
    fig = drawn["troops-article"]
    texts = [t.get_text() for leg in _legends(fig) for t in leg.get_texts()]
    assert not any(t.startswith("about X") for t in texts), texts


def test_no_dumbbell_label_ends_over_another_claims_mark(drawn):
    """Each label's two ends lie clear (by a mark's width) of every other claim's mark on its
    row, unless that mark touches the label's own (two marks two widths apart or nearer): the
    North Korean row's labels no longer cross (rating 4)."""
    for fig_id in DUMBBELLS:
        fig = drawn[fig_id]
        fig.draw_without_rendering()
        renderer = fig._get_renderer()
        marks, labels = _marks(fig), _labels(fig)
        mark_px = 6.5 * fig.dpi / 72
        rows: dict[tuple[int, float], list[str]] = {}
        for cid, (ax, ln) in marks.items():
            rows.setdefault((id(ax), float(ln.get_ydata()[0])), []).append(cid)
        for ids in rows.values():
            for cid in ids:
                box = labels[cid].get_window_extent(renderer)
                for other in ids:
                    if other == cid:
                        continue
                    ax, ln = marks[other]
                    x = ax.transData.transform((float(np.nanmean(ln.get_xdata())), 0))[0]
                    own = marks[cid][0].transData.transform(
                        (float(np.nanmean(marks[cid][1].get_xdata())), 0)
                    )[0]
                    if abs(own - x) <= 2 * mark_px:
                        continue
                    for end in (box.x0, box.x1):
                        assert abs(end - x) > mark_px, (fig_id, labels[cid].get_text(), other)


def test_no_title_breaks_a_number_from_its_unit(claims):
    """Titles join a figure and its unit with a no-break space (wrapping breaks at spaces)."""
    for fig_id in ROW_CHARTS:
        title = _title(fig_id, claims)
        assert not re.search(r"\d km²", title), (fig_id, title)


def test_overview_title_is_one_finding_in_two_lines(drawn, claims):
    """The overview's title is one finding (rating 10: a list of the article's figures with a
    label-colon fragment), set in at most two lines: the first and the last area figure of the
    ledger's area-held claims of the article, in date order, each with its qualifier's words,
    and no count of people (the people panel speaks for itself)."""
    fig = drawn["overview-article"]
    (shown,) = [t.get_text() for t in fig.texts if t.get_gid() == "title"]
    assert shown.count("\n") <= 1, shown
    title = shown.replace("\n", " ").replace("\u00a0", " ")
    data = FIGURES["overview-article"].data(claims)
    area = data[data["measure"].astype(str) == "area_held_by_ukraine"].sort_values("period_end")
    area = area[area["value"].astype(float) > 0]  # Russia's implied 0 is not in the finding
    numbers = [
        float(n.replace(",", ""))
        for n in re.findall(r"\d[\d,]*", title)
        if not re.fullmatch(r"20\d\d", n)
    ]
    ends = [float(area["value"].iloc[0]), float(area["value"].iloc[-1])]
    assert numbers == ends, (numbers, ends)
    words = {"over": "over ", "up_to": "up to ", "about": "about "}
    for _, row in area.iloc[[0, -1]].iterrows():
        said = f"{words.get(str(row['qualifier']), '')}{float(row['value']):,.0f}"
        assert said in title, (said, title)


def test_peak_row_is_set_apart_under_its_own_header(drawn, claims):
    """contested: "peak area held" sits under a header of its own below the dated rows of
    "area held", not as the first row of the panel titled "Area held by Ukraine"."""
    from kursk_data.labels import measure_label

    fig = drawn["contested"]
    heads = [t for a in _all_axes(fig) for t in a.texts if t.get_gid() == "subhead"]
    assert [t.get_text() for t in heads] == [measure_label("peak_area_held_by_ukraine")]
    measure = dict(zip(claims["claim_id"].astype(str), claims["measure"].astype(str), strict=True))
    ys = {cid: float(ln.get_ydata()[0]) for cid, (_, ln) in _marks(fig).items()}
    head_y = heads[0].xy[1]
    for cid, y in ys.items():
        assert (y > head_y) == (measure[cid] == "peak_area_held_by_ukraine"), cid


def test_a_months_long_window_is_printed_as_short_period_does(drawn):
    """contested-counts' North Korean row: not "15 Oct 2024–15 Jan 2025*"; rating 10: named
    by the date both claims are about (South Korea's 13 Jan, art-07's mid-January end), not
    by art-07's hedged period "c. Oct 2024–Jan 2025*"."""
    fig = drawn["contested-counts"]
    names = [t.get_text() for a in _all_axes(fig) for t in a.get_yticklabels()]
    assert "mid-Jan 2025" in names and not any("c. Oct" in n for n in names), names
    assert not any(re.search(r"\d+ \w{3} \d{4}–\d+ \w{3} \d{4}", n) for n in names), names


def test_troops_header_is_its_title_and_subtitle(drawn):
    """troops-article (rating 6): the header took 30 % of the height, a footnote line and a
    key line under a two-line title and its subtitle. No key or note above the plot now (the
    labels say the bounds, the footer the period mark): the header is under a fifth."""
    fig = drawn["troops-article"]
    fig.draw_without_rendering()
    assert not _legends(fig)
    top = fig.bbox.height
    sub = next(t for t in fig.texts if t.get_gid() == "subtitle")
    header = top - sub.get_window_extent().y0
    assert header <= 0.2 * top, header / top
    (footer,) = [t.get_text() for t in fig.texts if t.get_gid() == "footer"]
    # Every row's period is inferred: said once in the footer, no row starred (rating 9).
    assert "periods inferred" in footer.lower() and footer.count("\n") <= 1, footer
