"""A batch of rows as the checks see it: columns by schema name, each parsed at most once."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation import arrays
from kursk_data.validation.files import Header


class Batch:
    """Rows of one file. ``rows`` holds each row's number as a spreadsheet shows it.

    Rows whose every cell is empty (a blank line, or a row of commas) are dropped here: they
    hold nothing to check or load, and the rows after them keep their numbers.
    """

    def __init__(
        self, batch: pa.RecordBatch, rows: np.ndarray, header: Header, table: schema.Table
    ):
        self.table = table
        cols = {name: batch.column(i) for name, i in header.positions.items()}
        lengths = {name: arrays.byte_lengths(arrays.as_strings(a)) for name, a in cols.items()}
        blank = np.logical_and.reduce([lengths[c] == 0 for c in lengths]) if lengths else None
        if blank is not None and blank.any():
            keep = arrays.bools(~blank)
            cols = {name: a.filter(keep) for name, a in cols.items()}
            rows = rows[~blank]
            lengths = {name: v[~blank] for name, v in lengths.items()}
        self.rows = rows
        self.n = len(rows)
        self._text = {name: arrays.as_strings(a) for name, a in cols.items()}
        self._lengths = lengths
        self._numbers: dict[str, arrays.Numbers] = {}
        self._dates: dict[str, arrays.Dates] = {}
        self._codes: dict[str, np.ndarray] = {}
        self._encoded: dict[str, pa.DictionaryArray] = {}
        self._padded: dict[str, np.ndarray] = {}

    @classmethod
    def of_table(cls, table: pa.Table, tschema: schema.Table) -> Batch:
        """All rows of a table of strings (a ledger already read) as one batch."""
        header = Header(list(table.column_names), 0, tschema.name)
        header.positions = {name: i for i, name in enumerate(table.column_names)}
        batch = table.combine_chunks().to_batches()
        rb = batch[0] if batch else pa.RecordBatch.from_pylist([], schema=table.schema)
        return cls(rb, np.arange(2, table.num_rows + 2), header, tschema)

    # ----------------------------------------------------------------- raw text

    def has(self, column: str) -> bool:
        return column in self._text

    def text(self, column: str) -> pa.StringArray:
        """The column's cells; an optional column the file leaves out reads as empty."""
        if column not in self._text:
            self._text[column] = arrays.strings([""] * self.n)
            self._lengths[column] = np.zeros(self.n, np.int64)
        return self._text[column]

    def lengths(self, column: str) -> np.ndarray:
        self.text(column)
        return self._lengths[column]

    def present(self, column: str) -> np.ndarray:
        """Cells that are not empty (white space only still counts as present here)."""
        return self.lengths(column) > 0

    def padded(self, column: str) -> np.ndarray:
        if column not in self._padded:
            self._padded[column] = arrays.padded(self.text(column), self.lengths(column))
        return self._padded[column]

    def values(self, column: str):
        """A function giving the cells at positions ``i`` (for problem lines)."""
        arr = self.text(column)
        return lambda i: arrays.take(arr, i)

    # ----------------------------------------------------------------- parsed

    def numbers(self, column: str) -> arrays.Numbers:
        if column not in self._numbers:
            self._numbers[column] = arrays.numbers(self.text(column), self.present(column))
        return self._numbers[column]

    def number(self, column: str) -> np.ndarray:
        """Float values; NaN where empty or not a valid number."""
        return self.numbers(column).values

    def dates(self, column: str) -> arrays.Dates:
        if column not in self._dates:
            self._dates[column] = arrays.dates(self.text(column), self.present(column))
        return self._dates[column]

    def codes(self, column: str) -> np.ndarray:
        """An enum column as positions in its enum; -1 where empty or not one of them."""
        if column not in self._codes:
            enum = self.table.field(column).enum or ()
            idx = pc.index_in(self.text(column), value_set=arrays.strings(enum))
            self._codes[column] = arrays.to_int(idx, -1).astype(np.int16)
        return self._codes[column]

    def is_(self, column: str, value: str) -> np.ndarray:
        return self.codes(column) == self.table.field(column).enum.index(value)

    def encoded(self, column: str) -> pa.DictionaryArray:
        """The column dictionary-encoded (for columns that repeat a few values)."""
        if column not in self._encoded:
            self._encoded[column] = pc.dictionary_encode(self.text(column))
        return self._encoded[column]

    @cached_property
    def position(self) -> np.ndarray:
        return np.arange(self.n)
