"""The house style: the qualifier grammar, colours for claimants, sizes, and the style sheet."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from importlib import resources

import matplotlib.pyplot as plt
import pandas as pd

# Colours by side, one family each, the same in every chart of a ledger (see claimant_colors):
# Ukraine blues, Russia reds and oranges, third parties greens, independent observers yellows,
# North Korea purples, unattributed reports grey. The first of each family is the side's
# Okabe-Ito colour. Within a family the shades differ in lightness by at least 8 CIEDE2000 units
# for normal vision and for simulated deutan, protan and tritan vision (Machado et al. 2009), so
# two claimants of one side stay apart for colour-blind readers too; the sides' first colours
# are apart by 10 or more (tests/test_plotting.py measures both).
SIDE_FAMILIES: dict[str, tuple[str, ...]] = {
    "ukraine": ("#0072B2", "#56B4E9", "#1D3F7F", "#3F8DD9"),
    "russia": ("#D55E00", "#8E1F2F", "#E8877A", "#B8323F"),
    "third_party": ("#009E73", "#1E5B3A", "#7CCBA2"),
    "independent": ("#E69F00", "#B38600", "#6B5000"),
    "north_korea": ("#CC79A7", "#7B3F84"),
    "unattributed": ("#666666",),
}
# Claimants beyond their family's shades share a muted tint of it: still drawn, still of their
# side, and named together in the legend ("2 other Ukrainian claimants").
SIDE_OTHER: dict[str, str] = {
    "ukraine": "#9AAABB",
    "russia": "#C7A69D",
    "third_party": "#8BA396",
    "independent": "#C8B98F",
    "north_korea": "#D9C3CF",
    "unattributed": "#A6A6A6",
}
SIDE_COLORS: dict[str, str] = {side: shades[0] for side, shades in SIDE_FAMILIES.items()}
OTHER_COLOR = SIDE_OTHER["unattributed"]  # a claimant whose side the palette does not know
SIDE_LABELS = {
    "ukraine": "Ukraine",
    "russia": "Russia",
    "north_korea": "North Korea",
    "third_party": "third party",
    "independent": "independent",
    "unattributed": "unattributed",
}
SIDE_ADJECTIVES = {
    "ukraine": "Ukrainian",
    "russia": "Russian",
    "north_korea": "North Korean",
    "third_party": "third-party",
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
SERIES_LABEL = "line: one claimant's dense series; band: its intervals"

# The Kursk story's span: territory charts of the shipped ledger share it, so they line up.
TERRITORY_SPAN = (pd.Timestamp("2024-08-01"), pd.Timestamp("2025-07-15"))

# Sizes in points. The export is 7.2 in wide: scaled to 680 px, 1 pt = 1.31 px, so the
# smallest text (8 pt) is 10.5 px.
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
    """Apply the package style sheet inside a ``with`` block; global rcParams stay untouched.

    The sheet is applied over matplotlib's own defaults, not over the user's settings: a
    personal ``matplotlibrc`` (working folder, ``MPLCONFIGDIR``, the home config) or a style
    in use changes nothing drawn inside, so exported files are the same bytes for everyone.
    """
    sheet = resources.files("kursk_data").joinpath("kursk.mplstyle")
    with resources.as_file(sheet) as path, plt.style.context(str(path), after_reset=True):
        # The two settings a style sheet cannot reset but a matplotlibrc can set: dates are
        # drawn in UTC, counted from matplotlib's default epoch (read once per process).
        plt.rcParams["timezone"] = "UTC"
        plt.rcParams["date.epoch"] = "1970-01-01T00:00:00"
        yield


def claimant_colors(ledger: pd.DataFrame) -> dict[str, str]:
    """One colour per claimant of a whole ledger, for every chart drawn from it.

    Pass the whole ledger (not one chart's rows) so that a claimant keeps its colour in every
    chart. Each claimant gets a shade of its side's family (:data:`SIDE_FAMILIES`): within a
    side, claimants are ranked by their number of claims in ``ledger`` (then by name) and take
    the shades in order; those beyond the family's shades share its tint
    (:data:`SIDE_OTHER`). Unattributed reports are grey. The mapping is ordered by side, then
    rank: the order of the claimant legend.
    """
    if ledger.empty:
        return {}
    from kursk_data.labels import side_family  # a ledger's own side takes its family's colours

    frame = pd.DataFrame(
        {
            "who": ledger["claimant"].astype(str),
            "side": ledger["claimant_side"].astype(str).map(side_family),
        }
    )
    # A claimant filed under two sides (a user's typo) takes its most frequent one.
    sides = frame.groupby("who")["side"].agg(lambda s: s.value_counts().sort_index().idxmax())
    counts = frame.groupby("who").size()
    order = {s: i for i, s in enumerate(SIDE_FAMILIES)}
    ranked = sorted(counts.index, key=lambda w: (order.get(sides[w], len(order)), -counts[w], w))
    colors: dict[str, str] = {}
    taken = dict.fromkeys(SIDE_FAMILIES, 0)
    for who in ranked:
        side = "unattributed" if who == "unattributed" else sides[who]
        shades = SIDE_FAMILIES.get(side)
        if shades is None:
            colors[who] = OTHER_COLOR
        elif taken[side] < len(shades):
            colors[who] = shades[taken[side]]
            taken[side] += 1
        else:
            colors[who] = SIDE_OTHER[side]
    return colors


def side_of_color(color: str) -> str | None:
    """The side whose family (shades or tint) holds ``color``; None for a colour of none."""
    for side, shades in SIDE_FAMILIES.items():
        if color in shades or color == SIDE_OTHER[side]:
            return side
    return None


# The most characters of a claimant's name on a chart: a legend entry then fits the figure's
# width with its side, and a row's label fits beside its panel. The shipped names are shorter;
# the ledger allows 120.
NAME_LIMIT = 48


def claimant_name(who: str) -> str:
    """How a claimant is named on a chart: the ledger's ``unattributed`` as words, a name
    longer than :data:`NAME_LIMIT` shortened in the middle (:func:`short_name`)."""
    return "unattributed report" if who == "unattributed" else short_name(str(who))


def short_name(name: str, limit: int = NAME_LIMIT, tail: int | None = None) -> str:
    """``name`` in at most ``limit`` characters. A longer one keeps its start and its last
    ``tail`` characters (a third by default) around an ellipsis: names of one body often
    differ only at the end ("... Region 2", "... Region 3")."""
    if len(name) <= limit:
        return name
    tail = limit // 3 if tail is None else tail
    head = limit - 1 - tail
    return name[:head] + "\u2026" + (name[-tail:] if tail else "")


def short_names(names: Iterable[str], limit: int = NAME_LIMIT) -> dict[str, str]:
    """Each name shortened (:func:`short_name`) so that distinct names stay distinct: where
    two would read alike, the ellipsis moves until they differ; failing that, a number
    tells them apart."""
    names = list(dict.fromkeys(names))
    out = {n: short_name(n, limit) for n in names}
    default = limit // 3
    for tail in [*range(default + 1, limit - 1), *range(default - 1, -1, -1)]:
        clashing = _clashing(out)
        if not clashing:
            return out
        for n in clashing:
            if len(n) > limit:
                out[n] = short_name(n, limit, tail)
    for n in _clashing(out):  # no window tells them apart: the usual cut, and a number
        out[n] = short_name(n, limit)
    for group in _clash_groups(out):
        for k, n in enumerate(group[1:], start=2):
            tag = f" #{k}"
            out[n] = short_name(n, limit - len(tag)) + tag
    return out


def _clash_groups(shown: dict[str, str]) -> list[list[str]]:
    by_text: dict[str, list[str]] = {}
    for name, text in shown.items():
        by_text.setdefault(text, []).append(name)
    return [group for group in by_text.values() if len(group) > 1]


def _clashing(shown: dict[str, str]) -> list[str]:
    return [name for group in _clash_groups(shown) for name in group]
