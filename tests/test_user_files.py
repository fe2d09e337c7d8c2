"""Users' own claims files: every malformed input gets one clear line and the right exit code."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import GOOD_ROWS, HEADER, cells, join, row_with, run_cli

import kursk_data as kd


def write(
    tmp_path: Path,
    rows: list[str] | None = None,
    header: str = HEADER,
    name: str = "mine.csv",
    newline: str = "\n",
    bom: bool = False,
) -> Path:
    text = newline.join([header, *(GOOD_ROWS if rows is None else rows)]) + newline
    p = tmp_path / name
    p.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return p


def validate_cli(path: Path | str) -> tuple[int, list[str], str]:
    out = run_cli("validate", str(path))
    assert "Traceback" not in out.stdout + out.stderr
    return out.returncode, out.stdout.splitlines(), out.stderr


# (case id, how to build the file, expected first line after "FILE:")
HEADER_CASES = [
    (
        "missing-column",
        lambda t: write(
            t, [join(cells(r)[:-1]) for r in GOOD_ROWS], header=HEADER.rsplit(",", 1)[0]
        ),
        '1:note: "" — required column is missing',
    ),
    (
        "extra-column",
        lambda t: write(t, [r + ",x" for r in GOOD_ROWS], header=HEADER + ",extra"),
        '1:extra: "extra" — unknown column: the claims file has these columns: ',
    ),
    (
        "renamed-column",
        lambda t: write(t, header=HEADER.replace(",value,", ",Value,")),
        "1:value: \"\" — required column is missing (found 'Value': was it renamed?)",
    ),
    (
        "duplicated-column",
        lambda t: write(t, [r + ",dup" for r in GOOD_ROWS], header=HEADER + ",note"),
        '1:note: "note" — column appears more than once in the header',
    ),
]
CELL_CASES = [
    ("wrong-type", "value", "ninety", '2:value: "ninety" — not a number'),
    ("thousands-separator", "value", "1,000", '2:value: "1,000" — not a number'),
    (
        "impossible-date",
        "period_start",
        "2025-02-30",
        '2:period_start: "2025-02-30" — not a real calendar date',
    ),
    (
        "ambiguous-date",
        "period_end",
        "03/04/2025",
        '2:period_end: "03/04/2025" — not an ISO date YYYY-MM-DD',
    ),
    (
        "period-ends-before-start",
        "period_end",
        "2025-06-01",
        '2:period_end: "2025-06-01" — period ends before it starts',
    ),
    ("unknown-topic", "topic", "weather", '2:topic: "weather" — not one of territory, troops'),
    ("unknown-unit", "unit", "acres", '2:unit: "acres" — not one of km2, personnel'),
    ("unknown-qualifier", "qualifier", "roughly", '2:qualifier: "roughly" — not one of exact'),
    ("unknown-side", "claimant_side", "nato", '2:claimant_side: "nato" — unknown side: describe'),
    ("negative", "value", "-90", '2:value: "-90" — must be at least 0'),
    ("non-finite", "value", "inf", '2:value: "inf" — not a finite number'),
    ("absurd", "value", "250000", '2:value: "250000" — implausible: more than 100,000 km2'),
    ("low-above-high", "low", "99", "2:low: \"99\" — for qualifier 'about' and value 90, low must"),
    (
        "bounds-contradict-qualifier",
        "high",
        "99",
        "2:high: \"99\" — for qualifier 'about' and value 90, high must be 95",
    ),
    ("duplicate-id", "claim_id", "usr-01", '3:claim_id: "usr-01" — duplicate claim_id: first'),
    (
        "collides-with-shipped",
        "claim_id",
        "art-01",
        '2:claim_id: "art-01" — claim_id already used by the shipped ledger',
    ),
    ("unknown-source", "source_id", "my-blog", '2:source_id: "my-blog" — unknown source_id'),
    ("enormous-field", "note", "x" * 1_000_000, '2:note: "xxxxxxxx'),
]


@pytest.mark.parametrize(
    ("case", "build", "expected"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES]
)
def test_header_problems(tmp_path, case, build, expected):
    path = build(tmp_path)
    code, lines, _ = validate_cli(path)
    assert code == 1
    assert any(line.startswith(f"{path}:{expected}") for line in lines), lines


@pytest.mark.parametrize(
    ("case", "column", "value", "expected"), CELL_CASES, ids=[c[0] for c in CELL_CASES]
)
def test_cell_problems(tmp_path, case, column, value, expected):
    row = 1 if case == "duplicate-id" else 0
    path = write(tmp_path, row_with(column, value, row=row))
    code, lines, _ = validate_cli(path)
    assert code == 1
    assert any(line.startswith(f"{path}:{expected}") for line in lines), lines
    if case == "enormous-field":
        hit = next(line for line in lines if ":note:" in line)
        assert len(hit) < 300 and hit.endswith("— longer than 2000 characters")


def test_low_above_high_is_named(tmp_path):
    path = write(tmp_path, row_with("low", "99"))
    _, lines, _ = validate_cli(path)
    assert any(":2:low:" in line and "low is greater than high" in line for line in lines)


@pytest.mark.parametrize(
    ("case", "payload", "expected"),
    [
        ("empty", b"", '-:-: "" — file is empty: expected a header row'),
        ("blank", b"\n\n  \n", '-:-: "" — file is empty: expected a header row'),
        (
            "header-only",
            (HEADER + "\n").encode(),
            '-:-: "" — header only: the file has no data rows',
        ),
        (
            "spreadsheet",
            b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 64,
            "-:-: \"\" — not a CSV file (looks like a spreadsheet): save it as 'CSV UTF-8'",
        ),
        ("binary", b"claim_id\x00\x01\x02", '-:-: "" — not a CSV text file (contains NUL bytes)'),
        (
            "not-utf8",
            (HEADER + "\n" + GOOD_ROWS[0].replace("Test Claimant", "Test Cla\xefmant")).encode(
                "latin-1"
            ),
            '2:claimant: "Test Cla\ufffdmant" — bytes that are not UTF-8 here',
        ),
    ],
)
def test_file_problems(tmp_path, case, payload, expected):
    path = tmp_path / f"{case}.csv"
    path.write_bytes(payload)
    code, lines, _ = validate_cli(path)
    assert code == 1
    assert lines[0].startswith(f"{path}:{expected}"), lines


def test_not_utf8_names_its_row_and_cell(tmp_path):
    """The spreadsheet row, not the physical line: the first claim's note spans two lines."""
    path = tmp_path / "latin1.csv"
    first = row_with("note", "two,\nlines")[0]  # a comma: the helper then quotes the cell
    text = HEADER + "\n" + first + "\n" + GOOD_ROWS[1].replace("Test Claimant", "T\xe9st")
    path.write_bytes(text.encode("latin-1"))
    code, lines, err = validate_cli(path)
    assert code == 1 and lines[0].startswith(f'{path}:3:claimant: "T\ufffdst"'), lines
    assert "bytes that are not UTF-8 here" in lines[0]
    assert "Exception ignored" not in err


