"""Reading figures: each number, its range partner, its unit and its qualifier, in one scan.

A number is a figure when it counts people or area:

* its unit follows it: an area unit, a people noun (after up to four modifiers), or
  "-strong" ("a 12,000-strong contingent");
* or nothing follows it but punctuation or a small word ("in", "more", "were", ...) and its
  sentence names people: a body of troops, their losses or their fate ("put the force at up
  to 70,000", "losses had exceeded 38,000", "wounded 2,700 more");
* or it shares the unit of the number after it ("from 1,376 to 90 sq km").

Never figures: years (a four-digit number from 1900 to 2100 without a separator, unless a
qualifier precedes it and a unit follows: "about 2000 troops"), days next to a month name,
percentages, distances (km, miles, metres), times, ordinals ("47th"), model names
("Su-34"), money ("$500"), ages ("aged 19"), numbers followed by any other noun ("12
villages", "four brigades", "20 strikes"), number words without a noun after them, vague
amounts ("hundreds of", "tens of thousands"), and more people than the ledger's plausible cap
(5,000,000) or more area than its cap (100,000 km²).

Ranges: "between X and Y", "X-Y", "X–Y", "from X to Y", "X to Y" (the lower first; a scale
on the upper applies to both: "between 10 and 12 thousand"). After a verb of change ("rose
from 594 to 711", "fell from 1,376 to 90 sq km"), or when the first number is the larger,
"from X to Y" is two figures, not a range.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from kursk_data.extract.measures import (
    SENTENCE_LIMIT,
    Context,
    forward_outcome,
    outcome_at,
    outcome_run_forward,
    read_context,
    sentence_end,
    sentence_start,
)
from kursk_data.extract.pairs import (
    AREA_UNIT_WORDS,
    DISTANCE_WORDS,
    area_unit_at,
    number_at,
    pair_after,
    people_unit_at,
)
from kursk_data.extract.qualifier_words import qualifier_after, qualifier_before
from kursk_data.extract.tokens import DIGITS, SCALES, Tokens, has_separator, number_value
from kursk_data.extract.vocabulary import (
    CHANGE_VERBS,
    FUNCTION_WORDS,
    LABEL_WORDS,
    MONTHS,
    NATIONALITY_MODIFIERS,
    PEOPLE_CUES,
)
from kursk_data.units import KM2_PER_MI2

PERCENT_WORDS = frozenset({"%", "percent", "pct", "pc"})
RANGE_DASHES = frozenset({"-", "–", "—"})
FORWARD_LIMIT = 8  # tokens read after a figure without a noun for what happened to it
MAX_PEOPLE = 5_000_000
MAX_KM2 = 100_000


@dataclass
class Figure:
    """One figure as read: its tokens, value in the canonical unit and everything around it."""

    first: int  # first token of the phrase (qualifier, "between", or the number)
    last: int  # last token of the phrase (unit, closing bracket of a pair, ...)
    number: int  # token of the (lower) number
    value: float
    unit: str  # "km2" or "personnel"
    qualifier: str
    qualifier_word: str | None
    low: float | None = None  # stated bounds of a range
    high: float | None = None
    alt_value: float | None = None  # the area in square miles, as stated
    alt_unit: str | None = None
    first_unit: str | None = None  # which unit the text gave first ("km2", "mi2")
    pair: bool = False  # stated in both units
    noun: int | None = None
    modifiers: list[int] = field(default_factory=list)
    context: Context | None = None  # the sentence as read for a figure without a noun


def _glued_before(tok: Tokens, i: int) -> bool:
    """Is the number at ``i`` part of a name, a code, money or a time ("F16", "Su-34", "$500",
    "5:30", "24/7")?"""
    if not tok.glued(i):
        return False
    p = tok.words[i - 1]
    if p[0].isalpha() or p in ("$", "€", "£", "¥", "#", "№", "'", "’"):
        return True
    if p in RANGE_DASHES and tok.glued(i - 1) and tok.words[i - 2][0].isalpha():
        return True
    return p in (":", "/", ".") and i >= 2 and tok.glued(i - 1) and tok.words[i - 2][0] in DIGITS


def _is_year(tok: Tokens, i: int, value: float) -> bool:
    w = tok.words[i]
    return len(w) == 4 and w.isdigit() and 1900 <= value <= 2100


def _is_date(tok: Tokens, i: int, k: int, value: float) -> bool:
    if tok.words[i][0] not in DIGITS or has_separator(tok.words[i]):
        return False
    day = value <= 31 and value.is_integer()
    if tok.low(k + 1) in MONTHS and day:
        return tok.low(k + 1) != "may" or tok.low(k + 2) not in ("be", "have", "not", "well")
    month = i - 2 if tok.low(i - 1) == "." else i - 1  # "Aug. 6", "Oct. 25"
    return tok.low(month) in MONTHS and (day or _is_year(tok, i, value))


def _excluded_after(tok: Tokens, u: int) -> bool:
    """Does the word at ``u`` make the number before it something other than a figure?"""
    w = tok.low(u)
    if w in PERCENT_WORDS or w in DISTANCE_WORDS:
        return True
    return w == "per" and tok.low(u + 1) in ("cent", "centum")


_HEDGES = frozenset({"even", "perhaps", "possibly", "maybe"})


def _partner(tok: Tokens, k: int) -> tuple[str, int] | None:
    """A number joined to the one ending at ``k``: (connector, its token). "or even" joins
    two figures of one unit ("three thousand or even ten thousand North Koreans")."""
    c = tok.low(k + 1)
    if c in ("or", "and") and tok.low(k + 2) in _HEDGES and tok.is_number(k + 3):
        return "or", k + 3
    if (c in RANGE_DASHES or c in ("to", "and", "or")) and tok.is_number(k + 2):
        if c in RANGE_DASHES and tok.words[k + 2][0] not in DIGITS:
            return None
        return c, k + 2
    return None


def _change_before(tok: Tokens, i: int) -> bool:
    """A verb of change just before the number: "rose from", "fell from", "grew from"."""
    for j in range(i - 1, max(i - 4, -1), -1):
        if tok.low(j) in CHANGE_VERBS:
            return True
        if tok.low(j) not in ("from", "had", "has", "have", "been", "sharply", "steadily"):
            return False
    return False


def _unit_after(tok: Tokens, u: int):
    """What follows a number at token ``u``: ("area", unit, last) | ("people", noun, mods) |
    ("strong", last, mods) | ("bare",) | ("no",)."""
    if tok.low(u) in RANGE_DASHES and tok.glued(u) and tok.low(u + 1) == "strong":
        mods = []
        j = u + 2
        while tok.low(j) in NATIONALITY_MODIFIERS and len(mods) < 3:
            mods.append(j)
            j += 1
        return ("strong", u + 1, mods)
    area = area_unit_at(tok, u)
    if area:
        return ("area", area[0], area[1])
    if _excluded_after(tok, u):
        return ("no",)
    people = people_unit_at(tok, u)
    if people:
        return ("people", people[1], people[2])
    if u >= len(tok):
        return ("bare",)
    w = tok.words[u]
    if not w[0].isalnum() or tok.low(u) in FUNCTION_WORDS:
        return ("bare",)
    return ("no",)


# Words of a time span in a hyphenated adjective ("3-year", "10-day"): the number is no count.
_SPAN_WORDS = frozenset({"year", "month", "week", "day", "hour", "minute", "decade"})


def read_at(tok: Tokens, i: int, prev: Figure | None = None) -> tuple[Figure | None, int]:
    """The figure whose number is token ``i``, if any, and the last token it consumed;
    ``prev`` is the figure read before it ("8,000 out of a total of 10,000": one unit)."""
    if _glued_before(tok, i):
        return None, i
    num = number_at(tok, i)
    if num is None:
        return None, i
    value, k = num
    # A number word needs its noun ("four men"); a scaled one reads like digits ("three
    # thousand"). "One of the soldiers" is one person picked out, not a count.
    is_word = tok.words[i][0] not in DIGITS and not any(
        tok.low(x) in SCALES for x in range(i, k + 1)
    )
    if tok.low(i) == "one" and k == i and tok.low(i + 1) == "of":
        return None, i
    if k == i and tok.glued(i + 1) and area_unit_at(tok, i + 1) is None:
        nxt = tok.words[i + 1]
        if nxt[0].isalpha() or nxt in ("%", "'", "’"):
            return None, i  # "47th", "16s", "45%", "1990's"
        if nxt in (":", "/", ".") and tok.is_number(i + 2):
            return None, i + 2
        if nxt == "-" and tok.glued(i + 2) and tok.low(i + 2).rstrip("s") in _SPAN_WORDS:
            return None, i + 2  # "the 3-year war", "a 10-day push": a span, not a count

    # A range or a change: the partner number after "to", "and" or a dash.
    low = high = None
    first, qword = i, None
    hk = k
    partner = _partner(tok, k)
    consumed = i
    shared_from = None  # a change: this number shares the unit of the next one
    if partner:
        conn, p = partner
        pnum = number_at(tok, p)
        if pnum is not None:
            hv, pk = pnum
            between = tok.low(i - 1) == "between" and conn == "and"
            from_to = conn == "to"
            dash = conn in RANGE_DASHES
            lv = value
            if pk > p and k == i and not has_separator(tok.words[i]):
                scale = hv / (number_value(tok.words[p]) or 1.0)
                if scale > 1 and lv * scale <= hv:
                    lv = value * scale  # "between 10 and 12 thousand"
            elif k == i and pk == p and has_separator(tok.words[p]) and lv < 1000:
                # "60-70,000": the lower figure is written without the thousands the upper
                # one has, when that puts it just below the upper one.
                scale = 1000.0 ** sum(tok.words[p].count(c) for c in ", \u00a0\u202f\u2009")
                if lv * scale <= hv < lv * scale * 10:
                    lv = value * scale
            is_range = (between or dash or from_to) and lv < hv
            if from_to and (_change_before(tok, i) or lv >= hv):
                is_range = False
            if is_range:
                low, high, hk, consumed = lv, hv, pk, pk
                value = hv
                if between:
                    first, qword = i - 1, "between"
                elif tok.low(i - 1) == "from" and from_to:
                    first, qword = i - 1, "from ... to"
                else:
                    qword = "to" if from_to else tok.words[k + 1]
            elif conn in ("to", "and", "or") or dash:
                shared_from = p
                consumed = i

    label = tok.low(i - 1) in LABEL_WORDS or (first < i and tok.low(first - 1) in LABEL_WORDS)
    if label or _is_date(tok, i, k, value if low is None else low):
        return None, consumed
    year = not is_word and _is_year(tok, i, float(tok.words[i]) if tok.words[i].isdigit() else 0)

    # Qualifier glued after the number: "70,000-plus", "70,000+".
    u = hk + 1
    post = None
    if tok.low(u) in ("+", "-") and tok.glued(u):
        post = qualifier_after(tok, u)
        if post:
            u = post[2] + 1
    kind = _unit_after(tok, u)
    if (
        kind[0] == "no"
        and tok.low(u) == "out"
        and _out_of(tok, u - 1, u + 2 + _total_words(tok, u))
    ):
        kind = ("bare",)  # "at about 8,000 out of a total of 10,000": read with its whole
    if kind[0] == "no" and tok.low(u) == "per" and _rate_noun_before(tok, i):
        kind = ("bare",)  # "casualties per day ... an average of about 1,300 per day"
    if kind[0] in ("bare", "no") and tok.low(u) == "or" and (post := qualifier_after(tok, u)):
        # "some 2,500 or more North Korean soldiers": the unit after the wording.
        behind = _unit_after(tok, post[2] + 1)
        if behind[0] in ("people", "area"):
            kind, u = behind, post[2] + 1
        else:
            post = None
    if kind[0] == "no" and tok.low(u) == "others" and _people_before(tok, i, prev):
        kind = ("people", u, [])  # "300 soldiers died and 2,700 others": people as before
    noun, mods, unit, first_unit, last = None, [], None, None, hk
    ctx = None
    alt_value = alt_unit = None
    pair = False
    if kind[0] == "no":
        return None, consumed
    if kind[0] == "strong":
        unit, last, mods = "personnel", kind[1], kind[2]
    elif kind[0] == "area":
        unit, first_unit, last = "km2", kind[1], kind[2]
    elif kind[0] == "people":
        unit, noun, mods, last = "personnel", kind[1], kind[2], kind[1]
        if outcome_at(tok, noun):  # "30,000 killed and wounded": the phrase takes both
            last = outcome_run_forward(tok, noun, noun + 6)[1]
    else:  # bare: the unit comes from the next number or from the sentence
        if is_word or year:
            return None, consumed
        if shared_from is not None:
            pv = number_at(tok, shared_from)
            other = _unit_after(tok, pv[1] + 1) if pv else ("no",)
            if other[0] == "area":
                unit, first_unit = "km2", other[1]
            elif other[0] in ("people", "strong"):
                unit = "personnel"
                if other[0] == "people":  # the partner's noun names who both count
                    noun, mods = other[1], list(other[2])
        if unit is None and prev is not None and _out_of(tok, prev.last, i):
            unit, first_unit = prev.unit, prev.first_unit  # "8,000 out of a total of 10,000"
            ctx, ctx_first = prev.context, first
        if unit is None:
            start = sentence_start(tok, i)
            end = sentence_end(tok, hk)
            before = qualifier_before(tok, i) if low is None else None
            ctx_first = before[2] if before else first
            ctx = read_context(tok, ctx_first, hk, start, end)
            fwd, _ = forward_outcome(tok, hk + 1, min(end, hk + FORWARD_LIMIT))
            opened = _aside_before(tok, ctx_first, start)
            if opened is not None and not fwd and not (ctx.people and not ctx.area):
                # "the number of X in Kursk – where ... – at about 8,000": the noun before
                # the aside is the figure's, and so is the sentence as read up to it.
                outer = read_context(tok, opened, opened, start, end)
                if outer.people and not outer.area:
                    ctx = outer
            if (ctx.people and not ctx.area) or fwd:
                unit = "personnel"
            elif not ctx.area and _previous_names_people(tok, start):
                # "Russia has concentrated troops there. It is between 30 and 45 thousand."
                unit = "personnel"
            else:
                return None, consumed
    if year and not (kind[0] in ("area", "people") and qualifier_before(tok, i)):
        return None, consumed

    # Second unit.
    if kind[0] == "area":
        alt = pair_after(tok, last + 1, first_unit)
        if alt:
            pair = True
            stated = value
            value_alt, _, last = alt
            if first_unit == "km2":
                alt_value, alt_unit = value_alt, "mi2"
            else:  # "35 sq miles (90 sq km)": the kilometre figure is the canonical one
                alt_value, alt_unit, value = stated, "mi2", value_alt
                if low is not None:
                    low, high = low * KM2_PER_MI2, high * KM2_PER_MI2
    if first_unit == "mi2" and not pair:
        alt_value, alt_unit = value, "mi2"
        value = value * KM2_PER_MI2
        if low is not None:
            low, high = low * KM2_PER_MI2, high * KM2_PER_MI2

    # Qualifier.
    if low is not None:
        qualifier = "range"
    else:
        before = qualifier_before(tok, i)
        after = post or qualifier_after(tok, last + 1)
        if before and after and before[0] == "about" and after[0] in ("over", "up_to"):
            # "some 3,000 or more": the bound after outranks the hedge before it.
            qualifier, qword, first = after[0], f"{before[1]} … {after[1]}", before[2]
            last = max(last, after[2])
        elif before:
            qualifier, qword, first = before[0], before[1], before[2]
        elif after:
            qualifier, qword = after[0], after[1]
            last = max(last, after[2])
        else:
            qualifier = "exact"
    if (unit == "personnel" and value > MAX_PEOPLE) or (unit == "km2" and value > MAX_KM2):
        return None, consumed
    fig = Figure(
        first=first,
        last=max(last, hk),
        number=i,
        value=float(value),
        unit=unit,
        qualifier=qualifier,
        qualifier_word=qword,
        low=low,
        high=high,
        alt_value=alt_value,
        alt_unit=alt_unit,
        first_unit=first_unit,
        pair=pair,
        noun=noun,
        modifiers=mods,
    )
    if ctx is not None and (fig.first, fig.last) == (ctx_first, hk):
        fig.context = ctx  # the context read for it (past an aside, or its part's)
    return fig, max(consumed, fig.last)


_RATE_SPANS = frozenset({"day", "week", "month", "hour", "night"})
_ASIDE_MARKS = frozenset({"–", "—", "-", ","})
_BEFORE_FIGURE = frozenset({"at", "to", "as", "is", "was", "stood", "stands", "put"})
_OUT_OF = frozenset({"out", "of", "a", "total", "from", "the"})


def _rate_noun_before(tok: Tokens, i: int) -> bool:
    """Does a people noun "per day" stand earlier in the sentence ("1,200 casualties per
    day ... an average of about 1,300 per day")? Then a bare "N per day" is of its unit."""
    start = sentence_start(tok, i)
    return any(
        tok.low(j) in ("per", "a", "each", "every")
        and tok.low(j + 1) in _RATE_SPANS
        and tok.low(j - 1) in PEOPLE_CUES
        for j in range(max(start + 1, i - 40), i)
    )


def _out_of(tok: Tokens, prev_last: int, i: int) -> bool:
    """Is the number at ``i`` the whole a figure ending at ``prev_last`` is taken from: "8,000
    out of 10,000", "8,000 out of a total of 10,000", "8,000 of a total of 10,000"?"""
    between = [tok.low(j) for j in range(prev_last + 1, i)]
    return (
        0 < len(between) <= 5
        and all(w in _OUT_OF for w in between)
        and ("out" in between or "total" in between)
        and between[-1] in ("of", "total")
    )


def _total_words(tok: Tokens, u: int) -> int:
    """How many words after "out of" at ``u`` come before the whole ("a total of": 3)."""
    n = 0
    while n < 3 and tok.low(u + 2 + n) in _OUT_OF and not tok.is_number(u + 2 + n):
        n += 1
    return n if tok.is_number(u + 2 + n) else 99


def _aside_before(tok: Tokens, first: int, start: int) -> int | None:
    """The token opening an aside (dashes or commas) that closes just before the figure
    starting at ``first`` ("put the number ... in Kursk – where ... – at about 8,000"), or
    None."""
    k = first - 1
    while k > start and tok.low(k) in _BEFORE_FIGURE and first - k <= 2:
        k -= 1
    mark = tok.low(k)
    if mark not in _ASIDE_MARKS or k == first - 1:
        return None
    for j in range(k - 1, max(start, k - 40) - 1, -1):
        if tok.low(j) == mark:
            return j if j > start else None
        if tok.words[j][0] in DIGITS:
            return None  # another figure inside: no aside of this one
    return None


def _people_before(tok: Tokens, i: int, prev: Figure | None) -> bool:
    """Is the figure before the number at ``i`` a count of people in its sentence? Then
    "others" after the number counts people too."""
    return prev is not None and prev.unit == "personnel" and prev.first >= sentence_start(tok, i)


def _previous_names_people(tok: Tokens, start: int) -> bool:
    """Does the sentence before the one starting at ``start``, in the same paragraph, name
    people (and no area)? A reader carries its unit to a bare figure; further back, no."""
    if start <= 0 or start in tok.paragraph_before:
        return False
    p_start = sentence_start(tok, start - 1)
    ctx = read_context(tok, start, start - 1, p_start, start - 1)
    return ctx.people and not ctx.area


# A figure needs one of these words near it: its unit, its people noun, or a word for people
# in its sentence. Looked up once per text, so a number with none near it costs one bisect.
QUICK_WORDS = PEOPLE_CUES | AREA_UNIT_WORDS | frozenset({"strong"})
QUICK_BEFORE = 2 * SENTENCE_LIMIT  # tokens: the sentence and the one before are read
QUICK_AFTER = 12  # tokens: unit, scale, modifiers and a range partner fit in this many


def scan(tok: Tokens) -> list[Figure]:
    """Every figure in the tokens, in order."""
    figures: list[Figure] = []
    done = -1
    quick = tok.positions(QUICK_WORDS)
    n_quick = len(quick)
    for i in tok.numbers:
        if i <= done:
            continue
        n = bisect_left(quick, i - QUICK_BEFORE)
        if n == n_quick or quick[n] > i + QUICK_AFTER:
            continue
        fig, consumed = read_at(tok, i, figures[-1] if figures else None)
        done = max(done, consumed)
        if fig is not None:
            figures.append(fig)
    return figures
