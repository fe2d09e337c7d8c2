"""Validation of claims and sources files: every problem as (file, row, column, value, rule).

Split by concern, each module a layer over the ones before:

* :mod:`~kursk_data.validation.problems`: :class:`Problem`, the errors that carry problems,
  and the collector that lists the first problems and counts all of them by rule;
* :mod:`~kursk_data.validation.files`: the path, the file and its header (empty, binary, not
  UTF-8, columns), and the rows streamed in batches with their spreadsheet row numbers;
* :mod:`~kursk_data.validation.arrays`: vectorised reading of a column (lengths, white space,
  control characters, numbers, dates and their bounds, hashes);
* :mod:`~kursk_data.validation.batch`: a batch of rows, each column parsed once;
* :mod:`~kursk_data.validation.cells`: each column's Table Schema constraints;
* :mod:`~kursk_data.validation.rules`: rules across one claim's columns;
* :mod:`~kursk_data.validation.aliases`: near-duplicate spellings of a name;
* :mod:`~kursk_data.validation.references`: keys across rows and tables, on compact state;
* :mod:`~kursk_data.validation.ledger`: a whole ledger, the shipped one included.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first claim row 2.
"""

from kursk_data.validation.aliases import Alias, near_duplicates
from kursk_data.validation.ledger import (
    read_ledger,
    shipped_frames,
    shipped_tables,
    validate,
    validate_frames,
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
    "validate_frames",
]
