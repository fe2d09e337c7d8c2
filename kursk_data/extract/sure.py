"""The positive pattern (issue #26): a ledger verdict only when the text says it plainly.

The gate and the sibling rule name what makes a reading doubtful; on copy never seen, new kinds
of doubt keep turning up. So a verdict also needs a narrow pattern to hold, read from structure:

* **the noun is a whole force or a toll**: troops, soldiers, servicemen, personnel, forces,
  military, or an outcome noun (losses, casualties, dead, wounded, prisoners). A demonym as the
  noun ("320 Russians"), a part ("conscripts", "officers", "mercenaries"), or "people" / "men"
  without an outcome word on the figure itself gets no verdict;
* **the side is the figure's own**: an adjective on its noun ("70,000 Russian troops"), after it
  ("troops from North Korea"), the subject of the verb right before it ("Russia lost 600
  troops"), a figure it is joined to that had a verdict ("..., 10,446 wounded and 711
  captured"), or a side on a counted noun that is the subject of the figure's clause, with only
  linking words between ("Russian losses in the region had reached 38,000"). A side only in the
  speaker ("the Ukrainian colonel said 8,000 soldiers"), in another clause or on another noun
  ("Ukrainian forces ..., retreating under a Russian effort comprising 70,000 troops") is none;
* **a toll is the whole count**: a loss figure next to a count of actions in its sentence or the
  sentence before ("repelled five attacks ... lost up to 25") is the toll of those actions.

Every abstention says which of these failed.
"""

from __future__ import annotations

from kursk_data.extract.measures import (
    Reading,
    after_side,
    outcome_at,
    previous_sentence,
    sentence_start,
    side_at,
    words_in,
)
from kursk_data.extract.siblings import clause
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import (
    AUX_WORDS,
    FUNCTION_WORDS,
    KOREA_WORDS,
    LOSS_KIND,
    MONTHS,
    ORG_WORDS,
    SIDES,
    SPEECH_VERBS,
    SUBJECT_VERBS,
    word_set,
)

# Nouns for a whole body of troops: the only nouns a force or a toll is counted in.
WHOLE_FORCE = word_set(
    "troops troop soldiers soldier servicemen serviceman servicemembers servicepeople "
    "servicewomen personnel forces force military contingent grouping garrison army units "
    "deployment"
)
# "service members": "members" counts only after "service".
_MEMBERS = frozenset({"members"})
# Nouns that count people by their fate: a toll is counted in them.
TOLL_NOUNS = word_set(
    "casualties losses loss dead killed wounded injured deaths fatalities toll prisoners "
    "prisoner pows captives captured"
)
# People in general: a whole count only when a fate is named on the figure itself.
_GENERIC = word_set("people men")
_DEMONYMS = frozenset(w for w in SIDES if w.endswith("s")) | frozenset({"koreans"})
_LOSSES = frozenset({"killed", "wounded", "killed_and_wounded", "captured"})
# Words that may stand between a side on a counted noun and the figure when that noun phrase
# is the subject of the figure's clause: the noun phrase's own words (a place, a period),
# auxiliaries, and the verbs that state a count ("stood at", "had reached", "numbered").
_LINK = (
    AUX_WORDS
    | ORG_WORDS
    | frozenset(LOSS_KIND)
    | WHOLE_FORCE
    | TOLL_NOUNS
    | _GENERIC
    | SUBJECT_VERBS
    | word_set(
        "' ’ s , the a an of in on at to from by among during since so far there here this "
        "kursk region area oblast direction axis operation incursion offensive side total "
        "overall combined own number count tally estimate estimates figure "
        "stood stand stands standing reached reach reaches reaching numbered number numbers "
        "numbering came come comes put puts estimated rose risen grew grown ran run topped "
        "top tops exceeded exceed exceeds passed pass surpassed surpass totalled totaled "
        "totals amounted amount hit climbed climb increased will would could may might can "
        "another other others further suffered suffer suffering sustained incurred and or "
        "soon together more than held shifted relocated pulled fighting soil — – dispatched"
    )
)
# Words of the sentence opening a figure whose side is carried from the sentence before:
# a pronoun or "the number" as subject, and linking words ("It is", "The number is about").
_CARRY_LINK = _LINK | word_set(
    "it they them their he she this that these those another further additional said says say"
)
# A side after these is a place or a party helped, not the side counted: "held by Ukraine",
# "troops in Russia", "fighting for Moscow", "on Russian soil".
_PLACE_OR_PARTY = frozenset({"by", "in", "to", "for", "on"})
_SIDE_WORDS = frozenset(SIDES) | frozenset(KOREA_WORDS) | frozenset({"north"})
# Words that place a force in Kursk or point back to a place named before.
_KURSK = word_set(
    "kursk sudzha korenevo glushkovo incursion foothold salient bridgehead region oblast there "
    "area direction axis sector"
)
# Forces counted in a place: the ledger's are in Kursk ("against the foothold" names it).
_IN_PLACE = frozenset({"deployed", "redeployed", "planned"})
# A count of actions: the toll of these is a part of the total.
_ACTIONS = word_set(
    "attack attacks assault assaults strike strikes raid raids battle battles clash clashes "
    "engagement engagements ambush ambushes skirmish skirmishes sortie sorties"
)
_FEW = word_set(
    "a an one single two three four five six seven eight nine ten eleven twelve several few "
    "multiple each every"
)


