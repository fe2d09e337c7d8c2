"""What a figure of people or area counts, and when the text does not say: the reading
(:func:`infer`) built on the sentence as :mod:`kursk_data.extract.measures` reads it.

A ledger verdict is given only when the measure is certain. Otherwise ``measure`` is None and
``why`` says what the text leaves unsaid: no side named (for an area, no side holding or retaking
it), outcomes the ledger keeps apart ("killed, injured or captured"), the missing, the whole war
rather than Kursk, a prisoner exchange, a whole army, troops cut off, a part of a force
("including 500 officers"). A unit or an actor named in the sentence before, in the same
paragraph, carries to the figure; from further back, nothing does.
"""

from __future__ import annotations

from bisect import bisect_left

from kursk_data.extract.areas import owns_peak, read_area
from kursk_data.extract.closed import event_doubt, unread_words, with_aside
from kursk_data.extract.gate import gate
from kursk_data.extract.meaning import meaning_doubt
from kursk_data.extract.measures import (
    PEAK_WORDS,
    Context,
    Reading,
    any_word,
    forward_outcome,
    measure_name,
    outcome_at,
    outcome_run_forward,
    previous_sentence,
    read_context,
    sentence_end,
    sentence_start,
    side_at,
    words_in,
)
from kursk_data.extract.siblings import clause, sibling_doubt
from kursk_data.extract.structure import structure_doubt
from kursk_data.extract.sure import sure
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import (
    ARMY_WORDS,
    AUX_WORDS,
    BODY_NOUNS,
    BOTH,
    CAPTURED,
    CIVILIAN_NOUNS,
    CIVILIAN_WORDS,
    ENCIRCLED_WORDS,
    EXCHANGE_WORDS,
    KILLED,
    KOREA_WORDS,
    MAX_FORCE,
    OUTCOME_NOUNS,
    SIDES,
    SUBSET_WORDS,
    WOUNDED,
    word_set,
)

_WAR = frozenset({"war", "invasion"})
_COST = frozenset({"cost", "costs", "costing"})
_AMONG = frozenset({"among"})  # module constants: positions() caches by identity
_CUT = frozenset({"cut"})
_ENEMY = frozenset({"occupiers", "occupier", "invaders", "invader", "enemy", "enemies"})
_SIDE_WORDS = frozenset(SIDES) | frozenset(KOREA_WORDS)
_TOLL_NOUNS = frozenset({"losses", "loss", "casualties", "deaths", "fatalities", "prisoners"})
_FATES = KILLED | WOUNDED | CAPTURED
_DIED = frozenset({"died", "perished"})  # said only of people, whatever stands before
# Before a fate word, these make it say what happened to people ("have been killed", "who,
# although wounded, survived"), not what someone did ("Ukraine captured 1,000 sq km").
_FATE_BEFORE = frozenset(
    {"been", "were", "was", "are", "is", "be", "being", "although", "though", "while", "got"}
)
_QUOTE_OR_STRONG = frozenset({"-", "strong", '"', "“", "”", "'", "’", "plus"})
# Every word _abstain looks for: a sentence with none of them is read in one look-up.
_ABSTAIN_CUES = (
    EXCHANGE_WORDS
    | ENCIRCLED_WORDS
    | ARMY_WORDS
    | SUBSET_WORDS
    | _WAR
    | _CUT
    | frozenset({"among", "whom", "them", "which"})
)


def _side_between(tok: Tokens, a: int, b: int) -> bool:
    """Is a side named among tokens ``a`` to ``b``?"""
    marks = tok.positions(_SIDE_WORDS)
    n = bisect_left(marks, max(a, 0))
    return n < len(marks) and marks[n] <= b


def _outcome_of(tok: Tokens, first: int, start: int) -> str | None:
    """An outcome noun a few words before "of" and the figure ("losses ... of 55,000"), or
    right before it ("losses exceeding 76,000 troops")."""
    if tok.low(first - 1) in _TOLL_NOUNS:
        return outcome_at(tok, first - 1)  # "losses exceeding 76,000 troops"
    if tok.low(first - 1) != "of":
        return None
    for j in range(first - 2, max(start, first - 8) - 1, -1):
        if tok.low(j) in BOTH or tok.low(j) in OUTCOME_NOUNS or tok.low(j) in CAPTURED:
            return outcome_at(tok, j)
    return None


def _sent_after(tok: Tokens, a: int, b: int) -> bool:
    """Is the figure followed by a verb of sending ("3,000 or more have been additionally
    dispatched"), so an outcome named before it ("4,000 casualties ... and 3,000") is not its?"""
    k = a
    while k <= min(b, a + 5):
        w = tok.low(k)
        if w in _SENT:
            return True
        if w not in AUX_WORDS and w not in _MORE and not w.endswith("ly"):
            return False
        k += 1
    return False


