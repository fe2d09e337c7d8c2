"""Chart functions: inspect the artists, not the pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from synthetic import synthetic_frames, typed

import kursk_data as kd
from kursk_data.plotting import QUALIFIER_MARKERS, claimant_colors, layout_problems
from kursk_data.plotting.style import EXTRA_COLORS, OTHER_COLOR

CHARTS = [
    ("territory", kd.plot_territory),
    ("troops", kd.plot_troops),
    ("losses", kd.plot_losses),
    (None, kd.plot_overview),
]
ALL = [kd.plot_territory, kd.plot_troops, kd.plot_losses, kd.plot_overview, kd.plot_contested]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def artists(ax, kind):
    """Artists with gid 'kind:<claim_id>', keyed by claim id, in ax and its panels."""
    found = {}
    for a in [ax, *ax.child_axes]:
        for art in [*a.lines, *a.texts, *a.patches, *a.collections]:
            gid = art.get_gid() or ""
            if gid.startswith(kind + ":"):
                found[gid.split(":", 1)[1]] = art
    return found


def claims_for(topic):
    data = kd.load_claims(source="article")
    return data if topic is None else data[data["topic"] == topic]


def new_ax(height=5.0):
    _fig, ax = plt.subplots(figsize=(7.2, height))
    return ax


@pytest.mark.parametrize(("topic", "fn"), CHARTS)
def test_one_mark_per_claim_shaped_by_qualifier_coloured_by_claimant(topic, fn):
    data = claims_for(topic)
    ax = new_ax()
    assert fn(data, ax=ax) is ax
    marks = artists(ax, "claim")
    assert set(marks) == set(data["claim_id"])
    colors = claimant_colors(data)
    for _, row in data.iterrows():
        mark = marks[row["claim_id"]]
        assert mark.get_marker() == QUALIFIER_MARKERS[row["qualifier"]]
        assert to_hex(mark.get_color()) == colors[row["claimant"]].lower()
        assert len(mark.get_xdata()) == 1, "a claim is one mark, never joined to another"


def test_no_line_joins_two_claims():
    ax = new_ax()
    kd.plot_territory_timeline(ax=ax)
    for a in [ax, *ax.child_axes]:
        for line in a.lines:
            gid = line.get_gid() or ""
            # Only a claim's own period bar or band has two points; nothing else is a line.
            assert gid.split(":")[0] in ("claim", "period", "band"), gid


def _fade(coll: LineCollection) -> tuple[float, float, list[float]]:
    """Where a bound's fading bar starts and ends along its value axis, and its alphas."""
    segs = coll.get_segments()
    vertical = segs[0][0][0] == segs[0][1][0]
    axis = 1 if vertical else 0
    return segs[0][0][axis], segs[-1][1][axis], [c[3] for c in coll.get_colors()]


def test_up_to_is_drawn_the_same_way_in_every_chart():
    """ "Up to 70,000" (art-05): a bar from 70,000 down to 0, fading, in the troops chart (value
    on y) and in the overview (value on x): the same drawing, never a bold bar from 0."""
    for fn, data in ((kd.plot_troops, claims_for("troops")), (kd.plot_overview, claims_for(None))):
        ax = new_ax(7)
        fn(data, ax=ax)
        start, end, alphas = _fade(artists(ax, "bound")["art-05"])
        assert (start, end) == (70000, 0)
        assert alphas == sorted(alphas, reverse=True) and alphas[-1] < alphas[0] / 5


def test_over_fades_up_to_the_axis_end():
    ax = new_ax()
    kd.plot_losses(claims_for("losses"), ax=ax)
    start, end, alphas = _fade(artists(ax, "bound")["art-07"])
    assert start == 1000 and end == pytest.approx(ax.get_ylim()[1])
    assert alphas == sorted(alphas, reverse=True)


def test_about_is_a_band_over_its_interval_and_exact_has_none():
    data = kd.load_claims()
    ax = new_ax()
    kd.plot_territory(data, ax=ax)
    bands = artists(ax, "band")
    # art-01 "about 90": [85, 95] by the README's rule (half a unit of the last digit, 10).
    np.testing.assert_allclose(sorted(bands["art-01"].get_ydata()), [85, 95])
    assert "ctx-05" not in bands  # 1,294 exact: the bare mark only
    assert "ctx-05" not in artists(ax, "bound")