def _toll_span(
    tok: Tokens, first: int, last: int, start: int, end: int, value: float | None
) -> str | None:
    """Why a toll covers a span other than the Kursk operation, or None: more than any Kursk
    toll, "in Ukraine", "since February 2022" (the whole war); "since Monday", "overnight"
    (a part)."""
    if value is not None and value > MAX_KURSK_TOLL:
        return "more than any Kursk toll: the whole war"
    a, b = clause(tok, first, last, start, end)
    if any(tok.low(j + 1) == "ukraine" for j in words_in(tok, a, b, _IN)):
        return "losses in Ukraine: the whole war, not Kursk"
    for j in words_in(tok, start, end, _SINCE):
        after = [tok.low(j + n) for n in (1, 2, 3)]
        if any(w.isdigit() and len(w) == 4 and w < "2024" for w in after):
            return "since a year before the incursion: the whole war"
        if after[0] in _SHORT or (after[0] == "the" and after[1] == "weekend"):
            return "scope: a few days, not the whole operation"
    if words_in(tok, start, end, _OVERNIGHT):
        return "scope: one night, not the whole operation"
    return None


# Tolls claimed for the Kursk operation stayed below this; a larger one is the whole war's.
MAX_KURSK_TOLL = 150_000
_IN = frozenset({"in"})
_SINCE = frozenset({"since"})
_OVERNIGHT = frozenset({"overnight"})
_SHORT = word_set("monday tuesday wednesday thursday friday saturday sunday yesterday")


def _named_place(tok: Tokens, a: int, b: int) -> str | None:
    """A place named in tokens ``a`` to ``b`` other than Kursk or a country ("near Sudzha",
    "in Korenevo"): a toll there is the toll of one place."""
    for j in words_in(tok, a, b, _AT_PLACE):
        k = j + 2 if tok.low(j + 1) == "the" else j + 1
        w = tok.words[k] if k < len(tok) else ""
        if w[:1].isupper() and w.isalpha() and tok.low(k) not in _NOT_A_PLACE:
            return w
    return None


_AT_PLACE = word_set("in near around outside at")
_NOT_A_PLACE = (
    frozenset(SIDES)
    | frozenset(KOREA_WORDS)
    | MONTHS
    | word_set("kursk north south the a an total all")
)


def _is_side(tok: Tokens, j: int) -> bool:
    w = tok.low(j)
    return w in SIDES or w in KOREA_WORDS or (w == "north" and tok.low(j + 1) in KOREA_WORDS)


def _actions(tok: Tokens, a: int, b: int) -> bool:
    """Is a count of actions ("five attacks", "in one strike") among tokens ``a`` to ``b``?"""
    for j in words_in(tok, a, b, _ACTIONS):
        for n in (1, 2, 3):
            w = tok.low(j - n)
            if w in _FEW or tok.is_number(j - n):
                return True
    return False


GENERIC_WHY = "people or men, with no fate nor force named on the figure: not sure it counts troops"