_MORE = frozenset({"more", "or", "so", "others", "other", "additional", "extra"})
_SENT = frozenset({"sent", "deployed", "dispatched", "transferred", "redeployed", "moved"})


def _rate_after(tok: Tokens, last: int, end: int) -> bool:
    """Does "every day", "a day", "per week", "daily" follow the figure closely?"""
    for k in words_in(tok, last + 1, min(end, last + 9), _RATE_WORDS):
        if tok.low(k) == "daily":
            return True
        w = tok.low(k - 1)
        if w in ("every", "each", "per") or (w == "a" and tok.low(k - 2) not in _SPAN_WORDS):
            return True
    return False


_PERIODS = frozenset({"day", "week", "month", "hour"})
_RATE_WORDS = _PERIODS | frozenset({"daily"})
_SPAN_WORDS = frozenset({"in", "within", "over", "during", "for", "than"})


def _fate_later(tok: Tokens, a: int, b: int) -> bool:
    """Is a fate said of people among tokens ``a`` to ``b`` ("have been killed")?"""
    return any(
        tok.low(j) in _DIED or tok.low(j - 1) in _FATE_BEFORE or tok.low(j - 2) in _FATE_BEFORE
        for j in words_in(tok, a, b, _FATES)
    )


def _not_a_count(
    tok: Tokens, first: int, last: int, noun: int | None, start: int, end: int, what: str
) -> str | None:
    """Why a figure of people that reads as a ledger measure is none after all: civilians,
    bodies found, a forecast of a force, or a fate the reading did not reach."""
    w = tok.low(noun) if noun is not None else ""
    if w in BODY_NOUNS or w in CIVILIAN_NOUNS or any_word(tok, first - 3, first - 1, BODY_NOUNS):
        return "civilians or bodies found, not a count of troops"  # "the remains of 150"
    if w in ("people", "russians", "ukrainians") and any_word(tok, start, end, CIVILIAN_WORDS):
        return "civilians, not troops"  # "pushing some 150,000 Russians to evacuate"
    if _rate_after(tok, last, end):
        return "a rate (a day, every week), not a count"  # "losing about 92 soldiers every day"
    if what != "deployed":
        return None
    if noun is not None and any(
        tok.low(k) == "of" and tok.low(k + 1) in ("the", "these", "those")
        for k in range(first, noun)
    ):
        return "a part of a force (of the)"  # "10,000 of the Russian troops there are ..."
    if _fate_later(tok, (noun if noun is not None else last) + 1, end):
        # "100 soldiers fighting for Russia have been killed", "two soldiers who, although
        # wounded, survived": a fate the reading did not reach; a force would be a guess.
        return "a fate is named later in the sentence: what it counts is unclear"
    return None


def _war_scope(tok: Tokens, start: int, end: int) -> bool:
    """Does the sentence speak of the whole war ("since the full-scale invasion", "in the
    war", "across the whole war") rather than of Kursk?"""
    for j in words_in(tok, start, end, _WAR):
        p1, p2 = tok.low(j - 1), tok.low(j - 2)
        if p1 in ("whole", "entire", "scale") or (
            p1 == "the" and p2 in ("in", "since", "throughout", "across")
        ):
            return True
    return False


def _abstain(
    tok: Tokens, first: int, last: int, start: int, end: int, what: str, value: float | None
) -> str | None:
    """Why a figure of people, read as ``what``, is no ledger measure, or None."""
    if what == "mixed":
        return "it adds outcomes the ledger keeps apart (killed, wounded, captured)"
    if what == "missing":
        return "the ledger keeps no count of the missing"
    if not any_word(tok, start, end, _ABSTAIN_CUES) and (value is None or value <= MAX_FORCE):
        return None  # the common case: one look-up
    if _war_scope(tok, start, end):
        return "it counts the whole war, not Kursk"
    if any_word(tok, start, end, EXCHANGE_WORDS):
        return "a prisoner exchange, not a count of captures"
    if what in ("deployed", "redeployed", "planned", "against_foothold"):
        if any_word(tok, start, end, ENCIRCLED_WORDS) or any(
            tok.low(j + 1) == "off" for j in words_in(tok, start, end, _CUT)
        ):
            return "troops cut off, a part of the force"
        if (value is not None and value > MAX_FORCE) or any_word(
            tok, max(first - 3, start), min(last + 2, end), ARMY_WORDS
        ):
            return "a whole army, not a force in Kursk"
        if tok.low(first - 1) in SUBSET_WORDS or (
            tok.low(first - 1) in ("were", "are", "was", "is")
            and any_word(tok, start, first - 1, _AMONG)
        ):
            return "a part of a force (including, among them)"
        if tok.low(first - 1) == "of" and tok.low(first - 2) in ("whom", "them", "which"):
            return "a part of a force (of whom)"
        if tok.low(last + 1) == "of" and tok.low(last + 2) in ("them", "whom", "those"):
            return "a part of a force (of them)"  # "10,000 of them are conscripts"
    return None


