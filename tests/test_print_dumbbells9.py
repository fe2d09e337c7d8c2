"""The two figures of disputes as the chart desk read them in rating 9 (#24): contested's
labels by one rule, its caveat in plain words and its units at the axes' ends; contested-counts
without a row of two moments, Zelensky's caveat in his own label. Each test measures the drawn
figure or the API's answer; expectations come from the claims, not from the drawing."""

from __future__ import annotations

import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from figure_probes import claim_labels as _labels

import kursk_data as kd
from kursk_data.figures import FIGURES
from kursk_data.figures.sizes import _contested, _merged, moments_apart
from kursk_data.plotting.marks import all_axes


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _marks(fig) -> dict:
    """claim id -> (panel, its mark's line)."""
    return {
        str(ln.get_gid())[6:]: (ax, ln)
        for ax in all_axes(fig)
        for ln in ax.get_lines()
        if str(ln.get_gid()).startswith("claim:")
    }


def _where(fig, ln) -> tuple[float, float, float]:
    """A mark's drawn left and right ends and its height (display px), lifted as drawn."""
    y = ln.get_ydata()[0]
    xs = [ln.get_transform().transform((x, y)) for x in np.asarray(ln.get_xdata(), float)]
    return min(p[0] for p in xs), max(p[0] for p in xs), xs[0][1]


def _shipped_disputes(claims: pd.DataFrame, fig_id: str) -> list[pd.DataFrame]:
    """The claims of each dispute a figure of disputes draws (one row each), from the ledger."""
    data = FIGURES[fig_id].data(claims)
    table = _merged(_contested(data))
    table = table[~table["dispute"].isin(moments_apart(data, table))]
    ids = data["claim_id"].astype(str)
    out = []
    for _, rows in table.groupby("dispute"):
        picked = []
        for cids in rows["claim_ids"].astype(str):
            mine = data[ids.isin(cids.split(","))]
            picked.append(mine.sort_values(["period_end", "claim_id"]).iloc[-1])
        out.append(pd.DataFrame(picked).sort_values(["value", "claim_id"]))
    return out


# --------------------------------------------------------------------------- contested


def test_contested_labels_follow_one_rule(drawn, claims):
    """Rating 9: placement changed from row to row; in the peak row the General Staff's label
    sat left, under the Defence Ministry's mark. Now, in every row of two claims, each label
    is on its own mark's line on the outer side: the lower claim's ends left of its mark, the
    higher's starts right of its own; a lower mark at zero has no room left, so its label
    runs right, as an open bound's ("over", whose fade takes its right) goes under its row."""
    fig = drawn["contested"]
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    marks, labels = _marks(fig), _labels(fig)
    checked = 0
    for rows in _shipped_disputes(claims, "contested"):
        if len(rows) != 2:
            continue
        for j, (_, row) in enumerate(rows.iterrows()):
            cid = str(row["claim_id"])
            if cid not in marks:  # drawn under the statement it reports
                continue
            _, ln = marks[cid]
            lo, hi, y = _where(fig, ln)
            box = labels[cid].get_window_extent(renderer)
            at_zero = float(row["value"]) == 0.0 and j == 0
            if at_zero:
                # Rating 10: the marks stay on the row; a label with no room left of a mark at
                # zero goes just over the row, starting over its own mark.
                assert 0 < box.y0 - y < 12 * fig.dpi / 72, (cid, labels[cid].get_text())
                assert lo - 1 <= box.x0 <= hi, (cid, labels[cid].get_text())
                checked += 1
                continue
            assert box.y0 <= y <= box.y1, (cid, labels[cid].get_text())  # on its own line
            if j == 0 and not at_zero:
                assert box.x1 <= lo, (cid, labels[cid].get_text())
            else:
                assert box.x0 >= hi, (cid, labels[cid].get_text())
            checked += 1
    assert checked >= 7, checked


