"""The verdict gate (issue #26): a ledger measure only when its evidence is local and nothing in
the sentence points to another measure; otherwise the row says why. Sentences are fictional
test sentences written for these tests."""

from __future__ import annotations

import pytest

from kursk_data.extract import find_figures


@pytest.mark.parametrize(
    "text, value, why",
    [
        # A bare count of troops: nothing says they were sent or where they stand.
        ("Officials in the fictional test spoke of 12,000 North Korean soldiers.", 12000, "sent"),
        # Another kind of count in the sentence: which figure is the force is not sure.
        ("Of the 11,000 North Korean soldiers in Russia, 4,000 were killed.", 11000, "losses"),
        # Expected, not there.
        ("At least 6,000 more North Korean troops are expected to arrive.", 6000, "expected"),
        # The outcome word stands before another figure: it is that figure's.
        ("One estimate put North Korean casualties at 1,000, another at 3,000.", 3000, "before"),
    ],
)
def test_the_gate_abstains_and_says_why(text, value, why):
    f = find_figures(text)
    row = f[f["value"] == value].iloc[0]
    assert row["measure"] is None or row["measure"] != row["measure"]
    assert why in row["why"]


@pytest.mark.parametrize(
    "text, measures",
    [
        ("North Korea has sent 11,000 troops to Russia.", ["north_korean_troops_deployed"]),
        ("Some 60,000 Russian soldiers are now in the Kursk region.", ["russian_troops_in_kursk"]),
        (
            "North Korea lost 4,000 troops, and 3,000 more have since been dispatched.",
            ["north_korean_troops_killed_and_wounded", "north_korean_troops_deployed"],
        ),
        (
            "Ukraine now holds 390 sq km, while Russia has won back 720 sq km.",
            ["area_held_by_ukraine", "area_retaken_by_russia"],
        ),
    ],
)
def test_local_evidence_still_gets_a_verdict(text, measures):
    assert find_figures(text)["measure"].tolist() == measures
