"""Hostile inputs (issue 12): each case that once gave a traceback, a wrong answer or a mess on
disk, reproduced, with the answer the README promises: one ``FILE:ROW:COLUMN: value — rule``
line per problem (or one usage-error line, exit 2, for paths and folders), no traceback,
nothing written or left behind.

Bulk cases run ``kursk_data.cli.main`` in-process; every promise keeps at least one test
through the real command line (``run_cli``).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import CLI, GOOD_ROWS, HEADER, ROOT, cells, join, row_with, run_cli

import kursk_data as kd
from kursk_data.cli import main
from kursk_data.validation import ValidationError

# Every line `kursk-data validate` may print on stdout.
LINE = re.compile(
    r'^(?P<file>.+?):(?P<row>\d+|-):(?P<col>.+?): (?P<value>"(?:[^"\\]|\\.)*") — (?P<rule>.+)$'
)
OTHER_LINES = re.compile(
    r"^(\.\.\. and [\d,]+ more (problem|warning)\(s\) not shown \(--max-problems\)"
    r"|By rule:|  [\d,]+ × .+|.+: valid(, [\d,]+ warning\(s\))?)$"
)
UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def well_formed(stdout: str) -> list[str]:
    """The stdout lines that are neither a problem line nor one of the other known lines."""
    return [
        line
        for line in stdout.splitlines()
        if not (LINE.match(line) or OTHER_LINES.match(line)) or UNPRINTABLE.search(line)
    ]


def cli(capsys, *args: str) -> tuple[int, list[str], str]:
    """Run the command in-process; return (exit code, stdout lines, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse usage errors
        code = exit_.code
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert not UNPRINTABLE.search(out.out + out.err.replace("\n", "")), "raw control character"
    return code, out.out.splitlines(), out.err


def write(tmp_path: Path, rows: list[str] | None = None, header: str = HEADER, name="mine.csv",
          newline: str = "\n") -> Path:  # fmt: skip
    p = tmp_path / name
    p.write_bytes(
        (newline.join([header, *(GOOD_ROWS if rows is None else rows)]) + newline).encode()
    )
    return p


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# --------------------------------------------------------------------------- 1. padded header


def test_padded_header_name_is_one_line_in_validate(tmp_path):
    path = write(tmp_path, header=HEADER.replace(",value,", ",value ,"))
    out = run_cli("validate", str(path))
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    assert out.stdout.splitlines() == [
        f'{path}:1:value: "value " — column name has leading or trailing spaces'
    ]


@pytest.mark.parametrize("command", ["claims", "figures"])
def test_padded_header_name_in_claims_and_figures(tmp_path, capsys, command):
    path = write(tmp_path, header=HEADER.replace(",value,", ",value ,"))
    extra = ["--out", str(tmp_path / "figs")] if command == "figures" else []
    code, _lines, err = cli(capsys, command, "--claims", str(path), *extra)
    assert code == 1
    assert err.splitlines() == [
        f'{path}:1:value: "value " — column name has leading or trailing spaces'
    ]
    assert not (tmp_path / "figs").exists()


def test_padded_header_name_in_load_claims_and_sources(tmp_path, capsys):
    path = write(tmp_path, header=HEADER.replace(",value,", ",value ,"))
    with pytest.raises(ValidationError) as err:
        kd.load_claims(path=path)
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "value")]
    src = tmp_path / "src.csv"
    src.write_text(
        "source_id,role,title,publisher,url,published,accessed ,kind,note\n"
        "my-blog,user,,Me,https://example.org/a,,2025-01-01,other,\n",
        encoding="utf-8",
    )
    code, lines, _ = cli(capsys, "validate", str(src))
    assert code == 1 and lines[0].startswith(f'{src}:1:accessed: "accessed " — column name')


# --------------------------------------------------------------------------- 2. CR line ends


def test_cr_only_line_ends_are_read_like_any_other(tmp_path, capsys):
    plain = kd.load_claims(path=write(tmp_path, name="plain.csv"))
    mac = write(tmp_path, name="mac.csv", newline="\r")
    out = run_cli("validate", str(mac))
    assert out.returncode == 0, out.stdout + out.stderr
    # Equal but for the ledger column, which names the file each claim came from.
    assert kd.load_claims(path=mac).drop(columns="ledger").equals(plain.drop(columns="ledger"))
    bad = write(tmp_path, row_with("value", "abc", row=1), name="bad.csv", newline="\r")
    code, lines, _ = cli(capsys, "validate", str(bad))
    assert code == 1 and lines[0].startswith(f'{bad}:3:value: "abc" — not a number')


