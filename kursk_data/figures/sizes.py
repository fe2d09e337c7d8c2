"""How big each registered figure is, and how the disputes are split into figures that print.

Sizes are functions of the claims a figure draws: taller with every panel, row or legend
line, never taller than :data:`MAX_HEIGHT`. The disputes (:func:`kursk_data.contested`) fill
two registered figures, each no taller than 3:4 (:data:`TALLEST`): those about areas, then
those about counts. No matplotlib here: the registry is imported without it.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kursk_data.analysis.disputes import MAX_ROWS, disputes_that_fit, shared_scales

WIDTH = 7.2  # inches: every exported figure reads at 680 px wide with no text under 10 px


_CONTESTED: dict[tuple, pd.DataFrame] = {}


def _contested(claims: pd.DataFrame) -> pd.DataFrame:
    """:func:`kursk_data.contested` of ``claims``, computed once per set of claims (the
    selection, the figure's size and its chart all need it)."""
    from kursk_data.analysis import contested

    key = tuple(pd.util.hash_pandas_object(claims, index=False).to_numpy())
    if key not in _CONTESTED:
        _CONTESTED.clear()
        _CONTESTED[key] = contested(data=claims)
    return _CONTESTED[key]


def _disputed(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that take part in a dispute (every claim of each group that disagrees)."""
    ids = set(",".join(_contested(claims)["claim_ids"]).split(","))
    return claims[claims["claim_id"].isin(ids)]


MAX_HEIGHT = 20.0  # inches: no exported PNG taller than 4,000 px at 200 dpi


# An overview row: its name is up to three lines (measure, wrapped, then claimant and date).
OVERVIEW_ROW_IN = 0.56
# troops-article, a row chart of one panel: title and subtitle above, footer below (its row
# labels say what the key said, the period note is the footer's: rating 6).
TROOPS_BASE_IN = 2.4
# overview-article: a two-line title, the panels' titles and axes (an area panel's two), the
# footer; no key (its labels say it), the period note in the footer (rating 6). Rating 9: at
# 604 px tall (680 wide) for seven marks it was loose; about 520 px (5.5 in) now.
OVERVIEW_BASE_IN = 1.6


def _rows_height(base: float, per_row: float):
    """Taller with every row the chart draws (at most MAX_ROWS, less the panels' room)."""

    def size(data: pd.DataFrame) -> tuple[float, float]:
        rows = min(max(len(data), 1), MAX_ROWS)
        return (WIDTH, min(round(base + per_row * rows, 1), MAX_HEIGHT))

    return size


FEW_CLAIMS = 6  # as plotting.form.FEW_CLAIMS: this many claims of one unit share one panel
WIDEST = 4.06  # inches: about the shortest a figure prints (16:9 is 4.05)
# A few claims in one panel: at 16:9 the title, key and footer left the plot 40 % of the
# height; this much (3:2) gives it over half.
FEW_TALL = 4.8


def _timeline_size(base: float):
    """Taller with every panel (measure) and every row of the claimant legend; a few claims
    in one panel print wide (3:2): three marks do not fill a square."""

    def size(data: pd.DataFrame) -> tuple[float, float]:
        measures = max(data["measure"].nunique(), 1)
        units = data["unit"].astype(str).nunique() if len(data) else 1
        one_panel = measures == 1 or (len(data) <= FEW_CLAIMS and units == 1)
        panels = 1 if one_panel else measures
        legend_rows = -(-data["claimant"].nunique() // 2)
        if one_panel and len(data) <= FEW_CLAIMS:
            # The key's rows past two take room from the plot: give it back; past three
            # claims, a little more height for their labels.
            more = 0.17 * max(legend_rows - 2, 0) + (0.6 if len(data) > 3 else 0.0)
            return (WIDTH, round(FEW_TALL + more, 2))
        # A crowded panel gets more height, so its chosen labels find room.
        per_panel = 1.35 + min(len(data) / panels, 40) * 0.025
        height = round(base + per_panel * (panels - 1) + 0.17 * legend_rows, 1)
        return (WIDTH, min(height, MAX_HEIGHT))

    return size


def _contested_size(data: pd.DataFrame) -> tuple[float, float]:
    # The disputes that fit one chart (as analysis.disputes_that_fit keeps them).
    return _disputes_size(_with_units(data, _contested(data)))


def _with_units(data: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each dispute's unit (the scales it shares depend on it)."""
    if table.empty:
        return table
    return table.assign(unit=table["dispute"].map(_dispute_units(data, table)))


def _disputes_size(
    table: pd.DataFrame, limit: float = MAX_ROWS, compact: bool = False
) -> tuple[float, float]:
    """The height the dumbbells of ``table``'s disputes that fit ``limit`` rows take: header,
    keys and footer; per panel (disputes of one scale) a title and an axis; per dispute its
    two label lines, one more per claim past two (as plotting.dumbbell draws them).
    ``compact``: a part of the shipped disputes, whose rows' labels are known to sit beside
    their marks (a user's disputes figure keeps the full pitch: its panels' ticks met their
    titles at 0.2 in)."""
    if table.empty:
        return (WIDTH, WIDEST)
    keep = disputes_that_fit(table, limit)
    kept = table[table["dispute"].isin(keep)]
    groups = [g for _, g in kept.groupby("dispute", sort=True)]
    scales = {tuple(s) for s in shared_scales(groups)}
    # A panel of areas has a second axis, in square miles, under its km² axis.
    miles = sum(str(groups[s[0]]["unit"].iloc[0]) == "km2" for s in scales) if "unit" in kept else 0
    lines = sum(max(len(g), 2) for g in groups)
    more = 0.2 if len(keep) < table["dispute"].nunique() else 0.0  # the note: what was left out
    heads = sum(_subheads([str(groups[i]["measure"].iloc[0]) for i in s]) for s in scales)
    # A panel of one dispute of two claims: its labels sit beside its marks on one line or
    # two, so it needs less than two lines' pitch (rating 10: contested-counts' panels were
    # about 60 px tall for one line of marks; 16:9 loses nothing).
    single = compact and all(len(s) == 1 for s in scales) and all(len(g) <= 2 for g in groups)
    pitch = SINGLE_LINE_IN if single else LINE_IN
    height = HEADER_IN + pitch * lines + PANEL_IN * len(scales) + MI2_IN * miles + more
    height += SUBHEAD_IN * heads
    return (WIDTH, min(max(round(height, 1), WIDEST), MAX_HEIGHT))


# A registered figure prints: no taller than 3:4 (and no wider than 16:9). The disputes are
# split in two figures to keep to it: areas in `contested`, counts in `contested-counts`; a
# part with more disputes than fit draws the first and names how many it left out.
TALLEST = WIDTH * 4 / 3
HEADER_IN, LINE_IN, PANEL_IN, MI2_IN = 2.1, 0.3, 0.62, 0.3
SINGLE_LINE_IN = 0.2
# A measure set apart in its panel under a header of its own (contested's peak area): the
# header, clear space above its rule, and pitch for the rows around it (rating 6: the 26 Apr
# row's labels sat on the rule, its marks touching).
SUBHEAD_IN = 0.3


def _subheads(measures: list[str]) -> int:
    """How many measures of one panel's disputes are set apart under a header (as
    plotting.dumbbell does): all but the one most disputes are about, none on a tie."""
    counts = pd.Series(measures).value_counts()
    return 0 if len(counts) < 2 or counts.iloc[0] == counts.iloc[1] else len(counts) - 1


# The most rows (a panel's title and axis counting PANEL_ROWS) a part draws under TALLEST:
# a dispute of two claims takes two label lines, about as much as two rows of a row chart.
PART_ROWS = int((TALLEST - HEADER_IN - 0.4) / 0.42)


def _dispute_units(data: pd.DataFrame, table: pd.DataFrame) -> dict:
    """Each dispute's unit, from the claims it compares."""
    unit = dict(zip(data["claim_id"].astype(str), data["unit"].astype(str), strict=True))
    first = table.groupby("dispute", sort=True)["claim_ids"].first()
    return {d: unit.get(str(ids).split(",")[0], "") for d, ids in first.items()}


def _merged(table: pd.DataFrame) -> pd.DataFrame:
    """Disputes of one measure whose windows overlap and that compare the same claim, as one
    dispute (one panel): a claim is drawn once, not once per dispute it takes part in."""
    if table.empty:
        return table
    groups = table.groupby("dispute", sort=True)
    info = {
        d: (
            str(g["measure"].iloc[0]),
            g["window_start"].min(),
            g["window_end"].max(),
            set(",".join(g["claim_ids"].astype(str)).split(",")),
        )
        for d, g in groups
    }
    root = {d: d for d in info}

    def find(d):
        while root[d] != d:
            d = root[d]
        return d

    ids = list(info)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ma, sa, ea, ca = info[a]
            mb, sb, eb, cb = info[b]
            if ma == mb and sa <= eb and sb <= ea and ca & cb:
                root[find(b)] = find(a)
    out = table.assign(dispute=table["dispute"].map(find))
    out = out.drop_duplicates(["dispute", "claimant", "claim_ids"])
    by = out.groupby("dispute")
    return out.assign(
        window_start=by["window_start"].transform("min"),
        window_end=by["window_end"].transform("max"),
    ).reset_index(drop=True)


def moments_apart(claims: pd.DataFrame, table: pd.DataFrame) -> set:
    """The disputes of ``table`` whose claims speak of different moments: no two claimants'
    periods meet, and every period is the ledger's reading (``period_basis`` inferred), none
    a source's. Only those readings set such claims in one window; they put them on different
    days, so the claims are a sequence, not a disagreement (Pavliuk's "up to 4,000" before the
    incursion, Mysnyk's "about 11,000" when it began: rating 9). The figures of disputes leave
    them out; :func:`kursk_data.contested` still lists them."""
    if table.empty or "period_basis" not in claims:
        return set()
    # One pass over the claims (an id may name rows of several ledgers: all of them count).
    inferred: dict[str, bool] = {}
    start: dict[str, pd.Timestamp] = {}
    end: dict[str, pd.Timestamp] = {}
    for cid, basis, s0, s1 in zip(
        claims["claim_id"].astype(str),
        claims["period_basis"].astype(str),
        claims["period_start"],
        claims["period_end"],
        strict=True,
    ):
        inferred[cid] = inferred.get(cid, True) and basis == "inferred"
        if pd.notna(s0):
            start[cid] = min(start.get(cid, s0), s0)
        if pd.notna(s1):
            end[cid] = max(end.get(cid, s1), s1)
    out = set()
    for dispute, cells in table.groupby("dispute", sort=True)["claim_ids"]:
        ids = [str(i).split(",") for i in cells]
        if any(i not in start or i not in end for group in ids for i in group):
            continue
        if not all(inferred[i] for group in ids for i in group):
            continue
        spans = [(min(start[i] for i in group), max(end[i] for i in group)) for group in ids]
        meet = any(
            a0 <= b1 and b0 <= a1 for i, (a0, a1) in enumerate(spans) for b0, b1 in spans[i + 1 :]
        )
        if not meet:
            out.add(dispute)
    return out


def _shown(claims: pd.DataFrame) -> pd.DataFrame:
    """The disputes the figures of disputes draw from ``claims``: merged (:func:`_merged`),
    those whose claims speak of different moments left out (:func:`moments_apart`)."""
    table = _merged(_contested(claims))
    apart = moments_apart(claims, table)
    return table[~table["dispute"].isin(apart)] if apart else table


def _part(claims: pd.DataFrame, part: str) -> pd.DataFrame:
    """The disputes of one part: ``"areas"`` (every dispute when there are none about areas)
    or ``"counts"`` (the others, when there are disputes about areas)."""
    table = _shown(claims)
    if table.empty:
        return table
    units = _dispute_units(claims, table)
    areas = {d for d, u in units.items() if u == "km2"}
    others = set(units) - areas
    # Without disputes about areas, `contested` draws them all and the second part is empty.
    keep = (areas or others) if part == "areas" else (others if areas else set())
    return table[table["dispute"].isin(keep)]


def _fitting(table: pd.DataFrame, limit: float | None = None) -> pd.DataFrame:
    """The disputes of ``table`` that one part draws, as the row chart keeps them under
    ``limit`` rows (by default PART_ROWS)."""
    keep = disputes_that_fit(table, PART_ROWS if limit is None else limit)
    return table[table["dispute"].isin(keep)]


def _part_select(part: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def select(claims: pd.DataFrame) -> pd.DataFrame:
        table = _part(claims, part)
        ids = set(",".join(table["claim_ids"].astype(str)).split(",")) if len(table) else set()
        return claims[claims["claim_id"].astype(str).isin(ids)]

    return select


def _part_size() -> Callable[[pd.DataFrame], tuple[float, float]]:
    def size(data: pd.DataFrame) -> tuple[float, float]:
        table = _shown(data)  # the part's claims
        return _disputes_size(_with_units(data, table), PART_ROWS, compact=True)

    return size


def _part_prepare(
    more: Callable[[pd.DataFrame], dict] | None = None,
) -> Callable[[pd.DataFrame], dict]:
    """The disputes a part draws, and what ``more`` adds (the figure's notes)."""

    def prepare(data: pd.DataFrame) -> dict:
        extra = more(data) if more else {}
        return {"disputes": _shown(data), "max_rows": PART_ROWS, **extra}

    return prepare