_STOCK = frozenset({"deployed", "redeployed", "planned", "against_foothold"})
_INCLUDING = frozenset({"including", "incl"})


def _also_counts(tok: Tokens, a: int, b: int, who: str) -> str | None:
    """Another side named within a few words after "including" right after the figure."""
    for j in words_in(tok, a, min(b, a + 8), _INCLUDING):
        k = j + 1
        while k <= min(b, j + 6) and tok.low(k) not in (",", ";", "(", "—"):
            if (s := side_at(tok, k)) and s[0] and s[0] != who:
                return s[0]
            k += 1
    return None


_MOVED = word_set("redeployed transferred moved pulled relocated shifted withdrew withdrawn")


def infer(
    tok: Tokens,
    *,
    unit: str,
    first: int,
    last: int,
    noun: int | None,
    modifiers: list[int],
    seg_start: int,
    seg_end: int,
    previous: tuple[int, Reading] | None = None,
    context: Context | None = None,
    value: float | None = None,
) -> Reading:
    """Who and what the figure at tokens ``[first, last]`` counts.

    ``noun`` is the index of its people noun (None for an area or a figure without one),
    ``modifiers`` the words between number and noun, ``[seg_start, seg_end]`` the stretch of
    its sentence not taken by the figures before and after it, ``previous`` the last token
    and reading of the figure before it, ``context`` the sentence as already read for it,
    ``value`` the figure (a whole army is no force in Kursk).
    """
    start = sentence_start(tok, first)
    end = sentence_end(tok, last)
    ctx = context or read_context(tok, first, last, start, end)
    a, b = max(seg_start, start), min(seg_end, end)
    if unit == "km2":
        return read_area(tok, first, last, a, b, start, end)

    # A figure after another in its sentence, with no side of its own: "6,662 Russian troops
    # have been killed, 10,446 wounded and 711 captured", "55,000, of whom 22,000 were killed".
    shared_verb = (
        previous is not None
        and previous[1].who
        and previous[0] == first - 3
        and tok.low(first - 2) in ("and", ",")
        and outcome_at(tok, first - 1)
    )  # "[killed 300 North Korean soldiers] and wounded 2,700 more": the same people
    coordinated_with = None
    if (
        previous is not None
        and previous[1].who
        and start <= previous[0] < first
        and not _side_between(tok, previous[0] + 1, first - 1)
    ):
        coordinated_with = previous[1].who

    # Who.
    sides = {s[0] for m in modifiers if (s := side_at(tok, m)) and s[0]}
    if noun is not None and (s := side_at(tok, noun)) and s[0]:
        sides.add(s[0])  # "40 Ukrainians", "captured Russians"
    after_start = (noun if noun is not None else last) + 1
    fwd_what, fwd_side = forward_outcome(tok, after_start, min(end, seg_end))
    prev_ctx = None
    # "occupiers", "invaders", "enemy troops" name the other side of whoever speaks, which
    # the sentence need not say: only a side named on the noun itself counts.
    enemy = (noun is not None and tok.low(noun) in _ENEMY) or any(
        tok.low(m) == "enemy" for m in modifiers
    )
    k = last + 1
    while k < min(end, last + 4) and tok.low(k) in _QUOTE_OR_STRONG:
        k += 1
    enemy = enemy or tok.low(k) in _ENEMY  # "the 50,000-strong enemy group"
    cost = tok.low(first - 2) in _COST and side_at(tok, first - 1)
    side_from: int | None = None  # where a side named apart from the figure stands (the gate)
    # Was the side read from the figure's own words? Then an ally named nearby is no doubt.
    own_side = bool(sides) or bool(cost and cost[0]) or bool(fwd_side) or bool(shared_verb)
    side_src = "own"  # where the side was read from (the positive pattern, sure.py)
    if enemy and not sides:
        who = None
    elif cost and cost[0]:
        who = cost[0]  # "the operation cost Russia 20,000 soldiers"
    elif len(sides) > 1:
        who = "_and_".join(sorted(sides, key=["russian", "ukrainian", "north_korean"].index))
    elif sides:
        who = sides.pop()
    elif fwd_side:
        who, side_src = fwd_side, "after"
        if any_word(tok, start, first - 1, _MOVED) and tok.low(after_start) == "from":
            # "redeployed 30,000 troops from Ukraine to this area": where they came from.
            return Reading(None, None, None, "from names where the troops came from, not whose")
    elif shared_verb:
        who, side_src = coordinated_with, "shared"
    elif ctx.subject == "blocked":
        who = None
    elif ctx.subject:
        who, side_src = ctx.subject, "subject"  # the verb's subject outranks a side further back
    elif coordinated_with is not None:
        who, side_src = coordinated_with, "coordinated"
    elif ctx.attached_side:
        who, side_src = ctx.attached_side, "attached"
    elif ctx.nearest_side:
        who, side_src = ctx.nearest_side, "nearest"
        side_from = ctx.nearest_side_at
    else:
        # The actor of the sentence before, in the same paragraph ("Ukraine gave figures
        # for North Korean units. It said 4,000 had been killed or wounded.").
        prev_ctx = previous_sentence(tok, start)
        p_start = sentence_start(tok, start - 1)
        who, side_src = None, "previous"
        if prev_ctx is not None and prev_ctx.subject != "blocked":
            who = prev_ctx.attached_side or prev_ctx.nearest_side

    # What.
    what_from: int | None = None  # where an outcome read apart from the figure stands
    noun_what = outcome_at(tok, noun) if noun is not None else None
    if noun_what:
        noun_what, _ = outcome_run_forward(tok, noun, end)
    if noun_what:
        what = noun_what
    elif cost and cost[0]:
        what = "killed_and_wounded"
    elif fwd_what:
        what = fwd_what
    elif ctx.verb_what:
        what = ctx.verb_what
    elif noun is None and ctx.what_back and not _sent_after(tok, after_start, min(end, seg_end)):
        what = ctx.what_back
        what_from = ctx.what_back_at
    elif (of_what := _outcome_of(tok, first, start)) is not None:
        what = of_what  # "suffered losses in this direction of more than 55 thousand people"
    elif noun is None and not ctx.people and prev_ctx is not None and prev_ctx.what_back:
        what = prev_ctx.what_back  # "... Ukrainian losses in Kursk. It said they topped 70,000."
    else:
        mods = {tok.low(m) for m in modifiers}
        if (who == "north_korean" and ("additional" in mods or ctx.planned)) or ctx.planned:
            what = "planned"
        elif ctx.redeployed:
            what = "redeployed"
        elif ctx.foothold and who == "russian":
            what = "against_foothold"
        else:
            what = "deployed"
    why = _abstain(tok, first, last, start, end, what, value)
    if (
        why is None
        and what in _STOCK
        and any(
            owns_peak(tok, j, first, last) and not (tok.low(j + 1) == "of" and j + 2 >= first)
            for j in words_in(tok, a, b, PEAK_WORDS)
        )
    ):  # ("a maximum of 15,000" is the qualifier up to)
        why = "the force at its peak, not its size at a date"  # "peaked at about 70,000"
    if why is None:
        why = _not_a_count(tok, first, last, noun, start, min(end, seg_end), what)
    if (
        why is None
        and previous is not None
        and (previous[1].why or "").startswith("a part of a force")
        and previous[0] >= first - 3
        and tok.low(first - 1) in ("and", ",", "or")
    ):
        why = previous[1].why  # "including 500 officers and three generals"
    if why is not None:
        return Reading(who, what, None, why)
    if who and (other := _also_counts(tok, after_start, end, who)):
        # "a force of 50,000 troops, including 10,000 North Korean soldiers", "lost up to
        # 35,000 troops, including soldiers from the DPRK": both sides in one figure.
        who = "_and_".join(sorted({who, other}, key=["russian", "ukrainian", "north_korean"].index))
    measure = measure_name(who, what)
    if measure is None:
        why = "the text names no side" if who is None else "what it counts is unclear"
        if who is not None and "_and_" in who:
            why = "it adds sides the ledger keeps apart"
        return Reading(who, what, None, why)
    # The gate: a reading made, but is it sure enough for a ledger verdict?
    why = gate(
        tok,
        first,
        last,
        start,
        end,
        what,
        side_from,
        what_from,
        previous,
        noun,
        p_start if prev_ctx is not None else None,
        _sent_after(tok, after_start, min(end, seg_end)),
    )
    carried = [clause(tok, j, j, start, end) for j in (what_from, side_from) if j is not None]
    if prev_ctx is not None:
        carried.append((p_start, start - 1))
    if why is None:
        why = sibling_doubt(
            tok, first, last, start, end, who, what, noun=noun, own_side=own_side, carried=carried
        )
    if why is None:
        why = sure(tok, first, last, start, end, who, what, noun, side_src, previous, value)
    if why is None:
        why = structure_doubt(tok, first, last, start, end, who, what, value)
    if why is None:
        why = meaning_doubt(tok, first, last, start, end, who, what)
    if why is None:  # last: one event or an increment, then the closed vocabulary
        own = clause(tok, first, last, start, end)
        why = event_doubt(tok, first, last, start, end, own, what, value) or unread_words(
            tok, [*with_aside(tok, own, end), *carried], first, last, what
        )
    if why is not None:
        return Reading(who, what, None, why)
    return Reading(who, what, measure, why)
