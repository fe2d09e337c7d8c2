"""What a figure counts: who (Russian, Ukrainian, North Korean) and what (troops deployed,
killed, wounded, killed and wounded, captured, area held), named as the ledger names measures.

Read from the figure's sentence, nearest words first, in this order of trust:

1. the words between the number and its noun ("300 North Korean soldiers"), or right after it
   ("troops from North Korea", "soldiers sent by Pyongyang");
2. a side named right before a counted noun ("Russian losses", "North Korea's dead", "the
   Ukrainian force") anywhere earlier in the sentence;
3. the subject of the verb right before the figure: the counted side for "lost", "had",
   "sent", "deployed", "gathered" ("Russia lost 600 troops"); the other side for "killed" and
   "captured" ("Russian forces killed 40" counts Ukrainians; "Ukraine captured 700" names no
   side, since Russians and North Koreans were both captured); anything else ("the unit lost")
   leaves the side unknown;
4. the nearest side named in the sentence, unless it only says who spoke ("Kyiv said"), where
   ("inside Russia", "Russia's Kursk region") or by whom ("held by Ukraine").

What is counted comes from the figure's own noun (losses, dead, wounded, prisoners), the words
after it ("were reported wounded", "had been captured", "taken prisoner"), the verb before it
("killed 300", "capturing 594", "lost 26,000"), or for a figure without a noun the nearest such
word earlier in the sentence ("wounded 2,700 more"); "killed and wounded", "casualties" and
"losses" count both. Without any of these a figure of people counts troops deployed. When the
side stays unknown, ``measure`` is empty: the checker says so rather than guess.

This module reads the sentence (its bounds, sides, outcomes, the verb before a figure);
:func:`kursk_data.extract.counts.infer` turns that into the reading, or says why it abstains.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import (
    AGENT_VERBS,
    AREA_NOUNS,
    AREA_VERBS,
    AUX_WORDS,
    BOTH,
    CAPTURED,
    FOOTHOLD_TARGETS,
    FOOTHOLD_WORDS,
    FORCE_NOUNS,
    FORWARD_SKIP,
    HIGH,
    JOIN_WORDS,
    KILLED,
    KOREA_WORDS,
    LOSS_KIND,
    MISSING,
    ORG_WORDS,
    OUTCOME_NOUNS,
    PEAK_WORDS,
    PEOPLE_CUES,
    PEOPLE_NOUNS,
    PLACE_AFTER,
    PLACE_BEFORE,
    REDEPLOY_AFTER,
    RETAKE_WORDS,
    SIDES,
    SPEECH_VERBS,
    SUBJECT_VERBS,
    VERB_QUALIFIERS,
    WOUNDED,
    word_set,
)

MEASURE_NAMES = {
    ("russian", "deployed"): "russian_troops_in_kursk",
    ("ukrainian", "deployed"): "ukrainian_troops_in_kursk",
    ("north_korean", "deployed"): "north_korean_troops_deployed",
    ("russian_and_north_korean", "deployed"): "russian_and_north_korean_troops_in_kursk",
    ("russian", "redeployed"): "russian_troops_redeployed_to_kursk",
    ("russian", "planned"): "russian_troops_planned_for_kursk",
    ("north_korean", "planned"): "north_korean_troops_planned_additional",
    ("russian", "against_foothold"): "russian_troops_against_ukrainian_foothold",
}
# What is counted, in words, for the report.
WHAT_WORDS = {
    "deployed": "troops deployed",
    "redeployed": "troops redeployed",
    "planned": "troops planned",
    "against_foothold": "troops against the foothold",
    "killed": "killed",
    "wounded": "wounded",
    "killed_and_wounded": "killed and wounded",
    "captured": "captured",
    "area_held": "area held",
    "peak_area_held": "peak area held",
    "area_retaken": "area retaken",
}


@dataclass
class Reading:
    """Who and what one figure counts, and the ledger measure name (None when unknown, with
    ``why`` saying what the text leaves unsaid)."""

    who: str | None
    what: str | None
    measure: str | None
    why: str | None = None


def measure_name(who: str | None, what: str | None) -> str | None:
    """The ledger's name for ``(who, what)``: ``("russian", "killed")`` ->
    ``"russian_troops_killed"``; None when either is unknown."""
    if what == "area_held":
        return "area_held_by_ukraine"
    if what == "peak_area_held":
        return "peak_area_held_by_ukraine"
    if what == "area_retaken":
        return "area_retaken_by_russia"
    if who is None or what is None:
        return None
    if (who, what) in MEASURE_NAMES:
        return MEASURE_NAMES[(who, what)]
    if "_and_" in who and what != "deployed":
        return None  # "200 Russian and North Korean soldiers killed": the ledger keeps them apart
    if what in ("redeployed", "planned", "against_foothold"):
        return MEASURE_NAMES.get((who, "deployed"))
    return f"{who}_troops_{what}"


def is_boundary(tok: Tokens, j: int) -> bool:
    """Does token ``j`` end a sentence ("." before a capital, "!", "?", ";", ":")?"""
    w = tok.words[j]
    if w in ("!", "?", ";", ":"):
        return True
    if w != ".":
        return False
    prev = tok.low(j - 1)
    if prev in _ABBREVIATIONS:
        return False
    if len(prev) == 1 and prev.isalpha() and tok.glued(j):
        return False  # initials: "U.S."
    nxt = tok.words[j + 1] if j + 1 < len(tok) else ""
    return not (nxt[:1].islower())


_STOPS = frozenset({".", "!", "?", ";", ":"})
# Words a "." abbreviates, so it ends no sentence ("as of Aug. 13, ...", "Gen. Syrskyi").
_ABBREVIATIONS = word_set(
    "sq approx c no gen lt col maj sgt vs mr st adm est "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
SENTENCE_LIMIT = 40  # tokens: how far back or on a sentence is read


def _stops(tok: Tokens) -> list[int]:
    """Sorted indices of tokens after which a sentence may end (built once per text)."""
    if "stops" not in tok.cache:
        found = set(tok.positions(_STOPS))
        found.update(j - 1 for j in tok.paragraph_before if j > 0)
        tok.cache["stops"] = sorted(found)
    return tok.cache["stops"]


def _ends_sentence(tok: Tokens, j: int) -> bool:
    return (j + 1) in tok.paragraph_before or is_boundary(tok, j)


def sentence_start(tok: Tokens, i: int, limit: int = SENTENCE_LIMIT) -> int:
    """First token of the sentence holding token ``i`` (at most ``limit`` tokens back)."""
    stops = _stops(tok)
    floor = max(i - limit, 0)
    n = bisect_left(stops, i) - 1
    while n >= 0 and stops[n] >= floor:
        if _ends_sentence(tok, stops[n]):
            return stops[n] + 1
        n -= 1
    return floor


def sentence_end(tok: Tokens, i: int, limit: int = SENTENCE_LIMIT) -> int:
    """Last token of the sentence holding token ``i`` (at most ``limit`` tokens on)."""
    stops = _stops(tok)
    ceiling = min(i + limit, len(tok) - 1)
    n = bisect_left(stops, i)
    while n < len(stops) and stops[n] <= ceiling:
        if _ends_sentence(tok, stops[n]):
            return stops[n]
        n += 1
    return ceiling


def side_at(tok: Tokens, j: int) -> tuple[str | None, int] | None:
    """A side named at token ``j`` (read backwards): ``(side or None for South Korea, first
    token)``; None when token ``j`` names no country."""
    w = tok.low(j)
    if w in ("'", "’"):
        return None
    if w == "s" and tok.low(j - 1) in ("'", "’"):
        return None
    if (
        w == "north"
        and tok.words[j] == "North"
        and tok.low(j - 1) == "the"
        and (tok.low(j + 1) not in KOREA_WORDS)
    ):
        return "north_korean", j - 1  # "the North had sent 10,000 troops"
    if w in KOREA_WORDS:
        before = tok.low(j - 1)
        if before == "north":
            return "north_korean", j - 1
        return None, (j - 1 if before == "south" else j)
    side = SIDES.get(w)
    return (side, j) if side else None


def after_side(tok: Tokens, j: int) -> int:
    """The token after a side name ending at ``j``, past a possessive "'s"."""
    k = j + 1
    if tok.low(k) in ("'", "’") and tok.low(k + 1) == "s":
        k += 2
    return k


def outcome_at(tok: Tokens, j: int) -> str | None:
    """What token ``j`` says happened to the people counted."""
    w = tok.low(j)
    if w in BOTH and tok.low(j - 1) in LOSS_KIND:
        return LOSS_KIND[tok.low(j - 1)]  # "medical casualties", "irretrievable losses"
    if w in MISSING:
        return "missing"
    if w in KILLED:
        return "killed"
    if w in WOUNDED:
        return "wounded"
    if w in BOTH:
        return "killed_and_wounded"
    if w in CAPTURED:
        return "captured"
    if w in ("gave", "give", "given", "giving") and tok.low(j + 1) in _SELF:
        return "captured"  # "one serviceman gave himself up"
    if w in ("taken", "took"):
        k = j + 2 if tok.low(j + 1) in ("as", "into") else j + 1
        if tok.low(k) in ("prisoner", "prisoners", "captive", "captives", "captivity"):
            return "captured"
    return None


_SELF = frozenset({"himself", "themselves", "herself", "up"})


def _combine(a: str | None, b: str | None) -> str | None:
    if a is None or b is None or a == b:
        return a or b
    if {a, b} <= {"killed", "wounded", "killed_and_wounded"}:
        return "killed_and_wounded"
    return "mixed"  # "killed, injured or captured": no ledger measure counts that


def _join_after(tok: Tokens, k: int) -> int:
    """Tokens taken by the joint after ``k``: "and", "or", ",", ", and", ", or" (0: none)."""
    if tok.low(k + 1) in JOIN_WORDS:
        return 2 if tok.low(k + 1) == "," and tok.low(k + 2) in ("and", "or") else 1
    return 0


def outcome_run_forward(tok: Tokens, j: int, stop: int) -> tuple[str | None, int]:
    """Outcome words from ``j`` joined by "and"/"or": "killed or wounded" -> both."""
    what = outcome_at(tok, j)
    k = j
    while (n := _join_after(tok, k)) and k + n + 1 <= stop and outcome_at(tok, k + n + 1):
        what = _combine(what, outcome_at(tok, k + n + 1))
        k += n + 1
    return what, k


def _outcome_run_backward(tok: Tokens, j: int, stop: int) -> tuple[str | None, int]:
    """Outcome words ending at ``j`` joined by "and"/"or", read backwards; (what, first)."""
    what = outcome_at(tok, j)
    k = j
    while k - 2 >= stop and tok.low(k - 1) in JOIN_WORDS:
        n = 2 if tok.low(k - 1) in ("and", "or") and tok.low(k - 2) == "," else 1
        if k - n - 1 < stop or not outcome_at(tok, k - n - 1):
            break
        what = _combine(what, outcome_at(tok, k - n - 1))
        k -= n + 1
    return what, k


def _is_counted_noun(tok: Tokens, k: int) -> bool:
    w = tok.low(k)
    return (
        w in PEOPLE_NOUNS
        or w in OUTCOME_NOUNS
        or w in FORCE_NOUNS
        or outcome_at(tok, k) is not None
    )


def _excluded_side(tok: Tokens, first: int, last: int) -> bool:
    """A side that only says who spoke, where, or by whom."""
    if tok.low(last + 1) == "side" and tok.low(first - 1) == "the":
        return False  # "captives from the Russian side": a party
    if tok.low(first - 1) == "of" and _is_counted_noun(tok, first - 2):
        return False  # "losses of Russia": whose losses
    after = after_side(tok, last)
    if tok.low(after) in SPEECH_VERBS:
        return True
    if tok.low(after) in PLACE_AFTER and after > last + 1:
        return True  # "Russia's Kursk region"
    if tok.low(last + 1) in PLACE_AFTER:
        return True
    return tok.low(first - 1) in PLACE_BEFORE


@dataclass
class Context:
    """What the words around one figure say (see :func:`read_context`)."""

    people: bool  # a word for troops or their fate stands in the sentence
    area: bool  # the nearest cue is an area word ("territory", "held")
    what_back: str | None  # nearest outcome word before the figure
    what_back_at: int | None  # its token (the verdict gate: is it another figure's?)
    attached_side: str | None  # side right before a counted noun ("Russian losses")
    nearest_side: str | None  # nearest side named before, not excluded
    nearest_side_at: int | None  # its token (the verdict gate: is it in the figure's clause?)
    subject: str | None  # "blocked", or the side the verb before the figure implies
    verb_what: str | None  # outcome of the verb right before the figure ("capturing 594")
    redeployed: bool
    planned: bool
    foothold: bool
    peak: bool
    retaken: bool


def _subject_of(tok: Tokens, v: int, start: int) -> str:
    """The side the verb at ``v`` implies for the figure after it, or "blocked" when its
    subject names no side ("the unit lost four men", "its units had captured 717")."""
    k = v - 1
    while k >= start and tok.low(k) in AUX_WORDS:
        k -= 1
    if k < start:
        return "blocked"
    side = side_at(tok, k)
    if side is None and _is_counted_noun(tok, k):
        # "Russian forces killed 40", "Russia's troops lost 600": the side before the noun.
        j = k - 1
        while j > start and tok.low(j) in ORG_WORDS:
            j -= 1  # "the Ukrainian armed forces", "Ukrainian Defense Forces"
        if tok.low(j) == "s" and tok.low(j - 1) in ("'", "’"):
            j -= 2
        side = side_at(tok, j) if j >= start else None
    if side is None or side[0] is None:
        return "blocked"
    if tok.low(v) in AGENT_VERBS:
        # "Russian forces killed 40": the figure counts Ukrainians. Ukraine's captives were
        # Russian and North Korean, so Ukraine as the subject names no side.
        return "ukrainian" if side[0] in ("russian", "north_korean") else "blocked"
    return side[0]


_OUTCOME, _PEOPLE, _AREA, _SIDE = 1, 2, 4, 8
# Each cue word's kinds, as bits: one dictionary lookup per word read.
_KINDS: dict[str, int] = {}
for _words, _bit in (
    (KILLED | WOUNDED | BOTH | CAPTURED | MISSING | {"taken", "took"}, _OUTCOME),
    (PEOPLE_CUES, _PEOPLE),
    (AREA_NOUNS | AREA_VERBS, _AREA),
    (frozenset(SIDES) | frozenset(KOREA_WORDS), _SIDE),
):
    for _w in _words:
        _KINDS[_w] = _KINDS.get(_w, 0) | _bit
MAIN_CUES = frozenset(_KINDS)
MAX_CUES_READ = 12  # cue words read back from a figure, nearest first
_REDEPLOYED = frozenset({"redeployed", "transferred"})
# Verbs of moving troops that, with "from" a place other than Kursk after them, say the troops
# were redeployed ("fifteen-thousand troops had been pulled in from the south").
_MOVED_FROM = frozenset({"pulled", "moved", "shifted", "diverted", "drawn", "relocated"})


def _moved_in_from(tok: Tokens, v: int, end: int) -> bool:
    for k in range(v + 1, min(end, v + 3) + 1):
        if tok.low(k) == "from":
            return all(tok.low(k + n) != "kursk" for n in (1, 2, 3))
        if tok.low(k) not in ("in", "out", "back", "away"):
            return False
    return False


_PLANNED = frozenset({"planned", "plans", "planning"})
_FOOTHOLD_STARTS = FOOTHOLD_WORDS | frozenset({"counter", "push", "pushing", "pushed", "against"})


def read_context(tok: Tokens, first: int, last: int, start: int, end: int) -> Context:
    """Read the sentence ``[start, end]`` around a figure spanning tokens ``[first, last]``.

    Only cue words are visited (their positions are indexed once per text), nearest first and
    at most :data:`MAX_CUES_READ` of them, so reading a figure's sentence costs a bounded
    number of steps whatever the text.
    """
    people = False
    what_back = attached = nearest = nearest_cue = None
    what_back_at = nearest_at = None
    lows = tok.lows
    marks = tok.positions(MAIN_CUES)
    lo = max(bisect_left(marks, start), bisect_left(marks, first) - MAX_CUES_READ)
    n = bisect_left(marks, first) - 1
    skip_from = first  # marks inside a side name already read ("North" of "North Korean")
    while n >= lo:
        j = marks[n]
        n -= 1
        if j >= skip_from:
            continue
        kind = _KINDS[lows[j]]
        if kind & _OUTCOME and what_back is None and outcome_at(tok, j):
            what_back, _ = _outcome_run_backward(tok, j, start)
            what_back_at = j
        if kind & _PEOPLE:
            people = True
            nearest_cue = nearest_cue or "people"
        elif kind & _AREA and nearest_cue is None and _area_cue(tok, j):
            nearest_cue = "area"
        if kind & _SIDE and (attached is None or nearest is None):
            side = side_at(tok, j)
            if side is not None:
                s, s_first = side
                k = after_side(tok, j)
                if s and attached is None and _is_counted_noun(tok, k):
                    attached = s
                elif s and nearest is None and not _excluded_side(tok, s_first, j):
                    nearest, nearest_at = s, j
                skip_from = s_first
        if what_back and attached and nearest_cue:
            break  # nothing further back can change the reading
    subject = verb_what = None
    v = first - 1
    # A figure opened by a verb ("killed passed 16,000") has no verb of its own before it.
    verb_led = tok.low(first) in VERB_QUALIFIERS
    if v >= start and not verb_led and (tok.low(v) in SUBJECT_VERBS or tok.low(v) in AGENT_VERBS):
        subject = _subject_of(tok, v, start)
        verb_what = _outcome_run_backward(tok, v, start)[0]  # "killed, injured or captured"
    after = last + 1
    redeployed = (
        any_word(tok, start, first - 1, _REDEPLOYED)
        or any(
            tok.low(j - 1) == "other" and tok.low(j - 2) == "from"
            for j in words_in(tok, after, end, REDEPLOY_AFTER)
        )
        or any(_moved_in_from(tok, v, end) for v in words_in(tok, start, end, _MOVED_FROM))
    )
    planned = (
        any_word(tok, start, first - 1, _PLANNED)
        or any(tok.low(j - 1) in ("would", "will") for j in words_in(tok, after, end, _BE))
        or any(
            tok.low(j - 1) in ("to", "will", "would") for j in words_in(tok, after, end, _FOLLOW)
        )
    )
    return Context(
        people=people,
        area=nearest_cue == "area",
        what_back=what_back,
        what_back_at=what_back_at,
        attached_side=attached,
        nearest_side=nearest,
        nearest_side_at=nearest_at,
        subject=subject,
        verb_what=verb_what,
        redeployed=redeployed,
        planned=planned,
        foothold=any(
            _foothold_at(tok, j) and not (j > last and any_word(tok, last + 1, j - 1, _CLAUSE))
            for j in words_in(tok, start, end, _FOOTHOLD_STARTS)
        ),
        peak=any_word(tok, start, end, PEAK_WORDS) or high_point(tok, start, end),
        retaken=any_word(tok, start, first - 1, RETAKE_WORDS),
    )


_BE = frozenset({"be"})
# A clause after the figure about something else: "to Kursk, the region where Kyiv launched its
# counteroffensive" says nothing of what the troops are for.
_CLAUSE = frozenset({"where", "when", "which", "after", "since"})
_FOLLOW = frozenset({"follow"})


def words_in(tok: Tokens, a: int, b: int, vocabulary: frozenset[str]) -> list[int]:
    """Indices of the tokens of ``vocabulary`` among tokens ``a`` to ``b`` (via the index)."""
    marks = tok.positions(vocabulary)
    return marks[bisect_left(marks, max(a, 0)) : bisect_right(marks, b)]


def high_point(tok: Tokens, a: int, b: int) -> bool:
    """Does "high point" stand among tokens ``a`` to ``b``?"""
    return any(tok.low(j + 1) == "point" for j in words_in(tok, a, b - 1, HIGH))


def _area_cue(tok: Tokens, j: int) -> bool:
    """An area word that names what is counted, not where ("in the region") or by whom
    ("held by Ukraine")."""
    w = tok.low(j)
    if w in AREA_VERBS:
        return tok.low(j + 1) != "by"
    if w not in AREA_NOUNS or w == "region":
        return False  # "the Kursk region" says where, never what is counted
    if tok.low(j + 1) in ("troops", "forces", "operation", "offensive", "assault", "war"):
        return False  # "ground troops", "a ground offensive"
    before = tok.low(j - 2) if tok.low(j - 1) in ("the", "that", "this") else tok.low(j - 1)
    return before not in PLACE_BEFORE


def _foothold_at(tok: Tokens, j: int) -> bool:
    w = tok.low(j)
    if w in FOOTHOLD_WORDS:
        return True
    if w == "against":  # "against the Ukrainian salient"
        return any(tok.low(j + n) in FOOTHOLD_TARGETS for n in (1, 2, 3))
    if w == "counter" and tok.low(j + 1) == "-" and tok.low(j + 2) in ("attack", "offensive"):
        return True
    return w in ("push", "pushing", "pushed") and tok.low(j + 1) in ("back", "-")


def forward_outcome(tok: Tokens, j: int, end: int) -> tuple[str | None, str | None]:
    """Outcome words after a figure: "were reported wounded", "had been captured", "killed or
    wounded"; also a side in "from North Korea" / "sent by Pyongyang". Returns (what, side)."""
    side = None
    k = j
    while k <= end:
        w = tok.low(k)
        if w == "for" and k + 1 <= end:  # "losses of 70,000 troops for the UAF"
            n = k + 2 if tok.low(k + 1) == "the" else k + 1
            s = side_at(tok, n)
            return None, (side or (s[0] if s else None))
        if w in ("from", "by") and k + 1 <= end:
            s = side_at(tok, k + 2) if tok.low(k + 1) == "north" else side_at(tok, k + 1)
            if s and s[0] and (w == "from" or tok.low(k - 1) in ("sent", "deployed")):
                side = side or s[0]
                k = k + (3 if tok.low(k + 1) == "north" else 2)
                continue
            return None, side
        if w in ("sent", "deployed") and tok.low(k + 1) == "by":
            k += 1
            continue
        what = outcome_at(tok, k)
        if what:
            what, _ = outcome_run_forward(tok, k, end)
            return what, side
        if w not in FORWARD_SKIP:
            return None, side
        k += 1
    return None, side


def any_word(tok: Tokens, a: int, b: int, vocabulary: frozenset[str]) -> bool:
    """Is a token of ``vocabulary`` among tokens ``a`` to ``b``?"""
    marks = tok.positions(vocabulary)
    n = bisect_left(marks, max(a, 0))
    return n < len(marks) and marks[n] <= b


def previous_sentence(tok: Tokens, start: int) -> Context | None:
    """The sentence before the one opening at ``start``, read as context, when it is in the
    same paragraph: a reader carries its actor to the next sentence, and no further."""
    if start <= 0 or start in tok.paragraph_before:
        return None
    p_start = sentence_start(tok, start - 1)
    return read_context(tok, start, start - 1, p_start, start - 1)
