"""Exported figures: reproducible byte for byte, skipped when unchanged, atomic, citable."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from PIL import Image

import kursk_data as kd
from kursk_data import figures

COMMITTED = ROOT / "figures"


def expected_files() -> list[str]:
    names = ["README.md"]
    for spec in figures.REGISTRY:
        names += [f"{spec.id}.{ext}" for ext in ("png", "svg", "pdf", "json")]
    return sorted(names)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("figs")
    result = run_cli("figures", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_regeneration_reproduces_committed_figures(exported):
    assert sorted(p.name for p in exported.iterdir()) == expected_files()
    stale = [
        n for n in expected_files() if (exported / n).read_bytes() != (COMMITTED / n).read_bytes()
    ]
    assert not stale, f"figures/ is stale, run `make figures`: {stale}"


def test_second_run_is_a_no_op(exported):
    before = snapshot(exported)
    result = run_cli("figures", "--out", str(exported))
    assert result.returncode == 0
    assert all(line.startswith("unchanged") for line in result.stdout.splitlines())
    assert snapshot(exported) == before


def test_force_rewrites_the_same_bytes(tmp_path):
    out = tmp_path / "f"
    assert run_cli("figures", "--out", str(out), "--only", "losses-article").returncode == 0
    first = {k: v[0] for k, v in snapshot(out).items()}
    forced = run_cli("figures", "--out", str(out), "--only", "losses-article", "--force")
    assert "wrote" in forced.stdout
    assert {k: v[0] for k, v in snapshot(out).items()} == first


def test_a_changed_file_is_redrawn(tmp_path):
    out = tmp_path / "f"
    run_cli("figures", "--out", str(out), "--only", "losses-article")
    (out / "losses-article.png").write_bytes(b"tampered")
    again = run_cli("figures", "--out", str(out), "--only", "losses-article")
    assert "wrote" in again.stdout
    assert (out / "losses-article.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("spec", figures.REGISTRY, ids=lambda s: s.id)
def test_sidecar_agrees_with_the_ledger(spec):
    meta = json.loads((COMMITTED / f"{spec.id}.json").read_text())
    claims = kd.load_claims()
    shown = spec.data(claims)
    assert meta["claims"] == sorted(shown["claim_id"])
    assert set(meta["claims"]) <= set(claims["claim_id"])
    sources = kd.load_sources().set_index("source_id")
    for s in meta["sources"]:
        assert sources.loc[s["source_id"], "url"] == s["url"]
    assert {s["source_id"] for s in meta["sources"]} == set(shown["source_id"])
    assert meta["data_sha256"] == figures.data_digest(shown)
    assert meta["version"] == kd.__version__
    for name, digest in meta["files"].items():
        assert hashlib.sha256((COMMITTED / name).read_bytes()).hexdigest() == digest
    assert kd.__version__ in meta["citation"]["text"]
    assert meta["citation"]["bibtex"].startswith("@misc{")


@pytest.mark.parametrize("spec", figures.REGISTRY, ids=lambda s: s.id)
def test_metadata_is_embedded(spec):
    png = Image.open(COMMITTED / f"{spec.id}.png")
    assert png.text["Title"] == spec.title
    assert png.text["Source"].startswith(("Source: ", "Sources: "))
    assert "Software" not in png.text
    svg = (COMMITTED / f"{spec.id}.svg").read_text()
    assert f"<dc:title>{spec.title}</dc:title>" in svg
    pdf = (COMMITTED / f"{spec.id}.pdf").read_bytes()
    assert f"/Title ({spec.title})".encode() in pdf
    assert b"/CreationDate" not in pdf


def test_gallery_lists_every_figure_with_citation():
    text = (COMMITTED / "README.md").read_text()
    for spec in figures.REGISTRY:
        assert f"]({spec.id}.png)" in text and spec.caption in text
    assert text.count("```bibtex") == len(figures.REGISTRY)


def test_failure_part_way_leaves_output_untouched(tmp_path, monkeypatch):
    out = tmp_path / "f"
    only = ["losses-article", "troops-article"]
    assert list(figures.export_figures(out, only=only))
    before = snapshot(out)
    calls = {"n": 0}
    real = figures.render

    def failing(spec, data):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(spec, data)

    monkeypatch.setattr(figures.export, "render", failing)
    with pytest.raises(RuntimeError):
        list(figures.export_figures(out, only=only, force=True, jobs=1))
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_write_atomic_cleans_up_when_a_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    real_replace = os.replace

    def boom(src, dst):
        raise OSError("no space")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        figures.write_atomic({target: b"new", tmp_path / "b.bin": b"x"})
    monkeypatch.setattr(os, "replace", real_replace)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]


def test_make_figures_matches_committed(tmp_path):
    out = tmp_path / "made"
    result = subprocess.run(
        ["make", "-s", "figures", f"FIGURES_OUT={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    for name in expected_files():
        assert (out / name).read_bytes() == (COMMITTED / name).read_bytes(), name


def test_cli_figure_usage_errors(tmp_path):
    out = tmp_path / "never-used"
    bad = run_cli("figures", "--only", "no-such-figure", "--out", str(out))
    assert bad.returncode == 2 and "unknown figure" in bad.stderr
    assert not out.exists()
    listed = run_cli("figures", "--list")
    assert all(spec.id in listed.stdout for spec in figures.REGISTRY)
