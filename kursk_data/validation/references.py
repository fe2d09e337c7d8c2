"""Reference checks: keys across rows and tables (sources exist, parts name a total that is
not smaller)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation.arrays import (
    _arrow,
    _emit,
    _isin,
    _nonempty,
    _np,
    _numbers,
    _Parsed,
)
from kursk_data.validation.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable


def check_references(
    claims: pd.DataFrame,
    name: str,
    source_ids: Iterable[str],
    base_claims: pd.DataFrame | None = None,
    parsed: _Parsed | None = None,
) -> list[Problem]:
    """Keys across tables: source_id must exist; part_of must name a total that is not smaller.

    ``base_claims`` are claims already in the ledger that ``part_of`` may also point to.
    """
    problems: list[Problem] = []
    src = claims["source_id"]
    _emit(
        problems,
        name,
        claims,
        _nonempty(src) & ~_isin(src, source_ids),
        "source_id",
        "unknown source_id: add it to the sources file first",
    )
    ledger = claims if base_claims is None else pd.concat([base_claims, claims])
    problems += _same_statement(claims, name, ledger)
    part = claims["part_of"]
    has = _nonempty(part)
    if not has.any():
        return problems
    ids = ledger["claim_id"]
    _emit(
        problems,
        name,
        claims,
        has & ~_isin(part, ids),
        "part_of",
        "part_of names no claim_id in the ledger",
    )
    _emit(
        problems,
        name,
        claims,
        has & _np(pc.equal(_arrow(part), _arrow(claims["claim_id"]))),
        "part_of",
        "a claim cannot be part of itself",
    )
    linked = has & _isin(part, ids)
    totals = ledger.drop_duplicates("claim_id").set_index("claim_id")
    t = totals.loc[part[linked].to_numpy()]
    parsed = parsed or _Parsed(claims, schema.table("claims"))
    p_low = np.nan_to_num(parsed.numbers["low"][linked], nan=0.0)
    p_val = parsed.numbers["value"][linked]
    t_high = _numbers(t["high"])
    with np.errstate(invalid="ignore"):
        exceeds = ~np.isnan(t_high) & (np.fmax(p_low, 0) > t_high + 1e-9)
    bad_unit = claims["unit"].to_numpy()[linked] != t["unit"].to_numpy()
    where = np.flatnonzero(linked)
    mask = np.zeros(len(claims), bool)
    mask[where[exceeds & ~bad_unit]] = True
    sel = exceeds & ~bad_unit
    _emit(
        problems,
        name,
        claims,
        mask,
        "part_of",
        [
            f"part exceeds its total: {v:g} is more than {h:g}, the most {pid} allows"
            for v, h, pid in zip(p_val[sel], t_high[sel], part.to_numpy()[linked][sel], strict=True)
        ],
    )
    mask = np.zeros(len(claims), bool)
    mask[where[bad_unit]] = True
    _emit(problems, name, claims, mask, "part_of", "a part must have the unit of its total")
    return problems


# --------------------------------------------------------------------------- entry points


def _same_statement(claims: pd.DataFrame, name: str, ledger: pd.DataFrame) -> list[Problem]:
    """``same_statement_as`` names another row of the ledger reporting the same figure."""
    problems: list[Problem] = []
    same = claims["same_statement_as"]
    has = _nonempty(same)
    if not has.any():
        return problems
    ids = ledger["claim_id"]
    known = has & _isin(same, ids)
    _emit(
        problems, name, claims, has & ~known, "same_statement_as", "names no claim_id in the ledger"
    )
    _emit(
        problems,
        name,
        claims,
        has & _np(pc.equal(_arrow(same), _arrow(claims["claim_id"]))),
        "same_statement_as",
        "a claim cannot be the same statement as itself",
    )
    if not known.any():
        return problems
    other = ledger.drop_duplicates("claim_id").set_index("claim_id").loc[same[known].to_numpy()]
    mine = claims[known]
    differs = (
        (mine["measure"].to_numpy() != other["measure"].to_numpy())
        | (mine["unit"].to_numpy() != other["unit"].to_numpy())
        | (_numbers(mine["value"]) != _numbers(other["value"]))
    )
    mask = np.zeros(len(claims), bool)
    mask[np.flatnonzero(known)[differs]] = True
    _emit(
        problems,
        name,
        claims,
        mask,
        "same_statement_as",
        "one statement has one measure, unit and value: this row and the row it names differ",
    )
    return problems


def check_source_references(sources: pd.DataFrame, name: str, source_ids) -> list[Problem]:
    """``via`` names a source that exists (the dataset a figure was read through)."""
    problems: list[Problem] = []
    via = sources["via"]
    has = _nonempty(via)
    _emit(
        problems,
        name,
        sources,
        has & ~_isin(via, source_ids),
        "via",
        "names no source_id: add the dataset to the sources file",
    )
    _emit(
        problems,
        name,
        sources,
        has & _np(pc.equal(_arrow(via), _arrow(sources["source_id"]))),
        "via",
        "a source cannot be read via itself",
    )
    return problems
