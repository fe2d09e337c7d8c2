"""Units after a number, and figures given in two units.

Areas: ``sq km``, ``sq. km``, ``square kilometres``/``kilometers``, ``km²``, ``km2`` and the same
in miles (``sq mi``, ``square miles``, ``mi²``, ``mi2``). People: troops, soldiers, servicemen,
personnel, fighters, men, people, conscripts, ... and nouns that count people by what happened
to them (casualties, losses, dead, killed, wounded, prisoners, POWs). Up to four words may stand
between the number and a people noun when they are modifiers ("11,000 North Korean troops",
"3,000 of the soldiers", "6,000 additional North Korean troops").

A figure given in two units ("90 sq km (35 sq miles)") is checked with
:func:`kursk_data.units.pair_agrees`: each stated number stands for what it rounds from, and
the two must overlap. The second figure may follow in round or square brackets, after a
comma, ``, or``, ``, or about``, a dash (``–``, ``—``, `` - ``) or a slash, in either order
(miles first or kilometres first), with its own qualifier ("(about 35 sq mi)").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kursk_data.extract.qualifier_words import QUALIFIER_WORDS
from kursk_data.extract.tokens import (
    DIGITS,
    FRACTIONS,
    GLUED_SCALES,
    NUMBER_WORDS,
    SCALES,
    Tokens,
    fraction_scale,
    number_value,
)
from kursk_data.extract.vocabulary import (
    GROUP_NOUNS,
    MODIFIERS,
    NATIONALITY_MODIFIERS,
    OUTCOME_NOUNS,
    PEOPLE_NOUNS,
)
from kursk_data.units import KM2_PER_MI2, pair_agrees

_KM = {"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer"}
_MI = {"mi", "miles", "mile"}
_SQUARED = {"km²": "km2", "mi²": "mi2", "sqkm": "km2", "sqmi": "mi2", "kmsq": "km2"}
AREA_UNIT_WORDS = frozenset({"sq", "square", "km", "mi", *_SQUARED})
DISTANCE_WORDS = _KM | _MI | {"metres", "meters", "metre", "meter", "m", "yards", "feet", "ft"}

MAX_MODIFIERS = 4


def area_unit_at(tok: Tokens, i: int) -> tuple[str, int] | None:
    """An area unit starting at token ``i``: ``("km2" | "mi2", last token)``."""
    w = tok.low(i)
    if w in _SQUARED:
        return _SQUARED[w], i
    if w in ("km", "mi") and tok.low(i + 1) == "2" and tok.glued(i + 1):
        return ("km2" if w == "km" else "mi2"), i + 1
    if w in ("sq", "square"):
        j = i + 1
        if tok.low(j) == "." and w == "sq":
            j += 1
        nxt = tok.low(j)
        if nxt in _KM:
            return "km2", j
        if nxt in _MI:
            if nxt == "mi" and tok.low(j + 1) == "." and tok.glued(j + 1):
                return "mi2", j + 1
            return "mi2", j
    return None


def people_unit_at(tok: Tokens, i: int) -> tuple[str, int, list[int]] | None:
    """A people noun at token ``i`` or after up to four modifiers: ``(noun, its index,
    modifier indices)``."""
    mods: list[int] = []
    j = i
    while j < len(tok) and len(mods) <= MAX_MODIFIERS:
        w = tok.low(j)
        if w in PEOPLE_NOUNS or w in OUTCOME_NOUNS or w in GROUP_NOUNS:
            if w in ("wounded", "injured", "killed", "dead", "captured") and tok.low(j + 1) in (
                PEOPLE_NOUNS | NATIONALITY_MODIFIERS
            ):
                mods.append(j)  # "two wounded North Korean soldiers": an adjective here
                j += 1
                continue
            return w, j, mods
        if w == "service" and tok.low(j + 1) in ("members", "member"):
            return tok.low(j + 1), j + 1, [*mods, j]  # "900 Russian service members"
        if w == "and" and mods and tok.low(mods[-1]) in NATIONALITY_MODIFIERS:
            mods.append(j)  # "Russian and North Korean troops"
        elif w in ("'", "’") and tok.low(j + 1) == "s":
            mods.extend((j, j + 1))  # "North Korea's troops" after "of"
            j += 1
        elif w == "korea" and mods and tok.low(mods[-1]) == "north":
            mods.append(j)
        elif w not in MODIFIERS:
            if mods and tok.low(mods[-1]) == "others" and _fate_follows(tok, j):
                return "others", mods[-1], mods[:-1]  # "2,700 others have been injured"
            return None
        else:
            mods.append(j)
        j += 1
    return None


# Words that may stand between "others" and the fate that makes it a people noun.
_BEFORE_FATE = frozenset(
    [
        "have",
        "has",
        "had",
        "been",
        "were",
        "was",
        "are",
        "reportedly",
        "allegedly",
        "also",
        "later",
        "were",
        "being",
    ]
)
_FATES = frozenset(["injured", "wounded", "killed", "died", "dead", "captured", "hurt", "perished"])


def _fate_follows(tok: Tokens, j: int) -> bool:
    """Does a fate follow at ``j`` after at most three auxiliaries or hedges ("others have
    been injured", "others reportedly killed")? Then "others" counts people."""
    for k in range(j, j + 4):
        if tok.low(k) in _FATES:
            return True
        if tok.low(k) not in _BEFORE_FATE:
            return False
    return False


def _word_value(tok: Tokens, j: int) -> int | None:
    """The value of the number word at token ``j`` ("five", "thirty"), None for another word."""
    w = tok.low(j)
    return NUMBER_WORDS.get(w) if w != "zero" else None


def _joined(tok: Tokens, j: int) -> int:
    """Token after a joint between number parts: a space, or a hyphen glued on both sides
    ("thirty-five", "15-thousand", "four-thousand-100")."""
    if tok.low(j) == "-" and tok.glued(j) and tok.glued(j + 1):
        return j + 1
    return j


def number_at(tok: Tokens, i: int) -> tuple[float, int] | None:
    """A number with its scale at token ``i``: (value, last token).

    Digits ("35", "1,376", "70 000") with a scale ("1.2 million", "11k", "15-thousand",
    "22.2 thousand"), number words of any form ("thirty-five", "three thousand", "two hundred
    and fifty", "four-thousand-100") and "a hundred", "a thousand", "half a million".
    """
    if not tok.is_number(i):
        return None
    w = tok.low(i)
    if tok.words[i][0] in DIGITS:
        value = number_value(tok.words[i])
        if value is None:
            return None
        nxt = tok.words[i + 1] if i + 1 < len(tok) else ""
        if nxt in GLUED_SCALES and tok.glued(i + 1):
            return value * GLUED_SCALES[nxt], i + 1
        j = _joined(tok, i + 1)
        if tok.low(j) in SCALES and tok.low(j) != "hundred":
            value, last = value * SCALES[tok.low(j)], j
            return _tail(tok, value, last)
        if tok.low(j) == "hundred" and value.is_integer() and 10 <= value < 100:
            return value * 100, j  # "27-hundred", "15 hundred": 2,700 and 1,500
        return value, i
    if w in FRACTIONS:
        return _fraction(tok, i, 1.0)
    if w == "a" and tok.low(i + 1) in FRACTIONS:
        return _fraction(tok, i + 1, 1.0)
    if w in ("a", "half"):
        k = i + 2 if w == "half" else i + 1  # "half a million": the scale after "a"
        scale = SCALES.get(tok.low(k))
        if scale is None:
            return None
        value = scale / 2 if w == "half" else scale
        return _tail(tok, float(value), k) if w == "a" else (float(value), k)
    read = _words(tok, i)
    if read and tok.low(read[1] + 1) in FRACTIONS and read[0] < 10:
        return _fraction(tok, read[1] + 1, read[0])  # "three quarters of a million"
    return read


def _fraction(tok: Tokens, i: int, times: float) -> tuple[float, int] | None:
    """ "(three) quarter(s) of a million" with the fraction word at ``i``: (value, last)."""
    scale = fraction_scale(tok.words, i)
    if scale is None:
        return None
    return round(times * FRACTIONS[tok.low(i)] * scale), i + 3


def _tail(tok: Tokens, value: float, last: int) -> tuple[float, int]:
    """Digits or words after a scale, hyphen-joined: "four-thousand-100", "a thousand-500"."""
    j = last + 1
    if tok.low(j) == "-" and tok.glued(j) and tok.glued(j + 1) and value >= 1000:
        nxt = tok.words[j + 1] if j + 1 < len(tok) else ""
        if nxt.isdigit() and len(nxt) <= 3:
            return value + float(nxt), j + 1
        rest = _words(tok, j + 1) if tok.is_number(j + 1) else None
        if rest and rest[0] < 1000:
            return value + rest[0], rest[1]
    return value, last


def _words(tok: Tokens, i: int) -> tuple[float, int] | None:
    """A number in words from token ``i``: "thirty-five", "three thousand", "two hundred and
    fifty thousand", "four-thousand-100"; (value, last token)."""
    total = current = 0
    state = "start"  # what the last part was: unit, tens, hundred, big (thousand, million)
    last = None
    j = i
    n = len(tok)
    while j < n:
        w = tok.low(j)
        v = _word_value(tok, j)
        if v is not None:
            if state in ("start", "hundred", "big"):
                current += v
                state = "tens" if v >= 20 else "unit"
            elif state == "tens" and 0 < v < 10:
                current += v
                state = "unit"
            else:
                break
        elif w in SCALES and w != "mln" and state in ("unit", "tens", "hundred"):
            if w == "hundred":
                if state == "hundred":
                    break
                current *= 100
                state = "hundred"
            else:
                total += current * SCALES[w]
                current = 0
                state = "big"
        elif state == "big" and tok.words[j].isdigit() and len(tok.words[j]) <= 3:
            if tok.low(j - 1) != "-":
                break
            current += int(tok.words[j])  # "four-thousand-100"
            last = j
            break
        else:
            break
        last = j
        nxt = _joined(tok, j + 1)
        if tok.low(nxt) == "and" and state == "hundred" and _word_value(tok, nxt + 1):
            nxt += 1  # "two hundred and fifty"
        j = nxt
    if last is None:
        return None
    return float(total + current), last


_OPENERS = {"(": ")", "[": "]"}
_GROUND = frozenset({"territory", "land", "ground", "soil"})
_DASHES = {"-", "–", "—", "/"}


def pair_after(tok: Tokens, j: int, unit: str) -> tuple[float, str, int] | None:
    """The same area in the other unit, starting at token ``j`` right after the first unit.

    Returns ``(second value, second unit, last token)`` or None.
    """
    if tok.low(j) == "of":  # "489 square miles of (Russian) territory, or around 1,263 km²"
        for n in (1, 2):
            if tok.low(j + n) in _GROUND:
                j += n + 1
                break
    w = tok.low(j)
    k = j + 1
    if w in _OPENERS or w in _DASHES or w == ",":
        if tok.low(k) == "or":
            k += 1
    elif w == "or":
        pass
    else:
        return None
    # An optional qualifier inside: "(about 35 sq mi)", ", or roughly 386 square miles".
    for n in (0, 1, 2, 3):
        words = " ".join(tok.low(x) for x in range(k, k + n))
        if n and words not in QUALIFIER_WORDS:
            continue
        num = number_at(tok, k + n)
        if num is None:
            continue
        value, last = num
        second = area_unit_at(tok, last + 1)
        if second is None or second[0] == unit:
            return None
        end = second[1]
        close = _OPENERS.get(w)
        if (close and tok.low(end + 1) == close) or (
            w in _DASHES and w != "/" and tok.low(end + 1) == w
        ):
            end += 1
        return value, second[0], end
    return None


def convert_text(value: float, unit: str) -> str:
    """``value`` in ``unit`` converted to the other area unit, as words: "34.7 sq mi"."""
    if unit == "km2":
        out, label = value / KM2_PER_MI2, "sq mi"
    else:
        out, label = value * KM2_PER_MI2, "km²"
    return f"{format_number(out)} {label}"


def format_number(x: float) -> str:
    """A converted figure at a precision a reader can check: 3 significant digits below 100
    (34.7), whole numbers with thousands separators from 100 on (531, 3,861)."""
    if abs(x) >= 100:
        return f"{round(x):,}"
    return f"{float(f'{x:.3g}'):g}"


def pair_verdicts(
    km2: Sequence[float], mi2: Sequence[float], first_units: Sequence[str]
) -> tuple[list[bool], list[float], list[str]]:
    """Check areas stated in both units, all at once; each verdict converts the figure the
    text gave first.

    Returns ``(agrees, expected, verdicts)``: whether each pair agrees within the rounding of
    both stated numbers (:func:`kursk_data.units.pair_agrees`), the mi² figure the km² one
    implies (rounded like the stated mi² figure), and the verdict in words, e.g.
    ``"BAD PAIR: 90 km² is about 34.7 sq mi; the text says 56"``.
    """
    if not len(km2):
        return [], [], []
    ok, expected = pair_agrees(np.asarray(km2, float), np.asarray(mi2, float))
    verdicts = []
    for good, km, mi, unit in zip(ok, km2, mi2, first_units, strict=True):
        if unit == "km2":
            first, conv, said = f"{format_number(km)} km²", convert_text(km, "km2"), mi
        else:
            first, conv, said = f"{format_number(mi)} sq mi", convert_text(mi, "mi2"), km
        head = "ok" if good else "BAD PAIR"
        verdicts.append(f"{head}: {first} is about {conv}; the text says {format_number(said)}")
    return [bool(x) for x in ok], [float(x) for x in expected], verdicts
