"""Figures in news texts: read them, check them, match them to the ledger, compare two texts.

* :func:`find_figures` — every figure a text states (value, unit, qualifier, interval, the
  second unit of an area and whether it agrees, what the figure counts).
* :func:`check_text` — the same as a report, with pair verdicts and, optionally, ledger matches.
* :func:`compare_texts` — the figures of two texts aligned by what they count, and what changed.

The steps live in one module each, in reading order: :mod:`~kursk_data.extract.tokens`
(numbers and tokens), :mod:`~kursk_data.extract.qualifier_words`,
:mod:`~kursk_data.extract.pairs` (units and second units), :mod:`~kursk_data.extract.measures`
(the sentence around a figure), :mod:`~kursk_data.extract.counts` (what a figure counts),
:mod:`~kursk_data.extract.reader` (the scan),
:mod:`~kursk_data.extract.find` (the frame and the report), :mod:`~kursk_data.extract.ledger`
and :mod:`~kursk_data.extract.compare`.
"""

from __future__ import annotations

from kursk_data.extract.compare import compare_texts
from kursk_data.extract.find import check_text, describe_counts, find_figures
from kursk_data.extract.ledger import match_ledger
from kursk_data.extract.qualifier_words import QUALIFIER_WORDS
from kursk_data.extract.tokens import parse_number

__all__ = [
    "QUALIFIER_WORDS",
    "check_text",
    "compare_texts",
    "describe_counts",
    "find_figures",
    "match_ledger",
    "parse_number",
]
