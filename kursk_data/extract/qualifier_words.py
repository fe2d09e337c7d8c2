"""Qualifiers: the words before (or after) a figure that say how sure or how bounded it is.

Each wording maps onto one of the ledger's qualifiers (:mod:`kursk_data.qualifiers`), so a
figure read from a text gets the same interval a claim in the ledger would:

* ``about``: about, approximately, approx., around, roughly, some, circa, close to,
  an estimated, estimated, ``~``, "... or so", "...-odd"; and **nearly** and **almost**, read
  as ``about``: the ledger has no "just below X" qualifier, and the ``about`` band around X
  contains every value just below it, so a match is never missed (the reading is wider than
  the wording, never narrower).
* ``over`` (X or more): over, more than, at least, upwards of, above, in excess of,
  no fewer than, no less than, just over, well over, "... or more", "...-plus", "...+"; and
  the verbs **passed**, **exceeded**, **topped**, **surpassed** ("losses exceeded 38,000"
  states that the count is above 38,000).
* ``up_to`` (X or fewer): up to, as many as, at most, no more than, not more than,
  fewer than, less than, under, below, just under, "... or fewer", "... or less".
* ``range``: "between X and Y", "X-Y", "X–Y", "from X to Y", "X to Y" (read in
  :mod:`kursk_data.extract.reader`).
* ``exact``: no qualifier ("reached 909", "put at 22,200").
"""

from __future__ import annotations

from kursk_data.extract.tokens import Tokens

# Wording (lower case, tokens joined by spaces as the tokenizer cuts them) -> ledger qualifier.
QUALIFIER_WORDS: dict[str, str] = {
    "about": "about",
    "approximately": "about",
    "approx": "about",
    "approx .": "about",
    "around": "about",
    "roughly": "about",
    "some": "about",
    "circa": "about",
    "c .": "about",
    "close to": "about",
    "an estimated": "about",
    "estimated": "about",
    "nearly": "about",
    "almost": "about",
    "approaching": "about",
    "~": "about",
    "over": "over",
    "more than": "over",
    "at least": "over",
    "upwards of": "over",
    "upward of": "over",
    "a minimum of": "over",
    "not fewer than": "over",
    "not less than": "over",
    "surpass": "over",
    "surpassing": "over",
    "exceeding": "over",
    "exceed": "over",
    "top": "over",
    "above": "over",
    "in excess of": "over",
    "no fewer than": "over",
    "no less than": "over",
    "just over": "over",
    "well over": "over",
    "passed": "over",
    "pass": "over",
    "exceeded": "over",
    "topped": "over",
    "surpassed": "over",
    "up to": "up_to",
    "as many as": "up_to",
    "as high as": "up_to",
    "a maximum of": "up_to",
    "maximum of": "up_to",
    "at most": "up_to",
    "no more than": "up_to",
    "not more than": "up_to",
    "fewer than": "up_to",
    "less than": "up_to",
    "under": "up_to",
    "below": "up_to",
    "just under": "up_to",
}
# Wordings after the figure: "600 troops or more", "70,000-plus", "70,000+".
AFTER_WORDS: dict[str, str] = {
    "or more": "over",
    "or so": "about",
    "or fewer": "up_to",
    "or less": "up_to",
    "plus": "over",
    "+": "over",
    "odd": "about",
}
# Wordings indexed by their last word, longest first: one lookup for most numbers.
_BY_LAST: dict[str, list[tuple[int, str]]] = {}
for _words in sorted(QUALIFIER_WORDS, key=lambda w: -len(w.split())):
    _BY_LAST.setdefault(_words.split()[-1], []).append((len(_words.split()), _words))


def qualifier_before(tok: Tokens, i: int) -> tuple[str, str, int] | None:
    """The qualifier ending just before token ``i``: ``(qualifier, wording, first token)``.

    An opening quote may stand between them: nearly “50,000 troops”."""
    while tok.low(i - 1) in _OPENING_QUOTES:
        i -= 1
    candidates = _BY_LAST.get(tok.low(i - 1))
    if not candidates:
        return None
    for n, words in candidates:
        first = i - n
        if first < 0 or " ".join(tok.lows[first:i]) != words:
            continue
        # "c ." is "c." only when glued; "estimated" after a subject is the verb.
        if words == "c ." and not tok.glued(first + 1):
            continue
        if words == "over" and tok.low(first - 1) in _PARTICLE_VERBS:
            continue  # "handed over 115 prisoners": a particle, not "more than"
        if words == "over" and tok.low(first - 1) in _OVER_NOUNS and not _over_verb(tok, first - 1):
            continue  # "gained control over 500 sq miles": a preposition, the figure exact
        if words == "estimated" and not _adjectival(tok, first):
            continue  # "Seoul estimated 300 killed": the verb, not "an estimated 300"
        return QUALIFIER_WORDS[words], " ".join(tok.words[first:i]), first
    return None


def _over_verb(tok, j: int) -> bool:
    """Is "control" at ``j`` a verb ("forces currently control over 1,260 sq km": over is
    "more than") rather than a noun ("took control over 500": a preposition)? A verb has its
    subject or an adverb right before it: a side, a body of troops, a pronoun, an -ly word."""
    w = tok.low(j - 1)
    return tok.low(j) == "control" and (
        w in _SUBJECTS or (w.endswith("ly") and w not in ("fully", "only")) or w in _ADVERBS
    )


# Words before "control" that make it a verb: its subject or an adverb of time.
_SUBJECTS = frozenset(
    [
        "ukraine",
        "ukrainian",
        "ukrainians",
        "kyiv",
        "russia",
        "russian",
        "russians",
        "moscow",
        "forces",
        "troops",
        "units",
        "soldiers",
        "army",
        "they",
        "we",
        "which",
        "who",
        "still",
        "now",
        "already",
        "also",
    ]
)
_ADVERBS = frozenset(["still", "now", "already", "also"])
_PARTICLE_VERBS = frozenset(
    ["handed", "hand", "hands", "handing", "turned", "turn", "turns", "turning"]
)
# Nouns that take "over" as their preposition ("control over", "authority over").
_OVER_NOUNS = frozenset(["control", "authority", "sovereignty", "sway", "dominion"])
_OPENING_QUOTES = frozenset("\"“‘«'")
# Words after which "estimated" is an adjective ("an estimated 70,000", "were estimated").
_BEFORE_ADJECTIVE = frozenset(
    [
        "an",
        "the",
        "at",
        "of",
        "with",
        "and",
        "or",
        "by",
        "to",
        "from",
        "were",
        "was",
        "is",
        "are",
        "be",
        "been",
        "some",
    ]
)


def _adjectival(tok: Tokens, i: int) -> bool:
    prev = tok.words[i - 1] if i > 0 else ""
    return not prev[:1].isalnum() or prev.lower() in _BEFORE_ADJECTIVE


def qualifier_after(tok: Tokens, i: int) -> tuple[str, str, int] | None:
    """A qualifier starting at token ``i`` ("or more", "-plus", "+"): ``(qualifier, wording,
    last token)``."""
    two = f"{tok.low(i)} {tok.low(i + 1)}"
    if two in AFTER_WORDS:
        return AFTER_WORDS[two], f"{tok.words[i]} {tok.words[i + 1]}", i + 1
    if tok.low(i) == "+" and tok.glued(i):
        return "over", "+", i
    if tok.low(i) == "-" and tok.glued(i) and tok.low(i + 1) in ("plus", "odd"):
        return AFTER_WORDS[tok.low(i + 1)], tok.words[i + 1], i + 1
    return None
