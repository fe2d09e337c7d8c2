"""The time charts after the tenth chart-desk read (#24, rating 10): territory-article's scale
and headline, territory-timeline's 26 April pair, August bar and key, losses-article's
compared estimate. Expectations come from the ledger and the figures as exported (the
session's ``drawn`` fixture); sizes are read at 680 px wide."""

from __future__ import annotations

import matplotlib
import numpy as np
from figure_probes import claim_line as _mark
from figure_probes import gid_lines as _lines
from figure_probes import rendered as _rendered

import kursk_data as kd
from kursk_data.plotting.placement import label_requests


def _label(fig, cid: str) -> str:
    (req,) = [r for _, r in label_requests(fig) if r.gid == f"label:{cid}"]
    assert req.placed, cid
    return req.artist.get_text()


def _centre(fig, cid: str, renderer) -> np.ndarray:
    return _mark(fig, cid).get_window_extent(renderer).get_points().mean(axis=0)


def test_territory_article_zero_and_june_figure_stand_apart(drawn):
    """Rating 10: on a scale to 1,250 km² for one open-ended August bound, Russia's 0 and
    Syrskyi's about 90 km² stood about 22 px apart. At least 60 px apart at 680 px; the
    bound, five times the rest or more, is drawn off the scale and its label says so."""
    fig = drawn["territory-article"]
    renderer, scale = _rendered(fig)
    claims = kd.load_claims().set_index("claim_id")
    low, high = sorted(("art-03", "art-01"), key=lambda c: claims.loc[c, "value"])
    gap = _centre(fig, high, renderer)[1] - _centre(fig, low, renderer)[1]
    assert gap * scale >= 60, gap * scale
    bound = claims.loc["art-02"]
    assert bound["qualifier"] == "over"
    assert float(bound["value"]) >= 5 * float(claims.loc[high, "value"])
    ax = _mark(fig, "art-02").axes
    assert ax.get_ylim()[1] < float(bound["value"])
    label = _label(fig, "art-02").replace("\u00a0", " ")
    assert f"over {float(bound['value']):,.0f}" in label and "off the scale" in label


def test_territory_timeline_marks_of_one_day_do_not_touch(drawn):
    """Rating 10: DeepState's 30 km² diamond poked into Gerasimov's 0 ring on 26 Apr 2025.
    Every two marks of one day, of different claimants, stand clear of each other."""
    fig = drawn["territory-timeline"]
    renderer, _ = _rendered(fig)
    claims = kd.load_claims()
    drawn_ids = {str(ln.get_gid())[6:] for ln in _lines(fig, "claim:")}
    rows = claims[claims["claim_id"].isin(drawn_ids)]
    pairs = 0
    for _, day in rows.groupby("period_start"):
        if len(day) != 2 or day["claimant"].nunique() != 2:
            continue
        # Ring and diamond fit in circles as wide as their boxes: centres at least the two
        # radii apart do not touch (their square boxes may still meet at the corners).
        a, b = (_mark(fig, c).get_window_extent(renderer) for c in day["claim_id"])
        apart = np.hypot(*(a.get_points().mean(0) - b.get_points().mean(0)))
        assert apart >= (a.width + b.width) / 2, list(day["claim_id"])
        pairs += 1
    assert pairs


def test_unattributed_august_bar_clears_syrskyis_diamond(drawn):
    """Rating 10: the unattributed dotted bar of August ran into Syrskyi's 12 Aug diamond.
    Every stretch of it keeps at least 3 px (at 680) from every other claimant's mark."""
    fig = drawn["territory-timeline"]
    renderer, scale = _rendered(fig)
    claims = kd.load_claims().set_index("claim_id")
    stretches = _lines(fig, "period:art-02")
    assert stretches
    for ln in _lines(fig, "claim:"):
        cid = str(ln.get_gid())[6:]
        if claims.loc[cid, "claimant"] == claims.loc["art-02", "claimant"]:
            continue
        mark = ln.get_window_extent(renderer)
        for bar in stretches:
            ends = bar.get_transform().transform(bar.get_xydata())
            if abs(ends[0, 1] - mark.y0 / 2 - mark.y1 / 2) > mark.height:
                continue  # another height: not in its way
            gap = max(ends[:, 0].min() - mark.x1, mark.x0 - ends[:, 0].max())
            assert gap * scale >= 3.0, (cid, gap * scale)


def test_territory_timeline_key_is_two_rows_at_most(drawn):
    """Rating 10: six key entries of prose. The joins' and the dates' words are in the
    footer; the key keeps the glyphs, in two rows at most."""
    fig = drawn["territory-timeline"]
    renderer, _ = _rendered(fig)
    rows = set()
    for lg in fig.findobj(matplotlib.legend.Legend):
        for t in lg.get_texts():
            rows.add(round(t.get_window_extent(renderer).y0))
    assert 0 < len(rows) <= 2, rows


def test_losses_compared_estimate_names_its_claimant(drawn):
    """Rating 10: the headline's "about 300" was told by colour only. The estimate the title
    sets the article's figure against (the other claimant's latest up to art-07's period
    end) names its claimant and gives its date in its label."""
    fig = drawn["losses-article"]
    claims = kd.load_claims()
    art = claims.set_index("claim_id").loc["art-07"]
    same = claims[(claims["measure"] == art["measure"]) & (claims["claim_id"] != "art-07")]
    then = same[same["period_end"] <= art["period_end"]].sort_values("period_end").iloc[-1]
    title = next(t for t in fig.texts if t.get_gid() == "title").get_text()
    assert f"{art['period_end']:%B %Y}" in title.replace("\n", " "), title
    label = _label(fig, str(then["claim_id"])).replace("\n", " ").replace("\u00a0", " ")
    assert str(then["claimant"]) in label, label
    assert f"about {float(then['value']):,.0f}" in label, label
    assert f"{then['period_start'].day} {then['period_start']:%b %Y}" in label, label
