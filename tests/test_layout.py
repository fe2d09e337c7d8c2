"""Layout of every registered figure, as the renderer measures it (issue: figures a chart
editor would print). The figures are drawn once (conftest's ``drawn``); every test shares them.

The checker is :func:`kursk_data.plotting.layout_problems`; the tests at the bottom plant an
overlap, a cut mark and a tiny text and show that it catches each, so a clean result means
something.
"""

from __future__ import annotations

import colorsys
import re

import matplotlib

matplotlib.use("Agg")

import colour_vision
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from synthetic import synthetic_frames, typed

import kursk_data as kd
from kursk_data import figures
from kursk_data.labels import measure_label
from kursk_data.plotting import layout_problems, placement

IDS = [spec.id for spec in figures.FIGURES.values()]


@pytest.fixture(scope="module")
def synthetic():
    """100 SYNTHETIC loss claims (tests/synthetic.py): 4 measures, 14 claimants."""
    claims, _ = synthetic_frames(100)
    return typed(claims)


@pytest.mark.parametrize("fig_id", IDS)
def test_registered_figure_has_no_layout_problem(drawn, fig_id):
    assert layout_problems(drawn[fig_id]) == []


@pytest.mark.parametrize("fig_id", IDS)
def test_every_label_of_a_shipped_figure_found_a_place(drawn, fig_id):
    """Shipped figures label every mark they choose to; none is silently dropped. In
    territory-timeline that includes DeepState's about 30 km² of 26 April 2025 (ctx-12), the
    figure that disputes Russia's claim of full recapture, and that claim's 0 (ctx-11)."""
    requests = placement.label_requests(drawn[fig_id])
    missing = sorted(r.gid for _, r in requests if not r.placed)
    assert missing == []
    if fig_id == "territory-timeline":
        # Marks of one date nudged apart may share one label (it names them all).
        named = {c for _, r in requests for c in (r.owns or (r.gid.split(":", 1)[1],))}
        assert {"ctx-12", "ctx-11", "ctx-13"} <= named


@pytest.mark.parametrize("fig_id", IDS)
def test_figure_is_680px_wide_with_no_text_under_9px(drawn, fig_id):
    fig = drawn[fig_id]
    assert fig.get_figwidth() == pytest.approx(7.2)
    # 680 px over 7.2 in * 72 pt/in = 1.31 px per point: 9 px needs at least 6.9 pt.
    smallest = min(t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text())
    assert smallest * 680 / (7.2 * 72) >= 9


# --------------------------------------------------------------------------- the frame (#24)
# Measured on the figures as drawn: the share of the height the keys take, the aspect, each
# claimant's colour and name across figures, contested's counts, ticks and key.

SHIPPED = ["territory-article", "troops-article", "losses-article", "overview-article"]
SHIPPED += ["territory-timeline", "contested"]


def _keys_share(fig) -> float:
    """The height from the lowest key's bottom to the highest's top, over the figure's: the
    legends and keys as one block, the gaps between them included."""
    from kursk_data.plotting.geometry import legends, renderer_of

    boxes = [lg.get_window_extent(renderer_of(fig)) for lg in legends(fig)]
    if not boxes:
        return 0.0
    return (max(b.y1 for b in boxes) - min(b.y0 for b in boxes)) / fig.bbox.height


@pytest.mark.parametrize("fig_id", IDS)
def test_legends_and_keys_take_at_most_a_fifth_of_the_height(drawn, fig_id):
    assert _keys_share(drawn[fig_id]) <= 0.20


def test_every_shipped_figure_is_still_registered():
    assert set(SHIPPED) <= set(IDS)


@pytest.mark.parametrize("fig_id", IDS)
def test_figure_prints_between_3_4_and_16_9(drawn, fig_id):
    w, h = drawn[fig_id].get_size_inches()
    assert 3 / 4 <= w / h <= 16 / 9, (fig_id, w, h)


def _mark_colours(fig) -> dict[str, str]:
    """Each drawn claim's mark colour, by claim id."""
    out = {}
    for line in fig.findobj(matplotlib.lines.Line2D):
        gid = line.get_gid() or ""
        if gid.startswith("claim:"):
            out[gid.split(":", 1)[1]] = to_hex(line.get_color())
    return out


def _all_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def test_a_claimant_has_one_name_and_one_colour_in_every_figure(drawn):
    """Russia's claim of full recapture is one statement reported twice: the article's
    'Russian authorities' (art-03) and Gerasimov's report of 26 April (ctx-11). It is drawn
    under Gerasimov wherever it appears, in his colour, with a dagger the footer explains;
    every other claimant's marks share one colour across all figures."""
    claims = kd.load_claims()
    who = dict(zip(claims["claim_id"], claims["claimant"].astype(str), strict=True))
    who["art-03"] = "Valery Gerasimov"  # same_statement_as ctx-11, the named report
    colours: dict[str, set[str]] = {}
    for fig in drawn.values():
        for cid, colour in _mark_colours(fig).items():
            colours.setdefault(who[cid], set()).add(colour)
    assert {w: c for w, c in colours.items() if len(c) > 1} == {}
    # "Russian authorities" is named only where the footer explains the dagger.
    for fig in drawn.values():
        for t in _all_texts(fig):
            assert "Russian authorities" not in t or t.count("\u2020") == 1, t
    article = " ".join(_all_texts(drawn["territory-article"]))
    assert "Valery Gerasimov\u2020" in article
    assert _mark_colours(drawn["territory-article"])["art-03"] in colours["Valery Gerasimov"]


