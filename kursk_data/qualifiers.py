"""The one rule that turns a worded figure into an interval.

A claim keeps the figure as stated (``value``) and the qualifier as worded. The interval
``[low, high]`` it implies is computed here and nowhere else:

========== ==========================================================================
qualifier  interval
========== ==========================================================================
exact      ``[X, X]``
about      ``[X - h, X + h]`` with ``h`` = half a unit of X's last non-zero digit,
           kept between 2 % and 10 % of X (``about 90`` -> [85, 95];
           ``about 10,000`` -> [9,000, 11,000]; ``about 11,000`` -> [10,500, 11,500])
over       ``[X, open)``: ``high`` is empty ("over", "more than", "at least")
up_to      ``(open, X]``: ``low`` is empty ("up to", "as many as"); counts are never
           negative, so analyses may read the open end as 0
range      ``[low, high]`` exactly as stated; X (``value``) must lie inside
unknown    ``[X - r, X + r]``: the wording is not known (a figure from a table), so the
           number stands for what it rounds from: ``r`` = half a unit of its last non-zero
           digit, at most 2 % of X (``783,000`` -> [782,500, 783,500])
========== ==========================================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # annotations only: the validator runs without importing pandas
    import pandas as pd

QUALIFIERS: tuple[str, ...] = ("exact", "about", "over", "up_to", "range", "unknown")
ROUNDING_MAX_SHARE = 0.02
ABOUT_MIN_SHARE = 0.02
ABOUT_MAX_SHARE = 0.10

# Powers of ten tried when looking for a number's last non-zero digit.
_EXPONENTS = np.arange(12, -7, -1)


def last_digit_unit(values: np.ndarray | pd.Series | float) -> np.ndarray:
    """Place value of the last non-zero digit of each number (90 -> 10, 1376 -> 1, 0.5 -> 0.1).

    Vectorised over powers of ten, so it is fast on millions of rows. Zero gives 0.
    """
    x = np.abs(np.asarray(values, dtype="float64"))
    unit = np.zeros_like(x)
    todo = np.isfinite(x) & (x > 0)
    for exp in _EXPONENTS:
        if not todo.any():
            break
        step = 10.0**exp
        q = np.where(todo, x, 0.0) / step
        hit = todo & (np.round(q) >= 1) & (np.abs(q - np.round(q)) <= 1e-9 * q)
        unit[hit] = step
        todo &= ~hit
    return unit


def about_halfwidth(
    values: np.ndarray | pd.Series | float, unit: np.ndarray | None = None
) -> np.ndarray:
    """Half-width of the band an "about X" figure implies (see the module docstring).

    ``unit``: ``last_digit_unit(values)`` when the caller has it already.
    """
    x = np.abs(np.asarray(values, dtype="float64"))
    unit = last_digit_unit(x) if unit is None else unit
    return np.clip(0.5 * unit, ABOUT_MIN_SHARE * x, ABOUT_MAX_SHARE * x)


def rounding_halfwidth(
    values: np.ndarray | pd.Series | float, unit: np.ndarray | None = None
) -> np.ndarray:
    """How far a stated number may be from what it rounds: half a unit of its last non-zero
    digit, but at most 2 % of it (so a round "1,000" is not read as anything from 500 to 1,500).

    ``unit``: ``last_digit_unit(values)`` when the caller has it already.
    """
    x = np.abs(np.asarray(values, dtype="float64"))
    unit = last_digit_unit(x) if unit is None else unit
    return np.minimum(0.5 * unit, ROUNDING_MAX_SHARE * x)


def implied_bounds(
    value: np.ndarray | pd.Series,
    qualifier: np.ndarray | pd.Series,
    low: np.ndarray | pd.Series | None = None,
    high: np.ndarray | pd.Series | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(low, high)`` arrays implied by ``value`` and ``qualifier``; NaN marks an open end.

    For ``range`` rows the stated ``low``/``high`` are passed through unchanged.
    """
    v = np.asarray(value, dtype="float64")
    q = np.asarray(qualifier, dtype=object)
    n = v.shape[0]
    stated_lo = np.full(n, np.nan) if low is None else np.asarray(low, dtype="float64")
    stated_hi = np.full(n, np.nan) if high is None else np.asarray(high, dtype="float64")
    finite = np.where(np.isfinite(v), v, 0.0)
    unit = last_digit_unit(finite)  # once: both half-widths start from it
    h = about_halfwidth(finite, unit)
    r = rounding_halfwidth(finite, unit)
    kinds = [q == "exact", q == "about", q == "over", q == "up_to", q == "range", q == "unknown"]
    lo = np.select(kinds, [v, v - h, v, np.nan, stated_lo, v - r], default=np.nan)
    hi = np.select(kinds, [v, v + h, np.nan, v, stated_hi, v + r], default=np.nan)
    return lo, hi


def describe(qualifier: str, basis: str = "stated") -> str:
    """One-line reading of a claim's figure, used in legends and tables.

    Parameters
    ----------
    qualifier : str
        The qualifier as worded (``exact``, ``about``, ``over``, ``up_to``, ``range``, ``unknown``).
    basis : {"stated", "implied"}
        ``implied`` when nobody gave the number (a claim of full recapture implies 0 km²): the
        reading then says so whatever the qualifier, and never calls the figure stated.
    """
    if basis == "implied":
        return "implied by a claim, not stated as a number"
    return {
        "exact": "stated as an exact figure",
        "about": "approximate: a band from the figure's precision",
        "over": "lower bound: the figure is at least this",
        "up_to": "upper bound: the figure is at most this",
        "range": "a stated range",
        "unknown": "wording unknown: read as the number's rounding",
    }[qualifier]
