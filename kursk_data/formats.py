"""Rendering frames for people and programs: table, CSV (spreadsheet-safe), JSON, Markdown."""

from __future__ import annotations

import json

import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")

# A text cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if not (
            pd.api.types.is_numeric_dtype(frame[c])
            or pd.api.types.is_datetime64_any_dtype(frame[c])
        )
    ]


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text, numbers without a trailing .0, missing values as empty cells."""
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        col = frame[c]
        if pd.api.types.is_datetime64_any_dtype(col):
            out[c] = col.dt.strftime("%Y-%m-%d").astype(object).where(col.notna(), "")
        elif pd.api.types.is_bool_dtype(col):
            out[c] = col.astype(object)
        elif pd.api.types.is_numeric_dtype(col):
            out[c] = [_num(x) for x in col.astype("Float64")]
        else:
            out[c] = col.astype(object).where(col.notna(), "").astype(str)
    return out


def _num(x) -> str:
    """A number as the shortest text that reads back as the same float."""
    if pd.isna(x):
        return ""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 2**53 else repr(x)


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text with formula-like text cells neutralised; numbers and dates are unchanged."""
    plain = as_text(frame)
    for c in _text_columns(frame):
        plain[c] = plain[c].map(neutralise)
    return plain.to_csv(index=False, lineterminator="\n")


def to_json(frame: pd.DataFrame) -> str:
    """A JSON array of records; dates as ISO strings, missing values as null."""
    records = []
    for row in frame.astype(object).itertuples(index=False):
        rec = {}
        for c, v in zip(frame.columns, row, strict=True):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                rec[c] = None
            elif isinstance(v, pd.Timestamp):
                rec[c] = v.strftime("%Y-%m-%d")
            elif isinstance(v, float) and v.is_integer():
                rec[c] = int(v)
            else:
                rec[c] = v.item() if hasattr(v, "item") else v
        records.append(rec)
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""
    plain = as_text(frame)
    cells = [
        [str(v).replace("|", "\\|").replace("\n", " ") for v in row]
        for row in plain.itertuples(index=False)
    ]
    head = "| " + " | ".join(plain.columns) + " |"
    rule = "|" + "|".join("---" for _ in plain.columns) + "|"
    body = ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join([head, rule, *body]) + "\n"


def to_table(frame: pd.DataFrame) -> str:
    """A fixed-width text table for the terminal."""
    return as_text(frame).to_string(index=False) + "\n"


def render(frame: pd.DataFrame, fmt: str) -> str:
    """Render ``frame`` in one of :data:`FORMATS`."""
    return {"table": to_table, "csv": to_csv, "json": to_json, "markdown": to_markdown}[fmt](frame)


def to_ledger_csv(frame: pd.DataFrame) -> str:
    """A claims or sources frame back in the ledger's own CSV format, exactly as loaded.

    Unlike :func:`to_csv` (for spreadsheets) nothing is neutralised: what
    :func:`kursk_data.load_claims` reads from this text equals ``frame`` (but for the
    ``ledger`` column, which the loader adds and a claims file does not have: it is left out).
    """
    frame = frame.drop(columns=["ledger"], errors="ignore")
    return as_text(frame).to_csv(index=False, lineterminator="\n")