def _counted(tok: Tokens, noun: int | None, first: int, last: int, what: str | None) -> str | None:
    """Why the figure's own noun is no whole force nor toll, or None."""
    if noun is None:
        return None  # judged by the words that carried its unit
    w = tok.low(noun)
    if w in WHOLE_FORCE or w in TOLL_NOUNS:
        return None
    if w in _MEMBERS and tok.low(noun - 1) == "service":
        return None
    if w in _DEMONYMS:
        return f'"{tok.words[noun]}" names people by country, not a force: could be civilians'
    if w in _GENERIC:
        if what in _LOSSES and (last > noun or outcome_at(tok, noun + 1)):
            return None  # "20,800 men killed and wounded": the fate is on the figure
        if tok.low(first - 1) == "of" and any(
            tok.low(k) in TOLL_NOUNS for k in range(first - 2, first - 7, -1)
        ):
            return None  # "losses in this direction of 55 thousand people"
        return GENERIC_WHY
    return f'"{tok.words[noun]}" is a part of a force, not the whole'


def _side_token(tok: Tokens, first: int, start: int, who: str) -> int | None:
    """The nearest token before the figure naming ``who`` (either side of a joint reading)."""
    for j in range(first - 1, start - 1, -1):
        s = side_at(tok, j)
        if s is not None and s[0] and s[0] in who.split("_and_"):
            return j
    return None


def _composed(tok: Tokens, a: int, b: int) -> bool:
    """Is tokens ``a`` to ``b`` a noun phrase of the side's whose make-up the figure gives
    ("Russia's aggressive push-back involving 10,000 troops", "a Russian effort comprising
    70,000 troops"): at most four plain words, then "involving", "comprising" or "of"?"""
    if b - a > 4 or b < a or tok.low(b) not in _COMPOSED:
        return False
    return all(
        tok.low(k) == "-"
        or (
            tok.low(k).isalpha()
            and tok.low(k) not in _NOT_NOUN
            and not _is_side(tok, k)
            and tok.low(k) not in _LINK - WHOLE_FORCE - TOLL_NOUNS
        )
        for k in range(a, b)
    )


_COMPOSED = word_set(
    "involving involves involved comprising comprises comprised numbering totalling totaling of"
)
_NOT_NOUN = FUNCTION_WORDS | AUX_WORDS | SPEECH_VERBS | SUBJECT_VERBS


def _linked(tok: Tokens, a: int, b: int) -> bool:
    """Are tokens ``a`` to ``b`` only linking words: no other side (save after "by"), no number,
    no verb of another clause?"""
    if _composed(tok, a, b):
        return True
    for k in range(a, b + 1):
        if tok.is_number(k):
            return False
        if _is_side(tok, k):
            if tok.low(k - 1) in _PLACE_OR_PARTY or tok.low(k - 2) in _PLACE_OR_PARTY:
                continue  # "Russian POWs held by Ukraine", "troops in Russia"
            return False
        w = tok.low(k)
        if w in SPEECH_VERBS and not _counting(tok, k):
            return False  # "the Ukrainian military said 8,000 soldiers": the side speaks
        if w not in _LINK and not (w.endswith("ly") and len(w) > 3):
            if tok.low(k - 1) in _ARTICLES and tok.low(k + 1) in WHOLE_FORCE:
                continue  # "a large force of": a word on the counted noun itself
            return False
    return True


_ARTICLES = word_set("a an the its their")


def _counting(tok: Tokens, k: int) -> bool:
    """Is the speech verb at ``k`` part of stating the count ("were put at", "estimated at",
    "was said to have"), not a speaker's verb ("the military said 8,000")?"""
    return tok.low(k + 1) in ("at", "to") or tok.low(k - 1) in _PASSIVE


_PASSIVE = word_set("was were is are been be being")


def _has_count_noun(tok: Tokens, a: int, b: int) -> bool:
    return any(tok.low(k) in WHOLE_FORCE or tok.low(k) in TOLL_NOUNS for k in range(a, b + 1))