@pytest.mark.parametrize(
    ("case", "make"),
    [
        ("directory", lambda t: t),
        ("missing", lambda t: t / "no-such-file.csv"),
    ],
)
def test_unreadable_paths_are_usage_errors(tmp_path, case, make):
    code, lines, err = validate_cli(make(tmp_path))
    assert code == 2 and not lines
    assert err.startswith("kursk-data: error: ")


def test_spreadsheet_conventions_are_accepted(tmp_path):
    # The two files differ in name only, so only the ledger column (the file's path) differs.
    plain = kd.load_claims(path=write(tmp_path, name="plain.csv")).drop(columns="ledger")
    for kwargs in ({"bom": True}, {"newline": "\r\n"}, {"bom": True, "newline": "\r\n"}):
        path = write(tmp_path, name="excel.csv", **kwargs)
        code, lines, _ = validate_cli(path)
        assert code == 0, (kwargs, lines)
        assert kd.load_claims(path=path).drop(columns="ledger").equals(plain)


def test_embedded_newlines_are_kept_and_rows_stay_numbered(tmp_path):
    rows = row_with("note", 'Line one,\nline "two".', row=0)
    rows = [rows[0], *row_with("value", "abc", row=1)[1:]]
    path = write(tmp_path, rows)
    code, lines, _ = validate_cli(path)
    assert code == 1
    # the second claim starts on physical line 4 but is row 3 of the sheet
    assert lines[0].startswith(f'{path}:3:value: "abc"')
    good = write(tmp_path, row_with("note", 'Line one,\nline "two".'), name="good.csv")
    note = kd.load_claims(path=good).set_index("claim_id").loc["usr-01", "note"]
    assert note == 'Line one,\nline "two".'


