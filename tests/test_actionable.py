"""Validation a user can act on (issue 13, item 3): a summary by rule after the problem lines,
each problem on the cell that is wrong, plain words instead of patterns, and warnings (exit 0)
for near-duplicate claimant spellings and for claims dated after their source was published.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GOOD_ROWS, HEADER, cells, join, run_cli

import kursk_data as kd
from kursk_data import schema
from kursk_data.cli import main
from kursk_data.validation import near_duplicates

SOURCES_HEADER = "source_id,role,title,publisher,url,published,accessed,kind,note"


def claim(i: int, base: int = 0, **changes: str) -> str:
    """Row ``base`` of the good rows as claim usr-<i>, with some cells changed."""
    vals = cells(GOOD_ROWS[base])
    vals[0] = f"usr-{i:03d}"
    names = HEADER.split(",")
    for column, value in changes.items():
        vals[names.index(column)] = value
    return join(vals)


def write(folder: Path, rows: list[str], name: str = "mine.csv", header: str = HEADER) -> Path:
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def cli(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out.splitlines(), out.err


# --------------------------------------------------------------------------- summary by rule


def test_a_summary_by_rule_follows_the_lines(tmp_path):
    """107 claims with day-first dates (214 date problems), 3 with a thousands separator, and
    a source whose address has a note after it: every rule is in the summary, the source's
    too, although the 100 lines shown are all about the claims file."""
    rows = [claim(i, period_start="22/06/2025", period_end="22/06/2025") for i in range(107)]
    for i in (40, 41, 42):
        rows[i] = claim(i, period_start="22/06/2025", period_end="22/06/2025", value="1,000")
    path = write(tmp_path, rows)
    src = tmp_path / "src.csv"
    src.write_text(
        f"{SOURCES_HEADER}\nmy-page,user,,Me,https://example.org/p (sent by e-mail),,,other,\n",
        encoding="utf-8",
    )
    out = run_cli("validate", str(path), "--sources", str(src))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    lines = out.stdout.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines[:100])
    assert sum("ISO date" in line for line in lines[:100]) == 97  # rows 2-50, less the 3 below
    assert lines[100] == "... and 118 more problem(s) not shown (--max-problems)"
    assert lines[101:] == [
        "By rule:",
        "  214 × not an ISO date YYYY-MM-DD (dates like 03/04/2025 are ambiguous) "
        "[period_start, period_end], first at row 2",
        "  3 × not a number (write digits only, e.g. 1000 not 1,000) [value], first at row 42",
        "  1 × not a web address [url], first at row 2",
    ]
    # 214 + 3 + 1 = 218 problems in all, 100 of them listed.
    assert out.stderr == f"{path}: 218 problem(s)\n"


def test_the_summary_is_in_the_api_too(tmp_path):
    rows = [claim(i, period_start="2025-13-01") for i in range(5)]
    report = kd.validate(write(tmp_path, rows), max_problems=2)
    assert len(report) == 2 and report.total == 5
    (only,) = report.summary
    assert (only.kind, only.count, only.first_row, only.columns) == (
        "not a real calendar date",
        5,
        2,
        ("period_start",),
    )
    assert str(only) == "5 × not a real calendar date [period_start], first at row 2"


# --------------------------------------------------------------------------- the right cell


def test_a_malformed_high_is_reported_on_high_not_on_the_good_low(tmp_path, capsys):
    rows = [claim(3, base=2, qualifier="range", low="100000", high="140,000")]
    path = write(tmp_path, rows)
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines == [
        f'{path}:2:high: "140,000" — not a number (write digits only, e.g. 1000 not 1,000)'
    ]


def test_an_empty_end_of_a_range_is_reported_on_that_end(tmp_path, capsys):
    rows = [claim(3, base=2, qualifier="range", value="2000", low="", high="3000")]
    path = write(tmp_path, rows)
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines == [f'{path}:2:low: "" — a range needs both low and high: this one is empty']


def test_a_padded_number_is_one_problem_on_its_cell(tmp_path, capsys):
    path = write(tmp_path, [claim(1, value=" 90")])
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1 and lines == [f'{path}:2:value: " 90" — leading or trailing spaces']


# --------------------------------------------------------------------------- plain words


@pytest.mark.parametrize(
    ("table", "column", "value", "words"),
    [
        ("claims", "claim_id", "Bad Id", "an id is lowercase letters and digits"),
        ("claims", "measure", "Area Held", "a measure is lowercase words joined by underscores"),
        ("sources", "source_id", "My Blog", "a source id is lowercase letters and digits"),
        ("sources", "url", "example.org/page", "it must start with http:// or https://"),
        ("sources", "url", "https://example.org/p note", "a web address has no spaces"),
        ("claims", "topic", "Territory", "not one of territory, troops, losses, prisoners"),
    ],
)
def test_messages_say_in_words_what_a_pattern_wants(tmp_path, capsys, table, column, value, words):
    if table == "claims":
        path = write(tmp_path, [claim(1, **{column: value})])
    else:
        fields = dict(
            zip(
                SOURCES_HEADER.split(","),
                ["my-page", "user", "", "Me", "", "", "", "other", "A note."],
                strict=True,
            )
        )
        fields[column] = value
        path = write(tmp_path, [join(list(fields.values()))], header=SOURCES_HEADER)
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    hit = next(line for line in lines if f":2:{column}:" in line)
    assert words in hit
    pattern = schema.table(table).field(column).pattern or ""
    assert not re.search(r"\^|\$|\\S|\(\?:|\[a-z", hit.split(" — ", 1)[1]), hit
    assert not pattern or pattern not in hit


# --------------------------------------------------------------------------- warnings


def test_near_duplicate_claimant_spellings_are_a_warning(tmp_path):
    rows = [
        claim(1, claimant="UK Ministry of Defence", claimant_side="third_party", status="assessed"),
        claim(2, claimant="UK MoD", claimant_side="third_party", status="assessed"),
    ]
    path = write(tmp_path, rows)
    out = run_cli("validate", str(path))
    assert out.returncode == 0, out.stdout
    assert out.stdout.splitlines() == [
        f"{path}:3:claimant: \"UK MoD\" — warning: looks like 'UK Ministry of Defence' "
        "(row 2; initials): spell one claimant one way",
        f"{path}: valid, 1 warning(s)",
    ]


def test_a_spelling_of_a_shipped_claimant_is_a_warning_naming_the_ledger(tmp_path, capsys):
    path = write(tmp_path, [claim(1, claimant="oleksandr syrskyi")])
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 0
    assert lines[0] == (
        f"{path}:2:claimant: \"oleksandr syrskyi\" — warning: looks like 'Oleksandr Syrskyi' "
        "(the shipped ledger; case): spell one claimant one way"
    )
    report = kd.validate(path)
    assert report == [] and len(report.warnings) == 1 and report.warnings[0].is_warning


def test_a_claim_dated_after_its_source_was_published_is_a_warning(tmp_path, capsys):
    src = tmp_path / "src.csv"
    src.write_text(
        f"{SOURCES_HEADER}\nmy-page,user,,Me,https://example.org/p,2025-05-01,,other,\n",
        encoding="utf-8",
    )
    rows = [
        claim(
            1,
            source_id="my-page",
            period_start="2025-06-01",
            period_end="2025-06-01",
            reported_date="2025-06-02",
        ),
        claim(
            2,
            source_id="my-page",
            period_start="2025-04-01",
            period_end="2025-04-30",
            period_precision="month",  # a day's precision on a month is a warning of its own
            reported_date="2025-05-01",
        ),
    ]
    path = write(tmp_path, rows)
    code, lines, _ = cli(capsys, "validate", str(path), "--sources", str(src))
    assert code == 0
    assert lines[:2] == [
        f'{path}:2:period_start: "2025-06-01" — warning: the period starts after its source '
        "was published (my-page, 2025-05-01): a typo in the date, or the wrong source?",
        f'{path}:2:reported_date: "2025-06-02" — warning: the figure was reported after its '
        "source was published (my-page, 2025-05-01): a typo in the date, or the wrong source?",
    ]
    assert lines[-1] == f"{path}: valid, 2 warning(s)"


def test_errors_come_first_and_warnings_do_not_change_the_exit_code(tmp_path, capsys):
    rows = [claim(1, claimant="oleksandr syrskyi"), claim(2, value="abc")]
    path = write(tmp_path, rows)
    code, lines, err = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines[0].startswith(f'{path}:3:value: "abc"')
    assert lines[1].startswith(f'{path}:2:claimant: "oleksandr syrskyi" — warning: ')
    assert err == f"{path}: 1 problem(s), 1 warning(s)\n"


# --------------------------------------------------------------------------- the finder


def test_near_duplicates_finds_case_punctuation_and_initials():
    found = near_duplicates(
        [
            "UK Ministry of Defence",
            "Institute for the Study of War",
            "DeepState",
            "UK MoD",
            "ISW",
            "Deep State",
            "U.K. MoD",
            "deepstate",
        ]
    )
    assert {(a.spelling, a.same_as) for a in found} == {
        ("UK MoD", "UK Ministry of Defence"),
        ("ISW", "Institute for the Study of War"),
        ("Deep State", "DeepState"),
        ("U.K. MoD", "UK Ministry of Defence"),
        ("deepstate", "DeepState"),
    }
    assert {a.spelling: a.why for a in found}["deepstate"] == "case"


@pytest.mark.parametrize(
    "names",
    [
        ["Oleksandr Syrskyi", "Olaf Scholz"],  # same initials, no acronym: two people
        ["UK", "Ukraine Kyiv"],  # two capitals match too much to mean anything
        ["Ukrainian General Staff", "Ukrainian General Staff (anonymous source)"],
        ["Russian Ministry of Defence", "Russian authorities"],
    ],
)
def test_near_duplicates_keeps_different_names_apart(names):
    assert near_duplicates(names) == []


def test_a_short_form_joins_one_long_form_only():
    found = near_duplicates(
        ["Ukrainian General Staff", "Ukrainian General Staff (anonymous source)", "UGS"]
    )
    assert [(a.spelling, a.same_as, a.why) for a in found] == [
        ("UGS", "Ukrainian General Staff", "initials")
    ]


def test_the_shipped_claimants_are_spelled_one_way_each():
    assert near_duplicates(kd.load_claims()["claimant"].tolist()) == []


def test_the_readme_example_is_what_the_command_prints(tmp_path):
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Validation and your own claims files", 1)[1]
    shown = section.split("```\n", 2)[1].splitlines()  # the README shows its first line
    example = (root / "docs" / "validation.md").read_text(encoding="utf-8")
    example = example.split("```\n", 2)[1].splitlines()  # the docs show all of it
    assert shown and example[: len(shown)] == shown
    uk = {"claimant_side": "third_party", "status": "assessed"}
    rows = [claim(i) for i in range(2, 13)]  # rows 2 to 12
    rows[4 - 2] = claim(4, period_start="2025-02-30")
    rows[7 - 2] = claim(7, value="1,000")
    rows[9 - 2] = claim(9, base=2, qualifier="range", value="2000", low="2000", high="140,000")
    rows[11 - 2] = claim(11, claimant="UK Ministry of Defence", **uk)
    rows[12 - 2] = claim(12, claimant="UK MoD", **uk)
    write(tmp_path, rows, name="my-claims.csv")
    out = run_cli("validate", "my-claims.csv", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stdout.splitlines() == example
    assert out.stderr == "my-claims.csv: 3 problem(s), 1 warning(s)\n"


def test_a_report_prints_as_the_command_line_does(tmp_path):
    """In a notebook, a report reads as lines, not as a list of dataclass reprs."""
    path = tmp_path / "mine.csv"
    path.write_text("claim_id\nx\n", encoding="utf-8")
    report = kd.validate(path)
    text = str(report)
    assert text.splitlines() == [str(p) for p in report]
    assert "Problem(" not in text
    assert str(kd.validate(kd.load_claims())) == "no problems found"