def sure(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    who: str | None,
    what: str | None,
    noun: int | None,
    side_src: str,
    previous: tuple[int, Reading] | None = None,
    value: float | None = None,
) -> str | None:
    """Why the reading ``(who, what)`` of the figure of people at ``[first, last]`` (sentence
    ``[start, end]``) is not stated plainly enough for a verdict, or None. ``side_src`` says
    where the side was read: "own" (the figure's noun phrase), "after" ("from North Korea"),
    "subject", "shared"/"coordinated" (a figure joined to it), "attached"/"nearest" (a side
    elsewhere in the sentence), "previous" (the sentence before)."""
    generic = _counted(tok, noun, first, last, what)
    if generic is not None and generic != GENERIC_WHY:
        return generic
    p = start if start <= 0 or start in tok.paragraph_before else sentence_start(tok, start - 1)
    if what in _LOSSES and _actions(tok, p, end):
        return "scope: a toll of a few actions (attacks, strikes), not the total"
    if what in _LOSSES and (place := _named_place(tok, *clause(tok, first, last, start, end))):
        return f"scope: a toll at one place ({place}), not the whole region"
    if what in _LOSSES and (why := _toll_span(tok, first, last, start, end, value)):
        return why
    if (
        (who or "").startswith(("russian", "ukrainian"))
        and what in _IN_PLACE
        and not words_in(tok, p, end, _KURSK)
    ):
        return "no place named (Kursk, the area, there): could be a force on another front"
    if side_src in ("own", "after"):
        if generic:
            return generic
        if noun is None and not _has_count_noun(tok, first, last + 4):
            return "no whole-force noun on the figure"  # "a 12,000-strong contingent" has one
        return None
    if side_src == "subject":
        if generic:
            return generic
        if noun is None and tok.low(first - 1) not in _LOST:
            return "no whole-force noun on the figure"  # "Russian forces killed 40": who?
        return None
    if side_src in ("shared", "coordinated"):
        if previous is None or previous[1].measure is None:
            return "joined to a figure that got no verdict"
        return generic
    if side_src in ("attached", "nearest"):
        j = _side_token(tok, first, start, who) if who else None
        if j is None:
            return "the side is not named in the figure's clause"
        a = after_side(tok, j)
        if (
            previous is not None
            and previous[1].measure is not None
            and previous[1].who == who
            and j < previous[0] < first
        ):
            a = previous[0] + 1  # "100 North Korean soldiers were killed and another 1,000"
        if not _linked(tok, a, first - 1):
            if any(tok.low(k) in SPEECH_VERBS and not _counting(tok, k) for k in range(a, first)):
                return "the side is only the speaker's, not on the figure"
            return "the side is named on another noun or clause, not as the figure's subject"
        if (noun is None or generic) and not _has_count_noun(tok, a, first - 1):
            return generic or "the side's noun is no whole force nor toll"
        return None
    if side_src == "previous":
        if not _linked_carry(tok, start, first - 1):
            return "the side of the sentence before is not the subject of the figure's clause"
        prev = previous_sentence(tok, start)
        spoken = any(
            tok.low(k) in SPEECH_VERBS and not _counting(tok, k) for k in range(start, first)
        )
        p_start = sentence_start(tok, start - 1)
        opener = [s[0] for k in range(p_start, p_start + 4) if (s := side_at(tok, k))]
        if spoken and (prev is None or prev.attached_side != who or who in opener):
            # "Ukraine's army spoke on Monday. It said 8,000 soldiers ...": "it" speaks.
            return "the side of the sentence before is the speaker's, not the figure's"
        p_start = sentence_start(tok, start - 1)
        sides = {s[0] for k in range(p_start, start) if (s := side_at(tok, k)) is not None and s[0]}
        if prev is None or (len(sides) != 1 and prev.attached_side != who):
            return "the sentence before names more than one side"
        if (noun is None or generic) and not _has_count_noun(tok, p_start, start - 1):
            return generic or "no whole-force noun carried from the sentence before"
        return None
    return "the side is not stated on the figure"


def _linked_carry(tok: Tokens, a: int, b: int) -> bool:
    for k in range(a, b + 1):
        if tok.is_number(k) or _is_side(tok, k):
            return False
        w = tok.low(k)
        if w not in _CARRY_LINK and not (w.endswith("ly") and len(w) > 3) and w != "-":
            return False
    return True


