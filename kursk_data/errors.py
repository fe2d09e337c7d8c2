"""The two errors every layer raises and the command line turns into exit codes.

Kept apart from validation, which imports NumPy and pyarrow, so the command line can catch them
without loading either.
"""

from __future__ import annotations

from collections.abc import Sequence


class ValidationError(ValueError):
    """Raised when a claims or sources file breaks the ledger's rules; lists the problems.

    ``problems`` holds the first problems (all of them unless there are very many), each a
    :class:`~kursk_data.validation.Problem`, and ``total`` how many there are.
    """

    # Typed loosely: naming Problem here would import the validation layer from below it.
    def __init__(self, problems: Sequence[object], limit: int = 20, total: int | None = None):
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        shown = "\n".join(f"  {p}" for p in self.problems[:limit])
        more = self.total - min(limit, len(self.problems))
        tail = f"\n  ... and {more:,} more problem(s)" if more > 0 else ""
        super().__init__(f"{self.total:,} problem(s) found:\n{shown}{tail}")


class UsageError(Exception):
    """A path that cannot be used at all (missing, a directory, unreadable): exit code 2."""
