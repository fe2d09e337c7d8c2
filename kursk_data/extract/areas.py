"""Areas (issue #26): what a figure of square kilometres counts, and when the text says it.

An area is the ledger's area held by Ukraine (now, or at its peak) or retaken by Russia only when
the sentence names the side, and, when it speaks of several kinds of area, when the figure's own
words say which: a peak word it owns ("from a peak of 1,300", not "400, down from its peak"),
"initially seized" after it, the verb nearest it in its clause. A part of a whole ("most of
the 1,300 sq km") leaves the whole without a measure.
"""

from __future__ import annotations

from kursk_data.extract.closed import event_doubt, unread_words, with_aside
from kursk_data.extract.meaning import earlier_estimate, taken_not_held
from kursk_data.extract.measures import (
    PEAK_WORDS,
    RETAKE_WORDS,
    Reading,
    after_side,
    any_word,
    high_point,
    measure_name,
    previous_sentence,
    sentence_start,
    side_at,
    words_in,
)
from kursk_data.extract.scope import scope_limit
from kursk_data.extract.siblings import clause, sibling_doubt
from kursk_data.extract.structure import structure_doubt
from kursk_data.extract.sure import area_governed, area_retaken
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import (
    AREA_TAKE_VERBS,
    AREA_VERBS,
    AUX_WORDS,
    INCREMENT_WORDS,
    KOREA_WORDS,
    PLACE_BEFORE,
    RETAKE_BEFORE_BACK,
    SIDES,
    SPEECH_VERBS,
    word_set,
)

_SIDE_WORDS = frozenset(SIDES) | frozenset(KOREA_WORDS)
_FIRST_TAKEN = word_set("seized captured occupied taken held controlled")
_AREA_LOST = frozenset({"lost", "lose", "losing", "ceded", "surrendered", "abandoned"})
_COUNTRY_NOUNS = frozenset({"ukraine", "russia", "korea"})
_HOLDING = frozenset({"control", "hands", "forces", "army", "troops", "military"})
_BACK = frozenset({"back"})
_ONCE = frozenset({"once", "initially", "originally", "point"})
_NOW = frozenset({"now", "currently", "today", "still"})
_ONCE_VERBS = AREA_VERBS | frozenset({"seized", "captured", "taken", "took"})


def read_area(tok: Tokens, first: int, last: int, a: int, b: int, start: int, end: int) -> Reading:
    """What the area at tokens ``[first, last]`` counts (``[a, b]`` its stretch of the
    sentence ``[start, end]``), with the gate's say: a measure only when the figure's own words
    say which kind of area it is (held now, retaken, held at the peak) and the side is named."""
    first_taken = any(
        (tok.low(j + 1) in _FIRST_TAKEN or tok.low(j + 2) in _FIRST_TAKEN)
        and not _number_between(tok, last + 1, j - 1)
        for j in words_in(tok, last + 1, b, _INITIALLY)
    )  # "out of 1,268 sq km initially seized by Kyiv", "the 1,200 Ukraine first seized"
    local_peak = (
        any(owns_peak(tok, j, first, last) for j in words_in(tok, a, b, PEAK_WORDS))
        or high_point(tok, a, b)
        or first_taken
    )
    if (part := _part_of(tok, first, start)) is not None:
        if first_taken:
            # The verb before governs a part ("won back most of the 1,300 sq km Kyiv
            # initially captured"); the clause after says what the whole is: the peak.
            whole = _area_reading(tok, first, last, last + 1, b, start, end, True)
            if whole.measure is not None and (
                why := _last_checks(tok, first, last, start, end, whole.what)
            ):
                return Reading(whole.who, whole.what, None, why)
            return whole
        return Reading(None, None, None, f"{part} of it is meant: the figure is the whole")
    once = [j for j in words_in(tok, a, first - 1, _ONCE) if _once_at(tok, j, first)]
    if once and tok.low(once[-1]) in _INITIALLY and not any_word(tok, start, end, _NOW):
        # "Ukraine initially seized 1,300 sq km" alone is the area held then, as the
        # ledger reads it; with "now holds 800" beside it, it is the peak.
        once = []
    reading = _area_reading(tok, first, last, a, b, start, end, local_peak or bool(once))
    if reading.measure is not None and (
        why := sibling_doubt(tok, first, last, start, end, reading.who, reading.what)
        or (reading.what != "area_retaken" and area_governed(tok, first, last, start, end))
        or (reading.what == "area_retaken" and area_retaken(tok, first, last, start, end))
        or (reading.what != "peak_area_held" and scope_limit(tok, first, last, start, end, "area"))
        or structure_doubt(tok, first, last, start, end, reading.who, reading.what)
        or (reading.what == "area_held" and taken_not_held(tok, first, last, start, end))
        or (reading.what == "area_held" and earlier_estimate(tok, first, start))
        or _last_checks(tok, first, last, start, end, reading.what)
    ):
        return Reading(reading.who, reading.what, None, why)
    return reading


