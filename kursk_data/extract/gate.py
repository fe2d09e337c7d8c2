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
    BOTH,
    CAPTURED,
    CIVILIAN_WORDS,
    GROUP_NOUNS,
    KILLED,
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
# What ends a clause between a side named apart and the figure.
_CLAUSE_BREAKS = frozenset(
    {",", ";", "(", ")", "—", "–", "while", "whereas", "but", "which", "where", "although"}
)


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
                break
    return None
