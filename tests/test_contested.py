"""contested(): rounding is not a dispute, figures are compared at matching dates without
chaining, one statement counts once, spellings collapse under aliases, ledgers stay apart.

Frames here are built by hand with test claimants and test numbers (no project data): each
expected result is worked out in a comment from the rules in the README."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kursk_data as kd
from kursk_data.analysis import suggest_aliases
from kursk_data.qualifiers import implied_bounds

FIRST_RELEASE_COLUMNS = [
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
]


def claim(claim_id: str, claimant: str, value: float, day: str, **kw) -> dict:
    """One claim row as load_claims returns it; bounds from the package's qualifier rule."""
    qualifier = kw.pop("qualifier", "exact")
    row = {
        "claim_id": claim_id,
        "topic": kw.pop("topic", "losses"),
        "measure": kw.pop("measure", "test_measure"),
        "value": value,
        "unit": "personnel",
        "qualifier": qualifier,
        "period_start": pd.Timestamp(kw.pop("start", day)),
        "period_end": pd.Timestamp(day),
        "claimant": claimant,
        "claimant_side": kw.pop("side", "independent"),
        "status": "assessed",
        "since": pd.Timestamp(kw.pop("since")) if "since" in kw else pd.NaT,
        "same_statement_as": kw.pop("same_statement_as", None),
        "ledger": kw.pop("ledger", "test.csv"),
    }
    if qualifier == "range":
        row["low"], row["high"] = kw.pop("low"), kw.pop("high")
    else:
        lo, hi = implied_bounds(np.array([value]), np.array([qualifier]))
        row["low"], row["high"] = lo[0], hi[0]
    assert not kw, f"unused: {kw}"
    return row


def frame(*rows: dict) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    df["low"] = df["low"].astype("Float64")
    df["high"] = df["high"].astype("Float64")
    return df


def disputes(df: pd.DataFrame, **kw) -> list[set[str]]:
    """Each dispute as the set of its claimants."""
    c = kd.contested(data=df, **kw)
    return [set(g["claimant"]) for _, g in c.groupby("dispute")]


# --------------------------------------------------------------------------- rounding


@pytest.mark.parametrize(
    ("a", "b", "disagree"),
    [
        # 783,000 of unknown wording: last non-zero digit in the thousands -> +/- 500 ->
        # [782,500, 783,500], which holds 783,138 (exact: +/- 0.5). Not a dispute.
        (("unknown", 783_000), ("exact", 783_138), False),
        # An exact 783,000 also stands for what it rounds from: the same interval.
        (("exact", 783_000), ("exact", 783_138), False),
        # 783,000 and 784,000 both unknown: [782,500, 783,500] and [783,500, 784,500] touch.
        (("unknown", 783_000), ("unknown", 784_000), False),
        # 790,000 -> [789,500, 790,500]: apart from [782,500, 783,500].
        (("unknown", 783_000), ("unknown", 790_000), True),
        # "about 90" keeps its own band [85, 95]; exact 96 -> [95.5, 96.5]: apart.
        (("about", 90), ("exact", 96), True),
        # exact 0 stays 0: a zero disputes any positive figure, however small its rounding.
        (("exact", 0), ("about", 30), True),
    ],
)
def test_figures_within_their_rounding_are_not_a_dispute(a, b, disagree):
    df = frame(
        claim("t-1", "Claimant A", a[1], "2025-06-01", qualifier=a[0]),
        claim("t-2", "Claimant B", b[1], "2025-06-01", qualifier=b[0]),
    )
    assert bool(disputes(df)) is disagree


def test_the_interval_compared_is_reported():
    df = frame(
        claim("t-1", "Claimant A", 783_000, "2025-06-01", qualifier="unknown"),
        claim("t-2", "Claimant B", 790_000, "2025-06-01", qualifier="exact"),
    )
    c = kd.contested(data=df).set_index("claimant")
    assert c.loc["Claimant A", ["compared_low", "compared_high"]].tolist() == [782_500, 783_500]
    # 790,000: last non-zero digit 9 in the ten-thousands -> half of 10,000 = 5,000, capped at
    # 2 % of 790,000 = 15,800: not binding -> [785,000, 795,000].
    assert c.loc["Claimant B", ["compared_low", "compared_high"]].tolist() == [785_000, 795_000]
    # low/high keep the claim's own interval (exact: the number itself)
    assert c.loc["Claimant B", ["low", "high"]].tolist() == [790_000, 790_000]


