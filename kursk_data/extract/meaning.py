"""The meaning of known words (issue #26, helper checker11): doubts the closed vocabulary
cannot see, because every word in them is one the checker reads.

* **a taking is not a holding**: an area governed by a verb of taking ("seized", "captured",
  "took control of", "enabled Kyiv to capture") is the ground taken at that time. By the
  labelling convention that may be the peak or the area held then; only a word of holding now
  (now, currently, still, holds, controls) in the figure's clause makes it the area held;
* **an earlier estimate**: an area in a clause of "prior / previous estimates" is what was held
  before, not now;
* **sent to a place**: Russian troops "deployed / sent / moved ... to Kursk" are a movement as
  much as a force there: the force in Kursk or a redeployment, so no verdict. "deployed in" and
  "stationed in" are presence and keep theirs;
* **a toll needs its place**: a Russian or Ukrainian loss with neither Kursk nor the incursion
  named in its sentence (or the one before, in its paragraph) may be a toll of the whole war
  or another front ("in the area" names no area), as a force already needs its place. The
  operation and its start ("since Aug. 6") name it.
"""

from __future__ import annotations

from kursk_data.extract.measures import sentence_start, words_in
from kursk_data.extract.siblings import clause
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import word_set

# Verbs of taking ground: an event, not a state.
_TAKING = word_set(
    "seized seize seizes seizing captured capture captures capturing took taken take takes "
    "taking gained gain gains gaining won conquered conquer entered secured secure overran "
    "grabbed grab"
)
# Verbs and nouns of holding: the state the ledger's area held is.
_HOLDING = word_set(
    "held hold holds holding controlled control controls controlling occupied occupies occupy "
    "retained retains retain kept keep keeps claimed foothold salient pocket bridgehead "
    "enclave zone grip hands"
)
# Words that put a holding in the present: with one in the figure's clause, a taking verb
# reports what is held now ("has seized and still holds 1,000 sq km").
_NOW = word_set("now currently still presently holds controls retains keeps occupies remains")
# Words that may stand between the governing verb and the area figure.
_LINK = word_set(
    "of the a an its their some about around roughly nearly almost approximately over more "
    "than just only in up to at least over under control square sq km kilometres kilometers "
    "territory land ground area"
)


def _governing(tok: Tokens, first: int, start: int) -> int | None:
    """The nearest verb or noun of taking or holding before the area figure at ``first``,
    with only linking words between, or None."""
    k = first - 1
    while k >= start and first - k <= 8:
        w = tok.low(k)
        if w in _TAKING or w in _HOLDING:
            return k
        if w not in _LINK and not w.endswith("ly"):
            return None
        k -= 1
    return None


def taken_not_held(tok: Tokens, first: int, last: int, start: int, end: int) -> str | None:
    """Why an area read as held by Ukraine is a taking, not a holding, or None."""
    k = _governing(tok, first, start)
    if k is None:
        return None
    w = tok.low(k)
    taking = w in _TAKING or (
        w == "control" and any(tok.low(k - n) in _TAKING for n in (1, 2))
    )  # "took control of", "gained full control over"
    if not taking:
        return None
    a, b = clause(tok, first, last, start, end)
    if words_in(tok, a, b, _NOW):
        return None
    return f"'{w}': ground taken then, the peak or the area held at that time, not held now"


_EARLIER = word_set("prior previous earlier former older")
_ESTIMATES = word_set("estimate estimates figure figures report reports assessment assessments")


def earlier_estimate(tok: Tokens, first: int, start: int) -> str | None:
    """Why an area is an earlier estimate ("down from prior estimates that indicated control
    over nearly 1,400 sq km"), not the area held now, or None."""
    for j in words_in(tok, start, first - 1, _EARLIER):
        if any(tok.low(j + n) in _ESTIMATES for n in (1, 2)):
            return f"'{tok.low(j)} {tok.low(j + 1)}': an earlier estimate, not the area held now"
    return None


# Verbs of sending or moving troops; "to" after them names where they go.
_SENDING = word_set(
    "deployed deploy deploys deploying sent send sends sending dispatched dispatch moved move "
    "moves moving transferred transfer transferring relocated relocating shifted shifting "
    "brought bringing directed diverted rushed"
)
_TO = word_set("to into toward towards")
_DESTINATION = word_set("kursk region oblast province front direction sector area axis there")


def sent_to(
    tok: Tokens, first: int, last: int, start: int, end: int, who: str | None
) -> str | None:
    """Why Russian troops read as the force in Kursk are a movement ("deployed 30,000 troops
    to the Kursk direction"), or None."""
    if who != "russian":
        return None
    a, b = clause(tok, first, last, start, end)
    for v in words_in(tok, a, b, _SENDING):
        for k in range(v + 1, min(b, v + 8) + 1):
            if tok.low(k) == "there" or (
                tok.low(k) in _TO and any(tok.low(k + n) in _DESTINATION for n in (1, 2, 3))
            ):
                return (
                    f"'{tok.low(v)} ... {tok.low(k)}': sent there, a movement as much as a "
                    "force: in Kursk or redeployed"
                )
    return None


# Names of the incursion and its places: a Russian or Ukrainian toll is Kursk's only with one.
# "operation" is the incursion as the lexicon reads it (kursk_data.extract.lexicon.OPERATION).
_KURSK_NAMED = word_set(
    "kursk sudzha korenevo glushkovo incursion foothold salient bridgehead operation"
)
_AUGUST = word_set("aug august")
_START_DAYS = frozenset({"6", "7", "8"})  # the incursion began on 6 August 2024


def _since_start(tok: Tokens, a: int, b: int) -> bool:
    """Does "since August" or "since Aug. 6-8" (the incursion's start) stand in ``a..b``?"""
    for j in words_in(tok, a, b, _SINCE):
        k = j + 1
        if tok.low(k) not in _AUGUST:
            continue
        k += 2 if tok.low(k + 1) == "." else 1
        if not tok.is_number(k) or tok.low(k) in _START_DAYS:
            return True
    return False


_SINCE = frozenset({"since"})
_LOSSES = frozenset({"killed", "wounded", "killed_and_wounded", "captured", "missing"})


def toll_without_place(
    tok: Tokens, start: int, end: int, who: str | None, what: str | None
) -> str | None:
    """Why a Russian or Ukrainian toll names no Kursk place, or None."""
    if what not in _LOSSES or who not in ("russian", "ukrainian"):
        return None
    p = start if start <= 0 or start in tok.paragraph_before else sentence_start(tok, start - 1)
    if words_in(tok, p, end, _KURSK_NAMED) or _since_start(tok, p, end):
        return None
    return "no Kursk place nor the incursion named: could be the whole war or another front"


def meaning_doubt(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    who: str | None,
    what: str | None,
) -> str | None:
    """Why a reading of people made of known words still means something else, or None."""
    if what == "deployed" and (why := sent_to(tok, first, last, start, end, who)):
        return why
    return toll_without_place(tok, start, end, who, what)
