"""The figures of a text as a tidy frame, and the checker's report on them."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

import pandas as pd

from kursk_data.extract.counts import infer
from kursk_data.extract.measures import WHAT_WORDS
from kursk_data.extract.pairs import pair_verdicts
from kursk_data.extract.reader import scan
from kursk_data.extract.tokens import LINE_BREAK, tokenize
from kursk_data.qualifiers import implied_bounds

_BLANK_LINE = re.compile(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)")
_SENTENCE_END = re.compile(r"[.!?;]\s")
_SPACE = re.compile(r"\s")

COLUMNS = [
    "start",
    "end",
    "line",
    "phrase",
    "value",
    "unit",
    "qualifier",
    "qualifier_word",
    "low",
    "high",
    "alt_value",
    "alt_unit",
    "first_unit",
    "pair_ok",
    "expected_alt",
    "pair_check",
    "who",
    "what",
    "measure",
    "why",
]


def find_figures(text: str) -> pd.DataFrame:
    """Every figure ``text`` states, in order of appearance.

    Returns
    -------
    pandas.DataFrame
        One row per figure:

        ``start``, ``end``, ``line``
            Character span of the phrase in ``text`` and its line (from 1).
        ``phrase``
            The figure as written, qualifier and unit included ("up to 70,000 Russian
            soldiers", "90 sq km (35 sq miles)").
        ``value``, ``unit``
            The figure in the ledger's canonical unit: ``km2`` (an area given only in square
            miles is converted) or ``personnel``. For a range, its upper figure.
        ``qualifier``, ``qualifier_word``
            The ledger qualifier (``exact``, ``about``, ``over``, ``up_to``, ``range``) and the
            words it was read from ("an estimated", "exceeded", "between").
        ``low``, ``high``
            The interval the figure implies, by the ledger's rule
            (:func:`kursk_data.qualifiers.implied_bounds`); for a range, its stated ends.
            NaN is an open end.
        ``alt_value``, ``alt_unit``, ``first_unit``
            The area in square miles as the text states it (``mi2``), and which unit the text
            gave first.
        ``pair_ok``, ``expected_alt``, ``pair_check``
            For an area given in both units: do they agree within the rounding of the stated
            numbers (nullable boolean), the mile figure the kilometre one implies (rounded like
            the stated one), and the verdict in words ("BAD PAIR: 90 km² is about 34.7 sq mi;
            the text says 56").
        ``who``, ``what``, ``measure``
            What the figure counts: side (``russian``, ``ukrainian``, ``north_korean``, ...),
            what (``deployed``, ``killed``, ``wounded``, ``killed_and_wounded``,
            ``captured``, ``area_held``, ...) and the ledger's measure name; empty when the
            text does not say (see :mod:`kursk_data.extract.counts`).
        ``why``
            When ``measure`` is empty, why ("the text names no side", "a prisoner exchange,
            not a count of captures", "a whole army, not a force in Kursk").
    """
    if not isinstance(text, str):
        raise TypeError(f"find_figures expects text (str), not {type(text).__name__}")
    return _find(text)[0]


def _find(text: str, first_line: int = 1) -> tuple[pd.DataFrame, list[dict]]:
    """The figures of ``text`` (lines counted from ``first_line``) and its unread numbers as
    report rows."""
    tok = tokenize(text)
    figures = scan(tok)
    # Where each line break ends: "\n", "\r\n" and a lone "\r" each end one line.
    breaks = [m.end() for m in LINE_BREAK.finditer(text)]
    rows = []
    previous = None
    for n, f in enumerate(figures):
        seg_start = figures[n - 1].last + 1 if n else 0
        seg_end = figures[n + 1].first - 1 if n + 1 < len(figures) else len(tok) - 1
        reading = infer(
            tok,
            unit=f.unit,
            first=f.first,
            last=f.last,
            noun=f.noun,
            modifiers=f.modifiers,
            seg_start=seg_start,
            seg_end=seg_end,
            previous=previous,
            context=f.context,
            value=f.value,
        )
        previous = (f.last, reading)
        start, end = tok.starts[f.first], tok.ends[f.last]
        rows.append(
            {
                "start": start,
                "end": end,
                "line": bisect_right(breaks, start) + first_line,
                "phrase": " ".join(tok.clean[start:end].split()),
                "value": f.value,
                "unit": f.unit,
                "qualifier": f.qualifier,
                "qualifier_word": f.qualifier_word,
                "low": f.low,
                "high": f.high,
                "alt_value": f.alt_value,
                "alt_unit": f.alt_unit,
                "first_unit": f.first_unit,
                "pair_ok": None,
                "expected_alt": None,
                "pair_check": None,
                "who": reading.who,
                "what": reading.what,
                "measure": reading.measure,
                "why": reading.why,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    paired = [n for n, f in enumerate(figures) if f.pair]
    if paired:
        ok, expected, verdicts = pair_verdicts(
            [figures[n].value for n in paired],
            [figures[n].alt_value for n in paired],
            [figures[n].first_unit for n in paired],
        )
        frame.loc[paired, "pair_ok"] = ok
        frame.loc[paired, "expected_alt"] = expected
        frame.loc[paired, "pair_check"] = verdicts
    for c in ("value", "low", "high", "alt_value", "expected_alt"):
        frame[c] = frame[c].astype("float64")
    for c in ("start", "end", "line"):
        frame[c] = frame[c].astype("int64")
    frame["pair_ok"] = frame["pair_ok"].astype("boolean")
    for c in (
        "qualifier_word",
        "alt_unit",
        "first_unit",
        "pair_check",
        "who",
        "what",
        "measure",
        "why",
    ):
        frame[c] = frame[c].astype(object).where(frame[c].notna(), None)
    if len(frame):
        lo, hi = implied_bounds(frame["value"], frame["qualifier"], frame["low"], frame["high"])
        frame["low"], frame["high"] = lo, hi
    unread = [
        {
            "start": a,
            "end": b,
            "line": bisect_right(breaks, a) + first_line,
            "phrase": _shown(text[a:b]),
            "check": f"UNREAD: {why}",
        }
        for a, b, why in tok.unread
    ]
    return frame, unread


def _shown(raw: str) -> str:
    """A number as written, with invisible and control characters as escapes ("11\\u200b000")."""
    return "".join(
        c
        if c.isprintable() and c != "\u00ad" and not ("\u200b" <= c <= "\u206f")
        else f"\\u{ord(c):04x}"
        for c in " ".join(raw.split())
    )


def describe_counts(who: str | None, what: str | None) -> str:
    """What a figure counts, in words: "North Korean troops killed", "area held"."""
    if what is None:
        return "unclear"
    words = WHAT_WORDS.get(what, what.replace("_", " "))
    if what.startswith(("area", "peak")):
        return words
    side = (who or "").replace("_and_", " and ").replace("_", " ").title().replace(" And ", " and ")
    return f"{side} {words}" if who else f"{words} (side not stated)"


PIECE_CHARS = 1 << 18  # text read at a time by check_stream: memory stays bounded


def _pieces(chunks: Iterable[str], size: int = PIECE_CHARS) -> Iterator[str]:
    """The text of ``chunks`` cut into pieces of about ``size`` characters, each ending at a
    paragraph break where there is one (the reader carries context within a paragraph, never
    across), else at a line break, a sentence end or a space."""
    buf = ""
    for chunk in chunks:
        buf += chunk
        while len(buf) >= 2 * size:
            cut = _cut(buf, size)
            yield buf[:cut]
            buf = buf[cut:]
    while len(buf) > 2 * size:
        cut = _cut(buf, size)
        yield buf[:cut]
        buf = buf[cut:]
    if buf:
        yield buf


def _cut(buf: str, size: int) -> int:
    """Where to end a piece of ``buf``: the last break after ``size`` characters, before its
    last character (so "\\r\\n" is never split)."""
    window = buf[size : 2 * size - 1]
    for pattern in (_BLANK_LINE, LINE_BREAK, _SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(window)]
        if ends:
            return size + ends[-1]
    return 2 * size - 1


def check_stream(
    chunks: Iterable[str], *, ledger: bool = False, claims: pd.DataFrame | None = None
) -> Iterator[tuple[pd.DataFrame, int]]:
    """:func:`check_text` on a text given in chunks (a file read piece by piece): yields the
    report of each piece and how many of its unit pairs disagree, with lines counted over the
    whole text. Memory depends on the piece size, not on the length of the text."""
    line = 1
    for piece in _pieces(chunks):
        report, bad = _check_piece(piece, line, ledger, claims)
        line += len(LINE_BREAK.findall(piece))
        yield report, bad


def check_text(
    text: str, *, ledger: bool = False, claims: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, int]:
    """The figures of ``text`` as a report table, and how many unit pairs disagree.

    With ``ledger=True`` each figure is matched against the ledger (``claims``, by default the
    shipped one) by :func:`kursk_data.extract.ledger.match_ledger`. Numbers the checker could
    not read are rows too: no value, and ``check`` says why ("UNREAD: an invisible character
    inside the number").
    """
    return _check_piece(text, 1, ledger, claims)


def _check_piece(
    text: str, first_line: int, ledger: bool, claims: pd.DataFrame | None
) -> tuple[pd.DataFrame, int]:
    figures, unread = _find(text, first_line)
    report = figures.drop(columns=["start", "end"])
    report["check"] = report["pair_check"].fillna("")
    if ledger:
        from kursk_data.extract.ledger import match_ledger

        if claims is None:
            from kursk_data.load import load_claims

            claims = load_claims()
        report["ledger"] = match_ledger(figures, claims)["ledger"].to_numpy()
    report = report.drop(columns=["pair_check"])
    bad = int((figures["pair_ok"] == False).sum())  # noqa: E712 (nullable boolean)
    if unread:
        rows = pd.DataFrame(unread)
        if ledger:
            rows["ledger"] = "not matched: the number was not read"
        order = pd.concat([figures["start"], rows["start"]], ignore_index=True)
        rows = rows.drop(columns=["start", "end"])
        both = pd.concat([report, rows.astype(object)], ignore_index=True)
        report = both.iloc[order.argsort(kind="stable").to_numpy()].reset_index(drop=True)
        report["pair_ok"] = report["pair_ok"].astype("boolean")
        report["line"] = report["line"].astype("int64")
        for c in report.columns:
            if c in ("value", "low", "high", "alt_value", "expected_alt"):
                report[c] = report[c].astype("float64")
            elif c not in ("line", "pair_ok"):
                report[c] = report[c].astype(object).where(report[c].notna(), None)
    return report, bad


def report_columns(ledger: bool) -> list[str]:
    """The columns ``kursk-data check`` shows as a table."""
    cols = ["line", "phrase", "value", "unit", "qualifier", "measure", "check"]
    return [*cols, "ledger"] if ledger else cols
