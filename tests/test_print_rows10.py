"""The row charts after the ninth chart-desk read (#24, rating 9): troops-article and
overview-article. Each test measures the drawn figure (the shared ``drawn`` fixture) or the
words the registry gives it, against the ledger."""

from __future__ import annotations

import re

import numpy as np
import pytest
from figure_probes import claim_marks as _marks
from matplotlib.colors import to_rgba

import kursk_data as kd
from kursk_data.figures import FIGURES
from kursk_data.figures.registry import ledger_palette
from kursk_data.figures.titles import headline_name, number_words
from kursk_data.plotting.marks import all_axes

ROW_FIGURES = ("troops-article", "overview-article")


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _row(claims, cid):
    return claims[claims["claim_id"] == cid].iloc[0]


def _words(fig_id, claims):
    spec = FIGURES[fig_id]
    return spec.resolve(spec.data(claims))


def _fade(fig, cid):
    ax, _ = _marks(fig)[cid]
    return next(c for c in ax.collections if c.get_gid() == f"bound:{cid}")


# --------------------------------------------------------------------------- "up to", one way


def test_up_to_is_drawn_one_way_in_every_figure(drawn, claims):
    """Rating 9: "up to 70,000" was an outlined bar, the heaviest mark, while contested-counts
    drew "up to 4,000" as an unoutlined fade. Every figure drawing an "up to" claim now draws
    its fade alike: no outline, the claimant's colour, the same alphas from the figure down,
    below the opaque ink of any stated figure on the page."""
    palette = ledger_palette(claims)
    up = set(claims.loc[claims["qualifier"] == "up_to", "claim_id"].astype(str))
    profiles = {}
    for fig_id, fig in drawn.items():
        for cid in sorted(up & set(_marks(fig))):
            fade = _fade(fig, cid)
            colours = fade.get_colors()
            who = palette.names.get(cid, str(_row(claims, cid)["claimant"]))
            assert np.allclose(colours[:, :3], to_rgba(palette[who])[:3]), (fig_id, cid)
            profiles[(fig_id, cid)] = np.round(colours[:, 3] / colours[:, 3].max(), 6)
            stated = [
                ln
                for ax in all_axes(fig)
                for ln in ax.get_lines()
                if str(ln.get_gid()).startswith("claim:")
            ]
            assert all(ln.get_alpha() in (None, 1.0) for ln in stated), fig_id
            assert colours[:, 3].max() < 1, (fig_id, cid)
            outlines = [
                ln
                for ax in all_axes(fig)
                for ln in ax.get_lines()
                if str(ln.get_gid()).startswith("outline:")
            ]
            assert not outlines, fig_id
    # contested-counts leaves its one "up to" dispute out (two moments, dumbbells10), so the
    # dumbbells' drawing is measured on plot_contested, which still draws that pair.
    import matplotlib.pyplot as plt

    fig = plt.figure()
    kd.plot_contested(measure=["russian_troops_in_kursk"], ax=fig.add_subplot())
    figures = {**drawn, "plot_contested": fig}
    for cid in sorted(up & set(_marks(fig))):
        alphas = _fade(fig, cid).get_colors()[:, 3]
        profiles[("plot_contested", cid)] = np.round(alphas / alphas.max(), 6)
    tops = {_fade(figures[f], c).get_colors()[:, 3].max() for f, c in profiles}
    plt.close(fig)
    figs = {f for f, _ in profiles}
    assert {"troops-article", "overview-article", "plot_contested"} <= figs, figs
    first = next(iter(profiles.values()))
    for key, profile in profiles.items():
        assert profile.shape == first.shape and np.allclose(profile, first), key
    assert len(tops) == 1, tops  # one alpha at the figure in every figure


def test_a_small_over_mark_is_seen(drawn, claims):
    """overview-article: "over 1,000" killed on a scale to 80,000 was a glyph with a faint
    10 px fade (rating 9). Its fade starts in the ink of an "up to" fade and stays at least as
    dark as a timeline's bound starts (grammar.FADE_ALPHA) for a glyph's width at 680 px."""
    from kursk_data.plotting.grammar import FADE_ALPHA

    fig = drawn["overview-article"]
    fig.draw_without_rendering()
    over = claims[(claims["qualifier"] == "over") & (claims["unit"] == "personnel")]
    cid = next(c for c in over["claim_id"].astype(str) if c in _marks(fig))
    ax, mark = _marks(fig)[cid]
    fade = _fade(fig, cid)
    up = next(c for c in claims.loc[claims["qualifier"] == "up_to", "claim_id"] if c in _marks(fig))
    assert fade.get_colors()[:, 3].max() == pytest.approx(_fade(fig, up).get_colors()[:, 3].max())
    alphas = fade.get_colors()[:, 3]
    strong = [s for s, a in zip(fade.get_segments(), alphas, strict=True) if a >= FADE_ALPHA]
    xs = ax.transData.transform(np.concatenate(strong))[:, 0]
    scale = 680 / fig.bbox.width
    glyph = mark.get_window_extent().width * scale
    assert np.ptp(xs) * scale >= glyph, (np.ptp(xs) * scale, glyph)


