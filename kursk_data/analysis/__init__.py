"""Findings derived from claims' intervals, never from averaging them.

* :func:`interval`, :func:`ratio_interval` (:mod:`~kursk_data.analysis.intervals`): a claim's
  interval, and the range a ratio of two claims can take, respecting open bounds;
* :func:`contested` (:mod:`~kursk_data.analysis.disputes`): the measures on which claimants
  disagree at matching dates;
* :func:`fold_statements` (:mod:`~kursk_data.analysis.disputes`): a statement reported by two
  rows (``same_statement_as``) as one row, as analyses and charts count it;
* :func:`suggest_aliases` (:mod:`~kursk_data.analysis.claimants`): spellings that look like one
  claimant, for ``contested(aliases=...)``.
"""

from kursk_data.analysis.claimants import suggest_aliases
from kursk_data.analysis.disputes import (
    DEFAULT_WINDOWS,
    compared_bounds,
    contested,
    fold_statements,
)
from kursk_data.analysis.intervals import interval, ratio_interval

__all__ = [
    "DEFAULT_WINDOWS",
    "compared_bounds",
    "contested",
    "fold_statements",
    "interval",
    "ratio_interval",
    "suggest_aliases",
]
