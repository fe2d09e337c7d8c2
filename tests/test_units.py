"""Units and the two rules that turn words into numbers."""

from __future__ import annotations

import numpy as np
import pytest

import kursk_data as kd
from kursk_data.qualifiers import implied_bounds, last_digit_unit
from kursk_data.units import KM2_PER_MI2, check_pair, km2_to_mi2, mi2_to_km2


def test_square_mile_factor_is_exact():
    # 1 mile = 1609.344 m by definition, so 1 sq mi = 1609.344**2 m2 exactly.
    assert pytest.approx(2.589988110336, abs=1e-15) == KM2_PER_MI2
    assert mi2_to_km2(km2_to_mi2(1234.5)) == pytest.approx(1234.5)
    assert km2_to_mi2(2.589988110336) == pytest.approx(1.0)


def test_every_pair_in_the_ledger_agrees():
    pairs = kd.check_pairs()
    assert len(pairs) >= 2
    assert pairs["agrees"].all(), pairs


@pytest.mark.parametrize(
    ("km2", "mi2", "ok"),
    [
        (90, 35, True),
        (1000, 386, True),
        (90, 56, False),  # 56 appears in one copy of the report
        (1376, 531, True),
        (428, 165, True),
        (140, 54, True),
        (1000, 400, True),
        (1000, 500, False),
    ],
)
def test_pair_check(km2, mi2, ok):
    assert check_pair(km2, "km2", mi2, "mi2").agrees is ok


def test_pair_check_says_what_it_should_have_been():
    assert check_pair(90, "km2", 56, "mi2").expected_alt == 35


@pytest.mark.parametrize(
    ("x", "unit"),
    [
        (90, 10),
        (1376, 1),
        (10000, 10000),
        (11000, 1000),
        (0.5, 0.1),
        (1.2e6, 1e5),
        (34.75, 0.01),
        (0, 0),
    ],
)
def test_last_digit_unit(x, unit):
    assert last_digit_unit(np.array([x]))[0] == pytest.approx(unit)


@pytest.mark.parametrize(
    ("value", "qual", "lo", "hi"),
    [
        (90, "about", 85, 95),  # half a unit of the tens digit
        (10000, "about", 9000, 11000),  # capped at 10 %
        (1376, "about", 1376 * 0.98, 1376 * 1.02),  # at least 2 %
        (1000, "over", 1000, np.nan),
        (70000, "up_to", np.nan, 70000),
        (0, "exact", 0, 0),
    ],
)
def test_one_rule_for_bounds(value, qual, lo, hi):
    got_lo, got_hi = implied_bounds(np.array([value], float), np.array([qual], object))
    np.testing.assert_allclose([got_lo[0], got_hi[0]], [lo, hi])


def test_ledger_bounds_follow_the_rule():
    df = kd.load_claims()
    lo, hi = implied_bounds(
        df["value"].astype(float).to_numpy(),
        df["qualifier"].astype(str),
        df["low"].astype(float).to_numpy(),
        df["high"].astype(float).to_numpy(),
    )
    np.testing.assert_allclose(df["low"].astype(float), lo)
    np.testing.assert_allclose(df["high"].astype(float), hi)
