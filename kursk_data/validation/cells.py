"""Cell checks: each column's Table Schema constraints (required, enum, pattern, length, range,
type), white space and control characters, in plain words, on a batch of rows.

Each problem is reported once, on its cell: a padded number is "leading or trailing spaces",
not also "not a number"; a cell of spaces only is empty.
"""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation import arrays
from kursk_data.validation.batch import Batch
from kursk_data.validation.problems import Collector

# Patterns of the Table Schema, said in words a spreadsheet user can act on.
PATTERN_WORDS = {
    ("claims", "claim_id"): "an id is lowercase letters and digits in parts joined by hyphens, "
    "like usr-01 or my-2025-03",
    ("claims", "measure"): "a measure is lowercase words joined by underscores, "
    "like area_held_by_ukraine",
    ("sources", "source_id"): "a source id is lowercase letters and digits joined by hyphens, "
    "like my-blog-2025",
}
EMPTY = "required value is empty"
PADDED = "leading or trailing spaces"
NOT_A_NUMBER = "not a number (write digits only, e.g. 1000 not 1,000)"
NOT_ISO = "not an ISO date YYYY-MM-DD (dates like 03/04/2025 are ambiguous)"
NOT_REAL = "not a real calendar date"
OUT_OF_YEARS = f"outside the years {arrays.YEARS} (a typo in the year?)"
NOT_ALLOWED = "not one of the allowed values"
CONTROL = "contains a control character"


def url_rule(value: str) -> str:
    """Why a ``url`` cell is not a web address, in words."""
    v = value.strip()
    if not v.lower().startswith(("http://", "https://")):
        return "not a web address: it must start with http:// or https://"
    if any(ch.isspace() for ch in v):
        return (
            "a web address has no spaces: is there text after it? "
            "Put words about the page in the note column"
        )
    return "not a web address"


def check_cells(b: Batch, file: str, out: Collector) -> None:
    """Every field's constraints on every row of ``b``."""
    for f in b.table.fields:
        _check_field(b, f, file, out)


def _check_field(b: Batch, f: schema.Field, file: str, out: Collector) -> None:
    name = f.name
    if not b.has(name) and name in b.table.optional:
        return  # an optional column the file leaves out: every cell is empty
    arr, lengths = b.text(name), b.lengths(name)
    present = lengths > 0
    values = b.values(name)
    emit = out.emitter(file, name, b.rows, values)

    # What breaks the column's own shape (type, enum, pattern); refined below.
    bad = np.zeros(b.n, bool)
    rule_of_bad = None
    if f.type == "number":
        nums = b.numbers(name)
        bad = nums.bad
    elif f.type == "date":
        d = b.dates(name)
        bad = d.not_iso | d.not_real
    elif f.enum is not None:
        bad = present & (b.codes(name) < 0)
        lower = {e.lower(): e for e in f.enum}

        def rule_of_bad(i):
            hints = [
                lower.get(v.strip().lower().replace(" ", "_").replace("-", "_")) for v in values(i)
            ]
            return [
                f"not one of {', '.join(f.enum)}" + (f" (did you mean {h!r}?)" if h else "")
                for h in hints
            ]

    elif f.pattern is not None:
        if f.pattern in arrays.ID_PATTERNS:
            ok = arrays.id_shaped(arr, *arrays.ID_PATTERNS[f.pattern])
        elif f.unique:
            ok = arrays.to_np(pc.match_substring_regex(arr, f"^(?:{f.pattern})$"))
        else:
            enc = b.encoded(name)
            per_value = arrays.to_np(pc.match_substring_regex(enc.dictionary, f"^(?:{f.pattern})$"))
            ok = per_value[arrays.to_int(enc.indices)] if len(per_value) else np.ones(b.n, bool)
        bad = present & ~ok
    elif name == "url":
        bad = present & ~arrays.to_np(pc.match_substring_regex(arr, f"^(?:{f.pattern})$"))

    # White space: checked on every free-text cell, and on the cells that failed their shape
    # (a value that would pass the shape cannot start or end with a space).
    structured = f.type in ("number", "date") or f.enum is not None or f.pattern is not None
    if structured:
        pad = np.zeros(b.n, bool)
        if bad.all():  # every cell (a file wrong throughout): no copy of them
            pad = b.padded(name)
        elif bad.any():
            idx = np.flatnonzero(bad)
            sub = arr.take(arrays.ints(idx))
            pad[idx] = arrays.padded(sub, lengths[idx])
    else:
        pad = b.padded(name)
    space_only = arrays.only_space(arr, pad) if pad.any() else np.zeros(b.n, bool)
    empty = ~present | space_only
    if f.required:
        emit(empty, EMPTY)
    else:
        emit(space_only, "only spaces: leave the cell empty or write a value")
    emit(pad & ~space_only, PADDED)
    bad &= ~pad

    if f.type == "number":
        emit(bad, NOT_A_NUMBER)
        emit(nums.nonfinite, "not a finite number")
        v = nums.values
        with np.errstate(invalid="ignore"):
            if f.minimum is not None:
                emit(v < f.minimum, f"must be at least {f.minimum:g}", kind="below the minimum")
            if f.maximum is not None:
                emit(v > f.maximum, f"must be at most {f.maximum:,.0f}", kind="above the maximum")
    elif f.type == "date":
        emit(d.not_iso & ~pad, NOT_ISO)
        emit(d.not_real & ~pad, NOT_REAL)
        emit(d.out_of_bounds, OUT_OF_YEARS)
    elif f.enum is not None:
        emit(bad, rule_of_bad, kind=NOT_ALLOWED)
    elif name == "url":
        emit(bad, lambda i: [url_rule(v) for v in values(i)], kind="not a web address")
    elif f.pattern is not None:
        words = PATTERN_WORDS.get((b.table.name, name), "not in the expected form")
        emit(bad, words)

    if f.max_length is not None:
        long = lengths > f.max_length  # bytes: a cell short in bytes is short in characters
        if long.any():
            idx = np.flatnonzero(long)
            chars = arrays.to_int(pc.utf8_length(arr.take(arrays.ints(idx))))
            long[idx] = chars > f.max_length
            emit(long, f"longer than {f.max_length} characters", kind="too long")
    if not structured or name == "url":
        ctl = arrays.controls(arr)
        emit(
            ctl & ~bad,
            lambda i: [f"{CONTROL} ({arrays.first_control(v)}): remove it" for v in values(i)],
            kind=CONTROL,
        )
