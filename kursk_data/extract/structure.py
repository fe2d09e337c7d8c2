"""Structures that make any verdict unsure (issue #26), checked after the positive pattern.

Every first run on unseen copy found verdicts wrong in the same few structures, each time in new
words. These rules read the structure, not the words of one sentence, and give no verdict:

* **an earlier figure beside the one held now** (areas): a time in the past owned by the figure
  ("last year", "in August", "once", "at one point", "initially"), or a comparison that makes it
  the point of reference ("down from", "compared with", "than", "after having");
* **an increment, not the total** (forces): "risen by about 2,000", "a further 3,000",
  "5,000 more", "another 1,000", "reinforcements of 2,000";
* **a part of another count**: "of which", "of whom", "among them", "including", or a figure
  inside brackets after another count of the same kind ("77,000 (of which 4,000 ...)");
* **another side after the figure in its clause**: "4,000 were DPRK citizens", "2,000 of them
  North Koreans" — the side read before the figure is not the side counted;
* **a Russian force fighting beside the foothold**: "fighting in Kursk" with the foothold named
  or implied in its paragraph may be the force sent against it;
* **a toll of recent fighting** ("in recent fighting", "the latest battles"): a part of the toll.
"""

from __future__ import annotations

from kursk_data.extract.measures import outcome_at, side_at, words_in
from kursk_data.extract.siblings import clause
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import FOOTHOLD_TARGETS, MONTHS, SPEECH_VERBS, word_set

# Words after "last" / "in the" that name a time gone by.
_PERIODS = (
    word_set(
        "year summer autumn fall spring winter month week weekend season days weeks "
        "months offensive incursion"
    )
    | MONTHS
)
# A dated state ("by March", "in June") is the area held then, as the ledger reads it; these
# words make it an earlier figure beside a later one.
_ONCE = word_set("once previously formerly initially originally earlier ago heyday")
_THE = word_set("the its their it")
_MORE_LESS = word_set("more less fewer rather other")
_START = word_set("start outset beginning height peak")
_EXTENT = word_set("extent reach point advance")
_COMPARE = word_set("than compared versus vs against from")
_PART = word_set("which whom them those these whose")
_INCLUDING = word_set("including includes included incl among amongst")
_CHANGE = word_set(
    "risen rose rise rises rising grown grew grow grows increased increase increases "
    "increasing boosted boost expanded expand swelled swell up down fallen fell dropped "
    "climbed climb jumped reduced cut added adding"
)
_MORE = word_set(
    "further additional another extra more new fresh reinforcements reinforcement latest "
    "batch wave rotation"
)
_AREA_WHATS = frozenset({"area_held"})
_LOSSES = frozenset({"killed", "wounded", "killed_and_wounded", "captured"})
_FORCE_WHATS = frozenset({"deployed", "redeployed", "planned", "against_foothold"})


def _owned(tok: Tokens, j: int, first: int, last: int) -> bool:
    """Does the word at ``j`` belong to the figure: no other number between them?"""
    a, b = (j + 1, first - 1) if j < first else (last + 1, j - 1)
    return not any(tok.words[k][:1].isdigit() for k in range(a, b + 1) if 0 <= k < len(tok))


def _spoken(tok: Tokens, j: int, first: int) -> bool:
    """Is a speech verb between the word at ``j`` (before the figure) and the figure?"""
    return j < first and any(tok.low(k) in SPEECH_VERBS for k in range(j + 1, first))


def _past_time(tok: Tokens, first: int, last: int, start: int, end: int) -> str | None:
    """A time gone by that the figure owns, or None."""
    for j in range(start, end + 1):
        if first <= j <= last or not _owned(tok, j, first, last):
            continue
        w, nxt = tok.low(j), tok.low(j + 1)
        if w == "last" and (nxt in _PERIODS or tok.low(j + 2) in _PERIODS):
            if _spoken(tok, j, first):
                continue  # "Last week, the commander said Ukraine held 500": the speech's time
            return f"last {nxt}"
        if w in ("first", "early", "opening", "initial") and nxt in _PERIODS - MONTHS:
            return f"{w} {nxt}"
        if w in _START and tok.low(j - 1) == "the" and tok.low(j - 2) == "at":
            return f"at the {w}"
        if w in _EXTENT and tok.low(j - 1) in ("greatest", "largest", "maximum", "fullest"):
            return f"{tok.low(j - 1)} {w}"
        if w in _ONCE:
            return tok.words[j]
        if w == "point" and tok.low(j - 1) == "one" and tok.low(j - 2) == "at":
            return "at one point"
        if w == "having" and tok.low(j - 1) == "after":
            return "after having"
    return None


