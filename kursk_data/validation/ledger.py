"""Validating a whole ledger: a user's files against the shipped one, or a DataFrame.

The shipped ledger is read and validated here once per process (:func:`shipped_frames`), so
the loaders above this layer and :func:`validate` share it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd

from kursk_data import schema
from kursk_data.formats import as_text
from kursk_data.validation.arrays import _emit, _isin, _Parsed
from kursk_data.validation.cells import check_columns
from kursk_data.validation.files import parse, read_table
from kursk_data.validation.problems import Problem, ValidationError
from kursk_data.validation.references import check_references, check_source_references
from kursk_data.validation.rules import check_claim_rules, check_source_rules


@cache
def _shipped_text(name: str) -> str:
    return schema.data_file(name).read_text(encoding="utf-8")


@cache
def shipped_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The shipped claims and sources as frames of strings, validated once per process."""
    frames = []
    for name, tname in (("claims.csv", "claims"), ("sources.csv", "sources")):
        frame, problems = parse(_shipped_text(name).encode("utf-8"), name, schema.table(tname))
        if frame is None or problems:
            raise ValidationError(problems)
        frames.append(frame)
    claims, sources = frames
    problems = validate_frames(claims, sources)
    if problems:
        raise ValidationError(problems)
    return claims, sources


def _label(path: str | os.PathLike[str]) -> str:
    return os.fspath(path)


def _to_strings(frame: pd.DataFrame, table: schema.Table) -> pd.DataFrame:
    """A typed frame (as load_claims returns it) back to the strings a CSV would hold."""
    return as_text(frame[[c for c in table.names if c in frame]])


def validate_frames(
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    claims_name: str = "claims.csv",
    sources_name: str = "sources.csv",
    base_claims: pd.DataFrame | None = None,
    base_sources: pd.DataFrame | None = None,
) -> list[Problem]:
    """Validate string frames of claims and sources (index = spreadsheet row numbers).

    ``base_claims``/``base_sources`` are the shipped ledger a user's file is merged into: ids
    colliding with it are errors, and its sources and claims may be referred to.
    """
    ct, st = schema.table("claims"), schema.table("sources")
    parsed = _Parsed(claims, ct)
    problems = check_columns(claims, claims_name, ct, parsed)
    problems += check_claim_rules(claims, claims_name, parsed)
    problems += check_columns(sources, sources_name, st)
    problems += check_source_rules(sources, sources_name)
    if base_sources is not None:
        _emit(
            problems,
            sources_name,
            sources,
            _isin(sources["source_id"], base_sources["source_id"]),
            "source_id",
            "source_id already used by the shipped ledger",
        )
    if base_claims is not None:
        _emit(
            problems,
            claims_name,
            claims,
            _isin(claims["claim_id"], base_claims["claim_id"]),
            "claim_id",
            "claim_id already used by the shipped ledger: choose a new id (e.g. your own prefix)",
        )
    source_ids = set(sources["source_id"])
    if base_sources is not None:
        source_ids |= set(base_sources["source_id"])
    problems += check_references(claims, claims_name, source_ids, base_claims, parsed)
    problems += check_source_references(sources, sources_name, source_ids)
    return sorted(problems, key=lambda p: (p.file, p.row or 0, _col_order(p.column)))


def _col_order(column: str | None) -> int:
    names = schema.table("claims").names + schema.table("sources").names
    return names.index(column) if column in names else -1


def validate(
    data: str | os.PathLike[str] | pd.DataFrame,
    *,
    sources: str | os.PathLike[str] | pd.DataFrame | None = None,
    shipped: bool = True,
) -> list[Problem]:
    """Validate a claims file (or a sources file, recognised by its header) or a DataFrame.

    A user's file is checked as it would be merged into the shipped ledger: its ids must not
    collide with shipped ids and its source_ids must exist in the shipped sources or in
    ``sources``. With ``shipped=False`` it is checked as a ledger of its own: ids may repeat
    shipped ones, and every source_id, ``part_of`` and ``same_statement_as`` must be found in
    the user's files. A DataFrame is checked as a whole ledger (it may contain shipped claims,
    unless ``shipped=False``). Returns every problem found; an empty list means valid. Raises
    :class:`UsageError` for a path that is missing or a directory.
    """
    base_claims, base_sources = shipped_frames()
    is_shipped_file = _is_shipped(data)
    if not shipped and not is_shipped_file:
        # Nothing shipped to collide with or to refer to: empty frames of the same columns.
        base_claims, base_sources = base_claims.iloc[0:0], base_sources.iloc[0:0]
    if isinstance(data, pd.DataFrame):
        frame = _to_strings(data, schema.table("claims"))
        frame.index = pd.RangeIndex(2, len(frame) + 2)
        name, tname, problems = "<DataFrame>", "claims", []
        table = schema.table("claims")
        missing = [c for c in table.names if c not in frame and c not in table.optional]
        if missing:
            return [Problem(name, 1, c, None, "required column is missing") for c in missing]
        for column in table.optional:
            if column not in frame:
                frame[column] = ""
        frame = frame[table.names]
    else:
        name = _label(data)
        frame, tname, problems = read_table(data, label=name)
        if frame is None:
            return problems
    if tname == "sources":
        empty = base_claims.iloc[0:0]
        return problems + validate_frames(
            empty, frame, sources_name=name, base_sources=None if is_shipped_file else base_sources
        )
    src_frame = base_sources.iloc[0:0]
    src_name = "sources.csv"
    if sources is not None:
        if isinstance(sources, pd.DataFrame):
            src_frame = _to_strings(sources, schema.table("sources"))
            src_frame.index = pd.RangeIndex(2, len(src_frame) + 2)
            src_name = "<DataFrame>"
        else:
            src_name = _label(sources)
            sf, _, sp = read_table(sources, "sources", label=src_name)
            problems += sp
            if sf is None:
                return problems
            src_frame = sf
    if is_shipped_file:
        return problems + validate_frames(frame, base_sources, claims_name=name)
    if isinstance(data, pd.DataFrame):
        # A frame (say, what load_claims returned) is checked as a whole ledger: it may hold
        # shipped claims beside the user's, citing shipped or the given sources.
        known = pd.concat([base_sources, src_frame])
        return problems + validate_frames(
            frame, known.drop_duplicates("source_id"), claims_name=name
        )
    return problems + validate_frames(
        frame,
        src_frame,
        claims_name=name,
        sources_name=src_name,
        base_claims=base_claims,
        base_sources=base_sources,
    )


def _is_shipped(data: object) -> bool:
    if isinstance(data, pd.DataFrame):
        return False
    try:
        here = Path(os.fspath(data)).resolve()  # type: ignore[arg-type]
    except (TypeError, OSError):
        return False
    return any(
        here == Path(str(schema.data_file(n))).resolve() for n in ("claims.csv", "sources.csv")
    )
