"""The last checks before a verdict (issue #26): a closed vocabulary, one event, an increment.

Each new blind set showed about two wrong verdicts made by words no earlier rule knew ("newly
transported ... in the second round", "eight servicemen surrendered"). Rules for each new
wording always come one set late, so the last check is closed instead of open:

* **closed vocabulary**: every content word among the words that decided a figure's reading
  (its clause, and the clause or sentence that carried its unit, side or outcome) must be in
  :mod:`kursk_data.extract.lexicon` for what the figure counts; otherwise no verdict, and the
  ``why`` names the words ("words the checker does not read for this measure: 'newly'");
* **one event**: a loss under :data:`MAX_EVENT` with a verb of one event (surrendered,
  captured, killed) and no word of a total (in total, so far, since, overall) is one event,
  not the count the ledger keeps;
* **an increment**: "newly", "fresh", or "second / third / next" before round, wave, batch,
  contingent, rotation in the figure's sentence: a new batch, not the whole force.
"""

from __future__ import annotations

from bisect import bisect_left

from kursk_data.extract.lexicon import (
    BY_WHAT,
    FATE_WORDS,
    NAME_SPEECH,
    PHRASES,
    REPORTING,
    REPORTING_FORMS,
    TITLES,
    WEEKDAYS,
)
from kursk_data.extract.measures import words_in
from kursk_data.extract.tokens import Tokens
from kursk_data.extract.vocabulary import MONTHS, word_set

MAX_EVENT = 20  # a loss below this, told as one happening, is an event, not a tally
_LOSSES = frozenset({"killed", "wounded", "killed_and_wounded", "captured", "missing"})
_EVENT_VERBS = word_set(
    "surrendered surrender surrendering captured killed died wounded injured taken detained "
    "caught seized perished laid gave"
)
_TOTAL = word_set("total totals overall altogether cumulative since far date all tally")
_TOTAL_BEFORE = {"far": "so", "date": "to", "all": "in"}  # "so far", "to date", "in all"
_NEWLY = word_set("newly fresh")
_ORDINALS = word_set("second third fourth fifth sixth seventh next new latest")
_BATCHES = word_set(
    "round rounds wave waves batch batches contingent contingents rotation rotations tranche "
    "echelon group groups deployment shipment"
)
_WORD_START = frozenset(w[0] for words in PHRASES for w in words[:1])
_MAX_SHOWN = 4  # words named in a why
_SAYING = REPORTING | REPORTING_FORMS  # a weekday after these dates the statement


def _phrase_marks(tok: Tokens, a: int, b: int) -> set[int]:
    """Indices among ``a..b`` covered by a phrase of the lexicon ("prisoners of war")."""
    marks: set[int] = set()
    for j in range(a, b + 1):
        if tok.low(j)[:1] not in _WORD_START:
            continue
        for words in PHRASES:
            if tuple(tok.lows[j : j + len(words)]) == words:
                marks.update(range(j, j + len(words)))
    return marks


def _speaker_name(tok: Tokens, j: int) -> bool:
    """Is token ``j`` part of a speaker's name: a run of capitalised words after a title or
    "according to", or right before or after a verb of saying ("Syrskyi said")?"""
    if not tok.words[j][:1].isupper():
        return False
    p = q = j
    while p - 1 >= 0 and tok.words[p - 1][:1].isupper() and tok.words[p - 1].isalpha():
        p -= 1
    while q + 1 < len(tok) and tok.words[q + 1][:1].isupper() and tok.words[q + 1].isalpha():
        q += 1
    before = tok.low(p - 1)
    return (
        before in TITLES
        or before in NAME_SPEECH
        or (before == "to" and tok.low(p - 2) == "according")
        or tok.low(q + 1) in NAME_SPEECH
    )


_BEFORE_MONTH = word_set("in since by of until from to early mid late end")


def _month(tok: Tokens, j: int) -> bool:
    """Is "may" at ``j`` the month ("in May", "May 5"), not the modal?"""
    return tok.low(j - 1) in _BEFORE_MONTH or tok.is_number(j + 1)


def _a_count(tok: Tokens, k: int) -> bool:
    """Is the number at ``k`` a count that can own words: not a year, a day of a month or the
    "one" of "at one point"?"""
    w = tok.words[k]
    if w.isdigit() and len(w) == 4 and 1900 <= int(w) <= 2100:
        return False
    return not (tok.low(k - 1) in MONTHS or tok.low(k + 1) in MONTHS or tok.low(k) == "one")


