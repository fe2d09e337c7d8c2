"""Loaders: the claims ledger and its sources as tidy, typed DataFrames."""

from __future__ import annotations

import os
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kursk_data import schema
from kursk_data.validation import columns as arrays
from kursk_data.validation import read_ledger, shipped_tables

__all__ = [
    "load_claims",
    "load_sources",
    "losses",
    "prisoners",
    "territory",
    "troops",
]


def _typed(table: pa.Table, tschema: schema.Table) -> pd.DataFrame:
    """A validated table of strings as typed columns.

    Numbers and dates go through the validator's own parsers (``validation.columns``), so what
    validates loads: the same number syntax, the same date bounds. Columns are built from the
    Arrow arrays directly (categories from codes, strings from the Arrow strings), never
    through Python objects: typing a small ledger then costs a fraction of what pandas'
    inference from objects does.
    """
    out = {}
    for f in tschema.fields:
        text = arrays.as_strings(table.column(f.name))
        present = arrays.byte_lengths(text) > 0
        if f.enum is not None:
            out[f.name] = _categorical(text, present, f)
        elif f.type == "number":
            values = arrays.numbers(text, present).values
            values = np.where(present, values, np.nan)
            out[f.name] = pd.arrays.FloatingArray(values, np.isnan(values))
        elif f.type == "date":
            days = arrays.dates(text, present).days
            out[f.name] = pd.Series(days.astype("datetime64[ns]"))
        else:
            out[f.name] = _strings(arrays.with_validity(text, present))
    if tschema.name == "claims":
        _fill_bounds(out)
    if "ledger" in table.column_names:
        out["ledger"] = _strings(arrays.as_strings(table.column("ledger")))
    return pd.DataFrame(out).reset_index(drop=True)


def _fill_bounds(out: dict) -> None:
    """Empty low/high filled from the qualifier rule (a range keeps its own; an open end of
    over or up_to stays open): what validate warns it fills."""
    from kursk_data.qualifiers import implied_bounds

    value = out["value"].to_numpy(dtype=float, na_value=np.nan)
    lo, hi = implied_bounds(value, np.asarray(out["qualifier"].astype(object)))
    for col, implied in (("low", lo), ("high", hi)):
        have = out[col].to_numpy(dtype=float, na_value=np.nan)
        filled = np.where(np.isnan(have) & (np.asarray(out["qualifier"]) != "range"), implied, have)
        out[col] = pd.arrays.FloatingArray(np.nan_to_num(filled), np.isnan(filled))


def _categorical(text: pa.StringArray, present: np.ndarray, f: schema.Field) -> pd.Categorical:
    """An enum column: each cell's position in the enum; an empty cell reads as what
    ``schema.EMPTY_MEANS`` says it means, or as missing."""
    enum = f.enum or ()
    codes = arrays.to_int(pc.index_in(text, value_set=arrays.strings(enum)), -1)
    empty = schema.EMPTY_MEANS.get(f.name)
    if empty is not None:
        codes[~present] = enum.index(empty)
    # from_codes gives the codes the width pandas picks for these categories (int8 here).
    return pd.Categorical.from_codes(codes, dtype=_category_dtype(tuple(enum)))


@cache
def _category_dtype(enum: tuple[str, ...]) -> pd.CategoricalDtype:
    # Built (and its categories checked) once per enum, not once per column and call.
    return pd.CategoricalDtype(list(enum))