def test_claimants_drawn_together_are_told_apart_by_every_reader(drawn):
    """Within a figure, two claimants' colours differ by 10 or more CIEDE2000 units for
    normal, protan, deutan and tritan vision, unless they share their side's tint: then each
    is named beside its marks (a row name or a label)."""
    from kursk_data.plotting.style import SIDE_OTHER

    claims = kd.load_claims()
    who = dict(zip(claims["claim_id"], claims["claimant"].astype(str), strict=True))
    who["art-03"] = "Valery Gerasimov"
    for fig_id, fig in drawn.items():
        by_who: dict[str, str] = {}
        for cid, colour in _mark_colours(fig).items():
            by_who[who[cid]] = colour
        text = " ".join(_all_texts(fig))
        pairs = [
            (a, b)
            for i, a in enumerate(by_who)
            for b in list(by_who)[i + 1 :]
            if by_who[a] != by_who[b]
        ]
        for a, b in pairs:
            gap = colour_vision.difference(by_who[a], by_who[b])
            assert gap >= 10, (fig_id, a, b, by_who[a], by_who[b], gap)
        tinted = [w for w, c in by_who.items() if c.upper() in SIDE_OTHER.values()]
        if len(tinted) > 1:
            assert all(w in text for w in tinted), (fig_id, tinted)


def test_contested_counts_what_it_draws_and_draws_each_claim_once(drawn):
    """The disputes fill two figures that print; each title names two claimants drawn in it
    (its widest gap) or, where no measure has two disputes to compare, every measure
    disputed; no claim is drawn twice (Zelensky's 30,000-35,000 took part in two disputes);
    every row names its claimant, so no claimant key repeats them (#24 round 3); every tick
    label is 9 px or more at 680 px."""

    parts = [i for i in IDS if i.startswith("contested")]
    assert parts[0] == "contested" and len(parts) >= 2
    seen: list[str] = []
    for fig_id in parts:
        fig = drawn[fig_id]
        title = next(t.get_text() for t in fig.texts if t.get_gid() == "title")
        panels = [
            t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_gid() == "panel-title"
        ]
        # Each claim's label names its claimant: "DeepState, 22 Nov 2024: about 560 km²".
        rows = {
            re.split(r"[,:]", t.get_text())[0].split(" (")[0]
            for t in fig.findobj(matplotlib.text.Text)
            if str(t.get_gid()).startswith("label:")
        }
        # A claimant named by its body, its side's adjective left out ("a General Staff
        # source" for "Ukrainian General Staff (anonymous source)", rating 7).
        plain = title.replace("\n", " ")
        named = [
            r
            for r in rows
            if r and (r in plain or (r.split()[-1] != r and " ".join(r.split()[1:]) in plain))
        ]
        measures = [p.split(" (")[0] for p in panels]
        differ = title.startswith("Where claims differ") and all(
            m.lower() in title.lower() for m in measures
        )
        # Rating 4: a plain two-line finding ("one figure is about three times the other"),
        # whose claimants the labels under it name, where their names would not fit in two.
        # Rating 5: "more than three times" where the bounds allow it.
        ratio = re.search(r"(about|more than) (twice|\w+ times)", title.replace("\n", " "))
        # Rating 6: a total as of a day against a count over a period, each by its date.
        # Rating 7: an inferred date hedged as the labels star it ("by about mid-January*").
        by = re.search(
            r" by (about )?(early |mid-|late )\w+ \d{4}\*?: .+ vs ", title.replace("\n", " ")
        )
        # Rating 10: both disputes' gaps, each as cautiously as its qualifiers allow.
        both = re.search(
            r"differ (more than )?\w+fold, and of .+ by at least [\d,]+", title.replace("\n", " ")
        )
        assert panels and (len(named) >= 2 or differ or ratio or by or both), (title, rows)
        seen += list(_mark_colours(fig))
        keys = [lg.get_gid() for lg in fig.findobj(matplotlib.legend.Legend)]
        assert "legend:Colour" not in keys and "legend:Claimant" not in keys, keys
        for ax in fig.axes:
            for tick in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
                if tick.get_text():
                    assert tick.get_fontsize() * 680 / (7.2 * 72) >= 9
    assert len(seen) == len(set(seen)), sorted(c for c in seen if seen.count(c) > 1)
    assert "ctx-41" in seen


def test_a_100_claim_chart_passes_the_layout_test(synthetic):
    _, sources = synthetic_frames(100)
    fig = figures.FIGURES["losses-article"].draw_data(synthetic, sources)
    try:
        assert layout_problems(fig) == []
        requests = placement.label_requests(fig)
        # Only chosen marks are labelled: each measure's extremes (4 x 2) and each
        # claimant's latest (14), overlapping, so at most 22 of the 100 claims.
        assert 0 < len(requests) <= 4 * 2 + 14
        # The chart is crowded: some chosen labels find no room, but some always do.
        assert len([r for _, r in requests if r.placed]) >= 5
        footer = next(t for t in fig.texts if t.get_gid() == "footer").get_text()
        assert "Synthetic test publisher" in footer
        title = next(t for t in fig.texts if t.get_gid() == "title").get_text()
        assert "Kursk" not in title and "North Korean" not in title
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- the checker can fail


@pytest.fixture
def territory(drawn):
    """territory-article as exported (the module's drawing); what a test plants in it is taken
    out again after the test, for the tests that follow."""
    fig = drawn["territory-article"]
    before = fig.findobj()
    planted: list = []
    yield fig, fig.axes[0], planted
    for artist in planted:
        artist.remove()
    assert fig.findobj() == before


def test_checker_catches_an_overlapping_text(territory):
    fig, ax, planted = territory
    label = next(t for t in ax.texts if (t.get_gid() or "").startswith("label:"))
    planted.append(
        ax.annotate("PLANTED", xy=label.xy, xytext=label.xyann, textcoords="offset points")
    )
    problems = layout_problems(fig)
    assert any("'PLANTED'" in p and "overlaps" in p for p in problems), problems


