"""The checker on what real news copy does (issue #26): numbers as journalists write them,
people nouns and outcomes, typography, qualifiers, hostile text, measures read right, a unit or
actor carried from the sentence before, and abstaining rather than guessing.

Each case was failing before the change that made it pass; the expected values are read from
the sentences by hand.
"""

from __future__ import annotations

import math

import pytest

from kursk_data.extract import check_text, find_figures


def one(text: str):
    f = find_figures(text)
    assert len(f) == 1, f[["phrase", "value"]]
    return f.iloc[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Losses reached four-thousand-100 troops.", 4100),
        ("Russia pulled 15-thousand soldiers into Kursk.", 15000),
        ("Pyongyang sent three-thousand more soldiers.", 3000),
        ("Thirty-five Russian soldiers were captured.", 35),
        ("Two hundred and fifty thousand soldiers.", 250000),
        ("Russia's casualties passed half a million soldiers.", 500000),
        ("Over a thousand Russian soldiers have been captured.", 1000),
        ("Of those losses, 22.2 thousand troops were irretrievable.", 22200),
        ("Eleven thousand North Korean soldiers were sent.", 11000),
        ("Kyiv's forces took about 1.3k square kilometres.", 1300),
        ("Seoul said roughly 27-hundred North Korean soldiers were wounded.", 2700),  # not 27
        ("Some 15 hundred Russian soldiers were captured.", 1500),
        # Blind 8: "a quarter of a million" was read as the "a million" inside it.
        ("A blog put the dead at up to a quarter of a million.", 250000),
        ("Nearly three quarters of a million soldiers were lost.", 750000),
        ("Over a third of a million troops were wounded.", 333333),
        ("As many as 307 Ukrainian defenders came home.", 307),  # not read at all before
    ],
)
def test_numbers_as_journalists_write_them(text, value):
    assert one(text)["value"] == value


def test_a_fraction_of_a_scale_keeps_the_qualifier_before_it():
    f = one("Analysts think up to a quarter of a million soldiers have died.")
    assert (f["value"], f["qualifier"]) == (250000, "up_to")


def test_a_span_in_a_hyphenated_adjective_is_no_count():
    # Blind 9: "the 3-year war" gave a count of 3 people beside the real figure.
    f = one("Officials said 45,100 Ukrainian soldiers died in the 3-year war.")
    assert f["value"] == 45100


def test_a_pair_survives_the_ground_it_measures_between_its_units():
    # Blind 8: "489 square miles of territory, or around 1,263 square kilometers" was read as
    # two areas (the pair sat past "of territory").
    f = one("They hold 489 square miles of territory, or around 1,263 square kilometres.")
    assert (f["value"], f["unit"], f["alt_value"], f["alt_unit"]) == (1263, "km2", 489, "mi2")


def test_a_short_lower_figure_takes_the_thousands_of_the_upper():
    f = one("Officials put the Russian force at 60-70,000 troops.")
    assert (f["low"], f["high"], f["qualifier"]) == (60000, 70000, "range")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Some 11\u200b000 North Korean troops.", "invisible"),
        ("Some 11\u202e000 North Korean troops.", "invisible"),
        ("German outlets wrote that 11.000 North Korean soldiers were sent.", "dots"),
        ("A post claimed 10^400 soldiers were sent.", "power"),
        ("A post claimed 1e400 soldiers were sent.", "power"),
        ("Officials said 1,5 million soldiers.", "decimal comma"),
        # "486,5 square miles" (blind 9: read as 5) is read as 486.5 since checker10: one or
        # two digits after a comma before an area unit are a decimal (test_extract_closed).
        ("Kyiv holds about 486,5 soldiers.", "decimal comma"),
        ("Seoul said \uff11\uff11\uff10\uff10\uff10 troops were sent.", "digits other"),
    ],
)
def test_a_number_it_cannot_read_is_reported_unread_never_as_another(text, reason):
    assert find_figures(text).empty  # never 0, 11, 400 or 5 million
    report, _ = check_text(text)
    assert len(report) == 1 and math.isnan(report["value"].iloc[0])
    assert report["check"].iloc[0].startswith("UNREAD: ")
    assert reason.split()[0] in report["check"].iloc[0] or reason == "decimal comma"


