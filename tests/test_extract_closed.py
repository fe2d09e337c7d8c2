"""The closed vocabulary, one event, increments and unit pairs (issue #26, helper checker10).

Every sentence here is FICTIONAL, written in my own words for these tests; none is copied from
a news page. The pair forms follow how real reporting prints km² / mile pairs (brackets in
either order, "or", a qualifier inside the bracket, "sq. km", "km²", decimal points and
commas, a pair after "of territory" or "of Russian land", a pair split by a dash aside); each
expected verdict was worked out by hand (1 sq mi = 2.59 km²), not taken from the code.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kursk_data.extract import find_figures
from kursk_data.extract.lexicon import BY_WHAT, COMMON

# (fictional sentence, number given first, number given second, do they agree?)
PAIRS = [
    (
        "Fictional: Kyiv's units held roughly 800 square kilometres (309 square miles).",
        800,
        309,
        True,
    ),
    (
        "Fictional: the pocket covered about 310 square miles (800 sq km) in the report.",
        310,
        800,
        True,
    ),
    ("Fictional: Ukraine kept 800 km² (about 310 sq mi) of the region.", 800, 310, True),
    ("Fictional: troops controlled 1,000 sq. km (386 sq. miles) by then.", 1000, 386, True),
    (
        "Fictional: the salient measured 480 square miles, or 1,243 square kilometres.",
        480,
        1243,
        True,
    ),
    (
        "Fictional: the foothold spanned 1,243 square kilometres, or about 480 square miles.",
        1243,
        480,
        True,
    ),
    ("Fictional: Kyiv claimed about 1,300 sq km (roughly 500 sq mi) of ground.", 1300, 500, True),
    ("Fictional: the map shows 1,376 km² [531 mi²] under Ukrainian control.", 1376, 531, True),
    ("Fictional: the army held 427.5 sq km (165.1 sq mi) of the region.", 427.5, 165.1, True),
    ("Fictional: the brigade held 427,5 km² (165 sq mi) of the region.", 427.5, 165, True),
    (
        "Fictional: its forces seized 490 square miles of territory, or about 1,270 km².",
        490,
        1270,
        True,
    ),
    (
        "Fictional: Kyiv held about 1,000 square kilometres of Russian land (386 square miles).",
        1000,
        386,
        True,
    ),
    ("Fictional: Ukraine held 800 sq km – roughly 309 sq mi – of the region.", 800, 309, True),
    ("Fictional: the line enclosed 800 square kilometres or 309 square miles.", 800, 309, True),
    ("Fictional: a bulletin gave 800 km²/309 sq mi for the pocket.", 800, 309, True),
    ("Fictional: the dispatch put it at 800 sq km (800 sq mi), a misprint.", 800, 800, False),
    ("Fictional: the paper said 500 square miles (800 square kilometres).", 500, 800, False),
    ("Fictional: the blog claimed 1,000 km² (about 600 sq mi) in all.", 1000, 600, False),
    ("Fictional: the unit reported 650 km2 (250 mi2) held.", 650, 250, True),
    (
        "Fictional: Ukrainian troops controlled 1,200 square kilometers (463 square miles).",
        1200,
        463,
        True,
    ),
    ("Fictional: the sector was 100 sq mi. (259 sq km) at most.", 100, 259, True),
    (
        "Fictional: it held 518 square kilometres (nearly 200 square miles) of the oblast.",
        518,
        200,
        True,
    ),
    ("Fictional: the force held 1 376 km² (531 sq mi) at the peak.", 1376, 531, True),
    (
        "Fictional: approximately 100 square kilometres (approximately 39 square miles) remained.",
        100,
        39,
        True,
    ),
    ("Fictional: the plan covered up to 3,000 sq km (1,158 sq mi) of land.", 3000, 1158, True),
    ("Fictional: some 200 sq km (77 sq miles) were still held.", 200, 77, True),
    ("Fictional: some 200 sq km (200 sq miles) were still held, the flyer said.", 200, 200, False),
    ("Fictional: a village of 2.5 sq mi (6.5 sq km) changed hands.", 2.5, 6.5, True),
    ("Fictional: Kyiv held about 190 sq miles (around 500 sq km) in March.", 190, 500, True),
    (
        "Fictional: Ukraine held 1,300 square kilometres — about 500 square miles — at its peak.",
        1300,
        500,
        True,
    ),
    (
        "Fictional: the gain was 40 square kilometres (15 square miles), the map showed.",
        40,
        15,
        True,
    ),
    (
        "Fictional: the gain was 40 square kilometres (40 square miles), the map showed.",
        40,
        40,
        False,
    ),
    ("Fictional: its troops held 250 sq mi (647 km²), a source said.", 250, 647, True),
    ("Fictional: its troops held 250 sq mi (450 km²), a source said.", 250, 450, False),
    (
        "Fictional: Ukraine said it controlled 1,150 sq km, or 444 sq mi, of Russia.",
        1150,
        444,
        True,
    ),
]


@pytest.mark.parametrize("text,first,second,agree", PAIRS)
def test_every_unit_pair_is_read_and_judged(text, first, second, agree):
    rows = find_figures(text)
    rows = rows[rows["unit"] == "km2"]
    assert len(rows) == 1, text
    r = rows.iloc[0]
    # value holds the km² number, alt_value the mile number, whichever the text gave first.
    km, mi = r["value"], r["alt_value"]
    stated = (first, second) if r["first_unit"] == "km2" else (second, first)
    assert km == pytest.approx(stated[0]) and mi == pytest.approx(stated[1]), text
    assert bool(r["pair_ok"]) is agree, text


def test_the_pair_table_covers_the_printed_forms():
    texts = " ".join(t for t, *_ in PAIRS)
    for form in (
        "(",
        "[",
        ", or",
        " or ",
        "sq.",
        "km²",
        "mi²",
        "km2",
        ".5",
        ",5",
        "–",
        "—",
        "of territory",
        "of Russian land",
        "about",
        "roughly",
        "nearly",
        "/",
    ):
        assert form in texts, form
    assert len(PAIRS) >= 30 and all(t.startswith("Fictional") for t, *_ in PAIRS)
    assert {a for *_, a in PAIRS} == {True, False}


def _only(text: str):
    rows = find_figures(text)
    assert len(rows) == 1, rows[["phrase", "why"]]
    return rows.iloc[0]


# Fictional: a word no rule reads, in the words that decided the reading -> no verdict, named.
@pytest.mark.parametrize(
    "text,word",
    [
        (
            "Fictional: Russia has massed about 40,000 troops in the Kursk region on rotation, "
            "Kyiv said.",
            "rotation",
        ),
        (
            "Fictional: Ukraine still holds about 600 sq km of the Kursk region on paper, the "
            "ministry said.",
            "paper",
        ),
        ("Fictional: Russia has lost about 9,000 troops in Kursk in vain, Kyiv said.", "vain"),
    ],
)
def test_a_word_the_checker_does_not_read_refuses_the_verdict(text, word):
    r = _only(text)
    assert pd.isna(r["measure"])
    assert r["why"].startswith("words the checker does not read for this measure")
    assert f"'{word}'" in r["why"]


@pytest.mark.parametrize(
    "text,measure",
    [
        (
            "Fictional: Russia has massed about 50,000 troops in the Kursk region, Kyiv said.",
            "russian_troops_in_kursk",
        ),
        (
            "Fictional: Ukraine still controls about 600 sq km of the Kursk region, "
            "officials said.",
            "area_held_by_ukraine",
        ),
        # A total word: a small count is not one event.
        (
            "Fictional: In total, twelve Ukrainian soldiers have been captured in Kursk so far.",
            "ukrainian_troops_captured",
        ),
        # Fates read by the count beside them: "killed" is the 300's, not the 2,700's.
        (
            "Fictional: About 300 Russian soldiers were killed in Kursk and 2,700 were wounded in "
            "total, Kyiv said.",
            "russian_troops_wounded",
        ),
    ],
)
def test_a_sentence_in_read_words_keeps_its_verdict(text, measure):
    assert find_figures(text)["measure"].iloc[-1] == measure


# Fictional: one event and increments, by structure.
@pytest.mark.parametrize(
    "text,why",
    [
        (
            "Fictional: Six Russian soldiers surrendered to a Ukrainian patrol in the Kursk "
            "region.",
            "one event",
        ),
        ("Fictional: Twelve Ukrainian soldiers were captured in Kursk on Tuesday.", "one event"),
        (
            "Fictional: Three North Korean soldiers were killed in the Kursk region, Kyiv said.",
            "one event",
        ),
        (
            "Fictional: Some 1,500 North Korean soldiers were deployed to Kursk in a second wave, "
            "Seoul said.",
            "increment",
        ),
        (
            "Fictional: North Korea deployed 3,000 troops to Kursk in a third rotation, "
            "Seoul said.",
            "increment",
        ),
        (
            "Fictional: Russia has massed 5,000 fresh troops in the Kursk region, Kyiv said.",
            "increment",
        ),
        (
            "Fictional: Ukraine held 500 sq km in Kursk, Kyiv said, with 40 of them newly taken.",
            "increment",
        ),
    ],
)
def test_one_event_or_an_increment_is_no_verdict(text, why):
    rows = find_figures(text)
    assert rows["measure"].isna().all()
    assert why in rows["why"].iloc[0]


def test_the_lexicon_leaves_out_negation_modals_and_increment_words():
    for word in (
        "not",
        "no",
        "never",
        "could",
        "may",
        "might",
        "newly",
        "fresh",
        "round",
        "wave",
        "batch",
        "rotation",
        "surrendered",
        "war",
    ):
        assert word not in COMMON, word
    assert "additional" not in BY_WHAT["deployed"] and "additional" in BY_WHAT["planned"]
