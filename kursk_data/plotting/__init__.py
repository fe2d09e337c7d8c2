"""Chart functions, seaborn-style: ``plot_x(data=None, *, ax=None, **kws) -> Axes``.

Every claim is drawn by one grammar (:mod:`kursk_data.plotting.grammar`): its mark's shape is
its qualifier, a band shows the interval "about", a range or a rounded number allows, a bound
fades towards its open end, a period is drawn across the period (dotted when inferred) and a
number nobody stated is hollow. Colours tell claimants apart; claims are never averaged, and
joined only in one claimant's own dense series (:mod:`kursk_data.plotting.series`: a line
with its intervals as a ribbon); a statement reported twice (``same_statement_as``) is one
mark. A mark stays in its claim's period (:mod:`kursk_data.plotting.marks`). Each claimant has
one colour in every chart of a ledger (:func:`claimant_colors`), in its side's family. Each mark
carries the artist id ``claim:<claim_id>`` so tests and users can find it.
Labels are placed beside their marks, clear of everything drawn
(:func:`~kursk_data.plotting.placement.place_labels`), and :func:`layout_problems` checks a
finished figure with the renderer's own extents.
"""

from kursk_data.labels import source_line
from kursk_data.plotting.charts import (
    plot_contested,
    plot_losses,
    plot_overview,
    plot_territory,
    plot_territory_timeline,
    plot_timeline,
    plot_troops,
)
from kursk_data.plotting.frame import frame
from kursk_data.plotting.geometry import layout_problems
from kursk_data.plotting.placement import place_labels
from kursk_data.plotting.style import (
    QUALIFIER_LABELS,
    QUALIFIER_MARKERS,
    SIDE_COLORS,
    SIDE_FAMILIES,
    SIDE_OTHER,
    claimant_colors,
    style,
)

__all__ = [
    "QUALIFIER_LABELS",
    "QUALIFIER_MARKERS",
    "SIDE_COLORS",
    "SIDE_FAMILIES",
    "SIDE_OTHER",
    "claimant_colors",
    "frame",
    "layout_problems",
    "place_labels",
    "plot_contested",
    "plot_losses",
    "plot_overview",
    "plot_territory",
    "plot_territory_timeline",
    "plot_timeline",
    "plot_troops",
    "source_line",
    "style",
]
