"""Notebook kernels forked from a warm interpreter (``kernel_server.py``), for nbval.

nbval starts each notebook's kernel through jupyter_client's ``launch_kernel``; ``install()``
puts ``launch`` in its place. A kernel command of this environment's Python
(``PYTHON [FLAGS] -m ipykernel_launcher -f FILE``, as the project's kernel spec writes it) is
forked by the server of this test process; anything else, or any kernel while
``KURSK_TEST_REAL_KERNEL`` is set or ``real_kernel`` is true, starts as a new process. The
forked kernel is handed back as a :class:`Kernel`, which answers the calls the kernel manager
makes of a :class:`subprocess.Popen` (poll, wait, send_signal, kill, terminate, pid).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from jupyter_client.provisioning import local_provisioner

INLINE = "module://matplotlib_inline.backend_inline"

_REAL_LAUNCH = local_provisioner.launch_kernel
_LOCK = threading.Lock()
_SERVER: subprocess.Popen | None = None
# Set per test by conftest: the notebooks that must start a kernel as a new process.
real_kernel = False
# Every kernel started, forked or not, for the test that counts them.
started: list[str] = []


_READY = False


def start_server(flags: list[str]) -> subprocess.Popen:
    """The kernel server of this test process, started if need be (without waiting for it)."""
    global _SERVER, _READY
    if _SERVER is None or _SERVER.poll() is not None:
        _SERVER = subprocess.Popen(
            [sys.executable, *flags, str(Path(__file__).with_name("kernel_server.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        _READY = False
    return _SERVER


def _server(flags: list[str]) -> subprocess.Popen:
    global _READY
    server = start_server(flags)
    if not _READY:
        assert server.stdout.readline().strip() == "ready"
        _READY = True
    return server


def _ask(flags: list[str], request: dict) -> dict:
    with _LOCK:
        server = _server(flags)
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        return json.loads(server.stdout.readline())


class Kernel:
    """A forked kernel, as the kernel manager uses a :class:`subprocess.Popen`."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, flags: list[str]) -> None:
        self.pid = pid
        self.args = ["<forked kernel>"]
        self.returncode: int | None = None
        self._flags = flags

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = _ask(self._flags, {"status": self.pid})["returncode"]
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _forkable(cmd: list[str], env: dict | None) -> list[str] | None:
    """The interpreter flags of a kernel command the server can fork, else None."""
    if real_kernel or os.environ.get("KURSK_TEST_REAL_KERNEL"):
        return None
    if "-m" not in cmd or cmd[cmd.index("-m") + 1 : cmd.index("-m") + 2] != ["ipykernel_launcher"]:
        return None
    if os.path.realpath(cmd[0]) != os.path.realpath(sys.executable) or not _same_env(cmd[0]):
        return None
    if (os.environ if env is None else env).get("MPLBACKEND", INLINE) != INLINE:
        return None
    return cmd[1 : cmd.index("-m")]


def _same_env(python: str) -> bool:
    """The kernel's Python is this environment's (a venv's python links to the base one)."""
    return Path(python).parent.parent.resolve() == Path(sys.prefix).resolve()


def launch(cmd: list[str], stdin=None, stdout=None, stderr=None, env=None, cwd=None, **kw):
    flags = _forkable(cmd, env)
    started.append("forked" if flags is not None else "new process")
    if flags is None:
        return _REAL_LAUNCH(cmd, stdin=stdin, stdout=stdout, stderr=stderr, env=env, cwd=cwd, **kw)
    env = dict(os.environ if env is None else env)
    env.setdefault("JPY_PARENT_PID", str(os.getpid()))
    request = {
        "start": cmd[cmd.index("-m") + 2 :],
        "cwd": str(cwd or os.getcwd()),
        "env": env,
        # The kernel's output streams: thrown away, or this process's error stream.
        "quiet": [getattr(s, "name", None) == os.devnull for s in (stdout, stderr)],
    }
    return Kernel(_ask(flags, request)["pid"], flags)


def install() -> None:
    local_provisioner.launch_kernel = launch


def prestart(kernel_name: str = "python3") -> None:
    """Start the server for the kernel spec ``kernel_name`` now, to warm up beside other tests."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    flags = _forkable(argv, None)
    if flags is not None:
        start_server(flags)
