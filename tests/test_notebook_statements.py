"""What the notebooks' prose says about the claims is true of the data.

Most relations are printed by a cell from :mod:`kursk_data.relations`; the sentences written in
markdown that still state a relation are listed here with the check that makes them true. A
sentence edited away fails its test (the phrase is gone), and so does a data change that makes
it false: prose and data cannot drift apart silently.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

import kursk_data as kd
from kursk_data import relations

NOTEBOOKS = ROOT / "notebooks"


def markdown(stem: str) -> str:
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text())
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return " ".join(text.split())


def detail(claim_id: str) -> str:
    return kd.load_claims().set_index("claim_id").loc[claim_id, "claimant_detail"]


def inferred(claim_id: str) -> bool:
    return kd.load_claims().set_index("claim_id").loc[claim_id, "period_basis"] == "inferred"


def april_dispute() -> set[str]:
    c = kd.contested("territory")
    ids = c[c["window_start"] == "2025-04-26"]["claim_ids"]
    return set(",".join(ids).split(","))


STATEMENTS = [
    (
        "02-troops",
        "one is credited to unnamed reports, the other to no one at all",
        lambda: "unnamed reports" in detail("art-05") and "no attribution" in detail("art-06"),
    ),
    (
        "02-troops",
        "taking autumn as those months is our convention, so its period is marked *inferred*",
        lambda: inferred("art-06"),
    ),
    (
        "01-territory",
        "Russia's figure is a **zero the claim implies**",
        lambda: kd.load_claims().set_index("claim_id").loc["art-03", "basis"] == "implied",
    ),
    (
        "03-losses",
        "reads them as the three months to mid-January 2025",
        lambda: (
            inferred("art-07")
            and str(kd.load_claims().set_index("claim_id").loc["art-07", "period_end"].date())
            == "2025-01-15"
        ),
    ),
    (
        "04-contested",
        "put Ukraine's largest gain below the figure an unnamed Ukrainian General Staff source",
        lambda: relations.relation("ctx-02", "ctx-01") == "below" and inferred("ctx-01"),
    ),
    (
        "04-contested",
        "the DeepState map showed less ground in Ukrainian hands than Ukrainian officials claimed",
        lambda: (
            relations.relation("ctx-06", "ctx-07") == "below"
            and relations.relation("ctx-08", "ctx-09") == "below"
        ),
    ),
    (
        "04-contested",
        "the DeepState map put the area above zero the same day",
        lambda: (
            relations.relation("ctx-12", "ctx-11") == "above"
            and kd.relation_table([("ctx-12", "ctx-11")])["periods"].iloc[0] == "same"
        ),
    ),
    (
        "04-contested",
        "Syrskyi's 90 km² came two months later, so it is not set against that claim",
        lambda: "art-01" not in april_dispute() and {"ctx-11", "ctx-12"} <= april_dispute(),
    ),
    (
        "04-contested",
        "about 10,900 only through the compiled list's report of a page nobody on the project",
        lambda: (
            relations.relation("ctx-19", "ctx-68") == "below"
            and kd.load_sources()
            .set_index("source_id")
            .loc["the-korea-herald-2024-11-25", ["via", "accessed"]]
            .isna()
            .tolist()
            == [False, True]
        ),
    ),
    (
        "04-contested",
        "so neither is set against the article's 11,000 or HUR's 12,000 sent",
        lambda: (
            len(set(kd.load_claims().set_index("claim_id").loc[["ctx-19", "ctx-68"], "measure"]))
            == 1
            and not {"ctx-19", "ctx-68"} & set(",".join(kd.contested()["claim_ids"]).split(","))
        ),
    ),
    (
        "01-territory",
        "Syrskyi's 90 km² of 22 June 2025 is therefore not set against it",
        lambda: "art-01" not in april_dispute() and {"ctx-11", "ctx-12"} <= april_dispute(),
    ),
    (
        "04-contested",
        "Both count troops North Korea was due to send, a plan rather than a count",
        lambda: all(
            "a plan, not a count" in kd.load_claims().set_index("claim_id").loc[c, "note"]
            for c in ("ctx-19", "ctx-68")
        ),
    ),
    (
        "04-contested",
        "about 300 by 13 January 2025, is below the article's floor of 1,000",
        lambda: relations.relation("ctx-45", "art-07") == "below" and inferred("art-07"),
    ),
    (
        "04-contested",
        "Zelensky's range is below the lower bound Syrskyi gave on 1 January 2025",
        lambda: relations.relation("ctx-41", "ctx-43") == "below" and inferred("ctx-41"),
    ),
]


@pytest.mark.parametrize(
    ("stem", "phrase", "check"), STATEMENTS, ids=lambda x: x[:40] if isinstance(x, str) else None
)
def test_prose_states_what_the_data_say(stem, phrase, check):
    assert phrase in markdown(stem), f"{stem}: the sentence changed; update its check"
    assert check(), f"{stem}: no longer true of the data: {phrase!r}"


def test_the_old_wrong_sentences_are_gone():
    text = markdown("04-contested")
    assert "do not overlap once their precision is taken into account" not in text
    assert "for the same months" not in text
    assert "cites only" not in markdown("02-troops")


@pytest.mark.parametrize("stem", ["00-overview", "01-territory", "02-troops", "04-contested"])
def test_ratios_print_as_words(stem):
    nb = json.loads((NOTEBOOKS / f"{stem}.ipynb").read_text())
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", [])) + "".join(out.get("data", {}).get("text/plain", []))
            assert "ratio" not in text or not re.search(r"\binf\b", text), text[:300]
            assert "1.428571" not in text
