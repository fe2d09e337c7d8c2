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
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import pair_agrees

if TYPE_CHECKING:
    from collections.abc import Iterable

MAX_FILE_BYTES = 2 * 1024**3
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


def read_text(
    path: str | os.PathLike[str], label: str | None = None
) -> tuple[str | None, list[Problem]]:
    """Read a CSV file as text, reporting file-level problems instead of raising.

    A UTF-8 byte-order mark and CRLF line ends (as spreadsheets save them) are accepted.
    Raises :class:`UsageError` for a path that does not exist or is not a file.
    """
    p = Path(path)
    name = label or str(path)
    if not p.exists():
        raise UsageError(f"{name}: no such file")
    if p.is_dir():
        raise UsageError(f"{name}: is a directory, not a CSV file")
    if p.stat().st_size > MAX_FILE_BYTES:
        return None, [Problem(name, None, None, None, "file is larger than 2 GiB")]
    data = p.read_bytes()
    return decode(data, name)


def decode(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode CSV bytes as UTF-8, or explain why they are not a CSV text file."""
    if not data.strip():
        return None, [Problem(name, None, None, None, "file is empty: expected a header row")]
    if data.startswith(_SPREADSHEET_MAGIC):
        return None, [
            Problem(
                name,
                None,
                None,
                None,
                "not a CSV file (looks like a spreadsheet): save it as 'CSV UTF-8'",
            )
        ]
    if b"\x00" in data[:65536]:
        return None, [
            Problem(
                name,
                None,
                None,
                None,
                "not a CSV text file (contains NUL bytes): save it as 'CSV UTF-8'",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start : err.end + 3].decode("latin-1")
        return None, [
            Problem(
                name,
                line,
                None,
                bad,
                f"bytes that are not UTF-8 at line {line}: save the file as 'CSV UTF-8'",
            )
        ]
    return text.removeprefix("\ufeff"), []


def parse(text: str, name: str, table: schema.Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV text into a frame of strings (empty cell = ""), checking the header and shape."""
    problems: list[Problem] = []
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])))
    except (StopIteration, csv.Error):
        header = []
    header = [h.strip() for h in header]
    if not any(header):
        return None, [Problem(name, 1, None, None, "no header row")]
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
    if problems:
        return None, problems
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                on_bad_lines="warn",
                engine="c",
            )
        except (pd.errors.ParserError, csv.Error, ValueError) as err:
            return None, [Problem(name, None, None, None, f"not readable as CSV: {err}")]
    for w in caught:
        for line in str(w.message).strip().splitlines():
            # pandas: "Skipping line 7: expected 22 fields, saw 23"
            if line.startswith("Skipping line"):
                num = int(line.split()[2].rstrip(":"))
                problems.append(
                    Problem(
                        name,
                        num,
                        None,
                        None,
                        f"{line.split(': ', 1)[1]} (row dropped; is a comma unquoted?)",
                    )
                )
    frame.columns = [c.strip() for c in frame.columns]
    if frame.empty:
        problems.append(Problem(name, None, None, None, "header only: the file has no data rows"))
        return None, problems
    # A row with too few fields comes back padded with NaN.
    short = frame.isna().any(axis=1)
    for idx in np.flatnonzero(short.to_numpy())[:1000]:
        problems.append(
            Problem(
                name,
                int(idx) + 2,
                None,
                None,
                f"row has fewer fields than the header's {len(header)}",
            )
        )
    frame = frame.fillna("")
    return frame[expected], problems


# --------------------------------------------------------------------------- column rules


def _rows(mask: pd.Series | np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask))


def _emit(
    problems: list[Problem],
    name: str,
    frame: pd.DataFrame,
    mask,
    column: str,
    rule: str | Iterable[str],
) -> None:
    idx = _rows(mask)
    if idx.size == 0:
        return
    values = frame[column].to_numpy()[idx] if column in frame else [None] * idx.size
    rows = frame.index.to_numpy()[idx]
    rules = [rule] * idx.size if isinstance(rule, str) else list(rule)
    problems.extend(
        Problem(name, int(r), column, None if v is None else str(v), ru)
        for r, v, ru in zip(rows, values, rules, strict=True)
    )


def _numbers(raw: pd.Series) -> pd.Series:
    return pd.to_numeric(raw.where(raw != "", None), errors="coerce").astype("float64")