def test_checker_catches_a_text_on_a_mark_and_on_a_line(territory):
    fig, ax, planted = territory
    mark = next(ln for ln in ax.lines if (ln.get_gid() or "") == "claim:art-01")
    x, y = mark.get_xdata()[0], mark.get_ydata()[0]
    planted.append(ax.text(x, y, "ON MARK", ha="center", va="center", fontsize=9))
    period = next(ln for ln in ax.lines if (ln.get_gid() or "").startswith("period:"))
    xs, ys = period.get_xdata(), period.get_ydata()
    planted.append(
        ax.text((xs[0] + xs[1]) / 2, ys[0], "ON LINE", ha="center", va="center", fontsize=9)
    )
    problems = layout_problems(fig)
    assert any("'ON MARK' overlaps mark claim:art-01" in p for p in problems), problems
    assert any("'ON LINE' overlaps line period:" in p for p in problems), problems


def test_checker_catches_a_mark_cut_by_the_axes_edge_zero_included():
    fig, ax = plt.subplots(figsize=(7.2, 4))
    ax.plot([0.5], [0], marker="o", ms=8, linestyle="none", gid="claim:zero")
    ax.set_ylim(0, 1)  # a zero on the bottom edge: half the mark is cut
    try:
        problems = layout_problems(fig)
        assert "mark claim:zero is cut by its axes' edge" in problems
        ax.set_ylim(-0.1, 1)
        assert "mark claim:zero is cut by its axes' edge" not in layout_problems(fig)
    finally:
        plt.close(fig)


def test_checker_catches_text_smaller_than_9px_at_680px():
    fig, ax = plt.subplots(figsize=(7.2, 4))
    # 6.5 pt at 680 px over 7.2 in: 6.5 * 680 / 518.4 = 8.5 px, under 9; 7 pt is 9.2 px.
    ax.text(0.1, 0.5, "tiny", fontsize=6.5)
    ax.text(0.6, 0.5, "fine", fontsize=7)
    try:
        problems = layout_problems(fig)
        assert any(p.startswith("text 'tiny' is 8.5 px") for p in problems), problems
        assert not any("'fine'" in p for p in problems)
    finally:
        plt.close(fig)


def test_checker_catches_a_text_on_a_legend(territory):
    fig, ax, planted = territory
    legend = next(c for c in ax.get_children() if isinstance(c, matplotlib.legend.Legend))
    box = legend.get_window_extent(fig.canvas.get_renderer())
    planted.append(
        fig.text(box.x0 / fig.bbox.width + 0.01, box.y0 / fig.bbox.height + 0.01, "ON LEGEND")
    )
    assert any("'ON LEGEND' overlaps a legend" in p for p in layout_problems(fig))


# Rows that report another row's statement (the ledger's same_statement_as): drawn as the row
# they name, one mark per statement, both rows kept in the figure's data file.
SAME_STATEMENT = {"art-01": "ctx-13", "art-03": "ctx-11", "art-04": "ctx-31"}


def mark_ids(fig) -> list[str]:
    return [
        ln.get_gid().split(":", 1)[1]
        for ax in fig.axes
        for a in [ax, *ax.child_axes]
        for ln in a.lines
        if (ln.get_gid() or "").startswith("claim:")
    ]


@pytest.mark.parametrize("fig_id", IDS)
def test_the_data_file_lists_exactly_the_claims_drawn(drawn, fig_id):
    """figures/<id>.csv holds spec.data(): every row of it has a mark (its own, or the mark of
    the statement it reports again), every mark a row (contested draws each claimant's latest
    figure of a dispute; its file adds the earlier figures the dispute counted, as its caption
    says)."""
    marks = set(mark_ids(drawn[fig_id]))
    rows = set(figures.FIGURES[fig_id].data(kd.load_claims())["claim_id"])
    folded = {c for c, into in SAME_STATEMENT.items() if c in rows and into in rows}
    assert not marks & folded, "a statement reported twice is drawn twice"
    if fig_id.startswith("contested"):  # contested and contested-counts
        assert marks <= rows and marks
    else:
        assert marks | folded == rows


def test_one_statement_reported_twice_is_one_mark_labelled_once(drawn):
    """Syrskyi's about 90 km² of 22 June 2025 is in the article (art-01) and in another report
    (ctx-13): one diamond at that date, one label, both rows in the data file and sidecar."""
    fig = drawn["territory-timeline"]
    ax = fig.axes[0]
    june = mdates.date2num(pd.Timestamp("2025-06-22"))
    at_june = [
        ln.get_gid()
        for ln in ax.lines
        if (ln.get_gid() or "").startswith("claim:") and ln.get_xdata()[0] == june
    ]
    assert at_june == ["claim:ctx-13"]
    labels = [
        r for _, r in placement.label_requests(fig) if r.gid in ("label:art-01", "label:ctx-13")
    ]
    assert [r.gid for r in labels] == ["label:ctx-13"] and labels[0].placed
    assert "about 90" in labels[0].text and "Oleksandr Syrskyi" in labels[0].text
    # Russia's 0 of 26 April 2025: Gerasimov's statement (ctx-11), reported by the article as
    # "Russian authorities" (art-03): one hollow mark, Gerasimov's.
    ids = mark_ids(fig)
    assert ids.count("ctx-11") == 1 and "art-03" not in ids
    data = figures.FIGURES["territory-timeline"].data(kd.load_claims())
    assert {"art-01", "ctx-13", "art-03", "ctx-11"} <= set(data["claim_id"])


def test_a_users_own_ledger_alone_draws_only_its_own_claims(synthetic):
    """With the shipped ledger left out (--no-shipped), an article figure of another topic
    is empty and says so; the losses figure draws the user's claims, nothing else."""
    territory = figures.FIGURES["territory-article"].data(synthetic)
    assert territory.empty
    losses = figures.FIGURES["losses-article"].data(synthetic)
    assert set(losses["claim_id"]) == set(synthetic["claim_id"])