# --------------------------------------------------------------------------- windows


def test_running_totals_25_days_apart_are_not_a_dispute_by_default():
    # Two running totals (topic losses) 25 days apart: the later total is larger, as a count
    # to a later date is; by default totals are compared only where their periods overlap.
    # Asked for a 30-day window, they are compared as before.
    df = frame(
        claim("t-1", "Claimant A", 1000, "2025-01-01", qualifier="about"),  # [900, 1100]
        claim("t-2", "Claimant B", 2000, "2025-01-26", qualifier="about"),  # [1900, 2100]
    )
    assert disputes(df) == []
    assert disputes(df, window="30D") == [{"Claimant A", "Claimant B"}]


def test_running_totals_of_overlapping_periods_are_compared():
    # "30,000-35,000" in January against "over 38,000" on 1 January: the day lies in the
    # month, so the two are compared, and no figure fits both.
    df = frame(
        claim(
            "t-1",
            "Claimant A",
            35000,
            "2025-01-31",
            start="2025-01-01",
            qualifier="range",
            low=30000,
            high=35000,
        ),
        claim("t-2", "Claimant B", 38000, "2025-01-01", qualifier="over"),
    )
    table = kd.contested(data=df)
    assert disputes(df) == [{"Claimant A", "Claimant B"}]
    assert table["window"].iloc[0] == pd.Timedelta(0)


def test_a_since_date_makes_a_running_total_whatever_the_topic():
    rows = [
        claim("t-1", "Claimant A", 1000, "2025-01-01", topic="troops", since="2024-08-06"),
        claim("t-2", "Claimant B", 2000, "2025-01-26", topic="troops", since="2024-08-06"),
    ]
    # A running total: 25 days apart is not the same date (as a state, 14 days, neither).
    assert disputes(frame(*rows)) == []
    rows[1] = claim("t-2", "Claimant B", 2000, "2025-01-01", topic="troops", since="2024-08-06")
    assert disputes(frame(*rows)) == [{"Claimant A", "Claimant B"}]


def test_states_use_a_shorter_window():
    # Area held (territory) 20 days apart: a front line can move that much; not compared
    # with the 14-day default for states, compared when asked for 30 days.
    df = frame(
        claim("t-1", "Claimant A", 500, "2025-02-16", topic="territory", qualifier="about"),
        claim("t-2", "Claimant B", 140, "2025-03-08", topic="territory", qualifier="about"),
    )
    assert disputes(df) == []
    assert disputes(df, window="30D") == [{"Claimant A", "Claimant B"}]


def test_windows_do_not_chain_a_growing_total():
    # A [100, 120] on 1 Jan, B [115, 135] on 25 Jan, C [130, 150] on 18 Feb. Neighbours agree
    # (115-120, 130-135); A and C do not, but they are 48 days apart. A chain of 30-day gaps
    # would put all three in one group with no common figure; anchored windows never do.
    df = frame(
        claim("t-1", "Claimant A", 120, "2025-01-01", qualifier="range", low=100, high=120),
        claim("t-2", "Claimant B", 135, "2025-01-25", qualifier="range", low=115, high=135),
        claim("t-3", "Claimant C", 150, "2025-02-18", qualifier="range", low=130, high=150),
    )
    assert disputes(df) == []
    assert disputes(df, window="60D") == [{"Claimant A", "Claimant B", "Claimant C"}]


