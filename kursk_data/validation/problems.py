"""A problem found in an input file, and the errors that carry problems to the caller."""

from __future__ import annotations

import json
from dataclasses import dataclass


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