@pytest.mark.parametrize("fig_id", ["overview-article"])
def test_row_labels_sit_on_their_own_rows_baseline(drawn, fig_id):
    """In row charts every value label is on its mark's baseline, so "about 11,000" (the
    unattributed row of North Korean troops deployed) never reads as part of HUR's row above.
    layout_problems checks it (the registered-figure test); here: that the check has labels
    to check, and that each is beside its own mark, not above or below it."""
    fig = drawn[fig_id]
    renderer = fig.canvas.get_renderer()
    row_labels = [
        t
        for ax in fig.axes
        for a in [ax, *ax.child_axes]
        for t in a.texts
        if getattr(t, "_kd_row_y", None) is not None
    ]
    assert len(row_labels) == len(placement.label_requests(fig))
    for t in row_labels:
        box = t.get_window_extent(renderer)
        mark = next(
            ln
            for ln in t.axes.lines
            if ln.get_gid() == "claim:" + t.get_gid().split(":", 1)[1]
            and ln.get_ydata()[0] == t._kd_row_y
        )
        y = t.axes.transData.transform((mark.get_xdata()[0], mark.get_ydata()[0]))[1]
        assert box.y0 < y < box.y1, t.get_text()


def test_checker_catches_a_row_label_moved_to_another_row(drawn):
    """A row's label moved up by one row (to the row above) is caught (in the module's
    drawing of `overview-article`, the label put back after; `contested-counts`, where this
    was first tested, now labels each claim above or below its dumbbell's mark)."""
    fig = drawn["overview-article"]
    assert layout_problems(fig) == []
    moved = None
    try:
        label = next(
            t
            for ax in fig.axes
            for a in [ax, *ax.child_axes]
            for t in a.texts
            if getattr(t, "_kd_row_y", None) is not None and t._kd_row_y >= 1
        )
        ax = label.axes
        # One row up, in points: the distance between two rows' baselines.
        one_row = ax.transData.transform((0, 0))[1] - ax.transData.transform((0, 1))[1]
        moved = (label, label.xyann)
        label.xyann = (label.xyann[0], label.xyann[1] + one_row * 72 / fig.dpi)
        problems = layout_problems(fig)
        # Moved by one row pitch, so it is off its own baseline by exactly that much.
        off = f"text {label.get_gid()} is {one_row:.0f} px off its row's baseline"
        assert off in problems, problems
    finally:
        if moved is not None:
            moved[0].xyann = moved[1]


# Hue ranges (degrees, HSV) of each side's family, read off a colour wheel: reds and oranges,
# yellows, greens, blues, purples; unattributed reports are grey (no saturation).
FAMILY_HUES = {
    "russia": [(330, 360), (0, 30)],
    "independent": [(35, 60)],
    "third_party": [(90, 180)],
    "ukraine": [(190, 250)],
    "north_korea": [(270, 330)],
}


def test_a_claimant_has_one_colour_in_every_figure_and_its_sides_hue(drawn):
    """Valery Gerasimov was teal in `contested` and maroon in `territory-timeline`: now each
    claimant has one colour in every registered figure, in its side's family, and a Russian
    claimant is never drawn in a third party's green."""
    claims = kd.load_claims().set_index("claim_id")
    seen: dict[str, set[str]] = {}
    for fig in drawn.values():
        for ax in fig.axes:
            for a in [ax, *ax.child_axes]:
                for ln in a.lines:
                    gid = ln.get_gid() or ""
                    if gid.startswith("claim:"):
                        who = claims.loc[gid.split(":", 1)[1], "claimant"]
                        seen.setdefault(who, set()).add(to_hex(ln.get_color()))
    assert {w: c for w, c in seen.items() if len(c) > 1} == {}
    assert "Valery Gerasimov" in seen and "South Korea's National Intelligence Service" in seen
    sides = claims.groupby("claimant")["claimant_side"].first().astype(str)
    for who, (color,) in seen.items():
        side = sides[who]
        h, s, _ = colorsys.rgb_to_hsv(*to_rgb(color))
        if side == "unattributed":
            assert s < 0.05, (who, color)
            continue
        hue = h * 360
        assert any(lo <= hue <= hi for lo, hi in FAMILY_HUES[side]), (who, side, color, hue)
        if side == "russia":
            assert not any(lo <= hue <= hi for lo, hi in FAMILY_HUES["third_party"])


def test_a_one_panel_row_chart_keeps_its_title_clear_of_the_legends():
    """A user's ledger with head counts only draws the overview as one panel, the container
    axes itself: its title ("People: …", troops and losses on one scale) must sit under the
    legends, not on them."""
    claims, sources = synthetic_frames(30)
    claims.loc[claims.index[::2], "topic"] = "troops"  # synthetic: two topics, one unit
    fig = figures.FIGURES["overview-article"].draw_data(typed(claims), sources)
    try:
        titles = [t for ax in fig.axes for t in ax.texts if t.get_gid() == "panel-title"]
        assert [t.get_text().split(":")[0] for t in titles] == ["People"]
        assert layout_problems(fig) == []
    finally:
        plt.close(fig)


@pytest.mark.parametrize("log", [False, True])
def test_tick_labels_of_a_narrow_value_axis_do_not_collide(log):
    """Beside long row names a value axis can be a few centimetres wide: it gets as many tick
    labels as fit there, never more ("100,000" at 8.5 pt and 100 dpi: 7 characters of about
    0.6 em plus an em between labels, 5.2 em = 61 px each)."""
    claims = typed(synthetic_frames(12)[0])
    if log:  # figures spanning far more than 150x: a log axis over six decades
        claims["value"] = [10.0**k for k in range(2, 8)] * 2
        claims["low"] = claims["high"] = float("nan")
        claims["qualifier"] = "exact"
    fig, ax = plt.subplots(figsize=(7.2, 8))
    fig.subplots_adjust(left=0.62, right=0.97, top=0.8, bottom=0.2)
    try:
        kd.plot_overview(claims, ax=ax, footer=False)
        problems = [p for p in layout_problems(fig) if "overlaps text" in p]
        assert problems == []
    finally:
        plt.close(fig)


_MEASURED: dict[tuple[str, float, str, float], float] = {}


