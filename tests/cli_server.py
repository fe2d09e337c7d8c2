"""A warm interpreter that runs ``python -m kursk_data ARGS`` in a forked child, for the tests.

Starting Python and importing pandas, pyarrow and matplotlib costs most of a second; the test
suite runs the command line a few hundred times. This server imports those libraries once,
then forks a child per request: the child changes to the requested directory, takes the
requested environment, standard input and arguments, and runs the package's ``__main__`` as
``python -m kursk_data`` would, writing to its own standard output and error. The exit code,
output and error come back as they would from a new process: a traceback escaping the command
line shows in the error exactly as it would for a user.

What differs from a cold start: modules are already imported (so an environment variable read
only at import time, such as ``MPLBACKEND``, keeps the server's value, ``Agg``). Set
``KURSK_TEST_REAL_CLI=1`` to run every command in a new interpreter instead.

Protocol: one JSON request per line on standard input
(``{"argv": [...], "cwd": ..., "env": {...}, "stdin": ..., "timeout": ...}``), one JSON reply per
line on standard output (``{"returncode": ..., "stdout": ..., "stderr": ...}``).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import sys
import tempfile
import time


def _warm() -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    import matplotlib

    matplotlib.use("Agg")
    # What a `figures` run imports when it draws and writes (0.2 CPU-s a run otherwise).
    import fontTools.subset  # noqa: F401
    import matplotlib.backends.backend_pdf
    import matplotlib.backends.backend_svg
    import matplotlib.pyplot
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import PIL.Image
    import pyarrow.compute
    import pyarrow.csv  # noqa: F401

    import kursk_data.cli
    import kursk_data.figures  # noqa: F401

    PIL.Image.init()
    # What is imported stays out of the collector's sweeps, so a child does not copy the pages
    # of objects it never changes (copy on write).
    gc.freeze()


def _child(request: dict, out_path: str, err_path: str, in_path: str) -> None:
    """Runs in the forked child; never returns."""
    code = 70
    try:
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, path, mode in ((0, in_path, os.O_RDONLY), (1, out_path, os.O_WRONLY)):
            new = os.open(path, mode)
            os.dup2(new, fd)
            os.close(new)
        err = os.open(err_path, os.O_WRONLY)
        os.dup2(err, 2)
        os.close(err)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
        sys.argv = ["kursk-data", *request["argv"]]
        import runpy

        try:
            runpy.run_module("kursk_data", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            if exit_.code is not None and not isinstance(exit_.code, int):
                print(exit_.code, file=sys.stderr)
        except BaseException:  # what the interpreter would print for an uncaught error
            import traceback

            traceback.print_exc()
            code = 1
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    finally:
        os._exit(code)


def _serve_one(request: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="kd-cli-") as tmp:
        paths = [os.path.join(tmp, n) for n in ("out", "err", "in")]
        for p in paths[:2]:
            open(p, "wb").close()
        stdin = request.get("stdin")
        with open(paths[2], "wb") as fh:
            fh.write(stdin.encode("utf-8", "surrogateescape") if stdin is not None else b"")
        pid = os.fork()
        if pid == 0:
            _child(request, *paths)
        deadline = time.monotonic() + float(request.get("timeout", 600))
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"returncode": None, "stdout": "", "stderr": "timed out"}
            time.sleep(0.002)
        code = os.waitstatus_to_exitcode(status)
        out, err = (
            open(p, encoding="utf-8", errors="replace").read()  # noqa: SIM115
            for p in paths[:2]
        )
        return {"returncode": code, "stdout": out, "stderr": err}


def main() -> None:
    _warm()
    reply_to = sys.stdout
    print("ready", file=reply_to, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        reply_to.write(json.dumps(_serve_one(json.loads(line))) + "\n")
        reply_to.flush()


if __name__ == "__main__":
    main()
