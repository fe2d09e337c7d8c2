"""SYNTHETIC test data: a made-up ledger of many claims, for testing charts at scale.

Nothing here is a real figure, claimant or source: names are "Synthetic claimant NN", the one
source is "synthetic-test-source" with no address, and the numbers come from a seeded random
generator. It lives in tests/ only and is never shipped or charted as news.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kursk_data.qualifiers import implied_bounds

SIDES = ["ukraine", "russia", "third_party", "independent", "unattributed"]
STATUS = {
    "ukraine": "claimed",
    "russia": "claimed",
    "third_party": "assessed",
    "independent": "assessed",
    "unattributed": "reported",
}
MEASURES = [
    "synthetic_troops_killed",
    "synthetic_troops_wounded",
    "synthetic_troops_killed_and_wounded",
    "synthetic_troops_missing",
]
SOURCE = "synthetic-test-source"


def synthetic_frames(n: int = 100, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` synthetic loss claims (4 measures, 14 claimants, 2022-2025, values 1,000 to
    1,000,000, every qualifier, running totals, implied values, inferred periods) and their one
    synthetic source, as the CSV columns of the ledger."""
    rng = np.random.default_rng(seed)
    claimants = [f"Synthetic claimant {i:02d}" for i in range(1, 14)] + ["unattributed"]
    sides = [SIDES[i % 4] for i in range(13)] + ["unattributed"]
    rows = []
    start = pd.Timestamp("2022-03-01")
    for i in range(n):
        who = int(rng.integers(0, len(claimants)))
        measure = MEASURES[i % len(MEASURES)]
        day = start + pd.Timedelta(days=int(rng.integers(0, 1200)))
        length = int(rng.choice([0, 0, 0, 6, 30, 90]))
        value = float(np.round(10 ** rng.uniform(3, 6), -2))
        qualifier = str(rng.choice(["exact", "about", "over", "up_to", "range", "unknown"]))
        low = high = np.nan
        if qualifier == "range":
            low, high = np.round(value * 0.7, -2), value
        lo, hi = implied_bounds(np.array([value]), np.array([qualifier]), [low], [high])
        running = i % 9 == 0
        rows.append(
            {
                "claim_id": f"syn-{i:03d}",
                "topic": "losses",
                "measure": measure,
                "value": value,
                "unit": "personnel",
                "qualifier": qualifier,
                "low": lo[0],
                "high": hi[0],
                "period_start": day,
                "period_end": day + pd.Timedelta(days=length),
                "period_precision": "day" if length == 0 else "approximate",
                "claimant": claimants[who],
                "claimant_detail": "",
                "claimant_side": sides[who],
                "status": STATUS[sides[who]],
                "reported_date": day + pd.Timedelta(days=length),
                "source_id": SOURCE,
                "wording": "",
                "alt_value": np.nan,
                "alt_unit": "",
                "part_of": "",
                "note": "Synthetic test claim; not a real figure.",
                "basis": "implied" if i % 17 == 0 else "stated",
                "period_basis": "inferred" if i % 7 == 0 and length else "stated",
                "since": pd.Timestamp("2022-02-24") if running else pd.NaT,
                "same_statement_as": "",
            }
        )
    claims = pd.DataFrame(rows)
    sources = pd.DataFrame(
        [
            {
                "source_id": SOURCE,
                "role": "user",
                "title": "Synthetic test source",
                "publisher": "Synthetic test publisher",
                "url": "",
                "published": "",
                "accessed": "",
                "kind": "other",
                "note": "Made up by the test suite; not a real source.",
                "via": "",
            }
        ]
    )
    return claims, sources


def typed(claims: pd.DataFrame) -> pd.DataFrame:
    """The synthetic frame with the dtypes :func:`kursk_data.load_claims` returns."""
    import kursk_data as kd

    template = kd.load_claims().iloc[0:0]
    out = {}
    for col in template.columns:
        dtype = template[col].dtype
        # Columns the loader adds (the ledger a claim came from) are not in a claims file.
        values = claims[col] if col in claims else pd.Series("synthetic", index=claims.index)
        if isinstance(dtype, pd.CategoricalDtype):
            values = values.replace("", None)
            out[col] = pd.Categorical(values, categories=dtype.categories)
        elif str(dtype) == "string":
            out[col] = values.replace("", None).astype("string")
        else:
            out[col] = values.astype(dtype)
    return pd.DataFrame(out)