def _greedy_wrap(text: str, width_px: float, fig, fontsize: float, fontweight: str) -> str:
    """The obvious greedy wrap, measuring every prefix: what ``frame.wrap`` must equal."""
    from matplotlib.font_manager import FontProperties

    renderer = fig.canvas.get_renderer()
    prop = FontProperties(size=fontsize, weight=fontweight)

    def width(s: str) -> float:
        # The renderer's own measurement; a prefix that comes back (the same text wrapped to
        # another width) is not measured twice.
        key = (s, fontsize, fontweight, fig.dpi)
        if key not in _MEASURED:
            _MEASURED[key] = renderer.get_text_width_height_descent(s, prop, False)[0]
        return _MEASURED[key]

    lines = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if line and width(trial) > width_px:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return "\n".join(lines)


def test_wrap_breaks_where_the_greedy_rule_does():
    """wrap() measures whole lines near a guess; its lines are those of measuring every prefix,
    for long and short words, empty words (double spaces), words wider than the line, line
    breaks, and guesses far too long or too short (tiny and huge widths, two font sizes)."""
    import importlib
    import random

    frame = importlib.import_module("kursk_data.plotting.frame")
    rng = random.Random(14)
    vocab = ["Ukraine", "km²", "", "a", "Syrskyi's", "over", "1,000", "—", "fi", "x" * 60]
    fig = plt.figure(figsize=(7.2, 4))
    try:
        for _ in range(10):
            text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 30)))
            if rng.random() < 0.3:
                text = text.replace(" ", "\n", 2)
            if rng.random() < 0.3:  # narrow letters: more words fit than the guess allows
                text = " ".join(["ill", "l1i", "if"] * rng.randint(5, 25))
            for width in (15, 400, 3000):
                for size, weight in ((8, "normal"), (13, "bold")):
                    expected = _greedy_wrap(text, width, fig, size, weight)
                    assert frame.wrap(text, width, fig, size, weight) == expected
    finally:
        plt.close(fig)


def test_vectorised_overlap_tests_decide_as_the_scalar_ones():
    """The label placer's array tests (geometry.any_box_overlaps, segments_hit_box,
    segment_hits_boxes) must give the scalar functions' answer on every input: random boxes
    and segments on a coarse grid (so edges touch exactly, segments run along box edges or
    have no length), negative half widths that shrink a box to nothing, and a NaN end."""
    import random

    import numpy as np
    from matplotlib.transforms import Bbox

    from kursk_data.plotting import geometry

    rng = random.Random(3)

    def coord():
        return rng.choice([rng.randint(0, 8) * 2.5, rng.uniform(0, 20)])

    def box():
        x0, y0 = coord(), coord()
        return Bbox.from_extents(x0, y0, x0 + rng.choice([0, 0.5, 1, 2.5, 5]), y0 + coord())

    for _ in range(400):
        target = box()
        boxes = [box() for _ in range(rng.randint(0, 4))]
        segs = np.array(
            [[[coord(), coord()], [coord(), coord()]] for _ in range(rng.randint(0, 4))]
        ).reshape(-1, 2, 2)
        if len(segs) and rng.random() < 0.3:
            segs[0, 1] = segs[0, 0]  # a segment of no length
        if len(segs) and rng.random() < 0.05:
            segs[-1, 0, 0] = np.nan
        half = np.array([rng.choice([0.0, 0.3, 1.25, -3.0]) for _ in range(len(segs))])
        tol = rng.choice([0.0, geometry.TOLERANCE])
        array = geometry.as_boxes(boxes)
        assert geometry.any_box_overlaps(target, array, tol) == any(
            geometry.boxes_overlap(target, b, tol) for b in boxes
        )
        assert geometry.segments_hit_box(segs, half, target, tol) == any(
            geometry.segment_hits_box(s, float(w), target, tol)
            for s, w in zip(segs, half, strict=True)
        )
        for s in segs:
            assert geometry.segment_hits_boxes(s, 0.5, array, tol) == any(
                geometry.segment_hits_box(s, 0.5, b, tol) for b in boxes
            )


# --------------------------------------------------------------------------------------------
# Chart content a chart desk sends back (#24): each test measures the drawn figure.

CONTENT_IDS = [
    "troops-article",
    "losses-article",
    "overview-article",
    "territory-timeline",
    "territory-article",
]


def _axes(fig) -> list:
    """Every Axes of ``fig``, panels and secondary axes (child axes) included."""
    out, todo = [], list(fig.axes)
    while todo:
        ax = todo.pop(0)
        out.append(ax)
        todo += list(ax.child_axes)
    return out


def _texts(fig) -> list[str]:
    from kursk_data.plotting import geometry

    return [t.get_text() for t, _ in geometry.visible_texts(fig) if t.get_text()]


def _marks(fig) -> dict[str, tuple]:
    """Each drawn claim mark: its id -> (axes, its centre in pixels)."""
    fig.draw_without_rendering()
    out = {}
    for ax in _axes(fig):
        for line in ax.lines:
            gid = str(line.get_gid() or "")
            if gid.startswith("claim:"):
                x, y = line.get_xydata()[0]
                out[gid[6:]] = (ax, line.get_transform().transform((x, y)))
    return out