def _other_figures(tok: Tokens, j: int, first: int, last: int) -> bool:
    """Is the word at ``j`` another figure's: a count stands between it and this figure, or
    one as near or nearer on its other side ("10,446 wounded and 711 captured": "wounded" is
    the 10,446's)? Such a word read that figure, not this one."""
    lo, hi = (j + 1, first - 1) if j < first else (last + 1, j - 1)
    gap = hi - lo + 2  # the distance from the word to this figure
    a, b = (j - gap, j - 1) if j < first else (j + 1, j + gap)
    numbers = tok.numbers
    for x, y in ((lo, hi), (a, b)):
        i = bisect_left(numbers, x)
        while i < len(numbers) and numbers[i] <= y:
            if _a_count(tok, numbers[i]):
                return True
            i += 1
    return False


def _count_beyond(tok: Tokens, j: int, first: int, a: int, b: int) -> bool:
    """Is there a count past the word at ``j``, away from this figure, within ``[a, b]``?
    A fate between two counts is the other's ("300 were killed and 2,700 injured")."""
    lo, hi = (a, j - 1) if j < first else (j + 1, b)
    numbers = tok.numbers
    i = bisect_left(numbers, lo)
    while i < len(numbers) and numbers[i] <= hi:
        if _a_count(tok, numbers[i]):
            return True
        i += 1
    return False


def unread_words(
    tok: Tokens, spans: list[tuple[int, int]], first: int, last: int, what: str | None
) -> str | None:
    """Why a verdict is refused: the content words among ``spans`` (the words that decided the
    reading of the figure at ``[first, last]``) the lexicon does not hold for ``what``; None
    when every word is one the checker reads."""
    allowed = BY_WHAT.get(what or "")
    if allowed is None:
        return None
    unknown: list[str] = []
    seen: set[int] = set()
    for a, b in spans:
        marks = None
        for j in range(max(a, 0), min(b, len(tok) - 1) + 1):
            if j in seen or first <= j <= last:
                continue
            seen.add(j)
            w = tok.low(j)
            if len(w) < 2 or w in allowed or not w.isalpha() or tok.is_number(j):
                continue
            if _other_figures(tok, j, first, last) or (
                w in FATE_WORDS and _count_beyond(tok, j, first, a, b)
            ):
                continue
            if marks is None:
                marks = _phrase_marks(tok, a, b)
            if j in marks or _speaker_name(tok, j) or (w == "may" and _month(tok, j)):
                continue
            prev_word = tok.low(j - 1)
            if w in WEEKDAYS and (
                prev_word == "on"
                or (prev_word == "of" and tok.low(j - 2) == "as")
                or prev_word in _SAYING
            ):
                continue  # "said on Monday", "said Thursday", "as of Friday": a date
            if w not in unknown:
                unknown.append(w)
    if not unknown:
        return None
    shown = ", ".join(f"'{w}'" for w in unknown[:_MAX_SHOWN])
    more = f" and {len(unknown) - _MAX_SHOWN} more" if len(unknown) > _MAX_SHOWN else ""
    return f"words the checker does not read for this measure: {shown}{more}"


# Words that open a clause about the figure before it: ", most of them from Donbas", ", who
# were pulled back", ", half of them conscripts". Such a clause is among its words.
_ABOUT_IT = word_set("which who whom whose most half many some all mostly mainly largely of")
_BREAKS = word_set(", ; ( — – :")


def with_aside(tok: Tokens, span: tuple[int, int], end: int) -> list[tuple[int, int]]:
    """The figure's clause ``span``, and the clause after it (to the sentence's ``end``) when
    that clause opens with a word that refers back to the figure."""
    k = span[1] + 1
    if k > end or tok.low(k) not in _BREAKS or tok.low(k + 1) not in _ABOUT_IT:
        return [span]
    stop = k + 1
    while stop < end and tok.low(stop + 1) not in _BREAKS:
        stop += 1
    return [span, (k + 1, stop)]


def _total_word(tok: Tokens, start: int, end: int) -> bool:
    for j in words_in(tok, start, end, _TOTAL):
        need = _TOTAL_BEFORE.get(tok.low(j))
        if need is None or tok.low(j - 1) == need:
            return True
    return False


def event_doubt(
    tok: Tokens,
    first: int,
    last: int,
    start: int,
    end: int,
    span: tuple[int, int],
    what: str | None,
    value: float | None,
) -> str | None:
    """Why the figure at ``[first, last]`` (sentence ``[start, end]``, clause ``span``) is one
    event or an increment, not the count the ledger keeps; None otherwise."""
    if what != "planned":
        if words_in(tok, start, end, _NEWLY):
            return "newly / fresh: an increment, not the whole count"
        for j in words_in(tok, start, end, _ORDINALS):
            if any(tok.low(j + n) in _BATCHES for n in (1, 2)):
                return f"'{tok.low(j)} {tok.low(j + 1)}': an increment, not the whole count"
    if (
        what in _LOSSES
        and value is not None
        and value < MAX_EVENT
        and words_in(tok, span[0], span[1], _EVENT_VERBS)
        and not _total_word(tok, start, end)
    ):
        return "a few people in one event, with no word of a total: not the whole count"
    return None
