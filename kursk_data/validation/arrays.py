"""Vectorised helpers shared by the column, claim and reference checks: Arrow strings in,
NumPy masks out, and problems emitted for the rows a mask selects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable


def _emit(
    problems: list[Problem],
    name: str,
    frame: pd.DataFrame,
    mask,
    column: str,
    rule: str | Iterable[str],
) -> None:
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    if idx.size == 0:
        return
    values = frame[column].iloc[idx].to_numpy() if column in frame else [None] * idx.size
    rows = frame.index.to_numpy()[idx]
    rules = [rule] * idx.size if isinstance(rule, str) else list(rule)
    problems.extend(
        Problem(name, int(r), column, None if v is None else str(v), ru)
        for r, v, ru in zip(rows, values, rules, strict=True)
    )


def _arrow(raw: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The column's Arrow strings, without copying when it is Arrow-backed already."""
    arr = raw.array
    if hasattr(arr, "__arrow_array__"):
        return arr.__arrow_array__()
    return pa.array(raw.astype(object), type=pa.string(), from_pandas=True)


def _np(arr: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An Arrow boolean or numeric result as a NumPy array (nulls read as False)."""
    if pa.types.is_boolean(arr.type):
        arr = pc.fill_null(arr, False)
    return np.asarray(arr)


def _nonempty(raw: pd.Series) -> np.ndarray:
    return _np(pc.greater(pc.utf8_length(_arrow(raw)), 0))


def _isin(raw: pd.Series, values: Iterable[str]) -> np.ndarray:
    """``raw.isin(values)`` through Arrow: fast for large value sets too."""
    arr = _arrow(raw)
    value_set = pa.array(sorted(set(values)), type=arr.type)
    return _np(pc.is_in(arr, value_set=value_set))


def _map(raw: pd.Series, mapping: dict[str, str]) -> np.ndarray:
    """Map a column with few distinct values through ``mapping`` (unknown -> None)."""
    encoded = pc.dictionary_encode(_arrow(raw)).combine_chunks()
    looked_up = np.array([mapping.get(c) for c in encoded.dictionary.to_pylist()], dtype=object)
    return looked_up[np.asarray(encoded.indices)]


def _numbers(raw: pd.Series) -> np.ndarray:
    """Numbers of a string column as float64; empty or unparsable cells are NaN."""
    arr = _arrow(raw)
    arr = pc.if_else(pc.equal(arr, ""), pa.scalar(None, arr.type), arr)
    try:
        return np.asarray(pc.fill_null(pc.cast(arr, pa.float64()), np.nan), dtype="float64")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # some cell is not a number
        cells = raw.astype(object)
        return pd.to_numeric(cells.where(cells != "", None), errors="coerce").to_numpy("float64")


@dataclass(frozen=True)
class _Dates:
    iso: np.ndarray  # written as YYYY-MM-DD
    real: np.ndarray  # and a real calendar date
    values: np.ndarray  # datetime64[s]; NaT where not real


def _dates(raw: pd.Series) -> _Dates:
    arr = _arrow(raw)
    present = _np(pc.greater(pc.utf8_length(arr), 0))
    try:  # fast path: every cell empty or a real ISO date
        days = pc.cast(pc.if_else(present, arr, pa.scalar(None, arr.type)), pa.date32())
        values = np.asarray(days.cast(pa.int32()).fill_null(np.iinfo(np.int32).min))
        values = np.where(present, values, np.iinfo(np.int64).min).astype("int64")
        values = np.where(present, (values * 86400), values).view("datetime64[s]")
        return _Dates(present, present, values)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    iso = pc.fill_null(pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}$"), False)
    ts = pc.strptime(
        pc.if_else(iso, arr, pa.scalar(None, arr.type)),
        format="%Y-%m-%d",
        unit="s",
        error_is_null=True,
    )
    # strptime rolls 2025-02-30 over into March: a real date prints back as it was written.
    back = pc.cast(pc.strftime(ts, format="%Y-%m-%d"), arr.type)
    real = pc.fill_null(pc.equal(back, arr), False)
    values = np.asarray(
        pc.if_else(real, ts, pa.scalar(None, ts.type))
        .cast(pa.int64())
        .fill_null(np.iinfo(np.int64).min)
    ).view("datetime64[s]")
    return _Dates(_np(iso), _np(real), values)


class _Parsed:
    """Each number and date column parsed once, shared by every rule."""

    def __init__(self, frame: pd.DataFrame, table: schema.Table):
        self.numbers = {
            f.name: _numbers(frame[f.name])
            for f in table.fields
            if f.type == "number" and f.name in frame
        }
        self.dates = {
            f.name: _dates(frame[f.name])
            for f in table.fields
            if f.type == "date" and f.name in frame
        }


@dataclass(frozen=True)
class _Cells:
    present: np.ndarray  # not blank
    padded: np.ndarray  # leading or trailing white space
    too_long: np.ndarray
    known: np.ndarray  # in the enum (all True without one)
    pattern_ok: np.ndarray  # matches the pattern (all True without one)


def _cell_checks(arr, f: schema.Field, distinct: bool = True) -> _Cells:
    """The per-cell checks of one column.

    Most columns repeat a few values (topics, units, dates, sources): with ``distinct`` the
    checks run once per distinct value, through Arrow's dictionary encoding, and the answers
    are spread back to the rows.
    """
    if distinct:
        enc = pc.dictionary_encode(arr)
        enc = enc.combine_chunks() if isinstance(enc, pa.ChunkedArray) else enc
        if len(enc.dictionary) < len(enc) // 2:
            idx = np.asarray(enc.indices)
            per_value = _cell_checks(enc.dictionary, f, distinct=False)
            return _Cells(*(getattr(per_value, k)[idx] for k in _Cells.__dataclass_fields__))
    n = len(arr)
    lengths = pc.utf8_length(arr)
    present = _np(pc.greater(lengths, 0))
    padded = present & (
        _np(pc.utf8_is_space(pc.utf8_slice_codeunits(arr, 0, 1)))
        | _np(pc.utf8_is_space(pc.utf8_slice_codeunits(arr, -1)))
    )
    if padded.any():  # a cell of spaces only counts as empty
        present &= ~_np(pc.utf8_is_space(arr))
    too_long = (
        _np(pc.greater(lengths, f.max_length)) if f.max_length is not None else np.zeros(n, bool)
    )
    known = (
        _np(pc.is_in(arr, value_set=pa.array(f.enum, arr.type)))
        if f.enum is not None
        else np.ones(n, bool)
    )
    pattern_ok = (
        _np(pc.match_substring_regex(arr, f"^(?:{f.pattern})$"))
        if f.pattern is not None and f.enum is None
        else np.ones(n, bool)
    )
    return _Cells(present, padded, too_long, known, pattern_ok)


def _labels(raw: pd.Series) -> np.ndarray:
    """A low-cardinality string column as a NumPy unicode array (cheap to compare)."""
    enc = pc.dictionary_encode(_arrow(raw))
    enc = enc.combine_chunks() if isinstance(enc, pa.ChunkedArray) else enc
    return np.asarray(enc.dictionary.to_pylist(), dtype=str)[np.asarray(enc.indices)]
