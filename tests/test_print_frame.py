"""The frame of every figure as a chart desk reads it at 680 px (#24, round 2): who is grey,
what the keys show, and how a statement reported twice is explained. Each test measures the
drawn figures (colours and texts of the artists), not the palette's source."""

from __future__ import annotations

from pathlib import Path

import colour_vision
import matplotlib
import matplotlib.lines
import matplotlib.patches
import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from figure_probes import statement_links as _link_rows
from matplotlib.colors import to_hex, to_rgba

import kursk_data as kd

matplotlib.use("Agg")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
DAGGER = "\u2020"


def _claims_drawn(fig) -> dict[str, matplotlib.lines.Line2D]:
    return {
        line.get_gid().split(":", 1)[1]: line
        for line in fig.findobj(matplotlib.lines.Line2D)
        if (line.get_gid() or "").startswith("claim:")
    }


def _legends(fig) -> dict[str, matplotlib.legend.Legend]:
    return {
        lg.get_gid(): lg
        for lg in fig.findobj(matplotlib.legend.Legend)
        if (lg.get_gid() or "").startswith("legend:")
    }


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def _named_ids() -> set[str]:
    claims = kd.load_claims()
    return set(claims.loc[claims["claimant"].astype(str) != "unattributed", "claim_id"])


def _hue_only(a: str, b: str) -> float:
    """CIEDE2000 between two colours for normal vision with their lightness made equal: how
    far apart they are by anything but lightness."""
    la, lb = colour_vision.lab(a), colour_vision.lab(b)
    lb = np.array([la[0], lb[1], lb[2]])
    return colour_vision.ciede2000(la, lb)


def _grey_of(figs) -> str:
    """The unattributed reports' colour as drawn (every figure draws at least one)."""
    claims = kd.load_claims()
    unattributed = set(claims.loc[claims["claimant"].astype(str) == "unattributed", "claim_id"])
    seen = {
        to_hex(line.get_color())
        for fig in figs
        for cid, line in _claims_drawn(fig).items()
        if cid in unattributed
    }
    assert len(seen) == 1, seen
    return seen.pop()


def _named_apart(fig, who: dict[str, str], grey: str) -> None:
    for cid, line in _claims_drawn(fig).items():
        colour = to_hex(line.get_color())
        if who[cid] == "unattributed":
            assert colour == grey, cid
            continue
        gap = colour_vision.difference(colour, grey)
        assert gap >= 10, (who[cid], colour, grey, round(gap, 1))
        # Not a grey of another lightness: apart by hue and chroma as well.
        assert _hue_only(colour, grey) >= 10, (who[cid], colour, round(_hue_only(colour, grey), 1))


def _notebook_ledger(name: str):
    """A notebook's ledger (notebooks/<name>/), on its own, with its sides file if it has one."""
    folder = NOTEBOOKS / name
    sides = folder / "sides.csv"
    return kd.load_claims(
        path=folder / "claims.csv",
        sources_path=folder / "sources.csv",
        sides_path=sides if sides.exists() else None,
        shipped=False,
    )


def test_no_named_claimant_is_drawn_in_a_grey_like_the_unattributed_one(drawn):
    """Every named claimant's marks differ from the unattributed grey by 10 or more CIEDE2000
    units for normal, protan, deutan and tritan vision, and for normal vision by 10 or more
    with lightness left out (the General Staff's and Mysnyk's greys differed by lightness
    alone)."""
    claims = kd.load_claims()
    who = dict(zip(claims["claim_id"], claims["claimant"].astype(str), strict=True))
    grey = _grey_of(drawn.values())
    for fig in drawn.values():
        _named_apart(fig, who, grey)


def test_unattributed_marks_are_rimmed_and_visible(drawn):
    """An unattributed report's mark has a rim darker than its fill (a cue besides its
    colour) and a fill dark enough to show on white: lightness under 72 (the reader found the
    light grey, lightness 75, faint)."""
    claims = kd.load_claims()
    unattributed = set(claims.loc[claims["claimant"].astype(str) == "unattributed", "claim_id"])
    n = 0
    for fig_id, fig in drawn.items():
        for cid, line in _claims_drawn(fig).items():
            if cid not in unattributed:
                continue
            n += 1
            face = to_hex(line.get_markerfacecolor())
            rim = to_hex(line.get_markeredgecolor())
            l_face, l_rim = colour_vision.lab(face)[0], colour_vision.lab(rim)[0]
            assert l_face < 72, (fig_id, cid, face)
            assert l_rim < l_face - 15, (fig_id, cid, face, rim)
    assert n >= 4


# Row charts: every row names its claimant, so no claimant key.
ROW_CHARTS = ("troops-article", "overview-article", "contested", "contested-counts")
# Timelines of one measure whose labels name every claimant: the labels are the key (#24
# rounds 4 and 5).
LABELLED = ("territory-article", "losses-article", "territory-timeline")


