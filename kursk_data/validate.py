"""Validation of claims and sources files: every problem as (file, row, column, value, rule).

Column rules come from the Table Schema in ``data/datapackage.json`` (required, enum, pattern,
length, range, uniqueness, keys); rules across columns (bounds implied by the qualifier, period
order, unit pairs, parts and totals) are below. All checks are vectorised with pandas, so a
million-row file validates in a few seconds.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first claim row 2.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import pair_agrees

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_FILE_BYTES = 2 * 1024**3
# Columns stay exactly the Arrow strings the reader made (no copy into another string type).
_STR = pd.ArrowDtype(pa.string())
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # xlsx/ods (zip), xls (OLE2)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        col = self.column or "-"
        return f"{self.file}:{row}:{col}: {_show(self.value)} — {self.rule}"


class ValidationError(ValueError):
    """Raised when a claims or sources file breaks the ledger's rules; lists every problem."""

    def __init__(self, problems: list[Problem], limit: int = 20):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:limit])
        more = len(problems) - limit
        tail = f"\n  ... and {more} more problem(s)" if more > 0 else ""
        super().__init__(f"{len(problems)} problem(s) found:\n{shown}{tail}")


class UsageError(Exception):
    """A path that cannot be read at all (missing, a directory): a usage error, exit code 2."""


def _show(value: str | None) -> str:
    if value is None:
        return '""'
    text = value if len(value) <= 60 else value[:57] + "..."
    return json.dumps(text, ensure_ascii=False)


# --------------------------------------------------------------------------- reading


def _file_problems(head: bytes, size: int, name: str) -> list[Problem]:
    """Problems visible in the first bytes of a file: empty, a spreadsheet, binary."""
    if size == 0 or (size <= len(head) and not head.strip()):
        return [Problem(name, None, None, None, "file is empty: expected a header row")]
    if head.startswith(_SPREADSHEET_MAGIC):
        return [
            Problem(
                name,
                None,
                None,
                None,
                "not a CSV file (looks like a spreadsheet): save it as 'CSV UTF-8'",
            )
        ]
    if b"\x00" in head:
        return [
            Problem(
                name,
                None,
                None,
                None,
                "not a CSV text file (contains NUL bytes): save it as 'CSV UTF-8'",
            )
        ]
    return []


def _utf8_problem(data: bytes, name: str) -> Problem | None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end + 3].decode("latin-1")
        return Problem(
            name,
            line,
            None,
            bad,
            f"bytes that are not UTF-8 at line {line}: save the file as 'CSV UTF-8'",
        )
    return None


def _header(head: bytes) -> list[str]:
    first = head.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        return [h.strip() for h in next(csv.reader([first.rstrip("\r")]))]
    except (StopIteration, csv.Error):
        return []


def _check_header(header: list[str], name: str, table: schema.Table) -> list[Problem]:
    problems: list[Problem] = []
    if not any(header):
        return [Problem(name, 1, None, None, "no header row")]
    expected = table.names
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.append(Problem(name, 1, h, h, "column appears more than once in the header"))
        seen.add(h)
    unknown = [h for h in header if h not in expected]
    for f in table.fields:
        if f.name not in seen:
            near = difflib.get_close_matches(f.name, unknown, n=1, cutoff=0.6)
            hint = f" (found {near[0]!r}: was it renamed?)" if near else ""
            rule = "required column is missing" if f.required else "column is missing"
            problems.append(Problem(name, 1, f.name, None, rule + hint))
    for h in unknown:
        problems.append(
            Problem(
                name,
                1,
                h,
                h,
                f"unknown column: the {table.name} file has "
                f"exactly these columns: {', '.join(expected)}",
            )
        )
    return problems


def _arrow_read(source, header: list[str], threads: bool, bad_rows: list):
    def on_bad(row) -> str:
        bad_rows.append(row)
        return "skip"

    return pacsv.read_csv(
        source,
        read_options=pacsv.ReadOptions(use_threads=threads, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_bad),
        convert_options=pacsv.ConvertOptions(
            column_types={h: pa.string() for h in header},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            null_values=[],
        ),
    )