def test_peak_general_staff_label_sits_right_of_its_own_diamond(drawn, claims):
    """The peak row: the General Staff's label starts right of its diamond; no other claim's
    mark lies under or over it."""
    fig = drawn["contested"]
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    peak = claims[claims["measure"] == "peak_area_held_by_ukraine"]
    high = peak.sort_values("value").iloc[-1]
    marks, labels = _marks(fig), _labels(fig)
    _, hi, _ = _where(fig, marks[str(high["claim_id"])][1])
    box = labels[str(high["claim_id"])].get_window_extent(renderer)
    assert box.x0 >= hi
    for cid, (_, ln) in marks.items():
        if cid != str(high["claim_id"]):
            a, b, _ = _where(fig, ln)
            assert b < box.x0 or a > box.x1, cid


def test_contested_caveat_is_in_plain_words_and_the_headline_hedged(drawn, claims):
    """Rating 9: "grey zone counted apart" was jargon, and "widest gap" read as a widest
    disagreement when part of it is what each side counts (ctx-06's note)."""
    note = str(claims.set_index("claim_id").loc["ctx-06", "note"])
    assert "separately" in note and "grey zone" in note
    fig = drawn["contested"]
    # Rating 10: the caveat is a grey note under the row, not part of DeepState's label.
    texts = [t.get_text() for ax in all_axes(fig) for t in ax.texts if t.get_gid() == "row-note"]
    assert any("counts contested ground separately" in t for t in texts), texts
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert not any("counted apart" in t for t in texts)
    title = next(t.get_text() for t in fig.texts if t.get_gid() == "title")
    assert "partly in method" in " ".join(title.split())


def test_units_name_the_axes_at_their_ends_not_the_row_gutter(drawn):
    """Rating 9: "km²" and "mi²" stood in the row names' gutter, read as a row named "km²".
    Each axis' last tick label names its unit; nothing else does."""
    fig = drawn["contested"]
    fig.draw_without_rendering()
    texts = [t for t in fig.findobj(matplotlib.text.Text) if str(t.get_gid()).startswith("unit:")]
    assert not texts
    (panel,) = [a for a in all_axes(fig) if any(True for _ in _marks_in(a))]
    miles = [a for a in all_axes(fig) if a.get_gid() == "mi2-axis"]
    for axis, unit in ((panel, "km²"), (miles[0], "mi²")):
        shown = [t.get_text() for t in axis.get_xticklabels() if t.get_text()]
        assert shown[-1].endswith(unit) and not any(unit in t for t in shown[:-1]), shown


def _marks_in(ax):
    return [ln for ln in ax.get_lines() if str(ln.get_gid()).startswith("claim:")]


def test_the_sub_header_leaves_the_row_names_their_own_width(drawn):
    """Rating 9: right-aligned in the gutter, "Peak area held by Ukraine" set the gutter's
    width. It starts where the panel titles start (the figure's margin); the plot starts
    just right of the widest row name."""
    fig = drawn["contested"]
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    (panel,) = [a for a in all_axes(fig) if _marks_in(a)]
    head = next(t for t in panel.texts if t.get_gid() == "subhead")
    title = next(t for a in all_axes(fig) for t in a.texts if t.get_gid() == "panel-title")
    assert abs(head.get_window_extent(renderer).x0 - title.get_window_extent(renderer).x0) <= 1
    names = max(t.get_window_extent(renderer).width for t in panel.get_yticklabels())
    gutter = panel.get_window_extent(renderer).x0 - title.get_window_extent(renderer).x0
    assert gutter <= names + 12 * fig.dpi / 72, (gutter, names)


# --------------------------------------------------------------------------- contested-counts


def _fictional(cid: str, who: str, value: float, day: str, basis: str) -> dict:
    return {
        "claim_id": cid,
        "topic": "troops",
        "measure": "fictional_troops",
        "value": value,
        "unit": "personnel",
        "qualifier": "about",
        "low": value * 0.95,
        "high": value * 1.05,
        "period_start": pd.Timestamp(day),
        "period_end": pd.Timestamp(day),
        "period_precision": "day",
        "period_basis": basis,
        "claimant": f"Fictional {who}",
        "claimant_side": "independent",
        "status": "claimed",
        "since": pd.NaT,
        "same_statement_as": None,
        "source_id": "fictional-source",
    }


