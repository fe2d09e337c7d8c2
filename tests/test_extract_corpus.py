"""The checker measured on a corpus of sentences we wrote and labelled by hand (tests/corpus/).

checker.csv: 184 sentences covering every case the checker promises (see tests/corpus/README.md);
targets >= 0.95 for recall, precision, qualifier accuracy and unit-pair accuracy. holdout.csv:
60 sentences written and labelled after the rules were frozen, scored once before any change
(recall 0.951, precision 1.000, qualifier 1.000, pairs 1.000, measure 0.931); it guards
against regressions more loosely, never against targets it was tuned for.
"""

from __future__ import annotations

import csv

import pytest
from corpus.scoring import CORPUS, load_corpus, parse_figures, score

from kursk_data.extract import find_figures

HOLDOUT = CORPUS.parent / "holdout.csv"
# Sentences written after reading real reporting, reproducing its structures in our own words
# (issue #26); every id divisible by 3 was set aside before tuning and scored once.
REALCOPY = CORPUS.parent / "realcopy.csv"
REALCOPY_HOLDOUT = CORPUS.parent / "realcopy_holdout.csv"
# A second batch (66 sentences), written and committed before any change of a later session
# and scored once: recall 0.985, precision 1.000, qualifier 1.000, measure 0.742, verdicts
# 0.780 (39/50, 6 abstentions). See tests/corpus/README.md.
REALCOPY2_HOLDOUT = CORPUS.parent / "realcopy2_holdout.csv"
# A third batch (62 sentences), committed before the verdict gate was written; its first
# score is in tests/corpus/README.md.
REALCOPY3_HOLDOUT = CORPUS.parent / "realcopy3_holdout.csv"
REALCOPY4_HOLDOUT = CORPUS.parent / "realcopy4_holdout.csv"
REALCOPY5_HOLDOUT = CORPUS.parent / "realcopy5_holdout.csv"
REALCOPY6_HOLDOUT = CORPUS.parent / "realcopy6_holdout.csv"
REALCOPY7_HOLDOUT = CORPUS.parent / "realcopy7_holdout.csv"
FIRST_BATCH = 215  # realcopy ids up to r215 were split in thirds; later ones are tuning rows


@pytest.fixture(scope="module")
def scores():
    return score(find_figures)


def test_corpus_targets(scores):
    detail = "\n".join(scores.errors)
    assert scores.recall >= 0.95, detail
    assert scores.precision >= 0.95, detail
    assert scores.qualifier_accuracy >= 0.95, detail
    assert scores.pair_accuracy >= 0.95, detail
    # Issue #26, positive pattern (sure.py): c057 c060 c143 (no place named for a force),
    # c061 (a demonym), c142 (the side on another noun phrase), c172's second area (no verb of
    # holding governs it) now abstain: measure 0.863. The structure rule (structure.py) adds
    # c156 ("at one point") and c172's first area ("in the first week"): an earlier area, 0.850.
    # The closed vocabulary (closed.py, checker10): a figure whose deciding words hold one the
    # lexicon lacks for its measure abstains, naming the words; one event and increments too.
    # Measure 0.588 (56/56 verdicts, 63 abstained, was 96/96 and 23); labels unchanged.
    # checker11 (meaning.py): a Russian or Ukrainian toll with no Kursk place named, a
    # taking read as the area held, troops sent to a place abstain: 0.523 (46/46, 73).
    assert scores.measure_accuracy >= 0.52, detail
    assert scores.verdict_precision >= 0.98, detail  # abstentions are counted, never guessed


def test_holdout_does_not_regress():
    s = score(find_figures, load_corpus(HOLDOUT))
    detail = "\n".join(s.errors)
    for value in (s.recall, s.precision, s.qualifier_accuracy, s.pair_accuracy):
        assert value >= 0.90, detail
    # The verdict gate (issue #26) leaves a measure empty unless its evidence is local: ten
    # of these figures abstained (measure 0.828); the scope rule adds h023 (one strike), h028
    # (two weeks) and h056 (near Kursk city): 0.776. Labels unchanged; no wrong verdict.
    # The positive pattern (sure.py) adds h058's two figures (no place named) and h001 h033
    # h038 (no verb of holding governs the area: "kept a grip on", "..., remained"): 0.690.
    # The closed vocabulary (closed.py, checker10): a figure whose deciding words hold one the
    # lexicon lacks for its measure abstains, naming the words; one event and increments too.
    # Measure 0.448 (12/12 verdicts, 32 abstained). checker11 (meaning.py: a toll with no
    # Kursk place named): 0.414 (10/10, 34).
    assert s.measure_accuracy >= 0.41 and s.verdict_precision >= 0.98, detail