def test_ragged_rows_are_reported_with_their_row(tmp_path):
    rows = list(GOOD_ROWS)
    rows[1] = rows[1] + ",surplus"
    path = write(tmp_path, rows)
    code, lines, _ = validate_cli(path)
    assert code == 1
    assert (
        lines[0].startswith(f"{path}:3:-: ") and "row has 23 fields, the header has 22" in lines[0]
    )


def test_problems_are_capped_with_a_count(tmp_path):
    bad = [join([f"usr-{i:03d}", *cells(row_with("value", "abc")[0])[1:]]) for i in range(150)]
    path = write(tmp_path, bad)
    out = run_cli("validate", str(path), "--max-problems", "100")
    lines = out.stdout.splitlines()
    assert out.returncode == 1
    # 150 rows with one bad value each: 100 lines, a count of the other 50, the summary.
    assert len(lines) == 103
    assert lines[100] == "... and 50 more problem(s) not shown (--max-problems)"
    assert lines[101:] == [
        "By rule:",
        "  150 × not a number (write digits only, e.g. 1000 not 1,000) [value], first at row 2",
    ]
    assert out.stderr == f"{path}: 150 problem(s)\n"


def test_sources_file_is_validated_by_its_header(tmp_path):
    src = tmp_path / "src.csv"
    src.write_text(
        "source_id,role,title,publisher,url,published,accessed,kind,note\n"
        "my-blog,user,,Me,ftp://nope,2025-01-01,2025-13-01,blog,\n",
        encoding="utf-8",
    )
    code, lines, _ = validate_cli(src)
    assert code == 1
    joined = "\n".join(lines)
    for col in ("url", "accessed", "kind"):
        assert f"{src}:2:{col}:" in joined
    src.write_text(
        "source_id,role,title,publisher,url,published,accessed,kind,note\n"
        "my-blog,user,,Me,https://example.org/post,,2025-01-01,other,\n",
        encoding="utf-8",
    )
    claims = write(tmp_path, row_with("source_id", "my-blog"))
    ok = run_cli("validate", str(claims), "--sources", str(src))
    assert ok.returncode == 0, ok.stdout
    merged = kd.load_claims(path=claims, sources_path=src)
    assert "my-blog" in set(merged["source_id"])


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_failed_run_changes_nothing(tmp_path, fake_render):
    out = tmp_path / "figs"
    # The folder a first run left (stand-in pictures: what matters is that nothing changes).
    assert list(kd.export_figures(out, only=["losses-article"]))
    before = _tree(out)
    bad = write(tmp_path, row_with("value", "abc"), name="bad.csv")
    bad_bytes = bad.read_bytes()
    result = run_cli("figures", "--out", str(out), "--claims", str(bad), "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{bad}:2:value:" in result.stderr
    assert _tree(out) == before
    assert bad.read_bytes() == bad_bytes


def test_user_claims_reach_the_figures(tmp_path):
    claims = write(tmp_path)
    out = tmp_path / "figs"
    result = run_cli(
        "figures", "--out", str(out), "--claims", str(claims), "--only", "territory-article"
    )
    assert result.returncode == 0, result.stderr
    meta = json.loads((out / "territory-article.json").read_text())
    assert "usr-01" in meta["claims"]


def test_csv_export_neutralises_formulas_but_not_numbers(tmp_path):
    rows = row_with("note", '=HYPERLINK("http://x")')
    rows = [rows[0], *row_with("claimant", "+cmd", row=1)[1:]]
    rows[2] = join([*cells(rows[2])[:-1], "@SUM(A1)"])
    path = write(tmp_path, rows)
    out = run_cli(
        "claims",
        "--claims",
        str(path),
        "--source",
        "metaworld-2025-06-22",
        "--format",
        "csv",
        "--spreadsheet-safe",  # asked for: the plain CSV export is exact (issue #22 item 10)
    )
    assert out.returncode == 0, out.stderr
    import csv
    import io

    got = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert got["usr-01"]["note"] == '\'=HYPERLINK("http://x")'
    assert got["usr-02"]["claimant"] == "'+cmd"
    assert got["usr-03"]["note"] == "'@SUM(A1)"
    assert got["usr-01"]["value"] == "90" and got["usr-01"]["low"] == "85"
    # the ledger's own claims are untouched by the neutralisation
    assert got["art-01"]["note"] == kd.load_claims().set_index("claim_id").loc["art-01", "note"]
