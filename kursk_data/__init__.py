"""kursk-data: a sourced ledger of the figures reported about the Kursk incursion.

Every figure is a claim: who said it, for which period, with which qualifier, where it was
reported. Loaders return tidy DataFrames; chart functions (``plot_*``) take one and draw it
honestly, seaborn-like (``data`` first, ``ax=`` to draw into an existing axes). Importing the
package imports neither pandas nor matplotlib: each name loads its module on first use.

The public names, by task (``kursk_data.__all__``):

* load: :func:`load_claims`, :func:`load_sources`;
* check a claims file: :func:`validate` (:class:`Problem` per problem), :class:`ValidationError`;
* analyse: :func:`contested`, :func:`suggest_aliases`, :func:`dispute_table`,
  :func:`relation_table`, :func:`ratio_interval`, :func:`ratio_text`, :func:`summary_table`;
* check the ledger's consistency: :func:`check_pairs`, :func:`parts_and_totals`,
  :func:`cumulative_decreases`;
* chart: :func:`plot_territory`, :func:`plot_troops`, :func:`plot_losses`,
  :func:`plot_overview`, :func:`plot_contested`, :func:`plot_territory_timeline`,
  :func:`plot_timeline` (any topic);
* citable figures: :func:`show_figure`, :func:`draw_figure` (any id the export writes for a
  ledger), :func:`export_figures`;
* show in a notebook: :func:`display_table`, :func:`show_lines`;
* check a news text: :func:`find_figures`, :func:`check_text`, :func:`compare_texts`.

Everything else lives in the submodules (``kursk_data.figures``, ``kursk_data.relations``, ...).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kursk_data._version import __version__
from kursk_data.errors import ValidationError

# Each public name and the module it lives in, by task; loaded on first use, so
# `import kursk_data` stays light and `kursk-data validate` never imports pandas.
_PUBLIC = {
    # load
    "load_claims": "kursk_data.load",
    "load_sources": "kursk_data.load",
    # check a claims file
    "validate": "kursk_data.validation",
    "Problem": "kursk_data.validation",
    # analyse
    "contested": "kursk_data.analysis",
    "suggest_aliases": "kursk_data.analysis",
    "dispute_table": "kursk_data.relations",
    "relation_table": "kursk_data.relations",
    "ratio_interval": "kursk_data.analysis",
    "ratio_text": "kursk_data.labels",
    "summary_table": "kursk_data.labels",
    # check the ledger's consistency
    "check_pairs": "kursk_data.checks",
    "parts_and_totals": "kursk_data.checks",
    "cumulative_decreases": "kursk_data.checks",
    # chart
    "plot_territory": "kursk_data.plotting",
    "plot_troops": "kursk_data.plotting",
    "plot_losses": "kursk_data.plotting",
    "plot_overview": "kursk_data.plotting",
    "plot_contested": "kursk_data.plotting",
    "plot_territory_timeline": "kursk_data.plotting",
    "plot_timeline": "kursk_data.plotting",
    # citable figures
    "show_figure": "kursk_data.figures",
    "draw_figure": "kursk_data.figures",
    "export_figures": "kursk_data.figures",
    # show in a notebook
    "display_table": "kursk_data.display",
    "show_lines": "kursk_data.display",
    # check a news text
    "find_figures": "kursk_data.extract",
    "check_text": "kursk_data.extract",
    "compare_texts": "kursk_data.extract",
}

# Names that were public here, and what to use instead (CHANGELOG.md, "Public API").
_REMOVED = {
    "territory": 'load_claims("territory")',
    "troops": 'load_claims("troops")',
    "losses": 'load_claims("losses")',
    "prisoners": 'load_claims("prisoners")',
    "interval_ratio": "ratio_interval, which takes claim ids or (low, high) intervals",
    "interval": "kursk_data.analysis.interval",
    "relation": "kursk_data.relations.relation",
    "overlaps": "kursk_data.relations.overlaps",
    "counts_by_status": "kursk_data.labels.counts_by_status",
    "source_line": "kursk_data.labels.source_line",
    "style": "kursk_data.plotting.style",
    "FIGURES": "kursk_data.figures.FIGURES",
    "citation_line": "kursk_data.figures.citation_line",
    "extract": "kursk_data.extract (import it as a module)",
}

# The package's own modules, reachable as attributes (``kd.figures``) once imported; imported
# here on first use too.
_SUBMODULES = frozenset(
    {
        "analysis",
        "checks",
        "cli",
        "display",
        "errors",
        "extract",
        "figure_folder",
        "figures",
        "formats",
        "labels",
        "load",
        "plotting",
        "qualifiers",
        "relations",
        "schema",
        "site",
        "textfiles",
        "units",
        "validation",
    }
)

__all__ = ["ValidationError", "__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    if name in _REMOVED:
        raise AttributeError(f"kursk_data.{name} was removed: use {_REMOVED[name]}")
    if name in _SUBMODULES:
        return import_module(f"kursk_data.{name}")
    raise AttributeError(f"module 'kursk_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