def test_implied_values_are_hollow_and_labelled_implied():
    data = claims_for("territory")
    ax = new_ax()
    kd.plot_territory(data, ax=ax)
    mark = artists(ax, "claim")["art-03"]  # basis implied: nobody stated 0
    assert to_hex(mark.get_markerfacecolor()) == "#ffffff"
    assert "implied" in artists(ax, "label")["art-03"].get_text()
    stated = artists(ax, "claim")["art-01"]
    assert to_hex(stated.get_markerfacecolor()) != "#ffffff"


def test_inferred_periods_are_dotted_and_running_totals_sit_at_their_as_of_date():
    data = claims_for("troops").copy()
    data["period_basis"] = pd.Categorical(
        np.where(data["claim_id"] == "art-05", "inferred", "stated"),
        categories=data["period_basis"].cat.categories,
    )
    data.loc[data["claim_id"] == "art-06", "since"] = pd.Timestamp("2022-02-24")
    ax = new_ax(7)
    kd.plot_troops(data, ax=ax)
    periods = artists(ax, "period")
    assert periods["art-05"].get_linestyle() != "-"  # dotted
    assert periods["art-04"].get_linestyle() == "-" if "art-04" in periods else True
    assert "period inferred" in artists(ax, "label")["art-05"].get_text()
    # art-06 as a running total: no period bar, the mark at the period's end (30 Nov 2024).
    assert "art-06" not in periods
    assert "total since 24 Feb 2022" in artists(ax, "label")["art-06"].get_text()
    x = artists(ax, "claim")["art-06"].get_xdata()[0]
    assert x == mdates.date2num(pd.Timestamp("2024-11-30"))


def test_periods_are_drawn_across_their_period():
    data = claims_for("troops")
    ax = new_ax(7)
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


def test_one_unit_per_axis_overview_is_small_multiples():
    ax = new_ax(7)
    kd.plot_overview(claims_for(None), ax=ax)
    panels = ax.child_axes
    assert len(panels) == 2  # km² and people
    marks = artists(ax, "claim")
    units = kd.load_claims().set_index("claim_id")["unit"]
    for panel in panels:
        gids = [ln.get_gid() or "" for ln in panel.lines]
        ids = {g.split(":")[1] for g in gids if g.startswith("claim:")}
        assert len({units[i] for i in ids}) == 1
    assert set(marks) == set(claims_for(None)["claim_id"])


@pytest.mark.parametrize("fn", ALL)
def test_measure_side_and_claimants_choose_what_is_drawn(fn):
    data = kd.load_claims()
    ax = new_ax(8)
    fn(data, ax=ax, side="ukraine")
    drawn = set(artists(ax, "claim"))
    sides = data.set_index("claim_id")["claimant_side"]
    assert drawn and {sides[c] for c in drawn} == {"ukraine"}
    ax = new_ax(8)
    fn(data, ax=ax, claimants=["Oleksandr Syrskyi"], measure=["area_held_by_ukraine"])
    who = data.set_index("claim_id")
    drawn = set(artists(ax, "claim"))
    assert all(who.loc[c, "claimant"] == "Oleksandr Syrskyi" for c in drawn)
    assert all(who.loc[c, "measure"] == "area_held_by_ukraine" for c in drawn)


def test_an_unknown_side_is_an_error_not_an_empty_chart():
    with pytest.raises(ValueError, match="side must be one of"):
        kd.plot_troops(ax=new_ax(), side="ukrainian")


@pytest.mark.parametrize("fn", ALL)
def test_empty_data_says_so_instead_of_drawing_1970(fn):
    ax = new_ax()
    fn(kd.load_claims(), ax=ax, claimants=["nobody at all"])
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("No claims to show") for t in texts), texts
    assert not ax.axison
    assert not artists(ax, "claim")


def test_a_log_axis_starts_at_the_data():
    data = typed(synthetic_frames(60)[0])
    ax = new_ax(9)
    kd.plot_losses(data, ax=ax, measure="synthetic_troops_killed")
    assert ax.get_yscale() == "log"
    lowest = float(pd.concat([data["value"], data["low"]]).dropna().astype(float).min())
    bottom = ax.get_ylim()[0]
    assert 0 < bottom < lowest and bottom > lowest / 10