def _last_checks(tok: Tokens, first: int, last: int, start: int, end: int, what: str | None):
    """An increment ("newly captured"), then the closed vocabulary (kursk_data.extract.closed)."""
    own = clause(tok, first, last, start, end)
    return event_doubt(tok, first, last, start, end, own, what, None) or unread_words(
        tok, with_aside(tok, own, end), first, last, what
    )


def _holder(tok: Tokens, start: int, end: int, side: str, after: int | None = None) -> bool:
    """Is ``side`` named in tokens ``start`` to ``end`` as a party, not as a place ("of
    Ukraine", "into Russia")? "held by Ukraine" names the holder."""
    for j in words_in(tok, start, end, _SIDE_WORDS):
        found = side_at(tok, j)
        if not found or found[0] != side:
            continue
        before = tok.low(found[1] - 1)
        # "of Ukraine", "into Russia" name a place; "in Ukrainian hands", "officials in
        # Kyiv" and "held by Ukraine" name a party.
        # ... but "under the control of Ukraine" names the holder.
        place = before in PLACE_BEFORE and before != "by" and tok.low(j) in _COUNTRY_NOUNS
        if place and not (before == "of" and tok.low(found[1] - 2) in _HOLDING):
            continue
        if tok.low(j + 1) in ("region", "oblast", "border", "territory", "soil"):
            continue
        if after is not None and found[1] > after and _speaker(tok, j):
            continue  # "..., Kyiv's top general said": who spoke, after the figure
        if after is not None and found[1] > after and any_word(tok, after, j - 1, SPEECH_VERBS):
            continue  # "..., stated the commander of the Armed Forces of Ukraine": who spoke
        return True
    return False


def _last_retake(tok: Tokens, a: int, b: int) -> int | None:
    """The last word of retaking among tokens ``a`` to ``b`` ("recaptured", "won back")."""
    found = words_in(tok, a, b, RETAKE_WORDS)
    found += [j for j in words_in(tok, a + 1, b, _BACK) if tok.low(j - 1) in RETAKE_BEFORE_BACK]
    return max(found) if found else None


def _passive_retake(tok: Tokens, last: int, b: int) -> bool:
    """ "800 sq km have been liberated", "... were won back": retaking right after the figure."""
    k = last + 1
    while k <= min(b, last + 6):
        w = tok.low(k)
        if w in RETAKE_WORDS or (w in RETAKE_BEFORE_BACK and tok.low(k + 1) == "back"):
            return True
        if w not in _PASSIVE_SKIP and w not in AUX_WORDS:
            return False
        k += 1
    return False


_PASSIVE_SKIP = frozenset(
    {
        "have",
        "has",
        "had",
        "been",
        "were",
        "was",
        "is",
        "are",
        "be",
        "now",
        "already",
        "]",
        ")",
        "[",
        "(",
        "square",
        "miles",
        "mi",
        "sq",
        "km",
        "kilometres",
        "kilometers",
        "of",
        "it",
    }
)


def _russian_subject(tok: Tokens, a: int, v: int) -> bool:
    """Is the side named nearest before the verb at ``v`` (within the figure's stretch) Russia?"""
    sides = [s for j in words_in(tok, a, v - 1, _SIDE_WORDS) if (s := side_at(tok, j))]
    return bool(sides) and sides[-1][0] == "russian"


def _speaker(tok: Tokens, j: int) -> bool:
    """Does the side at ``j`` head who spoke ("Kyiv's top general said", "Moscow claimed")?"""
    k = after_side(tok, j)
    for _ in range(3):
        w = tok.low(k)
        if w in SPEECH_VERBS:
            return True
        if not w.isalpha() or w in PLACE_BEFORE or w in _SIDE_WORDS or w in ("in", "on", "at"):
            return False
        k += 1
    return tok.low(k) in SPEECH_VERBS


