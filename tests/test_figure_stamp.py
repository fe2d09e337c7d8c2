"""The inputs stamp: a run with nothing to redraw says so from bytes alone, and anything that
makes the stamp untrustworthy sends the run down the full road, never to a wrong "unchanged".

Whether to redraw is decided before drawing, so the pictures here are the stand-ins of
``fake_render.py``; the committed figures and their stamp are checked byte for byte, drawn for
real, in ``test_figures.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kursk_data import figure_folder
from kursk_data.cli import main
from kursk_data.figures import REGISTRY, export

ROOT = Path(__file__).resolve().parent.parent
STAMP = ".kursk-data-inputs.json"  # the name the README gives
IDS = [spec.id for spec in REGISTRY]


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["figures", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out.splitlines()


@pytest.fixture(scope="module")
def _drawn_once(tmp_path_factory):
    from fake_render import fake_render

    out = tmp_path_factory.mktemp("stamp") / "figs"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(export, "render", fake_render)
        assert main(["figures", "--out", str(out), "--jobs", "1"]) == 0
    return out


@pytest.fixture
def drawn(_drawn_once, tmp_path, capsys, fake_render):
    """A copy of a folder after one full run, and the bytes of its stamp."""
    capsys.readouterr()
    out = tmp_path / "figs"
    shutil.copytree(_drawn_once, out)
    return out, (out / STAMP).read_bytes()


def no_loading(monkeypatch):
    """Make loading the ledger fail, so a run that still succeeds never loaded it."""

    def refuse(*args, **kwargs):
        raise AssertionError("the ledger was loaded")

    monkeypatch.setattr(export, "load_claims", refuse)


def test_a_full_run_stamps_every_file_it_leaves(drawn):
    out, stamp = drawn
    meta = json.loads(stamp)
    assert meta["figures"] == IDS
    on_disk = sorted(p.name for p in out.iterdir() if p.name != STAMP)
    assert sorted(meta["files"]) == on_disk
    assert len(on_disk) == 1 + 5 * len(IDS)  # the gallery, and png, svg, pdf, csv, json each


def test_a_current_folder_is_told_without_loading_the_ledger(drawn, capsys, monkeypatch):
    out, stamp = drawn
    no_loading(monkeypatch)
    assert run(capsys, "--out", str(out)) == (0, [f"unchanged {i}" for i in IDS])
    assert (out / STAMP).read_bytes() == stamp


def test_the_committed_figures_are_told_current_without_the_numeric_libraries(tmp_path):
    """A new interpreter, as `make figures` in a fresh clone runs it."""
    out = tmp_path / "figures"
    shutil.copytree(ROOT / "figures", out)
    code = (
        "import sys\n"
        "from kursk_data.cli import main\n"
        f"rc = main(['figures', '--out', {str(out)!r}])\n"
        "heavy = ('pandas', 'matplotlib', 'seaborn', 'numpy', 'pyarrow')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [*(f"unchanged {i}" for i in IDS), "[]"], (
        "figures/ or its stamp is stale: run `make figures`"
    )


def _edit(meta: dict, change) -> bytes:
    change(meta)
    return json.dumps(meta).encode()


HOSTILE_STAMPS = {
    "empty": lambda meta: b"",
    "not json": lambda meta: b'{"inputs_sha256": ',
    "a list": lambda meta: b"[]",
    "another run's inputs": lambda meta: _edit(meta, lambda m: m.update(inputs_sha256="0" * 64)),
    "a file left out": lambda meta: _edit(meta, lambda m: m["files"].pop("contested.png")),
    "a file outside the folder": lambda meta: _edit(
        meta, lambda m: m["files"].update({"../escape.png": "0" * 64})
    ),
    "a figure left out": lambda meta: _edit(meta, lambda m: m["figures"].pop()),
    "a figure id that is a path": lambda meta: _edit(
        meta, lambda m: m.update(figures=[*m["figures"][:-1], "../contested"])
    ),
    "figures not a list": lambda meta: _edit(meta, lambda m: m.update(figures="contested")),
    "a digest that is a number": lambda meta: _edit(
        meta, lambda m: m["files"].update({"README.md": 7})
    ),
}


@pytest.mark.parametrize("case", HOSTILE_STAMPS)
def test_a_stamp_not_to_be_trusted_is_not_trusted(drawn, case):
    out, stamp = drawn
    (out / STAMP).write_bytes(HOSTILE_STAMPS[case](json.loads(stamp)))
    assert figure_folder.current(out) is None


@pytest.mark.parametrize("case", ["not json", "another run's inputs"])
def test_the_full_road_writes_the_stamp_again(drawn, capsys, case):
    out, stamp = drawn
    (out / STAMP).write_bytes(HOSTILE_STAMPS[case](json.loads(stamp)))
    assert run(capsys, "--out", str(out)) == (0, [f"unchanged {i}" for i in IDS])
    assert (out / STAMP).read_bytes() == stamp


def test_an_edited_figure_is_redrawn(drawn, capsys):
    out, stamp = drawn
    good = (out / "contested.svg").read_bytes()
    (out / "contested.svg").write_bytes(good + b"<!-- edited -->")
    code, lines = run(capsys, "--out", str(out))
    assert code == 0 and lines[IDS.index("contested")].startswith("wrote     contested")
    assert [line for line in lines if line.startswith("wrote")] == [lines[IDS.index("contested")]]
    assert (out / "contested.svg").read_bytes() == good
    assert (out / STAMP).read_bytes() == stamp


@pytest.mark.parametrize("gone", ["troops-article.pdf", "README.md"])
def test_a_missing_file_is_written_again(drawn, capsys, gone):
    out, stamp = drawn
    (out / gone).unlink()
    assert figure_folder.current(out) is None
    assert run(capsys, "--out", str(out))[0] == 0
    assert (out / gone).is_file() and (out / STAMP).read_bytes() == stamp


def test_a_temporary_file_a_killed_run_left_is_cleaned_by_the_full_road(drawn, capsys):
    out, stamp = drawn
    left = out / ".kursk-data-contested.png.abc123.tmp"
    left.write_bytes(b"half")
    assert figure_folder.current(out) is None
    assert run(capsys, "--out", str(out)) == (0, [f"unchanged {i}" for i in IDS])
    assert not left.exists() and (out / STAMP).read_bytes() == stamp


def test_only_and_force_never_take_the_short_road(drawn, capsys, monkeypatch):
    out, _ = drawn
    no_loading(monkeypatch)
    for extra in (["--only", "contested"], ["--force"]):
        with pytest.raises(AssertionError, match="the ledger was loaded"):
            main(["figures", "--out", str(out), *extra])


def test_a_changed_user_file_is_not_told_current(tmp_path, capsys, fake_render, claims_file):
    mine = claims_file()
    out = tmp_path / "figs"
    args = ["--out", str(out), "--claims", str(mine)]
    assert run(capsys, *args)[0] == 0
    assert figure_folder.current(out, mine) is not None
    assert figure_folder.current(out) is None  # the stamp names the user's file too
    mine.write_bytes(mine.read_bytes() + b"\n")  # one byte more, the same claims
    assert figure_folder.current(out, mine) is None
    assert run(capsys, *args)[0] == 0
    assert figure_folder.current(out, mine) is not None
    mine.unlink()
    assert figure_folder.current(out, mine) is None


def test_the_stamp_covers_the_package_but_the_command_line_and_the_text_checker():
    names = [name for name, _ in figure_folder._package_files()]
    for needed in (
        "data/claims.csv",
        "data/sources.csv",
        "data/datapackage.json",
        "kursk.mplstyle",
        "load.py",
        "schema.py",
        "validation/rules.py",
        "plotting/charts.py",
        "figures/registry.py",
        "figure_folder.py",
        "_version.py",
    ):
        assert needed in names
    assert "cli.py" not in names and "__main__.py" not in names
    assert not [n for n in names if n.startswith("extract/") or "__pycache__" in n]
    assert names == sorted(names)


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


@pytest.mark.parametrize("name", [STAMP, "contested.png"])
def test_a_fifo_in_the_folder_is_not_waited_on(drawn, no_hang, name):
    out, _ = drawn
    (out / name).unlink()
    os.mkfifo(out / name)  # nobody ever writes to it: a read would wait forever
    assert figure_folder.current(out) is None


@pytest.mark.parametrize("name", [STAMP, "contested.png"])
def test_a_file_without_end_is_not_read_to_its_end(drawn, name):
    """Endless zeros: read to the end they fill the memory (24 GB here before the fix, then
    the kernel killed the test run), so this runs in a child held to 1 GB."""
    out, _ = drawn
    (out / name).unlink()
    (out / name).symlink_to("/dev/zero")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from kursk_data import figure_folder\n"
        f"print(figure_folder.current({str(out)!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout) == (0, "None\n"), done.stderr[-300:]


def test_a_user_file_that_is_a_fifo_is_an_error_not_a_hang(tmp_path, capsys, no_hang, fake_render):
    fifo = tmp_path / "mine.csv"
    os.mkfifo(fifo)
    code, _ = run(capsys, "--out", str(tmp_path / "figs"), "--claims", str(fifo))
    assert code == 2  # "not a regular file", as before the stamp
    assert not (tmp_path / "figs").exists()


def test_a_user_file_changed_during_the_run_is_not_stamped(
    tmp_path, capsys, fake_render, claims_file, monkeypatch
):
    """Read at A, loaded as B, then set back to A (an edit saved during the run, undone):
    the figures drawn from B must not be told current for A."""
    from conftest import GOOD_ROWS

    mine = claims_file()
    a = mine.read_bytes()
    b = claims_file(rows=GOOD_ROWS[:1]).read_bytes()  # fewer claims: other figures
    mine.write_bytes(a)
    real = export.load_claims

    def edited_meanwhile(*args, **kwargs):
        mine.write_bytes(b)
        return real(*args, **kwargs)

    out = tmp_path / "figs"
    monkeypatch.setattr(export, "load_claims", edited_meanwhile)
    assert run(capsys, "--out", str(out), "--claims", str(mine))[0] == 0
    mine.write_bytes(a)
    assert figure_folder.current(out, mine) is None


# Both are renamed after contested.svg (png, svg, pdf, csv, json; the stamp last).
@pytest.mark.parametrize("name", [STAMP, "contested.json"])
def test_a_folder_in_a_file_s_place_stops_the_run_before_any_file_is_written(drawn, capsys, name):
    """Renaming onto a folder fails; before, the files renamed ahead of it stayed written."""
    out, _ = drawn
    (out / name).unlink()
    (out / name).mkdir()
    good = (out / "contested.svg").read_bytes()
    (out / "contested.svg").write_bytes(b"edited")
    code, _ = run(capsys, "--out", str(out))
    assert code == 2
    assert (out / "contested.svg").read_bytes() == b"edited"  # nothing half done
    assert good != b"edited"


def test_a_figure_edited_while_others_are_drawn_is_not_stamped_as_drawn(drawn, capsys, monkeypatch):
    """contested.svg is checked current, then edited (saved from an editor) while another
    figure is drawn: the stamp must name the bytes that were checked, not the edited ones."""
    out, _ = drawn
    (out / "troops-article.png").write_bytes(b"edited, so it is drawn again")
    real = export._render_all

    def saved_meanwhile(jobs, workers):
        (out / "contested.svg").write_bytes(b"<svg>edited meanwhile</svg>")
        return real(jobs, workers)

    monkeypatch.setattr(export, "_render_all", saved_meanwhile)
    code, lines = run(capsys, "--out", str(out))
    assert code == 0 and lines[IDS.index("contested")] == "unchanged contested"
    assert figure_folder.current(out) is None  # a full run draws contested.svg again


HOSTILE_SIDECARS = {
    "a list": lambda meta, out: b"[]",
    # the figure's own inputs, so only the files it names can tell
    "files a list": lambda meta, out: _edit(meta, lambda m: m.update(files=list(m["files"]))),
    "another figure's file": lambda meta, out: _edit(meta, lambda m: _swap(m, out)),
}


def _swap(meta: dict, out: Path) -> None:
    """Name another figure's file, with its true hash, instead of contested.png."""
    meta["files"].pop("contested.png")
    other = (out / "troops-article.png").read_bytes()
    meta["files"]["troops-article.png"] = hashlib.sha256(other).hexdigest()