def test_terminal_colour_codes_are_not_numbers():
    f = find_figures("\x1b[31mSome 11,000\x1b[0m North Korean troops were sent.")
    assert f["value"].tolist() == [11000]  # "0m" is no figure
    assert "\x1b" not in f["phrase"].iloc[0]


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        # checker11: each toll names Kursk, as a Russian or Ukrainian toll's verdict needs.
        (
            "Kyiv said 6,600 Russian servicepeople had been killed in Kursk.",
            "russian_troops_killed",
        ),
        (
            "More than 900 Russian service members were taken prisoner in Kursk.",
            "russian_troops_captured",
        ),
        # checker10, closed vocabulary: "Another" marks an increment: no verdict.
        ("Another 909 Russian soldiers have been taken as prisoners of war.", None),
        ("Syrskyi put Russian medical casualties in Kursk at 31,800.", "russian_troops_wounded"),
        (
            "Of Russia's losses in Kursk, more than 22,000 were irretrievable.",
            "russian_troops_killed",
        ),
        # checker10: "salient" is no word of a force in Kursk (could be against the foothold).
        ("The Kremlin massed about 50,000 ground troops near the salient.", None),
        (
            "Russia gathered a 70,000-plus force against the Ukrainian salient.",
            "russian_troops_against_ukrainian_foothold",
        ),
        (
            "An additional 6,000 North Korean troops will follow.",
            "north_korean_troops_planned_additional",
        ),
    ],
)
def test_people_nouns_and_outcomes_of_real_copy(text, measure):
    assert one(text)["measure"] == measure


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("North Korean casualties were approaching 4,000.", "about"),
        ("Russian casualties will surpass 50,000.", "over"),
        ("A minimum of 300 North Korean soldiers died.", "over"),
        ("Captives could be as high as 2,000 Russian soldiers.", "up_to"),
        ("Not fewer than 600 Russian soldiers surrendered.", "over"),
        ("A maximum of 15,000 North Korean soldiers would be sent.", "up_to"),
        ("Kyiv said its forces faced nearly \u201c50,000 enemy troops\u201d.", "about"),
        ("Moscow handed over 115 Ukrainian prisoners.", "exact"),
    ],
)
def test_qualifiers_read_as_worded(text, qualifier):
    assert one(text)["qualifier"] == qualifier


def test_typography_curly_quotes_possessives_and_abbreviations():
    f = one(
        "As many as 30 have been \u201ckilled or wounded,\u201d Ukraine\u2019s intelligence said "
        "of the North Korean unit."
    )
    assert f["qualifier"] == "up_to"
    f = one("As of Aug. 13, Ukraine said it held 1,000 square kilometres of Russian land.")
    assert f["measure"] == "area_held_by_ukraine"
    f = one("North Korea\u2019s troops in Kursk number about 11,000, Seoul\u2019s agency said.")
    assert f["measure"] == "north_korean_troops_deployed"


@pytest.mark.parametrize(
    "text",
    [
        "One of the captured North Korean soldiers was born in 2005.",
        "Dozens of Russian conscripts surrendered.",
        "Hundreds of North Korean soldiers were killed or wounded.",
    ],
)
def test_nothing_stated(text):
    assert find_figures(text).empty


@pytest.mark.parametrize(
    ("text", "measure", "why"),
    [
        ("The salient covered about 1,000 square kilometres.", None, "no side holding"),
        ("About 90 sq km were still held by Ukraine, Russia said.", "area_held_by_ukraine", None),
        (
            "Russian forces have retaken roughly 120 square kilometres.",
            "area_retaken_by_russia",
            None,
        ),
        ("Ukraine has lost about 500 sq km of the ground it took.", None, "area lost"),
        ("Russia's army of 1.3 million is spread along the front.", None, "whole army"),
        ("Russian losses since the full-scale invasion passed 700,000.", None, "whole war"),
        ("Putin claimed about 2,000 Ukrainian troops were cut off in Kursk.", None, "cut off"),
        (
            "North Korea sent 11,000 soldiers, including 3,000 special forces troops.",
            None,
            "part of a force",
        ),
        (
            "Ukrainian forces killed, injured or captured 17,819 Russian soldiers.",
            None,
            "keeps apart",
        ),
        ("At least three North Korean personnel went missing.", None, "missing"),
    ],
)
def test_measures_read_right_or_not_at_all(text, measure, why):
    f = find_figures(text).iloc[-1]
    assert f["measure"] == measure
    assert (f["why"] is None) if why is None else why in f["why"]


