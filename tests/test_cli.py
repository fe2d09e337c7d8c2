"""The command line, run as a subprocess the way a user runs it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

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


def test_a_command_run_in_process_gives_what_a_new_interpreter_gives(tmp_path):
    """The way the suite runs most commands (in its own process) gives what a new process
    gives: exit code, output, error."""
    bad = tmp_path / "bad.csv"
    bad.write_text("claim_id\nx\n", encoding="utf-8")
    for args in (["claims", "--format", "csv"], ["validate", str(bad)], ["figures", "--list"]):
        here, new = run_cli(*args, cwd=tmp_path), run_cli(*args, cwd=tmp_path, real=True)
        assert (here.returncode, here.stdout, here.stderr) == (
            new.returncode,
            new.stdout,
            new.stderr,
        ), args
    piped = run_cli("check", "-", stdin="About 90 sq km (35 sq miles) were held.\n")
    assert piped.returncode == 0 and "90" in piped.stdout


def test_the_command_line_leaves_the_environment_as_it_found_it(tmp_path):
    """main() may be called from a notebook or a script: it sets no environment variable in
    its caller's process (it once set OPENBLAS_NUM_THREADS and MPLBACKEND)."""
    code = (
        "import os, sys\n"
        "from kursk_data.cli import main\n"
        "before = dict(os.environ)\n"
        "codes = [main(['validate', sys.argv[1]]), main(['claims', '--format', 'csv']),\n"
        "         main(['figures', '--out', sys.argv[2], '--only', 'losses-article'])]\n"
        "changed = sorted(set(os.environ.items()) ^ set(before.items()))\n"
        "print(codes, changed, file=sys.stderr)\n"
    )
    ledger = Path(kd.__file__).parent / "data" / "claims.csv"
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "OPENBLAS_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(ledger), str(tmp_path / "figs")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "[0, 0, 0] []"