@pytest.mark.parametrize("fig_id", CONTENT_IDS)
def test_a_leader_starts_at_its_own_mark_and_crosses_no_other_claim(drawn, fig_id):
    """A label's leader line ends at the mark it names (within the mark's radius and the gap
    matplotlib leaves), and from there to its label crosses no other claim's mark, band, bound
    or period bar, so it never reads as another claim's (losses: "over 1,000 … unattributed").
    A bound's fade counts where it still has half its ink or more."""
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path
    from matplotlib.transforms import Bbox

    fig = drawn[fig_id]
    marks = _marks(fig)
    px = fig.dpi / 72
    others_bars = []  # (claim id, its bar's outline in pixels)
    for ax in _axes(fig):
        arts = [*ax.lines, *ax.collections]
        for art in arts:
            kind, _, cid = str(art.get_gid() or "").partition(":")
            if kind not in ("band", "bound", "period", "claim"):
                continue
            if kind == "claim":
                others_bars.append((cid, art.get_window_extent(fig.canvas.get_renderer())))
                continue
            paths = art.get_paths() if hasattr(art, "get_paths") else [art.get_path()]
            widths = np.atleast_1d(art.get_linewidth())
            alphas = (
                matplotlib.colors.to_rgba_array(art.get_colors())[:, 3]
                if hasattr(art, "get_colors")
                else np.ones(1)
            )
            for i, path in enumerate(paths):
                if alphas[i % len(alphas)] < 0.5 * alphas.max():
                    continue
                pts = art.get_transform().transform(path.vertices)
                half = float(widths[i % len(widths)]) * px / 2
                lo, hi = pts.min(axis=0) - half, pts.max(axis=0) + half
                others_bars.append((cid, Bbox([lo, hi])))
    leaders = 0
    for text in fig.findobj(matplotlib.text.Annotation):
        arrow = text.arrow_patch
        gid = str(text.get_gid() or "")
        if not isinstance(arrow, FancyArrowPatch) or not gid.startswith("label:"):
            continue
        leaders += 1
        cid = gid[6:]
        pts = arrow.get_transform().transform(arrow.get_path().vertices)
        centre = marks[cid][1]
        end = min(pts, key=lambda p: np.hypot(*(p - centre)))
        # The leader stops MARK_SIZE / 2 + 1 pt short of the centre: within 6 pt of it.
        assert np.hypot(*(end - centre)) <= 6 * px, (cid, end, centre)
        far = max(pts, key=lambda p: np.hypot(*(p - centre)))
        leader = Path([end, far])
        for other, box in others_bars:
            if other != cid:
                assert not leader.intersects_bbox(box, filled=True), (cid, "crosses", other)
    if fig_id == "territory-timeline":
        assert leaders >= 1  # the test has something to measure


def _ink(fig, kind: str, skip: set[str] = frozenset()) -> list[float]:
    """Alphas of every drawn part of ``kind`` ("band" or "bound"), but those gids in ``skip``."""
    from matplotlib.colors import to_rgba_array

    out = []
    for ax in _axes(fig):
        for art in [*ax.lines, *ax.collections]:
            if str(art.get_gid() or "").startswith(kind + ":") and art.get_gid() not in skip:
                if isinstance(art, matplotlib.lines.Line2D):
                    out.append(art.get_alpha() if art.get_alpha() is not None else 1.0)
                else:
                    out += list(to_rgba_array(art.get_colors())[:, 3])
    return out


@pytest.mark.parametrize(
    "fig_id", ["losses-article", "overview-article", "territory-timeline", "troops-article"]
)
def test_open_ended_bounds_are_the_lightest_marks_and_stop_short_of_the_axis_end(drawn, fig_id):
    """A bound's fade ("over X", "up to X") is never darker than a band, and "over X" fades
    over a short stretch: it stops well before the axis' end, so it never reads as a bar to
    the top of the scale nor runs into what lies above the axes."""
    from kursk_data.plotting.rows import UP_TO_ALPHA

    fig = drawn[fig_id]
    bounds = _ink(fig, "bound", set())
    assert bounds, "the figure draws a bound"
    # A timeline's bounds start at a band's alpha (style.BAND_ALPHA), the lighter ink. A row
    # chart's start where every figure's "up to" does (rating 9: one convention, as
    # contested-counts draws it), below an opaque stated mark's.
    rows = fig_id in ("overview-article", "troops-article")
    assert max(bounds) <= (UP_TO_ALPHA if rows else 0.3) + 1e-9
    assert UP_TO_ALPHA < 1
    claims = kd.load_claims().set_index("claim_id")
    for ax in _axes(fig):
        for coll in ax.collections:
            kind, _, cid = str(coll.get_gid() or "").partition(":")
            if kind != "bound" or claims.loc[cid, "qualifier"] != "over":
                continue
            pts = coll.get_transform().transform(np.concatenate(coll.get_segments()))
            vertical = np.ptp(pts[:, 0]) < np.ptp(pts[:, 1])
            along = pts[:, 1] if vertical else pts[:, 0]
            box = ax.bbox
            length, room = np.ptp(along), (box.height if vertical else box.width)
            end = box.y1 if vertical else box.x1
            assert length <= 0.2 * room, (cid, length, room)
            assert along.max() <= end - 0.04 * room, (cid, "runs to the axis end")


def test_head_counts_of_one_unit_share_one_scale_and_name_it_once(drawn):
    """troops-article: 11,000 (art-06) and up to 70,000 (art-05) people stand at different
    places on one shared scale, and "people" is not repeated. Three measures are no trend:
    one panel, a row each (#24 round 4), each row naming its measure."""
    fig = drawn["troops-article"]
    marks = _marks(fig)
    ids = ("art-04", "art-05", "art-06")
    axes = {id(marks[c][0]) for c in ids}
    assert len(axes) == 1  # one panel: one scale
    ax = marks["art-05"][0]

    def along(cid):
        return (marks[cid][1][0] - ax.bbox.x0) / ax.bbox.width

    assert along("art-05") - along("art-06") > 0.4
    assert along("art-05") - along("art-04") > 0.4  # about 10,000 against up to 70,000
    rows = {c: round(float(marks[c][1][1]), 1) for c in ids}
    assert len(set(rows.values())) == 3, rows  # a row each: no shared time axis
    assert not isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
    # The subtitle says it, and the axis' end ("70,000 people", rating 4: the axis had no unit).
    assert sum(t.count("people") for t in _texts(fig)) <= 2
    claims = kd.load_claims().set_index("claim_id")
    # A row's name is two tick labels of one tick: the measure (minor), the claimant (major).
    both = [*ax.get_yticklabels(), *ax.get_yticklabels(minor=True)]
    names = " ".join(" ".join(t.get_text().split()) for t in both)
    for cid in ids:
        assert measure_label(claims.loc[cid, "measure"]) in names, names