def area_time(
    tok: Tokens, first: int, last: int, start: int, end: int, what: str | None
) -> str | None:
    """Why an area read as held now may be an earlier figure (the peak, last year's), or None."""
    if what not in _AREA_WHATS:
        return None
    before = [tok.low(first - n) for n in (1, 2, 3, 4)]
    skip = 1 + next((n for n, w in enumerate(before) if w not in _QUALIFYING), 0)
    than = [n for n in range(1, skip + 1) if tok.low(first - n) == "than"]
    if than and (
        tok.low(first - than[0] - 1) not in _MORE_LESS
        or any(tok.low(first - n) in _THE for n in range(1, than[0]))
    ):  # "smaller than the 1,200", "less than the 1,200 it held": not "less than 1,200"
        return "a comparison (than): could be an earlier area"
    ref = tok.low(first - skip)
    if ref in _COMPARE and not (ref == "from" and _fell_from_to(tok, last)):
        word = tok.words[first - skip]
        return f'"{word}" makes it the point of reference: could be an earlier area'
    if ref == "with" and tok.low(first - skip - 1) in ("compared", "comparison"):
        return "a comparison: could be an earlier area"
    if (when := _past_time(tok, first, last, start, end)) is not None:
        return f'"{when}": could be an earlier area (the peak), not the area held now'
    return None


_QUALIFYING = word_set(
    "the a an some about around roughly nearly almost approximately over more than just only "
    "at least up to its their it"
)


def _fell_from_to(tok: Tokens, last: int) -> bool:
    """ "fell from 1,300 to 90 sq km": the first number of a from-to run is read with the second."""
    for k in range(last + 1, last + 6):
        if tok.low(k) == "to":
            return any(tok.is_number(n) for n in range(k + 1, k + 4))
    return False


def _part(tok: Tokens, first: int, last: int, start: int, end: int, what: str | None) -> str | None:
    """Why a count may be a part of another count ("of which", "including", in brackets)."""
    if what in _LOSSES and any(outcome_at(tok, k) for k in range(first, min(end, last + 4) + 1)):
        return None  # "4,700 casualties, including 600 deaths": the part is a measure of its own
    for n in range(1, 5):
        w = tok.low(first - n)
        if w in _PART and tok.low(first - n - 1) in ("of", "among", "amongst"):
            return f'"{tok.low(first - n - 1)} {w}": a part of another count, not the whole'
        if w in _INCLUDING:
            return f'"{w}": a part of another count, not the whole'
        if w not in _QUALIFYING:
            break  # "including the deployment of 11,000": the event, not a part
    people = what in _FORCE_WHATS or what in _LOSSES  # an area "out of" is read in areas.py
    if people and tok.low(last + 1) == "out" and tok.low(last + 2) == "of":
        return '"out of": a part of the count after it, not the whole'
    if people and any(
        tok.low(first - n) == "out"
        and tok.low(first - n + 1) == "of"
        and tok.is_number(first - n - 1)
        for n in range(2, 6)
    ):
        return '"out of": the whole a part before it is taken from; either may be the measure'
    opened = [j for j in range(start, first) if tok.low(j) == "("]
    if (
        opened
        and not any(tok.low(k) == ")" for k in range(opened[-1], first))
        and any(tok.is_number(k) for k in range(start, opened[-1]))
    ):
        return "in brackets after another count: could be a part of it"
    return None


def _increment(
    tok: Tokens, first: int, last: int, start: int, end: int, who: str | None, what: str | None
) -> str | None:
    """Why a force may be an increment ("a further 3,000", "5,000 more", "grew by 2,000")."""
    if what not in _FORCE_WHATS:
        return None
    if what == "planned" and words_in(tok, start, end, _FUTURE):
        return None  # "an additional 6,000 will follow": the ledger's planned additional
    for n in range(1, 7):
        w = tok.low(first - n)
        if w in _MORE or (w == "by" and tok.low(first - n - 1) in _CHANGE):
            return f'"{tok.words[first - n]}": an increment, not the total'
        if w not in _QUALIFYING and w not in _GROUP:
            break
    number = next((k for k in range(first, last + 1) if tok.is_number(k)), first)
    for k in range(number + 1, min(end, last + 4) + 1):
        if tok.low(k) == "more" and tok.low(k - 1) == "or":
            continue  # "3,000 or more": a qualifier
        if tok.low(k) in ("more", "additional", "extra", "reinforcements", "fresh", "new"):
            return f'"{tok.words[k]}": an increment, not the total'
        if tok.low(k) in (",", ".", ";"):
            break
    return None


