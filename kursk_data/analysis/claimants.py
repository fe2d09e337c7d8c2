"""Claimant spellings: one person or body written several ways in a ledger.

:func:`suggest_aliases` proposes spellings that look like one claimant; the user reviews them
and passes the ones they accept to :func:`kursk_data.contested` as ``aliases=``. Nothing is
merged without being asked.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kursk_data.validation.aliases import WHY, near_duplicates

__all__ = ["alias_map", "canonical_claimants", "suggest_aliases"]

SUGGESTION_COLUMNS = ["spelling", "canonical", "reason", "claims", "canonical_claims"]


def suggest_aliases(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claimant spellings that look like one person or body, for review.

    Spellings are linked by the finder that ``validate`` warns with
    (:func:`kursk_data.validation.near_duplicates`): the same name apart from case, accents,
    punctuation, look-alike letters of another script, invisible characters or a note in
    brackets on who relayed the figure ("DeepState (as cited by online.ua)"; "(anonymous
    source)" stays part of the name); one word spelled two ways ("Defence"/"Defense",
    "Zelensky"/"Zelenskyy"); initials ("UK MoD", "UK Ministry of Defence"); or a surname and
    the full name. Each group's *canonical* spelling is its most used one (then the longest).
    ``unattributed`` is never linked.

    Returns
    -------
    pandas.DataFrame
        One row per spelling to replace: ``spelling``, ``canonical``, ``reason`` (why it was
        linked), ``claims`` (claims with this spelling), ``canonical_claims``. Pass the rows
        you accept to :func:`kursk_data.contested` as ``aliases=`` (a frame or a mapping).
    """
    if data is None:
        from kursk_data.load import load_claims

        data = load_claims()
    counts = data["claimant"].dropna().astype(str).value_counts()
    preferred = sorted(counts.index, key=lambda n: (-counts[n], -len(n), n))
    rows = [
        {
            "spelling": a.spelling,
            "canonical": a.same_as,
            "reason": WHY[a.why],
            "claims": int(counts[a.spelling]),
            "canonical_claims": int(counts[a.same_as]),
        }
        for a in near_duplicates(preferred)
    ]
    out = pd.DataFrame(rows, columns=SUGGESTION_COLUMNS)
    return out.sort_values(["canonical", "spelling"], ignore_index=True)


def alias_map(aliases: Mapping[str, str] | pd.DataFrame | None) -> dict[str, str]:
    """``aliases`` as a plain mapping spelling -> canonical (a frame needs ``spelling`` and
    ``canonical`` columns, as :func:`suggest_aliases` returns)."""
    if aliases is None:
        return {}
    if isinstance(aliases, pd.DataFrame):
        missing = {"spelling", "canonical"} - set(aliases.columns)
        if missing:
            raise ValueError(f"aliases= frame needs the columns {sorted(missing)}")
        pairs = zip(aliases["spelling"].astype(str), aliases["canonical"].astype(str), strict=True)
        return dict(pairs)
    return {str(k): str(v) for k, v in aliases.items()}


def canonical_claimants(claimants: pd.Series, aliases: Mapping[str, str]) -> pd.Series:
    """Each claimant under its canonical spelling, following chains (a -> b -> c) to the end."""
    if not aliases:
        return claimants.astype("string")

    def resolve(name: object) -> object:
        seen: set[object] = set()
        while name in aliases and name not in seen:
            seen.add(name)
            name = aliases[name]  # type: ignore[index]
        return name

    return claimants.astype(object).map(resolve).astype("string")
