"""Scope (issue #26): is a figure the whole count a ledger measure keeps, or a part of it?

Ledger measures are running totals for the whole Kursk operation (troops killed since it began,
troops in the region, area held). Reporting often gives a part: a day's toll ("over the past
24 hours"), one place ("in the Sudzha district alone"), one action ("in a single strike"), one
unit ("each", "a battalion of about 500", "special forces said they killed three"). Such a
figure keeps its value and qualifier but gets no measure, so no verdict: it could only be
compared with the total by a guess. A marker of the total ("since August", "in total",
"overall") nearer to the figure than any limiter keeps the figure whole ("270 in the past day
and over 36,000 since the incursion began").

Every look-up goes through :meth:`Tokens.positions`, so a sentence with none of these words
costs a few index look-ups and the checker stays linear.
"""

from __future__ import annotations

from kursk_data.extract.measures import any_word, sentence_start, words_in
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import SPEECH_VERBS, word_set

# Periods shorter than the operation. "months" is left out on purpose: "over six months of
# fighting" is the whole operation so far.
_PERIOD = word_set("hour hours day days week weeks month fortnight")
_SPAN_PREP = word_set("in over during within for throughout")
_NEAR = word_set("past last previous recent preceding")
_FIRST = word_set("first initial opening")  # "within the first week": counted from the start
_ALONE = word_set("alone")
# "operation" is left out: "in one operation" is the whole Kursk operation.
_EVENT = word_set("attack strike raid assault ambush battle clash engagement action skirmish")
_ONE = word_set("one single")
_AN = word_set("a an")
_EVENT_PREP = word_set("in during on within")
_SUBAREA = word_set("district raion town village city hospital")
_PLACE_PREP = word_set("in near around at outside for")
_UNIT = word_set(
    "battalion battalions brigade brigades regiment regiments company platoon squad unit"
)
_EACH = word_set("each")
_SPECIAL = word_set("special")
_TOTAL = word_set("since overall altogether total cumulative")
_TOTAL_AFTER = {"all": "in", "far": "so", "date": "to"}  # "in all", "so far", "to date"
_TOTAL_TAIL = word_set("all far date")
_NUMBERISH = word_set("a one two three four five six seven eight nine ten few several 24 48 72")


# Every word a limiter or a total marker starts from, for the one look-up of the common case.
_CUES = _PERIOD | _ALONE | _EVENT | _SUBAREA | _UNIT | _EACH | _SPECIAL | _TOTAL | _TOTAL_TAIL
_CARRY = _PERIOD | _ALONE


def _distance(j: int, first: int, last: int) -> int:
    return first - j if j < first else j - last


def _period_at(tok: Tokens, j: int) -> bool:
    """Is the period word at ``j`` a span shorter than the operation ("over the past 24 hours",
    "in three days", "over the day", "in the last week")?"""
    window = [tok.low(j - n) for n in range(1, 6)]
    if not any(w in _SPAN_PREP for w in window):
        return False
    if any(w in _FIRST for w in window[:3]):
        return False  # "within the first week": since the start
    near = window[0] in _NEAR or window[1] in _NEAR
    numbered = window[0] in _NUMBERISH or tok.is_number(j - 1) or window[0] == "-"
    definite = window[0] == "the" and window[1] in _SPAN_PREP  # "over the day"
    return near or numbered or definite


def _event_at(tok: Tokens, j: int) -> bool:
    """One action: "in one drone strike", "a single engagement", "in an ambush"."""
    for n in (1, 2):
        w = tok.low(j - n)
        if w in _ONE:
            return True
        if w in _AN and tok.low(j - n - 1) in _EVENT_PREP:
            return True
    return False


def _subarea_at(tok: Tokens, j: int) -> bool:
    """One place inside the region: "in the Sudzha district", "near the town of ..."."""
    return any(tok.low(j - n) in _PLACE_PREP for n in (1, 2, 3, 4))


def _limiters(
    tok: Tokens, a: int, b: int, first: int, last: int, kind: str
) -> list[tuple[int, str]]:
    """Words among tokens ``a`` to ``b`` that limit a figure's scope, with the reason.
    ``kind`` is "flow" (losses, captures, area taken), "stock" (troops in a place: a period
    says when, not how much of it) or "area" (held by units, so no unit limiter)."""
    found: list[tuple[int, str]] = []
    if kind != "stock":
        found += [
            (j, "a period, not the whole operation")
            for j in words_in(tok, a, b, _PERIOD)
            if _period_at(tok, j)
        ]
    found += [(j, "one place or period alone") for j in words_in(tok, a, b, _ALONE)]
    found += [
        (j, "one action, not the whole operation")
        for j in words_in(tok, a, b, _EVENT)
        if _event_at(tok, j)
    ]
    found += [
        (j, "one place inside the region")
        for j in words_in(tok, a, b, _SUBAREA)
        if _subarea_at(tok, j)
    ]
    if kind == "area":
        return found
    found += [(j, "one unit's figure") for j in words_in(tok, a, b, _UNIT)]
    found += [
        (j, "one unit's own claim") for j in words_in(tok, a, b, _SPECIAL) if _unit_speaks(tok, j)
    ]
    found += [
        (j, "a figure for each unit")
        for j in words_in(tok, a, b, _EACH)
        if _distance(j, first, last) <= 6
    ]
    return found


def _unit_speaks(tok: Tokens, j: int) -> bool:
    """ "Special forces said ...", "special operations forces stated that they killed ...":
    a unit tells what it did itself. "3,000 special forces troops" is no claim."""
    if tok.low(j + 1) not in ("forces", "operations", "agents"):
        return False
    return any(tok.low(j + n) in SPEECH_VERBS for n in (2, 3, 4))


def _totals(tok: Tokens, a: int, b: int) -> list[int]:
    marks = list(words_in(tok, a, b, _TOTAL))
    tails = words_in(tok, a, b, _TOTAL_TAIL)
    marks += [j for j in tails if tok.low(j - 1) == _TOTAL_AFTER[tok.low(j)]]
    return marks


def scope_limit(
    tok: Tokens, first: int, last: int, start: int, end: int, kind: str = "flow"
) -> str | None:
    """Why the figure at ``[first, last]`` (sentence ``[start, end]``) is a part of a ledger
    total rather than the total, or None. A limiter in the sentence before, in the same
    paragraph, carries ("Over the past day, ... lost 250. Seven soldiers surrendered.") unless
    the figure's own sentence marks a total."""
    if not any_word(tok, start, end, _CUES):
        limits, totals = [], []  # the common case: one look-up
    else:
        limits = _limiters(tok, start, end, first, last, kind)
        totals = _totals(tok, start, end)
    if limits:
        j, why = min(limits, key=lambda x: _distance(x[0], first, last))
        nearest_total = min((_distance(t, first, last) for t in totals), default=None)
        if nearest_total is None or nearest_total >= _distance(j, first, last):
            return f"scope: {why}"  # on a tie, doubt: abstain
        return None
    if kind == "stock" or totals or start <= 0 or start in tok.paragraph_before:
        return None
    p_start = sentence_start(tok, start - 1)
    if not any_word(tok, p_start, start - 1, _CARRY):
        return None
    carried = [
        j for j in words_in(tok, p_start, start - 1, _PERIOD) if _period_at(tok, j)
    ] or words_in(tok, p_start, start - 1, _ALONE)
    if carried:
        return "scope: the sentence before limits the period"
    return None
