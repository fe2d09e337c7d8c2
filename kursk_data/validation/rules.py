"""Claim rules: checks across one row's columns (unit and topic, plausibility, the bounds a
qualifier implies, period order, status and side, unit pairs), each reported on the cell that
is wrong. Cells already reported as malformed are left out, so one slip gives one line."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import pair_agrees
from kursk_data.validation.columns import Batch, ints, to_int, to_np
from kursk_data.validation.problems import WARNING, Collector

BOUNDS_RULE = "low/high do not follow the qualifier (README 'Qualifiers and bounds')"


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        return both_nan | (np.abs(a - b) <= 1e-6 * np.maximum(1.0, np.abs(b)))


def _expected_bounds(value: np.ndarray, q: np.ndarray, quals: tuple[str, ...], fine: np.ndarray):
    """The bounds the qualifier rule implies, computed through the rule itself
    (:func:`~kursk_data.qualifiers.implied_bounds`) only where they depend on the figure's
    digits (about, unknown): exact, over and up_to copy the figure."""
    lo, hi = np.full(value.size, np.nan), np.full(value.size, np.nan)
    exact, over, up_to = (q == quals.index(k) for k in ("exact", "over", "up_to"))
    lo[exact | over], hi[exact | up_to] = value[exact | over], value[exact | up_to]
    # Figures repeat (round numbers): the rule runs once per distinct figure of each
    # qualifier, in one call for both.
    rows, values, names = [], [], []
    for name in ("about", "unknown"):
        idx = np.flatnonzero(fine & (q == quals.index(name)))
        if idx.size:
            distinct, back = np.unique(value[idx], return_inverse=True)
            rows.append((idx, back, sum(v.size for v in values)))
            values.append(distinct)
            names.append(np.full(distinct.size, name, dtype=object))
    if values:
        d_lo, d_hi = implied_bounds(np.concatenate(values), np.concatenate(names))
        for idx, back, at in rows:
            lo[idx], hi[idx] = d_lo[at + back], d_hi[at + back]
    return lo, hi


def check_claim_rules(b: Batch, file: str, out: Collector, sides: dict) -> int:
    """Rules across a claim's columns (``sides``: side name -> :class:`schema.Side` known to
    the ledger). Returns how many rows left low or high empty where the qualifier rule fills
    them (not a problem: :func:`fill_bounds` fills them on load)."""
    emit = out.masked(file, b.rows, b.values)
    topics, units = schema.enum("claims", "topic"), schema.enum("claims", "unit")
    topic, unit = b.codes("topic"), b.codes("unit")
    want = np.array([units.index(schema.TOPIC_UNIT[t]) for t in topics])
    bad_unit = (topic >= 0) & (unit >= 0) & (unit != want[np.maximum(topic, 0)])
    emit(
        "unit",
        bad_unit,
        lambda i: [f"topic {topics[t]!r} is counted in {units[want[t]]}" for t in topic[i]],
        kind="unit does not match the topic",
    )

    value, low, high = b.number("value"), b.number("low"), b.number("high")
    quals = schema.enum("claims", "qualifier")
    q = b.codes("qualifier")
    rng = q == quals.index("range")
    with np.errstate(invalid="ignore"):
        # Stated figures only: the bounds of "about 100,000" may pass the cap, the figure not.
        for col, v, stated in (("value", value, True), ("low", low, rng), ("high", high, rng)):
            for u, cap in schema.MAX_PLAUSIBLE.items():
                emit(
                    col,
                    stated & (unit == units.index(u)) & (v > cap),
                    f"implausible: more than {cap:,.0f} {u} (an extra zero, or the wrong unit?)",
                    kind="implausible figure",
                )
        has_low, has_high = ~np.isnan(low), ~np.isnan(high)
        emit("low", has_low & has_high & (low > high), "low is greater than high")

        fine = np.isfinite(value)
        ruled = (q >= 0) & ~rng & fine
        exp_lo, exp_hi = _expected_bounds(value, q, quals, fine)
        for col, got, exp in (("low", low, exp_lo), ("high", high, exp_hi)):
            # A malformed cell is reported as such; an empty one may be the mistake.
            given = b.present(col) & ~b.numbers(col).bad & ~b.numbers(col).nonfinite
            wrong = ruled & given & ~_close(got, exp)
            emit(
                col,
                wrong,
                lambda i, col=col, exp=exp: [
                    f"for qualifier {quals[q[j]]!r} and value {value[j]:g}, {col} must be "
                    + ("empty (open)" if np.isnan(exp[j]) else f"{exp[j]:g}")
                    + " (rule: README 'Qualifiers and bounds')"
                    for j in i
                ],
                kind=BOUNDS_RULE,
            )
        for col in ("low", "high"):
            emit(
                col,
                rng & ~b.present(col),
                "a range needs both low and high: this one is empty",
                kind="a range needs both low and high",
            )
        outside = rng & has_low & has_high & fine & ((value < low) | (value > high))
        emit("value", outside, "value lies outside the stated range low-high")

    start, end = b.dates("period_start").days, b.dates("period_end").days
    emit(
        "period_end",
        ~np.isnat(start) & ~np.isnat(end) & (end < start),
        "period ends before it starts",
    )
    since = b.dates("since").days
    emit(
        "since",
        ~np.isnat(since) & ~np.isnat(start) & (since > start),
        "a running total is counted from a date on or before the period it is as of",
    )

    # The status follows from the role of the claimant's side (sides.csv).
    enc = pc.dictionary_encode(b.text("claimant_side"))
    names, codes = enc.dictionary.to_pylist(), to_int(enc.indices)
    roles = [sides.get(n) for n in names]
    known = np.array([r is not None for r in roles], bool)[codes]
    emit(
        "claimant_side",
        b.present("claimant_side") & ~b.padded("claimant_side") & ~known,
        "unknown side: describe it in a sides file (--sides, sides_path=) or use one of "
        + ", ".join(schema.known_sides()),
        kind="unknown side",
    )
    want_of = [r.status if r is not None else "" for r in roles]
    statuses = schema.enum("claims", "status")
    want = np.array([statuses.index(w) if w else -1 for w in want_of])[codes]
    status = b.codes("status")
    emit(
        "status",
        known & (status >= 0) & (status != want),
        lambda i: [
            f"a claimant on side {names[codes[j]]!r} makes the status {statuses[want[j]]!r}"
            for j in i
        ],
        kind="status does not match the side",
    )

    alt = b.number("alt_value")
    has_alt = b.present("alt_value")
    has_alt_unit = b.present("alt_unit")
    emit("alt_unit", has_alt & ~has_alt_unit, "alt_value is given without alt_unit")
    emit("alt_value", ~has_alt & has_alt_unit, "alt_unit is given without alt_value")
    km2 = unit == units.index("km2")
    pair = ~np.isnan(alt) & b.is_("alt_unit", "mi2") & km2 & fine
    if pair.any():
        idx = np.flatnonzero(pair)
        agrees, expected = pair_agrees(value[idx], alt[idx])
        bad = np.zeros(b.n, bool)
        bad[idx[~agrees]] = True
        exp_of = dict(zip(idx[~agrees].tolist(), expected[~agrees].tolist(), strict=True))
        emit(
            "alt_value",
            bad,
            lambda i: [
                f"does not match value {value[j]:g} km2 within rounding "
                f"(expected about {exp_of[j]:g} mi2)"
                for j in i
            ],
            kind="the two units disagree",
        )
    emit(
        "alt_unit",
        has_alt & has_alt_unit & (unit >= 0) & ~km2,
        "a second unit is only kept for areas (km2 with mi2)",
    )
    # Empty bounds the rule fills (an open end stays empty, and is no fill).
    return int(
        (
            ruled
            & ((~b.present("low") & ~np.isnan(exp_lo)) | (~b.present("high") & ~np.isnan(exp_hi)))
        ).sum()
    )


def check_dates_against_sources(b: Batch, file: str, out: Collector, published: np.ndarray) -> None:
    """Warn about a claim dated after the page that reports it was published.

    ``published[i]`` is the publication day of the source of row ``i`` (NaT when unknown).
    """
    emit = out.masked(file, b.rows, b.values)
    known = ~np.isnat(published)
    if not known.any():
        return
    src = b.text("source_id")
    for column, what in (
        ("period_start", "the period starts"),
        ("reported_date", "the figure was reported"),
    ):
        day = b.dates(column).days
        late = known & ~np.isnat(day) & (day > published)
        emit(
            column,
            late,
            lambda i, what=what: [
                f"{what} after its source was published ({s}, {p}): "
                "a typo in the date, or the wrong source?"
                for s, p in zip(src.take(i).to_pylist(), published[i].astype(str), strict=True)
            ],
            kind="dated after its source was published",
            severity=WARNING,
        )


def check_source_rules(b: Batch, file: str, out: Collector) -> None:
    """A source without an address says how its figures arrived."""
    emit = out.masked(file, b.rows, b.values)
    emit(
        "note",
        ~b.present("url") & ~b.present("note"),
        "a source without a url needs a note saying how its figures reached the ledger",
    )
    published, accessed = b.dates("published").days, b.dates("accessed").days
    emit(
        "accessed",
        ~np.isnat(published) & ~np.isnat(accessed) & (accessed < published),
        "accessed before it was published: a typo in one of the dates?",
        kind="accessed before published",
        severity=WARNING,
    )


# Words of a measure that belong to one topic: a measure with another topic's words and none of
# its own contradicts its topic ("russian_troops_killed" filed under territory).
TOPIC_WORDS = {
    "territory": ("area", "held", "territory", "km2", "ground", "land", "villages"),
    "troops": ("troops", "deployed", "soldiers", "personnel", "forces", "strength"),
    "losses": ("killed", "wounded", "losses", "casualties", "dead"),
    "prisoners": ("captured", "prisoners", "pows", "pow", "taken"),
    "equipment": ("tanks", "tank", "vehicles", "artillery", "aircraft", "drones", "equipment"),
}
_WORDING = {  # how a wording starts, and the qualifiers it fits
    r"(?i)^(about|around|approximately|roughly|some|nearly|almost|~)\b": ("about", "unknown"),
    r"(?i)^(over|more than|at least|upwards of)\b": ("over",),
    r"(?i)^(up to|as many as|at most|no more than)\b": ("up_to",),
}
_BIDI = r"[\x{202A}-\x{202E}\x{2066}-\x{2069}]"
_MIXED = r"(?i)\b(?:[a-z]+[\p{Cyrillic}\p{Greek}]|[\p{Cyrillic}\p{Greek}]+[a-z])\w*"


def check_slips(b: Batch, file: str, out: Collector) -> None:
    """Warnings for what is valid but looks like a slip, and bidi controls in a claimant."""
    emit = out.masked(file, b.rows, b.values)
    # Measures repeat: each distinct one is read once.
    enc = pc.dictionary_encode(b.text("measure"))
    codes, topic = to_int(enc.indices), b.codes("topic")
    topics = schema.enum("claims", "topic")
    own = np.zeros(b.n, bool)
    other = np.zeros(b.n, bool)
    for t, name in enumerate(topics):
        words = f"(^|_)({'|'.join(TOPIC_WORDS.get(name, ()))})(_|$)"
        hit = to_np(pc.match_substring_regex(enc.dictionary, words))[codes]
        own |= hit & (topic == t)
        other |= hit & (topic >= 0) & (topic != t)
    emit(
        "measure",
        other & ~own,
        lambda i: [
            f"reads like another topic than {topics[topic[j]]!r}: the wrong topic?" for j in i
        ],
        kind="a measure that contradicts its topic",
        severity=WARNING,
    )
    start, end = b.dates("period_start").days, b.dates("period_end").days
    days = (end - start).astype("timedelta64[D]").astype(float)
    emit(
        "period_precision",
        b.is_("period_precision", "day") & (days > 1),
        lambda i: [
            f"day, but the period spans {days[j]:.0f} days: week, month or year?" for j in i
        ],
        kind="a day's precision on a longer period",
        severity=WARNING,
    )
    reported = b.dates("reported_date").days
    early = ~np.isnat(reported) & ~np.isnat(start) & (reported < start - np.timedelta64(365, "D"))
    emit(
        "reported_date",
        early,
        "more than a year before the period starts: a typo in the year?",
        kind="reported long before the period",
        severity=WARNING,
    )
    quals = schema.enum("claims", "qualifier")
    q = b.codes("qualifier")
    head = pc.utf8_slice_codeunits(b.text("wording"), 0, 16)  # the words a wording opens with
    for pattern, fits in _WORDING.items():
        said = to_np(pc.match_substring_regex(head, pattern))
        fit = np.isin(q, [quals.index(f) for f in (*fits, "range")], kind="table")
        emit(
            "qualifier",
            said & ~fit & (q >= 0),
            lambda i, fits=fits: [f"the wording reads as {' or '.join(fits)!r}" for _ in i],
            kind="a qualifier the wording contradicts",
            severity=WARNING,
        )
    # Only a claimant beyond ASCII can hold a bidi control or a letter of another script.
    claimant = b.text("claimant")
    wide = np.flatnonzero(~to_np(pc.string_is_ascii(claimant)))
    bidi, mixed = np.zeros(b.n, bool), np.zeros(b.n, bool)
    if wide.size:
        sub = claimant.take(ints(wide))
        bidi[wide] = to_np(pc.match_substring_regex(sub, _BIDI))
        mixed[wide] = to_np(pc.match_substring_regex(sub, _MIXED))
    emit(
        "claimant",
        bidi,
        "contains a bidirectional control character (it reorders the text as shown): remove it",
        kind="a bidirectional control character",
    )
    emit(
        "claimant",
        mixed,
        "mixes Latin and Cyrillic or Greek letters in one word: a look-alike letter?",
        kind="look-alike letters of another script",
        severity=WARNING,
    )