@pytest.mark.parametrize("fig_id", CONTENT_IDS)
def test_count_axes_start_at_zero(drawn, fig_id):
    """No value axis of a count or an area shows a tick below zero or a spine running left of
    (or below) zero: the room kept for a zero mark is blank."""
    fig = drawn[fig_id]
    marks = _marks(fig)
    for ax in {id(a): a for a, _ in marks.values()}.values():
        vertical = isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
        axis = ax.yaxis if vertical else ax.xaxis
        if axis.get_scale() != "linear":
            continue
        lo, hi = sorted(ax.get_ylim() if vertical else ax.get_xlim())
        shown = [t for t in axis.get_majorticklocs() if lo <= t <= hi]
        assert min(shown) >= 0, (fig_id, shown)
        spine = ax.spines["left" if vertical else "bottom"]
        pts = spine.get_transform().transform(spine.get_path().vertices)
        start = pts[:, 1].min() if vertical else pts[:, 0].min()
        zero = ax.transData.transform((0, 0))[1 if vertical else 0]
        assert start == pytest.approx(zero, abs=1.0), (fig_id, start, zero)


@pytest.mark.parametrize("fig_id", ["territory-article", "territory-timeline"])
def test_square_miles_are_on_round_ticks_at_their_true_places(drawn, fig_id):
    """The second unit's axis has its own round ticks (0, 100, 200 …), each at the height of
    the km² figure it equals (1 sq mi = 2.589988110336 km²), not km² grid lines relabelled."""
    fig = drawn[fig_id]
    fig.draw_without_rendering()
    secondary = [a for a in _axes(fig) if type(a).__name__ == "SecondaryAxis"]
    assert len(secondary) == 1
    sec = secondary[0]
    parent = sec._parent
    lo, hi = sorted(sec.get_ylim())
    shown = [t for t in sec.yaxis.get_major_ticks() if lo <= t.get_loc() <= hi]
    ticks = [float(t.get_loc()) for t in shown]
    labels = [t.label2.get_text() or t.label1.get_text() for t in shown]
    assert len(ticks) >= 3
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** np.floor(np.log10(step))
    assert any(np.isclose(mantissa, m) for m in (1, 2, 2.5, 5)), ticks
    assert all(np.isclose(t / step, round(t / step)) for t in ticks), ticks
    assert [float(s.replace(",", "")) for s in labels] == pytest.approx(ticks)
    for t in ticks:
        mine = sec.transData.transform((0, t))[1]
        km2 = parent.transData.transform((0, t * 2.589988110336))[1]
        assert mine == pytest.approx(km2, abs=0.5), (t, mine, km2)


@pytest.mark.parametrize("fig_id", CONTENT_IDS)
def test_areas_are_spelt_one_way_and_no_name_has_two_brackets(drawn, fig_id):
    """Labels say km² as the axes do (never "sq km" beside km²); a claimant named with a
    bracket of its own is not followed by a second one ("(anonymous source) (Ukraine)")."""
    import re

    for text in _texts(drawn[fig_id]):
        assert not re.search(r"\bsq\.? ?(km|mi)\b|square (kilomet|mile)", text, re.I), text
        assert not re.search(r"\)\s*\(", text), text


def test_every_mark_of_the_territory_timeline_carries_its_figure(drawn):
    """Each mark of territory-timeline has a placed label that gives its figure (a label may
    name a claimant's neighbouring figures together)."""
    fig = drawn["territory-timeline"]
    claims = kd.load_claims().set_index("claim_id")
    placed = [t.get_text() for t in fig.findobj(matplotlib.text.Annotation) if t.get_gid()]
    marks = _marks(fig)
    assert len(marks) >= 10
    for cid in marks:
        figure = f"{float(claims.loc[cid, 'value']):,.0f}"
        assert any(re.search(rf"(?<![\d,]){figure}(?![\d,])", t) for t in placed), (cid, figure)


def _title(fig_id: str) -> str:
    spec = figures.FIGURES[fig_id]
    return spec.resolve(spec.data(kd.load_claims())).title


def test_losses_title_gives_running_totals_by_their_dates_not_a_spread():
    """The claims beside the article's are one claimant's totals at different dates: the title
    never presents them as a spread of one number ("ran from", "estimates of", "from <first>
    to <last>"); rating 9: it sets the article's figure against that claimant's estimate of
    its own time, one estimate, named as such."""
    title = _title("losses-article")
    claims = kd.load_claims()
    others = claims[
        (claims["measure"] == "north_korean_troops_killed") & (claims["claim_id"] != "art-07")
    ].sort_values("period_end")
    assert others["claimant"].nunique() == 1
    first, last = (f"{float(r['value']):,.0f}" for r in (others.iloc[0], others.iloc[-1]))
    assert not re.search(rf"from (?:over |about )?{first} to (?:over |about )?{last}", title)
    assert "ran from" not in title and "estimates" not in title
    assert "estimate" in title, title


def test_overview_title_states_a_finding_of_the_article():
    """The overview's title is a finding: the article's first area figure, its last, and the
    direction between them, as the ledger has them."""
    title = _title("overview-article")
    claims = kd.load_claims()
    area = claims[
        (claims["measure"] == "area_held_by_ukraine") & claims["claim_id"].str.startswith("art-")
    ]
    area = area[area["basis"] != "implied"].sort_values("period_end")
    first, last = area.iloc[0], area.iloc[-1]
    assert float(first["value"]) > float(last["value"])
    a, b = f"{float(first['value']):,.0f}", f"{float(last['value']):,.0f}"
    # Both figures, each credited to its own claimant (rating 10: "(Syrskyi)" after the fall
    # credited both ends to him): the first said as unattributed, the last as the named
    # claimant's count; the change between them is the finding.
    title = title.replace("\u00a0", " ")  # a figure's no-break space before its unit
    assert first["claimant"] == "unattributed"
    assert re.search(rf"from \w+ {a} km² \(unattributed\) to \w+ {b} by ", title), title
    who = str(last["claimant"]).split()[-1]
    assert f"{b} by {who}'s" in title, title


