"""Chart functions: inspect the artists, not the pixels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import colour_vision
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_hex
from synthetic import synthetic_frames, typed

import kursk_data as kd
from kursk_data import plotting
from kursk_data.plotting import QUALIFIER_MARKERS, claimant_colors, layout_problems
from kursk_data.plotting.frame import ROW_MARKERS
from kursk_data.plotting.style import SIDE_FAMILIES, SIDE_OTHER, style

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
    # Rows of two lines each, the key and the footer inside the Axes: the overview's 7 rows
    # in 3 panels need a taller one (in a smaller one it draws what fits and says what it left out).
    ax = new_ax(8 if fn is kd.plot_overview else 5)
    assert fn(data, ax=ax) is ax
    marks = artists(ax, "claim")
    assert set(marks) == set(data["claim_id"])
    colors = claimant_colors(kd.load_claims())  # the whole ledger's, not this chart's
    for _, row in data.iterrows():
        mark = marks[row["claim_id"]]
        # A row chart's bounds point along its horizontal value axis (▶ over, ◀ up to).
        along = fn is kd.plot_overview and row["qualifier"] in ROW_MARKERS
        want = ROW_MARKERS[row["qualifier"]] if along else QUALIFIER_MARKERS[row["qualifier"]]
        assert mark.get_marker() == want
        # art-03 reports Gerasimov's statement of 26 April (ctx-11): drawn under his name.
        who = "Valery Gerasimov" if row["claim_id"] == "art-03" else row["claimant"]
        assert to_hex(mark.get_color()) == colors[who].lower()
        assert len(mark.get_xdata()) == 1, "a claim is one mark, never joined to another"


def test_only_one_claimants_own_figures_are_joined():
    """A claim's own period bar or band has two points; the only other lines are the thin
    light lines that join one claimant's figures (#24: Syrskyi's five), through its own marks
    and no one else's, never through unattributed reports. Solid since round 5: dashed, they
    read as the dotted inferred period; thin sparse dots over months with no figure from
    that claimant since round 8 (Syrskyi's 1,294 of August to his 500 of February)."""
    ax = new_ax()
    kd.plot_territory_timeline(ax=ax)
    claims = kd.load_claims().set_index("claim_id")
    joined: set[str] = set()
    for a in [ax, *ax.child_axes]:
        marks = {
            (float(ln.get_xdata()[0]), float(ln.get_ydata()[0])): ln.get_gid()[6:]
            for ln in a.lines
            if (ln.get_gid() or "").startswith("claim:")
        }
        for line in a.lines:
            gid = line.get_gid() or ""
            # The zero line is the axis' baseline, no claim's.
            kind = gid.split(":")[0]
            assert kind in ("claim", "period", "band", "baseline", "joined", "joined-gap"), gid
            if not kind.startswith("joined"):
                continue
            solid = line.get_linestyle() in ("-", "solid")
            assert solid == (kind == "joined") and line.get_linewidth() <= 1.1, gid
            ids = [marks[xy] for xy in zip(line.get_xdata(), line.get_ydata(), strict=True)]
            who = {claims.loc[c, "claimant"] for c in ids}
            assert len(ids) >= 2 and len(who) == 1 and who != {"unattributed"}, ids
            joined |= who
    assert joined == {"Oleksandr Syrskyi", "DeepState"}


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


def test_over_fades_a_short_way_up_never_to_the_axis_end():
    """ "Over 1,000" (art-07) fades upwards over about an eighth of the axis: an open end, not a
    bar to the top of the scale that reads as a figure there (#24)."""
    ax = new_ax()
    kd.plot_losses(claims_for("losses"), ax=ax)
    start, end, alphas = _fade(artists(ax, "bound")["art-07"])
    lo, hi = ax.get_ylim()
    assert start == 1000 and 0.05 * (hi - lo) < end - start < 0.2 * (hi - lo)
    assert end < hi - 0.05 * (hi - lo)
    assert alphas == sorted(alphas, reverse=True)


def test_about_is_a_band_over_its_interval_and_exact_has_none():
    data = kd.load_claims()
    ax = new_ax()
    kd.plot_territory(data, ax=ax)
    bands = artists(ax, "band")
    # ctx-13 "about 90" (the article's art-01 reports the same statement and is drawn as it):
    # [85, 95] by the README's rule (half a unit of the last digit, 10).
    np.testing.assert_allclose(sorted(bands["ctx-13"].get_ydata()), [85, 95])
    assert "art-01" not in bands
    assert "ctx-05" not in bands  # 1,294 exact: the bare mark only
    assert "ctx-05" not in artists(ax, "bound")


def test_implied_values_are_hollow_and_labelled_implied():
    data = claims_for("territory")
    ax = new_ax(7)  # the key and footer are inside the Axes: room for the labels too
    kd.plot_territory(data, ax=ax)
    mark = artists(ax, "claim")["art-03"]  # basis implied: nobody stated 0
    assert to_hex(mark.get_markerfacecolor()) == "#ffffff"
    # "implied", or the wording's own "(implies 0 km²)"
    assert "impli" in artists(ax, "label")["art-03"].get_text()
    stated = artists(ax, "claim")["art-01"]
    assert to_hex(stated.get_markerfacecolor()) != "#ffffff"


def test_inferred_periods_are_dotted_and_running_totals_sit_at_their_as_of_date():
    data = claims_for("troops").copy()
    data["period_basis"] = pd.Categorical(
        np.where(data["claim_id"] == "art-05", "inferred", "stated"),
        categories=data["period_basis"].cat.categories,
    )
    data.loc[data["claim_id"] == "art-06", "since"] = pd.Timestamp("2022-02-24")
    ax = new_ax(9)  # three panels with their key and footer inside the Axes
    with style():  # the package's sizes: matplotlib's defaults leave too little room
        kd.plot_troops(data, ax=ax)
    periods = artists(ax, "period")
    assert periods["art-05"].get_linestyle() != "-"  # dotted
    assert periods["art-04"].get_linestyle() == "-" if "art-04" in periods else True
    # The key's dotted entry says it once; labels do not repeat it (#24 round 3).
    assert "period inferred" not in artists(ax, "label")["art-05"].get_text()
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
    ax = new_ax(8)
    kd.plot_overview(claims_for(None), ax=ax)
    panels = ax.child_axes
    assert len(panels) == 2  # km², and people: troops and losses on one scale (#24 round 4)
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
    # 13 named claimants on 4 sides (4 Ukrainian, 3 each of the others): every family has
    # that many shades (Ukraine 4, Russia 4, third party 3, independent 3), so all differ.
    assert len(set(named)) == len(named) == 13
    many = data.copy()
    many["claimant"] = [f"Synthetic claimant {i:03d}" for i in range(len(many))]
    many = many[many["claimant_side"].astype(str) != "unattributed"]
    colors = claimant_colors(many)
    sides = many.groupby("claimant")["claimant_side"].first().astype(str)
    # Every claimant is drawn in its side's family: a shade while they last, then its tint.
    for who, color in colors.items():
        assert color in (*SIDE_FAMILIES[sides[who]], SIDE_OTHER[sides[who]]), who
    shaded = [c for w, c in colors.items() if c != SIDE_OTHER[sides[w]]]
    assert len(shaded) == len(set(shaded)) == 7 + 4 + 3 + 3
    assert len(colors) == len(many)


def test_claimants_beyond_the_shades_are_named_together_in_the_legend():
    data = typed(synthetic_frames(100)[0])
    data["claimant"] = [f"Synthetic claimant {i:03d}" for i in range(len(data))]
    ukr = data[data["claimant_side"].astype(str) == "ukraine"].head(10)
    ax = new_ax(8)
    kd.plot_losses(ukr, ax=ax)
    legend = next(
        lg
        for lg in ax.get_children()
        if isinstance(lg, matplotlib.legend.Legend) and lg.get_gid() == "legend:Claimant"
    )
    labels = [t.get_text() for t in legend.get_texts()]
    # Ten Ukrainian claimants, seven blues: seven named, three sharing the Ukrainian tint.
    assert len(labels) == 8 and labels[-1] == "3 other Ukrainian claimants", labels


def test_no_two_claimants_of_the_shipped_ledger_share_a_colour():
    """Every claimant of the shipped ledger has a colour of its own, 10 or more CIEDE2000
    units from every other claimant's of its side for normal, protan, deutan and tritan
    vision, and 15 or more from every claimant's of another side for normal vision: Mysnyk
    (contested-counts) shared the Ukrainian tint with the General Staff's anonymous source
    (contested, territory-timeline), so one looked like the other across figures (#24)."""
    claims = kd.load_claims()
    colors = claimant_colors(claims)
    sides = claims.groupby("claimant", observed=True)["claimant_side"].first().astype(str)
    named = {w: c for w, c in colors.items() if w != "unattributed"}
    assert len(set(named.values())) == len(named), named
    who = list(named)
    for i, a in enumerate(who):
        for b in who[i + 1 :]:
            if sides[a] == sides[b]:
                gap = colour_vision.difference(named[a], named[b])
                assert gap >= 10, (a, b, named[a], named[b], round(gap, 1))
            else:
                normal = colour_vision.ciede2000(
                    colour_vision.lab(named[a]), colour_vision.lab(named[b])
                )
                assert normal >= 15, (a, b, named[a], named[b], round(normal, 1))


def test_a_colour_means_one_side_shades_apart_for_colour_blind_readers():
    """The sides' first colours differ by at least 20 CIEDE2000 units for normal, protan,
    deutan and tritan vision (an orange never reads as another side's vermilion); within a
    side, shades and the tint shared by claimants beyond them differ by at least 10."""
    for side, shades in SIDE_FAMILIES.items():
        family = [*shades, SIDE_OTHER[side]]
        for i, a in enumerate(family):
            for b in family[i + 1 :]:
                assert colour_vision.difference(a, b) >= 10, (side, a, b)
    mains = [shades[0] for shades in SIDE_FAMILIES.values()]
    for i, a in enumerate(mains):
        for b in mains[i + 1 :]:
            assert colour_vision.difference(a, b) >= 20, (a, b)


def test_the_colour_vision_helper_agrees_with_published_values():
    # Sharma, Wu and Dalal (2005), table 1, pairs 1 and 2: 2.0425 and 2.8615.
    d1 = colour_vision.ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485]))
    d2 = colour_vision.ciede2000(np.array([50, 3.1571, -77.2803]), np.array([50, 0, -82.7485]))
    assert round(d1, 4) == 2.0425 and round(d2, 4) == 2.8615
    # Each Machado matrix's rows sum to 1, so white stays white (L*=100, a*=b*=0) for all.
    for vision in colour_vision.MACHADO:
        np.testing.assert_allclose(colour_vision.lab("#FFFFFF", vision), [100, 0, 0], atol=0.01)
    # Red and green, far apart for normal vision, close for a deutan reader.
    assert colour_vision.ciede2000(colour_vision.lab("#D55E00"), colour_vision.lab("#6B8E23")) > 25
    assert colour_vision.difference("#D55E00", "#6B8E23") < 10