@pytest.mark.parametrize(
    ("bases", "apart"),
    [
        (("inferred", "inferred"), True),  # two readings of ours, on different days
        (("stated", "inferred"), False),  # a source dates one: a dispute as before
        (("stated", "stated"), False),
    ],
)
def test_claims_at_two_inferred_moments_are_no_dispute_to_draw(bases, apart):
    """Fictional claims (not Kursk's): 4,000 and 11,000 troops a day apart. Where both dates
    are the ledger's reading, that reading puts them at two moments: the figures leave the
    dispute out (contested() still lists it); a date a source states keeps it."""
    rows = pd.DataFrame(
        [
            _fictional("fic-1", "Test Officer A", 4000.0, "2031-03-05", bases[0]),
            _fictional("fic-2", "Test Officer B", 11000.0, "2031-03-06", bases[1]),
        ]
    )
    table = _merged(_contested(rows))
    assert table["dispute"].nunique() == 1  # a dispute to contested()
    assert bool(moments_apart(rows, table)) == apart


def test_contested_counts_leaves_out_the_two_moments_and_says_so(claims):
    """Rating 9: Pavliuk's "up to 4,000" (before the incursion) and Mysnyk's "about 11,000"
    (when it began) are two moments by the ledger's notes, each date its reading: no row of
    the figure; its caption names them and why."""
    table = kd.contested()
    ids = claims.set_index("claim_id")
    pairs = [
        sorted(",".join(g["claim_ids"].astype(str)).split(",")) for _, g in table.groupby("dispute")
    ]
    # Two claims whose periods do not meet, each period the ledger's reading.
    apart = [
        p
        for p in pairs
        if len(p) == 2
        and (ids.loc[p, "period_basis"] == "inferred").all()
        and ids.loc[p, "period_start"].max() > ids.loc[p, "period_end"].min()
    ]
    assert apart, pairs
    spec = FIGURES["contested-counts"]
    data = spec.data(claims)
    drawn_ids = set(data["claim_id"].astype(str))
    caption = spec.resolve(data).caption
    for pair in apart:
        assert not set(pair) & drawn_ids, pair
        for cid in pair:
            surname = str(ids.loc[cid, "claimant"]).split()[-1]
            assert surname in caption, (surname, caption)
    assert "two moments" in caption


def test_zelensky_caveat_is_in_his_label_beside_his_bar(drawn, claims):
    """Rating 9: the ‡ sent the reader to a note above the plot, and Zelensky's label floated
    between the rows. His label sits on his bar's line, left of it, and says the note's two
    caveats (claims.csv ctx-41: it includes North Koreans; killed or all casualties unclear);
    no ‡ anywhere, no asterisk in the headline, no symbol in the note above the plot."""
    note = str(claims.set_index("claim_id").loc["ctx-41", "note"])
    assert "includes North Koreans" in note and "killed" in note
    fig = drawn["contested-counts"]
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    _, ln = _marks(fig)["ctx-41"]
    lo, _, y = _where(fig, ln)
    label = _labels(fig)["ctx-41"]
    box = label.get_window_extent(renderer)
    text = " ".join(label.get_text().split())
    assert box.y0 <= y <= box.y1 and box.x1 <= lo, text
    assert "North Koreans" in text and "killed only" in text, text
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert not any("\u2021" in t for t in texts)
    title = next(t.get_text() for t in fig.texts if t.get_gid() == "title")
    assert "*" not in title, title
    notes = [
        lg.get_title().get_text()
        for ax in all_axes(fig)
        for lg in ax.artists
        if str(getattr(lg, "get_gid", lambda: "")()) == "note:left-out"
    ]
    assert notes and not any(s in n for n in notes for s in ("*", "\u2021", "c. =")), notes
