"""Loaders: the claims ledger and its sources as tidy, typed DataFrames."""

from __future__ import annotations

import os

import pandas as pd

from kursk_data import schema
from kursk_data.validation import Problem, ValidationError, shipped_frames, validate_frames
from kursk_data.validation.files import read_table

__all__ = [
    "load_claims",
    "load_sources",
    "losses",
    "prisoners",
    "territory",
    "troops",
]


def _typed(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    out = {}
    for f in table.fields:
        raw = frame[f.name].astype(object)
        if f.enum is not None:
            empty = schema.EMPTY_MEANS.get(f.name)
            out[f.name] = pd.Categorical(raw.where(raw != "", empty), categories=list(f.enum))
        elif f.type == "number":
            out[f.name] = pd.to_numeric(raw.where(raw != "", None)).astype("Float64")
        elif f.type == "date":
            out[f.name] = pd.to_datetime(raw.where(raw != "", None), format="%Y-%m-%d").astype(
                "datetime64[ns]"
            )
        else:
            out[f.name] = raw.where(raw != "", None).astype("string")
    if "ledger" in frame:
        out["ledger"] = frame["ledger"].astype("string")
    return pd.DataFrame(out).reset_index(drop=True)


SHIPPED = "shipped"


def _read_user(path: str | os.PathLike[str], tname: str) -> tuple[pd.DataFrame, list[Problem]]:
    frame, _, problems = read_table(path, tname)
    if frame is None:
        raise ValidationError(problems)
    return frame, problems


def ledger_name(path: str | os.PathLike[str]) -> str:
    """The ``ledger`` label of a user's claims file: its path as given (never ``"shipped"``)."""
    name = os.fspath(path)
    return os.path.join(".", name) if name == SHIPPED else name


def _with_ledger(claims: pd.DataFrame, name: str) -> pd.DataFrame:
    return claims.assign(ledger=name)


def _merged(path, sources_path, shipped: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims (with their ``ledger``) and sources, validated: the user's files merged into the
    shipped ledger, or on their own when ``shipped`` is false."""
    if shipped:
        base_claims, base_sources = shipped_frames()
        base_claims = _with_ledger(base_claims, SHIPPED)
        if path is None and sources_path is None:
            return base_claims, base_sources
    else:
        if path is None and sources_path is None:
            raise ValueError(
                "shipped=False loads only your own files: give path= (claims) and/or "
                "sources_path= (sources)"
            )
        base_claims, base_sources = None, None
    empty_claims, empty_sources = (frame.iloc[0:0] for frame in shipped_frames())
    claims, problems = empty_claims, []
    if path is not None:
        claims, problems = _read_user(path, "claims")
    sources = empty_sources
    if sources_path is not None:
        sources, more = _read_user(sources_path, "sources")
        problems += more
    problems += validate_frames(
        claims,
        sources,
        claims_name=os.fspath(path) if path is not None else "claims.csv",
        sources_name=os.fspath(sources_path) if sources_path is not None else "sources.csv",
        base_claims=base_claims,
        base_sources=base_sources,
    )
    if problems:
        raise ValidationError(problems)
    claims = _with_ledger(claims, ledger_name(path) if path is not None else SHIPPED)
    if not shipped:
        return claims.reset_index(drop=True), sources.reset_index(drop=True)
    return (
        pd.concat([base_claims, claims], ignore_index=True),
        pd.concat([base_sources, sources], ignore_index=True),
    )


def load_claims(
    topic: str | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    source: str | None = None,
    shipped: bool = True,
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
        one ``source_id``.
    shipped : bool, default True
        Include the shipped Kursk ledger. ``False`` loads only the user's files (``path`` is
        then needed): ids may repeat shipped ones and every source must be in
        ``sources_path``.

    Returns
    -------
    pandas.DataFrame
        Columns, in this order (dtypes in brackets; see the README's data dictionary):
        ``claim_id`` [string], ``topic`` [category], ``measure`` [string], ``value`` [Float64],
        ``unit`` [category: km2, personnel], ``qualifier`` [category], ``low``/``high``
        [Float64; <NA> = open end], ``period_start``/``period_end`` [datetime64[ns]],
        ``period_precision`` [category], ``claimant`` [string], ``claimant_detail`` [string],
        ``claimant_side`` [category], ``status`` [category], ``reported_date``
        [datetime64[ns]], ``source_id`` [string], ``wording`` [string], ``alt_value``
        [Float64], ``alt_unit`` [category: mi2], ``part_of`` [string], ``note`` [string],
        ``basis`` [category: stated, implied], ``period_basis`` [category: stated, inferred],
        ``since`` [datetime64[ns]; running totals only], ``same_statement_as`` [string], and
        ``ledger`` [string]: which file the claim came from, ``"shipped"`` for the shipped
        ledger or the user's path as given. Analyses compare claims of different ledgers only
        when asked (see :func:`kursk_data.contested`).

    Raises
    ------
    ValidationError
        If a file breaks the ledger's rules; ``.problems`` lists every problem.
    """
    if not shipped and path is None:
        raise ValueError("shipped=False loads only your own claims: give path=")
    claims, sources = _merged(path, sources_path, shipped)
    if topic is not None:
        topics = schema.enum("claims", "topic")
        if topic not in topics:
            raise ValueError(f"topic must be one of {', '.join(topics)}; got {topic!r}")
        claims = claims[claims["topic"] == topic]
    if source is not None:
        roles = schema.enum("sources", "role")
        ids = (
            sources.loc[sources["role"] == source, "source_id"]
            if source in roles
            else pd.Series([source])
        )
        if source not in roles and source not in set(sources["source_id"]):
            raise ValueError(
                f"source must be one of {', '.join(roles)} or a source_id; got {source!r}"
            )
        claims = claims[claims["source_id"].isin(ids)]
    return _typed(claims, schema.table("claims"))


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