def test_a_users_ledger_keeps_its_colours_whatever_a_chart_draws():
    """Colours come from the frame given (or palette=), before measure=/claimants= choose
    what a chart draws: the same claimant, the same colour, in every chart."""
    data = typed(synthetic_frames(100)[0])
    whole = claimant_colors(data)
    who = "Synthetic claimant 05"
    for fn, kws in (
        (kd.plot_losses, {"claimants": [who]}),
        (kd.plot_overview, {"claimants": [who, "Synthetic claimant 06"]}),
    ):
        ax = new_ax(8)
        fn(data, ax=ax, **kws)
        mine = data.loc[data["claimant"] == who, "claim_id"]
        mark = artists(ax, "claim")[mine.iloc[0]]
        assert to_hex(mark.get_color()) == whole[who].lower()
    palette = {who: "#123456"}
    ax = new_ax(8)
    kd.plot_losses(data, ax=ax, claimants=[who], palette=palette)
    assert {to_hex(m.get_color()) for m in artists(ax, "claim").values()} == {"#123456"}


def test_legends_show_only_what_is_drawn_claimants_and_marks_apart():
    ax = new_ax()
    # Unlabelled: labels naming each of a few claimants would be the colour key (#24 round 4).
    kd.plot_territory(claims_for("territory"), ax=ax, annotate=False)
    legends = {
        lg.get_gid(): lg
        for lg in ax.get_children()
        if hasattr(lg, "texts") and isinstance(lg, matplotlib.legend.Legend)
    }
    assert set(legends) == {"legend:Claimant", "legend:How to read the marks"}
    marks = [t.get_text() for t in legends["legend:How to read the marks"].get_texts()]
    # art-01 about, art-02 over, art-03 exact (implied): nothing about "up to" or ranges.
    assert any(t.startswith("about X") for t in marks)
    assert any(t.startswith("over X") for t in marks)
    # art-03's 0 is exact but implied: its hollow circle has its own entry, and no filled
    # circle is drawn to need one.
    assert not any(t.startswith("exact") for t in marks)
    assert any("implied" in t for t in marks)
    assert not any(t.startswith(("up to", "range", "wording unknown")) for t in marks)
    who = [t.get_text() for t in legends["legend:Claimant"].get_texts()]
    assert who == sorted(who, key=lambda t: who.index(t)) and len(who) == 3
    assert any(t.startswith("Oleksandr Syrskyi") for t in who)