# Areas: a verdict needs a verb of holding or taking that governs the figure ("holds about
# 400 sq km", "captured more than 1,000 sq km", "had taken control of nearly 1,000"), the area
# held after it ("90 sq km held by Ukraine", "under Ukrainian control"), or a noun for the
# held ground the figure measures ("the foothold had shrunk to 90 sq km", "a salient of 500").
_HOLD_VERBS = word_set(
    "held hold holds holding controlled control controls controlling occupied occupies "
    "occupy occupying seized seize seizes seizing captured capture captures capturing took "
    "taken take takes taking gained gain gains gaining won retained retains retain kept keep "
    "keeps entered advanced secured secure conquered ruled claimed clinging cling clings clung"
)
_HELD_NOUNS = word_set(
    "foothold salient pocket bridgehead enclave zone gains grip control hands peak"
)
_AREA_LINK = word_set(
    "of the a an its their some about around roughly nearly almost approximately over more "
    "than just only still now back in under up to at least measures measured covers covered "
    "spans spanned is was were are had has have been shrunk shrank reduced down fell stood "
    "stands totals totalled totaled grew expanded reached control sq square km kilometres "
    "kilometers territory land ground area russian ukrainian kursk region ' ’ s dwindled "
    "dwindling dropped below fell falling shrunk shrinking remained remains peaked height "
    "from estimated put spanned spans stretch narrow no less significantly"
)
_AREA_AFTER = word_set("held controlled occupied captured seized taken control hands")


def area_governed(tok: Tokens, first: int, last: int, start: int, end: int) -> str | None:
    """Why an area figure's reading as area held by Ukraine is not plainly stated, or None: a
    verb or noun of holding must govern it, and the side nearest that word must not be Russia
    ("Russian forces now control 500 sq km of Ukrainian land")."""
    if tok.low(first - 1) == "from" and tok.low(first - 2) in ("down", "up"):
        return None  # "held 80 sq km, down from 900": the same area, earlier
    k = first - 1
    if tok.low(k) == "to" and tok.is_number(k - 1) and tok.low(k - 2) == "from":
        k -= 3  # "fell from 1,376 to 90 sq km": read on from the first number
    while k >= start and first - k <= 8:
        w = tok.low(k)
        if w in _HOLD_VERBS or w in _HELD_NOUNS:
            return _russian_holder(tok, range(k - 1, max(start, k - 12) - 1, -1))
        if w not in _AREA_LINK and not tok.low(k).endswith("ly"):
            break
        k -= 1
    for k in range(last + 1, min(end, last + 6) + 1):
        if tok.low(k) in _AREA_AFTER:
            # "held by Russia", "under Russian control", "in Russian hands"
            by = tok.low(k + 1) == "by"
            return _russian_holder(tok, range(k + 2, k + 4) if by else range(k - 1, k - 3, -1))
        if tok.low(k) in (",", ";", "(", "—") and k > last + 1:
            break
    return "no verb of holding or taking governs the area: not sure it is ground held"


_PLACE_PREP = word_set("in inside into within from across of near to")
_LOST = word_set("lost lose loses losing")


def area_retaken(tok: Tokens, first: int, last: int, start: int, end: int) -> str | None:
    """Why an area read as retaken by Russia is not plainly so, or None: the side nearest
    before the word of retaking must not be Ukraine ("Ukraine said it had recaptured 50 sq km
    from Russian forces"). Russia retakes only ground it had lost, so no place is asked for."""
    back = [j for j in range(first - 1, start - 1, -1) if tok.low(j) in _RETAKING]
    if back and _holder_near(tok, range(back[0] - 1, start - 1, -1)) == "ukrainian":
        return "the side retaking it is Ukraine: no area retaken by Russia"
    return None


_RETAKING = word_set(
    "retook retaken recaptured recapture regained reclaimed liberated liberating back"
)


def _russian_holder(tok: Tokens, near) -> str | None:
    """The nearest side among tokens ``near`` (nearest first) is the holder: Russia's ground
    is no area held by Ukraine."""
    if _holder_near(tok, near) == "russian":
        return "the side holding it is Russia: no area held by Ukraine"
    return None


def _holder_near(tok: Tokens, near) -> str | None:
    """The nearest side among tokens ``near`` (nearest first) that is a party, not a place."""
    for j in near:
        s = side_at(tok, j)
        if s is not None and (tok.low(s[1] - 1) in _PLACE_PREP or tok.low(s[1] - 2) in _PLACE_PREP):
            continue  # "into the Russian defence's depth", "of Russian territory": a place
        if s is not None and s[0]:
            return s[0]
    return None
