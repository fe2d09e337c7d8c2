"""Claim rules: checks across one claim's columns (unit and topic, plausibility, bounds implied
by the qualifier, period order, status and side, unit pairs)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kursk_data import schema
from kursk_data.qualifiers import implied_bounds
from kursk_data.units import pair_agrees
from kursk_data.validation.arrays import _emit, _isin, _labels, _map, _nonempty, _Parsed
from kursk_data.validation.problems import Problem


def _close(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(invalid="ignore"):
        return both_nan | (np.abs(a - b) <= 1e-6 * np.maximum(1.0, np.abs(b)))


def check_claim_rules(
    frame: pd.DataFrame, name: str, parsed: _Parsed | None = None
) -> list[Problem]:
    """Rules across a claim's columns: units, bounds, periods, status and unit pairs."""
    parsed = parsed or _Parsed(frame, schema.table("claims"))
    problems: list[Problem] = []
    value, low, high = (parsed.numbers[c] for c in ("value", "low", "high"))
    alt = parsed.numbers["alt_value"]
    unit = _labels(frame["unit"])
    qual = _labels(frame["qualifier"])
    topic = frame["topic"]

    want_unit = _map(topic, schema.TOPIC_UNIT)
    known_unit = _isin(frame["unit"], schema.TOPIC_UNIT.values())
    bad_unit = (want_unit != None) & known_unit & (unit.astype(object) != want_unit)  # noqa: E711
    _emit(
        problems,
        name,
        frame,
        bad_unit,
        "unit",
        [
            f"topic {t!r} is counted in {u}"
            for t, u in zip(topic.to_numpy()[bad_unit], want_unit[bad_unit], strict=True)
        ],
    )
    with np.errstate(invalid="ignore"):
        for u, cap in schema.MAX_PLAUSIBLE.items():
            _emit(
                problems,
                name,
                frame,
                (unit == u) & (value > cap),
                "value",
                f"implausible: more than {cap:,.0f} {u} (an extra zero, or the wrong unit?)",
            )
        both = ~np.isnan(low) & ~np.isnan(high)
        _emit(problems, name, frame, both & (low > high), "low", "low is greater than high")

        known = np.isin(qual, ("exact", "about", "over", "up_to", "unknown"))
        fine = np.isfinite(value)
        exp_lo, exp_hi = implied_bounds(np.where(fine, value, 0.0), qual, low, high)
        for col, got, exp in (("low", low, exp_lo), ("high", high, exp_hi)):
            bad = known & fine & ~_close(got, exp)
            rules = [
                f"for qualifier {str(q)!r} and value {v:g}, {col} must be "
                + ("empty (open)" if np.isnan(e) else f"{e:g}")
                + " (rule: README 'Qualifiers and bounds')"
                for q, v, e in zip(qual[bad], value[bad], exp[bad], strict=True)
            ]
            _emit(problems, name, frame, bad, col, rules)
        rng = qual == "range"
        _emit(
            problems,
            name,
            frame,
            rng & (np.isnan(low) | np.isnan(high)),
            "low",
            "a range needs both low and high",
        )
        outside = rng & both & fine & ((value < low) | (value > high))
        _emit(
            problems, name, frame, outside, "value", "value lies outside the stated range low-high"
        )

    start, end = parsed.dates["period_start"].values, parsed.dates["period_end"].values
    _emit(
        problems,
        name,
        frame,
        ~np.isnat(start) & ~np.isnat(end) & (end < start),
        "period_end",
        "period ends before it starts",
    )
    since = parsed.dates["since"].values
    _emit(
        problems,
        name,
        frame,
        ~np.isnat(since) & ~np.isnat(start) & (since > start),
        "since",
        "a running total is counted from a date on or before the period it is as of",
    )

    side = frame["claimant_side"]
    want_status = _map(side, schema.SIDE_STATUS)
    status = _labels(frame["status"]).astype(object)
    known_status = _isin(frame["status"], schema.SIDE_STATUS.values())
    bad_status = (want_status != None) & known_status & (status != want_status)  # noqa: E711
    _emit(
        problems,
        name,
        frame,
        bad_status,
        "status",
        [
            f"a claimant on side {s!r} makes the status {w!r}"
            for s, w in zip(side.to_numpy()[bad_status], want_status[bad_status], strict=True)
        ],
    )

    has_alt = ~np.isnan(alt)
    has_alt_unit = _nonempty(frame["alt_unit"])
    _emit(
        problems,
        name,
        frame,
        has_alt & ~has_alt_unit,
        "alt_unit",
        "alt_value is given without alt_unit",
    )
    _emit(
        problems,
        name,
        frame,
        ~has_alt & has_alt_unit,
        "alt_value",
        "alt_unit is given without alt_value",
    )
    pair = has_alt & has_alt_unit & (unit == "km2") & np.isfinite(value)
    if pair.any():
        agrees, expected = pair_agrees(value[pair], alt[pair])
        bad = np.zeros(len(frame), bool)
        bad[np.flatnonzero(pair)[~agrees]] = True
        _emit(
            problems,
            name,
            frame,
            bad,
            "alt_value",
            [
                f"does not match value {v:g} km2 within rounding (expected about {e:g} mi2)"
                for v, e in zip(value[bad], expected[~agrees], strict=True)
            ],
        )
    _emit(
        problems,
        name,
        frame,
        has_alt & (unit != "km2"),
        "alt_unit",
        "a second unit is only kept for areas (km2 with mi2)",
    )
    return problems


def check_source_rules(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Rules across a source's columns: a source without an address says how figures arrived."""
    problems: list[Problem] = []
    _emit(
        problems,
        name,
        frame,
        ~_nonempty(frame["url"]) & ~_nonempty(frame["note"]),
        "note",
        "a source without a url needs a note saying how its figures reached the ledger",
    )
    return problems
