"""The kinds of error blind set 10 showed, as tables of FICTIONAL sentences (helper checker11).

Every sentence here is FICTIONAL, written in my own words for these tests from the structure of
each kind, not from the sentences of any set; none is copied from a news page. Each kind has
sentences that must lose their verdict and controls that must keep theirs; every expected
reading was worked out by hand from the labelling convention of issue #26, not taken from the
code.
"""

from __future__ import annotations

import pytest

from kursk_data.extract import find_figures

HELD = "area_held_by_ukraine"
IN_KURSK = "russian_troops_in_kursk"

# (kind, fictional sentence, value, measure the figure must get: None = no verdict)
MEASURES = [
    # A taking is not a holding: seized / captured / took control of, with no word of now.
    (
        "taken",
        "Fictional: Ukrainian forces seized about 900 square kilometres of the Kursk region.",
        900,
        None,
    ),
    (
        "taken",
        "Fictional: Ukraine's army went on to capture over 700 sq km of the Kursk region.",
        700,
        None,
    ),
    (
        "taken",
        "Fictional: Ukrainian troops captured some 400 sq km in the Kursk region.",
        400,
        None,
    ),
    (
        "taken",
        "Fictional: Ukrainian troops took control of nearly 800 square kilometres of the Kursk"
        " region in August.",
        800,
        None,
    ),
    (
        "taken",
        "Fictional: Kyiv's forces have conquered 650 square kilometres of Kursk territory.",
        650,
        None,
    ),
    (
        "taken",
        "Fictional: Ukrainian forces took about 350 square kilometres of the Kursk region.",
        350,
        None,
    ),
    # controls: a word of holding now governs the figure
    (
        "taken",
        "Fictional: Ukrainian forces now hold about 600 square kilometres of the Kursk region.",
        600,
        HELD,
    ),
    (
        "taken",
        "Fictional: Ukraine still controls roughly 450 sq km in the Kursk region.",
        450,
        HELD,
    ),
    (
        "taken",
        "Fictional: Ukrainian troops currently control 500 square kilometres of Kursk land.",
        500,
        HELD,
    ),
    (
        "taken",
        "Fictional: Ukrainian forces hold about 300 square kilometres of the Kursk region.",
        300,
        HELD,
    ),
    # Sent to a place: a movement as much as a force there.
    (
        "sent",
        "Fictional: Moscow has deployed about 40,000 troops to the Kursk direction.",
        40000,
        None,
    ),
    ("sent", "Fictional: Russia has sent some 20,000 soldiers to the Kursk region.", 20000, None),
    (
        "sent",
        "Fictional: Moscow has deployed about 35,000 troops into the Kursk region.",
        35000,
        None,
    ),
    (
        "sent",
        "Fictional: Russia dispatched 25,000 troops to the Kursk area.",
        25000,
        None,
    ),
    (
        "sent",
        "Fictional: Moscow sent roughly 18,000 soldiers to the Kursk region.",
        18000,
        None,
    ),
    # controls: presence, not movement
    ("sent", "Fictional: Russia has deployed 30,000 troops in the Kursk region.", 30000, IN_KURSK),
    (
        "sent",
        "Fictional: some 50,000 Russian troops are stationed in the Kursk region.",
        50000,
        IN_KURSK,
    ),
    (
        "sent",
        "Fictional: Russia has concentrated about 45,000 troops in the Kursk region.",
        45000,
        IN_KURSK,
    ),
    (
        "sent",
        "Fictional: North Korea has sent about 11,000 soldiers to Russia.",
        11000,
        "north_korean_troops_deployed",
    ),
    (
        "sent",
        "Fictional: Pyongyang dispatched roughly 12,000 troops to Russia.",
        12000,
        "north_korean_troops_deployed",
    ),
    # A toll needs its place: Kursk, its towns, the incursion or its start.
    (
        "toll",
        "Fictional: the Russian army suffered 40,000 casualties in the area, a general said.",
        40000,
        None,
    ),
    ("toll", "Fictional: Moscow claimed Ukraine's army had lost 9,000 soldiers.", 9000, None),
    ("toll", "Fictional: Kyiv said 1,200 Russian soldiers had been captured.", 1200, None),
    (
        "toll",
        "Fictional: Russian losses had reached 30,000, the Ukrainian general said.",
        30000,
        None,
    ),
    ("toll", "Fictional: Ukraine's army has lost 8,000 troops killed, Russia claims.", 8000, None),
    # controls
    (
        "toll",
        "Fictional: Russian losses in the Kursk region reached 30,000, Kyiv said.",
        30000,
        "russian_troops_killed_and_wounded",
    ),
    (
        "toll",
        "Fictional: Ukraine has captured 800 Russian soldiers during the incursion.",
        800,
        "russian_troops_captured",
    ),
    (
        "toll",
        "Fictional: since Aug. 6, 5,000 Russian troops have been killed, Kyiv said.",
        5000,
        "russian_troops_killed",
    ),
    (
        "toll",
        "Fictional: Russia has lost 20,000 troops in the Kursk operation, Kyiv said.",
        20000,
        "russian_troops_killed_and_wounded",
    ),
    (
        "toll",
        "Fictional: about 500 North Korean soldiers have been killed, Seoul said.",
        500,
        "north_korean_troops_killed",
    ),
    # Words that cannot change a count: a weekday after a verb of saying, reporting verbs' forms
    (
        "words",
        "Fictional: as of Thursday, Ukrainian forces held about 750 square kilometres of the"
        " Kursk region.",
        750,
        HELD,
    ),
    (
        "words",
        "Fictional: noting that 650 Russian soldiers had been captured in the Kursk region, Kyiv"
        " said the count grows.",
        650,
        "russian_troops_captured",
    ),
    (
        "words",
        "Fictional: Kyiv, stating that 550 Russian soldiers had been captured in the Kursk"
        " region, gave no names.",
        550,
        "russian_troops_captured",
    ),
    (
        "words",
        "Fictional: by Friday, Ukrainian forces held about 720 square kilometres of the Kursk"
        " region.",
        720,
        None,
    ),
    (
        "words",
        "Fictional: about 600 Russian soldiers have been captured in the Kursk region, the"
        " general said Thursday.",
        600,
        "russian_troops_captured",
    ),
    (
        "words",
        "Fictional: Ukrainian forces hold about 700 square kilometres of the Kursk region, the"
        " commander said Friday.",
        700,
        HELD,
    ),
    (
        "words",
        "Fictional: Kyiv said Russia had lost 8,000 troops in the Kursk region, adding that the"
        " count was checked.",
        8000,
        "russian_troops_killed_and_wounded",
    ),
    (
        "words",
        "Fictional: the general said 900 Russian troops had been captured in the Kursk region,"
        " citing prisoner lists.",
        900,
        "russian_troops_captured",
    ),
    (
        "words",
        "Fictional: 40 Russian soldiers have been captured in the Kursk region since Monday.",
        40,
        None,
    ),
]


