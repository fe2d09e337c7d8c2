"""The house style: the qualifier grammar, colours for claimants, sizes, and the style sheet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources

import matplotlib.pyplot as plt
import pandas as pd

# Okabe-Ito colours, one per side: the first claimant of a side (the one with most claims in
# the chart) gets its side's colour, so the main voices keep the colour they always had.
SIDE_COLORS: dict[str, str] = {
    "ukraine": "#0072B2",
    "russia": "#D55E00",
    "north_korea": "#CC79A7",
    "third_party": "#009E73",
    "independent": "#E69F00",
    "unattributed": "#666666",
}
# Further claimants get these (Okabe-Ito sky blue, then Paul Tol's muted scheme): all
# distinguishable from each other and from the side colours for common colour blindness.
EXTRA_COLORS: tuple[str, ...] = (
    "#56B4E9",
    "#882255",
    "#117733",
    "#332288",
    "#999933",
    "#AA4499",
    "#44AA99",
    "#CC6677",
    "#DDAA33",
)
# Claimants beyond the palette share one light grey: still drawn, never hidden.
OTHER_COLOR = "#A6A6A6"
SIDE_LABELS = {
    "ukraine": "Ukraine",
    "russia": "Russia",
    "north_korea": "North Korea",
    "third_party": "third party",
    "independent": "independent",
    "unattributed": "unattributed",
}

# The qualifier grammar, the same in every chart: the shape names the wording, and what is
# drawn around the mark says how sure the figure is. Only an exact figure is a bare mark; a
# band shows the interval that "about", a range or a rounded number allows; a bound fades
# towards its open end, so a vague figure never looks bigger or surer than a precise one.
QUALIFIER_MARKERS: dict[str, str] = {
    "exact": "o",
    "about": "D",
    "over": "^",
    "up_to": "v",
    "range": "s",
    "unknown": "X",
}
QUALIFIER_LABELS = {
    "exact": "exact figure",
    "about": "about X: band = its rounding",
    "over": "over X: fades towards no upper bound",
    "up_to": "up to X: fades down to zero",
    "range": "stated range: band",
    "unknown": "wording unknown: band = its rounding",
}
IMPLIED_LABEL = "hollow: implied, nobody stated the number"
PERIOD_LABEL = "bar: the period the figure covers"
INFERRED_PERIOD_LABEL = "dotted: period inferred by the ledger"
RUNNING_TOTAL_LABEL = "a running total sits at the date it is counted to"

# The Kursk story's span: territory charts of the shipped ledger share it, so they line up.
TERRITORY_SPAN = (pd.Timestamp("2024-08-01"), pd.Timestamp("2025-07-15"))

# Sizes in points. The export is 7.2 in wide: scaled to 680 px, 1 pt = 1.31 px, so the
# smallest text (8 pt) is 10.5 px.
FIG_WIDTH = 7.2
MARK_SIZE = 6.5
BAND_WIDTH = 7.0
BOUND_WIDTH = 3.5
PERIOD_WIDTH = 2.5
LABEL_SIZE = 8.0
SMALL_SIZE = 8.0
BAND_ALPHA = 0.3
BOUND_ALPHA = 0.55
PERIOD_ALPHA = 0.45
TEXT_COLOR = "#222222"
MUTED_COLOR = "#555555"


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the package style sheet inside a ``with`` block; global rcParams stay untouched."""
    sheet = resources.files("kursk_data").joinpath("kursk.mplstyle")
    with resources.as_file(sheet) as path, plt.style.context(str(path)):
        yield


def claimant_colors(data: pd.DataFrame) -> dict[str, str]:
    """A colour per claimant of ``data``, stable for the same claims.

    Claimants are ranked within their side by number of claims (then name); the first of each
    side gets the side's colour, the others the extra colours in order, and claimants beyond
    the palette share :data:`OTHER_COLOR`. Unattributed reports are always grey.
    """
    if data.empty:
        return {}
    counts = (
        data.assign(_side=data["claimant_side"].astype(str), _who=data["claimant"].astype(str))
        .groupby(["_side", "_who"], observed=True)
        .size()
        .reset_index(name="n")
    )
    side_order = {s: i for i, s in enumerate(SIDE_COLORS)}
    counts["_o"] = counts["_side"].map(side_order).fillna(len(side_order))
    counts = counts.sort_values(["n", "_o", "_who"], ascending=[False, True, True])
    colors: dict[str, str] = {}
    used_sides: set[str] = set()
    extras = list(EXTRA_COLORS)
    for side, who in zip(counts["_side"], counts["_who"], strict=True):
        if side == "unattributed" or who == "unattributed":
            colors[who] = SIDE_COLORS["unattributed"]
        elif side not in used_sides and side in SIDE_COLORS:
            colors[who] = SIDE_COLORS[side]
            used_sides.add(side)
        elif extras:
            colors[who] = extras.pop(0)
        else:
            colors[who] = OTHER_COLOR
    return colors


def claimant_name(who: str) -> str:
    """How a claimant is named on a chart (the ledger's ``unattributed`` as words)."""
    return "unattributed report" if who == "unattributed" else str(who)
