"""The row charts after the tenth chart-desk read (#24, rating 10): troops-article and
overview-article. Each test measures the drawn figure (the shared ``drawn`` fixture) against
the ledger."""

from __future__ import annotations

import pytest
from figure_probes import claim_labels as _labels
from figure_probes import claim_marks as _marks
from figure_probes import rendered
from matplotlib.legend import Legend

import kursk_data as kd
from kursk_data.plotting.marks import all_axes

ROW_FIGURES = ("troops-article", "overview-article")


@pytest.fixture(scope="module")
def claims():
    return kd.load_claims()


def _bands(fig) -> set[str]:
    return {
        str(ln.get_gid())[5:]
        for ax in all_axes(fig)
        for ln in ax.get_lines()
        if str(ln.get_gid()).startswith("band:")
    }


@pytest.mark.parametrize("fig_id", ROW_FIGURES)
def test_about_is_drawn_one_way_for_every_claimant(drawn, claims, fig_id):
    """Rating 10: the unattributed about 11,000 had a 4 px grey tick, Syrskyi's about 10,000
    an 8 px blue square. Every "about" claim of a chart has a band at least 6 px wide at
    680 px, or none has; with none, no key explains a band and each label says "about"."""
    fig = drawn[fig_id]
    about = set(claims.loc[claims["qualifier"] == "about", "claim_id"].astype(str))
    shown = about & set(_marks(fig))
    assert len(shown) >= 2, shown  # the rating's two claimants at least
    banded = shown & _bands(fig)
    assert banded in (set(), shown), (fig_id, banded, shown)
    _, scale = rendered(fig)
    for ax in all_axes(fig):
        for ln in ax.get_lines():
            if str(ln.get_gid())[5:] in banded:
                # Drawn, a band is wide enough to read as one, not a tick (rating 10: 6 px).
                x0, x1 = (ax.transData.transform((x, 0))[0] for x in ln.get_xdata()[:2])
                assert abs(x1 - x0) * scale >= 6, (fig_id, ln.get_gid(), abs(x1 - x0) * scale)
    if not banded:
        keys = [t.get_text() for leg in fig.findobj(Legend) for t in leg.get_texts()]
        assert not any("about" in k for k in keys), keys
        labels = _labels(fig)
        for cid in shown:
            assert labels[cid].get_text().startswith("about "), (cid, labels[cid].get_text())


def test_a_mark_at_the_zero_end_says_so(drawn, claims):
    """Rating 10: "over 1,000" killed is a triangle 4 px from zero on a scale to 80,000. A
    figure above zero whose mark sits within 12 px of zero at 680 px says in its label that
    it is small at this scale; one 24 px or more from zero does not."""
    fig = drawn["overview-article"]
    _, scale = rendered(fig)
    labels = _labels(fig)
    values = claims.set_index("claim_id")["value"].astype(float)
    near = far = 0
    for cid, (ax, _) in _marks(fig).items():
        if values[cid] <= 0 or cid not in labels:
            continue
        zero = ax.transData.transform((0, 0))[0]
        at = ax.transData.transform((values[cid], 0))[0]
        px = (at - zero) * scale
        text = labels[cid].get_text()
        if px < 12:
            near += 1
            assert "small at this scale" in text, (cid, px, text)
        elif px >= 24:
            far += 1
            assert "small" not in text, (cid, px, text)
    assert near >= 1 and far >= 3, (near, far)