def test_realcopy_targets():
    s = score(find_figures, load_corpus(REALCOPY))
    detail = "\n".join(s.errors)
    assert s.recall >= 0.95 and s.precision >= 0.97, detail
    # Measure 0.93: the scope rule (issue #26) makes r007 r008 r025 r026 r052 r079 r170 r232
    # abstain (one assault, a week alone, three days, a unit's own claim, one village, a
    # week, a day); their labels are unchanged, so they count as abstentions, not as right.
    # The positive pattern (sure.py) adds r016 r064 r080 r202 (a demonym as the noun), r023
    # (recruits, a part), r062 (the sentence before names two sides), r199 (an area no verb
    # of holding governs), r139 r196 (a toll near one named village): measure 0.866. The
    # structure rule adds r043 ("three-thousand more": an increment), r169 ("at one
    # point": an earlier area) and r088 ("Kyiv predicted ... will surpass"): 0.849.
    # The closed vocabulary (closed.py, checker10): a figure whose deciding words hold one the
    # lexicon lacks for its measure abstains, naming the words; one event and increments too.
    # Measure 0.692 (80/80 verdicts, 53 abstained). checker11 (meaning.py: a toll with no
    # Kursk place named, troops sent to a place): 0.651 (73/73, 60).
    assert s.qualifier_accuracy >= 0.95 and s.measure_accuracy >= 0.65, detail
    assert s.pairs == 0 or s.pair_accuracy == 1.0, detail  # every unit-pair verdict right
    assert s.verdict_precision >= 0.98, detail  # abstentions are counted, never guessed


def test_realcopy_holdout_does_not_regress():
    # Scored once before this test was written: recall 1.000, precision 0.986, qualifier
    # 0.985, measure 0.956, verdicts 0.964. It guards against regressions, loosely.
    s = score(find_figures, load_corpus(REALCOPY_HOLDOUT))
    detail = "\n".join(s.errors)
    assert s.recall >= 0.95 and s.precision >= 0.95 and s.qualifier_accuracy >= 0.95, detail
    # r027's two figures (a three-day toll) abstain under the scope rule: measure 0.897;
    # r207 (joined to a figure that got no verdict, sure.py): 0.868; r093 ("in the first
    # week": an earlier area, structure.py): 0.853.
    # The closed vocabulary (closed.py, checker10): a figure whose deciding words hold one the
    # lexicon lacks for its measure abstains, naming the words; one event and increments too.
    # Measure 0.706 (36/36 verdicts, 20 abstained). checker11 (meaning.py: a toll with no
    # Kursk place named): 0.588 (28/28, 28).
    assert s.measure_accuracy >= 0.585 and s.verdict_precision >= 0.98, detail


def test_realcopy_corpus_is_large_enough_and_a_third_held_out():
    tuned, held = load_corpus(REALCOPY), load_corpus(REALCOPY_HOLDOUT)
    assert len(tuned) + len(held) >= 200
    first = [r for r in tuned + held if int(r["id"][1:]) <= FIRST_BATCH]
    assert {r["id"] for r in held} == {r["id"] for r in first if int(r["id"][1:]) % 3 == 0}


