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
        ("At least 6,000 more North Korean troops are expected to arrive.", 6000, "planned"),
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
        # "3,000 more" is an increment, not the total (checker8, structure.py): no verdict.
        (
            "North Korea lost 4,000 troops, and 3,000 more have since been dispatched.",
            ["north_korean_troops_killed_and_wounded", None],
        ),
        (
            "Ukraine now holds 390 sq km, while Russia has won back 720 sq km.",
            ["area_held_by_ukraine", "area_retaken_by_russia"],
        ),
    ],
)
def test_local_evidence_still_gets_a_verdict(text, measures):
    assert find_figures(text)["measure"].tolist() == measures


# Issue #26, batch 5's kinds: a verdict only when the figure's own words say it is of the
# measure read. Fictional test sentences written for these tests.
@pytest.mark.parametrize(
    "text, measures",
    [
        # A peak word belongs to the number nearest it, and "since its peak" is a reference.
        (
            "In the fictional test Kyiv holds 250 sq km, far below the 1,300 sq km it held at "
            "the peak.",
            ["area_held_by_ukraine", "peak_area_held_by_ukraine"],
        ),
        # checker10, closed vocabulary: a word no rule reads for the measure: no verdict.
        (
            "Ukraine's fictional bridgehead has shrunk to 150 sq km since its peak.",
            [None],  # 'peak' is a sibling's word: since its peak, read by no rule here
        ),
        (
            "From a peak of 1,250 sq km, the area in Ukrainian hands fell in the fictional test.",
            ["peak_area_held_by_ukraine"],
        ),
        # What the whole was, said after it: "initially captured" when a part is retaken.
        (
            "Moscow says it won back half of the 1,200 sq km Kyiv's troops initially captured "
            "in the fictional test.",
            [None],  # checker10: 'back', 'half' are not the peak's words
        ),
        (
            "Russia has retaken 600 sq km, which Ukraine had first seized, the fictional "
            "test says.",
            [None],  # checker10: 'first' in the clause about it is no word of a retake
        ),
        # Ground gained in its own clause, and what is held now in another: no verdict.
        (
            "In its first days Ukraine captured 900 sq km, but it now holds much less, the "
            "fictional test says.",
            [None],
        ),
        # An ally named after "backing": the counted side is the other one, unclear here.
        (
            "Losses among the North Korean units backing Russian forces topped 2,000 in the "
            "fictional test.",
            [None],
        ),
        # A part of a force named just before it, and a force at its peak.
        (
            "Of the 40,000 Russian troops in the fictional region, about 9,000 are conscripts.",
            ["russian_troops_in_kursk", None],
        ),
        ("The fictional Russian grouping in Kursk peaked at 65,000 troops in the test.", [None]),
        # A force that grows is still the force: no part.
        (
            "The Russian grouping in Kursk grew from 20,000 to 40,000 in the fictional test.",
            [None, None],  # checker10: 'grew' is a change, read by no force rule
        ),
        # Blind set 5's kinds (fixed after its first run). The peak said before the verb,
        # set against what is held now; "initially" alone could be either.
        (
            "Kyiv's units, which initially held 1,350 sq km, now hold 700 sq km in the "
            "fictional test.",
            ["peak_area_held_by_ukraine", "area_held_by_ukraine"],
        ),
        (
            "At one point, Ukraine controlled 1,350 sq km, but now it holds 700 sq km in the "
            "fictional test.",
            ["peak_area_held_by_ukraine", "area_held_by_ukraine"],
        ),
        # "initially seized" alone could be the peak or the area held then (issue #26, the
        # sibling rule): no verdict.
        ("In the fictional test Ukraine initially seized 1,350 sq km.", [None]),
        # Held at an earlier date is still held; but "down from 900" may be the peak
        # (checker8, structure.py): the earlier figure gets no verdict.
        (
            "In the fictional test Kyiv held 80 sq km, down from 900 sq km a year earlier.",
            ["area_held_by_ukraine", None],
        ),
        # A force or a toll that includes the other side.
        (
            "Russia has gathered a fictional force of 40,000 troops, including North Korean "
            "units, near Kursk.",
            ["russian_and_north_korean_troops_in_kursk"],
        ),
        (
            "Russians have lost 20,000 troops in the Kursk direction, including soldiers from "
            "the DPRK, in the fictional test.",
            [None],
        ),
    ],
)
def test_own_words_decide_the_measure(text, measures):
    got = [m if isinstance(m, str) else None for m in find_figures(text)["measure"]]
    assert got == measures, find_figures(text)[["value", "measure", "why"]]


@pytest.mark.parametrize(
    ("text", "value", "readings"),
    [
        # Fictional sentences (issue #26): a sibling measure's cue among the words that decide
        # the reading leaves two readings open; the why names both.
        (
            "In the fictional test, Ukraine once held 1,300 sq km and still holds 400 sq km.",
            1300,
            ("peak area", "area held now"),
        ),
        (
            "In the fictional test there are 60,000 Russian troops now in Kursk, pulled from "
            "Kharkiv.",
            60000,
            ("troops in Kursk", "troops redeployed"),
        ),
        (
            "In the fictional test Russia aims to have 70,000 Russian troops in Kursk.",
            70000,
            ("troops planned", "troops in Kursk"),
        ),
        (
            "In the fictional test a combined Russian and North Korean force of 50,000 is massing.",
            50000,
            ("North Korean", "Russian"),
        ),
        (
            "In the fictional test Pyongyang sent a further 3,000 troops to Russia.",
            3000,
            ("more troops", "troops in Kursk"),
        ),
        (
            "Of the fictional Russian dead in Kursk, about 2,000 were conscripts.",
            2000,
            ("a part", "whole"),
        ),
    ],
)
def test_a_sibling_cue_leaves_two_readings_open(text, value, readings):
    f = find_figures(text)
    row = f[f["value"] == value].iloc[0]
    assert row["measure"] is None, row[["phrase", "measure", "why"]]
    assert row["why"].startswith("could be"), row["why"]
    assert all(r in row["why"] for r in readings), row["why"]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        # No sibling cue, or the cue is another figure's: the verdict stands.
        ("In the fictional test Ukraine still holds about 400 sq km.", "area_held_by_ukraine"),
        (
            "In the fictional test Ukraine held 380 sq km while Russia had won back 900 sq km.",
            "area_held_by_ukraine",
        ),
        (
            "Fictionally, Russia has deployed 40,000 troops against the Ukrainian foothold in "
            "Kursk.",
            "russian_troops_against_ukrainian_foothold",
        ),
    ],
)
def test_no_sibling_cue_keeps_the_verdict(text, measure):
    f = find_figures(text)
    assert f.iloc[0]["measure"] == measure, f[["phrase", "measure", "why"]]


def test_the_ally_beside_a_deployment_is_a_word_the_checker_does_not_read():
    # checker10, closed vocabulary: "alongside" is read by no rule of a deployment (kept by
    # the sibling rule before), so the verdict is refused and the word named.
    f = find_figures(
        "In the fictional test 11,000 North Korean troops were deployed to Kursk alongside "
        "Russian forces."
    )
    assert f["measure"].isna().all() and "'alongside'" in f.iloc[0]["why"]
