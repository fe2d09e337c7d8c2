"""The time charts after the fourth independent read (#24 round 5): a count over a period is
drawn at the period's end (any ledger), inferred dates carry "*", labels in claimant colours
are the key, one line style per meaning, month ticks that say their year, no key entry for
what cannot be seen. Fictional rows here say so in every field a reader sees."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import kursk_data as kd
from kursk_data.plotting.grammar import when
from kursk_data.plotting.placement import label_requests
from kursk_data.plotting.style import label_ink

FICTIONAL = Path(__file__).parent / "fictional"
TIMELINES = ["losses-article", "territory-timeline", "territory-article"]
READ_AT = 680


def _agg(fig):
    """``fig`` with a canvas that measures (a figure closed by pyplot loses its own)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig


def _scale(fig) -> float:
    return READ_AT / fig.bbox.width


def _panels(fig):
    return [
        ax
        for ax in fig.findobj(matplotlib.axes.Axes)
        if ax.axison and any(str(ln.get_gid() or "").startswith("claim:") for ln in ax.lines)
    ]


def _line(fig, gid: str):
    return next(ln for ax in _panels(fig) for ln in ax.lines if ln.get_gid() == gid)


def _x(fig, cid: str) -> float:
    return float(np.asarray(_line(fig, f"claim:{cid}").get_xdata(), dtype=float)[0])


def _key_text(fig) -> str:
    return " | ".join(
        t.get_text() for lg in fig.findobj(matplotlib.legend.Legend) for t in lg.get_texts()
    )


def _placed(fig):
    return [req for _, req in label_requests(fig) if req.placed]


def _fictional() -> pd.DataFrame:
    return kd.load_claims(
        path=FICTIONAL / "claims.csv", sources_path=FICTIONAL / "sources.csv", shipped=False
    )


# --------------------------------------------------------------------------- where a count sits


def test_a_claim_over_a_period_sits_at_the_periods_end_a_day_on_its_day():
    """Fictional ledger: fic-06, a count of the dead over Feb–Apr 2031, sits on 30 Apr (its
    count is reached when the period ends); fic-05, an area held over July 2031, sits on 31
    July too (round 8: one rule for a state and a count); a count of one day stays on its
    day."""
    rows = _fictional().set_index("claim_id", drop=False)
    assert when(rows.loc["fic-06"]) == pd.Timestamp("2031-04-30")
    assert when(rows.loc["fic-05"]) == pd.Timestamp("2031-07-31")
    assert when(rows.loc["fic-08"]) == pd.Timestamp("2031-06-15")


def test_a_fictional_ledgers_counts_are_drawn_at_their_periods_end_bar_behind():
    """Drawn, the fictional counts over Feb–Apr 2031 sit at the end of their period bar (the
    bar reaches back behind the mark); the key says where a count sits."""
    data = _fictional()
    fig, ax = plt.subplots(figsize=(7.2, 4.5), dpi=100)
    try:
        kd.plot_timeline(data=data[data["topic"].astype(str) == "losses"], ax=ax)
        for cid in ("fic-06", "fic-07"):
            end = mdates.date2num(pd.Timestamp("2031-04-30"))
            assert _x(fig, cid) == pytest.approx(end, abs=3.0), cid  # a same-date nudge at most
            bar = np.asarray(_line(fig, f"period:{cid}").get_xdata(), dtype=float)
            assert bar.max() == pytest.approx(end) and bar.min() < _x(fig, cid) - 60
    finally:
        plt.close(fig)


def test_losses_over_1000_in_three_months_is_drawn_at_its_windows_end(drawn):
    """losses-article: "over 1,000 killed in three months" sat mid-window (about 1 Dec 2024),
    reading as 1,000 dead ahead of the intelligence service's "over 100" of 19 Dec. At the
    window's end (15 Jan 2025) it stands after 19 Dec, beside "about 300" of 13 Jan."""
    fig = drawn["losses-article"]
    art, over_100, about_300 = (_x(fig, c) for c in ("art-07", "ctx-39", "ctx-45"))
    assert art > over_100
    assert abs(art - about_300) <= 7, (art, about_300)
    assert art == pytest.approx(mdates.date2num(pd.Timestamp("2025-01-15")), abs=3.0)


# --------------------------------------------------------------------------- line styles


def _dashes(ln):
    return ln.get_linestyle(), tuple(np.round(ln._unscaled_dash_pattern[1] or (), 2))


def test_one_line_style_per_meaning_each_in_the_key(drawn):
    """losses-article: a dashed step from "over 100" was explained nowhere and read as the
    key's dotted (inferred) period. The connector is solid, its open steps dashed, periods
    dotted: three styles, none shared, and the key names the dashes and the dots."""
    fig = drawn["losses-article"]
    lines = [ln for ax in _panels(fig) for ln in ax.lines]
    joined = {_dashes(ln) for ln in lines if str(ln.get_gid() or "").startswith("tally")}
    periods = {_dashes(ln) for ln in lines if str(ln.get_gid() or "").startswith("period:")}
    assert periods and joined
    assert not joined & periods, (joined, periods)
    key = _key_text(fig)
    assert "dashed" in key and "dotted" in key, key