@pytest.mark.parametrize(
    ("start", "end"), [("2025-03-01", "2025-03-04"), ("2015-01-01", "2025-06-30")]
)
def test_date_axes_for_any_span(start, end):
    data = claims_for("troops").head(2).copy()
    data["period_start"] = pd.Timestamp(start)
    data["period_end"] = pd.Timestamp(end)
    ax = new_ax(7)
    kd.plot_troops(data, ax=ax)
    ax.figure.canvas.draw()
    panel = ax.child_axes[-1] if ax.child_axes else ax
    labels = [t.get_text() for t in panel.get_xticklabels() if t.get_text()]
    assert len(labels) >= 2 and not any("1970" in t for t in labels)
    lo, hi = panel.get_xlim()
    assert lo < mdates.date2num(pd.Timestamp(start)) and hi > mdates.date2num(pd.Timestamp(end))


def test_many_claimants_stay_tellable_apart():
    data = typed(synthetic_frames(100)[0])
    colors = claimant_colors(data)
    named = [c for w, c in colors.items() if w != "unattributed"]
    # 13 named claimants: 5 side colours + 9 extras = 14 distinct colours, so no grey needed.
    assert len(set(named)) == len(named) == 13
    assert OTHER_COLOR not in named
    many = data.copy()
    many["claimant"] = [f"Synthetic claimant {i:03d}" for i in range(len(many))]
    many = many[many["claimant_side"].astype(str) != "unattributed"]
    colors = claimant_colors(many)
    coloured = [c for c in colors.values() if c != OTHER_COLOR]
    # Each colour names one claimant; those beyond the palette share grey, still drawn.
    # Four sides are present (Ukraine, Russia, third party, independent): 4 side colours and
    # the 9 extras, 13 in all.
    assert len(EXTRA_COLORS) == 9
    assert len(coloured) == len(set(coloured)) == 4 + 9
    assert len(colors) == len(many)


def test_legends_show_only_what_is_drawn_claimants_and_marks_apart():
    ax = new_ax()
    kd.plot_territory(claims_for("territory"), ax=ax)
    legends = {
        lg.get_title().get_text(): lg
        for lg in ax.get_children()
        if hasattr(lg, "texts") and isinstance(lg, matplotlib.legend.Legend)
    }
    assert set(legends) == {"Claimant", "How to read the marks"}
    marks = [t.get_text() for t in legends["How to read the marks"].get_texts()]
    # art-01 about, art-02 over, art-03 exact (implied): nothing about "up to" or ranges.
    assert any(t.startswith("about X") for t in marks)
    assert any(t.startswith("over X") for t in marks)
    assert any(t.startswith("exact") for t in marks)
    assert any("implied" in t for t in marks)
    assert not any(t.startswith(("up to", "stated range", "wording unknown")) for t in marks)
    who = [t.get_text() for t in legends["Claimant"].get_texts()]
    assert who == sorted(who, key=lambda t: who.index(t)) and len(who) == 3
    assert any(t.startswith("Oleksandr Syrskyi") for t in who)


def test_labels_carry_wording_claimant_and_date():
    data = claims_for("territory")
    ax = new_ax()
    kd.plot_territory(data, ax=ax)
    labels = artists(ax, "label")
    for _, row in data.iterrows():
        text = labels[row["claim_id"]].get_text()
        assert row["wording"] in text
        assert row["claimant"] in text or row["claimant"] == "unattributed"
        assert str(row["period_start"].year) in text


def test_footer_names_the_source_and_version_and_wraps():
    ax = new_ax()
    kd.plot_losses(claims_for("losses"), ax=ax)
    footer = next(t for t in ax.texts if t.get_gid() == "footer")
    assert footer.get_text().startswith("Source: metaworld.media")
    assert f"kursk-data {kd.__version__}" in footer.get_text()
    ax = new_ax()
    kd.plot_contested(ax=ax)
    footer = next(t for t in ax.texts if t.get_gid() == "footer")
    fig = ax.figure
    fig.canvas.draw()
    assert footer.get_window_extent().width <= fig.bbox.width


def test_a_chart_on_the_users_own_axes_has_no_layout_problem():
    fig, ax = plt.subplots(figsize=(7.2, 6))
    fig.subplots_adjust(top=0.6, bottom=0.22)
    kd.plot_territory(claims_for("territory"), ax=ax)
    assert layout_problems(fig) == []


def test_defaults_use_current_axes_and_full_ledger():
    _fig, ax = plt.subplots()
    assert kd.plot_territory() is ax
    assert len(artists(ax, "claim")) == len(kd.territory())


def test_style_is_scoped_not_global():
    before = dict(matplotlib.rcParams)
    with kd.style():
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        assert matplotlib.rcParams["svg.fonttype"] == "none"
        assert matplotlib.rcParams["pdf.fonttype"] == 42
    assert dict(matplotlib.rcParams) == before
