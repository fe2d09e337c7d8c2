"""Sibling measures (issue #26): a verdict only when the measure is unambiguous.

Each ledger measure has siblings: measures of the same unit and topic that a careless reading
confuses with it. Areas: held now, held at the peak, retaken by Russia. Troops: in Kursk,
redeployed to Kursk, planned for Kursk, sent against the Ukrainian foothold, a part of a
force, more troops yet to come; and for every count of people, the ally's side (Russian,
North Korean, or both together). Every sibling has cue words. When the words that decide a
figure's reading (its own clause, and the words that carried its unit or outcome from
elsewhere) also hold a cue of a sibling, or name the ally of the side read, the figure gets no
verdict and its ``why`` names both readings ("could be peak area or area held now").

A cue belongs to a figure only when no other number stands between them: in "holds 350 sq km,
a fraction of the 1,300 it held at the peak" the peak is the 1,300's.

This one rule replaces case-by-case limiters: it does not ask which reading is right, only
whether the text leaves a second one open.
"""

from __future__ import annotations

from kursk_data.extract.measures import words_in
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import (
    FOOTHOLD_TARGETS,
    FOOTHOLD_WORDS,
    INCREMENT_WORDS,
    KOREA_WORDS,
    PEAK_WORDS,
    RETAKE_BEFORE_BACK,
    RETAKE_WORDS,
    SIDES,
    word_set,
)

# What ends a clause: the words around a figure past one of these decide nothing of it.
CLAUSE_BREAKS = frozenset(
    {",", ";", "(", ")", "—", "–", ":", "while", "whereas", "but", "which", "where", "although"}
)

_PEAK = PEAK_WORDS | word_set("once initially originally largest")
_NOW = word_set(
    "now currently still today remaining remain remains left shrunk shrank shrinking "
    "dwindled dwindling reduced clinging cling clings"
)
_RETAKE = RETAKE_WORDS | word_set("retake retaking regain regaining reclaim reclaiming")
_GAINED = word_set("seized captured took taken gained occupied")
_REDEPLOYED = word_set(
    "redeployed redeploy redeploying redeployment transferred transfer transferring pulled "
    "pulling diverted diverting shifted shifting relocated relocating withdrawn withdrew"
)
_PLANNED = word_set(
    "plan plans planned planning intends intend intended intending aim aims aiming aimed "
    "seeking seeks seek attempting attempts attempt expected expect expects soon wants want "
    "goal target"
)
# A modal is a plan only before a verb of sending ("could send another 5,000"); "may be in
# Russia", "may exceed 10,000" doubt the count, not its kind.
_MODALS = word_set("will would could may might")
_SENDING = word_set(
    "send sent deploy deployed bring brought dispatch dispatched transfer transferred reach "
    "rise grow increase"
)
_FOOTHOLD = FOOTHOLD_WORDS | word_set(
    "dislodge dislodging oust ousting eject ejecting expel expelling counteroffensive "
    "counterattacks offensive onslaught assault fight facing against repel "
    "repelling retake retaking regain regaining reclaim reclaiming recapture liberate"
)
_IN_KURSK = word_set("stationed concentrated massed present already grouping currently")
_SUBGROUP = word_set(
    "conscripts marines paratroopers officers reservists mercenaries recruits volunteers "
    "generals commanders contract"
)
_COPULA = word_set("are were is was")
# Module constants only: Tokens.positions caches by the vocabulary's identity.
_POINT = frozenset({"point"})
_DOWN = frozenset({"down"})
_BACK = frozenset({"back"})
_MOVED = word_set("moved moving brought")
_PUSH = word_set("push pushing drive driving")
_KURSK = word_set("kursk region")
_SIDE_WORDS = frozenset(SIDES) | frozenset(KOREA_WORDS) | frozenset({"dprk", "pyongyang"})
_ALLIES = {"russian": "north_korean", "north_korean": "russian"}
_NAMES = {
    "area_held": "area held now",
    "peak_area_held": "peak area",
    "area_retaken": "area retaken",
    "deployed": "troops in Kursk",
    "redeployed": "troops redeployed",
    "planned": "troops planned",
    "against_foothold": "troops against the foothold",
    "more": "more troops yet to come",
    "part": "a part of the force",
}
_HELPING = word_set("for help helping support supporting alongside backing aid aiding assist")
_FORCE_NOUNS = word_set(
    "troops forces force soldiers army units unit military servicemen fighters personnel men "
    "contingent grouping"
)
_SIDE_NAMES = {"russian": "Russian", "north_korean": "North Korean"}