def test_labels_carry_figure_claimant_and_date():
    data = claims_for("territory")
    ax = new_ax(7)  # the key and footer are inside the Axes: room for the labels too
    kd.plot_territory(data, ax=ax)
    labels = artists(ax, "label")
    # The figure as qualifier and number, the unit as the axis spells it (#24 round 3: the
    # source's wording, 3-5 lines with it, is the data file's); an implied 0 says so.
    figures = {"art-01": "about 90 km²", "art-02": "over 1,000 km²", "art-03": "0 km² (implied)"}
    for _, row in data.iterrows():
        text = labels[row["claim_id"]].get_text()
        assert figures[row["claim_id"]] in text, text
        # art-03 ("Russian authorities") reports Gerasimov's statement (ctx-11): the label
        # names him with a dagger, which the footer explains.
        who = "Valery Gerasimov\u2020" if row["claim_id"] == "art-03" else row["claimant"]
        assert who in text or row["claimant"] == "unattributed"
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
    # One mark per statement: art-01 and art-03 report ctx-13's and ctx-11's statements.
    assert len(artists(ax, "claim")) == len(kd.load_claims("territory")) - 2


def test_style_is_scoped_not_global():
    before = dict(matplotlib.rcParams)
    with plotting.style():
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
        assert matplotlib.rcParams["svg.fonttype"] == "none"
        assert matplotlib.rcParams["pdf.fonttype"] == 42
    assert dict(matplotlib.rcParams) == before


def test_short_panels_on_one_shared_scale_keep_marks_whole_and_ticks_apart():
    """Every troops claim of the ledger in one 7.2 x 9 in Axes: six panels of a few dozen
    points each, on one scale of people (#24). A mark near zero (4,000 of up to 87,500) stays
    whole, and the value ticks of a short panel do not run into each other."""
    ax = new_ax(9)
    with style():
        kd.plot_troops(ax=ax)
        assert len(ax.child_axes) >= 4  # short panels, the case measured
        assert len({tuple(np.round(p.get_ylim(), 6)) for p in ax.child_axes}) == 1
        assert layout_problems(ax.figure) == []
    plt.close(ax.figure)