# --------------------------------------------------------------------------- 3. unreadable

# Root reads any file; drop the capabilities that let it, so a file without read permission
# is unreadable for the command as for any user.
UNPRIVILEGED = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"]
    if os.geteuid() == 0 and shutil.which("setpriv")
    else []
)
needs_permissions = pytest.mark.skipif(
    os.geteuid() == 0 and not UNPRIVILEGED, reason="root without setpriv reads every file"
)


def run_unprivileged(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*UNPRIVILEGED, *CLI, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
        timeout=600,
    )


@needs_permissions
def test_unreadable_file_is_a_usage_error(tmp_path):
    path = write(tmp_path)
    path.chmod(0)
    try:
        out = run_unprivileged("validate", str(path))
    finally:
        path.chmod(0o644)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == f"kursk-data: error: {path}: cannot read (permission denied)\n"


def test_unreadable_file_in_process(tmp_path, capsys, monkeypatch):
    import builtins

    path = write(tmp_path)
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    for args in (["validate", str(path)], ["claims", "--claims", str(path)]):
        code, lines, err = cli(capsys, *args)
        assert code == 2 and not lines
        assert err == f"kursk-data: error: {path}: cannot read (permission denied)\n"


# --------------------------------------------------------------------------- 4. --out paths


@pytest.mark.parametrize(
    ("case", "make", "message"),
    [
        ("a file", lambda t: _file(t / "figs.png"), "is a file, not a folder"),
        ("under a file", lambda t: _file(t / "f") / "sub", "a part of the path is a file"),
        ("a symlink loop", lambda t: _loop(t / "loop"), "Too many levels of symbolic links"),
        ("below a loop", lambda t: _loop(t / "loop") / "x", "Too many levels of symbolic links"),
    ],
)
def test_out_that_cannot_be_a_folder_is_a_usage_error(tmp_path, capsys, case, make, message):
    target = make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, lines, err = cli(capsys, "figures", "--out", str(target), "--only", "losses-article")
    assert code == 2 and not lines, case
    assert err.startswith(f"kursk-data: error: {target}: ") and message in err, err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def _file(p: Path) -> Path:
    p.write_text("not a folder")
    return p


def _loop(p: Path) -> Path:
    p.symlink_to(p.name)
    return p


def test_out_a_file_through_the_real_cli(tmp_path):
    target = _file(tmp_path / "figs")
    out = run_cli("figures", "--out", str(target), "--only", "losses-article")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == f"kursk-data: error: {target}: is a file, not a folder\n"
    assert target.read_text() == "not a folder"


@needs_permissions
def test_out_in_a_read_only_folder_is_a_usage_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        out = run_unprivileged("figures", "--out", str(locked / "figs"), "--only", "x")
        assert out.returncode == 2, out.stderr
        out = run_unprivileged("figures", "--out", str(locked), "--only", "losses-article")
    finally:
        locked.chmod(0o755)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == f"kursk-data: error: {locked}: the folder is not writable\n"
    assert list(locked.iterdir()) == []


def test_a_run_failing_before_rendering_creates_no_folder(tmp_path, capsys):
    bad = write(tmp_path, row_with("value", "abc"), name="bad.csv")
    out = tmp_path / "new" / "figs"
    code, _, err = cli(capsys, "figures", "--out", str(out), "--claims", str(bad))
    assert code == 1 and f"{bad}:2:value:" in err
    assert not (tmp_path / "new").exists()


def test_a_run_failing_while_rendering_removes_the_folder_it_made(tmp_path, monkeypatch):
    from kursk_data.figures import export

    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(export, "render", broken)
    out = tmp_path / "new" / "figs"
    with pytest.raises(RuntimeError, match="renderer crashed"):
        list(kd.export_figures(out, only=["losses-article"], force=True))
    assert not (tmp_path / "new").exists()


# --------------------------------------------------------------------------- 5. disk full


