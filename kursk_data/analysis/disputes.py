"""Disputes: measures on which claimants disagree at matching dates, never averaged.

How claims are compared (the README's section on contested claims says the same):

* **Comparable claims** share a measure, a unit and, for running totals, the date they count
  from (``since``); by default also a ledger (the file they came from), so a user's
  whole-war total never disputes a shipped Kursk-only figure of the same name.
* **Matching dates.** For every date a claim is as of (its period's end), each claimant's
  position is its latest claim whose period touches the ``window`` before that date. The window
  never chains: a total that grows month after month is not compared across months.
* **Running totals only at one date.** A running total (a ``since`` date, or the topics losses
  and prisoners) counts up to its date, so a later total is larger without contradicting an
  earlier one: by default running totals are compared only when their periods overlap (a
  window of 0 days), i.e. at the same date within each claim's precision ("over 38,000" on
  1 January against "30,000-35,000" in January; not against "about 40,000" on 6 February).
* **States within 14 days.** States (territory, troops: an area held can halve within a month)
  are compared within 14 days. A state whose period is only the ledger's reading
  (``period_basis`` ``inferred``) and longer than the window does not say which day in it
  the figure is for, so it is compared only with claims of exactly that period, never with a
  dated figure inside it (a month-long "Feb 2025" is not set against 6 February).
* **One statement counts once.** A row that reports the same statement as another
  (``same_statement_as``) is folded into that row: one claimant, one period.
* **Rounding is not a dispute.** An exact figure, or one whose wording is unknown, stands for
  what it rounds from (:func:`kursk_data.qualifiers.rounding_halfwidth`): 783,000 agrees
  with 783,138.
* **Aliases.** ``aliases=`` maps spellings of one claimant to one name
  (:func:`kursk_data.analysis.suggest_aliases` proposes them).

The claimants disagree when no single number lies in every claimant's interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

import numpy as np
import pandas as pd

from kursk_data.analysis.claimants import alias_map, canonical_claimants
from kursk_data.qualifiers import rounding_halfwidth

__all__ = [
    "COLUMNS",
    "DEFAULT_WINDOWS",
    "MAX_ROWS",
    "PANEL_ROWS",
    "RUNNING_TOTAL_TOPICS",
    "compared_bounds",
    "contested",
    "disputes_that_fit",
    "shared_scales",
]

# A chart of disputes draws at most MAX_ROWS rows, each panel's title and axis counting
# PANEL_ROWS more: the figure registry sizes figures by it (without importing matplotlib),
# the row charts draw by it.
MAX_ROWS = 40
PANEL_ROWS = 1.5

# Running totals (0 days): compared only where their periods overlap, since a later total is
# larger without contradicting an earlier one. States (14 days): statements close enough in
# time to describe the same front line.
DEFAULT_WINDOWS = {"running_total": pd.Timedelta(0), "state": pd.Timedelta("14D")}
# Topics counted since the start of the operation (the figures can only grow).
RUNNING_TOTAL_TOPICS = ("losses", "prisoners")

COLUMNS = [
    "dispute",
    "topic",
    "measure",
    "window_start",
    "window_end",
    "claimant",
    "claimant_side",
    "qualifier",
    "status",
    "claim_ids",
    "value",
    "low",
    "high",
    "spread",
    "ratio",
    "n_claimants",
    # Added after the first release; the columns above keep their meaning.
    "as_of",
    "since",
    "ledger",
    "compared_low",
    "compared_high",
    "spellings",
    "window",
]


def _open_bounds(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``low``/``high`` as stated, open ends as 0 and inf (as :func:`interval` reads them)."""
    low = pd.to_numeric(data["low"]).to_numpy(dtype="float64", na_value=np.nan)
    high = pd.to_numeric(data["high"]).to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isnan(low), 0.0, low), np.where(np.isnan(high), np.inf, high)


