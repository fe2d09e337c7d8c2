"""Units: km² ↔ mi² with the exact factor, and checks of figures stated in two units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # annotations only: the validator runs without importing pandas
    import pandas as pd

from kursk_data.qualifiers import last_digit_unit, rounding_halfwidth

# The international mile is exactly 1.609344 km (1959 agreement), so the square mile is exact too.
KM_PER_MILE = 1.609344
KM2_PER_MI2 = KM_PER_MILE**2  # 2.589988110336 exactly


def km2_to_mi2(km2: float | np.ndarray | pd.Series) -> float | np.ndarray | pd.Series:
    """Convert square kilometres to square miles."""
    return km2 / KM2_PER_MI2


def mi2_to_km2(mi2: float | np.ndarray | pd.Series) -> float | np.ndarray | pd.Series:
    """Convert square miles to square kilometres."""
    return mi2 * KM2_PER_MI2


_TO_KM2 = {"km2": 1.0, "mi2": KM2_PER_MI2}


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert an area between ``km2`` and ``mi2``; a unit to itself is returned unchanged."""
    if from_unit == to_unit:
        return value
    try:
        return value * _TO_KM2[from_unit] / _TO_KM2[to_unit]
    except KeyError as err:
        raise ValueError(f"cannot convert {from_unit!r} to {to_unit!r}") from err


@dataclass(frozen=True)
class PairCheck:
    """Result of checking one figure stated in two units."""

    value: float
    unit: str
    alt_value: float
    alt_unit: str
    converted: float  # value expressed in alt_unit
    agrees: bool
    expected_alt: float  # what alt_value should read, rounded like the stated alt_value


def check_pair(value: float, unit: str, alt_value: float, alt_unit: str) -> PairCheck:
    """Check that two statements of one figure agree within the rounding of the stated numbers.

    See :func:`pair_agrees` for the rule.
    """
    if (unit, alt_unit) == ("mi2", "km2"):
        agrees, _ = pair_agrees(np.array([alt_value]), np.array([value]))
    elif (unit, alt_unit) == ("km2", "mi2"):
        agrees, _ = pair_agrees(np.array([value]), np.array([alt_value]))
    else:
        raise ValueError(f"no unit pair {unit!r}/{alt_unit!r}")
    converted = convert(value, unit, alt_unit)
    alt_step = float(last_digit_unit(alt_value)) or 1.0
    expected = round(converted / alt_step) * alt_step
    return PairCheck(value, unit, alt_value, alt_unit, converted, bool(agrees[0]), expected)


def pair_agrees(km2: np.ndarray, mi2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Do km² figures and their stated mi² twins agree within the rounding of both numbers?

    Each stated number stands for an interval (:func:`rounding_halfwidth`); the pair agrees
    when the two intervals, in one unit, overlap. Returns ``(agrees, expected_mi2)``, the
    second being the km² figure converted and rounded like the stated mi² figure.
    """
    km2 = np.asarray(km2, dtype="float64")
    mi2 = np.asarray(mi2, dtype="float64")
    a_r = rounding_halfwidth(km2)  # each half-width once: a pass over powers of ten each
    a_lo, a_hi = km2_to_mi2(km2 - a_r), km2_to_mi2(km2 + a_r)
    step = last_digit_unit(mi2)
    b_r = rounding_halfwidth(mi2, step)
    b_lo, b_hi = mi2 - b_r, mi2 + b_r
    agrees = (a_lo <= b_hi + 1e-9) & (b_lo <= a_hi + 1e-9)
    step = np.where(step > 0, step, 1.0)
    return agrees, np.round(km2_to_mi2(km2) / step) * step
