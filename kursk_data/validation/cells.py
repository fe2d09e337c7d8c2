"""Cell checks: each column's Table Schema constraints (required, enum, pattern, length,
range, type, uniqueness) applied to a frame of strings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.arrays import _arrow, _cell_checks, _emit, _np, _Parsed
from kursk_data.validation.problems import Problem


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
