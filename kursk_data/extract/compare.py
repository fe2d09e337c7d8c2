"""Comparing two texts: their figures aligned by what they count, and what changed.

Rewrites of one news report change numbers and qualifiers ("up to 70,000" becomes "an
estimated 70,000"; "35 sq miles" becomes "56 sq miles"). :func:`compare_texts` reads both texts
with :func:`~kursk_data.extract.find_figures`, groups the figures by what they count (the
measure, or unit + side + what when the side is not stated) and aligns them within each group
in three passes: identical figures first, then figures with the same value, then the rest in
order of appearance. What is left over was added (only in B) or dropped (only in A).
"""

from __future__ import annotations

import math

import pandas as pd

from kursk_data.extract.find import describe_counts, find_figures
from kursk_data.extract.pairs import format_number
from kursk_data.units import pair_agrees

CHANGE_COLUMNS = [
    "change",
    "counts",
    "a_line",
    "a_phrase",
    "b_line",
    "b_phrase",
    "a_value",
    "b_value",
    "unit",
    "a_qualifier",
    "b_qualifier",
    "a_alt_value",
    "b_alt_value",
    "detail",
]


def _key(f) -> str:
    if isinstance(f.measure, str):
        return f.measure
    return f"{f.unit}:{f.who or '?'}:{f.what or '?'}"