@pytest.mark.parametrize("fig_id", CONTENT_IDS)
def test_no_mark_sits_on_another_claims_fading_bound(drawn, fig_id):
    """No claim's mark lies on another claim's fading bound, any part of it (territory-timeline:
    Syrskyi's 1,263 km² of 20 August sat on the grey "over 1,000" bar)."""
    from matplotlib.transforms import Bbox

    fig = drawn[fig_id]
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    marks, bars = [], []
    for ax in _axes(fig):
        for line in ax.lines:
            gid = str(line.get_gid() or "")
            if gid.startswith("claim:"):
                marks.append((gid[6:], line.get_window_extent(renderer)))
        for coll in ax.collections:
            gid = str(coll.get_gid() or "")
            if gid.startswith("bound:"):
                half = coll.get_linewidths()[0] * fig.dpi / 72 / 2
                for path in coll.get_paths():
                    pts = coll.get_transform().transform(path.vertices)
                    bars.append((gid[6:], Bbox([pts.min(axis=0) - half, pts.max(axis=0) + half])))
    assert marks
    on = [(m, b) for m, mbox in marks for b, bbox in bars if m != b and mbox.overlaps(bbox)]
    assert on == []


def test_a_label_that_finds_no_place_tries_its_shorter_wordings():
    """A three-line label with no room by its mark (#24 round 4: the two claims of 26 Apr
    2025 lost both their labels) is placed in its first shorter wording that fits, and the
    label drawn says that wording; with none that fits it is left out."""
    from kursk_data.plotting.placement import place_labels, request_label

    fig = plt.figure(figsize=(3, 0.35))
    ax = fig.add_axes([0, 0, 1, 1])
    try:
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        # A plot 25 pt tall: three lines fit nowhere, one line beside the mark does.
        ax.plot([5.0], [5.0], "o", gid="claim:a")
        long = "about 30 km²\nDeepState\n26 Apr 2025"
        req = request_label(ax, long, (5.0, 5.0), "label:a", alternatives=("a, b c", "a"))
        gone = request_label(ax, long, (5.0, 5.0), "label:a2", alternatives=(long,))
        place_labels(fig)
        assert req.placed and req.artist.get_text() == "a, b c"
        assert not gone.placed
    finally:
        plt.close(fig)


def test_every_labelled_mark_of_the_territory_timeline_shows_its_date(drawn):
    """A figure read off a date axis needs its date: each placed label of territory-timeline
    names a month (rating 5: Syrskyi's about 1,000 km² of 12 Aug 2024 was labelled with its
    figure alone), and a mark of a day names its day."""
    months = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
    claims = kd.load_claims().set_index("claim_id")
    requests = placement.label_requests(drawn["territory-timeline"])
    assert requests
    for _, req in requests:
        text = req.artist.get_text() if req.artist is not None else ""
        assert re.search(rf"\b({months})\b", text), (req.gid, text)
        for cid in req.owns or (req.gid.split(":", 1)[1],):
            if claims.loc[cid, "period_precision"] == "day":
                day = f"{claims.loc[cid, 'period_start']:%-d}"
                assert re.search(rf"(?<!\d){day}\*?( |,| and|$)", text), (cid, text)


def _glyph_area(line) -> float:
    """A mark's drawn area in points² (its marker's outline at its size)."""
    from matplotlib.markers import MarkerStyle

    style = MarkerStyle(line.get_marker())
    v = style.get_path().transformed(style.get_transform()).to_polygons()[0]
    x, y = v[:, 0], v[:, 1]
    shoelace = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
    return shoelace * line.get_markersize() ** 2


def test_an_over_mark_is_as_large_as_the_marks_beside_it(drawn):
    """losses-article: the "over 100" triangle starts the series the title is about; drawn at
    the diamonds' size it covered half their area (rating 5). Every claim mark covers at least
    80 % of the largest one's area."""
    areas = {
        line.get_gid(): _glyph_area(line)
        for line in drawn["losses-article"].findobj(matplotlib.lines.Line2D)
        if str(line.get_gid() or "").startswith("claim:") and line.get_marker() not in ("_", "|")
    }
    assert len(areas) >= 4
    assert min(areas.values()) >= 0.8 * max(areas.values()), areas


def test_each_line_of_the_territory_timeline_is_named_near_its_start(drawn):
    """A claimant whose figures are joined by a line is named near the line's start as well
    as at its end (rating 5: Syrskyi and DeepState were named on their last points only): a
    placed label owning one of its first two marks, or a mark within a month of its first,
    names it (rating 8: Syrskyi's 20 and 27 Aug are labelled each, the later one naming
    him)."""
    from kursk_data.plotting.style import claimant_name

    claims = kd.load_claims().set_index("claim_id")
    texts: dict[str, str] = {}
    for _, req in placement.label_requests(drawn["territory-timeline"]):
        if req.artist is not None:
            for cid in req.owns or (req.gid.split(":", 1)[1],):
                texts[cid] = req.artist.get_text()
    marks = claims.loc[[c for c in _marks(drawn["territory-timeline"]) if c in claims.index]]
    lines = 0
    for who, g in marks.sort_values("period_end").groupby("claimant"):
        if len(g) < 3:
            continue
        lines += 1
        name = claimant_name(g.iloc[0])
        soon = g.index[(g["period_end"] - g["period_end"].iloc[0]).dt.days <= 31]
        early = [texts.get(c, "") for c in dict.fromkeys([*g.index[:2], *soon])]
        assert any(name in t for t in early), (who, early)
    assert lines >= 2
