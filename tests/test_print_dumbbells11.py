"""The two figures of disputes as the chart desk read them in rating 10 (#24): contested's
labels in one pattern, DeepState's caveat as a note under its row, the 26 Apr marks on their
row, the rows named by the days they span; contested-counts shaped towards 16:9 with its rows
named by the date both claims are about. Each test measures the drawn figure; expectations
come from the claims, not from the drawing."""

from __future__ import annotations

import matplotlib.colors
import numpy as np
import pandas as pd
import pytest

import kursk_data as kd
from kursk_data.plotting.marks import all_axes
from kursk_data.plotting.style import claimant_name


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _mark(fig, cid: str):
    for ax in all_axes(fig):
        for ln in ax.get_lines():
            if ln.get_gid() == f"claim:{cid}":
                return ax, ln
    return None, None


def _label(fig, cid: str):
    return next(t for ax in all_axes(fig) for t in ax.texts if t.get_gid() == f"label:{cid}")


def _centre_y(ln) -> float:
    x, y = np.asarray(ln.get_xdata(), float)[0], np.asarray(ln.get_ydata(), float)[0]
    return float(ln.get_transform().transform((x, y))[1])


def _row_names(fig) -> list[str]:
    return [t.get_text() for ax in all_axes(fig) for t in ax.get_yticklabels()]


def _day_span(a: pd.Series, b: pd.Series) -> str:
    start, end = min(a["period_start"], b["period_start"]), max(a["period_end"], b["period_end"])
    return f"{start.day}\u2013{end.day} {end:%b %Y}"


def test_rows_of_days_are_named_by_the_days_they_span(drawn, claims):
    """Rating 10: "Feb 2025" beside "22–23 Nov 2024": both rows name their days."""
    by_id = claims.set_index("claim_id")
    names = _row_names(drawn["contested"])
    for a, b in (("ctx-06", "ctx-07"), ("ctx-08", "ctx-09")):
        assert _day_span(by_id.loc[a], by_id.loc[b]) in names, names
    assert "Feb 2025" not in names


def test_close_marks_stay_on_their_row(drawn, claims):
    """Rating 10: the 26 Apr row was dodged (the ring above the row's line, the diamond
    below). Russia's 0 and DeepState's 30 km² of that day sit on one line, both shown."""
    fig = drawn["contested"]
    fig.draw_without_rendering()
    day = claims[
        (claims["period_end"] == pd.Timestamp("2025-04-26"))
        & (claims["measure"] == "area_held_by_ukraine")
    ]
    ys, sizes = [], []
    for cid in day["claim_id"].astype(str):
        _, ln = _mark(fig, cid)
        if ln is None:  # a statement reported twice is drawn once
            continue
        ys.append(_centre_y(ln))
        sizes.append(ln.get_markersize())
    assert len(ys) == 2, ys
    assert abs(ys[0] - ys[1]) < 0.5, ys
    # Both visible: drawn smaller to keep apart, but at least 3.5 pt (about 4.6 px at 680).
    assert min(sizes) >= 3.5, sizes


def test_deepstate_caveat_is_a_grey_italic_note_under_its_row(drawn, claims):
    """Rating 10: the method caveat (ctx-06's note: a grey zone counted separately) was the
    last line of DeepState's label, a 4-line block; now the label is "Claimant, date: value"
    and the caveat one grey italic line under the row, above the next row."""
    fig = drawn["contested"]
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    row = claims.set_index("claim_id").loc["ctx-06"]
    assert "separately" in str(row["note"])
    label = _label(fig, "ctx-06")
    words = " ".join(label.get_text().split())
    assert words.startswith(f"{claimant_name(row)}, {row['period_end'].day} ")
    assert words.endswith(f"about {float(row['value']):,.0f} km²"), words
    assert "separately" not in words
    notes = [t for ax in all_axes(fig) for t in ax.texts if t.get_gid() == "row-note"]
    assert len(notes) == 1
    note = notes[0]
    assert "separately" in note.get_text() and note.get_fontstyle() == "italic"
    r, g, b = matplotlib.colors.to_rgb(note.get_color())
    assert max(r, g, b) - min(r, g, b) < 0.02 and 0.2 < r < 0.6  # a grey
    assert note.get_fontsize() * 680 / (fig.get_figwidth() * 72) >= 9
    box = note.get_window_extent(renderer)
    ax, ln = _mark(fig, "ctx-06")
    y = _centre_y(ln)
    assert box.y1 < y  # under the row
    assert box.y1 < label.get_window_extent(renderer).y0 + 1  # under its label
    # Above the next row: its y is nearer this row's line than the next row's.
    ticks = sorted(ax.transData.transform((0, t))[1] for t in ax.get_yticks())
    below = [t for t in ticks if t < y - 1]
    assert below and box.y0 > below[-1]
    # Nothing overlaps it.
    for other in [t for a in all_axes(fig) for t in a.texts if t is not note]:
        if other.get_text().strip():
            assert not box.overlaps(other.get_window_extent(renderer)), other.get_text()


def test_contested_labels_are_at_most_three_lines(drawn):
    """Rating 10: 4-line blocks beside one-line labels; the plot's room past its axis is now
    chosen for the shortest tallest label."""
    for t in (t for ax in all_axes(drawn["contested"]) for t in ax.texts):
        if str(t.get_gid()).startswith("label:"):
            assert t.get_text().count("\n") <= 2, t.get_text()


def test_counts_is_shaped_towards_16_by_9(drawn):
    """Rating 10: two rows filled 425 px at 680; 16:9 loses nothing (and no wider)."""
    w, h = drawn["contested-counts"].get_size_inches()
    assert 1.7 <= w / h <= 16 / 9 + 1e-9, (w, h)


def test_counts_rows_are_named_by_the_date_both_claims_are_about(drawn, claims):
    """Rating 10: the North Korean row was named by art-07's hedged period; both claims speak
    of about mid-January 2025 (South Korea's stated day, art-07's period's end)."""
    by_id = claims.set_index("claim_id")
    days = [by_id.loc[c, "period_end"] for c in ("art-07", "ctx-45")]
    assert {(d.year, d.month, 11 <= d.day <= 20) for d in days} == {(2025, 1, True)}
    names = _row_names(drawn["contested-counts"])
    assert "mid-Jan 2025" in names, names
    assert not any("c. " in n for n in names), names
