"""Near-duplicate spellings of one name: "UK MoD" and "UK Ministry of Defence", "DeepState"
and "Deep State", "ukrainian general staff" and "Ukrainian General Staff".

Three kinds of slip are found: case, punctuation and spacing (the same letters and digits),
and initials (a short form holding an acronym whose capitals are those of a longer form:
"ISW" and "Institute for the Study of War"). Keys are computed for every name at once on the
bytes of an Arrow array; Python only looks at the few names that share a key, so the finder
stays cheap on a ledger with many thousands of claimants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data.validation import arrays

MIN_INITIALS = 3  # two capitals ("UK", "OS") match too many unrelated names
_TOKEN = re.compile(r"[^\W_][\w'’.\-]*")
# ASCII bytes that are not letters or digits (punctuation, spaces, controls).
_ASCII_SEPARATOR = np.zeros(256, bool)
_ASCII_SEPARATOR[:128] = [not chr(i).isalnum() for i in range(128)]
_ASCII_UPPER = np.zeros(256, bool)
_ASCII_UPPER[ord("A") : ord("Z") + 1] = True


@dataclass(frozen=True)
class Alias:
    """``spelling`` probably names the same person or body as ``same_as`` (``why``)."""

    spelling: str
    same_as: str
    why: str


def _is_acronym(token: str) -> bool:
    bare = token.replace(".", "")
    return 2 <= len(bare) <= 6 and sum(c.isupper() for c in bare) >= 2


def _per_row(op: np.ufunc, values: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """``op`` reduced over each string's bytes (``rel``: offsets from 0); 0 for empty ones."""
    n = rel.size - 1
    out = np.zeros(n, dtype=values.dtype)
    full = np.flatnonzero(rel[1:] > rel[:-1])
    if full.size:
        out[full] = op.reduceat(values, rel[full])
    return out


def _drop_bytes(arr: pa.StringArray, drop: np.ndarray) -> pa.StringArray:
    """``arr`` without the ASCII bytes ``drop`` marks (UTF-8 stays valid: only ASCII goes)."""
    off = arrays.offsets(arr)
    rel = off - off[0]
    buf = arrays.data(arr)[off[0] : off[-1]]
    keep = ~drop[buf]
    kept = _per_row(np.add, keep.astype(np.int32), rel)
    new_off = np.concatenate([[0], np.cumsum(kept)]).astype(np.int32)
    return pa.StringArray.from_buffers(
        len(arr), pa.py_buffer(new_off.tobytes()), pa.py_buffer(buf[keep].tobytes())
    )


def _non_ascii(arr: pa.StringArray) -> np.ndarray:
    off = arrays.offsets(arr)
    buf = arrays.data(arr)[off[0] : off[-1]]
    return _per_row(np.maximum, buf, off - off[0]) >= 0x80


def _patch(key: pa.Array, rows: np.ndarray, patched: pa.Array) -> pa.Array:
    """``key`` with the cells at ``rows`` (ascending) replaced by ``patched``."""
    mask = np.zeros(len(key), bool)
    mask[rows] = True
    return pc.replace_with_mask(key, arrays.bools(mask), patched)


def _spelling_key(arr: pa.StringArray, other: np.ndarray) -> pa.Array:
    """Lower case letters and digits only: equal keys = the same name but for case,
    punctuation and spacing."""
    key = _drop_bytes(pc.utf8_lower(arr), _ASCII_SEPARATOR)
    if other.any():  # non-ASCII punctuation (’ « — and the like): Unicode classes, few names
        rows = np.flatnonzero(other)
        sub = pc.replace_substring_regex(key.take(arrays.ints(rows)), r"[^\p{L}\p{N}]+", "")
        key = _patch(key, rows, sub)
    return key


