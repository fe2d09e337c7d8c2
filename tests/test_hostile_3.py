"""Issue #22, third hostile round: each promise tried as a hostile user would try it.

Where the promise is about the command line, the real CLI runs in a new interpreter under a
shell (pipes, closed descriptors, a terminal's encoding are the shell's business).
"""

from __future__ import annotations

import csv
import io
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_ROWS, HEADER, ROOT, cells, join, run_cli

import kursk_data as kd

CLI = f"{shlex.quote(sys.executable)} -m kursk_data"


def shell(script: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``script`` in bash with pipefail, ``kd`` standing for the real CLI."""
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; kd() {{ {CLI} \"$@\"; }}; {script}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=600,
    )


def bad_file(path: Path, rows: int = 3000) -> Path:
    """A claims file with a problem in every row: far more report than a pipe buffers."""
    lines = [HEADER]
    for i in range(rows):
        vals = cells(GOOD_ROWS[0])
        vals[0] = f"usr-{i}"
        vals[HEADER.split(",").index("value")] = "lots"
        lines.append(join(vals))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- 4: broken pipe


def test_a_reader_leaving_early_does_not_turn_a_failure_into_success(tmp_path):
    bad_file(tmp_path / "bad.csv")
    done = shell("kd validate bad.csv --max-problems 100000 | head -1", tmp_path)
    assert done.stdout.count("\n") == 1
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    # a listing with no verdict still succeeds when its reader stops
    done = shell("kd claims | head -1", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# --------------------------------------------------------------------------- 16: closed streams


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("kd check - <&-", "kursk-data: error: standard input is closed: nothing to read\n"),
        (
            "kd claims --format csv >&-",
            "kursk-data: error: standard output is closed; redirect it to a file or /dev/null\n",
        ),
    ],
)
def test_a_closed_standard_stream_is_one_usage_line(tmp_path, script, message):
    done = shell(script, tmp_path)
    assert (done.returncode, done.stderr) == (2, message)


# --------------------------------------------------------------------------- 13: encodings


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"}]
)
def test_a_terminal_that_cannot_show_a_dash_still_gets_the_report(tmp_path, env):
    bad_file(tmp_path / "bad.csv", rows=2)
    done = shell("kd validate bad.csv", tmp_path, env={**env, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1, done.stderr
    assert 'bad.csv:2:value: "lots" -- ' in done.stdout
    assert done.stderr == "bad.csv: 2 problem(s)\n"
    # data files stay data: the CSV is UTF-8 bytes whatever the terminal, values unchanged
    done = subprocess.run(
        [sys.executable, "-m", "kursk_data", "claims", "--format", "csv"],
        capture_output=True,
        env={**os.environ, **env, "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "90 km²".encode() in done.stdout


# --------------------------------------------------------------------------- --jobs, --only


@pytest.mark.parametrize("jobs", ["0", "-5"])
def test_jobs_must_be_one_or_more(tmp_path, jobs):
    done = run_cli("figures", "--out", str(tmp_path / "out"), "--jobs", jobs)
    assert done.returncode == 2
    assert f"argument --jobs: must be 1 or more: {jobs}" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_figure_named_twice_is_drawn_once(tmp_path):
    out = tmp_path / "out"
    done = run_cli("figures", "--out", str(out), "--only", "contested", "--only", "contested")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["wrote     contested (png, svg, pdf, csv, json)"]