def check_columns(frame: pd.DataFrame, name: str, table: schema.Table) -> list[Problem]:
    """Apply each field's Table Schema constraints to a frame of strings."""
    problems: list[Problem] = []
    for f in table.fields:
        raw = frame[f.name]
        stripped = raw.str.strip()
        present = stripped != ""
        if (stripped != raw).any():
            _emit(
                problems,
                name,
                frame,
                (stripped != raw) & present,
                f.name,
                "leading or trailing spaces",
            )
        if f.required:
            _emit(problems, name, frame, ~present, f.name, "required value is empty")
        if f.max_length is not None:
            _emit(
                problems,
                name,
                frame,
                raw.str.len() > f.max_length,
                f.name,
                f"longer than {f.max_length} characters",
            )
        if f.enum is not None:
            bad = present & ~raw.isin(f.enum)
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
            ok = raw.str.fullmatch(f.pattern).fillna(False).astype(bool)
            _emit(
                problems,
                name,
                frame,
                present & ~ok,
                f.name,
                f"does not match the pattern {f.pattern}",
            )
        if f.type == "number":
            num = _numbers(raw)
            lowered = raw.str.lower().str.strip()
            nonfinite = present & lowered.isin(
                ["nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"]
            )
            _emit(problems, name, frame, nonfinite, f.name, "not a finite number")
            notnum = present & num.isna() & ~nonfinite
            _emit(
                problems,
                name,
                frame,
                notnum,
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
            iso = raw.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)
            _emit(
                problems,
                name,
                frame,
                present & ~iso,
                f.name,
                "not an ISO date YYYY-MM-DD (dates like 03/04/2025 are ambiguous)",
            )
            parsed = pd.to_datetime(raw.where(iso, None), format="%Y-%m-%d", errors="coerce")
            _emit(
                problems,
                name,
                frame,
                present & iso & parsed.isna(),
                f.name,
                "not a real calendar date",
            )
        if f.unique:
            dup = present & raw.duplicated(keep="first")
            if dup.any():
                first = raw[present].drop_duplicates(keep="first")
                first_row = pd.Series(first.index, index=first.to_numpy())
                rules = [f"duplicate {f.name}: first used at row {first_row[v]}" for v in raw[dup]]
                _emit(problems, name, frame, dup, f.name, rules)
    return problems


# --------------------------------------------------------------------------- rules across columns


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    both_nan = np.isnan(a) & np.isnan(b)
    return both_nan | (np.abs(a - b) <= 1e-6 * np.maximum(1.0, np.abs(b)))


