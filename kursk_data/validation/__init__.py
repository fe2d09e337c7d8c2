"""Validation of claims and sources files: every problem as (file, row, column, value, rule).

Split by concern, each module a layer over the ones before:

* :mod:`~kursk_data.validation.problems`: :class:`Problem`, the errors that carry problems,
  and the collector that lists the first problems and counts all of them by rule;
* :mod:`~kursk_data.validation.read`: the path, the file and its header (empty, binary, not
  UTF-8, columns), and the rows streamed in batches with their spreadsheet row numbers;
* :mod:`~kursk_data.validation.columns`: a batch of rows, numbers and dates, and each column's
  Table Schema constraints;
* :mod:`~kursk_data.validation.rules`: rules across one claim's columns;
* :mod:`~kursk_data.validation.aliases`: near-duplicate spellings of a name;
* :mod:`~kursk_data.validation.keys`: keys across rows and tables, on a few values a row;
* :mod:`~kursk_data.validation.ledger`: a whole ledger, the shipped one included.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first claim row 2.
"""

from kursk_data.validation.aliases import Alias, near_duplicates
from kursk_data.validation.ledger import (
    read_ledger,
    shipped_frames,
    shipped_tables,
    validate,
)
from kursk_data.validation.problems import Problem, Report, UsageError, ValidationError

__all__ = [
    "Alias",
    "Problem",
    "Report",
    "UsageError",
    "ValidationError",
    "near_duplicates",
    "read_ledger",
    "shipped_frames",
    "shipped_tables",
    "validate",
]
