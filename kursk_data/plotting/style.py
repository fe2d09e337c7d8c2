"""The house style: colours by side, marker shapes by qualifier, and the style sheet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources

import matplotlib.pyplot as plt
import pandas as pd

# Okabe-Ito colours: distinguishable with the common forms of colour blindness.
SIDE_COLORS: dict[str, str] = {
    "ukraine": "#0072B2",
    "russia": "#D55E00",
    "north_korea": "#CC79A7",
    "third_party": "#009E73",
    "independent": "#E69F00",
    "unattributed": "#666666",
}
SIDE_LABELS = {
    "ukraine": "Ukrainian side",
    "russia": "Russian side",
    "north_korea": "North Korean side",
    "third_party": "Third party (e.g. foreign intelligence)",
    "independent": "Independent observer",
    "unattributed": "Unattributed (source names nobody)",
}
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
    "about": "about X (bar: band from its precision)",
    "over": "over X (lower bound, arrow: open above)",
    "up_to": "up to X (upper bound, arrow: open below)",
    "range": "stated range (bar)",
    "unknown": "wording unknown (bar: its rounding)",
}
TERRITORY_SPAN = (pd.Timestamp("2024-08-01"), pd.Timestamp("2025-07-15"))
_ARROW_PT = 16


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the package style sheet inside a ``with`` block; global rcParams stay untouched."""
    sheet = resources.files("kursk_data").joinpath("kursk.mplstyle")
    with resources.as_file(sheet) as path, plt.style.context(str(path)):
        yield
