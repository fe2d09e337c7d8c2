"""The command line, run as a subprocess the way a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

import kursk_data as kd


def test_help_lists_commands(tmp_path):
    out = run_cli("--help", cwd=tmp_path, real=True)
    assert out.returncode == 0
    for cmd in ("claims", "validate", "figures", "check"):
        assert cmd in out.stdout


def test_claims_formats_from_another_directory(tmp_path):
    n = len(kd.load_claims("territory"))
    table = run_cli("claims", "--topic", "territory", cwd=tmp_path, real=True)
    assert table.returncode == 0 and "area_held_by_ukraine" in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(run_cli("claims", "--topic", "territory", "--format", "csv").stdout)
        )
    )
    assert len(rows) == n and rows[0]["claim_id"]
    data = json.loads(run_cli("claims", "--format", "json").stdout)
    assert len(data) == len(kd.load_claims())
    assert all(isinstance(d["period_start"], str) for d in data)
    md = run_cli("claims", "--format", "markdown").stdout.splitlines()
    assert md[0].startswith("| claim_id |") and md[1].startswith("|---")


def test_bad_arguments_are_usage_errors_without_traceback():
    for args in (["claims", "--topic", "weather"], ["claims", "--format", "xml"], ["nope"]):
        out = run_cli(*args)
        assert out.returncode == 2, args
        assert "Traceback" not in out.stderr


def test_unknown_source_filter_is_a_usage_error():
    out = run_cli("claims", "--source", "nowhere")
    assert out.returncode == 2 and "source must be one of" in out.stderr


def test_the_warm_server_runs_the_same_command_as_a_new_interpreter(tmp_path):
    """The fast path the suite uses gives what a new process gives: code, output, error."""
    bad = tmp_path / "bad.csv"
    bad.write_text("claim_id\nx\n", encoding="utf-8")
    for args in (["claims", "--format", "csv"], ["validate", str(bad)], ["figures", "--list"]):
        warm, cold = run_cli(*args, cwd=tmp_path), run_cli(*args, cwd=tmp_path, real=True)
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            cold.returncode,
            cold.stdout,
            cold.stderr,
        ), args
    piped = run_cli("check", "-", stdin="About 90 sq km (35 sq miles) were held.\n")
    assert piped.returncode == 0 and "90" in piped.stdout


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("3", "3")])
def test_openblas_threads_are_one_unless_the_user_chose(given, expected, tmp_path):
    """The command line sets OPENBLAS_NUM_THREADS before NumPy loads (its spinning threads took
    CPU from validation); a value the user set is kept."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = (
        "import os, sys\n"
        "from kursk_data.cli import main\n"
        "assert 'numpy' not in sys.modules\n"
        "rc = main(['validate', sys.argv[1]])\n"
        "assert 'numpy' in sys.modules\n"
        "print(rc, os.environ['OPENBLAS_NUM_THREADS'])\n"
    )
    ledger = Path(kd.__file__).parent / "data" / "claims.csv"
    done = subprocess.run(
        [sys.executable, "-c", code, str(ledger)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].split() == ["0", expected]
