"""A built wheel, installed into a fresh virtual environment, loads the data from anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from conftest import ROOT


def test_wheel_installs_and_loads_outside_the_repo(tmp_path):
    src = tmp_path / "src"
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for f in files:
        if f.startswith(("kursk_data/", "pyproject.toml", "README.md", "LICENSE")):
            (src / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / f, src / f)
    dist = tmp_path / "dist"
    # `build` without isolation: the environment's pinned flit_core, no network, no pip needed
    # (an environment made by uv has no pip).
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", str(dist), str(src)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("kursk_data-*.whl"))
    import zipfile

    with zipfile.ZipFile(wheel) as whl:  # the MIT licence the metadata names travels with it
        licence = [n for n in whl.namelist() if n.endswith("LICENSE")]
        assert licence and b"MIT License" in whl.read(licence[0])
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig;print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # Dependencies come from the project environment; the package itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    uv = Path(sys.executable).with_name("uv")
    installer = (
        [str(uv), "pip", "install", "--python", str(py)]
        if uv.exists()
        else [sys.executable, "-m", "pip", "--python", str(py), "install"]
    )
    subprocess.run([*installer, "--quiet", "--no-deps", str(wheel)], check=True)
    code = (
        "import kursk_data as k, pathlib; from importlib.metadata import version; "
        "df = k.load_claims(); print(pathlib.Path(k.__file__).parent); print(len(df)); "
        "print(k.__version__); print(version('kursk-data'))"
    )
    out = subprocess.run(
        [str(py), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()
    assert Path(out[0]).is_relative_to(env_dir)
    assert int(out[1]) > 0
    assert out[2] == out[3]  # one version: the wheel's metadata is read from _version.py
    cli = subprocess.run(
        [
            str(env_dir / "bin" / "kursk-data"),
            "validate",
            str(Path(out[0]) / "data" / "claims.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert cli.returncode == 0, cli.stderr