# Figures of a few marks whose labels word each qualifier: no shape glyph in their key.
WORDED_KEYS = {"territory-article", "losses-article"}


def test_a_key_swatch_is_one_colour_and_the_shape_glyphs_are_neutral(drawn):
    """Every entry of a colour key is one swatch of one colour (no strip of two or four
    tones); the glyphs of the shape key are a neutral mid grey (chroma under 3, lightness
    40-75), 10 or more from every named claimant's colour the figure draws, so a near-black
    brown never reads as a glyph."""
    for fig_id, fig in drawn.items():
        legends = _legends(fig)
        if fig_id in ROW_CHARTS:  # no colour key: every row names its claimant
            assert "legend:Claimant" not in legends, fig_id
            continue
        if fig_id in LABELLED:
            assert "legend:Claimant" not in legends, fig_id
        else:
            key = legends["legend:Claimant"]
            swatches = [
                p
                for p in key.findobj(matplotlib.patches.Rectangle)
                if p.get_visible() and to_rgba(p.get_facecolor())[3] > 0 and p.get_width() < 40
            ]
            assert len(swatches) == len(key.get_texts()), (fig_id, len(swatches))
        marks = legends["legend:How to read the marks"]
        glyphs = {
            to_hex(line.get_markerfacecolor())
            for line in marks.findobj(matplotlib.lines.Line2D)
            if line.get_marker() not in (None, "None", "none", "") and line.get_visible()
        } - {"#ffffff"}
        if fig_id in WORDED_KEYS:
            # Labels word every qualifier: the key's entries are samples of lines and dotted
            # bars only (rating 6), in a dark neutral grey, so they read at 680 px.
            assert not glyphs, (fig_id, glyphs)
            samples = {to_hex(line.get_color()) for line in marks.get_lines()}
            assert samples, fig_id
            for sample in samples:
                lab = colour_vision.lab(sample)
                assert np.hypot(lab[1], lab[2]) < 3 and lab[0] <= 60, (fig_id, sample)
            continue
        assert glyphs, fig_id
        # The glyphs share the unattributed reports' neutral (nobody's colour): every named
        # claimant's colour is 10 or more from them.
        named = _named_ids()
        drawn_colours = {
            to_hex(line.get_color()) for cid, line in _claims_drawn(fig).items() if cid in named
        }
        for glyph in glyphs:
            lab = colour_vision.lab(glyph)
            assert np.hypot(lab[1], lab[2]) < 3 and 40 <= lab[0] <= 75, (fig_id, glyph)
            for colour in drawn_colours:
                assert colour_vision.difference(glyph, colour) >= 10, (fig_id, glyph, colour)


def test_every_figure_names_its_claimants_in_its_key(drawn):
    """One kind of key in every figure (the overview named sides, the others claimants):
    each claimant drawn is named in the key, or counted in a shared tint's entry. Row charts
    name each row's claimant on the row, so they have no colour key (#24 round 3); nor has a
    chart of a few marks whose labels name every claimant (#24 round 4)."""
    claims = kd.load_claims()
    who = dict(zip(claims["claim_id"], claims["claimant"].astype(str), strict=True))
    who["art-03"] = "Valery Gerasimov"  # drawn under the statement it reports (ctx-11)
    for fig_id, fig in drawn.items():
        legends = _legends(fig)
        assert "legend:Colour" not in legends, fig_id
        if fig_id in ROW_CHARTS:
            assert "legend:Claimant" not in legends, fig_id
            # Row names, and each dumbbell's labels (contested): "DeepState, 22 Nov 2024: …".
            key = " ".join(
                [
                    t.get_text()
                    for ax in fig.findobj(matplotlib.axes.Axes)
                    for t in ax.get_yticklabels()
                ]
                + [
                    t.get_text()
                    for t in fig.findobj(matplotlib.text.Text)
                    if str(t.get_gid()).startswith("label:")
                ]
            )
        elif fig_id in LABELLED:
            assert "legend:Claimant" not in legends, fig_id
            key = " ".join(
                t.get_text().replace("\n", " ")
                for t in fig.findobj(matplotlib.text.Annotation)
                if str(t.get_gid() or "").startswith("label:") and t.get_visible()
            )
        else:
            key = " ".join(t.get_text() for t in legends["legend:Claimant"].get_texts())
        names = {who[c] for c in _claims_drawn(fig)}
        shared = "other" in key
        for name in names:
            # "X (anonymous source)" is keyed "X (anonymous source; Ukraine)".
            assert name.rstrip(")") in key or shared, (fig_id, name, key)
        # Rating 6: "unattributed report" credited a report to art-02 and art-06, which the
        # article states as fact, citing none. Every text says "unattributed"; the footer says
        # once what it means, in a figure that draws such a claim.
        texts = " ".join(_texts(fig)).replace("\n", " ")
        assert "unattributed report" not in texts.lower(), fig_id
        footer = " ".join(t for t in _texts(fig) if t.startswith("Source")).replace("\n", " ")
        footer = footer.replace("\u00a0", " ")  # the note is kept whole on one line
        assert footer.count("Unattributed: no one named.") == ("unattributed" in names), fig_id


