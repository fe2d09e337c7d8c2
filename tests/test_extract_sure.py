"""The positive pattern (issue #26, kursk_data/extract/sure.py): a verdict only when the
figure's own words give its side and a whole force or toll; every other figure keeps its value
and says why it got no verdict. Sentences are fictional, written for these structures."""

from __future__ import annotations

import pytest

from kursk_data.extract import find_figures


@pytest.mark.parametrize(
    ("text", "why"),
    [
        # The side on the opposing force's noun phrase, not on the figure's.
        (
            "Fictional: Ukrainian units have suffered setbacks in Kursk, retreating under a "
            "Russian drive comprising some 40,000 troops.",
            "another noun or clause",
        ),
        # The side only in the speaker.
        (
            "Fictional: A Ukrainian major told reporters that about 6,000 soldiers took part in "
            "the Kursk operation.",
            "speaker",
        ),
        (
            "Fictional: The Ukrainian military said 8,000 soldiers took part in the Kursk "
            "operation.",
            "speaker",
        ),
        (
            "Fictional: Ukraine's army spoke on Monday. It said 8,000 soldiers were in the Kursk "
            "region.",
            "speaker",
        ),
        # A subgroup, a demonym, people in general: not a whole force.
        ("Fictional: Ukrainian units captured at least 180 Russian conscripts in Kursk.", "part"),
        ("Fictional: A warden said 240 Russians had been brought to the camp.", "by country"),
        ("Fictional: Kyiv has lost up to 40 people in the Kursk region.", "people"),
        # The toll of a few actions, not the total.
        (
            "Fictional: Russia said it repelled four attacks in Kursk and that Kyiv had lost up "
            "to 30 troops.",
            "actions",
        ),
        ("Fictional: Kyiv said 90 Russian soldiers were killed near Malaya Loknya.", "one place"),
        # An area no verb of holding or taking governs: ground left, struck or mined.
        ("Fictional: Kyiv's troops were forced to withdraw from 300 sq km of Kursk.", "holding"),
        ("Fictional: Ukrainian drones hit targets across 1,000 sq km of Kursk.", "holding"),
        ("Fictional: Russian forces now control 500 sq km of Ukrainian land in Sumy.", "Russia"),
        ("Fictional: Ukrainian troops won back 50 sq km from Russian forces.", "Ukraine"),
        ("Fictional: Russian forces killed 40 in Kursk.", "no whole-force noun"),
        # A toll of the whole war, or of a few days.
        ("Fictional: Russia has lost over 600,000 troops, Kyiv said.", "whole war"),
        ("Fictional: Russia has lost 90,000 soldiers in Ukraine this year.", "whole war"),
        ("Fictional: Russian losses have passed 90,000 since February 2022.", "whole war"),
        ("Fictional: Russia has lost 400 troops in Kursk since Monday.", "few days"),
        # A force with no place named may stand on another front.
        ("Fictional: Russia has massed 50,000 troops near Pokrovsk.", "no place"),
    ],
)
def test_no_verdict_without_the_positive_pattern(text, why):
    f = find_figures(text)
    assert len(f) == 1 and f["measure"].isna().all(), f[["phrase", "who", "what", "measure"]]
    assert why in f["why"].iloc[0], f["why"].iloc[0]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        (
            "Fictional: Ukrainian units still hold about 400 sq km of Kursk.",
            ["area_held_by_ukraine"],
        ),
        (
            "Fictional: The area under Ukrainian control fell from 1,300 to 90 sq km.",
            ["area_held_by_ukraine", "area_held_by_ukraine"],
        ),
        (
            "Fictional: Russian losses in the Kursk region had reached 38,000.",
            ["russian_troops_killed_and_wounded"],
        ),
        (
            "Fictional: Russia has massed 50,000 troops in the Kursk region.",
            ["russian_troops_in_kursk"],
        ),
        (
            "Fictional: Kyiv said 600 Russian soldiers were captured in Kursk.",
            ["russian_troops_captured"],
        ),
        (
            "Fictional: 300 North Korean soldiers have been killed and 2,700 wounded in Kursk.",
            ["north_korean_troops_killed", "north_korean_troops_wounded"],
        ),
        (
            "Fictional: Russia's aggressive push-back involves around 9,000 troops, Kyiv said.",
            ["russian_troops_against_ukrainian_foothold"],
        ),
        (
            "Fictional: Ukraine gave figures for North Korean units. It said 4,000 had been "
            "killed or wounded.",
            ["north_korean_troops_killed_and_wounded"],
        ),
        (
            "Fictional: The Russians lost 20,800 men killed and wounded in Kursk.",
            ["russian_troops_killed_and_wounded"],
        ),
    ],
)
def test_verdict_when_the_figure_states_side_and_force(text, measures):
    f = find_figures(text)
    assert f["measure"].tolist() == measures, f[["phrase", "who", "what", "why"]]
