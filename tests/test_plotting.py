"""Chart functions: inspect the artists, not the pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

import kursk_data as kd
from kursk_data.plotting import QUALIFIER_MARKERS, SIDE_COLORS

CHARTS = [
    ("territory", kd.plot_territory),
    ("troops", kd.plot_troops),
    ("losses", kd.plot_losses),
    (None, kd.plot_overview),
]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def artists(ax, kind):
    """Artists with gid 'kind:<claim_id>', keyed by claim id."""
    found = {}
    for a in [*ax.lines, *ax.texts, *ax.patches, *ax.collections]:
        gid = a.get_gid() or ""
        if gid.startswith(kind + ":"):
            found[gid.split(":", 1)[1]] = a
    return found


def claims_for(topic):
    data = kd.load_claims(source="article")
    return data if topic is None else data[data["topic"] == topic]


@pytest.mark.parametrize(("topic", "fn"), CHARTS)
def test_returns_axes_with_one_mark_per_claim(topic, fn):
    data = claims_for(topic)
    _fig, ax = plt.subplots()
    assert fn(data, ax=ax) is ax
    marks = artists(ax, "claim")
    assert set(marks) == set(data["claim_id"])
    for _, row in data.iterrows():
        mark = marks[row["claim_id"]]
        assert mark.get_marker() == QUALIFIER_MARKERS[row["qualifier"]]
        assert to_hex(mark.get_color()) == SIDE_COLORS[row["claimant_side"]].lower()
        assert len(mark.get_xdata()) == 1, "a claim is one mark, never joined to another"


@pytest.mark.parametrize(("topic", "fn"), CHARTS)
def test_bounds_are_drawn_as_bounds(topic, fn):
    data = claims_for(topic)
    fig, ax = plt.subplots()
    fn(data, ax=ax)
    fig.canvas.draw()  # arrows get their geometry when drawn
    bounds, bands = artists(ax, "bound"), artists(ax, "band")
    for _, row in data.iterrows():
        cid = row["claim_id"]
        if row["qualifier"] in ("over", "up_to"):
            ann = bounds[cid]
            head = ann.xycoords.transform(ann.xy)  # arrow head: offset from the mark
            tail = ax.transData.transform(ann.xyann)  # arrow tail: the mark itself
            # drawn in display space: "over" points up (or right), "up to" down (or left)
            sign = np.sign((head - tail).sum())
            assert sign == (1 if row["qualifier"] == "over" else -1)
        else:
            assert cid not in bounds
        if row["qualifier"] == "about":
            ys = bands[cid].get_xdata() if topic is None else bands[cid].get_ydata()
            np.testing.assert_allclose(sorted(ys), [row["low"], row["high"]])


def test_periods_are_drawn_across_their_period():
    data = claims_for("troops")
    _fig, ax = plt.subplots()
    kd.plot_troops(data, ax=ax)
    periods = artists(ax, "period")
    for _, row in data.iterrows():
        if row["period_end"] > row["period_start"]:
            xs = periods[row["claim_id"]].get_xdata()
            np.testing.assert_allclose(
                xs, mdates.date2num([row["period_start"], row["period_end"]])
            )
        else:
            assert row["claim_id"] not in periods


def test_territory_marks_contest_and_mi2_axis():
    _fig, ax = plt.subplots()
    kd.plot_territory(claims_for("territory"), ax=ax)
    gids = {t.get_gid() for t in ax.texts}
    assert "contested-label" in gids
    assert any(p.get_gid() == "contested" for p in [*ax.patches, *ax.collections])
    sec = [c for c in ax.child_axes]
    assert sec and sec[0].get_ylabel() == "sq mi"


def test_labels_carry_wording_claimant_and_date():
    data = claims_for("territory")
    _fig, ax = plt.subplots()
    kd.plot_territory(data, ax=ax)
    labels = artists(ax, "label")
    for _, row in data.iterrows():
        text = labels[row["claim_id"]].get_text()
        assert row["wording"] in text
        assert row["claimant"] in text
        assert str(row["period_start"].year) in text


def test_footer_names_source_and_version():
    _fig, ax = plt.subplots()
    kd.plot_losses(claims_for("losses"), ax=ax)
    footer = next(t for t in ax.texts if t.get_gid() == "footer").get_text()
    assert footer.startswith("Source: metaworld.media")
    assert f"kursk-data {kd.__version__}" in footer


def test_legend_explains_the_marks():
    _fig, ax = plt.subplots()
    kd.plot_territory(claims_for("territory"), ax=ax)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("lower bound" in t for t in texts)
    assert any("Russian side" in t for t in texts)


def test_defaults_use_current_axes_and_full_ledger():
    _fig, ax = plt.subplots()
    assert kd.plot_territory() is ax
    assert len(artists(ax, "claim")) == len(kd.territory())


def test_style_is_scoped_not_global():
    before = dict(matplotlib.rcParams)
    with kd.style():
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        assert matplotlib.rcParams["svg.hashsalt"] == "kursk-data"
    assert dict(matplotlib.rcParams) == before