def _strings(arr: pa.StringArray) -> pd.Series:
    """Arrow strings (nulls = missing) as pandas' ``string`` dtype, stored as pandas stores
    it (one chunk of large_string), without a round trip through Python strings."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([arr.cast(pa.large_string())])))


SHIPPED = "shipped"


def ledger_name(path: str | os.PathLike[str]) -> str:
    """The ``ledger`` label of a user's claims file (never ``"shipped"``): its path relative
    to the working folder when it lies inside it, else its file name alone. The label is
    written into exported files (JSON output, a figure's data file), where a path as typed
    (``/home/alice/...``) would give away the user's folders. Bytes a file name may hold that
    are not UTF-8 are written as escapes."""
    from kursk_data.validation.read import display_name

    name = display_name(path)
    try:
        label = os.path.relpath(os.path.abspath(name))
    except (ValueError, OSError):  # another drive (Windows), a working folder since removed
        label = os.pardir
    if label == os.pardir or label.startswith(os.pardir + os.sep):
        label = os.path.basename(name)
    return os.path.join(".", label) if label == SHIPPED else label


def _with_ledger(table: pa.Table, name: str) -> pa.Table:
    return table.append_column("ledger", pa.array([name] * table.num_rows, pa.string()))


def _merged(path, sources_path, shipped: bool = True, sides_path=None) -> tuple[pa.Table, pa.Table]:
    """Claims (with their ``ledger``) and sources as validated tables of strings: the user's
    files merged into the shipped ledger, or on their own when ``shipped`` is false."""
    if shipped:
        base_claims, base_sources = shipped_tables()
        base_claims = _with_ledger(base_claims, SHIPPED)
        if path is None and sources_path is None:
            return base_claims, base_sources
    elif path is None and sources_path is None:
        raise ValueError(
            "shipped=False loads only your own files: give path= (claims) and/or "
            "sources_path= (sources)"
        )
    claims, sources = read_ledger(path, sources_path, sides_path=sides_path, shipped=shipped)
    if sides_path is not None:
        schema.use_sides(sides_path)
    claims = _with_ledger(claims, ledger_name(path) if path is not None else SHIPPED)
    if not shipped:
        return claims, sources
    return (
        pa.concat_tables([base_claims, claims]),
        pa.concat_tables([base_sources, sources]),
    )


@cache
def _shipped_typed() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shipped ledger, typed once per process (callers get copies: the cache is never
    handed out to be changed)."""
    claims, sources = _merged(None, None, True)
    return _typed(claims, schema.table("claims")), _typed(sources, schema.table("sources"))


def _ids_of_role(role: str, sources: pa.Table, shipped: bool) -> list[str]:
    """Source ids of one role. Merged into the shipped ledger, the article and the context are
    the shipped ones: a user's source is the user's whatever role its file gives it, so it
    never joins the shipped article's claims."""
    ids = sources.column("source_id").to_pylist()
    roles = sources.column("role").to_pylist()
    if not shipped:
        return [s for s, r in zip(ids, roles, strict=True) if r == role]
    base = shipped_tables()[1]
    shipped_roles = dict(
        zip(base.column("source_id").to_pylist(), base.column("role").to_pylist(), strict=True)
    )
    mine = "user" if role == "user" else None
    return [s for s in ids if shipped_roles.get(s, mine) == role]


def load_claims(
    topic: str | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    source: str | None = None,
    shipped: bool = True,
    sides_path: str | os.PathLike[str] | None = None,
) -> pd.DataFrame:
    """Load the claims ledger: one row per figure as someone stated it.

    Parameters
    ----------
    topic : {"territory", "troops", "losses", "prisoners"}, optional
        Keep only claims on this topic.
    path : path-like, optional
        A user's claims CSV in the ledger's format. Merged into the shipped ledger (its ids
        must then be new, its source ids known in the shipped sources or ``sources_path``), or
        loaded on its own with ``shipped=False``.
    sources_path : path-like, optional
        A user's sources CSV that the user's claims cite.
    source : str, optional
        Keep only claims from one source role (``"article"``, ``"context"``, ``"user"``) or
        one ``source_id``. Merged into the shipped ledger, ``"article"`` and ``"context"`` are
        the shipped sources of that role and every source of ``sources_path`` is ``"user"``,
        whatever role its file gives it.
    shipped : bool, default True
        Include the shipped Kursk ledger. ``False`` loads only the user's files (``path`` is
        then needed): ids may repeat shipped ones and every source must be in
        ``sources_path``.
    sides_path : path-like, optional
        A sides file (``sides.csv``: side, name, colour, role) describing the sides the user's
        claims name beyond the six known ones; charts then name and colour them as it says.

    Returns
    -------
    pandas.DataFrame
        Columns, in this order (dtypes in brackets; see the README's data dictionary):
        ``claim_id`` [string], ``topic`` [category], ``measure`` [string], ``value`` [Float64],
        ``unit`` [category: km2, personnel], ``qualifier`` [category], ``low``/``high``
        [Float64; <NA> = open end], ``period_start``/``period_end`` [datetime64[ns]],
        ``period_precision`` [category], ``claimant`` [string], ``claimant_detail`` [string],
        ``claimant_side`` [string], ``status`` [category], ``reported_date``
        [datetime64[ns]], ``source_id`` [string], ``wording`` [string], ``alt_value``
        [Float64], ``alt_unit`` [category: mi2], ``part_of`` [string], ``note`` [string],
        ``basis`` [category: stated, implied], ``period_basis`` [category: stated, inferred],
        ``since`` [datetime64[ns]; running totals only], ``same_statement_as`` [string],
        ``revises`` [string], ``measure_label`` [string], and
        ``ledger`` [string]: which file the claim came from, ``"shipped"`` for the shipped
        ledger, else the user's file: its path from the working folder, or its name alone
        when it lies outside (:func:`ledger_name`). Analyses compare claims of different
        ledgers only when asked (see :func:`kursk_data.contested`).

    Raises
    ------
    ValidationError
        If a file breaks the ledger's rules; ``.problems`` lists every problem.
    """
    if not shipped and path is None:
        raise ValueError("shipped=False loads only your own claims: give path=")
    if path is None and sources_path is None and shipped and topic is None and source is None:
        return _shipped_typed()[0].copy()
    claims, sources = _merged(path, sources_path, shipped, sides_path)
    if topic is not None:
        topics = schema.enum("claims", "topic")
        if topic not in topics:
            raise ValueError(f"topic must be one of {', '.join(topics)}; got {topic!r}")
        claims = claims.filter(pc.equal(claims.column("topic"), topic))
    if source is not None:
        roles = schema.enum("sources", "role")
        source_ids = sources.column("source_id").to_pylist()
        if source in roles:
            ids = _ids_of_role(source, sources, shipped)
        elif source in set(source_ids):
            ids = [source]
        else:
            raise ValueError(
                f"source must be one of {', '.join(roles)} or a source_id; got {source!r}"
            )
        claims = claims.filter(pc.is_in(claims.column("source_id"), pa.array(ids, pa.string())))
    typed = _typed(claims, schema.table("claims"))
    schema.use_measure_labels(typed)
    return typed


def load_sources(
    *, path: str | os.PathLike[str] | None = None, shipped: bool = True
) -> pd.DataFrame:
    """Load the sources the claims cite: one row per page.

    Parameters
    ----------
    path : path-like, optional
        A user's sources CSV, added to the shipped sources (its ids must be new), or on its
        own with ``shipped=False``.
    shipped : bool, default True
        Include the shipped sources. ``False`` needs ``path``.

    Returns
    -------
    pandas.DataFrame
        ``source_id`` [string], ``role`` [category: article, context, user], ``title``
        [string], ``publisher`` [string], ``url`` [string], ``published`` [datetime64[ns]],
        ``accessed`` [datetime64[ns]], ``kind`` [category], ``note`` [string], ``via``
        [string].
    """
    if path is None and shipped:
        return _shipped_typed()[1].copy()
    _, sources = _merged(None, path, shipped)
    return _typed(sources, schema.table("sources"))


def territory(**kwargs) -> pd.DataFrame:
    """Claims on territory (area held, in km²); keywords as :func:`load_claims`."""
    return load_claims("territory", **kwargs)


def troops(**kwargs) -> pd.DataFrame:
    """Claims on troop numbers (personnel); keywords as :func:`load_claims`."""
    return load_claims("troops", **kwargs)


def losses(**kwargs) -> pd.DataFrame:
    """Claims on losses: killed, wounded or both (personnel); keywords as :func:`load_claims`."""
    return load_claims("losses", **kwargs)


def prisoners(**kwargs) -> pd.DataFrame:
    """Claims on prisoners taken (personnel); keywords as :func:`load_claims`."""
    return load_claims("prisoners", **kwargs)
