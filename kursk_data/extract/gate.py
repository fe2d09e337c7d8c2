"""The verdict gate (issue #26): when a figure's reading is sure enough for a ledger verdict.

:func:`kursk_data.extract.counts.infer` makes its best reading of who and what a figure
counts; a verdict needs more. The evidence must stand in the figure's own clause and nothing
in its sentence may point to another measure; otherwise the figure keeps its value and
qualifier, gets no measure, and its ``why`` says what was missing. Abstaining costs a missing
verdict; guessing costs a wrong one.
"""

from __future__ import annotations

from kursk_data.extract.measures import Reading, any_word, words_in
from kursk_data.extract.scope import scope_limit
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import (
    AREA_NOUNS,
    AREA_TAKE_VERBS,
    AREA_VERBS,
    BOTH,
    CAPTURED,
    CIVILIAN_WORDS,
    GROUP_NOUNS,
    KILLED,
    PEAK_WORDS,
    RETAKE_WORDS,
    WOUNDED,
    word_set,
)

# Words that say troops were sent to or stand in a place: the only evidence a bare count of
# troops is a force ("12,000 soldiers" alone may be a toll, a contingent elsewhere, a unit).
_PRESENCE = word_set(
    "sent send sends sending dispatched dispatch dispatching deployed deploy deploys deploying "
    "deployment redeployed redeploy transferred transfer transferring moved moving pulled "
    "pulling arrive arrives massed amassed amassing massing concentrated "
    "concentrating stationed arrived arriving gathered gathering relocated relocating shipped "
    "placed committed brought bringing reinforcements face faces facing confronting reclaim "
    "retake recapture contingent grouping group garrison"
)
_PLACE_AFTER = word_set("kursk region oblast province front direction sector there russia area")
_PLACE_PREP = word_set("in into to on at there")
# Cues of another kind of count in the same sentence: then a bare troop figure may be it.
_OTHER_COUNT = (
    KILLED
    | WOUNDED
    | BOTH
    | CAPTURED
    | CIVILIAN_WORDS
    | word_set(
        "prisoner prisoners captive captives captivity evacuated evacuation evacuations people "
        "dead deaths died toll"
    )
)
_FUTURE = word_set("expected expect expects will would shall soon plan plans planned planning")
# What ends a clause between a side named apart and the figure.
_CLAUSE_BREAKS = frozenset(
    {",", ";", "(", ")", "—", "–", "while", "whereas", "but", "which", "where", "although"}
)


# Verbs that say what happened to an area: holding, taking, retaking it.
_AREA_DEEDS = (
    AREA_VERBS
    | AREA_TAKE_VERBS
    | RETAKE_WORDS
    | word_set(
        "secured securing secure seize seizing capturing capture gaining gain conquered "
        "conquering controlling liberate occupying occupy taking take back keep kept keeps "
        "retains retained retain lost losing lose clinging shrunk shrank"
    )
)


_HOLD_KIND = AREA_VERBS | word_set("hands remained remain remains still now currently")
_TAKE_KIND = RETAKE_WORDS | word_set("back recapturing")
_PEAK_KIND = PEAK_WORDS | word_set("once peaked high earlier initially")
# Ground gained: "seized 1,000 sq km in the first weeks" says what was taken then, and is the
# area held only when nothing else in the sentence says what is held.
_GAIN_KIND = (AREA_TAKE_VERBS - AREA_VERBS) | word_set(
    "seize seizing capture capturing gain gaining conquered conquering"
)
_HELD_OWN = _HOLD_KIND | word_set(
    "clinging cling clings clung keep keeps kept retain retains retained shrunk shrank shrinks "
    "earlier ago"
)  # words in a figure's own clause that say it is held ("now clinging to 30 sq mi", "down
# from 1,000 sq km a year earlier": held then)
_KIND_OF = {"area_held": _HELD_OWN, "area_retaken": _TAKE_KIND, "peak_area_held": _PEAK_KIND}


def area_gate(
    tok: Tokens, first: int, last: int, start: int, end: int, what: str | None = None
) -> str | None:
    """When the sentence speaks of more than one kind of area (held now, retaken, held at the
    peak, gained), an area gets a verdict only when the word nearest to it in its own clause
    is of the kind its reading counts ("Ukraine now holds 390 sq km, while Russia has won back
    720 sq km"); "In the first weeks Ukraine seized 1,000 sq km, but it now holds less" gives
    the 1,000 none."""
    kinds = sum(
        any_word(tok, start, end, k) for k in (_HOLD_KIND, _TAKE_KIND, _PEAK_KIND, _GAIN_KIND)
    )
    if kinds < 2:
        return None
    deeds = _AREA_DEEDS | _HOLD_KIND | _TAKE_KIND | _PEAK_KIND
    breaks = words_in(tok, start, first - 1, _CLAUSE_BREAKS)
    lo = breaks[-1] + 1 if breaks else start
    breaks = words_in(tok, last + 1, end, _CLAUSE_BREAKS)
    hi = breaks[0] - 1 if breaks else end
    # Its own clause's words, nearest first, those before it first; a verb outranks an
    # adverb ("700 sq km have now been liberated": liberated, not now).
    own_words = words_in(tok, lo, first - 1, deeds)[::-1] + words_in(tok, last + 1, hi, deeds)
    if not own_words:
        return "the sentence names more than one kind of area, and this one's verb is elsewhere"
    own = next((j for j in own_words if tok.low(j) not in _NOW), own_words[0])
    if _own_kind_fits(tok, tok.low(own), what, start, end):
        return None
    return f"its own word ({tok.low(own)}) is not of the kind read; the sentence names others"


