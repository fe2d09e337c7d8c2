"""The set-up recipe's own pieces, run the way make runs them (the whole set-up is run by CI)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _make_variable(name: str, env: dict[str, str] | None = None, *, exported: bool = False) -> str:
    """The value make gives a Makefile variable (appending a rule that prints it); a multi-line
    variable is read as the recipe reads it, from the environment make exports it to."""
    value = f"$${name}" if exported else f"$({name})"
    rule = f'show-var:\n\t@printf "%s" "{value}"\n'
    out = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", "-", "show-var"],
        cwd=ROOT,
        input=rule,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return out.stdout


def test_uv_version_is_the_bare_version_pinned_in_the_lock():
    # The lock line is `uv==X.Y.Z` and `uv --version` prints `uv X.Y.Z`: the recipe compares the
    # second word with this variable, so it must be X.Y.Z alone (it once kept the `uv==`, and the
    # uv already installed never matched).
    pin = re.search(r"^uv==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M).group(1)
    assert _make_variable("UV_VERSION") == pin


def test_the_kept_uv_lives_in_the_users_cache_by_version(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    pin = _make_variable("UV_VERSION")
    assert _make_variable("UV_KEPT", env) == f"{tmp_path}/xdg/kursk-data/uv-{pin}"
    env.pop("XDG_CACHE_HOME")
    env["HOME"] = str(tmp_path / "home")
    assert _make_variable("UV_KEPT", env) == f"{tmp_path}/home/.cache/kursk-data/uv-{pin}"


def test_kernel_spec_is_replaced_not_written_through_a_hard_link(tmp_path):
    # uv installs by hard-linking files from its cache; the recipe must leave the cached copy
    # (and every other environment linked to it) as it was.
    original = {
        "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    cached = tmp_path / "cache" / "kernel.json"
    cached.parent.mkdir()
    cached.write_text(json.dumps(original), encoding="utf-8")
    installed = tmp_path / "venv" / "kernel.json"
    installed.parent.mkdir()
    os.link(cached, installed)

    script = _make_variable("KERNEL_SPEC", exported=True)
    subprocess.run([sys.executable, "-I", "-c", script, str(installed)], check=True)

    assert json.loads(cached.read_text(encoding="utf-8")) == original
    spec = json.loads(installed.read_text(encoding="utf-8"))
    assert spec["argv"][0] == sys.executable
    assert spec["argv"][-2:] == ["-f", "{connection_file}"]
    assert spec["display_name"] == "Python 3 (kursk-data)"
    assert spec["language"] == "python"
    assert installed.stat().st_nlink == 1
    assert sorted(p.name for p in installed.parent.iterdir()) == ["kernel.json"]