def test_a_unit_or_actor_carries_to_the_next_sentence_and_no_further():
    f = one("Russia has concentrated troops near Sudzha. It is between 30 and 45 thousand.")
    # checker10, closed vocabulary: "Sudzha", a named town, is a place no rule reads for the
    # force: the unit and the side still carry, the verdict is refused.
    assert (f["low"], f["high"], f["who"]) == (30000, 45000, "russian")
    assert f["measure"] is None and "'sudzha'" in f["why"]
    f = one(
        "Ukraine gave casualty numbers for North Korean units. It said 4,000 had been killed "
        "or wounded."
    )
    assert f["measure"] == "north_korean_troops_killed_and_wounded"
    # Two sentences back, or in another paragraph: not carried.
    assert find_figures(
        "North Korean units arrived. It was cold. Officials put it at 11,000."
    ).empty
    f = one("North Korean troops reached the front.\n\nOfficials said 300 were dead.")
    assert f["measure"] is None


def test_figures_of_one_sentence_share_its_side():
    f = find_figures(
        "A total of 6,662 Russian troops have been killed, 10,446 wounded and 711 "
        "captured since August, Kyiv said."
    )
    assert f["measure"].tolist() == [
        "russian_troops_killed",
        "russian_troops_wounded",
        "russian_troops_captured",
    ]
    f = find_figures("Three thousand or even ten thousand North Koreans are in Kursk.")
    assert f["value"].tolist() == [3000, 10000]
    # Issue #26, positive pattern: a demonym as the noun may count civilians: no verdict.
    assert f["measure"].isna().all() and f["why"].str.contains("by country").all()
    f = find_figures("Three thousand or even ten thousand North Korean troops are in Kursk.")
    # checker10, closed vocabulary: "even" (a hedge, nearest the second figure) is no word the
    # checker reads: that figure gets no verdict; the side is still shared.
    assert set(f["who"]) == {"north_korean"}
    assert f["measure"].tolist() == ["north_korean_troops_deployed", None]


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        # A day after an abbreviated month is a date, and "Aug." ends no sentence.
        ("Kyiv said 711 Russian troops were captured since Aug. 8.", ["russian_troops_captured"]),
        (
            "Total losses of Russia in Kursk came to 20,842 soldiers killed and wounded.",
            ["russian_troops_killed_and_wounded"],
        ),
        ("Over 1,000 km² were under the control of Ukraine.", ["area_held_by_ukraine"]),
        (
            "Russia has 12,000 troops in Kursk, including 500 officers and three generals.",
            ["russian_troops_in_kursk", None, None],
        ),
        (
            "Russia suffered losses in the Kursk direction of more than 55 thousand people.",
            ["russian_troops_killed_and_wounded"],
        ),
        (
            "About 100 North Korean soldiers were killed, with nearly 1,000 others injured.",
            ["north_korean_troops_killed", "north_korean_troops_wounded"],
        ),
    ],
)
def test_structures_of_real_wire_copy(text, measures):
    assert find_figures(text)["measure"].tolist() == measures


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "measure"),
    [
        # checker10, closed vocabulary: "war" can widen a toll to the whole war: no verdict.
        (
            "The war with Kursk cost Russia at least 20,000 soldiers, Kyiv said.",
            20000,
            "over",
            None,
        ),
        # A forecast ("would soon pass"): value and qualifier still read, but since checker8
        # (structure.py) a possibility gets no verdict.
        (
            "Kyiv said Russian losses in Kursk would soon pass 60,000.",
            60000,
            "over",
            None,
        ),
        (
            "Some 40,000 Russian troops are in Kursk, and 8,000 of them are conscripts.",
            8000,
            "exact",
            None,
        ),
    ],
)
def test_structures_found_by_the_held_out_third(text, value, qualifier, measure):
    f = find_figures(text).iloc[-1]
    assert (f["value"], f["qualifier"], f["measure"]) == (value, qualifier, measure)


def test_ages_in_a_range_are_no_figure():
    assert find_figures("The captured conscripts were aged between 18 and 20.").empty


