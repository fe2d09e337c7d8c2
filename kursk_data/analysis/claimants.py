"""Claimant spellings: one person or body written several ways in a ledger.

:func:`suggest_aliases` proposes spellings that look like one claimant; the user reviews them
and passes the ones they accept to :func:`kursk_data.contested` as ``aliases=``. Nothing is
merged without being asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from difflib import SequenceMatcher

import pandas as pd

__all__ = ["alias_map", "canonical_claimants", "suggest_aliases"]

# Claimants that are not names: never merged with anything.
_NOT_A_NAME = {"unattributed"}
# Words an acronym may skip ("MoD" keeps "of", "NIS" has none to skip).
_SMALL = {"of", "the", "and", "for", "on", "in"}
# One word spelled two ways ("Defence"/"Defense", "Zelensky"/"Zelenskyy") is this alike.
_WORD_SIMILARITY = 0.8
# A note in brackets that says how a figure was relayed, not who stated it: "(as cited by
# online.ua)", "(via Reuters)". Other brackets stay part of the name: "(anonymous source)"
# names a different claimant than the body itself.
_RELAYED = re.compile(
    r"[(\[]\s*(?:as\s+)?(?:via|cited\s+by|citing|quoted\s+by|reported\s+by|according\s+to)\b"
    r"[^)\]]*[)\]]",
    re.IGNORECASE,
)

SUGGESTION_COLUMNS = ["spelling", "canonical", "reason", "claims", "canonical_claims"]


def _words(name: str, *, relayed: bool = True) -> list[str]:
    """Lower-case words of a name without accents or punctuation; ``'s`` dropped, and with
    ``relayed=False`` notes in brackets on how the figure was relayed."""
    if not relayed:
        name = _RELAYED.sub(" ", name)
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['’]s\b", "", text)
    return re.findall(r"[a-z0-9]+", text)


def _acronym_of(short: list[str], long: list[str]) -> bool:
    """``short`` is ``long`` with one run of words written as its initials ("UK MoD")."""
    for i, token in enumerate(short):
        if not 2 <= len(token) <= 6:
            continue
        rest = set(short[:i] + short[i + 1 :])
        for start in range(len(long)):
            for stop in range(start + 2, len(long) + 1):
                run = long[start:stop]
                spelled = {
                    "".join(w[0] for w in run),
                    "".join(w[0] for w in run if w not in _SMALL),
                }
                if token in spelled and rest <= set(long[:start] + long[stop:]):
                    return True
    return False


def _one_word_apart(a: list[str], b: list[str]) -> bool:
    """Same words but one, and that one spelled alike ("Ministry of Defence/Defense")."""
    if len(a) != len(b) or a == b:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(diff) != 1:
        return False
    x, y = diff[0]
    return min(len(x), len(y)) >= 4 and SequenceMatcher(None, x, y).ratio() >= _WORD_SIMILARITY


def _why_alike(a: str, b: str) -> str | None:
    """Why two spellings look like one claimant, or None."""
    full_a, full_b = _words(a), _words(b)
    core_a, core_b = _words(a, relayed=False), _words(b, relayed=False)
    if not core_a or not core_b:
        return None
    if core_a == core_b:
        return "same name apart from case, punctuation or a note on who relayed it"
    if _acronym_of(full_a, full_b) or _acronym_of(full_b, full_a):
        return "one spells out the other's initials"
    if _one_word_apart(core_a, core_b):
        return "one word spelled differently"
    short, long = sorted((core_a, core_b), key=len)
    if len(short) == 1 and len(short[0]) >= 5 and len(long) == 2 and long[-1] == short[0]:
        return "a surname and the full name"
    return None


def suggest_aliases(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claimant spellings that look like one person or body, for review.

    Spellings are linked when, after dropping case, accents, punctuation and ``'s``: they are
    equal once a note in brackets on who relayed the figure is dropped ("DeepState (as cited
    by online.ua)", "(via Reuters)"; "(anonymous source)" stays part of the name); one
    writes a run of the other's words as initials ("UK MoD", "UK Ministry of Defence"); one
    word is spelled two ways ("Defence"/"Defense"); or one is the other's surname. Linked
    spellings form groups; each group's *canonical* spelling is its most used one (then the
    longest). ``unattributed`` is never linked.

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
    names = sorted(n for n in counts.index if n not in _NOT_A_NAME)
    parent = {n: n for n in names}
    reasons: dict[str, str] = {}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            why = _why_alike(a, b)
            if why is None:
                continue
            reasons.setdefault(a, why)
            reasons.setdefault(b, why)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[rb] = ra
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(find(n), []).append(n)
    rows = []
    for members in groups.values():
        if len(members) < 2:
            continue
        canonical = max(members, key=lambda n: (counts[n], len(n), n))
        for n in sorted(members):
            if n != canonical:
                rows.append(
                    {
                        "spelling": n,
                        "canonical": canonical,
                        "reason": reasons[n],
                        "claims": int(counts[n]),
                        "canonical_claims": int(counts[canonical]),
                    }
                )
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