def clause(tok: Tokens, first: int, last: int, start: int, end: int) -> tuple[int, int]:
    """The clause of the figure at ``[first, last]`` within its sentence ``[start, end]``."""
    before = words_in(tok, start, first - 1, CLAUSE_BREAKS)
    after = words_in(tok, last + 1, end, CLAUSE_BREAKS)
    # A unit pair's bracket "(386 sq miles)" belongs to the figure: skip past it.
    if after and tok.low(after[0]) == "(":
        close = [j for j in after if tok.low(j) == ")"]
        after = [j for j in after if close and j > close[0]]
    lo = before[-1] + 1 if before else start
    if len(before) == 1 and before[0] - start <= 4:
        lo = start  # "At one point, Ukraine controlled ...": a short opener is the clause's
    return (lo, after[0] - 1 if after else end)


def _owned(tok: Tokens, j: int, first: int, last: int) -> bool:
    """Does the cue at ``j`` belong to the figure: no other number between them, and none
    nearer on its other side ("held 380 sq km while Russia had won back 900": the 900's)?"""
    a, b = (j + 1, first - 1) if j < first else (last + 1, j - 1)
    if any(tok.is_number(k) for k in range(a, b + 1)):
        return False
    gap = b - a + 1
    step = -1 if j < first else 1
    return not any(
        tok.is_number(k) and tok.low(k) != "one"  # "at one point" is no figure
        for k in (j + step * n for n in range(1, gap + 1))
    )


def _cues(tok: Tokens, spans: list[tuple[int, int]], first: int, last: int, words: frozenset[str]):
    return [j for a, b in spans for j in words_in(tok, a, b, words) if _owned(tok, j, first, last)]


def _area_kinds(tok: Tokens, spans: list[tuple[int, int]], first: int, last: int) -> set[str]:
    kinds = set()
    peak = [
        j
        for j in _cues(tok, spans, first, last, _PEAK)
        if tok.low(j + 1) == "of" or not {tok.low(j - n) for n in (1, 2, 3)} & {"from", "since"}
    ]  # "down from its peak", "since its peak": a point of reference, not this figure
    if peak or any(
        tok.low(j - 1) == "one" and tok.low(j - 2) == "at"
        for j in _cues(tok, spans, first, last, _POINT)
    ):
        kinds.add("peak_area_held")
    if _cues(tok, spans, first, last, _NOW) or any(
        tok.low(j + 1) == "to" for j in _cues(tok, spans, first, last, _DOWN)
    ):
        kinds.add("area_held")
    back = _cues(tok, spans, first, last, _BACK)
    if _cues(tok, spans, first, last, _RETAKE) or any(
        tok.low(j - 1) in RETAKE_BEFORE_BACK or tok.low(j - 2) in RETAKE_BEFORE_BACK for j in back
    ):
        kinds.add("area_retaken")
    return kinds


def _stock_kinds(
    tok: Tokens, spans: list[tuple[int, int]], first: int, last: int, who: str
) -> set[str]:
    kinds = set()
    if _cues(tok, spans, first, last, _PLANNED) or any(
        any(tok.low(j + n) in _SENDING for n in (1, 2, 3))
        for j in _cues(tok, spans, first, last, _MODALS)
    ):
        kinds.add("planned")
    if any(
        first - 2 <= j <= first - 1 or last < j <= last + 2
        for j in _cues(tok, spans, first, last, INCREMENT_WORDS)
    ):
        kinds.add("more")  # "a further 3,000 troops", "another 5,000 to 6,000"
    if who == "russian":
        moved = _cues(tok, spans, first, last, _MOVED)
        if _cues(tok, spans, first, last, _REDEPLOYED) or any(
            any(tok.low(j + n) == "from" for n in range(1, 8)) for j in moved
        ):
            kinds.add("redeployed")
        if _cues(tok, spans, first, last, _FOOTHOLD) or any(
            tok.low(j + 1) == "back" for j in _cues(tok, spans, first, last, _PUSH)
        ):
            kinds.add("against_foothold")
        in_kursk = _cues(tok, spans, first, last, _IN_KURSK) or any(
            (tok.low(j - 1) in ("in", "inside") or tok.low(j - 2) in ("in", "inside"))
            and not any(tok.low(j - n) in FOOTHOLD_TARGETS for n in (1, 2, 3))
            for j in _cues(tok, spans, first, last, _KURSK)
        )  # "against the Ukrainian foothold in Kursk" places the foothold, not the troops
        if in_kursk:
            kinds.add("deployed")
    return kinds


