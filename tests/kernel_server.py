"""A warm interpreter that forks the notebook kernels nbval starts under ``make test``.

A notebook kernel is a new Python: it imports ipykernel, IPython, zmq and debugpy, then the
notebook's cells import kursk_data, pandas, pyarrow, matplotlib and seaborn: about a
CPU-second per kernel before the first figure, paid by each notebook. This server imports
them once, as a kernel would, then forks a child per kernel: the child takes the requested
directory, environment and arguments and runs ``python -m ipykernel_launcher -f FILE`` from
there, in a session of its own (the kernel manager signals the kernel's process group, as it
does a kernel it started itself).

What differs from a new kernel: modules are already imported, so what they read at import
keeps the server's value. So the server imports them as a kernel would: matplotlib with
``MPLBACKEND`` set as ipykernel sets it (the inline backend; ``warm_kernels.py`` forks only
for an environment that agrees), and pandas as under a Jupyter kernel (it asks at import, to
choose how many columns a table shows). ``matplotlib_inline.backend_inline`` is not imported
here: importing it is what hooks the figures into the kernel's display. nbval compares every
cell's output with the saved one, so a difference shows; ``KURSK_TEST_REAL_KERNEL=1`` starts
every kernel as a new process instead, and some notebooks always are (``conftest.py``).

Protocol: one JSON request per line on standard input, one JSON reply per line on standard
output. ``{"start": [ARGS...], "cwd": ..., "env": {...}, "quiet": [OUT, ERR]}`` forks a kernel
(its standard output and error thrown away where true, else sent to the server's error
stream) and replies ``{"pid": ...}`` once the kernel has its own session; ``{"status": PID}``
replies ``{"returncode": ...}``: ``null`` while the kernel runs, minus the signal number when
one ended it, as :mod:`subprocess` reports it.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import sys

INLINE = "module://matplotlib_inline.backend_inline"

_ENDED: dict[int, int] = {}
# Variables the imports put in the environment (debugpy sets one): a kernel that imported them
# has them whatever environment it was started with.
_SET_AT_IMPORT: dict[str, str] = {}


def _warm() -> None:
    # As ipykernel's init_gui_pylab sets it when the environment does not, before anything
    # imports matplotlib (which reads it at import).
    os.environ["MPLBACKEND"] = INLINE
    before = dict(os.environ)
    import builtins

    import debugpy.server.api  # noqa: F401
    import ipykernel.debugger
    import ipykernel.ipkernel
    import ipykernel.kernelapp
    import ipykernel.zmqshell  # noqa: F401
    import IPython.core.completer  # noqa: F401
    import matplotlib
    import numpy  # noqa: F401
    import pyarrow  # noqa: F401

    import kursk_data  # noqa: F401

    # pandas decides at import whether it runs in a terminal or in a Jupyter kernel, from the
    # `get_ipython` a kernel puts in builtins: in a kernel, tables show at most 20 columns, in
    # a terminal as many as fit its width. It is imported as a kernel would (seaborn too).
    class _Kernel:
        kernel = "as in a Jupyter kernel"

    builtins.get_ipython = _Kernel  # pandas only asks whether the shell has a kernel
    try:
        import pandas
        import seaborn  # noqa: F401
    finally:
        del builtins.get_ipython
    assert pandas.get_option("display.max_columns") == 20

    assert matplotlib.rcParams._get("backend") == INLINE
    _SET_AT_IMPORT.update({k: v for k, v in os.environ.items() if before.get(k) != v})
    # What is imported stays out of the collector's sweeps, so a kernel does not copy the
    # pages of objects it never changes (copy on write).
    gc.freeze()


def _reap(*_args) -> None:
    """Collect every kernel that ended (SIGCHLD), keeping its exit code for ``status``."""
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _ENDED[pid] = os.waitstatus_to_exitcode(status)


def _kernel(request: dict, in_session: int) -> None:
    """Runs in the forked child: becomes the kernel; never returns."""
    code = 1
    try:
        os.setsid()
        # The kernel manager reads the process group as soon as it has the pid, to signal it.
        os.close(in_session)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for name, value in _SET_AT_IMPORT.items():
            os.environ.setdefault(name, value)
        # The kernel's parent is this server, not the test process that asked for it. ipykernel
        # read JPY_PARENT_PID when the server imported it: say it again on the command line.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        parent = f"--IPKernelApp.parent_handle={os.getppid()}"
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        # Standard output is the reply pipe until here: the kernel writes to its error stream.
        quiet_out, quiet_err = request["quiet"]
        os.dup2(devnull if quiet_out else 2, 1)
        if quiet_err:
            os.dup2(devnull, 2)
        os.close(devnull)
        # `python -m` puts the working directory first on the path.
        sys.path[0] = os.getcwd()
        sys.argv = ["ipykernel_launcher", *request["start"], parent]
        import runpy

        try:
            runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException:
            import traceback

            traceback.print_exc()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
    finally:
        os._exit(code)


def main() -> None:
    _warm()
    signal.signal(signal.SIGCHLD, _reap)
    reply_to = sys.stdout
    print("ready", file=reply_to, flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if "start" in request:
            sys.stdout.flush()
            sys.stderr.flush()
            wait_for, in_session = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(wait_for)
                _kernel(request, in_session)
            os.close(in_session)
            os.read(wait_for, 1)  # the end of the file: the child has its own session
            os.close(wait_for)
            reply = {"pid": pid}
        else:
            pid = request["status"]
            with contextlib.suppress(ChildProcessError):
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    _ENDED[pid] = os.waitstatus_to_exitcode(status)
            reply = {"returncode": _ENDED.get(pid)}
        reply_to.write(json.dumps(reply) + "\n")
        reply_to.flush()


if __name__ == "__main__":
    main()
