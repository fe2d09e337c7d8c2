"""Tokens and numbers: the one pass over the text every other step works from.

The text is cut into tokens once, by one regular expression whose alternatives cannot
backtrack far (a number, a run of letters, a run of spaces, any other character), so reading
is linear in the length of the text whatever it holds. Every later step looks at a bounded
number of tokens around each number, so the whole checker stays linear.

Numbers are read the way news writes them: ``1,376``, ``70 000`` (a space or a no-break space
between groups of three), ``1.2``, with a scale after them (``12 thousand``, ``1.3 million``,
``11k``, ``70K``) and the number words ``one`` to ``twenty``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import not_, sub

# A number as one token. Groups of three after a comma, or after a space-like separator (news
# agencies write "70 000"); the look-ahead keeps "1,2345" from being cut inside a digit run.
_NUMBER = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9])"
    r"|[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![0-9])"
    r"|[0-9]+(?:\.[0-9]+)?"
)
_TOKEN = re.compile(rf"{_NUMBER}|[^\W\d_]+|\s+|.", re.S)
# Ten or more numbers separated only by commas, dots or spaces: a table or noise, never prose.
# Atomic groups (Python 3.11) so a failed attempt never backtracks into the run.
_LIST = re.compile(r"(?:[0-9]++[ ,.\u00a0\u202f\u2009]++){10,}+[0-9]*+")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n")

DIGITS = frozenset("0123456789")
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
# Spellings a number word may have in running text, for a fast membership test.
_NUMBER_WORD_FORMS = frozenset(f for w in NUMBER_WORDS for f in (w, w.capitalize(), w.upper())) - {
    "zero",
    "Zero",
    "ZERO",
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "mln": 1_000_000}
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
        """Sorted indices of the tokens (lower case) in ``vocabulary``; built once per text."""
        key = id(vocabulary)
        if key not in self.cache:
            self.cache[key] = [i for i, w in enumerate(self.lows) if w in vocabulary]
        return self.cache[key]

    def glued(self, i: int) -> bool:
        """Does token ``i`` follow token ``i - 1`` with no space between?"""
        return 0 < i < len(self.words) and self.starts[i] == self.ends[i - 1]

    def is_number(self, i: int) -> bool:
        return 0 <= i < len(self.words) and (
            self.words[i][0] in DIGITS or self.words[i] in _NUMBER_WORD_FORMS
        )


def tokenize(text: str) -> Tokens:
    """Cut ``text`` into tokens in one linear pass (see the module docstring)."""
    # Long runs of bare numbers are blanked with spaces of the same length, so spans still
    # point into the original text.
    if _LIST.search(text):
        text_for_tokens = _LIST.sub(lambda m: " " * len(m.group()), text)
    else:
        text_for_tokens = text
    pieces = _TOKEN.findall(text_for_tokens)
    ends_all = list(accumulate(map(len, pieces)))
    keep = list(map(not_, map(str.isspace, pieces)))
    words = list(compress(pieces, keep))
    ends = list(compress(ends_all, keep))
    starts = list(map(sub, ends, map(len, words)))
    numbers = [i for i, w in enumerate(words) if w[0] in DIGITS or w in _NUMBER_WORD_FORMS]
    paragraph_before = {bisect_left(starts, m.end()) for m in _PARAGRAPH.finditer(text)}
    return Tokens(text, words, starts, ends, numbers, paragraph_before)


def number_value(word: str) -> float | None:
    """The value of one number token ("1,376", "70 000", "1.2", "Twelve"); None if it is no
    plausible figure (longer than a trillion's digits)."""
    if word[0] in DIGITS:
        if len(word) > MAX_NUMBER_CHARS:
            return None
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