def test_a_claimants_position_is_its_latest_figure_at_that_date():
    # A revises from 1000 to 2000 within the window; B says 2000. On 20 Jan A's latest is
    # 2000: no dispute then. On 10 Jan A's latest was 1000 against... nobody else yet.
    df = frame(
        claim("t-1", "Claimant A", 1000, "2025-01-10"),
        claim("t-2", "Claimant A", 2000, "2025-01-15"),
        claim("t-3", "Claimant B", 2000, "2025-01-20"),
    )
    assert disputes(df) == []


def test_each_dispute_is_reported_once_at_its_widest():
    # A and B disagree on 1 Jan; C joins on 5 Jan with the same positions for A and B: one
    # dispute of three claimants, as of 5 Jan, not a second one of two.
    df = frame(
        claim("t-1", "Claimant A", 1000, "2025-01-01"),
        claim("t-2", "Claimant B", 2000, "2025-01-01"),
        claim("t-3", "Claimant C", 3000, "2025-01-05"),
    )
    c = kd.contested(data=df, window="30D")  # totals days apart: compared in a window asked for
    assert c["dispute"].nunique() == 1 and c["n_claimants"].iloc[0] == 3
    assert c["as_of"].iloc[0] == pd.Timestamp("2025-01-05")


def test_negative_window_is_refused():
    with pytest.raises(ValueError, match="negative"):
        kd.contested(window="-1D")


# --------------------------------------------------------------------------- one statement


def test_a_statement_reported_twice_counts_once():
    # t-2 reports t-1's statement (another outlet, another spelling). Against C's 30, the
    # zero is one claimant, dated by t-1: t-2's longer period is not a second claim.
    rows = [
        claim("t-1", "Named Official", 0, "2025-04-26", topic="territory"),
        claim(
            "t-2",
            "Their Government",
            0,
            "2025-06-22",
            start="2025-04-26",
            topic="territory",
            same_statement_as="t-1",
        ),
        claim("t-3", "Claimant C", 30, "2025-04-26", topic="territory", qualifier="about"),
        claim("t-4", "Claimant D", 90, "2025-06-22", topic="territory", qualifier="about"),
    ]
    c = kd.contested(data=frame(*rows))
    assert c["dispute"].nunique() == 1
    assert set(c["claimant"]) == {"Named Official", "Claimant C"}
    assert c.set_index("claimant").loc["Named Official", "claim_ids"] == "t-1,t-2"
    # Without the link, t-2 is a claimant of its own, and its period reaches D's date.
    unlinked = frame(*[{**r, "same_statement_as": None} for r in rows])
    found = disputes(unlinked)
    assert {"Named Official", "Their Government", "Claimant C"} in found
    assert any("Claimant D" in d for d in found)


def test_a_link_to_a_row_left_out_is_ignored():
    rows = [
        claim("t-2", "Their Government", 0, "2025-04-26", same_statement_as="t-1"),
        claim("t-3", "Claimant C", 30, "2025-04-26", qualifier="about"),
    ]
    assert disputes(frame(*rows)) == [{"Their Government", "Claimant C"}]


def test_the_shipped_zero_is_one_claimant():
    c = kd.contested("territory")
    zero = c[c["value"] == 0]
    assert len(zero) == 1 and zero["claimant"].iloc[0] == "Valery Gerasimov"
    assert zero["claim_ids"].iloc[0] == "art-03,ctx-11"
    assert "Russian authorities" not in set(c["claimant"])


# --------------------------------------------------------------------------- aliases


def nis_rows() -> list[dict]:
    # One body under two spellings revising its own estimate within 25 days.
    return [
        claim("t-1", "Test Agency TA", 1000, "2024-12-19", qualifier="about"),  # [900, 1100]
        claim("t-2", "Test Agency Test Agency", 2700, "2025-01-13", qualifier="about"),
    ]


def test_aliases_collapse_spellings():
    df = frame(*nis_rows())
    # Running totals 25 days apart: compared in a 30-day window asked for.
    assert disputes(df, window="30D") == [{"Test Agency TA", "Test Agency Test Agency"}]
    aliases = {"Test Agency TA": "Test Agency Test Agency"}
    assert disputes(df, window="30D", aliases=aliases) == []


