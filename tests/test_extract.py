"""The figure checker, on texts we wrote ourselves (and the article, when it is beside us)."""

from __future__ import annotations

import pytest
from conftest import ARTICLE, run_cli

import kursk_data as kd
from kursk_data.extract import find_figures


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("They held 1,000 sq km of land.", 1000, "km2", "exact"),
        ("A force of 10,000 troops moved in.", 10000, "personnel", "exact"),
        ("Some 70 000 soldiers were sent.", 70000, "personnel", "about"),
        ("Roughly 1.2 million people left.", 1_200_000, "personnel", "about"),
        ("Around 11k soldiers arrived.", 11000, "personnel", "about"),
        ("About 90 km² remained.", 90, "km2", "about"),
        ("Approximately 428 square kilometres were held.", 428, "km2", "about"),
        ("Nearly 50,000 Russian troops massed.", 50000, "personnel", "about"),
        ("Almost 40,000 personnel were lost.", 40000, "personnel", "about"),
        ("More than 700 servicemen were captured.", 700, "personnel", "over"),
        ("At least 80,000 soldiers were killed or wounded.", 80000, "personnel", "over"),
        ("Over 1,000 North Korean troops died.", 1000, "personnel", "over"),
        ("As many as 20,000 North Korean soldiers may be there.", 20000, "personnel", "up_to"),
        ("Up to 4,000 troops defended the area.", 4000, "personnel", "up_to"),
        ("Fewer than 500 troops stayed.", 500, "personnel", "up_to"),
        ("Under 100 sq miles were left.", 100 * 2.589988110336, "km2", "up_to"),
    ],
)
def test_number_unit_and_qualifier_forms(text, value, unit, qualifier):
    f = find_figures(text)
    assert len(f) == 1, f
    row = f.iloc[0]
    assert row["value"] == pytest.approx(value)
    assert (row["unit"], row["qualifier"]) == (unit, qualifier)
    assert text[row["start"] : row["end"]] == row["phrase"]


def test_numbers_without_a_unit_are_not_figures():
    assert find_figures("On August 6, 2024, at 5 am, 3 columns crossed.").empty


def test_unit_pairs_are_checked_with_the_expected_value():
    f = find_figures("It holds 90 sq km (35 sq miles); earlier 140 sq km (84 sq miles).")
    assert f["pair_ok"].tolist() == [True, False]
    assert f["expected_alt"].tolist()[1] == 54


def test_several_figures_in_order_with_spans():
    text = "About 560 sq km, then 428 sq km (165 sq mi), up to 60,000 troops."
    f = find_figures(text)
    assert f["value"].tolist() == [560, 428, 60000]
    assert list(f["start"]) == sorted(f["start"])


def test_cli_check_exit_codes(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The unit held about 90 sq km (35 sq miles).\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("First line.\nThe unit held about 90 sq km (56 sq miles).\n", encoding="utf-8")
    ok = run_cli("check", str(good))
    assert ok.returncode == 0 and "ok" in ok.stdout
    ko = run_cli("check", str(bad))
    # 90 / 2.589988 = 34.75 sq mi: the verdict states the conversion and the stated figure.
    assert (
        ko.returncode == 1 and "BAD PAIR: 90 km² is about 34.7 sq mi; the text says 56" in ko.stdout
    )
    assert ko.stdout.splitlines()[1].split()[0] == "2"  # reported on line 2
    piped = run_cli("check", "-", "--ledger", stdin="up to 70,000 Russian soldiers")
    assert piped.returncode == 0 and "art-05" in piped.stdout
    missing = run_cli("check", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.mark.skipif(not ARTICLE.is_file(), reason="source article not beside the repo")
def test_every_stated_article_claim_is_found_in_the_article():
    figures = find_figures(ARTICLE.read_text(encoding="utf-8"))
    for _, claim in kd.load_claims(source="article").iterrows():
        if not any(ch.isdigit() for ch in claim["wording"]):
            assert "implied" in claim["note"]  # Russia's zero is a claim, not a stated number
            continue
        hit = figures[
            (figures["value"] == float(claim["value"]))
            & (figures["unit"] == claim["unit"])
            & (figures["qualifier"] == claim["qualifier"])
        ]
        assert len(hit) >= 1, claim["claim_id"]
        if not __import__("pandas").isna(claim["alt_value"]):
            assert hit["alt_value"].iloc[0] == claim["alt_value"]
            assert bool(hit["pair_ok"].iloc[0])