def _area_reading(
    tok: Tokens, first: int, last: int, a: int, b: int, start: int, end: int, peak: bool
) -> Reading:
    """What an area counts: retaken by Russia, or held (at its peak) by Ukraine, only when the
    text names the side; otherwise no measure (the README: the side is left empty)."""
    if tok.low(first - 1) in INCREMENT_WORDS or tok.low(first - 2) in INCREMENT_WORDS:
        return Reading(None, None, None, "ground gained (another, a further): not the area held")
    prev = previous_sentence(tok, start)
    p_start = sentence_start(tok, start - 1) if prev is not None else start
    retake_at = _last_retake(tok, a, first - 1)
    hold_at = words_in(tok, a, first - 1, AREA_VERBS)
    retaken = (retake_at is not None and (not hold_at or retake_at > hold_at[-1])) or (
        _passive_retake(tok, last, b)
    )
    taken = words_in(tok, a, first - 1, AREA_TAKE_VERBS)
    if not retaken and taken and _russian_subject(tok, a, taken[-1]):
        return Reading(None, None, None, "ground Russia took: the ledger counts Kursk retaken")
    if retaken:
        if _holder(tok, start, end, "russian", last) or (
            prev is not None and _holder(tok, p_start, start - 1, "russian")
        ):
            return Reading("russian", "area_retaken", measure_name(None, "area_retaken"))
        return Reading(None, "area_retaken", None, "the text names no side retaking it")
    if any_word(tok, start, first - 1, _AREA_LOST):
        return Reading(None, None, None, "area lost: the ledger counts area held or retaken")
    what = "peak_area_held" if peak else "area_held"
    if _holder(tok, start, end, "ukrainian", last) or (
        prev is not None
        and _holder(tok, p_start, start - 1, "ukrainian")
        and not _holder(tok, start, end, "russian", last)
    ):
        return Reading("ukrainian", what, measure_name(None, what))
    return Reading(None, what, None, "the text names no side holding it")


_INITIALLY = frozenset({"initially", "originally", "first"})
_PEAK_REFERENCE = frozenset({"from", "since"})
_PARTS = word_set(
    "most half part much percent % third quarter fraction portion bulk share majority"
)


def _number_between(tok: Tokens, a: int, b: int) -> bool:
    return any(tok.is_number(k) for k in range(a, b + 1))


def owns_peak(tok: Tokens, j: int, first: int, last: int) -> bool:
    """Does the peak word at ``j`` say the figure is the peak? Not when another number
    stands between them ("holds 350 sq km, a fraction of the 1,300 it held at the peak"), nor
    when the peak is a point of reference ("shrunk to 200 sq km since its peak", "holds 400,
    down from its peak"); "from a peak of 1,300" names the figure itself."""
    if j < first:
        if _number_between(tok, j + 1, first - 1):
            return False
        of_figure = tok.low(j + 1) == "of" and first - j <= 4  # "a peak of roughly 1,300"
        return of_figure or not any(tok.low(j - n) in _PEAK_REFERENCE for n in (1, 2, 3))
    if _number_between(tok, last + 1, j - 1):
        return False
    return not any(tok.low(j - n) in _PEAK_REFERENCE for n in (1, 2, 3))


def _once_at(tok: Tokens, j: int, first: int) -> bool:
    """ "which once held", "initially controlled 1,376 km²", "at one point, Ukraine
    controlled 1,376": a verb of holding or taking after it says the figure is the peak."""
    reach = 2
    if tok.low(j) == "point":
        if tok.low(j - 1) != "one" or tok.low(j - 2) != "at":
            return False
        reach = 4
    return not _number_between(tok, j + 1, first - 1) and any(
        tok.low(j + n) in _ONCE_VERBS for n in range(1, reach + 1)
    )


def _part_of(tok: Tokens, first: int, start: int) -> str | None:
    """ "most of the 1,300 sq km", "over 40% of the 1,376": the figure is a whole, and the
    sentence speaks of a part of it."""
    for k in range(first - 1, max(start, first - 5) - 1, -1):
        w = tok.low(k)
        if w == "of":
            p = tok.low(k - 1)
            return p if p in _PARTS else None
        if tok.is_number(k) or w in (",", ";", "."):
            return None
    return None
