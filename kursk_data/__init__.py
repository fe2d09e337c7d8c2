"""kursk-data: a sourced ledger of the figures reported about the Kursk incursion.

Every figure is a claim: who said it, for which period, with which qualifier, where it was
reported. Loaders return tidy DataFrames; chart functions (``plot_*``) draw them honestly.
Importing the package does not import matplotlib: chart names load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kursk_data._version import __version__
from kursk_data.errors import ValidationError

# Names served lazily, so `import kursk_data` stays light: no matplotlib, and no pandas until
# a loader is used (`kursk-data validate` never imports it), nor NumPy and pyarrow until a
# file is validated (`kursk-data figures` with nothing to redraw never imports them).
_LAZY = {
    "validate": "kursk_data.validation",
    "Problem": "kursk_data.validation",
    "load_claims": "kursk_data.load",
    "load_sources": "kursk_data.load",
    "losses": "kursk_data.load",
    "prisoners": "kursk_data.load",
    "territory": "kursk_data.load",
    "troops": "kursk_data.load",
    "plot_territory": "kursk_data.plotting",
    "plot_troops": "kursk_data.plotting",
    "plot_losses": "kursk_data.plotting",
    "plot_overview": "kursk_data.plotting",
    "plot_contested": "kursk_data.plotting",
    "plot_territory_timeline": "kursk_data.plotting",
    "plot_timeline": "kursk_data.plotting",
    "style": "kursk_data.plotting",
    "FIGURES": "kursk_data.figures",
    "export_figures": "kursk_data.figures",
    "draw_figure": "kursk_data.figures",
    "show_figure": "kursk_data.figures",
    "citation_line": "kursk_data.figures",
    "ratio_interval": "kursk_data.analysis",
    "summary_table": "kursk_data.labels",
    "cumulative_decreases": "kursk_data.checks",
    "parts_and_totals": "kursk_data.checks",
    "find_figures": "kursk_data.extract",
    "check_text": "kursk_data.extract",
    "compare_texts": "kursk_data.extract",
    "extract": "kursk_data.extract",
    "ratio_text": "kursk_data.labels",
    "counts_by_status": "kursk_data.labels",
    "interval": "kursk_data.analysis",
    "contested": "kursk_data.analysis",
    "suggest_aliases": "kursk_data.analysis",
    "check_pairs": "kursk_data.checks",
    "relation": "kursk_data.relations",
    "overlaps": "kursk_data.relations",
    "relation_table": "kursk_data.relations",
    "interval_ratio": "kursk_data.relations",
    "dispute_table": "kursk_data.relations",
    "source_line": "kursk_data.labels",
    "display_table": "kursk_data.display",
    "show_lines": "kursk_data.display",
}

__all__ = [
    "Problem",
    "ValidationError",
    "__version__",
    "validate",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = import_module(_LAZY[name])
        return module if module.__name__.endswith("." + name) else getattr(module, name)
    raise AttributeError(f"module 'kursk_data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