def _side_after(tok: Tokens, first: int, last: int, end: int, who: str) -> str | None:
    """Why another side named just after the figure may be the side counted ("4,000 were
    DPRK citizens")."""
    for k in range(last + 1, min(end, last + 5) + 1):
        s = side_at(tok, k)
        if (
            k > last + 1
            and s is not None
            and s[0]
            and s[0] not in who.split("_and_")
            and (tok.low(s[1] - 1) not in _PLACE or tok.low(s[1] - 2) in _PART)
        ):
            return f'"{tok.words[k]}" after the figure: could be another side counted'
        if tok.low(k) not in _COPULA:
            break
    return None


def _people(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    who: str | None,
    what: str | None,
    value: float | None,
) -> str | None:
    """Why a count of Russian people may include the ally, or a "force" is too few to be one."""
    if what in _FORCE_WHATS and value is not None and value < MIN_FORCE:
        return f"{value:g} are too few for a force: could be captured or killed"
    if what in _FORCE_WHATS and words_in(tok, first, min(end, last + 6), _CAPTURE):
        return "a word of capture on the figure: could be prisoners"
    if what in _FORCE_WHATS and (j := _opposed(tok, first, start, end)) is not None:
        return f'"{tok.words[j]}": could be the force the other side faces'
    if (
        who == "russian"
        and what in ("deployed", "redeployed")
        and (j := _against(tok, last, start, end)) is not None
    ):
        return f'"{tok.words[j]}": could be the force against the foothold, not all in Kursk'
    if what in _LOSSES and (j := _short_span(tok, first, last, start, end)) is not None:
        return f'"{tok.words[j]}": a toll of a short span or one action, not the total'
    if what in _LOSSES and (j := _recent(tok, first, last, start, end)) is not None:
        return f'"{tok.words[j]}": a toll of recent fighting, could be a part of the total'
    if who == "russian" and what == "deployed" and _fighting_foothold(tok, first, last, start, end):
        return "could be troops against the foothold or troops in Kursk"
    if who == "russian" and words_in(tok, start, end, _ALLY):
        return "North Korea is named beside it: could be a combined count"
    return None


def _opposed(tok: Tokens, first: int, start: int, end: int) -> int | None:
    """A verb of facing or holding off before the figure in its clause, or None."""
    a, _ = clause(tok, first, first, start, end)
    found = words_in(tok, a, first - 1, _OPPOSE)
    return found[0] if found else None


def _against(tok: Tokens, last: int, start: int, end: int) -> int | None:
    """A word after a Russian force in its clause that aims it at the foothold ("to the fight
    for Kursk", "to oust Ukrainian troops"), or None."""
    _, b = clause(tok, last, last, start, end)
    for j in words_in(tok, last + 1, b, _AIMED):
        if tok.low(j) in ("fight", "battle") and tok.low(j - 1) != "the":
            continue  # "troops fighting in Kursk", "to battle": there, not aimed at one target
        return j
    return None


_AIMED = word_set(
    "fight battle counteroffensive counterattack counterattacks assault "
    "offensive push oust ousting expel expelling dislodge dislodging retake retaking "
    "recapture recapturing repel repelling liberate liberating drive"
)
_OPPOSE = word_set(
    "facing faced face faces fending fend repelling repel repelled "
    "resisting resist outnumbered encircle encircling encircled surround surrounding "
    "surrounded trapped pinning pin pinned confronting confront confronted battling battle "
    "fighting fight fought countering stalling stall"
)


