"""Rendering frames for people and programs: table, CSV, JSON, Markdown.

The CSV format is exact: what it writes reads back as the same values. :func:`to_csv` is the
variant for spreadsheets (formula-like text guarded with an apostrophe), asked for explicitly.

Text bound for a terminal (the table and Markdown formats, problem lines) never carries a
control character raw: :func:`printable` shows it as an escape, so a cell holding ESC cannot
recolour or rewrite the terminal, and a cell holding a line break cannot add a row.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported by the functions that take frames, not by this module
    import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")

# C0 and C1 controls, DEL, line/paragraph separators and the bidirectional overrides that can
# reorder what a terminal shows ("Trojan source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What JSON leaves raw inside strings (it escapes C0 itself; the rest is never structural).
_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: str) -> str:
    """``text`` with each control character shown as an escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escape, text)


def json_text(text: str) -> str:
    """``text`` as a JSON string literal that is also safe to print (controls escaped)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


# A text cell starting with one of these is run as a formula by spreadsheets (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text_columns(frame: pd.DataFrame) -> list[str]:
    import pandas as pd

    return [
        c
        for c in frame.columns
        if not (
            pd.api.types.is_numeric_dtype(frame[c])
            or pd.api.types.is_datetime64_any_dtype(frame[c])
        )
    ]


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text, numbers without a trailing .0, missing values as empty cells.

    Columns are taken by position, so a frame with a repeated column name converts too.
    """
    import pandas as pd

    columns = []
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(col):
            text = col.dt.strftime("%Y-%m-%d").astype(object).where(col.notna(), "")
        elif pd.api.types.is_bool_dtype(col):
            text = col.astype(object)
        elif pd.api.types.is_numeric_dtype(col):
            text = pd.Series([_num(x) for x in col.astype("Float64")], index=frame.index)
        else:
            text = col.astype(object).where(col.notna(), "").astype(str)
        columns.append(text.reset_index(drop=True))
    out = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=range(len(frame)))
    out.columns = list(frame.columns)
    out.index = frame.index
    return out


def _num(x) -> str:
    """A number as the shortest text that reads back as the same float."""
    import pandas as pd

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
    """A JSON array of records; dates as ISO strings, missing values as null.

    Always valid JSON: a non-finite number raises instead of being written as ``Infinity``
    (validation keeps them out of the ledger), and control characters are escaped.
    """
    import pandas as pd

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
    text = json.dumps(records, ensure_ascii=False, indent=2, allow_nan=False)
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def to_markdown(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table: one line per row whatever the cells hold.

    Line breaks in a cell (LF, CR, CRLF, Unicode separators) become a space, pipes are escaped
    and other control characters are shown as escapes.
    """
    plain = as_text(frame)

    def cell(v) -> str:
        return printable(_LINE_BREAK.sub(" ", str(v))).replace("|", "\\|")

    cells = [[cell(v) for v in row] for row in plain.itertuples(index=False)]
    head = "| " + " | ".join(cell(c) for c in plain.columns) + " |"
    rule = "|" + "|".join("---" for _ in plain.columns) + "|"
    body = ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join([head, rule, *body]) + "\n"


def to_table(frame: pd.DataFrame) -> str:
    """A fixed-width text table for the terminal; control characters in cells are escaped."""
    plain = as_text(frame)
    for c in plain.columns:
        plain[c] = plain[c].map(lambda v: printable(str(v)))
    plain.columns = [printable(str(c)) for c in plain.columns]
    return plain.to_string(index=False) + "\n"


def exact_csv(frame: pd.DataFrame) -> str:
    """CSV text that reads back as the same values: nothing added to any cell (unlike
    :func:`to_csv`, whose apostrophes a reader would take for part of the value)."""
    return as_text(frame).to_csv(index=False, lineterminator="\n")


def render(frame: pd.DataFrame, fmt: str, *, spreadsheet_safe: bool = False) -> str:
    """Render ``frame`` in one of :data:`FORMATS`; CSV is exact unless ``spreadsheet_safe``
    (then :func:`to_csv`: formula-like text cells start with an apostrophe)."""
    if fmt == "csv":
        return to_csv(frame) if spreadsheet_safe else exact_csv(frame)
    return {"table": to_table, "json": to_json, "markdown": to_markdown}[fmt](frame)


def to_ledger_csv(frame: pd.DataFrame) -> str:
    """A claims or sources frame back in the ledger's own CSV format, exactly as loaded.

    Unlike :func:`to_csv` (for spreadsheets) nothing is neutralised: what
    :func:`kursk_data.load_claims` reads from this text equals ``frame`` (but for the
    ``ledger`` column, which the loader adds and a claims file does not have: it is left out).
    """
    return exact_csv(frame.drop(columns=["ledger"], errors="ignore"))