@pytest.mark.parametrize(
    ("text", "measure", "why"),
    [
        # Kinds the blind real-copy run of this issue gave wrong verdicts for, each written
        # anew in our own words; the second column is what a careful reader takes it to count.
        ("Kyiv's troops took a further 30 sq km on Monday.", None, "ground gained"),
        ("Its units, which once held about 1,200 sq km, fell back.", None, "no side"),
        (
            "Ukraine's brigades, which once held about 1,200 sq km, fell back.",
            "peak_area_held_by_ukraine",
            None,
        ),
        (
            "Nearly 700 sq km have now been liberated by Russian troops, the army said.",
            "area_retaken_by_russia",
            None,
        ),
        ("Moscow said Russia had won back 850 sq km.", "area_retaken_by_russia", None),
        ("Russian forces seized 4,100 sq km in Ukraine in 2024.", None, "Russia took"),
        (
            "Some 90 North Korean soldiers deployed near Sudzha have been killed.",
            None,
            "fate is named later",
        ),
        (
            "Kyiv announced the capture of three North Korean soldiers.",
            "north_korean_troops_captured",
            None,
        ),
        ("Some 120 Russian and North Korean soldiers died in the raid.", None, "sides"),
        ("The fighting made about 100,000 Russians flee their homes.", None, "civilians"),
        ("About 30,000 residents were evacuated from the district.", None, "civilians"),
        ("Officials said 60 bodies of Russian soldiers were found.", None, "bodies"),
        ("Ukrainian units held off the 40,000-strong enemy grouping.", None, "no side"),
        # checker11: sent to Kursk is a movement as much as a force there; no verdict.
        (
            "Russia sent 40,000 troops to Kursk, where Ukraine staged its counteroffensive.",
            None,
            "movement",
        ),
        ("Kyiv said Pyongyang may soon have up to 14,000 troops there.", None, "no side"),
        # With the side named, "soon" is the cue of troops planned: two readings, no verdict.
        ("Kyiv said 14,000 North Korean troops may soon be there.", None, "planned"),
        # checker11: a toll with no Kursk place named ("there" alone) gets no verdict.
        (
            "The Ukrainian armed forces have lost over 200 soldiers there, Moscow said.",
            None,
            "Kursk place",
        ),
        (
            "Moscow cited losses exceeding 65,000 troops for the AFU.",
            None,
            "Kursk place",
        ),
        # checker10: "initially" (an earlier force), a small event, "Another" (an increment).
        ("Russia initially had 10,000 soldiers in the region.", None, "'initially'"),
        ("In October the North had sent 10,000 troops.", "north_korean_troops_deployed", None),
        (
            "Two more Ukrainian soldiers gave themselves up in Kursk, the ministry said.",
            None,
            "one event",
        ),
        ("Another 300 North Korean soldiers were hurt.", None, "'another'"),
    ],
)
def test_kinds_the_blind_real_set_found(text, measure, why):
    f = find_figures(text).iloc[-1]
    assert f["measure"] == measure, f[["phrase", "measure", "why"]]
    assert (f["why"] is None) if why is None else why in f["why"]


def test_a_count_of_things_after_a_count_of_troops_is_no_figure():
    f = find_figures(
        "Over 10,000 North Korean soldiers were sent. Pyongyang also sent over 10,000 "
        "containers of shells."
    )
    assert f["value"].tolist() == [10000]
    assert find_figures("The freed men included 82 privates and sergeants.")["value"].tolist() == [
        82
    ]


@pytest.mark.parametrize(
    ("text", "qualifier", "measure", "why"),
    [
        # Kinds a second blind set of real sentences, gathered after the first fixes, showed.
        ("Russia was close to encircling some 7,000 Ukrainian troops.", "about", None, "cut off"),
        ("They held about 800 sq km of it, Kyiv's army chief said.", "about", None, "no side"),
        (
            "About 800 sq km were held by Ukraine in May, Moscow claimed.",
            "about",
            "area_held_by_ukraine",
            None,
        ),
        ("Some 2,000 or more North Korean troops were sent.", "over", None, None),
        (
            "North Korea lost 4,000 troops, and 3,000 more have since been dispatched.",
            "exact",
            None,
            None,
        ),
        ("Kyiv's units are losing about 80 soldiers every day.", "about", None, "a rate"),
        ("Ukraine lost up to 400 soldiers in a day, Moscow said.", "up_to", None, None),
        ("The raid set off evacuations of about 90,000 people.", "about", None, "civilians"),
        (
            "Some 2,000 Russian citizens stayed in the occupied villages.",
            "about",
            None,
            "civilians",
        ),
    ],
)
def test_kinds_the_second_blind_real_set_found(text, qualifier, measure, why):
    f = find_figures(text).iloc[-1]
    assert f["qualifier"] == qualifier, f[["phrase", "qualifier"]]
    if measure is not None or why is not None:
        assert f["measure"] == measure, f[["phrase", "measure", "why"]]
        assert (f["why"] is None) if why is None else why in f["why"], f["why"]