# --------------------------------------------------------------------------- troops-article


def test_troops_title_states_a_finding_from_the_ledger(claims):
    """Rating 9: the title was an inventory. It sets the one named claimant's figure for the
    force facing Ukraine's foothold beside the figure for the whole region, each as worded,
    each said as whose it is."""
    title = _words("troops-article", claims).title.replace("\u00a0", " ")
    front, region = _row(claims, "art-04"), _row(claims, "art-05")
    assert front["measure"] == "russian_troops_against_ukrainian_foothold"
    assert region["measure"] == "russian_troops_in_kursk"
    words = {"about": "about ", "up_to": "up to ", "over": "over "}
    for row in (front, region):
        assert f"{words.get(str(row['qualifier']), '')}{float(row['value']):,.0f}" in title
    assert title.startswith(f"{headline_name(str(front['claimant']))} put"), title
    # The region's figure is the article's from unnamed reports: said so, never "unattributed
    # report" (rating 6: of figures the article states as fact).
    assert region["claimant"] == "unattributed"
    assert ("unnamed reports" in title) == ("unnamed reports" in str(region["claimant_detail"]))
    assert "unattributed report" not in title
    numbers = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", title)}
    assert numbers == {float(front["value"]), float(region["value"])}, title
    # Rating 10: two measures read as a dispute; the region's figure says its scope.
    assert title.split(";")[1].endswith(f"{float(region['value']):,.0f} region-wide"), title


def test_troops_keeps_every_troop_figure_of_the_article_and_says_so(drawn, claims):
    """The North Korean row is kept by design: the standfirst says the rows are all of the
    article's troop figures, counted, and every one is drawn."""
    spec = FIGURES["troops-article"]
    data = spec.data(claims)
    sub = spec.resolve(data).subtitle
    ids = set(data["claim_id"].astype(str))
    assert ids == set(_marks(drawn["troops-article"])), ids
    assert "north_korean_troops_deployed" in set(data["measure"])
    assert sub.startswith(f"The article's {number_words(len(ids))} troop figures"), sub
    assert "the north korean row" in spec.resolve(data).caption.lower()


@pytest.mark.parametrize("fig_id", ROW_FIGURES)
def test_a_star_on_every_row_is_said_once(drawn, claims, fig_id):
    """Rating 9: every row carried "*" (all periods inferred), which told nothing. Where every
    period drawn is inferred, no row name is starred and the footer says so once."""
    fig = drawn[fig_id]
    data = FIGURES[fig_id].data(claims)
    every = (data["period_basis"].astype(str) == "inferred").all()
    names = [t.get_text() for ax in all_axes(fig) for t in ax.get_yticklabels()]
    footer = " ".join(t.get_text() for t in fig.texts if t.get_gid() == "footer")
    assert every  # the shipped article dates none of its figures
    assert not any(n.rstrip().endswith("*") for n in names), names
    assert footer.count("All periods inferred.") == 1, footer


def test_a_roomy_row_chart_sets_its_names_larger(drawn):
    """troops-article can be no shorter than 16:9: its room goes to larger row names and
    figures, not to white space; the overview, tighter, keeps the style's sizes."""

    def sizes(fig):
        names = {
            t.get_fontsize() for ax in all_axes(fig) for t in ax.get_yticklabels() if t.get_text()
        }
        labels = {
            t.get_fontsize()
            for ax in all_axes(fig)
            for t in ax.texts
            if str(t.get_gid()).startswith("label:")
        }
        return min(names), min(labels)

    troops, overview = sizes(drawn["troops-article"]), sizes(drawn["overview-article"])
    assert troops[0] > overview[0] and troops[1] > overview[1], (troops, overview)


# --------------------------------------------------------------------------- overview-article


def test_overview_prints_about_520_px_tall_at_680(drawn):
    """Rating 9: 680 × 604 px for seven marks; about 520 px now."""
    fig = drawn["overview-article"]
    tall = fig.bbox.height * 680 / fig.bbox.width
    assert 500 <= tall <= 540, tall
