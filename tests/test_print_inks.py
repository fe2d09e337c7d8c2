"""Label inks as a chart desk reads them at 680 px (#24, rating 6): in contested-counts,
Zelensky's and Syrskyi's labels were one blue (RGB about (29, 96, 139) and (24, 92, 144)),
because the ink darkened a pale and a mid blue of one hue to the same colour."""

from __future__ import annotations

import itertools

import colour_vision
import matplotlib
import matplotlib.lines
from matplotlib.colors import to_hex

import kursk_data as kd
from kursk_data.plotting.style import label_ink

matplotlib.use("Agg")


def _claimant_colours(fig, who: dict[str, str]) -> dict[str, str]:
    """Each claimant drawn in ``fig`` -> its marks' colour (one per claimant, as drawn)."""
    out: dict[str, str] = {}
    for line in fig.findobj(matplotlib.lines.Line2D):
        gid = line.get_gid() or ""
        if gid.startswith("claim:"):
            out.setdefault(who[gid.split(":", 1)[1]], to_hex(line.get_color()))
    return out


def test_label_inks_of_a_figures_claimants_differ_by_ten(drawn):
    """Within each shipped figure, the label inks of any two claimants differ by 10 or more
    CIEDE2000 units (normal vision), as their marks' colours do, and those of one side also
    under simulated protan, deutan and tritan vision: who said what is read from a label's
    colour as well as from its words."""
    claims = kd.load_claims()
    who = dict(zip(claims["claim_id"], claims["claimant"].astype(str), strict=True))
    # A claim drawn under the statement it reports has its marks in that claimant's colour.
    who["art-03"] = "Valery Gerasimov"
    side = dict(
        zip(claims["claimant"].astype(str), claims["claimant_side"].astype(str), strict=True)
    )
    pairs, cvd, bad = 0, 0, []
    for fig_id, fig in drawn.items():
        colours = _claimant_colours(fig, who)
        for a, b in itertools.combinations(sorted(colours), 2):
            ink_a, ink_b = label_ink(colours[a]), label_ink(colours[b])
            # Claimants of one side differ by their colour alone under every simulated
            # vision too (rating 8 measured 7.7 deutan and 7.1 tritan where this test, on
            # normal vision only, passed them); sides apart also differ by their hue family.
            same = side[a] == side[b]
            for vision in colour_vision.MACHADO if same else ("normal",):
                gap = colour_vision.ciede2000(
                    colour_vision.lab(ink_a, vision), colour_vision.lab(ink_b, vision)
                )
                if gap < 10:
                    bad.append((fig_id, vision, a, b, ink_a, ink_b, round(gap, 1)))
            pairs += 1
            cvd += same
    assert not bad, bad
    # Four pairs of one side are drawn together (contested-counts draws Pavliuk and Mysnyk
    # no more, rating 9: two moments, not a dispute).
    assert cvd >= 4, cvd
    assert pairs >= 20


def test_label_inks_read_on_white_and_keep_a_hue():
    """Every ink has WCAG contrast 4.5:1 or more on white (a cyan capped at HLS lightness
    0.33 was still as light as a mid grey); a greyish slate's ink keeps enough colour to
    differ from the unattributed grey's ink by 10 or more."""
    claims = kd.load_claims()
    from kursk_data.plotting.style import UNATTRIBUTED_COLOR, claimant_colors

    for who, colour in claimant_colors(claims).items():
        ink = label_ink(colour)
        rgb = [int(ink[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        contrast = 1.05 / (0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2] + 0.05)
        assert contrast >= 4.5, (who, ink, round(contrast, 2))
        if who != "unattributed":
            grey = label_ink(UNATTRIBUTED_COLOR)
            gap = colour_vision.ciede2000(colour_vision.lab(ink), colour_vision.lab(grey))
            assert gap >= 10, (who, ink, grey, round(gap, 1))