def _short_span(tok: Tokens, first: int, last: int, start: int, end: int) -> int | None:
    """A word that makes a toll one of a day, a rate, or one day's bulletin ("in the past 24
    hours", "a day", "two tanks and three cars"), or None."""
    for j in words_in(tok, start, end, _SPANS):
        before = tok.low(j - 1)
        if _owned(tok, j, first, last) and (
            before in _SHORT_BEFORE
            or (tok.low(j) in ("day", "night", "hours") and before != "the")
            or (before == "24" and tok.low(j) == "hours")
        ):
            return j
    for j in words_in(tok, start, end, _DAILY):
        if _owned(tok, j, first, last):
            return j
    for j in words_in(tok, start, end, _EQUIPMENT):
        if _owned(tok, j, first, last) and any(
            tok.low(j - n) in _FEW_WORDS or tok.low(j - n) in _DIGITS for n in (1, 2, 3)
        ):
            return j  # "two combat armoured vehicles": a day's bulletin of a few actions
    return None


def _recent(tok: Tokens, first: int, last: int, start: int, end: int) -> int | None:
    """ "in recent fighting", "in recent weeks", "in the latest battles": a toll of the
    fighting of late, which may be a part of the whole; the word, or None."""
    for j in words_in(tok, start, end, _RECENT):
        if not _owned(tok, j, first, last):
            continue
        k = j + 1
        if tok.low(j) in ("last", "past") and tok.low(k) == "few":
            k += 1  # "the past few weeks"
        elif tok.low(j) in ("last", "past"):
            continue  # "the past 24 hours", "last year": other rules read those
        if tok.low(k) in _RECENT_SPANS or tok.low(k + 1) in _RECENT_SPANS:
            return j
    return None


_RECENT = word_set("recent latest last past")
_RECENT_SPANS = word_set(
    "fighting battles battle clashes combat days weeks months attacks assaults offensives "
    "operations engagements fights"
)


def _fighting_foothold(tok: Tokens, first: int, last: int, start: int, end: int) -> bool:
    """A Russian force "fighting in Kursk" while its paragraph names or implies the Ukrainian
    foothold (a foothold word, an area figure, ground Ukraine holds): the force may be all in
    Kursk or the one sent against the foothold, which the ledger files apart."""
    _, b = clause(tok, last, last, start, end)
    if not any(_owned(tok, j, first, last) for j in words_in(tok, last + 1, b, _FIGHTING)):
        return False
    a, z = _paragraph(tok, start, end)
    if words_in(tok, a, z, FOOTHOLD_TARGETS) or words_in(tok, a, z, _AREA_WORDS):
        return True
    return any(
        _ukrainian(tok, k) for j in words_in(tok, a, z, _HOLDING) for k in range(j - 4, j + 5)
    )


def _ukrainian(tok: Tokens, k: int) -> bool:
    side = side_at(tok, k) if 0 <= k < len(tok) else None
    return side is not None and side[0] == "ukrainian"


def _paragraph(tok: Tokens, start: int, end: int) -> tuple[int, int]:
    """The first and last token of the paragraph holding the sentence ``[start, end]``, at
    most :data:`PARAGRAPH_REACH` tokens either side (a set lookup a token: linear in the text)."""
    a = start
    while a > 0 and a not in tok.paragraph_before and start - a < PARAGRAPH_REACH:
        a -= 1
    z = end
    while z + 1 < len(tok) and z + 1 not in tok.paragraph_before and z - end < PARAGRAPH_REACH:
        z += 1
    return a, z


PARAGRAPH_REACH = 200
_FIGHTING = word_set("fighting fight fought battling combat engaged")
_AREA_WORDS = word_set("square sq km2 km² mi2 mi² hectares")
_HOLDING = word_set("controlled control controls held holds hold occupied occupy occupies seized")


_SPANS = word_set("day days week hours night weekend")
_SHORT_BEFORE = word_set("single one past last this per a every previous 24 that same")
_DAILY = word_set("daily overnight")
_EQUIPMENT = word_set(
    "tank tanks vehicle vehicles car cars gun guns howitzer howitzers mortar mortars drone "
    "drones launcher launchers pickup pickups trucks truck"
)
_DIGITS = frozenset("23456789")
_FEW_WORDS = word_set("a an one two three four five six seven eight nine")


# Forces in the ledger number thousands; a count below this is an event (a capture, a toll).
MIN_FORCE = 100
_CAPTURE = word_set(
    "detained captured capture arrested caught prisoner prisoners surrendered taken seized"
)
_ALLY = word_set("korea korean koreans dprk pyongyang")
_FUTURE = word_set("will would could may might expected plans plan planned planning set")
# Nouns a force increment may stand in: "a fresh contingent of 2,500", "a second wave of".
_GROUP = word_set("contingent batch wave group grouping force deployment unit units of")