def _same_number(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _eq(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return _same_number(float(a), float(b))


def _same_value(a, b) -> bool:
    """Same stated value: equal, or the same area stated in the other unit within rounding."""
    if _eq(a.value, b.value):
        # A range's stated lower end counts too; other bounds follow from the qualifier.
        both_ranges = a.qualifier == b.qualifier == "range"
        return not both_ranges or _eq(a.low, b.low)
    if a.unit == "km2" and a.first_unit != b.first_unit and a.qualifier != "range":
        km, mi = (a, b) if a.first_unit == "km2" else (b, a)
        return bool(pair_agrees([km.value], [mi.alt_value])[0][0])
    return False


def _wording(f) -> str:
    words = f.qualifier_word if isinstance(f.qualifier_word, str) else "no qualifier"
    if f.qualifier == "range":
        return f"{words} {format_number(f.low)}-{format_number(f.high)}"
    return words


def _differences(a, b) -> list[tuple[str, str]]:
    out = []
    if not _same_value(a, b):
        if a.qualifier == b.qualifier == "range":
            va, vb = _value_text(a), _value_text(b)
        else:
            va, vb = format_number(a.value), format_number(b.value)
        out.append(("value", f"value {va} -> {vb}"))
    if a.qualifier != b.qualifier:
        out.append(
            (
                "qualifier",
                f"qualifier {_wording(a)!r} ({a.qualifier}) -> {_wording(b)!r} ({b.qualifier})",
            )
        )
    a_pair = a.first_unit == "km2" and not pd.isna(a.alt_value)
    b_pair = b.first_unit == "km2" and not pd.isna(b.alt_value)
    a_pair = a_pair or (a.first_unit == "mi2" and not pd.isna(a.pair_ok))
    b_pair = b_pair or (b.first_unit == "mi2" and not pd.isna(b.pair_ok))
    if a_pair and b_pair and not _eq(a.alt_value, b.alt_value):
        out.append(
            (
                "second unit",
                f"second unit {format_number(a.alt_value)} sq mi -> "
                f"{format_number(b.alt_value)} sq mi ({b.pair_check})",
            )
        )
    elif a_pair != b_pair:
        f = b if b_pair else a
        verb = "added" if b_pair else "dropped"
        out.append(
            (
                "second unit",
                f"second unit {verb}: {format_number(f.alt_value)} sq mi ({f.pair_check})",
            )
        )
    return out


def _value_text(f) -> str:
    if f.qualifier == "range":
        return f"{format_number(f.low)}-{format_number(f.high)}"
    return format_number(f.value)


def _align(fa: list, fb: list) -> list[tuple[int | None, int | None]]:
    """Pairs of indices into ``fa``/``fb`` (None where a figure has no partner)."""
    pairs: list[tuple[int | None, int | None]] = []
    free_b = list(range(len(fb)))
    left_a = []
    for matcher in (
        lambda a, b: not _differences(a, b),
        lambda a, b: _same_value(a, b),
    ):
        left_a = []
        for i in [p for p in range(len(fa)) if all(p != x for x, _ in pairs)]:
            hit = next((j for j in free_b if matcher(fa[i], fb[j])), None)
            if hit is None:
                left_a.append(i)
            else:
                pairs.append((i, hit))
                free_b.remove(hit)
    for i in left_a:
        if free_b:
            pairs.append((i, free_b.pop(0)))
        else:
            pairs.append((i, None))
    pairs.extend((None, j) for j in free_b)
    return pairs


def compare_texts(a: str, b: str) -> pd.DataFrame:
    """The figures of texts ``a`` and ``b`` aligned by what they count, with what changed.

    Returns
    -------
    pandas.DataFrame
        One row per figure of either text: ``change`` (``same``; ``value``, ``qualifier``,
        ``second unit``, joined by ", " when several changed; ``added`` for a figure only in
        ``b``; ``dropped`` for one only in ``a``), ``counts`` (what the figure counts, in
        words), ``a_line``/``b_line`` and ``a_phrase``/``b_phrase`` (where and how each text
        words it), ``a_value``/``b_value`` and ``unit`` (canonical), ``a_qualifier``/
        ``b_qualifier``, ``a_alt_value``/``b_alt_value`` (the area in square miles as stated)
        and ``detail`` in words ("qualifier 'an estimated' (about) -> 'up to' (up_to)").
        Ordered by position in ``a``, then figures added in ``b``.
    """
    fa_frame, fb_frame = find_figures(a), find_figures(b)
    fa = list(fa_frame.itertuples(index=False))
    fb = list(fb_frame.itertuples(index=False))
    groups: dict[str, tuple[list[int], list[int]]] = {}
    for n, f in enumerate(fa):
        groups.setdefault(_key(f), ([], []))[0].append(n)
    for n, f in enumerate(fb):
        groups.setdefault(_key(f), ([], []))[1].append(n)
    rows = []
    for ia, ib in groups.values():
        for x, y in _align([fa[i] for i in ia], [fb[j] for j in ib]):
            f_a = fa[ia[x]] if x is not None else None
            f_b = fb[ib[y]] if y is not None else None
            if f_a is not None and f_b is not None:
                diffs = _differences(f_a, f_b)
                change = ", ".join(k for k, _ in diffs) or "same"
                detail = "; ".join(d for _, d in diffs)
                if not diffs and f_a.first_unit != f_b.first_unit and f_a.unit == "km2":
                    detail = "the same area stated in the other unit, agreeing within rounding"
            elif f_a is not None:
                change, detail = "dropped", f"only in A: {f_a.phrase}"
            else:
                change, detail = "added", f"only in B: {f_b.phrase}"
            f = f_a if f_a is not None else f_b
            rows.append(
                {
                    "change": change,
                    "counts": describe_counts(f.who, f.what),
                    "a_line": f_a.line if f_a is not None else None,
                    "a_phrase": f_a.phrase if f_a is not None else None,
                    "b_line": f_b.line if f_b is not None else None,
                    "b_phrase": f_b.phrase if f_b is not None else None,
                    "a_value": f_a.value if f_a is not None else None,
                    "b_value": f_b.value if f_b is not None else None,
                    "unit": f.unit,
                    "a_qualifier": f_a.qualifier if f_a is not None else None,
                    "b_qualifier": f_b.qualifier if f_b is not None else None,
                    "a_alt_value": f_a.alt_value if f_a is not None else None,
                    "b_alt_value": f_b.alt_value if f_b is not None else None,
                    "detail": detail,
                    "_order": ((0, f_a.start, 0) if f_a is not None else (1, f_b.start, 0)),
                }
            )
    rows.sort(key=lambda r: r["_order"])
    frame = pd.DataFrame(rows, columns=[*CHANGE_COLUMNS, "_order"]).drop(columns="_order")
    for c in ("a_line", "b_line"):
        frame[c] = frame[c].astype("Int64")
    for c in ("a_value", "b_value", "a_alt_value", "b_alt_value"):
        frame[c] = frame[c].astype("float64")
    return frame


def texts_agree(changes: pd.DataFrame) -> bool:
    """Do two texts state the same figures (every row of :func:`compare_texts` ``same``)?"""
    return bool((changes["change"] == "same").all())
