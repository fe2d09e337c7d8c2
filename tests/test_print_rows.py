"""The row charts as a chart desk reads them (#24, round 2): overview-article, contested and
contested-counts. Each test measures the drawn figure or the API's answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kursk_data as kd
from kursk_data.figures import FIGURES


def _all_axes(fig):
    out, todo = [], list(fig.axes)
    while todo:
        ax = todo.pop(0)
        out.append(ax)
        todo.extend(ax.child_axes)
    return out


def _panels(fig):
    """The row panels of a figure: Axes (the chart's insets) with a claim mark."""
    return [
        a
        for a in _all_axes(fig)
        if any(str(ln.get_gid()).startswith("claim:") for ln in a.get_lines())
    ]


def _mark(fig, claim_id):
    for ax in _all_axes(fig):
        for line in ax.get_lines():
            if line.get_gid() == f"claim:{claim_id}":
                return ax, line
    raise AssertionError(f"no mark for {claim_id}")


def _zero_px(ax) -> float:
    return float(ax.transData.transform((0.0, 0.0))[0])


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _row(claims, cid):
    return claims[claims["claim_id"] == cid].iloc[0]


# --------------------------------------------------------------------------- overview


def test_overview_title_attributes_its_figures(claims):
    spec = FIGURES["overview-article"]
    title = spec.resolve(spec.data(claims)).title
    first, syrskyi = _row(claims, "art-02"), _row(claims, "art-01")
    zero = _row(claims, str(_row(claims, "art-03")["same_statement_as"]))
    assert first["claimant"] == "unattributed" and "unattributed" in title
    # The named claimants of the two later figures for the same ground, both in the title.
    assert str(syrskyi["claimant"]).split()[-1] in title
    assert str(zero["claimant"]).split()[-1] in title and float(zero["value"]) == 0
    assert f"{float(syrskyi['value']):,.0f}" in title


def test_overview_zero_mark_is_whole_and_axes_line_up(drawn):
    fig = drawn["overview-article"]
    fig.canvas.draw()
    ax, circle = _mark(fig, "art-03")
    x = float(ax.transData.transform((circle.get_xdata()[0], 0))[0])
    radius = circle.get_markersize() / 2 * fig.dpi / 72
    assert x - radius >= ax.get_window_extent().x0 - 0.5  # not cut by the plot's left edge
    zeros = [_zero_px(p) for p in _panels(fig)]
    assert len(zeros) == 2 and max(zeros) - min(zeros) < 0.5, zeros


@pytest.mark.parametrize("fig_id", ["overview-article", "contested", "contested-counts"])
def test_value_axes_end_near_the_data(drawn, fig_id):
    # No tick, grid line or axis line well past the largest figure drawn: the room the
    # labels take on the right is blank.
    fig = drawn[fig_id]
    panels = _panels(fig)
    top = 0.0
    for ax in panels:
        for line in ax.get_lines():
            if str(line.get_gid()).startswith(("claim:", "band:")):
                top = max(top, float(np.nanmax(np.asarray(line.get_xdata(), dtype=float))))
    for ax in panels:
        ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
        assert max(ticks) <= 1.3 * top, (fig_id, ticks, top)
        assert ax.spines["bottom"].get_bounds()[1] <= 1.35 * top


# --------------------------------------------------------------------------- scales


def test_panels_of_one_measure_share_one_scale(drawn, claims):
    fig = drawn["contested"]
    limits = {}
    for ax in _panels(fig):
        ids = [str(ln.get_gid())[6:] for ln in ax.get_lines() if str(ln.get_gid())[:6] == "claim:"]
        measures = set(claims[claims["claim_id"].isin(ids)]["measure"])
        assert len(measures) == 1
        limits.setdefault(measures.pop(), set()).add(tuple(np.round(ax.get_xlim(), 6)))
    assert any(len(v) >= 1 for v in limits.values())
    assert all(len(v) == 1 for v in limits.values()), limits


def test_a_panel_on_its_own_scale_says_so(drawn):
    fig = drawn["contested-counts"]
    panels = _panels(fig)
    widest = max(ax.get_xlim()[1] for ax in panels)
    for ax in panels:
        notes = [t for t in ax.texts if t.get_gid() == "zoom-note"]
        if ax.get_xlim()[1] < widest:
            assert notes and "zoom" in notes[0].get_text()
        else:
            assert not notes


def test_a_range_is_drawn_as_its_two_ends(drawn, claims):
    rng = _row(claims, "ctx-41")
    assert rng["qualifier"] == "range"
    _, mark = _mark(drawn["contested-counts"], "ctx-41")
    assert mark.get_marker() not in ("s", "D", "o")  # no filled point at one end
    assert sorted(mark.get_xdata()) == [float(rng["low"]), float(rng["high"])]


# --------------------------------------------------------------------------- titles


def test_dispute_titles_name_the_widest_gap(claims):
    spec = FIGURES["contested"]
    title = spec.resolve(spec.data(claims)).title
    # DeepState's 560 against the General Staff's 800, a day apart (claims.csv ctx-06, ctx-07).
    for cid in ("ctx-06", "ctx-07"):
        row = _row(claims, cid)
        assert f"{float(row['value']):,.0f}" in title
        assert str(row["claimant"]).split(" (")[0] in title
    assert "a day apart" in title
    counts = FIGURES["contested-counts"]
    assert "no single figure fits" not in counts.resolve(counts.data(claims)).title


def test_a_week_is_labelled_as_its_days(drawn, claims):
    week = _row(claims, "ctx-09")
    assert week["period_precision"] == "week"
    want = f"{week['period_start'].day}–{week['period_end'].day} {week['period_end']:%b %Y}"
    names = [t.get_text() for ax in _panels(drawn["contested"]) for t in ax.get_yticklabels()]
    assert any(want in n for n in names), names


# --------------------------------------------------------------------------- dispute rule


def test_running_totals_at_different_dates_are_no_dispute(claims):
    table = kd.contested()
    pairs = [set(g["claim_ids"]) for _, g in table.groupby("dispute")]
    # The General Staff's total of 6 February counts to a later date than Zelensky's January
    # range: not a dispute. Zelensky's range against Syrskyi's 1 January total still is.
    assert not any({"ctx-41", "ctx-47"} <= p for p in pairs)
    assert any({"ctx-41", "ctx-43"} <= p for p in pairs)
    drawn_ids = set(FIGURES["contested-counts"].data(claims)["claim_id"])
    assert "ctx-47" not in drawn_ids and {"ctx-41", "ctx-43"} <= drawn_ids


def _fictional(cid, who, value, end, *, start=None, topic="losses", basis="stated", q="about"):
    lo, hi = (value * 0.9, value * 1.1) if q == "about" else (value, value)
    return {
        "claim_id": cid,
        "topic": topic,
        "measure": "fictional_measure",
        "value": float(value),
        "unit": "personnel",
        "qualifier": q,
        "low": lo,
        "high": hi,
        "period_start": pd.Timestamp(start or end),
        "period_end": pd.Timestamp(end),
        "period_basis": basis,
        "claimant": f"Fictional {who}",
        "claimant_side": "independent",
        "status": "assessed",
        "since": pd.NaT,
        "same_statement_as": None,
        "ledger": "fictional.csv",
    }


def _pairs(*rows, **kw):
    df = pd.DataFrame(rows)
    df["low"], df["high"] = df["low"].astype("Float64"), df["high"].astype("Float64")
    return [set(g["claimant"]) for _, g in kd.contested(data=df, **kw).groupby("dispute")]


def test_cumulative_claims_compare_only_where_their_periods_overlap():
    later = _fictional("f-2", "B", 4000, "2031-01-21")  # 20 days on: a later count
    assert _pairs(_fictional("f-1", "A", 3000, "2031-01-01"), later) == []
    month = _fictional("f-1", "A", 3000, "2031-01-31", start="2031-01-01")
    same_month = _fictional("f-2", "B", 4000, "2031-01-10")
    assert _pairs(month, same_month) == [{"Fictional A", "Fictional B"}]


def test_an_inferred_long_state_period_is_not_set_against_a_dated_figure():
    dated = _fictional("f-1", "A", 400, "2031-02-06", topic="territory")
    month = _fictional(
        "f-2", "B", 600, "2031-02-28", start="2031-02-01", topic="territory", basis="inferred"
    )
    assert _pairs(dated, month) == []
    stated = {**month, "period_basis": "stated"}
    assert _pairs(dated, stated) == [{"Fictional A", "Fictional B"}]
    same = _fictional(
        "f-1", "A", 400, "2031-02-28", start="2031-02-01", topic="territory", basis="inferred"
    )
    assert _pairs(same, month) == [{"Fictional A", "Fictional B"}]