def _limit_file_size(limit: int):
    import resource
    import signal

    def preexec() -> None:  # writing past the limit then fails with EFBIG, as a full disk would
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_a_full_disk_is_one_line_and_leaves_no_temporary_file(tmp_path):
    figs = tmp_path / "figs"
    figs.mkdir()
    (figs / "keep.txt").write_text("mine")
    # A real process; what it draws does not matter, so it draws stand-ins (tests/fake_render.py,
    # about 100 bytes a picture): the data file, sidecar and gallery a run writes beside them
    # (the committed ones: each over 1,000 bytes) fill the disk, written as in a real run.
    fake = str(Path(__file__).with_name("fake_render.py"))
    for name in ("losses-article.csv", "losses-article.json", "README.md"):
        assert (ROOT / "figures" / name).stat().st_size > 1_000
    args = ["figures", "--out", str(figs), "--only", "losses-article", "--jobs", "1"]
    out = subprocess.run(
        [sys.executable, fake, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # Under a file-size limit, Python's bytecode cache writes a truncated .pyc and renames it
        # into place (it does not check for a short write): the shared environment would then
        # fail every later import of that module with "marshal data too short".
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=_limit_file_size(1_000),
        timeout=600,
    )
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.startswith(f"kursk-data: error: {figs}/") and "File too large" in out.stderr
    assert out.stderr.count("\n") == 1
    assert sorted(p.name for p in figs.iterdir()) == ["keep.txt"]


def test_write_atomic_cleans_up_after_a_failure_part_way(tmp_path, monkeypatch):
    from kursk_data.figures import export

    a, b = tmp_path / "a.png", tmp_path / "b.png"
    a.write_bytes(b"old a")
    real_fdopen = os.fdopen
    calls = []

    class Full(io.BytesIO):
        def write(self, data):
            raise OSError(28, "No space left on device")

    def fdopen(fd, mode="r", *args, **kwargs):
        calls.append(fd)
        if len(calls) == 2:
            os.close(fd)
            return Full()
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr(export.os, "fdopen", fdopen)
    with pytest.raises(OSError, match="No space left") as err:
        export.write_atomic({a: b"new a", b: b"new b"})
    assert err.value.filename == str(b)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png"]
    assert a.read_bytes() == b"old a"


def test_stale_temporary_files_are_cleaned_by_the_next_run(tmp_path, capsys, fake_render):
    figs = tmp_path / "figs"
    figs.mkdir()
    stale = [".kursk-data-losses-article.png.k3j2h1g0.tmp", ".kursk-data-README.md.abcdefgh.tmp"]
    for name in stale:
        (figs / name).write_bytes(b"half written")
    (figs / ".my-notes.tmp").write_text("not ours: kept")
    code, _, _ = cli(capsys, "figures", "--out", str(figs), "--only", "losses-article")
    assert code == 0
    names = {p.name for p in figs.iterdir()}
    assert not names & set(stale) and ".my-notes.tmp" in names


# --------------------------------------------------------------------------- 6. years


@pytest.mark.parametrize(
    "day",
    [
        "0000-01-01",
        "0001-01-01",
        "1025-06-22",
        "1677-09-22",
        "1899-12-31",
        "2101-01-01",
        "2262-04-12",
        "9999-12-31",
    ],
)
def test_dates_outside_the_years_are_caught_by_validation(tmp_path, capsys, day):
    path = write(tmp_path, row_with("period_start", day))
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines[0].startswith(f'{path}:2:period_start: "{day}" — '), lines
    assert "outside the years 1900-2100" in lines[0] or "not a real calendar date" in lines[0]
    with pytest.raises(ValidationError):
        kd.load_claims(path=path)
    code, _, err = cli(capsys, "claims", "--claims", str(path))
    assert code == 1 and f"{path}:2:period_start:" in err


@pytest.mark.parametrize("day", ["1900-01-01", "2100-12-31"])
def test_the_bounds_themselves_validate_load_and_list(tmp_path, capsys, day):
    rows = row_with("period_end", day, row=0)
    rows = row_with("period_start", "1900-01-01", row=0, rows=rows)
    rows = row_with("reported_date", "", row=0, rows=rows)
    path = write(tmp_path, rows)
    assert cli(capsys, "validate", str(path))[0] == 0
    loaded = kd.load_claims(path=path).set_index("claim_id")
    assert loaded.loc["usr-01", "period_end"] == pd.Timestamp(day)
    code, lines, _ = cli(capsys, "claims", "--claims", str(path), "--format", "csv")
    assert code == 0 and any(day in line for line in lines)


def test_a_typo_in_the_year_fails_figures_before_anything_is_drawn(tmp_path):
    path = write(tmp_path, row_with("period_start", "1025-06-22"))
    out = run_cli("figures", "--claims", str(path), "--out", str(tmp_path / "figs"))
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.splitlines()[0].startswith(f'{path}:2:period_start: "1025-06-22"')
    assert not (tmp_path / "figs").exists()


# --------------------------------------------------------------------------- 7. huge numbers


@pytest.mark.parametrize("text", ["1e400", "-1e400", "inf", "Infinity", "nan", "1e308e"])
def test_numbers_that_are_not_finite_are_refused(tmp_path, capsys, text):
    path = write(tmp_path, row_with("alt_value", text))
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines[0].startswith(f'{path}:2:alt_value: "{text}" — not a'), lines


def test_json_export_is_never_invalid_json():
    from kursk_data.formats import to_json

    frame = pd.DataFrame({"x": [float("inf")]})
    with pytest.raises(ValueError, match="JSON"):
        to_json(frame)
    text = to_json(kd.load_claims())
    json.loads(text, parse_constant=lambda c: pytest.fail(f"JSON holds {c}"))


# --------------------------------------------------------------------------- 8. NUL bytes


def test_a_nul_byte_after_the_first_64_kib_is_reported_on_its_cell(tmp_path, capsys):
    long_note = "n" * 1900
    rows = [join([f"usr-{i:03d}", *cells(row_with("note", long_note)[0])[1:]]) for i in range(40)]
    rows.append(join([f"usr-{40:03d}", *cells(row_with("note", "a\x00b")[0])[1:]]))
    path = write(tmp_path, rows)
    assert path.read_bytes().index(b"\x00") > 65536
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines == [
        f'{path}:42:note: "a\\u0000b" — contains a control character (U+0000): remove it'
    ]
    with pytest.raises(ValidationError):
        kd.load_claims(path=path)


# --------------------------------------------------------------------------- 9. UTF-8 + ragged


def test_bytes_that_are_not_utf8_in_a_skipped_row_give_one_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes((HEADER + "\n" + GOOD_ROWS[0] + "\n").encode() + b"\xff\xfe,1,2\n")
    out = run_cli("validate", str(path))
    assert out.returncode == 1
    assert "Exception ignored" not in out.stderr and "Traceback" not in out.stderr
    assert out.stdout.splitlines() == [
        f'{path}:3:-: "\ufffd\ufffd,1,2" — row has 3 fields, the header has 22 '
        "(row skipped; a comma missing?)"
    ]


# --------------------------------------------------------------------------- 10. many problems


def test_problems_beyond_the_cap_are_counted_not_built(tmp_path, monkeypatch):
    """20,000 rows, each with the wrong unit: 10 problems built, 20,000 counted."""
    from kursk_data.validation.problems import Collector

    pushes = []
    real_push = Collector._push

    def counting(self, *args):
        pushes.append(args)
        return real_push(self, *args)

    monkeypatch.setattr(Collector, "_push", counting)
    template = cells(row_with("status", "assessed")[0])
    rows = [join([f"usr-{i:05d}", *template[1:]]) for i in range(20_000)]
    path = write(tmp_path, rows)
    report = kd.validate(path, max_problems=10)
    # By hand: a Ukrainian claimant "assessed" in every row -> 20,000 problems of one rule.
    assert report.total == 20_000 and len(report) == 10
    assert [p.row for p in report] == list(range(2, 12))
    assert [(s.kind, s.count, s.first_row) for s in report.summary] == [
        ("status does not match the side", 20_000, 2)
    ]
    assert len(pushes) <= 10 * 2, "problems were built beyond the cap"


def test_every_cell_padded_is_counted_by_rule(tmp_path, capsys):
    """Every non-empty cell of 3,000 rows padded: one problem per cell, one summary line."""
    rows = []
    for i in range(3_000):
        vals = cells(GOOD_ROWS[0])
        vals[0] = f"usr-{i:04d}"
        rows.append(join([" " + v if v else v for v in vals]))
    path = write(tmp_path, rows)
    filled = sum(1 for v in cells(GOOD_ROWS[0]) if v)  # 21 of the 22 cells (part_of is empty)
    code, lines, err = cli(capsys, "validate", str(path), "--max-problems", "5")
    assert code == 1
    assert lines[5] == f"... and {3_000 * filled - 5:,} more problem(s) not shown (--max-problems)"
    assert f"  {3_000 * filled:,} × leading or trailing spaces" in "\n".join(lines)
    assert err == f"{path}: {3_000 * filled:,} problem(s)\n"
    assert well_formed("\n".join(lines)) == []


# --------------------------------------------------------------------------- 11. control chars


def test_a_carriage_return_in_a_cell_adds_no_markdown_row(tmp_path, capsys):
    path = write(tmp_path, row_with("note", "first\rsecond, and\r\nthird"))
    code, lines, _ = cli(capsys, "claims", "--claims", str(path), "--format", "markdown")
    assert code == 0
    assert len(lines) == len(kd.load_claims()) + 3 + 2  # header + rule + every claim
    assert any("first second, and third" in line for line in lines)


def test_control_characters_in_cells_are_refused_and_never_printed_raw(tmp_path, capsys):
    path = write(tmp_path, row_with("claimant", "Esc\x1b[31mRed"))
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert lines == [
        f'{path}:2:claimant: "Esc\\u001b[31mRed" — contains a control character (U+001B): remove it'
    ]
    from kursk_data.formats import to_markdown, to_table

    frame = pd.DataFrame({"who\x1b]0;": ["Esc\x1b[31mRed\u202e", "a\nb"]})
    for text in (to_table(frame), to_markdown(frame)):
        assert not UNPRINTABLE.search(text.replace("\n", "")) and text.count("\n") <= 4


def test_control_characters_in_column_names_never_reach_the_terminal(tmp_path):
    path = write(tmp_path, header=HEADER.replace("note", "no\x1b[2Jte\u202e"))
    out = run_cli("validate", str(path))
    assert out.returncode == 1
    assert not UNPRINTABLE.search(out.stdout + out.stderr.replace("\n", ""))
    assert "no\\x1b[2Jte\\u202e" in out.stdout
    assert well_formed(out.stdout) == []


# --------------------------------------------------------------------------- 13. one folder


def _consistent(folder: Path) -> None:
    """Every sidecar's files are there with the hashes it records."""
    import hashlib

    sidecars = [p for p in folder.glob("*.json")]
    assert sidecars
    for side in sidecars:
        meta = json.loads(side.read_text())
        for name, digest in meta["files"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_two_runs_into_one_folder_take_turns(tmp_path):
    figs = tmp_path / "figs"
    mine = write(tmp_path)  # the second run draws other claims: its files differ from the first's
    # Two real processes race; what they draw does not matter here, so they draw stand-ins.
    fake = str(Path(__file__).with_name("fake_render.py"))
    args = [sys.executable, fake, "figures", "--out", str(figs), "--force", "--jobs", "1"]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    for _ in range(1):  # the lock itself is proven by the next test, deterministically
        procs = [
            subprocess.Popen([*args, *extra], cwd=ROOT, env=env, stderr=subprocess.PIPE)
            for extra in ([], ["--claims", str(mine)])
        ]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err
        _consistent(figs)


def test_a_run_waits_while_another_holds_the_folder(tmp_path):
    """The turn-taking itself: while the folder is locked, a run writes nothing; then it does."""
    import fcntl
    import time

    figs = tmp_path / "figs"
    figs.mkdir()
    fake = str(Path(__file__).with_name("fake_render.py"))
    args = [sys.executable, fake, "figures", "--out", str(figs), "--only", "losses-article"]
    fd = os.open(figs, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as another run would hold it
    try:
        proc = subprocess.Popen(args, cwd=ROOT, stderr=subprocess.PIPE)
        # Until the run is queued on the folder's lock (Linux lists waiters in /proc/locks as
        # "N: -> FLOCK ... PID ..."), or for 2 s where that cannot be seen.
        deadline = time.monotonic() + (60 if os.path.exists("/proc/locks") else 2)
        while time.monotonic() < deadline and proc.poll() is None:
            if _waits_on_a_lock(proc.pid):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the run did not wait for the folder"
        assert list(figs.iterdir()) == []
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    _consistent(figs)


def _waits_on_a_lock(pid: int) -> bool:
    try:
        with open("/proc/locks") as fh:
            return any(
                "->" in line and line.split("->", 1)[1].split()[3] == str(pid) for line in fh
            )
    except OSError:
        return False


def test_a_killed_run_leaves_nothing_the_next_run_does_not_clean(tmp_path):
    import random
    import signal
    import time

    figs = tmp_path / "figs"
    args = [*CLI, "figures", "--out", str(figs), "--only", "losses-article", "--force"]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not figs.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)  # kill it once it holds the folder, rendering or writing
    time.sleep(random.uniform(0, 2))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    out = run_cli(*args[len(CLI) :])
    assert out.returncode == 0, out.stderr
    _consistent(figs)


def test_out_never_replaces_a_readme_it_did_not_write(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "README.md").write_text("# My notes\n")
    out = run_cli("figures", "--out", str(folder), "--only", "losses-article")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith(f"kursk-data: error: {folder}: holds a README.md")
    assert tree(folder) == {"README.md": b"# My notes\n"}


def test_the_gallery_carries_the_mark_that_lets_a_later_run_replace_it():
    from kursk_data.figure_folder import GALLERY_MARK
    from kursk_data.figures.gallery import _gallery
    from kursk_data.figures.registry import FIGURES

    claims, sources = kd.load_claims(), kd.load_sources()
    assert GALLERY_MARK in _gallery({s.id: s.data(claims) for s in FIGURES.values()}, sources)


# --------------------------------------------------------------------------- smaller cases


def test_many_malformed_rows_are_not_a_header_only_file(tmp_path, capsys):
    path = write(tmp_path, ["a,b"] * 1_500)
    code, lines, err = cli(capsys, "validate", str(path), "--max-problems", "3")
    assert code == 1 and err == f"{path}: 1,500 problem(s)\n"
    assert not any("header only" in line for line in lines)
    assert "  1,500 × row with the wrong number of fields, first at row 2" in lines


def test_a_header_longer_than_64_kib_is_read_whole(tmp_path, capsys):
    path = write(tmp_path, header=HEADER + "," + "y" * 70_000)
    code, lines, _ = cli(capsys, "validate", str(path))
    assert code == 1
    problems = [line for line in lines if LINE.match(line)]
    assert len(problems) == 1 and "unknown column" in problems[0]
    assert not any("more than once" in line for line in lines)


def test_binary_on_standard_input_fails_as_the_same_file_does(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"
    path = tmp_path / "image.txt"
    path.write_bytes(data)
    from_file = run_cli("check", str(path))
    from_stdin = subprocess.run(
        [*CLI, "check", "-"], cwd=ROOT, input=data, capture_output=True, timeout=600
    )
    assert from_file.returncode == from_stdin.returncode == 2
    assert b"Traceback" not in from_stdin.stderr


def test_frames_with_odd_columns_give_problems_not_exceptions():
    claims = kd.load_claims().head(3)
    as_bool = claims.assign(value=True)
    assert {(p.column, p.rule.split(" (")[0]) for p in kd.validate(as_bool)} >= {
        ("value", "not a number")
    }
    doubled = pd.concat([claims, claims[["note"]]], axis=1)
    assert any("more than once" in p.rule for p in kd.validate(doubled))
    no_ids = kd.load_sources().drop(columns="source_id")
    problems = kd.validate(claims, sources=no_ids)
    assert [(p.file, p.row, p.column, p.rule) for p in problems] == [
        ("<sources DataFrame>", 1, "source_id", "required column is missing")
    ]


def test_the_shipped_ledger_stays_valid_through_every_path():
    from kursk_data.schema import data_file

    for name in ("claims.csv", "sources.csv"):
        report = kd.validate(str(data_file(name)))
        assert report == [] and report.warnings == [], [str(p) for p in report.warnings]
    assert kd.validate(kd.load_claims()) == []


def test_validation_stays_within_its_layer_of_dependencies(tmp_path):
    """Validating a file never imports pandas (it costs seconds, and is not needed)."""
    path = write(tmp_path)
    code = (
        "import sys, kursk_data as kd; "
        f"assert kd.validate({str(path)!r}) == []; "
        "from kursk_data.cli import main; main(['validate', sys.argv[1]]); "
        "sys.exit(10 if 'pandas' in sys.modules else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_a_symlink_to_a_good_file_is_read_and_a_fifo_is_refused(tmp_path, capsys):
    good = write(tmp_path)
    link = tmp_path / "link.csv"
    link.symlink_to(good)
    assert cli(capsys, "validate", str(link))[0] == 0
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    code, _lines, err = cli(capsys, "validate", str(fifo))
    assert code == 2 and err == f"kursk-data: error: {fifo}: not a regular file\n"
