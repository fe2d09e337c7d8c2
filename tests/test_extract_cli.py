"""`kursk-data check` on bad input: one clear line, the documented exit code, no traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import run_cli

from kursk_data import cli, textfiles

TEXT = "Ukraine held about 90 sq km (35 sq mi); up to 70,000 Russian soldiers faced it.\n"


def write(tmp_path, data: bytes, name: str = "in.txt"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty, no text to check"),
        (b"  \n\t\n", "empty, no text to check"),
        (b"90 sq km\x00\x01\x02", "binary data (a NUL byte at offset 8)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
        ("90 sq km".encode("utf-16"), "UTF-16 text; save it as UTF-8"),
        # 0xe9 is "é" in Latin-1, invalid alone in UTF-8; it sits on line 2.
        (b"first line\ncaf\xe9 held 90 sq km", "not UTF-8 text (byte 0xe9 on line 2)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, data, message):
    p = write(tmp_path, data)
    good = write(tmp_path, TEXT.encode(), "good.txt")
    for cmd in (["check", str(p)], ["compare", str(good), str(p)]):
        assert cli.main(cmd) == 2, cmd
        out = capsys.readouterr()
        assert out.err == f"kursk-data: error: {p}: {message}\n" or (
            message in out.err and len(out.err.splitlines()) == 1
        )
        assert out.out == ""


def test_bad_input_through_the_real_command(tmp_path):
    p = write(tmp_path, b"90 sq km\x00\x01")
    out = run_cli("check", str(p))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert (
        out.stderr.strip()
        == f"kursk-data: error: {p}: binary data (a NUL byte at offset 8), not text"
    )


def test_missing_file_and_directory(tmp_path, capsys):
    assert cli.main(["check", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert cli.main(["check", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_huge_input_is_refused_before_it_is_read(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # sparse: 21 MB on paper, nothing on disk
        fh.truncate(textfiles.MAX_TEXT_BYTES + 1024 * 1024)
    out = run_cli("check", str(p))
    assert out.returncode == 2 and "larger than 20 MB" in out.stderr
    assert "Traceback" not in out.stderr


def test_standard_input(tmp_path):
    out = run_cli("check", "-", stdin=TEXT)
    assert out.returncode == 0 and "up to 70,000 Russian soldiers" in out.stdout
    out = run_cli("check", "-", stdin="")
    assert out.returncode == 2 and "standard input: empty" in out.stderr
    out = run_cli("check", "-", stdin="Nothing to see here.\n")
    assert out.returncode == 0 and "no figures found" in out.stdout


def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    p = write(tmp_path, b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode())
    out = run_cli("check", str(p), "--format", "json")
    assert out.returncode == 0
    rows = json.loads(out.stdout)
    assert [r["value"] for r in rows] == [90, 70000]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    p = write(tmp_path, TEXT.encode())
    p.chmod(0)
    out = run_cli("check", str(p))
    assert out.returncode == 2 and "cannot read" in out.stderr


def test_machine_formats_keep_their_shape_without_figures(tmp_path, capsys):
    p = write(tmp_path, b"No figures at all.\n")
    assert cli.main(["check", str(p), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("line,phrase,value")
    assert cli.main(["check", str(p), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_ledger_options(tmp_path, claims_file):
    p = write(tmp_path, TEXT.encode())
    out = run_cli("check", str(p), "--claims", str(claims_file()))
    assert out.returncode == 2 and "used with --ledger" in out.stderr
    # The user's claims join the ledger: usr-01 is "about 90" km² held by Ukraine ([85, 95]).
    out = run_cli("check", str(p), "--ledger", "--claims", str(claims_file()))
    assert out.returncode == 0 and "usr-01" in out.stdout


def test_in_process_size_limit(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(textfiles, "MAX_TEXT_BYTES", 10)
    p = write(tmp_path, TEXT.encode())
    assert cli.main(["check", str(p)]) == 2
    assert "larger than" in capsys.readouterr().err


def test_cr_only_text_counts_its_lines(tmp_path, capsys):
    # Issue #22 item 12: every figure was reported on line 1.
    p = write(tmp_path, b"Ukraine held 90 sq km.\rNothing.\rSome 11,000 North Korean troops.\r")
    assert cli.main(["check", str(p), "--format", "json"]) == 0
    assert [r["line"] for r in json.loads(capsys.readouterr().out)] == [1, 3]


def test_check_streams_a_long_text_in_bounded_memory(tmp_path):
    # Issue #22 item 19: 20 MB holding 700k figures took 2.3 GB. Peak memory must not grow
    # with the text: 3x the text, about the same peak (it grew ~110 MB per MB before, so the
    # extra half megabyte would add ~55 MB).
    line = "Some 11,000 North Korean soldiers and 300 Russian troops were killed.\n\n"
    peaks = []
    for mb in (0.25, 0.75):
        p = write(tmp_path, (line * int(mb * 2**20 / len(line))).encode(), f"{mb}.txt")
        code = (
            "import resource, sys; from kursk_data import cli; sys.stdout = open(1, 'w'); "
            f"rc = cli.main(['check', {str(p)!r}, '--format', 'csv']); "
            "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.count("\n") == 1 + 2 * int(mb * 2**20 / len(line))
        peaks.append(int(out.stderr.strip().splitlines()[-1]) / 1024)  # MB
    assert peaks[1] < peaks[0] + 40, peaks


def test_compare_interrupted_exits_130_without_a_traceback(tmp_path):
    # Issue #22 item 17: Ctrl-C in a long run.
    big = write(tmp_path, (TEXT * 20000).encode(), "big.txt")
    # The child says when it is about to run, so a busy machine's slow start-up (Python
    # itself dies of a SIGINT that comes before the package is imported) cannot fail this.
    # It also takes Ctrl-C as a terminal gives it: a child inherits the disposition and mask
    # of SIGINT from the test process, and in a full run one of them (not found) leaves the
    # signal ignored, so the child ran to the end and exited 0. Its inherited state is printed
    # for the failure message.
    code = (
        "import signal, sys; "
        "was = (signal.getsignal(signal.SIGINT), signal.pthread_sigmask(signal.SIG_BLOCK, [])); "
        "signal.signal(signal.SIGINT, signal.default_int_handler); "
        "signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT]); "
        "from kursk_data import cli; sys.stderr.write('ready\\n'); "
        "sys.stderr.write(f'inherited SIGINT: {was}\\n'); sys.stderr.flush(); "
        f"sys.exit(cli.main(['compare', {str(big)!r}, {str(big)!r}]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr.readline() == "ready\n"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err, (proc.returncode, err[-300:])