def compared_bounds(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The interval each claim is compared with, open ends as 0 and inf.

    An ``exact`` figure, or one of ``unknown`` wording, stands for what it rounds from: half a
    unit of its last non-zero digit, at most 2 % (783,000 -> [782,500, 783,500]; 0 stays 0).
    Other qualifiers keep the interval they imply.
    """
    value = pd.to_numeric(data["value"]).to_numpy(dtype="float64", na_value=np.nan)
    lo, hi = _open_bounds(data)
    qualifier = data["qualifier"].astype(str).to_numpy()
    point = (qualifier == "exact") | (qualifier == "unknown")
    r = rounding_halfwidth(np.where(np.isfinite(value), value, 0.0))
    return np.where(point, value - r, lo), np.where(point, value + r, hi)


def latest(data: pd.DataFrame) -> pd.DataFrame:
    """The claims no other claim ``revises``: each chain of revisions by its latest claim."""
    if "revises" not in data:
        return data
    revised = set(data["revises"].dropna().astype(str))
    return data[~data["claim_id"].astype(str).isin(revised)]


def fold_statements(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Rows that report another row's statement folded into it: ``(kept rows, members)``.

    ``members`` maps each kept claim_id to every id that reports its statement (itself first).
    A link to a row not in ``data`` is ignored (the row then stands for itself).
    """
    ids = data["claim_id"].astype(str).tolist()
    if "same_statement_as" in data:
        links = data["same_statement_as"].astype(object).tolist()
    else:
        links = [None] * len(ids)
    present = set(ids)
    parent = {i: s for i, s in zip(ids, links, strict=True) if isinstance(s, str) and s in present}

    def root(i: str) -> str:
        path: list[str] = []
        while i in parent and i not in path:
            path.append(i)
            i = parent[i]
        # A loop (a -> b -> a; validate reports it) is one statement: its first id stands for it.
        return min(path[path.index(i) :]) if i in path else i

    roots = [root(i) for i in ids]
    members: dict[str, list[str]] = {i: [i] for i, r in zip(ids, roots, strict=True) if i == r}
    for i, r in zip(ids, roots, strict=True):
        if i != r:
            members.setdefault(r, [r]).append(i)
    keep = np.array([i == r for i, r in zip(ids, roots, strict=True)], dtype=bool)
    return data.loc[keep], members


def _key_frame(data: pd.DataFrame, across_ledgers: bool) -> pd.Series:
    """The comparability key of each row: (ledger), measure, unit, since."""
    parts = [data["measure"].astype(str), data["unit"].astype(str)]
    since = data["since"] if "since" in data else pd.Series(pd.NaT, index=data.index)
    parts.append(pd.to_datetime(since).dt.strftime("%Y-%m-%d").fillna(""))
    if not across_ledgers and "ledger" in data:
        parts.insert(0, data["ledger"].astype(str))
    key = parts[0]
    for p in parts[1:]:
        key = key + "\0" + p
    return key


def _candidates(
    start: np.ndarray,
    end: np.ndarray,
    who: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    window: np.timedelta64,
    loose: np.ndarray | None = None,
) -> list[tuple]:
    """Each as-of date's disagreeing positions: ``(as_of, positions, in_window)``.

    Arrays are one comparable group's claims sorted by (period end, claim_id). ``positions``
    is a frozenset of ``(claimant, row)`` (each claimant's latest claim in the window),
    ``in_window`` the rows in the window. A ``loose`` row (an inferred period longer than the
    window) is compared only with the rows of exactly its period.
    """
    found = []
    for as_of in np.unique(end[~np.isnat(end)]):
        inside = np.flatnonzero((start <= as_of) & (end >= as_of - window))
        if len(set(who[inside])) < 2:
            continue
        sets = [inside]
        if loose is not None and loose[inside].any():
            sets = [inside[~loose[inside]]]
            held = inside[loose[inside]]
            for s, e in dict.fromkeys(zip(start[held], end[held], strict=True)):
                sets.append(inside[(start[inside] == s) & (end[inside] == e)])
        for rows in sets:
            if len(set(who[rows])) < 2:
                continue
            latest: dict[object, int] = {}
            for i in rows:  # rows are sorted by (period_end, claim_id): the last one wins
                latest[who[i]] = int(i)
            reps = list(latest.values())
            if lo[reps].max() <= hi[reps].min():
                continue  # some figure fits every claimant's interval: no dispute
            found.append((as_of, frozenset(latest.items()), rows))
    return found


def _maximal(found: list[tuple]) -> list[tuple]:
    """Drop positions already inside a larger dispute, and repeats (keep the earliest).

    A larger dispute holds every position of a smaller one, so only disputes sharing one
    position (the first, say) need comparing: an index by position keeps this near-linear.
    """
    holding: dict[tuple, list[int]] = {}
    for k, (_, pos, _) in enumerate(found):
        for member in pos:
            holding.setdefault(member, []).append(k)
    kept: list[tuple] = []
    seen: set[frozenset] = set()
    for item in found:
        pos = item[1]
        others = holding[next(iter(pos))]
        if pos in seen or any(pos < found[k][1] for k in others):
            continue
        seen.add(pos)
        kept.append(item)
    return kept


def contested(
    topic: str | None = None,
    *,
    window: str | pd.Timedelta | None = None,
    data: pd.DataFrame | None = None,
    aliases: Mapping[str, str] | pd.DataFrame | None = None,
    across_ledgers: bool = False,
) -> pd.DataFrame:
    """Measures on which claimants disagree at matching dates.

    For each date a claim of a measure is as of, each claimant's position is its latest
    claim whose period touches the ``window`` before that date; the claimants disagree when
    no single number lies in all of their intervals. Nothing is averaged. See the module
    docstring for what is comparable, how one statement reported twice counts once and why
    rounding is not a dispute.

    Parameters
    ----------
    topic : str, optional
        Keep only claims on this topic.
    window : str or Timedelta, optional
        How old a claimant's latest figure may be and still count at a date. Default: 0 days
        for running totals (claims with ``since``, topics losses and prisoners: compared only
        where their periods overlap), 14 days for states (territory, troops). Figures within
        one window are compared as if of one date. A state whose inferred period is longer than
        the window is compared only with claims of exactly that period.
    data : DataFrame, optional
        Claims as :func:`kursk_data.load_claims` returns them (default: the shipped ledger).
    aliases : mapping or DataFrame, optional
        Spellings of one claimant to one name, ``{"UK MoD": "UK Ministry of Defence"}``, or
        the rows of :func:`kursk_data.analysis.suggest_aliases` you accept.
    across_ledgers : bool, default False
        Compare claims of different ledgers (the ``ledger`` column: the shipped one, a user's
        file). Off by default: two files may use one measure name for different things.

    Returns
    -------
    pandas.DataFrame
        One row per claimant per dispute: ``dispute`` (int), ``topic``, ``measure``,
        ``window_start``/``window_end`` (the span of the periods compared), ``claimant``
        (canonical under ``aliases``), ``claimant_side``, ``qualifier`` (of its latest
        claim), ``status``, ``claim_ids`` (its claims in the window, and the rows reporting
        the same statements, comma-separated), ``value`` (its latest figure there), ``low``,
        ``high`` (that figure's interval; inf = open), ``spread`` (largest minus smallest
        claimant value in the dispute), ``ratio`` (largest over smallest; inf when the
        smallest is 0), ``n_claimants``, ``as_of`` (the date compared at), ``since`` (running
        totals: counted from), ``ledger``, ``compared_low``/``compared_high`` (the interval
        compared: rounding included), ``spellings`` (the claimant's names as written,
        " | "-joined), ``window`` (the window used).
    """
    if data is None:
        from kursk_data.load import load_claims

        data = load_claims(topic)
    elif topic is not None:
        data = data[data["topic"] == topic]
    if window is not None:
        window = pd.Timedelta(window)
        if window < pd.Timedelta(0):
            raise ValueError(f"window must not be negative; got {window}")
    names = alias_map(aliases)

    rows, members = fold_statements(latest(data))  # a revised claim gives way to its revision
    rows = rows.assign(_key=_key_frame(rows, across_ledgers), _claim=rows["claim_id"].astype(str))
    rows = rows.sort_values(["_key", "period_end", "_claim"], kind="stable")
    # Plain arrays, sliced per group: a ledger of thousands of claims has thousands of
    # as-of dates and disputes, and pandas indexing per row would dominate.
    text = {
        c: rows[c].astype(str).to_numpy(dtype=object)
        for c in ("claim_id", "claimant", "claimant_side", "qualifier", "status", "topic")
    }
    who = canonical_claimants(rows["claimant"], names).to_numpy(dtype=object)
    key = rows["_key"].to_numpy(dtype=object)
    value = pd.to_numeric(rows["value"]).to_numpy(dtype="float64", na_value=np.nan)
    low, high = _open_bounds(rows)
    lo, hi = compared_bounds(rows)
    start = rows["period_start"].to_numpy(dtype="datetime64[ns]")
    end = rows["period_end"].to_numpy(dtype="datetime64[ns]")
    since = (
        rows["since"].to_numpy(dtype="datetime64[ns]")
        if "since" in rows
        else np.full(len(rows), np.datetime64("NaT"), dtype="datetime64[ns]")
    )
    ledger = rows["ledger"].astype(str).to_numpy(dtype=object) if "ledger" in rows else None
    running = np.isin(text["topic"], RUNNING_TOTAL_TOPICS) | ~np.isnat(since)
    basis = (
        rows["period_basis"].astype(str).to_numpy(dtype=object)
        if "period_basis" in rows
        else np.full(len(rows), "", dtype=object)
    )
    inferred = basis == "inferred"
    bounds = np.flatnonzero(np.r_[True, key[1:] != key[:-1], True]) if len(key) else [0]

    out = []
    dispute = 0
    for b, e in pairwise(bounds):
        g = slice(b, e)
        if window is not None:
            span = window
        else:
            span = DEFAULT_WINDOWS["running_total" if running[g].any() else "state"]
        # A state's inferred period longer than the window names no day: see the module doc.
        loose = (
            None if running[g].any() else inferred[g] & (end[g] - start[g] > span.to_timedelta64())
        )
        found = _maximal(
            _candidates(start[g], end[g], who[g], lo[g], hi[g], span.to_timedelta64(), loose)
        )
        common = {
            "topic": text["topic"][b],
            "measure": str(rows["measure"].iloc[b]),
            "since": pd.Timestamp(since[b]),
            "window": span,
        }
        for as_of, positions, inside in found:
            dispute += 1
            inside = inside + b
            per = []
            for claimant, i in sorted(positions, key=lambda p: str(p[0])):
                i += b
                mine = inside[who[inside] == claimant]
                ids = [m for c in text["claim_id"][mine] for m in members.get(c, [c])]
                per.append(
                    {
                        "claimant": str(claimant),
                        "claimant_side": text["claimant_side"][i],
                        "qualifier": text["qualifier"][i],
                        "status": text["status"][i],
                        "claim_ids": ",".join(sorted(ids)),
                        "value": float(value[i]),
                        "low": float(low[i]),
                        "high": float(high[i]),
                        "compared_low": float(lo[i]),
                        "compared_high": float(hi[i]),
                        "spellings": " | ".join(dict.fromkeys(text["claimant"][mine])),
                    }
                )
            values = [p["value"] for p in per]
            smallest = min(values)
            shared = {
                "dispute": dispute,
                **common,
                "window_start": pd.Timestamp(start[inside].min()),
                "window_end": pd.Timestamp(end[inside].max()),
                "spread": max(values) - smallest,
                "ratio": np.inf if smallest == 0 else max(values) / smallest,
                "n_claimants": len(per),
                "as_of": pd.Timestamp(as_of),
                "ledger": None if ledger is None else ", ".join(sorted(set(ledger[inside]))),
            }
            out.extend({**shared, **p} for p in per)
    table = pd.DataFrame(out, columns=COLUMNS)
    table["window"] = pd.to_timedelta(table["window"]).astype("timedelta64[ns]")
    for column in ("as_of", "since", "window_start", "window_end"):
        table[column] = pd.to_datetime(table[column]).astype("datetime64[ns]")
    return table


def disputes_that_fit(table: pd.DataFrame, limit: float = MAX_ROWS) -> list:
    """The disputes of a :func:`contested` table that fit ``limit`` rows, in dispute order
    (each its rows and :data:`PANEL_ROWS`; the first is kept whatever its size)."""
    keep, cost = [], 0.0
    for dispute, n in table.groupby("dispute", sort=True).size().items():
        if keep and cost + n + PANEL_ROWS > limit:
            break
        keep.append(dispute)
        cost += n + PANEL_ROWS
    return keep


# Measures of one unit share a value scale unless their figures differ by more than this factor.
SHARE_SPAN = 5.0


def shared_scales(frames: list[pd.DataFrame], span: float = SHARE_SPAN) -> list[list[int]]:
    """For each frame of claims (a panel's or a dispute's), the frames (indices) that share
    its value scale.

    Claims of one measure and unit always share one scale, so a gap of 30 never looks as wide
    as a gap of 240. Different measures of one unit share it too, unless their largest figures
    differ by more than ``span`` times (300 dead beside 38,000 wounded would vanish); the
    smaller then get a scale of their own. No matplotlib: the registry sizes figures by it.
    """

    def top(rows: pd.DataFrame) -> float:
        v = pd.concat([rows["value"], rows["low"], rows["high"]]).astype(float)
        v = v[np.isfinite(v)]
        return float(v.max()) if len(v) else 0.0

    by_measure: dict[tuple[str, str], list[int]] = {}
    for k, rows in enumerate(frames):
        if len(rows):
            first = rows.iloc[0]
            by_measure.setdefault((str(first["unit"]), str(first["measure"])), []).append(k)
    by_unit: dict[str, list[list[int]]] = {}
    for (unit, _), members in by_measure.items():
        by_unit.setdefault(unit, []).append(members)
    shared: dict[int, list[int]] = {}
    for measures in by_unit.values():
        measures.sort(key=lambda m: max(top(frames[k]) for k in m))
        cluster: list[int] = []
        floor = None
        for members in measures:
            high = max(top(frames[k]) for k in members)
            if cluster and floor is not None and high > span * max(floor, 1e-300):
                for k in cluster:
                    shared[k] = cluster
                cluster, floor = [], None
            cluster = cluster + members
            floor = high if floor is None else floor
        for k in cluster:
            shared[k] = cluster
    return [sorted(shared.get(k, [k])) for k in range(len(frames))]
