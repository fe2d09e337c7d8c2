"""Every notebook opens and runs in JupyterLab, in a real (headless) Chromium.

Run with `make test-browser`. The notebooks are served from a temporary copy, so running them
never touches the committed files; the server, its kernels and the browser are always shut down.
Each notebook is cleared and run again in the page, so every output checked comes from that run.
A wait that runs out fails with what the page showed, a screenshot and the server log's tail.
Screenshots go to test-artifacts/browser/ (git-ignored).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from launch import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SHOTS = ROOT / "test-artifacts" / "browser"
# The kernelspec `make` installs into the project environment (python3, named for the project).
KERNEL_NAME = "Python 3 (kursk-data)"
LAB_SETTINGS = {
    # No news or update pop-up over the page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # Keep every cell in the page, so off-screen outputs can be checked too.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``, hidden ones too, with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# The notebook panel's state as a reader sees it, for waiting and for failure reports.
PANEL_STATE = """() => {
    const STDERR = 'application/vnd.jupyter.stderr';
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return null;
    const text = sel => (panel.querySelector(sel)?.textContent ?? '').trim();
    return {
        kernel: text('.jp-KernelName'),
        indicator: panel.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status ?? null,
        statusbar: [...document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem')]
            .map(e => e.textContent.trim()).filter(t => t.includes(' | ')),
        prompts: [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
            .map(p => p.textContent.trim()),
        outputs: panel.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').length,
        errors: panel.querySelectorAll(`.jp-OutputArea-output[data-mime-type="${STDERR}"]`).length,
    };
}"""
KERNEL_READY = f"""() => {{
    const s = ({PANEL_STATE})();
    return !!s && s.kernel === {json.dumps(KERNEL_NAME)} && s.indicator === 'idle'
        && s.statusbar.includes({json.dumps(KERNEL_NAME + " | Idle")});
}}"""
CLEARED = f"""n => {{
    const s = ({PANEL_STATE})();
    return !!s && s.prompts.length === n && s.prompts.every(p => /^\\[\\s*\\]:$/.test(p))
        && s.outputs === 0;
}}"""
# Every cell ran once, in order: each prompt numbered, the numbers rising (1..n after a restart,
# checked separately so a failure shows the prompts rather than a timeout). An error output ends
# the wait at once, to be reported as the failure it is.
ALL_RAN = f"""n => {{
    const s = ({PANEL_STATE})();
    const numbers = s ? s.prompts.map(p => /^\\[(\\d+)\\]:$/.exec(p)).map(m => m && +m[1]) : [];
    const ran = numbers.length === n
        && numbers.every((k, i) => k !== null && (i === 0 || k > numbers[i - 1]));
    // The status bar as well as the notebook's indicator: either saying idle is enough, so a
    // stale indicator after the restart cannot hold up a run that has finished.
    const idle = !!s && (s.indicator === 'idle'
        || s.statusbar.includes({json.dumps(KERNEL_NAME + " | Idle")}));
    return idle && (ran || s.errors > 0);
}}"""


def _server_session_idle(lab: dict, notebook: Path) -> bool:
    url = f"{lab['url']}/api/sessions?token={lab['token']}"
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            sessions = json.load(r)
    except OSError:  # a busy server: not ready yet, ask again
        return False
    return any(
        s["path"] == notebook.name and s["kernel"]["execution_state"] == "idle" for s in sessions
    )


class Stalled(Exception):
    """The page did not reach a state in time; the message says what it showed instead."""


def _wait(page, lab, notebook, condition, *, timeout, what, arg=None, server_idle=False):
    """Wait until `condition` holds in the page (and, with `server_idle`, on the server too).

    On timeout, raise Stalled with what the page showed, a screenshot and the server log's tail.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + timeout
    while True:
        try:
            page.wait_for_function(condition, arg=arg, timeout=2_000)
            if not server_idle or _server_session_idle(lab, notebook):
                return
        except PlaywrightTimeout:
            pass
        if time.monotonic() > deadline:
            shot = SHOTS / f"{notebook.stem}-stalled-{len(list(SHOTS.glob('*stalled*')))}.png"
            page.screenshot(path=str(shot))
            log = (lab["base"] / "lab.log").read_text(errors="replace")[-3000:]
            raise Stalled(
                f"{notebook.name}: waited {timeout} s for {what}; the page showed "
                f"{page.evaluate(PANEL_STATE)} (screenshot: {shot.relative_to(ROOT)})\n"
                f"server log:\n{log}"
            )


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free localhost port with a one-time token, on a notebook copy."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's chromium (make test-browser does "
            "it as root: apt-get install chromium)"
        )
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", root)
    settings = base / "settings"
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value))
    runtime = base / "runtime"
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "JUPYTER_DATA_DIR": str(base / "data"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "MPLBACKEND": "Agg",
    }
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # CI runs as root
    log = (base / "lab.log").open("w")
    proc = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "JupyterLab did not start:\n" + (base / "lab.log").read_text()[-3000:]
                    ) from None
                time.sleep(0.5)
        yield {"url": url, "token": token, "root": root, "runtime": runtime, "base": base}
    finally:
        try:  # a clean shutdown also stops the kernels
            req = urllib.request.Request(f"{url}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(req, timeout=10).close()
            proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        leftovers = subprocess.run(
            ["pgrep", "-f", str(runtime)], capture_output=True, text=True
        ).stdout.split()
        for pid in leftovers:  # kernels of a server that died without cleaning up
            os.kill(int(pid), signal.SIGKILL)
        assert not leftovers, f"processes left behind: {leftovers}"


@pytest.fixture(scope="module")
def context(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, chromium_sandbox=False, args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_context(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module", autouse=True)
def fresh_screenshots():
    """Screenshots of this run only: a stale one from an earlier failure would mislead."""
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)


@pytest.fixture(scope="module", autouse=True)
def committed_notebooks_stay_untouched():
    before = _digest(NOTEBOOKS)
    yield
    assert _digest(NOTEBOOKS) == before, "running in the browser changed a committed notebook"


def _open_and_run(page, lab, notebook):
    """Open the notebook, restart its kernel with outputs cleared, run all cells: as a person.

    Returns the notebook panel and its number of code cells.
    """
    # A fresh workspace per notebook, so only this notebook's tab is open.
    page.goto(
        f"{lab['url']}/lab/workspaces/{notebook.stem}/tree/{notebook.name}"
        f"?reset&token={lab['token']}"
    )
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".jp-Notebook-ExecutionIndicator").wait_for(timeout=60_000)
    # The execution indicator says "idle" before any kernel is attached, so wait for what a
    # reader sees once the notebook is really ready: the project kernel, idle in the status bar,
    # and the server's session for this notebook idle too. Running all cells earlier, on a slow
    # machine, asks a kernel that does not exist yet and nothing runs.
    _wait(page, lab, notebook, KERNEL_READY, timeout=120, what="the kernel", server_idle=True)

    # Clearing the outputs first means every output checked afterwards comes from this run,
    # not from the copy saved in the notebook.
    n_code = panel.locator(".jp-CodeCell").count()
    assert n_code > 0
    page.get_by_role("menuitem", name="Kernel", exact=True).click()
    page.get_by_role("menuitem", name="Restart Kernel and Clear Outputs of All Cells…").click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    _wait(page, lab, notebook, CLEARED, arg=n_code, timeout=60, what="the outputs to clear")
    _wait(page, lab, notebook, KERNEL_READY, timeout=120, what="the restart", server_idle=True)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    _wait(page, lab, notebook, ALL_RAN, arg=n_code, timeout=120, what="every cell to run")
    return panel, n_code


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_jupyterlab(lab, page, notebook):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = time.monotonic()
    try:
        panel, n_code = _open_and_run(page, lab, notebook)
    except (Stalled, PlaywrightTimeout) as first:
        # A page that stalls once (a slow machine, a lost websocket message) gets one more try
        # from a freshly loaded page, said aloud in the output. An error in a cell is never
        # retried, and a notebook that stalls twice fails.
        print(f"\n{notebook.name}: stalled, retrying once. {first}")
        try:
            panel, n_code = _open_and_run(page, lab, notebook)
        except (Stalled, PlaywrightTimeout) as second:
            pytest.fail(f"{notebook.name} stalled twice; the second time: {second}")
    code_cells = panel.locator(".jp-CodeCell")

    errors = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert errors.count() == 0, errors.first.inner_text()[:2000]
    assert "Traceback" not in panel.inner_text()
    prompts = page.evaluate(PANEL_STATE)["prompts"]
    assert prompts == [f"[{i}]:" for i in range(1, n_code + 1)], prompts

    charts = code_cells.filter(has_text="show_figure")
    expected_charts = sum(
        "show_figure" in "".join(c["source"])
        for c in json.loads(notebook.read_text())["cells"]
        if c["cell_type"] == "code"
    )
    assert charts.count() == expected_charts
    for i in range(charts.count()):
        cell = charts.nth(i)
        img = cell.locator(".jp-OutputArea-output img")
        img.scroll_into_view_if_needed()
        assert img.is_visible()
        assert img.evaluate("el => el.complete && el.naturalWidth > 300")
        cite = cell.locator(".jp-OutputArea-output", has_text="Cite as:")
        assert cite.is_visible()
        # The chart's own footer names its sources; the citation alone is printed under it.
        assert cite.inner_text().startswith("Cite as:")
        if i == 0:
            page.screenshot(path=str(SHOTS / f"{notebook.stem}.png"))
    if not charts.count():
        page.screenshot(path=str(SHOTS / f"{notebook.stem}.png"))
    print(f"{notebook.name}: {time.monotonic() - started:.1f} s")


def test_make_lab_serves_the_notebooks_with_the_project_kernel():
    """`make lab`: localhost only, notebooks/ as root, python3 = the project environment.

    Serving the notebooks must create or change nothing in notebooks/. What a user's own
    JupyterLab session left there (checkpoints, edits) is theirs: compared, not forbidden.
    """
    before = _tree(ROOT / "notebooks")
    port, token = _free_port(), secrets.token_hex(16)
    proc = subprocess.Popen(
        ["make", "-s", "lab", f"LAB_PORT={port}", f"LAB_TOKEN={token}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/contents?token={token}", timeout=2) as r:
                    contents = json.load(r)
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "make lab failed"
                time.sleep(0.5)
        names = {c["name"] for c in contents["content"]}
        assert {p.name for p in NOTEBOOKS} <= names
        with urllib.request.urlopen(f"{url}/api/kernelspecs?token={token}", timeout=10) as r:
            specs = json.load(r)
        argv0 = Path(specs["kernelspecs"]["python3"]["spec"]["argv"][0])
        assert argv0.is_relative_to(ROOT / ".venv") or str(argv0).startswith(sys.prefix)
        with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=10):
            pass
        # bound to localhost only
        ips = (
            subprocess.run(
                ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True
            ).stdout
            if shutil.which("ss")
            else ""
        )
        if ips.strip():
            assert all("127.0.0.1" in line for line in ips.splitlines()), ips
    finally:
        try:
            req = urllib.request.Request(f"{url}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(req, timeout=10).close()
            proc.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    assert _tree(ROOT / "notebooks") == before, "make lab created or changed files in notebooks/"