_NOW = word_set("now currently today still")


def _own_kind_fits(tok: Tokens, w: str, what: str | None, start: int, end: int) -> bool:
    """Does the word ``w`` nearest the area in its clause say it is of the kind read?"""
    if what not in _KIND_OF or what == "peak_area_held":
        return True  # the peak is read from a peak word the figure owns (counts._owns_peak)
    if w in _KIND_OF[what]:
        return True
    # Ground gained is the area held, unless the sentence also says what is held now.
    return what == "area_held" and w in _GAIN_KIND and not any_word(tok, start, end, _NOW)


def _counts_people(tok: Tokens, j: int) -> bool:
    """Is the cue at ``j`` about people ("lost 4,000 troops"), not ground ("lost ground")?"""
    nxt = tok.low(j + 1)
    return not (tok.low(j) in BOTH and (nxt in AREA_NOUNS or nxt in _LOST_THINGS))


_LOST_THINGS = word_set("control positions ground momentum")


def _strong_force(tok: Tokens, last: int, noun: int | None) -> bool:
    """Does the figure name a force itself ("a 60,000-strong force", "11,000 troops strong",
    "a contingent of 12,000" is read by the noun)?"""
    if noun is not None and tok.low(noun) in GROUP_NOUNS:
        return True
    k = last + 1
    if tok.low(k) == "-":
        k += 1
    return tok.low(k) == "strong"


def gate(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    what: str | None,
    side_from: int | None,
    what_from: int | None,
    previous: tuple[int, Reading] | None,
    noun: int | None = None,
    evidence_from: int | None = None,
    sent_after: bool = False,
) -> str | None:
    """Why the reading, though made, is not sure enough for a ledger verdict, or None."""
    kind = "stock" if what == "deployed" else "flow"
    if why := scope_limit(tok, first, last, start, end, kind):
        return why  # a day's toll, one place, one action, one unit: a part of the total
    if why := moved_away(tok, start, end, what):
        return why
    if what == "deployed" and not sent_after and not _strong_force(tok, last, noun):
        # "redeployed", "planned" and "against the foothold" were read from their own words;
        # a plain "deployed" is only the reading of a bare count of troops.
        a = evidence_from if evidence_from is not None else start
        present = any_word(tok, a, end, _PRESENCE) or any(
            any(tok.low(j - n) in _PLACE_PREP for n in (0, 1, 2, 3))
            for j in words_in(tok, a, end, _PLACE_AFTER)
        )
        if not present:
            return "no word says the troops were sent or stand there"
        if any(_counts_people(tok, j) for j in words_in(tok, a, end, _OTHER_COUNT)):
            return "the sentence also counts losses, captives or civilians"
        if any_word(tok, a, end, _FUTURE):
            return "troops expected or planned, not said to be there"
    if what_from is not None and previous is not None and what_from <= previous[0] < first:
        return "the outcome word belongs to the figure before"
    if side_from is not None and any_word(tok, side_from + 1, first - 1, _CLAUSE_BREAKS):
        return "the side is named only in another clause"
    return None


_MOVING = word_set(
    "moved moving move moves pulled pulling pull redeployed redeploying redeploy transferred "
    "transferring transfer relocated relocating shifted shifting withdrew withdrawn withdrawing "
    "diverted diverting drawn brought bringing"
)
_KURSK = word_set("kursk")


def moved_away(tok: Tokens, start: int, end: int, what: str | None) -> str | None:
    """Troops said to move: out of Kursk ("from Kursk back to Donetsk", "out of the Kursk
    region") is no count of a force there, and a move from elsewhere ("pulled in from the
    south") is a redeployment, never the size of the force in Kursk."""
    for v in words_in(tok, start, end, _MOVING):
        for k in range(v + 1, min(end, v + 5) + 1):
            if tok.low(k) in ("from", "out"):
                if any(tok.low(k + n) in _KURSK for n in (1, 2, 3)):
                    return "troops moved out of Kursk, not a force there"
                if what == "deployed":
                    return "troops moved from elsewhere: a redeployment, not the force there"
                break
    return None
