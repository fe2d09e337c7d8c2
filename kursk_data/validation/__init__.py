"""Validation of claims and sources files: every problem as (file, row, column, value, rule).

Split by concern, each module a layer over the one before:

* :mod:`~kursk_data.validation.problems`: :class:`Problem` and the errors that carry problems;
* :mod:`~kursk_data.validation.files`: the file and its header (encoding, binary, shape);
* :mod:`~kursk_data.validation.arrays`: vectorised helpers shared by the checks below;
* :mod:`~kursk_data.validation.cells`: each column's Table Schema constraints;
* :mod:`~kursk_data.validation.rules`: rules across one claim's columns;
* :mod:`~kursk_data.validation.references`: keys across rows and tables;
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