def _part(tok: Tokens, first: int, last: int, noun: int | None, start: int) -> bool:
    """ "about 2,000 were conscripts", "Of the Russian dead in Kursk, about 2,000 ...": the
    figure is a part of a group named around it, not the group."""
    k = (noun if noun is not None else last) + 1
    if tok.low(k) in _COPULA and (tok.low(k + 1) in _SUBGROUP or tok.low(k + 2) in _SUBGROUP):
        return True
    return (
        noun is None
        and tok.low(start) == "of"
        and tok.low(start + 1) in ("the", "those", "these")
        and not any(tok.is_number(j) for j in range(start, first))
    )


def _ally_named(tok: Tokens, spans: list[tuple[int, int]], first: int, last: int, who: str) -> bool:
    """Is the ally of ``who`` named as a party (not a place: "to Russia", "Russia's Kursk
    region") among the words that decide the reading?"""
    ally = _ALLIES.get(who)
    if ally is None:
        return False
    for j in _cues(tok, spans, first, last, _SIDE_WORDS):
        w = tok.low(j)
        side = "north_korean" if w in ("dprk", "pyongyang") else SIDES.get(w)
        if w in KOREA_WORDS:
            side = "north_korean" if tok.low(j - 1) == "north" else None
        if side != ally:
            continue
        k = j - 1 if tok.low(j - 1) != "north" else j - 2
        if tok.low(k) in _HELPING:
            continue  # "fighting alongside Russian forces", "to support Russian troops"
        # A party of troops: a force noun follows within a few words ("Russian and North
        # Korean force", "Russia's troops"); "to Russia", "the Russian war" are no party.
        for n in range(1, 6):
            w = tok.low(j + n)
            if w in _FORCE_NOUNS:
                return True
            if w in CLAUSE_BREAKS or tok.is_number(j + n):
                break
    return False


def sibling_doubt(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    who: str | None,
    what: str | None,
    *,
    noun: int | None = None,
    own_side: bool = True,
    carried: list[tuple[int, int]] | None = None,
) -> str | None:
    """Why the reading ``(who, what)`` of the figure at ``[first, last]`` is not the only one
    its words allow, naming both readings, or None when it is unambiguous. ``own_side`` says
    the side was read from the figure's own words ("11,000 North Korean troops");
    ``carried`` are further spans whose words carried its unit, side or outcome."""
    spans = [clause(tok, first, last, start, end), *(carried or [])]
    if what in ("area_held", "peak_area_held", "area_retaken"):
        own = _area_kinds(tok, spans, first, last)
        others = own - {what}
        if what not in own:
            # Its kind was read from another clause ("801 sq km ..., which was originally
            # occupied ..., has now been reclaimed"): any kind the sentence names is open.
            others |= _area_kinds(tok, [(start, end)], first, last) - {what}
        if what == "area_retaken":
            others.discard("area_held")  # "Russia has now retaken 800 sq km": a total so far
        if others:
            return f"could be {_NAMES[min(others)]} or {_NAMES[what]}"
        # "In the first weeks Ukraine seized 1,000 sq km, but it now holds less": ground taken
        # then, set against what is held now, is the peak or the area held then.
        if (
            what == "area_held"
            and "area_held" not in own
            and _cues(tok, spans, first, last, _GAINED)
            and "area_held" in _area_kinds(tok, [(start, end)], first, last)
        ):
            return f"could be {_NAMES['peak_area_held']} or area held then"
        return None
    if who is None:
        return None
    if not own_side and _ally_named(tok, spans, first, last, who):
        both = f"{_SIDE_NAMES[who]} and {_SIDE_NAMES[_ALLIES[who]]}"
        return f"could be {_SIDE_NAMES[who]} or {both} troops: the ally is named beside it"
    if what in ("deployed", "redeployed", "planned", "against_foothold"):
        if _part(tok, first, last, noun, start):
            return f"could be {_NAMES['part']} or {_NAMES[what]}"
        others = _stock_kinds(tok, spans, first, last, who) - {what}
        if what == "planned":
            others.discard("more")
        if others:
            return f"could be {_NAMES[min(others)]} or {_NAMES[what]}"
        return None
    if _part(tok, first, last, noun, start):
        return "could be a part of the count or the whole count"
    return None
