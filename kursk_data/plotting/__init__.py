"""Chart functions, seaborn-style: ``plot_x(data=None, *, ax=None, **kws) -> Axes``.

Every claim is drawn as one marker whose shape says what its qualifier means (a bound is drawn
as a bound), a figure about a period is drawn across that period, and colours say which side
made the claim. Claims are never joined across claimants or averaged. Each marker carries the
artist id ``claim:<claim_id>`` so tests and users can find it.
"""

from kursk_data.labels import source_line
from kursk_data.plotting.charts import (
    plot_contested,
    plot_losses,
    plot_overview,
    plot_territory,
    plot_territory_timeline,
    plot_troops,
)
from kursk_data.plotting.style import QUALIFIER_MARKERS, SIDE_COLORS, style

__all__ = [
    "QUALIFIER_MARKERS",
    "SIDE_COLORS",
    "plot_contested",
    "plot_losses",
    "plot_overview",
    "plot_territory",
    "plot_territory_timeline",
    "plot_troops",
    "source_line",
    "style",
]