def check_claim_rules(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Rules across a claim's columns: units, bounds, periods, status and unit pairs."""
    problems: list[Problem] = []
    value, low, high = (_numbers(frame[c]).to_numpy() for c in ("value", "low", "high"))
    alt = _numbers(frame["alt_value"]).to_numpy()
    topic, unit, qual = frame["topic"], frame["unit"], frame["qualifier"].to_numpy()

    want_unit = topic.map(schema.TOPIC_UNIT)
    bad_unit = (
        want_unit.notna() & frame["unit"].isin(schema.TOPIC_UNIT.values()) & (unit != want_unit)
    )
    _emit(
        problems,
        name,
        frame,
        bad_unit,
        "unit",
        [
            f"topic {t!r} is counted in {u}"
            for t, u in zip(topic[bad_unit], want_unit[bad_unit], strict=True)
        ],
    )
    for u, cap in schema.MAX_PLAUSIBLE.items():
        _emit(
            problems,
            name,
            frame,
            (unit == u).to_numpy() & (value > cap),
            "value",
            f"implausible: more than {cap:,.0f} {u} (an extra zero, or the wrong unit?)",
        )

    both = ~np.isnan(low) & ~np.isnan(high)
    _emit(problems, name, frame, both & (low > high), "low", "low is greater than high")

    known = np.isin(qual, ("exact", "about", "over", "up_to"))
    exp_lo, exp_hi = implied_bounds(value, qual, low, high)
    fine = ~np.isnan(value)
    for col, got, exp in (("low", low, exp_lo), ("high", high, exp_hi)):
        bad = known & fine & ~_close(got, exp)
        rules = [
            f"for qualifier {q!r} and value {v:g}, {col} must be "
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
    _emit(problems, name, frame, outside, "value", "value lies outside the stated range low-high")

    start = pd.to_datetime(frame["period_start"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(frame["period_end"], format="%Y-%m-%d", errors="coerce")
    _emit(
        problems,
        name,
        frame,
        (end < start).to_numpy(),
        "period_end",
        "period ends before it starts",
    )

    want_status = frame["claimant_side"].map(schema.SIDE_STATUS)
    bad_status = (
        want_status.notna()
        & frame["status"].isin(schema.SIDE_STATUS.values())
        & (frame["status"] != want_status)
    )
    _emit(
        problems,
        name,
        frame,
        bad_status,
        "status",
        [
            f"a claimant on side {s!r} makes the status {w!r}"
            for s, w in zip(
                frame["claimant_side"][bad_status], want_status[bad_status], strict=True
            )
        ],
    )

    has_alt, has_alt_unit = ~np.isnan(alt), (frame["alt_unit"] != "").to_numpy()
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
    pair = has_alt & has_alt_unit & (unit == "km2").to_numpy() & fine
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
        has_alt & (unit != "km2").to_numpy(),
        "alt_unit",
        "a second unit is only kept for areas (km2 with mi2)",
    )
    return problems


def check_references(
    claims: pd.DataFrame,
    name: str,
    source_ids: Iterable[str],
    all_claims: pd.DataFrame | None = None,
) -> list[Problem]:
    """Keys across tables: source_id must exist; part_of must name a total that is not smaller."""
    problems: list[Problem] = []
    known = set(source_ids)
    src = claims["source_id"]
    _emit(
        problems,
        name,
        claims,
        (src != "") & ~src.isin(known),
        "source_id",
        "unknown source_id: add it to the sources file first",
    )
    ledger = claims if all_claims is None else all_claims
    part = claims["part_of"]
    has = part != ""
    _emit(
        problems,
        name,
        claims,
        has & ~part.isin(ledger["claim_id"]),
        "part_of",
        "part_of names no claim_id in the ledger",
    )
    _emit(
        problems,
        name,
        claims,
        has & (part == claims["claim_id"]),
        "part_of",
        "a claim cannot be part of itself",
    )
    if has.any():
        totals = ledger.drop_duplicates("claim_id").set_index("claim_id")
        linked = has & part.isin(totals.index)
        t = totals.reindex(part[linked])
        p_low = _numbers(claims.loc[linked, "low"]).fillna(0).to_numpy()
        p_val = _numbers(claims.loc[linked, "value"]).to_numpy()
        t_high = _numbers(t["high"]).to_numpy()
        exceeds = ~np.isnan(t_high) & (np.fmax(p_low, 0) > t_high + 1e-9)
        bad_unit = claims.loc[linked, "unit"].to_numpy() != t["unit"].to_numpy()
        mask = np.zeros(len(claims), bool)
        mask[np.flatnonzero(linked.to_numpy())[exceeds & ~bad_unit]] = True
        _emit(
            problems,
            name,
            claims,
            mask,
            "part_of",
            [
                f"part exceeds its total: {v:g} is more than {h:g}, the most {pid} allows"
                for v, h, pid in zip(
                    p_val[exceeds & ~bad_unit],
                    t_high[exceeds & ~bad_unit],
                    part[linked].to_numpy()[exceeds & ~bad_unit],
                    strict=True,
                )
            ],
        )
        mask = np.zeros(len(claims), bool)
        mask[np.flatnonzero(linked.to_numpy())[bad_unit]] = True
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
    out = pd.DataFrame(index=frame.index)
    for f in table.fields:
        if f.name not in frame:
            continue
        col = frame[f.name]
        if f.type == "date":
            out[f.name] = pd.to_datetime(col).dt.strftime("%Y-%m-%d").fillna("")
        elif f.type == "number":
            num = pd.to_numeric(col, errors="coerce").astype("float64")
            out[f.name] = [("" if np.isnan(x) else repr(float(x))) for x in num]
        else:
            out[f.name] = col.astype("object").where(col.notna(), "").astype(str)
    return out


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
    problems = check_columns(claims, claims_name, ct) + check_claim_rules(claims, claims_name)
    problems += check_columns(sources, sources_name, st)
    if base_sources is not None:
        clash = sources["source_id"].isin(base_sources["source_id"])
        _emit(
            problems,
            sources_name,
            sources,
            clash,
            "source_id",
            "source_id already used by the shipped ledger",
        )
    if base_claims is not None:
        clash = claims["claim_id"].isin(base_claims["claim_id"])
        _emit(
            problems,
            claims_name,
            claims,
            clash,
            "claim_id",
            "claim_id already used by the shipped ledger: choose a new id (e.g. your own prefix)",
        )
    source_ids = set(sources["source_id"])
    if base_sources is not None:
        source_ids |= set(base_sources["source_id"])
    merged = claims if base_claims is None else pd.concat([base_claims, claims])
    problems += check_references(claims, claims_name, source_ids, merged)
    return sorted(problems, key=lambda p: (p.file, p.row or 0, _col_order(p.column)))


def _col_order(column: str | None) -> int:
    names = schema.table("claims").names + schema.table("sources").names
    return names.index(column) if column in names else -1


def read_table(
    path: str | os.PathLike[str], table_name: str | None = None, label: str | None = None
) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    """Read and shape-check a CSV file; returns (string frame or None, table name, problems)."""
    name = label or _label(path)
    text, problems = read_text(path, name)
    if text is None:
        return None, table_name or "claims", problems
    tname = table_name or sniff_table(text)
    frame, more = parse(text, name, schema.table(tname))
    if frame is not None:
        frame.index = pd.RangeIndex(2, len(frame) + 2)
    return frame, tname, problems + more


def validate(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    sources: str | os.PathLike[str] | pd.DataFrame | None = None,
) -> list[Problem]:
    """Validate a claims file (or a sources file, recognised by its header) or a DataFrame.

    A user's file is checked as it would be merged into the shipped ledger: its ids must not
    collide with shipped ids and its source_ids must exist in the shipped sources or in
    ``sources``. Returns every problem found; an empty list means valid. Raises
    :class:`UsageError` for a path that is missing or a directory.
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
    if isinstance(data, pd.DataFrame) and frame["claim_id"].isin(base_claims["claim_id"]).all():
        # A frame loaded from the ledger itself: check it as the ledger, not as an addition.
        return problems + validate_frames(frame, base_sources, claims_name=name)
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
