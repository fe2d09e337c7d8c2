"""Issue 22, the validator's part: a file name that is not UTF-8 (5), look-alike claimants (6),
and what is valid but looks like a slip (the warnings at the issue's end). Items 1, 3 and 15 are
tested in test_validate_stream.py and test_vocabulary.py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CLI, row_with

import kursk_data as kd
from kursk_data.validation import near_duplicates

FICTIONAL = Path(__file__).parent.parent / "notebooks" / "fictional-ledger"


def problems(path, severity="error"):
    report = kd.validate(path)
    listed = report if severity == "error" else report.warnings
    return [(p.row, p.column, p.rule) for p in listed]


@pytest.fixture
def odd_name(tmp_path):
    """The fictional claims under a file name holding the byte 0xFF (not UTF-8)."""
    raw = os.fsencode(str(tmp_path)) + b"/claims-\xff.csv"
    try:
        shutil.copy(FICTIONAL / "claims.csv", raw)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")
    return raw


def test_a_file_name_that_is_not_utf8_validates_and_loads(odd_name):
    sides = dict(sources=str(FICTIONAL / "sources.csv"), sides=str(FICTIONAL / "sides.csv"))
    out = subprocess.run(
        [*CLI, "validate", odd_name, "--no-shipped", "--sources", sides["sources"],
         "--sides", sides["sides"]],
        capture_output=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert (
        out.stdout.decode("utf-8")
        .splitlines()[-1]
        .endswith("claims-\\udcff.csv: valid, 1 warning(s)")
    )
    for name in (odd_name, os.fsdecode(odd_name)):  # bytes, and str as Python decodes argv
        assert list(kd.validate(name, shipped=False, **sides)) == []
        data = kd.load_claims(
            path=name, sources_path=sides["sources"], sides_path=sides["sides"], shipped=False
        )
        assert len(data) == 8 and data["ledger"].iloc[0].endswith("claims-\\udcff.csv")


def test_a_right_to_left_override_in_a_claimant_is_an_error(claims_file):
    path = claims_file(row_with("claimant", "\u202eecnefeD fo yrtsiniM"))
    assert (2, "claimant", "contains a bidirectional control character (it reorders the text "
            "as shown): remove it") in problems(path)  # fmt: skip


def test_a_look_alike_letter_is_a_warning_and_found_by_the_finder(claims_file):
    rows = row_with("claimant", "Ministry of D\u0435fence")  # a Cyrillic е
    rows = row_with("claimant", "Ministry of Defence", row=2, rows=rows)
    warned = problems(claims_file(rows), "warning")
    assert (2, "claimant", "mixes Latin and Cyrillic or Greek letters in one word: a look-alike "
            "letter?") in warned  # fmt: skip
    # The spelling met first is kept: the other one, row 4, is warned about.
    assert any(r == 4 and "look-alike or invisible characters" in rule for r, _, rule in warned)
    found = near_duplicates(
        ["Ministry of Defence", "Ministry of D\u0435fence", "\u202eecnefeD fo yrtsiniM"]
    )
    assert [(a.spelling, a.same_as) for a in found] == [
        ("Ministry of D\u0435fence", "Ministry of Defence"),
        ("\u202eecnefeD fo yrtsiniM", "Ministry of Defence"),
    ]


@pytest.mark.parametrize(
    ("column", "value", "where", "rule"),
    [
        (
            "measure",
            "russian_troops_killed",
            "measure",
            "reads like another topic than 'territory'",
        ),
        ("period_end", "2025-12-31", "period_precision", "day, but the period spans 192 days"),
        ("reported_date", "2021-06-22", "reported_date", "more than a year before the period"),
        ("wording", "over 90", "qualifier", "the wording reads as 'over'"),
    ],
)
def test_what_looks_like_a_slip_is_a_warning(claims_file, column, value, where, rule):
    path = claims_file(row_with(column, value))
    assert problems(path) == []
    assert any(r == 2 and c == where and rule in text for r, c, text in problems(path, "warning"))


def test_accessed_before_published_is_a_warning(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "source_id,role,title,publisher,url,published,accessed,kind,note\n"
        "my-page-2025,user,A page,An outlet,https://example.org/a,2025-06-22,2025-06-01,"
        "news_report,\n",
        encoding="utf-8",
    )
    assert problems(path) == []
    assert problems(path, "warning") == [
        (2, "accessed", "accessed before it was published: a typo in one of the dates?")
    ]