@pytest.mark.parametrize(("kind", "text", "value", "measure"), MEASURES)
def test_measure_by_kind(kind: str, text: str, value: float, measure: str | None) -> None:
    """Each fictional sentence gives its figure the measure worked out by hand, or none."""
    rows = find_figures(text)
    row = rows[rows["value"] == value]
    assert len(row) == 1, f"{kind}: {value} not read in {text!r}"
    got = row["measure"].iloc[0]
    assert got == measure, f"{kind}: {text!r} -> {got} ({row['why'].iloc[0]})"


# "control over": a verb (its subject or an adverb before it) makes "over" mean more than;
# a noun (after a verb of taking, an article, an adjective) makes it a preposition.
QUALIFIERS = [
    (
        "Fictional: Ukrainian forces currently control over 900 square kilometres of the Kursk"
        " region.",
        900,
        "over",
    ),
    ("Fictional: Kyiv's troops still control over 700 sq km in the Kursk region.", 700, "over"),
    (
        "Fictional: Ukrainian units control over 650 square kilometres there, a fictional"
        " bulletin said.",
        650,
        "over",
    ),
    ("Fictional: the army gained control over 600 square kilometres of Kursk land.", 600, "exact"),
    ("Fictional: Ukraine established control over 800 sq km of the Kursk region.", 800, "exact"),
    (
        "Fictional: Ukrainian units took full control over 550 square kilometres in Kursk.",
        550,
        "exact",
    ),
    ("Fictional: earlier estimates indicated control over nearly 1,100 sq km.", 1100, "about"),
]