@pytest.mark.parametrize("case", HOSTILE_SIDECARS)
def test_a_hostile_sidecar_is_drawn_again(drawn, capsys, case):
    out, stamp = drawn
    good = {n: (out / n).read_bytes() for n in ("contested.json", "contested.png")}
    hostile = HOSTILE_SIDECARS[case](json.loads(good["contested.json"]), out)
    (out / "contested.json").write_bytes(hostile)
    (out / "contested.png").write_bytes(b"edited")  # a sidecar not naming it cannot vouch for it
    code, lines = run(capsys, "--out", str(out))
    assert code == 0 and lines[IDS.index("contested")].startswith("wrote     contested")
    assert {n: (out / n).read_bytes() for n in good} == good
    assert (out / STAMP).read_bytes() == stamp


def test_a_gallery_that_is_a_fifo_is_refused_not_waited_on(drawn, capsys, no_hang):
    out, _ = drawn
    (out / "README.md").unlink()
    os.mkfifo(out / "README.md")
    code, _ = run(capsys, "--out", str(out))
    assert code == 2  # not a README.md this package wrote


def no_pillow_metadata(monkeypatch):
    """Pillow as if installed without its dist-info (a system package, a vendored copy)."""
    from importlib.metadata import PackageNotFoundError

    real = figure_folder.dist_version

    def no_pillow(name):
        if name == "pillow":
            raise PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(figure_folder, "dist_version", no_pillow)


def test_a_library_without_metadata_takes_the_full_road(drawn, capsys, monkeypatch):
    """Pillow installed without its dist-info (a system package, a vendored copy): its version
    cannot be told, so the stamp cannot be trusted; before, a traceback."""
    out, _ = drawn
    no_pillow_metadata(monkeypatch)
    assert figure_folder.current(out) is None
    assert run(capsys, "--out", str(out)) == (0, [f"unchanged {i}" for i in IDS])


def test_a_stamp_without_a_key_is_not_trusted_when_the_inputs_cannot_be_told(
    drawn, capsys, monkeypatch
):
    """Inputs that cannot be hashed (here Pillow without its metadata) have no key; a stamp
    with its key left out must not pass for them, or no key would match no key."""
    out, stamp = drawn
    meta = json.loads(stamp)
    del meta["inputs_sha256"]
    (out / STAMP).write_text(json.dumps(meta), encoding="utf-8")
    no_pillow_metadata(monkeypatch)
    assert figure_folder.current(out) is None
    no_loading(monkeypatch)
    with pytest.raises(AssertionError, match="the ledger was loaded"):
        main(["figures", "--out", str(out)])
