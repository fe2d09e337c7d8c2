"""The output folder of `kursk-data figures`: every figure is drawn, only the files whose bytes
changed are written, and files that are not what they should be (edited, missing, a FIFO, a
device, a folder in a file's place) are never waited on and never leave a run half done.

What is written does not depend on what the pictures show, so the pictures here are the
stand-ins of ``fake_render.py``; the committed figures are checked byte for byte, drawn for
real, in ``test_figures.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kursk_data.cli import main
from kursk_data.figures import FIGURES, export

ROOT = Path(__file__).resolve().parent.parent
IDS = list(FIGURES)
UNCHANGED = [f"unchanged {i}" for i in IDS]


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["figures", *args, "--jobs", "1"])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out.splitlines()


def state(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time: a file written again has a new time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def _drawn_once(tmp_path_factory):
    from fake_render import fake_render

    out = tmp_path_factory.mktemp("folder") / "figs"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(export, "render", fake_render)
        assert main(["figures", "--out", str(out), "--jobs", "1"]) == 0
    return out


@pytest.fixture
def drawn(_drawn_once, tmp_path, capsys, fake_render):
    """A copy of a folder after one full run."""
    capsys.readouterr()
    out = tmp_path / "figs"
    shutil.copytree(_drawn_once, out)
    return out


def test_a_run_leaves_the_gallery_and_five_files_a_figure(drawn):
    names = sorted(p.name for p in drawn.iterdir())
    kinds = ("png", "svg", "pdf", "csv", "json")
    assert names == sorted(["README.md", *(f"{i}.{k}" for i in IDS for k in kinds)])


def test_a_run_with_nothing_new_writes_nothing(drawn, capsys):
    before = state(drawn)
    assert run(capsys, "--out", str(drawn)) == (0, UNCHANGED)
    assert state(drawn) == before


def test_force_writes_every_file_again_with_the_same_bytes(drawn, capsys):
    before = state(drawn)
    code, lines = run(capsys, "--out", str(drawn), "--force")
    assert code == 0 and all(line.startswith("wrote") for line in lines)
    after = state(drawn)
    assert {n: b for n, (b, _) in after.items()} == {n: b for n, (b, _) in before.items()}
    assert all(after[n][1] != before[n][1] for n in before)


def test_an_edited_file_is_written_again_and_nothing_else(drawn, capsys):
    good = (drawn / "contested.svg").read_bytes()
    (drawn / "contested.svg").write_bytes(good + b"<!-- edited -->")
    before = state(drawn)
    code, lines = run(capsys, "--out", str(drawn))
    assert code == 0
    assert [line for line in lines if line.startswith("wrote")] == ["wrote     contested (svg)"]
    after = state(drawn)
    assert (drawn / "contested.svg").read_bytes() == good
    assert [n for n in before if after[n] != before[n]] == ["contested.svg"]


@pytest.mark.parametrize("gone", ["troops-article.pdf", "README.md"])
def test_a_missing_file_is_written_again(drawn, capsys, gone):
    good = (drawn / gone).read_bytes()
    (drawn / gone).unlink()
    assert run(capsys, "--out", str(drawn))[0] == 0
    assert (drawn / gone).read_bytes() == good


def test_a_temporary_file_a_killed_run_left_is_removed(drawn, capsys):
    left = drawn / ".kursk-data-contested.png.abc123.tmp"
    left.write_bytes(b"half")
    assert run(capsys, "--out", str(drawn)) == (0, UNCHANGED)
    assert not left.exists()


# --------------------------------------------------------------------------- hostile files


@pytest.fixture
def no_hang():
    """Fail, instead of hanging the suite, if a read blocks (a FIFO with no writer)."""
    import signal

    def stuck(signum, frame):
        raise AssertionError("blocked reading a file that never ends")

    old = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_a_fifo_in_a_figure_s_place_is_replaced_not_waited_on(drawn, capsys, no_hang):
    good = (drawn / "contested.png").read_bytes()
    (drawn / "contested.png").unlink()
    os.mkfifo(drawn / "contested.png")  # nobody ever writes to it: a read would wait forever
    assert run(capsys, "--out", str(drawn))[0] == 0
    assert (drawn / "contested.png").read_bytes() == good


def test_a_file_without_end_is_not_read_to_its_end(drawn):
    """Endless zeros in a figure's place: read to the end they fill the memory, so this runs
    in a child held to 1 GB."""
    (drawn / "contested.png").unlink()
    (drawn / "contested.png").symlink_to("/dev/zero")
    code = (
        "import resource, runpy, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        f"sys.argv = ['fake_render.py', 'figures', '--out', {str(drawn)!r}, '--jobs', '1']\n"
        f"runpy.run_path({str(ROOT / 'tests' / 'fake_render.py')!r}, run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-300:]
    assert not (drawn / "contested.png").is_symlink()  # the link replaced, /dev/zero untouched


def test_a_user_file_that_is_a_fifo_is_an_error_not_a_hang(tmp_path, capsys, no_hang, fake_render):
    fifo = tmp_path / "mine.csv"
    os.mkfifo(fifo)
    code, _ = run(capsys, "--out", str(tmp_path / "figs"), "--claims", str(fifo))
    assert code == 2  # not a regular file
    assert not (tmp_path / "figs").exists()


def test_a_folder_in_a_file_s_place_stops_the_run_before_any_file_is_written(drawn, capsys):
    """Renaming onto a folder fails, and would fail after the files renamed ahead of it."""
    (drawn / "contested.json").unlink()
    (drawn / "contested.json").mkdir()
    (drawn / "contested.svg").write_bytes(b"edited")
    code, _ = run(capsys, "--out", str(drawn))
    assert code == 2
    assert (drawn / "contested.svg").read_bytes() == b"edited"  # nothing half done


def test_a_gallery_that_is_a_fifo_is_refused_not_waited_on(drawn, capsys, no_hang):
    (drawn / "README.md").unlink()
    os.mkfifo(drawn / "README.md")
    code, _ = run(capsys, "--out", str(drawn))
    assert code == 2  # not a README.md this package wrote


def test_figures_drawn_by_spawned_workers_are_the_committed_bytes(tmp_path):
    """Where fork is not the default (Windows, macOS, Python 3.14's forkserver), workers start
    as new interpreters: the figures must be the same bytes as those drawn in one process."""
    code = (
        "import multiprocessing, runpy, sys\n"
        "multiprocessing.set_start_method('spawn')\n"
        "sys.argv = ['kursk-data', 'figures', '--out', sys.argv[1], '--jobs', '2',\n"
        "            '--only', 'losses-article', '--only', 'troops-article']\n"
        "runpy.run_module('kursk_data', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr == ""  # no warning either
    for fig_id in ("losses-article", "troops-article"):
        for kind in ("png", "svg", "pdf", "csv", "json"):
            name = f"{fig_id}.{kind}"
            assert (tmp_path / name).read_bytes() == (ROOT / "figures" / name).read_bytes(), name