# The held-out batches, each written and scored once before the code changes its session made;
# their first (only fair) scores are below, and the checker was changed afterwards for kinds
# they share, so these are regression guards: (file, recall floor, verdict-precision floor).
HELD_OUT_GUARDS = [
    # Batch 2: its fair score is in the note above.
    pytest.param(REALCOPY2_HOLDOUT, 0.95, 0.98, id="batch2"),
    # Batch 3, first run (code 83d0da3, the verdict gate frozen before it): recall 0.969,
    # precision 1.000, qualifier 1.000, measure 0.806, verdicts 0.941 (32/34, 10 abstained),
    # below the 0.98 target; its two wrong verdicts were left unfixed.
    pytest.param(REALCOPY3_HOLDOUT, 0.95, 0.94, id="batch3"),
    # Batch 4, first run (code 890099d, the scope rule frozen before it): recall 0.935,
    # precision 1.000, qualifier 1.000, measure 0.931, verdicts 0.923 (24/26, 2 abstained);
    # its two wrong verdicts (b018 a part of a force, b044 another figure's peak) were fixed.
    pytest.param(REALCOPY4_HOLDOUT, 0.92, 0.98, id="batch4"),
    # Batch 5, first run (code a89ef73, before any change of its session): recall 0.886,
    # precision 1.000, qualifier 1.000, measure 0.758, verdicts 0.784 (29/37, 7 abstained);
    # its eight wrong verdicts (a part of a force, another figure's peak, "initially seized",
    # an ally "backing Russian forces", ground gained then) were fixed.
    pytest.param(REALCOPY5_HOLDOUT, 0.88, 0.98, id="batch5"),
    # Batch 6, a representative mix of wire copy, first run (code 992b87b, before the sibling
    # rule): recall 0.955, precision 1.000, qualifier 1.000, measure 0.794, verdicts 0.826
    # (38/46, 5 abstained); the sibling rule abstains on all eight (38/38, 11 abstained).
    pytest.param(REALCOPY6_HOLDOUT, 0.95, 0.98, id="batch6"),
    # Batch 7, a representative mix of wire copy written and labelled by a helper that never
    # ran the checker, first run (code of checker11, the closed vocabulary and meanings):
    # recall 0.923, precision 1.000, qualifier 1.000, pairs 5/5, measure 0.700, verdicts 1.000
    # (18/18, 18 abstained). Nothing was changed for it.
    pytest.param(REALCOPY7_HOLDOUT, 0.92, 0.98, id="batch7"),
]


@pytest.mark.parametrize(("path", "recall", "verdicts"), HELD_OUT_GUARDS)
def test_held_out_batch_does_not_regress(path, recall, verdicts):
    s = score(find_figures, load_corpus(path))
    detail = "\n".join(s.errors)
    assert s.labelled >= 60, detail
    assert s.recall >= recall and s.precision >= 0.97 and s.qualifier_accuracy >= 0.95, detail
    assert s.pairs == 0 or s.pair_accuracy == 1.0, detail
    assert s.verdict_precision >= verdicts, detail


@pytest.mark.parametrize(
    "path",
    [
        CORPUS,
        HOLDOUT,
        REALCOPY,
        REALCOPY_HOLDOUT,
        REALCOPY2_HOLDOUT,
        REALCOPY3_HOLDOUT,
        REALCOPY4_HOLDOUT,
        REALCOPY5_HOLDOUT,
        REALCOPY6_HOLDOUT,
        REALCOPY7_HOLDOUT,
    ],
)
def test_corpus_is_well_formed(path):
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["text"] for r in rows}) == len(rows)
    for r in rows:
        for label in parse_figures(r["figures"]):
            assert label.unit in ("km2", "mi2", "personnel"), r["id"]
            assert label.qualifier in ("exact", "about", "over", "up_to", "range"), r["id"]
            if label.qualifier == "range":
                assert label.low < label.high == label.value, r["id"]
            if label.alt is not None:
                assert label.unit == "km2", r["id"]


def test_corpus_covers_every_case():
    rows = load_corpus()
    assert len(rows) >= 150
    cases = " ".join(r["case"] for r in rows)
    for case in (
        "range between",
        "range dash",
        "range from to",
        "range thousand",
        "change",
        "context force",
        "context losses",
        "context strong",
        "context verbs",
        "context exceeded",
        "number word",
        "thousand",
        "k",
        "qualifier",
        "nothing year",
        "nothing date",
        "nothing percent",
        "nothing distance",
        "nothing settlements",
        "nothing brigades",
        "pair round",
        "pair square",
        "pair or about",
        "pair dash",
        "pair miles first",
        "pair slash",
        "area miles",
    ):
        assert case in cases, case
    labels = [lab for r in rows for lab in r["labels"]]
    assert sum(1 for r in rows if not r["labels"]) >= 30  # sentences that state nothing
    assert {lab.pair_ok for lab in labels if lab.alt is not None} == {True, False}
    quals = {lab.qualifier for lab in labels}
    assert quals == {"exact", "about", "over", "up_to", "range"}
