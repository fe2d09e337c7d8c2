"""The warm notebook kernels of ``make test`` (warm_kernels.py, kernel_server.py) start as a new
kernel would, end when told to, and are only used where they can stand in for one."""

from __future__ import annotations

import json
import os
import signal
import sys

import pytest
import warm_kernels
from conftest import ROOT
from jupyter_client.manager import start_new_kernel

PROBE = """
import json, os, sys
import matplotlib, pandas
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
print(json.dumps({
    "max_columns": pandas.get_option("display.max_columns"),
    "backend": matplotlib.rcParams["backend"],
    "pid": os.getpid(), "pgid": os.getpgid(0), "sid": os.getsid(0), "ppid": os.getppid(),
    "parent_handle": app.parent_handle, "poller": type(app.poller).__name__,
    "cwd": os.getcwd(), "path": sys.path, "argv0": sys.argv[0],
    "executable": sys.executable, "marker": os.environ.get("KURSK_PROBE"),
    "frame_eval": os.environ.get("PYDEVD_USE_FRAME_EVAL"),
}))
"""


@pytest.fixture
def forked(monkeypatch):
    """A kernel started as nbval starts one, forked by the warm server."""
    monkeypatch.setattr(warm_kernels, "real_kernel", False)
    monkeypatch.delenv("KURSK_TEST_REAL_KERNEL", raising=False)
    monkeypatch.setenv("KURSK_PROBE", "from the test")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    before = len(warm_kernels.started)
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    assert warm_kernels.started[before:] == ["forked"]


def probe(kc) -> dict:
    out = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(PROBE, timeout=60, output_hook=hook)
    assert reply["content"]["status"] == "ok", reply["content"]
    return json.loads("".join(out))


def test_a_forked_kernel_is_set_up_as_a_new_kernel_would_be(forked):
    km, kc = forked
    seen = probe(kc)
    # In a Jupyter kernel pandas shows at most 20 columns (0, "as wide as the terminal",
    # elsewhere), and figures go to the inline backend ipykernel sets.
    assert seen["max_columns"] == 20
    assert seen["backend"] == "module://matplotlib_inline.backend_inline"
    # Its own session and process group, as `start_new_session` gives a kernel: the manager
    # signals the group.
    assert seen["pid"] == seen["pgid"] == seen["sid"] == km.provisioner.pid
    assert km.provisioner.pgid == seen["pid"]
    # It watches its parent (the server), and ends with it.
    assert seen["parent_handle"] == seen["ppid"] == warm_kernels._SERVER.pid
    assert seen["poller"] == "ParentPollerUnix"
    # `python -m ipykernel_launcher` in the notebook's folder: the launcher takes the folder
    # off the front of the path and IPython puts it back as "" (as a real kernel's path reads).
    assert seen["cwd"] == str(ROOT / "notebooks")
    assert seen["cwd"] not in seen["path"] and "" in seen["path"]
    assert seen["argv0"].endswith("ipykernel_launcher.py")
    # This environment's Python, the environment it was given, and what debugpy adds to it
    # when a kernel imports it ("NO", read from a kernel started as a new process).
    assert seen["executable"] == sys.executable
    assert seen["marker"] == "from the test"
    assert seen["frame_eval"] == "NO"


def test_a_forked_kernel_ends_when_killed_and_says_how(forked):
    km, _ = forked
    process = km.provisioner.process
    assert isinstance(process, warm_kernels.Kernel) and process.poll() is None
    os.killpg(process.pid, signal.SIGKILL)
    # As subprocess reports a process a signal ended: minus the signal's number.
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert not km.is_alive()


PYTHON = sys.executable


@pytest.mark.parametrize(
    ("cmd", "env", "forkable"),
    [
        ([PYTHON, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"], {}, True),
        ([PYTHON, "-m", "ipykernel_launcher", "-f", "c.json"], {}, True),
        # another module, another Python, or a backend the server did not import matplotlib with
        ([PYTHON, "-m", "some_other_kernel", "-f", "c.json"], {}, False),
        (["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "c.json"], {}, False),
        ([PYTHON, "-m", "ipykernel_launcher", "-f", "c.json"], {"MPLBACKEND": "Agg"}, False),
    ],
)
def test_only_this_environments_ipykernel_is_forked(monkeypatch, cmd, env, forkable):
    monkeypatch.setattr(warm_kernels, "real_kernel", False)
    monkeypatch.delenv("KURSK_TEST_REAL_KERNEL", raising=False)
    assert (warm_kernels._forkable(cmd, env) is not None) is forkable
    monkeypatch.setenv("KURSK_TEST_REAL_KERNEL", "1")
    assert warm_kernels._forkable(cmd, env) is None
