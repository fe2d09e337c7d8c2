"""Comparing the figures of two texts: alignment by what they count, what changed, exit codes.

The two texts are our own, modelled on the differences source-article.md describes between
rewrites of one agency report: "an estimated 70,000" against "up to 70,000", and 90 sq km given
as 35 sq miles in one copy and 56 in another.
"""

from __future__ import annotations

import random
import time

import pandas as pd
import pytest
from conftest import run_cli

from kursk_data.extract import check_text, compare_texts

A = (
    "Kyiv's commander said his units still held about 90 sq km (35 sq miles) of the region.\n"
    "He said an estimated 70,000 Russian soldiers faced them, with roughly 11,000 North Korean "
    "troops sent last autumn."
)
B = (
    "Kyiv's top general said Ukraine still holds some 90 square kilometres (56 square miles).\n"
    "Up to 70,000 Russian soldiers were reported there, and about 12,000 North Korean troops "
    "had been sent. Over 1,000 North Korean troops were killed."
)


def by_counts(frame):
    return {r.counts: r for r in frame.itertuples(index=False)}


def test_rewrites_of_one_report_show_each_change():
    c = by_counts(compare_texts(A, B))
    assert c["area held"].change == "second unit"
    # 90 / 2.589988 = 34.7 sq mi: the 56 of B is the wrong one.
    assert "35 sq mi -> 56 sq mi" in c["area held"].detail
    assert "BAD PAIR: 90 km² is about 34.7 sq mi" in c["area held"].detail
    russian = c["Russian troops deployed"]
    assert russian.change == "qualifier"
    assert russian.detail == "qualifier 'an estimated' (about) -> 'Up to' (up_to)"
    assert c["North Korean troops deployed"].change == "value"
    assert c["North Korean troops deployed"].detail == "value 11,000 -> 12,000"
    assert c["North Korean killed"].change == "added"
    assert pd.isna(c["North Korean killed"].a_phrase)


def test_a_figure_only_in_a_is_dropped_and_order_follows_a():
    changes = compare_texts(B, A)
    assert changes["change"].tolist()[-1] == "dropped"
    a_lines = changes["a_line"].dropna().tolist()
    assert a_lines == sorted(a_lines)


def test_the_same_text_agrees_with_itself():
    changes = compare_texts(A, A)
    assert set(changes["change"]) == {"same"} and len(changes) == 3


def test_qualifier_change_from_none_to_up_to():
    changes = compare_texts("70,000 Russian soldiers were there.", "Up to 70,000 Russian soldiers.")
    assert changes["change"].tolist() == ["qualifier"]
    assert changes["detail"].iloc[0] == "qualifier 'no qualifier' (exact) -> 'Up to' (up_to)"


def test_same_area_in_the_other_unit_agrees():
    # 35 sq mi is 90.65 km²: within the rounding of "90", so not a change of figure.
    changes = compare_texts("It held 90 sq km.", "It held 35 sq miles.")
    assert changes["change"].tolist() == ["same"]
    assert "other unit" in changes["detail"].iloc[0]


def test_figures_are_aligned_by_measure_not_by_position():
    a = "About 11,000 North Korean troops and up to 70,000 Russian soldiers."
    b = "Up to 70,000 Russian soldiers and about 11,000 North Korean troops."
    assert set(compare_texts(a, b)["change"]) == {"same"}


def test_identical_values_are_paired_before_the_rest():
    # 90 and 1,000 sq km in A; only 1,000 in B: 90 was dropped, 1,000 is unchanged.
    changes = compare_texts("It held 90 sq km, down from 1,000 sq km.", "It held 1,000 sq km.")
    assert sorted(changes["change"]) == ["dropped", "same"]


@pytest.mark.parametrize(("a", "b", "code"), [(A, A, 0), (A, B, 1)])
def test_cli_compare_exit_codes(tmp_path, a, b, code):
    pa, pb = tmp_path / "a.txt", tmp_path / "b.txt"
    pa.write_text(a, encoding="utf-8")
    pb.write_text(b, encoding="utf-8")
    out = run_cli("compare", str(pa), str(pb))
    assert out.returncode == code, out.stderr
    assert "Traceback" not in out.stderr
    if code:
        assert "figure(s) differ" in out.stderr and "second unit" in out.stdout
    piped = run_cli("compare", "-", str(pb), "--format", "json", stdin=a)
    assert piped.returncode == code and piped.stdout.lstrip().startswith("[")


def test_cli_compare_usage_errors(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(A, encoding="utf-8")
    for args in (["compare", "-", "-"], ["compare", str(p)], ["compare", str(p), "missing.txt"]):
        out = run_cli(*args, stdin=A)
        assert out.returncode == 2, args
        assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) <= 3


def test_a_qualifier_change_is_aligned_across_a_change_of_wording():
    # The issue: shown as one figure dropped and one added, hiding the qualifier change.
    changes = compare_texts(
        "Kyiv said over 12,000 troops were sent.",
        "Kyiv said up to 12,000 Ukrainian troops were sent.",
    )
    assert changes["change"].tolist() == ["qualifier"]
    assert changes["counts"].iloc[0] == "Ukrainian troops deployed"


def test_compare_is_n_log_n_in_the_figures():
    # 5,000 figures of one measure in each text took 50 s (every pair compared); the issue's
    # figure (5,000 each, at most 3x checking both texts) is measured by benchmarks/bench_checker.
    # Here 2,000 each: a quadratic compare would still take over 10x the check. CPU, best of 2.
    def text(qualifier: str) -> str:
        rng = random.Random(1)
        return "\n\n".join(
            f"Kyiv said {qualifier} {rng.randint(1, 90000):,} Russian soldiers were in Kursk."
            for _ in range(2000)
        )

    a, b = text("about"), text("up to")
    found: list = []

    def cpu(fn) -> float:
        best = float("inf")
        for _ in range(2):
            t = time.process_time()
            found.append(fn())
            best = min(best, time.process_time() - t)
        return best

    checks = cpu(lambda: (check_text(a), check_text(b)))
    compares = cpu(lambda: compare_texts(a, b))
    assert (found[-1]["change"] == "qualifier").sum() == 2000
    assert compares <= 3 * checks