def test_a_statement_reported_twice_is_marked_and_explained_in_words(drawn):
    """No figure says "the ledger's reading". A claim drawn under the claimant of the
    statement it reports carries a dagger on that name, and the footer says, from the ledger's
    rows, which source attributed it to whom and whose statement of which day it is linked
    to."""
    sources = kd.load_sources()
    publisher = dict(zip(sources["source_id"], sources["publisher"].astype(str), strict=True))
    links = _link_rows()
    assert links
    seen = 0
    for fig_id, fig in drawn.items():
        texts = _texts(fig)
        assert not any("ledger's reading" in t for t in texts), fig_id
        # A footer note where a name carries the dagger, and only there.
        marked = any(DAGGER in t for t in texts if not t.startswith("Source"))
        noted = any(DAGGER in t for t in texts if t.startswith("Source"))
        assert marked == noted, (fig_id, marked, noted)
        ids = set(_claims_drawn(fig))
        for row, root in links:
            if row["claim_id"] not in ids:
                continue
            seen += 1
            day = root["reported_date"]
            assert any(f"{root['claimant']}{DAGGER}" in t for t in texts), fig_id
            footer = " ".join(t for t in texts if t.startswith("Source")).replace("\n", " ")
            note = footer[footer.index(DAGGER) :]
            for words in (
                publisher[row["source_id"]],
                f"\u201c{row['claimant']}\u201d",
                f"{root['claimant']}'s statement of {day.day} {day:%b %Y}",
            ):
                assert words in note, (fig_id, words, note)
    assert seen >= 2  # territory-article and overview-article draw art-03


@pytest.mark.parametrize("ledger", ["sample-ledger", "fictional-ledger"])
def test_a_users_ledger_keeps_the_grey_for_unattributed_reports(ledger):
    """A user's own ledger (the notebooks' two) with an unattributed report and claimants of a
    side no sides file describes: the named ones never take the unattributed grey or a grey
    like it, in any figure drawn from it."""
    import matplotlib.pyplot as plt

    claims = _notebook_ledger(ledger)
    # The made-up additions: a FICTIONAL unattributed report and a FICTIONAL claimant of
    # a side nobody described, copies of the ledger's first row.
    first = claims.iloc[[0, 0]].copy()
    first["claim_id"] = ["fict-u", "fict-n"]
    first["claimant"] = pd.Categorical(["unattributed", "FICTIONAL Nowhere Office"])
    first["claimant_side"] = pd.Categorical(["unattributed", "nowhere-fictional"])
    claims = pd.concat([claims, first], ignore_index=True)
    who = dict(zip(claims["claim_id"].astype(str), claims["claimant"].astype(str), strict=True))
    sources = kd.load_sources(path=NOTEBOOKS / ledger / "sources.csv", shipped=False)
    from kursk_data import figures

    figs = [spec.build(claims, sources) for spec in figures.FIGURES.values()]
    try:
        drawn = [f for f in figs if _claims_drawn(f)]
        assert drawn
        grey = {
            to_hex(line.get_color())
            for f in drawn
            for cid, line in _claims_drawn(f).items()
            if who[cid] == "unattributed"
        }
        assert len(grey) == 1, grey
        for fig in drawn:
            _named_apart(fig, who, next(iter(grey)))
    finally:
        for f in figs:
            plt.close(f)


@pytest.mark.parametrize("ledger", ["sample-ledger", "fictional-ledger"])
def test_a_key_entry_has_one_pair_of_brackets(ledger):
    """A claimant with brackets of its own, of a side named with brackets (the FICTIONAL
    ledger's "Veldra (fictional)"), is keyed with one pair: no "(fictional; Veldra
    (fictional))"; a long name shortened past its opening bracket (the sample ledger's
    "...us, via Reuters)") takes its side inside the bracket left, not after it."""
    from kursk_data.plotting.grammar import claimant_handles
    from kursk_data.plotting.style import claimant_colors

    claims = _notebook_ledger(ledger)
    labels = [h.get_label() for h in claimant_handles(claims, claimant_colors(claims))]
    assert labels
    for label in labels:
        depth, deepest = 0, 0
        for ch in label:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            deepest = max(deepest, depth)
        assert deepest <= 1 and ") (" not in label and label.count(")") <= 1, label
