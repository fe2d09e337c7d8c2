"""Tokens and numbers: the one pass over the text every other step works from.

The text is cut into tokens once, by one regular expression whose alternatives cannot
backtrack far (a number, a run of letters, a run of spaces, any other character), so reading
is linear in the length of the text whatever it holds. Every later step looks at a bounded
number of tokens around each number, so the whole checker stays linear.

Numbers are read the way news writes them: ``1,376``, ``70 000`` (a space or a no-break space
between groups of three), ``1.2``, with a scale after them (``12 thousand``, ``1.3 million``,
``11k``, ``70K``, ``15-thousand``) and number words of any form (``thirty-five``, ``three
thousand``, ``four-thousand-100``, ``a hundred``, ``half a million``; see
:mod:`kursk_data.extract.pairs`).

A number the checker cannot read with confidence is **unread**, never read as another number:
an invisible character inside it (``11\u200b000``), dots between groups of three (``11.000``),
a power (``10^400``, ``1e400``), digits other than 0-9, a decimal comma before a scale (``1,5
million``). Each is blanked before the text is cut, so no part of it becomes a figure, and
listed in :attr:`Tokens.unread` with the reason. Terminal escape codes (colours) and other
control characters are blanked too: they are not text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress
from operator import not_, sub

# A number as one token. Groups of three after a comma, or after a space-like separator (news
# agencies write "70 000"); the look-ahead keeps "1,2345" from being cut inside a digit run.
# A decimal comma before an area unit ("486,5 square miles", "427,5 km²"): one or two digits
# after the comma cannot be a thousands group, and an area is the one figure written so.
_AREA_AHEAD = r"(?=[ \u00a0]*(?i:sq\b|sq\.|square|km|kilomet|mi\b|mi²|miles?\b))"
_NUMBER = (
    rf"(?<![0-9,])[0-9]{{1,3}},[0-9]{{1,2}}(?![0-9]){_AREA_AHEAD}"
    r"|[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![0-9])"
    r"|[0-9]+(?:\.[0-9]+)?"
)
_TOKEN = re.compile(rf"{_NUMBER}|[^\W\d_]+|\s+|.", re.S)
# Ten or more numbers separated only by commas, dots or spaces: a table or noise, never prose.
# Atomic groups (Python 3.11) so a failed attempt never backtracks into the run.
_LIST = re.compile(r"(?:[0-9]++[ ,.\u00a0\u202f\u2009]++){10,}+[0-9]*+")
# A blank line, whatever the line ends: "\n", "\r\n" or a lone "\r".
_PARAGRAPH = re.compile(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)")
LINE_BREAK = re.compile(r"\r\n?|\n")
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_SCALE_WORD = r"[\s\u00a0]*(?:thousand|million|mln|bn|billion)\b"
# Numbers that cannot be read with confidence, each with the reason the report gives.
# Every alternative starts where a run of digits starts (the look-behind), so a long run is
# tried once, not from each of its digits: linear whatever the text.
_UNREAD = re.compile(
    r"(?<!\d)(?:"
    + "|".join(
        [
            rf"(?P<invisible>[0-9]+(?:[{_INVISIBLE}]+[0-9]+)+)",
            r"(?P<power>[0-9]+(?:\.[0-9]+)?[ \t]*"
            r"(?:\^|\*\*|[eE][+-]?(?=[0-9])|[x×][ \t]*10\^)[ \t]*[0-9]+)",
            rf"(?P<dots>(?<![0-9.])[0-9]{{1,3}}(?:\.[0-9]{{3}})+(?![0-9]|\.[0-9])(?!{_SCALE_WORD}))",
            # "1,5 million", "486,5 square miles": a comma then one or two digits, then a word.
            # A decimal comma before an area unit is read (see _NUMBER).
            rf"(?P<comma>(?<![0-9,])[0-9]{{1,3}},[0-9]{{1,2}}(?![0-9])(?!{_AREA_AHEAD})"
            r"(?=[\s\u00a0]*[^\W\d_])"
            r"|[0-9]+,[0-9]{4,})",
            r"(?P<digits>[0-9]*+(?:(?![0-9])\d)+[0-9\d.,]*)",
        ]
    )
    + ")",
    re.I,
)
UNREAD_REASONS = {
    "invisible": "an invisible character inside the number",
    "power": "a power of ten the checker does not read",
    "dots": "dots between groups of digits (11.000): thousands or decimals?",
    "comma": "a decimal comma or a broken thousands group",
    "digits": "digits other than 0-9",
}
# Terminal escape codes and control characters: blanked, they are not text.
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

DIGITS = frozenset("0123456789")
_DECIMAL_COMMA = re.compile(r"[0-9]{1,3},[0-9]{1,2}")
NUMBER_WORDS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
TENS: dict[str, int] = {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS.update(TENS)
# Spellings a number word may have in running text, for a fast membership test.
_NUMBER_WORD_FORMS = frozenset(f for w in NUMBER_WORDS for f in (w, w.capitalize(), w.upper())) - {
    "zero",
    "Zero",
    "ZERO",
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "mln": 1_000_000}
# Words that open a number only before a scale: "a hundred", "half a million", "a quarter of
# a million" (read as a part of the scale, never as the "a million" inside it).
NUMBER_OPENERS = frozenset({"a", "half", "quarter", "quarters", "third", "thirds"})
# How much of the scale a fraction word before "of a <scale>" is.
FRACTIONS = {"quarter": 0.25, "quarters": 0.25, "third": 1 / 3, "thirds": 1 / 3}
GLUED_SCALES = {"k": 1_000, "K": 1_000, "m": 1_000_000, "mn": 1_000_000}
# Longest digit string read as a number: 1,000,000,000,000 has 17 characters.
MAX_NUMBER_CHARS = 20


@dataclass
class Tokens:
    """The text's tokens without the spaces between them.

    ``words[i]`` is the token as written, ``starts[i]``/``ends[i]`` its span in the text,
    ``numbers`` the indices of tokens that may be numbers (digits or number words), and
    ``paragraph_before`` the indices of tokens that open a paragraph (a blank line before).
    """

    text: str
    words: list[str]
    starts: list[int]
    ends: list[int]
    numbers: list[int]
    paragraph_before: set[int] = field(default_factory=set)
    lows: list[str] = field(default_factory=list)
    # Numbers not read: (start, end, reason), spans in the text.
    unread: list[tuple[int, int, str]] = field(default_factory=list)
    # The text with control codes blanked: what a phrase shows.
    clean: str = ""
    # Indexes later steps build once per text (positions of cue words, sentence ends).
    cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.lows:
            self.lows = list(map(str.lower, self.words))

    def __len__(self) -> int:
        return len(self.words)

    def low(self, i: int) -> str:
        """Token ``i`` in lower case; ``""`` outside the text."""
        return self.lows[i] if 0 <= i < len(self.lows) else ""

    def positions(self, vocabulary: frozenset[str]) -> list[int]:
        """Sorted indices of the tokens (lower case) in ``vocabulary``; built once per text
        from one index of every word's positions, so a new vocabulary costs its own words'
        positions, not another pass over the text. Cached by the vocabulary's identity: pass
        module constants, never a set built per call."""
        key = id(vocabulary)
        if key not in self.cache:
            index = self.cache.get("index")
            if index is None:
                index = self.cache["index"] = {}
                for i, w in enumerate(self.lows):
                    index.setdefault(w, []).append(i)
            found = [index[w] for w in vocabulary if w in index]
            self.cache[key] = found[0] if len(found) == 1 else sorted(chain(*found))
        return self.cache[key]

    def glued(self, i: int) -> bool:
        """Does token ``i`` follow token ``i - 1`` with no space between?"""
        return 0 < i < len(self.words) and self.starts[i] == self.ends[i - 1]

    def is_number(self, i: int) -> bool:
        return 0 <= i < len(self.words) and (
            self.words[i][0] in DIGITS
            or self.words[i] in _NUMBER_WORD_FORMS
            or (self.lows[i] in NUMBER_OPENERS and _opens_number(self.words, i))
        )


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def tokenize(text: str) -> Tokens:
    """Cut ``text`` into tokens in one linear pass (see the module docstring)."""
    # Everything blanked is replaced by spaces of the same length, so spans still point into
    # the original text: control codes, numbers that cannot be read, long runs of bare numbers.
    text_for_tokens = _CONTROL.sub(_blank, text) if _CONTROL.search(text) else text
    clean = text_for_tokens
    unread = []
    if _UNREAD.search(text_for_tokens):
        for m in _UNREAD.finditer(text_for_tokens):
            unread.append((m.start(), m.end(), UNREAD_REASONS[m.lastgroup or "digits"]))
        text_for_tokens = _UNREAD.sub(_blank, text_for_tokens)
    if _LIST.search(text_for_tokens):
        text_for_tokens = _LIST.sub(_blank, text_for_tokens)
    pieces = _TOKEN.findall(text_for_tokens)
    ends_all = list(accumulate(map(len, pieces)))
    keep = list(map(not_, map(str.isspace, pieces)))
    words = list(compress(pieces, keep))
    ends = list(compress(ends_all, keep))
    starts = list(map(sub, ends, map(len, words)))
    numbers = [
        i
        for i, w in enumerate(words)
        if w[0] in DIGITS
        or w in _NUMBER_WORD_FORMS
        or (w.lower() in NUMBER_OPENERS and _opens_number(words, i))
    ]
    paragraph_before = {bisect_left(starts, m.end()) for m in _PARAGRAPH.finditer(text)}
    return Tokens(text, words, starts, ends, numbers, paragraph_before, unread=unread, clean=clean)


def _opens_number(words: list[str], i: int) -> bool:
    """ "a hundred", "a thousand", "half a million": an opener right before a scale word."""
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    if words[i].lower() in FRACTIONS:
        return fraction_scale(words, i) is not None
    if words[i].lower() == "half":
        return nxt == "a" and i + 2 < len(words) and words[i + 2].lower() in SCALES
    if words[i].lower() == "a" and nxt in ("quarter", "third"):
        return fraction_scale(words, i + 1) is not None  # "a quarter of a million"
    return words[i].lower() == "a" and nxt in SCALES


def fraction_scale(words: list[str], i: int) -> float | None:
    """ "quarter of a million" at ``i``: the scale (1e6) the fraction word takes part of."""
    if [w.lower() for w in words[i + 1 : i + 3]] != ["of", "a"] or i + 3 >= len(words):
        return None
    return SCALES.get(words[i + 3].lower())


def number_value(word: str) -> float | None:
    """The value of one number token ("1,376", "70 000", "1.2", "Twelve"); None if it is no
    plausible figure (longer than a trillion's digits)."""
    if word[0] in DIGITS:
        if len(word) > MAX_NUMBER_CHARS:
            return None
        if _DECIMAL_COMMA.fullmatch(word):
            return float(word.replace(",", "."))  # "486,5" before an area unit
        return float(re.sub(r"[^0-9.]", "", word))
    return float(NUMBER_WORDS[word.lower()])


def has_separator(word: str) -> bool:
    """Is the number written with a thousands separator ("1,000", "70 000")?"""
    return any(c in word for c in ", \u00a0\u202f\u2009")


def parse_number(text: str, scale: str | None = None) -> float:
    """A number as news writes it: "1,000", "70 000", "1.2" with "million", "11" with "k".

    >>> parse_number("1.2", "million")
    1200000.0
    """
    value = number_value(text.strip())
    if value is None:
        raise ValueError(f"not a number: {text[:40]!r}")
    s = (scale or "").strip()
    return value * SCALES.get(s.lower(), GLUED_SCALES.get(s, 1))
