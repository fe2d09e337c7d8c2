"""Byte lengths are read from a string array's offsets (not asked of Arrow cell by cell): they
must agree with Arrow's own ``binary_length`` on slices, nulls and multi-byte text."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from kursk_data.validation import columns


@pytest.mark.parametrize("start", [0, 1, 3, 9])
def test_byte_lengths_agree_with_arrow(start):
    cells = ["", "a", None, "Курськ", "张伟", " padded ", None, "x" * 300, "é", ""] * 3
    arr = pa.array(cells, pa.string()).slice(start)
    want = pc.fill_null(pc.binary_length(arr), 0).to_pylist()  # a null reads as empty
    assert columns.byte_lengths(arr).tolist() == want