def test_a_verb_of_sending_after_the_figure_outranks_a_toll_before_it():
    f = find_figures("North Korea lost 4,000 troops, and 3,000 more have since been dispatched.")
    assert f["what"].tolist() == ["killed_and_wounded", "deployed"]
    # "3,000 more" is an increment, not the total (checker8, structure.py): no verdict.
    assert f["measure"].tolist() == ["north_korean_troops_killed_and_wounded", None]
    # "in a day" is a span, not a rate; but a day's toll is no running total, so since the
    # scope rule (issue #26) it abstains rather than get a verdict.
    f = find_figures("Kyiv's units lost about 80 soldiers in a day.").iloc[0]
    assert f["measure"] is None and f["why"].startswith("scope: a period"), f["why"]


@pytest.mark.parametrize(
    "text, measures",
    [
        # Fictional sentences (issue #26 scope rule): a part of a total gets no verdict.
        (
            "Fictional: Kyiv lost 260 soldiers over the past 24 hours; since the incursion "
            "began, Ukraine has lost more than 30,000 troops.",
            [None, "ukrainian_troops_killed_and_wounded"],
        ),
        (
            "Fictional: Over the past 24 hours Ukraine lost 260 soldiers, and since August "
            "Ukraine has lost 30,000 troops.",
            [None, "ukrainian_troops_killed_and_wounded"],
        ),
        ("Fictional: Russia lost 1,000 men in the Sudzha district alone.", [None]),
        ("Fictional: Nine Russian soldiers were killed in one drone strike.", [None]),
        ("Fictional: Special forces said they killed four North Korean soldiers.", [None]),
        ("Fictional: Russia moved several brigades of at least 900 troops each to Kursk.", [None]),
        (
            "Fictional: Over the past day Ukraine lost 200 soldiers. Eight soldiers surrendered.",
            [None, None],
        ),
        (
            "Fictional: Kyiv said 12,000 Russian troops had been pulled in from the south.",
            [None],  # issue #26, positive pattern: no place named, so no verdict
        ),
        (
            "Fictional: Kyiv said 12,000 Russian troops had been pulled in from the south to "
            "Kursk.",
            ["russian_troops_redeployed_to_kursk"],
        ),
        ("Fictional: Russia moved 4,000 troops out of the Kursk region to Donetsk.", [None]),
        # Not limited: months are the whole operation; a stock of troops is not limited by
        # the time it took to build. The first week counts from the start, but the area
        # taken then may be an earlier figure, not the area held now (checker8): no verdict.
        (
            "Fictional: Ukraine took 900 square kilometres of Russian land within the first week.",
            [None],
        ),
        (
            "Fictional: Over five months of fighting, Russia lost 30,000 soldiers killed and "
            "wounded in Kursk.",
            ["russian_troops_killed_and_wounded"],
        ),
        # checker10, closed vocabulary: "grew" is a change no force rule reads.
        ("Fictional: The Russian grouping in Kursk grew to 40,000 troops in three weeks.", [None]),
    ],
)
def test_scope_limiters_abstain_and_totals_keep_their_verdict(text, measures):
    assert find_figures(text)["measure"].tolist() == measures


@pytest.mark.parametrize(
    "text, measures",
    [
        # Kinds the fourth held-out batch and blind set showed (issue #26), in fictional words.
        ("Fictional: About 9,000 of the Russian troops there are reservists.", [None]),
        (
            "Fictional: Ukraine now holds around 300 square kilometres, down from its peak.",
            ["area_held_by_ukraine"],
        ),
        (
            "Fictional: Kyiv keeps 450 square kilometres of the 1,200 square kilometres it "
            "originally seized in Russia.",
            ["area_held_by_ukraine", "peak_area_held_by_ukraine"],
        ),
        (
            "Fictional: Casualties among North Korean troops fighting alongside Russian units "
            "in Kursk have passed 2,000, Kyiv said.",
            [None],
        ),
        (
            "Fictional: They hold about 700 square kilometres, said the chief of the armed "
            "forces of Ukraine.",
            [None],
        ),
    ],
)
def test_kinds_the_fourth_sets_showed(text, measures):
    assert find_figures(text)["measure"].tolist() == measures
