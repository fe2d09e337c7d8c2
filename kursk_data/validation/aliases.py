"""Near-duplicate spellings of one name, the one finder behind ``validate``'s warnings and
:func:`kursk_data.suggest_aliases`.

Two spellings are linked when, once case, accents, punctuation and spacing are set aside, they
are the same name ("DeepState", "Deep State"); the same but for a note in brackets on who relayed
the figure ("DeepState (as cited by online.ua)"); the same but for a look-alike letter of
another script or an invisible character ("Dеfence" with a Cyrillic е, a right-to-left
override); the same but for one word spelled another way ("Zelensky"/"Zelenskyy",
"Defence"/"Defense"); one writes a run of the other's words as initials ("UK MoD", "UK Ministry
of Defence"); or one is the other's surname ("Zelensky", "Volodymyr Zelensky"). Each test is a
key computed once per name, so the finder is linear in the number of names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_NOT_A_NAME = {"unattributed"}  # never linked with anything
_SMALL = {"of", "the", "and", "for", "on", "in"}  # words an acronym may skip ("MoD")
_RELAYED = re.compile(
    r"[(\[]\s*(?:as\s+)?(?:via|cited\s+by|citing|quoted\s+by|reported\s+by|according\s+to)\b"
    r"[^)\]]*[)\]]",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"(?<=\w)\.(?=\w)")  # "U.K." is "UK"
_POSSESSIVE = re.compile(r"['’]s\b")
_ACRONYM = re.compile(r"(?=\w{2,6}$)\w*[A-Z]\w*[A-Z]\w*")  # "MoD", "ISW", "TA"
_WORD = re.compile(r"[^\W_]+")
# Letters of other scripts drawn like Latin ones (Unicode's confusables, the common ones).
_LOOK_ALIKE = str.maketrans("аеорсхуікјѕԁһӏαοινρτυχ", "aeopcxyikjsdhlaoivptux")  # lower case
# Spellings of one word: English variants (defence/defense, colour/color, -ise/-ize) and
# transliterations (Zelenskyy/Zelenskiy/Zelensky). Doubled letters are made single first.
_DOUBLED = re.compile(r"(\w)\1+")
_ENDINGS = {"iy": "y", "yi": "y", "ij": "y", "ii": "y", "i": "y", "nce": "nse", "our": "or"}
_ENDING = re.compile(r"(iy|yi|ij|ii|i|nce|our)\b")
_SAME = "same name apart from case, punctuation or a note on who relayed it"
WHY = {  # the reason as suggest_aliases words it
    "case": _SAME,
    "punctuation or spacing": _SAME,
    "a note on who relayed it": _SAME,
    "look-alike or invisible characters": "same name apart from look-alike or invisible characters",
    "one word spelled differently": "one word spelled differently",
    "initials": "one spells out the other's initials",
    "a surname": "a surname and the full name",
}


@dataclass(frozen=True)
class Alias:
    """``spelling`` probably names the same person or body as ``same_as`` (``why``)."""

    spelling: str
    same_as: str
    why: str


def _plain(text: str) -> str:
    """Case-folded, without accents, look-alike letters read as Latin."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LOOK_ALIKE))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _words(plain: str) -> list[str]:
    if "." in plain or "'" in plain or "’" in plain:
        plain = _POSSESSIVE.sub("", _DOTTED.sub("", plain))
    return _WORD.findall(plain)


def _as_shown(name: str) -> str:
    """The text a right-to-left override (U+202E) shows: the run after it, reversed."""
    return re.sub("\u202e([^\u202c]*)\u202c?", lambda m: m.group(1)[::-1], name)


def _disguised(name: str) -> bool:
    """Whether a name hides a character: an invisible one (a bidi control, a zero-width space)
    or a letter of another script among Latin ones ("Dеfence" with a Cyrillic е)."""
    if name.isascii():
        return False
    if any(unicodedata.category(c) == "Cf" for c in name):
        return True
    return any(
        w.translate(_LOOK_ALIKE) != w and any("a" <= c <= "z" for c in w)
        for w in _WORD.findall(name.casefold())
    )