def test_suggested_aliases_can_be_passed_as_they_are():
    df = frame(*nis_rows())
    suggested = suggest_aliases(df)
    # "TA" spells the initials of "Test Agency"; the canonical spelling is the longer one
    # (both have one claim).
    assert suggested[["spelling", "canonical"]].values.tolist() == [
        ["Test Agency TA", "Test Agency Test Agency"]
    ]
    assert disputes(df, aliases=suggested) == []


def test_aliases_keep_the_spellings_as_written():
    df = frame(*nis_rows(), claim("t-3", "Claimant B", 5000, "2025-01-13", qualifier="about"))
    c = kd.contested(data=df, window="30D", aliases={"Test Agency TA": "Test Agency Test Agency"})
    row = c.set_index("claimant").loc["Test Agency Test Agency"]
    assert row["spellings"] == "Test Agency TA | Test Agency Test Agency"
    assert row["claim_ids"] == "t-1,t-2" and row["value"] == 2700


def test_an_aliases_frame_needs_its_columns():
    with pytest.raises(ValueError, match="canonical"):
        kd.contested(data=frame(*nis_rows()), aliases=pd.DataFrame({"spelling": ["x"]}))


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        ("DeepState", "DeepState (as cited by online.ua)", True),
        ("UK MoD", "UK Ministry of Defence", True),
        ("UK Ministry of Defence", "UK Ministry of Defense", True),
        ("South Korea NIS", "South Korea's National Intelligence Service", True),
        ("Zelensky", "Volodymyr Zelensky", True),
        # a bracket that names a different claimant is part of the name
        ("Ukrainian General Staff", "Ukrainian General Staff (anonymous source)", False),
        # two bodies that differ by one word that is not a spelling variant
        ("Russian Ministry of Defence", "Ukrainian Ministry of Defence", False),
        ("unattributed", "Unattributed", False),
    ],
)
def test_suggest_aliases_links_spellings_of_one_name(a, b, linked):
    df = frame(claim("t-1", a, 1, "2025-01-01"), claim("t-2", b, 1, "2025-01-01"))
    assert (not suggest_aliases(df).empty) is linked


def test_the_shipped_ledger_spells_each_claimant_one_way():
    assert suggest_aliases(kd.load_claims()).empty


# --------------------------------------------------------------------------- ledgers


def test_ledgers_are_compared_only_when_asked():
    # The same measure name in two files: a whole-war total in one, a regional one in the
    # other. Apart by default; compared with across_ledgers=True.
    df = frame(
        claim("t-1", "Claimant A", 15_000, "2025-01-06", qualifier="about", ledger="shipped"),
        claim("t-2", "Claimant B", 400_000, "2025-01-06", ledger="mine.csv"),
    )
    assert disputes(df) == []
    c = kd.contested(data=df, across_ledgers=True)
    assert set(c["claimant"]) == {"Claimant A", "Claimant B"}
    assert c["ledger"].iloc[0] == "mine.csv, shipped"


def test_totals_counted_from_different_dates_are_not_compared():
    df = frame(
        claim("t-1", "Claimant A", 15_000, "2025-01-06", since="2024-08-06"),
        claim("t-2", "Claimant B", 400_000, "2025-01-06", since="2022-02-24"),
    )
    assert disputes(df, across_ledgers=True) == []


def test_frames_without_the_new_columns_still_work():
    df = frame(
        claim("t-1", "Claimant A", 1000, "2025-01-01"),
        claim("t-2", "Claimant B", 2000, "2025-01-01"),
    ).drop(columns=["since", "same_statement_as", "ledger"])
    c = kd.contested(data=df)
    assert len(c) == 2 and c["ledger"].isna().all() and c["since"].isna().all()


# --------------------------------------------------------------------------- output


def test_output_keeps_the_first_release_columns_in_order():
    c = kd.contested()
    assert list(c.columns[: len(FIRST_RELEASE_COLUMNS)]) == FIRST_RELEASE_COLUMNS
    empty = kd.contested(data=kd.load_claims().iloc[0:0])
    assert list(empty.columns) == list(c.columns)