def parse(
    source: bytes | os.PathLike[str], name: str, table: schema.Table
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV (bytes or a path) into a frame of strings; "" is an empty cell.

    File-level and header problems stop here; rows with the wrong number of fields are reported
    and dropped. Parsing uses pyarrow's multi-threaded reader, so strings stay compact.
    """
    if isinstance(source, bytes):
        head, size = source[:65536], len(source)
    else:
        with open(source, "rb") as fh:
            head = fh.read(65536)
        size = os.path.getsize(source)
    problems = _file_problems(head, size, name)
    if problems:
        return None, problems
    header = _header(head)
    problems = _check_header(header, name, table)
    if problems:
        return None, problems

    def opened():
        return io.BytesIO(source) if isinstance(source, bytes) else os.fspath(source)

    bad_rows: list = []
    try:
        arrow = _arrow_read(opened(), header, True, bad_rows)
    except pa.ArrowInvalid as err:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        bad = _utf8_problem(data, name)
        if bad is not None:
            return None, [bad]
        return None, [Problem(name, None, None, None, f"not readable as CSV: {err}")]
    if bad_rows and any(r.number is None for r in bad_rows):
        bad_rows = []  # threads hide row numbers; read again in one thread to get them
        _arrow_read(opened(), header, False, bad_rows)
    for r in bad_rows[:1000]:
        problems.append(
            Problem(
                name,
                r.number,
                None,
                r.text[:60],
                f"row has {r.actual_columns} fields, the header has {r.expected_columns} "
                "(row skipped; is a comma unquoted?)",
            )
        )
    if arrow.num_rows == 0:
        problems.append(Problem(name, None, None, None, "header only: the file has no data rows"))
        return None, problems
    frame = arrow.to_pandas(
        types_mapper=lambda t: _STR if t in (pa.string(), pa.large_string()) else None
    )
    frame.columns = [c.strip() for c in frame.columns]
    numbers = np.arange(2, arrow.num_rows + len(bad_rows) + 2)
    if bad_rows:
        numbers = numbers[~np.isin(numbers, [r.number for r in bad_rows])][: arrow.num_rows]
    frame.index = pd.Index(numbers)
    return frame[table.names], problems


# --------------------------------------------------------------------------- column rules


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


def check_columns(
    frame: pd.DataFrame, name: str, table: schema.Table, parsed: _Parsed | None = None
) -> list[Problem]:
    """Apply each field's Table Schema constraints to a frame of strings."""
    parsed = parsed or _Parsed(frame, table)
    problems: list[Problem] = []
    for f in table.fields:
        raw = frame[f.name]
        arr = _arrow(raw)
        cells = _cell_checks(arr, f, distinct=not f.unique)
        present, padded, too_long, known = cells.present, cells.padded, cells.too_long, cells.known
        if padded.any():
            _emit(problems, name, frame, padded & present, f.name, "leading or trailing spaces")
        if f.required:
            _emit(problems, name, frame, ~present, f.name, "required value is empty")
        if f.max_length is not None:
            _emit(problems, name, frame, too_long, f.name, f"longer than {f.max_length} characters")
        if f.enum is not None:
            bad = present & ~known
            if bad.any():
                lower = {e.lower(): e for e in f.enum}
                rules = []
                for v in raw[bad]:
                    hint = lower.get(v.strip().lower().replace(" ", "_").replace("-", "_"))
                    rules.append(
                        f"not one of {', '.join(f.enum)}"
                        + (f" (did you mean {hint!r}?)" if hint else "")
                    )
                _emit(problems, name, frame, bad, f.name, rules)
        if f.pattern is not None and f.enum is None:
            _emit(
                problems,
                name,
                frame,
                present & ~cells.pattern_ok,
                f.name,
                f"does not match the pattern {f.pattern}",
            )
        if f.type == "number":
            num = parsed.numbers[f.name]
            nonfinite = present & ~np.isfinite(num)
            if nonfinite.any():  # NaN from "nan"/"inf" text, not from an unreadable cell
                nonfinite &= _np(
                    pc.match_substring_regex(
                        arr, r"^\s*[+-]?(nan|inf|infinity)\s*$", ignore_case=True
                    )
                )
            _emit(problems, name, frame, nonfinite, f.name, "not a finite number")
            _emit(
                problems,
                name,
                frame,
                present & np.isnan(num) & ~nonfinite,
                f.name,
                "not a number (write digits only, e.g. 1000 not 1,000)",
            )
            finite = np.isfinite(num)
            if f.minimum is not None:
                _emit(
                    problems,
                    name,
                    frame,
                    finite & (num < f.minimum),
                    f.name,
                    f"must be at least {f.minimum:g}",
                )
            if f.maximum is not None:
                _emit(
                    problems,
                    name,
                    frame,
                    finite & (num > f.maximum),
                    f.name,
                    f"must be at most {f.maximum:g}",
                )
        if f.type == "date":
            d = parsed.dates[f.name]
            _emit(
                problems,
                name,
                frame,
                present & ~d.iso,
                f.name,
                "not an ISO date YYYY-MM-DD (dates like 03/04/2025 are ambiguous)",
            )
            _emit(
                problems, name, frame, present & d.iso & ~d.real, f.name, "not a real calendar date"
            )
        if f.unique and len(pc.unique(arr)) < len(arr):  # hashing in Arrow: cheap when all differ
            dup = present & raw.duplicated(keep="first").to_numpy()
            if dup.any():
                first = raw[present].drop_duplicates(keep="first")
                first_row = dict(zip(first.to_numpy(), first.index, strict=True))
                rules = [f"duplicate {f.name}: first used at row {first_row[v]}" for v in raw[dup]]
                _emit(problems, name, frame, dup, f.name, rules)
    return problems


# --------------------------------------------------------------------------- rules across columns


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        return both_nan | (np.abs(a - b) <= 1e-6 * np.maximum(1.0, np.abs(b)))


def check_claim_rules(
    frame: pd.DataFrame, name: str, parsed: _Parsed | None = None
) -> list[Problem]:
    """Rules across a claim's columns: units, bounds, periods, status and unit pairs."""
    parsed = parsed or _Parsed(frame, schema.table("claims"))
    problems: list[Problem] = []
    value, low, high = (parsed.numbers[c] for c in ("value", "low", "high"))
    alt = parsed.numbers["alt_value"]
    unit = _labels(frame["unit"])
    qual = _labels(frame["qualifier"])
    topic = frame["topic"]

    want_unit = _map(topic, schema.TOPIC_UNIT)
    known_unit = _isin(frame["unit"], schema.TOPIC_UNIT.values())
    bad_unit = (want_unit != None) & known_unit & (unit.astype(object) != want_unit)  # noqa: E711
    _emit(
        problems,
        name,
        frame,
        bad_unit,
        "unit",
        [
            f"topic {t!r} is counted in {u}"
            for t, u in zip(topic.to_numpy()[bad_unit], want_unit[bad_unit], strict=True)
        ],
    )
    with np.errstate(invalid="ignore"):
        for u, cap in schema.MAX_PLAUSIBLE.items():
            _emit(
                problems,
                name,
                frame,
                (unit == u) & (value > cap),
                "value",
                f"implausible: more than {cap:,.0f} {u} (an extra zero, or the wrong unit?)",
            )
        both = ~np.isnan(low) & ~np.isnan(high)
        _emit(problems, name, frame, both & (low > high), "low", "low is greater than high")

        known = np.isin(qual, ("exact", "about", "over", "up_to"))
        fine = np.isfinite(value)
        exp_lo, exp_hi = implied_bounds(np.where(fine, value, 0.0), qual, low, high)
        for col, got, exp in (("low", low, exp_lo), ("high", high, exp_hi)):
            bad = known & fine & ~_close(got, exp)
            rules = [
                f"for qualifier {str(q)!r} and value {v:g}, {col} must be "
                + ("empty (open)" if np.isnan(e) else f"{e:g}")
                + " (rule: README 'Qualifiers and bounds')"
                for q, v, e in zip(qual[bad], value[bad], exp[bad], strict=True)
            ]
            _emit(problems, name, frame, bad, col, rules)
        rng = qual == "range"
        _emit(
            problems,
            name,
            frame,
            rng & (np.isnan(low) | np.isnan(high)),
            "low",
            "a range needs both low and high",
        )
        outside = rng & both & fine & ((value < low) | (value > high))
        _emit(
            problems, name, frame, outside, "value", "value lies outside the stated range low-high"
        )

    start, end = parsed.dates["period_start"].values, parsed.dates["period_end"].values
    _emit(
        problems,
        name,
        frame,
        ~np.isnat(start) & ~np.isnat(end) & (end < start),
        "period_end",
        "period ends before it starts",
    )

    side = frame["claimant_side"]
    want_status = _map(side, schema.SIDE_STATUS)
    status = _labels(frame["status"]).astype(object)
    known_status = _isin(frame["status"], schema.SIDE_STATUS.values())
    bad_status = (want_status != None) & known_status & (status != want_status)  # noqa: E711
    _emit(
        problems,
        name,
        frame,
        bad_status,
        "status",
        [
            f"a claimant on side {s!r} makes the status {w!r}"
            for s, w in zip(side.to_numpy()[bad_status], want_status[bad_status], strict=True)
        ],
    )

    has_alt = ~np.isnan(alt)
    has_alt_unit = _nonempty(frame["alt_unit"])
    _emit(
        problems,
        name,
        frame,
        has_alt & ~has_alt_unit,
        "alt_unit",
        "alt_value is given without alt_unit",
    )
    _emit(
        problems,
        name,
        frame,
        ~has_alt & has_alt_unit,
        "alt_value",
        "alt_unit is given without alt_value",
    )
    pair = has_alt & has_alt_unit & (unit == "km2") & np.isfinite(value)
    if pair.any():
        agrees, expected = pair_agrees(value[pair], alt[pair])
        bad = np.zeros(len(frame), bool)
        bad[np.flatnonzero(pair)[~agrees]] = True
        _emit(
            problems,
            name,
            frame,
            bad,
            "alt_value",
            [
                f"does not match value {v:g} km2 within rounding (expected about {e:g} mi2)"
                for v, e in zip(value[bad], expected[~agrees], strict=True)
            ],
        )
    _emit(
        problems,
        name,
        frame,
        has_alt & (unit != "km2"),
        "alt_unit",
        "a second unit is only kept for areas (km2 with mi2)",
    )
    return problems


def check_references(
    claims: pd.DataFrame,
    name: str,
    source_ids: Iterable[str],
    base_claims: pd.DataFrame | None = None,
    parsed: _Parsed | None = None,
) -> list[Problem]:
    """Keys across tables: source_id must exist; part_of must name a total that is not smaller.

    ``base_claims`` are claims already in the ledger that ``part_of`` may also point to.
    """
    problems: list[Problem] = []
    src = claims["source_id"]
    _emit(
        problems,
        name,
        claims,
        _nonempty(src) & ~_isin(src, source_ids),
        "source_id",
        "unknown source_id: add it to the sources file first",
    )
    part = claims["part_of"]
    has = _nonempty(part)
    if not has.any():
        return problems
    ledger = claims if base_claims is None else pd.concat([base_claims, claims])
    ids = ledger["claim_id"]
    _emit(
        problems,
        name,
        claims,
        has & ~_isin(part, ids),
        "part_of",
        "part_of names no claim_id in the ledger",
    )
    _emit(
        problems,
        name,
        claims,
        has & _np(pc.equal(_arrow(part), _arrow(claims["claim_id"]))),
        "part_of",
        "a claim cannot be part of itself",
    )
    linked = has & _isin(part, ids)
    totals = ledger.drop_duplicates("claim_id").set_index("claim_id")
    t = totals.loc[part[linked].to_numpy()]
    parsed = parsed or _Parsed(claims, schema.table("claims"))
    p_low = np.nan_to_num(parsed.numbers["low"][linked], nan=0.0)
    p_val = parsed.numbers["value"][linked]
    t_high = _numbers(t["high"])
    with np.errstate(invalid="ignore"):
        exceeds = ~np.isnan(t_high) & (np.fmax(p_low, 0) > t_high + 1e-9)
    bad_unit = claims["unit"].to_numpy()[linked] != t["unit"].to_numpy()
    where = np.flatnonzero(linked)
    mask = np.zeros(len(claims), bool)
    mask[where[exceeds & ~bad_unit]] = True
    sel = exceeds & ~bad_unit
    _emit(
        problems,
        name,
        claims,
        mask,
        "part_of",
        [
            f"part exceeds its total: {v:g} is more than {h:g}, the most {pid} allows"
            for v, h, pid in zip(p_val[sel], t_high[sel], part.to_numpy()[linked][sel], strict=True)
        ],
    )
    mask = np.zeros(len(claims), bool)
    mask[where[bad_unit]] = True
    _emit(problems, name, claims, mask, "part_of", "a part must have the unit of its total")
    return problems


# --------------------------------------------------------------------------- entry points


def _label(path: str | os.PathLike[str]) -> str:
    return os.fspath(path)


def sniff_table(text: str) -> str:
    """``"sources"`` if the header starts like a sources file, else ``"claims"``."""
    first = text.split("\n", 1)[0].lstrip("\ufeff")
    cols = {c.strip() for c in next(csv.reader([first]), [])}
    return "sources" if {"role", "publisher"} <= cols and "claim_id" not in cols else "claims"


def _to_strings(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """A typed frame (as load_claims returns it) back to the strings a CSV would hold."""
    from kursk_data.formats import as_text

    return as_text(frame[[c for c in table.names if c in frame]])


def validate_frames(
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    claims_name: str = "claims.csv",
    sources_name: str = "sources.csv",
    base_claims: pd.DataFrame | None = None,
    base_sources: pd.DataFrame | None = None,
) -> list[Problem]:
    """Validate string frames of claims and sources (index = spreadsheet row numbers).

    ``base_claims``/``base_sources`` are the shipped ledger a user's file is merged into: ids
    colliding with it are errors, and its sources and claims may be referred to.
    """
    ct, st = schema.table("claims"), schema.table("sources")
    parsed = _Parsed(claims, ct)
    problems = check_columns(claims, claims_name, ct, parsed)
    problems += check_claim_rules(claims, claims_name, parsed)
    problems += check_columns(sources, sources_name, st)
    if base_sources is not None:
        _emit(
            problems,
            sources_name,
            sources,
            _isin(sources["source_id"], base_sources["source_id"]),
            "source_id",
            "source_id already used by the shipped ledger",
        )
    if base_claims is not None:
        _emit(
            problems,
            claims_name,
            claims,
            _isin(claims["claim_id"], base_claims["claim_id"]),
            "claim_id",
            "claim_id already used by the shipped ledger: choose a new id (e.g. your own prefix)",
        )
    source_ids = set(sources["source_id"])
    if base_sources is not None:
        source_ids |= set(base_sources["source_id"])
    problems += check_references(claims, claims_name, source_ids, base_claims, parsed)
    return sorted(problems, key=lambda p: (p.file, p.row or 0, _col_order(p.column)))


def _col_order(column: str | None) -> int:
    names = schema.table("claims").names + schema.table("sources").names
    return names.index(column) if column in names else -1


def read_table(
    path: str | os.PathLike[str], table_name: str | None = None, label: str | None = None
) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    """Read and shape-check a CSV file; returns (string frame or None, table name, problems).

    The frame's index holds each row's number as a spreadsheet shows it (header = row 1).
    Raises :class:`UsageError` for a path that does not exist or is not a file.
    """
    name = label or _label(path)
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{name}: no such file")
    if p.is_dir():
        raise UsageError(f"{name}: is a directory, not a CSV file")
    if not p.is_file():
        raise UsageError(f"{name}: not a regular file")
    if p.stat().st_size > MAX_FILE_BYTES:
        return (
            None,
            table_name or "claims",
            [Problem(name, None, None, None, "file is larger than 2 GiB")],
        )
    with open(p, "rb") as fh:
        head = fh.read(65536)
    tname = table_name or sniff_table(head.decode("utf-8", errors="replace"))
    frame, problems = parse(p, name, schema.table(tname))
    return frame, tname, problems


def validate(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    sources: str | os.PathLike[str] | pd.DataFrame | None = None,
) -> list[Problem]:
    """Validate a claims file (or a sources file, recognised by its header) or a DataFrame.

    A user's file is checked as it would be merged into the shipped ledger: its ids must not
    collide with shipped ids and its source_ids must exist in the shipped sources or in
    ``sources``. A DataFrame is checked as a whole ledger (it may contain shipped claims).
    Returns every problem found; an empty list means valid. Raises :class:`UsageError` for a
    path that is missing or a directory.
    """
    from kursk_data.load import shipped_frames

    base_claims, base_sources = shipped_frames()
    if isinstance(data, pd.DataFrame):
        frame = _to_strings(data, schema.table("claims"))
        frame.index = pd.RangeIndex(2, len(frame) + 2)
        name, tname, problems = "<DataFrame>", "claims", []
        missing = [c for c in schema.table("claims").names if c not in frame]
        if missing:
            return [Problem(name, 1, c, None, "required column is missing") for c in missing]
        frame = frame[schema.table("claims").names]
    else:
        name = _label(data)
        frame, tname, problems = read_table(data, label=name)
        if frame is None:
            return problems
    shipped = _is_shipped(data)
    if tname == "sources":
        empty = base_claims.iloc[0:0]
        return problems + validate_frames(
            empty, frame, sources_name=name, base_sources=None if shipped else base_sources
        )
    src_frame = base_sources.iloc[0:0]
    src_name = "sources.csv"
    if sources is not None:
        if isinstance(sources, pd.DataFrame):
            src_frame = _to_strings(sources, schema.table("sources"))
            src_frame.index = pd.RangeIndex(2, len(src_frame) + 2)
            src_name = "<DataFrame>"
        else:
            src_name = _label(sources)
            sf, _, sp = read_table(sources, "sources", label=src_name)
            problems += sp
            if sf is None:
                return problems
            src_frame = sf
    if shipped:
        return problems + validate_frames(frame, base_sources, claims_name=name)
    if isinstance(data, pd.DataFrame):
        # A frame (say, what load_claims returned) is checked as a whole ledger: it may hold
        # shipped claims beside the user's, citing shipped or the given sources.
        known = pd.concat([base_sources, src_frame])
        return problems + validate_frames(
            frame, known.drop_duplicates("source_id"), claims_name=name
        )
    return problems + validate_frames(
        frame,
        src_frame,
        claims_name=name,
        sources_name=src_name,
        base_claims=base_claims,
        base_sources=base_sources,
    )


def _is_shipped(data: object) -> bool:
    if isinstance(data, pd.DataFrame):
        return False
    try:
        here = Path(os.fspath(data)).resolve()  # type: ignore[arg-type]
    except (TypeError, OSError):
        return False
    return any(
        here == Path(str(schema.data_file(n))).resolve() for n in ("claims.csv", "sources.csv")
    )