def part_or_increment(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    who: str | None,
    what: str | None,
    value: float | None = None,
) -> str | None:
    """Why a count may be a part of another count or an increment to it, or None."""
    if what in _AREA_WHATS or what == "area_retaken":
        return _part(tok, first, last, start, end, what)
    return (
        _part(tok, first, last, start, end, what)
        or _increment(tok, first, last, start, end, who, what)
        or (who is not None and _side_after(tok, first, last, end, who))
        or _people(tok, first, last, start, end, who, what, value)
        or None
    )


# Words between a figure and a side that say what the figure's people are: "4,000 were DPRK
# citizens", "2,000 of them North Korean".
_PLACE = word_set("in into to from of for on by across inside within near")
_COPULA = word_set("were are was is being mostly mainly all of them whom reportedly said to be")


def _other_place(tok: Tokens, first: int, last: int, start: int, end: int) -> str | None:
    """Another region or front the figure is placed in ("in the Belgorod region", "in Sumy"),
    not one it came from ("pulled from Kharkiv"), or None: the ledger counts Kursk only."""
    a, b = clause(tok, first, last, start, end)
    for j in range(a, b + 1):
        if first <= j <= last or not _owned(tok, j, first, last):
            continue
        w = tok.words[j]
        named = tok.low(j) in _OTHER_PLACES or (
            w[:1].isupper()
            and w.isalpha()
            and tok.low(j) != "kursk"
            and side_at(tok, j) is None
            and tok.low(j) not in _COMPASS
            and tok.low(j + 1) in _REGION_NOUNS
            and j > start
        )
        if named and not any(tok.low(j - n) in _SOURCE for n in (1, 2, 3)):
            return w
    return None


_OTHER_PLACES = word_set(
    "belgorod bryansk sumy kharkiv donetsk donbas luhansk zaporizhzhia kherson pokrovsk "
    "kupiansk toretsk chasiv crimea orel oryol voronezh dnipropetrovsk"
)
_COMPASS = word_set("southern northern western eastern border same")
_REGION_NOUNS = word_set("region oblast district province raion")
_SOURCE = word_set("from off withdrawn pulled redeployed moved transferred shifted")


def _not_asserted(tok: Tokens, first: int, last: int, start: int, end: int) -> int | None:
    """A word that makes the figure a possibility, a hope or a doubt, not a claim ("could
    hold up to 500", "hopes to seize 2,000", "if Russia sends", "ever held"), or None."""
    a, _ = clause(tok, first, last, start, end)
    for j in words_in(tok, max(a, first - 8), first - 1, _MODAL):
        if tok.low(j) in _HEDGES and tok.low(j + 1) in ("be", "have", "number", "total"):
            continue  # "could be as high as 2,000": an estimate's hedge, still a claim
        if _owned(tok, j, first, last):
            return j
    return None


_HEDGES = word_set("could would might may")


_MODAL = word_set(
    "could would might may will shall if unless hope hopes hoped hoping aim aims aiming "
    "seek seeks seeking want wants wanted need needs needed ever doubt doubts doubted "
    "intend intends predicted predict forecast"
)


def _earlier_count(tok: Tokens, first: int) -> bool:
    """Is the figure the earlier count of a change ("up from 11,000", "down from 12,000")?"""
    for n in range(1, 5):
        w = tok.low(first - n)
        if w == "from":
            return not _fell_from_to(tok, first) and (
                tok.low(first - n - 1) in _CHANGE or tok.low(first - n - 2) in _CHANGE
            )
        if w not in _QUALIFYING:
            return False
    return False


def structure_doubt(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    who: str | None,
    what: str | None,
    value: float | None = None,
) -> str | None:
    """Why the structure around a figure makes its reading unsure, or None."""
    if what != "area_retaken" and (place := _other_place(tok, first, last, start, end)):
        return f"placed in {place}: the ledger counts Kursk only"
    if what != "planned" and (j := _not_asserted(tok, first, last, start, end)) is not None:
        return f'"{tok.words[j]}": a possibility or a doubt, not a claim'
    if what in _FORCE_WHATS and _earlier_count(tok, first):
        return "the earlier count of a change, not the count now"
    return area_time(tok, first, last, start, end, what) or part_or_increment(
        tok, first, last, start, end, who, what, value
    )