def _capitals_key(arr: pa.StringArray, other: np.ndarray) -> pa.Array:
    """The capital letters, lower-cased: "UK Ministry of Defence" and "UK MoD" -> "ukmd"."""
    caps = _drop_bytes(arr, ~_ASCII_UPPER)
    key = pc.utf8_lower(caps)
    if other.any():  # capitals beyond ASCII (Cyrillic, Greek, accented Latin)
        rows = np.flatnonzero(other)
        sub = pc.utf8_lower(
            pc.replace_substring_regex(arr.take(arrays.ints(rows)), r"[^\p{Lu}]+", "")
        )
        key = _patch(key, rows, sub)
    return key


class _Groups:
    """Union-find over name positions; the earliest position leads its group."""

    def __init__(self):
        self.parent: dict[int, int] = {}  # only names in some group
        self.why: dict[int, str] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.why.setdefault(max(a, b), why)


def _shared(key: pa.Array, min_length: int = 1) -> list[list[int]]:
    """Positions of names sharing a key (keys shorter than ``min_length`` ignored)."""
    enc = pc.dictionary_encode(key)
    codes = arrays.to_int(enc.indices)
    counts = np.bincount(codes, minlength=len(enc.dictionary))
    lengths = arrays.to_int(pc.utf8_length(enc.dictionary))
    groups = np.flatnonzero((counts > 1) & (lengths >= min_length))
    if not groups.size:
        return []
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], groups)
    return [order[s : s + counts[g]].tolist() for s, g in zip(starts, groups, strict=True)]


def near_duplicates(names: Iterable[str] | pa.Array) -> list[Alias]:
    """Spellings that probably name one person or body, each with the spelling to keep.

    Parameters
    ----------
    names : iterable of str, or an Arrow string array
        Names in order of preference: the first spelling of a group is the one kept (pass
        the most used, or the shipped ledger's, first). Repeats and empty names are ignored.

    Returns
    -------
    list of Alias
        One per spelling to merge, in the order given, with ``same_as`` the spelling kept and
        ``why``: ``"case"``, ``"punctuation or spacing"`` or ``"initials"``.

    Examples
    --------
    >>> for a in near_duplicates(["UK Ministry of Defence", "UK MoD", "Deep State", "DeepState"]):
    ...     print(a.spelling, "->", a.same_as, f"({a.why})")
    UK MoD -> UK Ministry of Defence (initials)
    DeepState -> Deep State (punctuation or spacing)
    """
    if isinstance(names, pa.Array | pa.ChunkedArray):
        arr = arrays.as_strings(pc.unique(names))  # in order of first appearance
    else:
        arr = arrays.strings(dict.fromkeys(n for n in names if isinstance(n, str)))
    arr = arr.filter(arrays.bools(arrays.to_int(pc.utf8_length(pc.utf8_trim_whitespace(arr))) > 0))
    if len(arr) < 2:
        return []
    arr = arrays.as_strings(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr)
    cache: dict[int, str] = {}

    def name(i: int) -> str:
        if i not in cache:
            cache[i] = arr[i].as_py()
        return cache[i]

    other = _non_ascii(arr)
    groups = _Groups()
    for members in _shared(_spelling_key(arr, other)):
        lead = name(members[0])
        for m in members[1:]:
            why = "case" if name(m).lower() == lead.lower() else "punctuation or spacing"
            groups.join(members[0], m, why)
    for members in _shared(_capitals_key(arr, other), MIN_INITIALS):
        words = {m: _TOKEN.findall(name(m)) for m in members}
        for short in members:
            if not any(_is_acronym(t) for t in words[short]):
                continue
            # The short form joins the first longer spelling only: "UGS" must not make one
            # name of "Ukrainian General Staff" and "Ukrainian General Staff (anonymous)".
            longer = next((m for m in members if len(words[m]) > len(words[short])), None)
            if longer is not None:
                groups.join(short, longer, "initials")
    out = []
    for i in sorted(groups.parent):
        lead = groups.find(i)
        if lead != i:
            out.append(Alias(name(i), name(lead), groups.why.get(i, "initials")))
    return out