def test_connector_and_inferred_period_differ_at_print_size(drawn):
    """territory-timeline: at 680 px the connector's dashes and the dotted period looked the
    same. The connector is a solid line; over months with no figure (round 8) it is thin
    sparse dots in the claimant's colour, never the period bar's grey dots or width."""
    fig = drawn["territory-timeline"]
    lines = [ln for ax in _panels(fig) for ln in ax.lines]
    joined = [ln for ln in lines if str(ln.get_gid()).startswith("joined:")]
    assert joined and all(ln.get_linestyle() in ("-", "solid") for ln in joined)
    gaps = {_dashes(ln) for ln in lines if str(ln.get_gid()).startswith("joined-gap:")}
    periods = {_dashes(ln) for ln in lines if str(ln.get_gid()).startswith("period:")}
    assert gaps and periods and not gaps & periods, (gaps, periods)


# --------------------------------------------------------------------------- labels are the key


# territory-article's few labels were the key already (round 4).
@pytest.mark.parametrize("fig_id", ["losses-article", "territory-timeline"])
def test_labels_name_every_claimant_in_its_colour_and_no_legend_repeats_them(drawn, fig_id):
    """losses-article and territory-timeline printed a claimant legend that repeated the
    direct labels. Each claimant is named in a placed label set in its colour; no claimant
    legend is drawn."""
    fig = drawn[fig_id]
    assert "legend:Claimant" not in [lg.get_gid() for lg in fig.findobj(matplotlib.legend.Legend)]
    claims = kd.load_claims().set_index("claim_id")
    marks = {
        str(ln.get_gid())[6:]: ln
        for ax in _panels(fig)
        for ln in ax.lines
        if str(ln.get_gid() or "").startswith("claim:")
    }
    named = set()
    for req in _placed(fig):
        owner = (req.owns or (req.gid.split(":", 1)[1],))[-1]
        who = str(claims.loc[owner, "claimant"])
        colour = marks[owner].get_color()
        assert matplotlib.colors.same_color(req.artist.get_color(), label_ink(colour)), req.gid
        text = req.artist.get_text().replace("\n", " ")
        if who in text or who.split()[-1] in text:
            named.add(who)
    drawn_claimants = {str(claims.loc[c, "claimant"]) for c in marks}
    # Gerasimov's mark is the statement art-03 reports (one mark): the label names him.
    assert drawn_claimants - {"Russian authorities"} <= named, drawn_claimants - named


@pytest.mark.parametrize("fig_id", TIMELINES)
def test_inferred_dates_are_starred_and_the_key_says_so(drawn, fig_id):
    """Inferred dates were shown as stated (losses 30 Apr 2025; territory-article 22 Jun and
    26 Apr; the timeline 20 Aug 2024 and 10–16 Feb 2025). Each placed label of one claim
    whose period the ledger inferred carries "*", and the key explains it once."""
    fig = drawn[fig_id]
    claims = kd.load_claims().set_index("claim_id")
    starred = 0
    for req in _placed(fig):
        owns = req.owns or (req.gid.split(":", 1)[1],)
        if len(owns) == 1 and str(claims.loc[owns[0], "period_basis"]) == "inferred":
            assert "*" in req.artist.get_text(), req.artist.get_text()
            starred += 1
    assert starred
    # A key of one line (a few marks labelled in words, rating 9) says it shorter.
    # Where labels are the colour key, the footer says it (rating 10: key prose moved).
    key = _key_text(fig) + " " + next(t for t in fig.texts if t.get_gid() == "footer").get_text()
    key = key.replace("\n", " ")
    assert "*, dotted bar: date is our reading" in key or "*, dotted: date is our reading" in key


def test_month_ticks_carry_the_year(drawn):
    """territory-timeline's axis read "Jul, Oct, 2025, Apr, Jul": no 2024 anywhere. The
    first tick and each January say their year."""
    fig = _agg(drawn["territory-timeline"])
    fig.draw_without_rendering()
    ax = _panels(fig)[0]
    lo, hi = ax.get_xlim()
    ticks = [
        (mdates.num2date(t), lab.get_text())
        for t, lab in zip(ax.get_xticks(), ax.get_xticklabels(), strict=True)
        if lo <= t <= hi
    ]
    assert ticks[0][1].endswith(str(ticks[0][0].year)), ticks
    assert all(text.endswith(str(d.year)) for d, text in ticks if d.month == 1), ticks


def test_no_key_entry_for_a_band_too_small_to_see(drawn):
    """territory-article's key explained "band = rounding" for an 85–95 km² band hidden under
    its diamond; the timeline's bands (900–1,100 km²) are seen and keep the entry."""
    assert "band = rounding" not in _key_text(drawn["territory-article"])
    assert "band = rounding" in _key_text(drawn["territory-timeline"])


def test_losses_title_is_a_two_line_finding_with_estimated(drawn):
    """The title listed numbers over three lines and said "counted" of an intelligence
    assessment. Two lines at most; the assessment is an estimate."""
    fig = drawn["losses-article"]
    title = next(t for t in fig.texts if t.get_gid() == "title")
    assert title.get_text().count("\n") <= 1, title.get_text()
    assert "estimate" in title.get_text() and "counted" not in title.get_text()


def test_the_top_left_marks_of_the_timeline_do_not_touch(drawn):
    """territory-timeline, Aug 2024: the unattributed "over 1,000" triangle touched Syrskyi's
    "about 1,000" diamond and band. At 680 px at least 4 px lie between the triangle and
    that band."""
    fig = _agg(drawn["territory-timeline"])
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    tri = _line(fig, "claim:art-02").get_window_extent(renderer)
    band = _line(fig, "band:ctx-03")
    xs = band.get_transform().transform(band.get_xydata())[:, 0]
    half = band.get_linewidth() * fig.dpi / 72 / 2
    gap = tri.x0 - (xs.max() + half)
    assert gap * _scale(fig) >= 4, gap * _scale(fig)
