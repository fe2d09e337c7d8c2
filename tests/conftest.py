"""Shared helpers: run the real CLI, write small claims files."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reference"
ARTICLE = SHARED / "source-article.txt"
CLI = [sys.executable, "-m", "kursk_data"]


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: str | None = None,
    env: dict | None = None,
    real: bool = False,
) -> subprocess.CompletedProcess:
    """Run ``kursk-data`` as a user would, from any directory.

    By default the command runs in this process: ``kursk_data.cli.main`` with its own working
    directory, environment, standard input, output and error, restored afterwards; the exit
    code, output and error come back as from a new process, and an exception that escapes
    the command line fails the test with its traceback. ``figures`` runs draw in this
    process (``--jobs 1``) unless the test asks for more. ``real=True`` (or
    ``KURSK_TEST_REAL_CLI=1`` for every call) starts a new interpreter, as the shell would.
    """
    full_env = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
    where = Path(cwd or ROOT)
    if real or os.environ.get("KURSK_TEST_REAL_CLI"):
        return subprocess.run(
            [*CLI, *args],
            cwd=where,
            input=stdin,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=600,
        )
    argv = list(args)
    if argv[:1] == ["figures"] and "--jobs" not in argv:
        argv += ["--jobs", "1"]  # no worker processes forked from a test process
    return _in_process(argv, where, stdin, full_env)


def _in_process(
    argv: list[str], cwd: Path, stdin: str | None, env: dict
) -> subprocess.CompletedProcess:
    from kursk_data.cli import main

    out, err = io.StringIO(), io.StringIO()
    given = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    saved_env, saved_in = dict(os.environ), sys.stdin
    os.environ.clear()
    os.environ.update(env)
    sys.stdin = given
    try:
        with (
            contextlib.chdir(cwd),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = main(argv)
            except SystemExit as exit_:  # argparse: --help, --version, usage errors
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    finally:
        sys.stdin = saved_in
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess([*CLI, *argv], code, out.getvalue(), err.getvalue())


HEADER = (
    "claim_id,topic,measure,value,unit,qualifier,low,high,period_start,period_end,"
    "period_precision,claimant,claimant_detail,claimant_side,status,reported_date,"
    "source_id,wording,alt_value,alt_unit,part_of,note"
)
GOOD_ROWS = [
    "usr-01,territory,area_held_by_ukraine,90,km2,about,85,95,2025-06-22,2025-06-22,day,"
    "Test Claimant,A test role,ukraine,claimed,2025-06-22,metaworld-2025-06-22,about 90,35,mi2,,"
    "A test claim written for the test suite.",
    "usr-02,losses,russian_troops_killed,500,personnel,over,500,,2025-01-01,2025-01-31,month,"
    "Test Claimant,,ukraine,claimed,,metaworld-2025-06-22,,,,usr-03,Part of usr-03.",
    "usr-03,losses,russian_troops_killed_and_wounded,2000,personnel,exact,2000,2000,2025-01-01,"
    "2025-01-31,month,Test Observer,,independent,assessed,,metaworld-2025-06-22,,,,,Total.",
]


def cells(row: str) -> list[str]:
    """The cells of one CSV line."""
    return next(csv.reader([row]))


def join(values: list[str]) -> str:
    """One CSV line from its cells (quoted where needed, no line end)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(values)
    return buf.getvalue()


def row_with(column: str, value: str, row: int = 0, rows: list[str] | None = None) -> list[str]:
    """The good rows (or ``rows``) with one cell changed; ``row`` counts from 0 = first data row."""
    rows = list(GOOD_ROWS if rows is None else rows)
    vals = cells(rows[row])
    vals[HEADER.split(",").index(column)] = value
    rows[row] = join(vals)
    return rows


@pytest.fixture
def claims_file(tmp_path: Path):
    """Write a claims CSV (the good rows unless given) and return its path."""

    def write(
        rows: list[str] | None = None,
        header: str = HEADER,
        name: str = "mine.csv",
        raw: bytes | None = None,
    ) -> Path:
        p = tmp_path / name
        if raw is not None:
            p.write_bytes(raw)
        else:
            p.write_text(
                "\n".join([header, *(GOOD_ROWS if rows is None else rows)]) + "\n", encoding="utf-8"
            )
        return p

    return write


@pytest.fixture
def fake_render(monkeypatch):
    """Figures drawn by the stand-in of ``fake_render.py`` (for tests of writing, not drawing)."""
    from fake_render import fake_render as stand_in

    from kursk_data.figures import export

    monkeypatch.setattr(export, "render", stand_in)
    return stand_in


# `make test` gives each worker whole modules (`--dist loadscope`: a notebook's cells share one
# kernel, and some modules draw every figure once in a module fixture). Handing out the longest
# modules first lets the two workers finish together (longest-processing-time-first); the
# Makefile passes --no-loadscope-reorder, or xdist would hand them out by number of tests
# instead. The order: each module's total from `--durations=0`, longest first; the rest are
# short.
_LONG_FIRST = [
    "test_hostile_3.py",
    "test_hostile.py",
    "test_marks.py",
    "test_figures.py",
    "test_own_ledger.py",
    "test_figure_folder.py",
    "test_plotting.py",
    "test_layout.py",
    "test_validate_font.py",
    "test_citations.py",
    "test_extract_speed.py",
    "test_extract_cli.py",
    "test_extract_corpus.py",
    "test_cli.py",
    "04-contested.ipynb",
    "test_properties.py",
    "06-your-own-claims.ipynb",
    "test_print_frame.py",
    "test_site.py",
    "test_user_files.py",
    "test_notebooks.py",
    "test_extract_compare.py",
    "test_validate_stream.py",
    "test_print_dumbbells11.py",
    "test_extract_properties.py",
    "02-troops.ipynb",
    "00-overview.ipynb",
    "01-territory.ipynb",
    "03-losses.ipynb",
    "test_print_rows.py",
]


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(_LONG_FIRST)}
    # A stable sort: tests keep their order inside a module.
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def drawn():
    """Every registered figure of the shipped ledger, drawn exactly as exported, once per test
    process. Read-only: a test that plants something draws its own figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import kursk_data as kd
    from kursk_data import figures

    claims = kd.load_claims()
    figs = {spec.id: spec.build(claims) for spec in figures.FIGURES.values()}
    yield figs
    for fig in figs.values():
        plt.close(fig)