def _keys(name: str, acronyms: set[str]) -> list[tuple[str, object]]:
    """(why, key) pairs: names sharing a key are linked for that reason (``acronyms``: the
    short forms some name uses; a run of words whose initials spell one is keyed too)."""
    words = _words(_plain(name))
    reason = "look-alike or invisible characters" if _disguised(name) else "punctuation or spacing"
    out = [(reason, "".join(words))]
    if "\u202e" in name:
        out.append((reason, "".join(_words(_plain(_as_shown(name))))))
    core = words
    if "(" in name or "[" in name:
        core = _words(_plain(_RELAYED.sub(" ", name)))
        if core != words:
            out.append(("a note on who relayed it", "".join(core)))
    variant = _DOUBLED.sub(r"\1", " ".join(core))
    variant = _ENDING.sub(lambda m: _ENDINGS[m[1]], variant)
    out.append(("one word spelled differently", variant.replace(" ", "")))
    if (len(core) == 1 and len(core[0]) >= 5) or len(core) == 2:
        out.append(("a surname", (core[-1], len(core))))
    if not acronyms:
        return out
    # A short form's acronym with its other words, against each run of a long form's words
    # spelled as initials (all words, or skipping small ones) with the words around it.
    raw = _words(name)
    lower = words if name.isascii() and "'" not in name else [_plain(w) for w in raw]
    for i, token in enumerate(raw):
        if not token.islower() and _ACRONYM.fullmatch(token):
            rest = tuple(lower[:i] + lower[i + 1 :])
            if len(token) > 2 or rest:
                out.append(("short", (lower[i], rest)))
    heads = "".join(w[0] for w in lower)
    for start in range(len(lower) - 1):
        for stop in range(start + 2, min(len(lower), start + 8) + 1):
            every = heads[start:stop]
            big = "".join(w[0] for w in lower[start:stop] if w not in _SMALL)
            for initials in {every, big} & acronyms:  # only initials some name uses count
                out.append(("long", (initials, tuple(lower[:start] + lower[stop:]))))
    return out


@cache
def _drawable() -> frozenset[str]:
    """The characters the charts' font draws: a table made from the DejaVu Sans matplotlib
    bundles (tests/test_validate_font.py checks it against the font). A table, not the font
    read with fontTools: validating imports neither matplotlib nor fontTools."""
    text = Path(__file__).with_name("dejavu-sans.txt").read_text(encoding="ascii")
    chars: set[str] = set()
    for run in " ".join(ln for ln in text.splitlines() if not ln.startswith("#")).split():
        first, _, last = run.partition("-")
        chars.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
    return frozenset(chars)


def undrawable(name: str) -> list[str]:
    """The characters of ``name`` that charts show as empty boxes (the font has no glyph for
    them), each once. Invisible controls are left to the rules about them."""
    if name.isascii():
        return []
    font = _drawable()
    missing = (c for c in name if c not in font and unicodedata.category(c) not in ("Cc", "Cf"))
    return list(dict.fromkeys(missing))


def near_duplicates(names: Iterable[str]) -> list[Alias]:
    """Spellings that probably name one person or body, each with the spelling to keep.

    Parameters
    ----------
    names : iterable of str
        Names in order of preference: the first spelling of a group is the one kept (pass
        the most used, or the shipped ledger's, first). Repeats and empty names are ignored.

    Returns
    -------
    list of Alias
        One per spelling to merge, in the order given, with ``same_as`` the spelling kept and
        ``why``: ``"case"``, ``"punctuation or spacing"``, ``"a note on who relayed it"``,
        ``"look-alike or invisible characters"``, ``"one word spelled differently"``,
        ``"initials"`` or ``"a surname"``.

    Examples
    --------
    >>> for a in near_duplicates(["UK Ministry of Defence", "UK MoD", "Deep State", "DeepState"]):
    ...     print(a.spelling, "->", a.same_as, f"({a.why})")
    UK MoD -> UK Ministry of Defence (initials)
    DeepState -> Deep State (punctuation or spacing)
    """
    unique = [
        n
        for n in dict.fromkeys(n for n in names if isinstance(n, str))
        if n.strip() and n.strip().casefold() not in _NOT_A_NAME
    ]
    parent = list(range(len(unique)))
    why: dict[int, str] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int, reason: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            if reason == "punctuation or spacing" and unique[a].casefold() == unique[b].casefold():
                reason = "case"
            why.setdefault(max(a, b), reason)

    seen: dict[object, tuple[int, str]] = {}  # a spelling key -> the first name with it
    longs: dict[tuple, int] = {}  # initials of a run of words, and the others -> first name
    surnames: dict[str, tuple[int, int]] = {}
    shorts: list[tuple[int, tuple]] = []
    tokens = set(_words(" ".join(unique)))  # as _keys reads them: "U.S." is "US"
    acronyms = {_plain(w) for w in tokens if not w.islower() and _ACRONYM.fullmatch(w)}
    for i, name in enumerate(unique):
        for reason, key in _keys(name, acronyms):
            if reason == "short":
                shorts.append((i, key))
            elif reason == "long":
                longs.setdefault(key, i)
            elif reason == "a surname":
                word, n = key
                j, m = surnames.setdefault(word, (i, n))
                if m != n:  # a surname alone and a full name, not two full names
                    join(j, i, reason)
            elif key in seen:
                j, first_reason = seen[key]
                plain = "punctuation or spacing"
                join(j, i, first_reason if reason == plain else reason)
            else:
                seen[key] = (i, reason)
    for i, key in shorts:
        # The short form joins the first longer spelling only: "UGS" must not make one name
        # of "Ukrainian General Staff" and "Ukrainian General Staff (anonymous source)".
        j = longs.get(key)
        if j is not None and j != i:
            join(min(i, j), max(i, j), "initials")
    return [
        Alias(unique[i], unique[find(i)], why.get(i, "initials"))
        for i in range(len(unique))
        if find(i) != i
    ]
