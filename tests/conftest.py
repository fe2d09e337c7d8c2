"""Shared helpers: run the real CLI, write small claims files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reference"
ARTICLE = SHARED / "source-article.txt"
CLI = [sys.executable, "-m", "kursk_data"]


_SERVER: subprocess.Popen | None = None


def _server() -> subprocess.Popen:
    """The warm command-line server of this test process (see ``cli_server.py``)."""
    global _SERVER
    if _SERVER is None or _SERVER.poll() is not None:
        _SERVER = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("cli_server.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "MPLBACKEND": "Agg"},
        )
        assert _SERVER.stdout.readline().strip() == "ready"
    return _SERVER


def run_cli(
    *args: str,
    cwd: Path | None = None,
    stdin: str | None = None,
    env: dict | None = None,
    real: bool = False,
) -> subprocess.CompletedProcess:
    """Run ``kursk-data`` as a user would, from any directory.

    By default the command runs in a child forked from a warm interpreter (``cli_server.py``):
    the same ``python -m kursk_data`` entry point, exit code, output and error, without paying
    for Python and pandas to start each time. ``real=True`` (or ``KURSK_TEST_REAL_CLI=1`` for
    every call) starts a new interpreter, as the shell would.
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
    server = _server()
    request = {"argv": list(args), "cwd": str(where), "env": full_env, "stdin": stdin}
    server.stdin.write(json.dumps(request) + "\n")
    server.stdin.flush()
    reply = json.loads(server.stdout.readline())
    return subprocess.CompletedProcess(
        [*CLI, *args], reply["returncode"], reply["stdout"], reply["stderr"]
    )


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
# instead. Measured with `--durations=0`, each module's total, longest first; the rest run for
# under 4 s each.
_LONG_FIRST = [
    "test_hostile.py",
    "test_layout.py",
    "test_figures.py",
    "test_plotting.py",
    "test_properties.py",
    "test_user_files.py",
    "test_cli.py",
    "06-your-own-claims.ipynb",
    "test_validate_blocks.py",
    "test_notebooks.py",
    "test_extract_properties.py",
    "04-contested.ipynb",
    "test_own_ledger.py",
    "test_citations.py",
    "test_extract_corpus.py",
    "test_extract_speed.py",
    "test_wheel.py",
    "00-overview.ipynb",
    "01-territory.ipynb",
    "02-troops.ipynb",
    "test_extract.py",
    "03-losses.ipynb",
    "test_datapackage.py",
    "test_validate.py",
    "test_relations.py",
]


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(_LONG_FIRST)}
    # A stable sort: tests keep their order inside a module.
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


# Notebook kernels are forked from a warm interpreter (tests/warm_kernels.py): about a
# CPU-second less per notebook. These notebooks always start theirs as a new process, as
# `make notebooks` and JupyterLab do, so the suite still runs one in a kernel nobody warmed.
_REAL_KERNEL = {"05-checking-a-report.ipynb"}


class _KernelChoice:
    """Registered as a plugin, not a conftest hook: the notebooks are outside tests/, and a
    conftest's test hooks only see the tests under its folder."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        # Before nbval's own set-up of the notebook, which starts its kernel.
        import warm_kernels

        warm_kernels.real_kernel = item.path.name in _REAL_KERNEL

    def pytest_runtest_teardown(self, item):
        # The command line run in-process sets MPLBACKEND=Agg in this process's environment
        # (kursk_data.cli: files only); every kernel started later would inherit it, which no
        # kernel started from JupyterLab has. Each test gets the environment the run started with.
        if self.mplbackend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = self.mplbackend

    def __init__(self) -> None:
        self.mplbackend = os.environ.get("MPLBACKEND")


def pytest_configure(config):
    import warm_kernels

    warm_kernels.install()
    config.pluginmanager.register(_KernelChoice(), "kursk-kernel-choice")


def pytest_collection_finish(session):
    # The kernel server imports for a second: let it do so while the first modules run.
    if any(item.path.suffix == ".ipynb" for item in session.items):
        import warm_kernels

        warm_kernels.prestart()


def pytest_unconfigure(config):
    # The servers end when their input closes; waiting for them here counts their CPU time (and
    # their children's) in this process's, as `time make test` reports it.
    import warm_kernels

    for server in (_SERVER, warm_kernels._SERVER):
        if server is not None and server.poll() is None:
            server.stdin.close()
            server.wait(timeout=60)