@pytest.mark.parametrize(("text", "value", "qualifier"), QUALIFIERS)
def test_control_over(text: str, value: float, qualifier: str) -> None:
    rows = find_figures(text)
    row = rows[rows["value"] == value]
    assert len(row) == 1
    assert row["qualifier"].iloc[0] == qualifier


# Recall: people nouns real copy uses that the reader did not know. (value, qualifier); a
# figure whose unit only the context gives is left unread in a lone sentence.
READ = [
    ("Fictional: 200 soldiers died and about 1,800 others were injured.", 1800, "about"),
    ("Fictional: roughly 3,100 others have been wounded, an official said.", 3100, "about"),
    ("Fictional: more than 2,200 others reportedly hurt in the shelling.", 2200, "over"),
    ("Fictional: the agency counted 1,900 injuries in the spring.", 1900, "exact"),
    ("Fictional: the report listed around 450 confirmed dead.", 450, "about"),
    ("Fictional: some 9,000 workers were sent to Russia.", 9000, "about"),
    ("Fictional: nearly 5,000 labourers arrived in the region.", 5000, "about"),
]


@pytest.mark.parametrize(("text", "value", "qualifier"), READ)
def test_people_read(text: str, value: float, qualifier: str) -> None:
    rows = find_figures(text)
    row = rows[rows["value"] == value]
    assert len(row) == 1, f"{value} not read in {text!r}"
    assert row["unit"].iloc[0] == "personnel"
    assert row["qualifier"].iloc[0] == qualifier


NOT_READ = [
    "Fictional: the agency put the figure at 2,000.",  # the unit is only in the context
    "Fictional: the ministry listed 14 others in its report.",  # others, no fate, no people
    "Fictional: the plant hired 300 others last year.",
    "Fictional: 12 others were on the list.",
    "Fictional: the intelligence service put it at 3,500.",
]


@pytest.mark.parametrize("text", NOT_READ)
def test_not_read_without_people(text: str) -> None:
    assert find_figures(text).empty


def test_workers_are_never_a_force() -> None:
    """Workers are counted as people, never given a troop measure."""
    rows = find_figures("Fictional: Pyongyang sent some 9,000 workers to Russia.")
    assert rows["measure"].isna().all() and len(rows) == 1


# "Others" counts people when a count of people stands before it in its sentence.
OTHERS_AFTER_PEOPLE = [
    ("Fictional: 300 soldiers were killed and 2,700 others in the clashes.", 2700),
    ("Fictional: about 90 troops died, along with 400 others near the line.", 400),
    ("Fictional: 50 servicemen and some 120 others were listed by the unit.", 120),
]


@pytest.mark.parametrize(("text", "value"), OTHERS_AFTER_PEOPLE)
def test_others_after_people(text: str, value: float) -> None:
    rows = find_figures(text)
    assert (rows["value"] == value).sum() == 1
    assert rows.loc[rows["value"] == value, "unit"].iloc[0] == "personnel"


def test_others_after_things_unread() -> None:
    """After a count of things (or across a sentence end), "others" is not read as people."""
    for text in (
        "Fictional: 300 tanks were destroyed and 2,700 others damaged.",
        "Fictional: 300 soldiers were killed. 2,700 others are fine.",
        "Fictional: the army lost 300 soldiers; 40 others are listed.",
    ):
        rows = find_figures(text)
        assert not (rows["value"] == 2700).any() and not (rows["value"] == 40).any(), text


# An area in a clause of earlier estimates is what was held before.
EARLIER = [
    "Fictional: Kyiv now holds 400 sq km, down from prior estimates of about 1,200 sq km.",
    "Fictional: Ukrainian forces hold 300 square kilometres, less than previous estimates "
    "that gave control over 1,200 square kilometres.",
    "Fictional: the army holds 500 sq km; earlier reports put its control at 1,200 sq km.",
    "Fictional: Ukraine holds 450 sq km, well under former estimates of 1,200 sq km.",
    "Fictional: Ukraine now holds 350 sq km, a drop from previous figures of 1,200 sq km.",
]


@pytest.mark.parametrize("text", EARLIER)
def test_earlier_estimate_no_verdict(text: str) -> None:
    rows = find_figures(text)
    row = rows[rows["value"] == 1200]
    assert len(row) == 1 and row["measure"].iloc[0] is None
