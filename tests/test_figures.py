"""Exported figures: reproducible byte for byte, written only when changed, atomic, citable,
with their data, text kept as text.

Every figure is rendered once here, by the one test that regenerates into a fresh folder with
`make figures` and compares it with the committed figures/ byte for byte; the other tests read
that folder or the committed one, and render at most one figure each.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_cli
from PIL import Image
from synthetic import synthetic_frames, typed

import kursk_data as kd
from kursk_data import figures

COMMITTED = ROOT / "figures"


def expected_files() -> list[str]:
    names = ["README.md"]  # the gallery
    for spec in figures.FIGURES.values():
        names += [f"{spec.id}.{ext}" for ext in ("png", "svg", "pdf", "csv", "json")]
    return sorted(names)


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every figure regenerated once, as a fresh clone would: `make figures` into a new folder."""
    out = tmp_path_factory.mktemp("made")
    result = subprocess.run(
        ["make", "-s", "figures", f"FIGURES_OUT={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_make_figures_reproduces_committed_figures_byte_for_byte(exported):
    assert sorted(p.name for p in exported.iterdir()) == expected_files()
    stale = [
        n for n in expected_files() if (exported / n).read_bytes() != (COMMITTED / n).read_bytes()
    ]
    assert not stale, f"figures/ is stale, run `make figures`: {stale}"


def test_a_second_run_draws_the_same_bytes_and_writes_only_what_changed(exported, tmp_path):
    """Drawn again (in this process), a figure is the same bytes: only its files that differ
    from them are written, and those are written back as drawn. One figure here: that all
    seven come out the same in another process is the test above's; which files are written
    (nothing new, --force, missing ones) is test_figure_folder.py's."""
    out = tmp_path / "f"
    shutil.copytree(exported, out)
    (out / "losses-article.png").write_bytes(b"tampered")
    (out / "losses-article.csv").write_bytes(b"tampered")
    before = snapshot(out)
    again = run_cli("figures", "--out", str(out), "--only", "losses-article")
    assert (again.returncode, again.stdout) == (0, "wrote     losses-article (png, csv)\n")
    after = snapshot(out)
    assert [n for n in before if after[n] != before[n]] == [
        "losses-article.csv",
        "losses-article.png",
    ]
    for name in ("losses-article.png", "losses-article.csv"):
        assert (out / name).read_bytes() == (exported / name).read_bytes()


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
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


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_each_figure_ships_the_rows_it_draws(spec):
    """figures/<id>.csv: the ledger rows shown, with claim ids, linked from sidecar and gallery."""
    meta = json.loads((COMMITTED / f"{spec.id}.json").read_text())
    assert meta["data_file"] == f"{spec.id}.csv"
    raw = (COMMITTED / f"{spec.id}.csv").read_bytes()
    assert meta["files"][f"{spec.id}.csv"] == hashlib.sha256(raw).hexdigest()
    # The data hash is the hash of this very file: the file is what was drawn.
    assert meta["data_sha256"] == hashlib.sha256(raw).hexdigest()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert [r["claim_id"] for r in rows] == meta["claims"]
    ledger = kd.load_claims().set_index("claim_id")
    assert list(rows[0]) == ["claim_id", *ledger.columns]
    for r in rows:
        assert float(r["value"]) == float(ledger.loc[r["claim_id"], "value"])
        assert r["source_id"] == ledger.loc[r["claim_id"], "source_id"]
    gallery = (COMMITTED / "README.md").read_text()
    assert f"[data (CSV)]({spec.id}.csv)" in gallery


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_metadata_is_embedded(spec):
    resolved = spec.resolve(spec.data(kd.load_claims()))
    png = Image.open(COMMITTED / f"{spec.id}.png")
    assert png.text["Title"] == resolved.title
    assert png.text["Source"].startswith(("Source: ", "Sources: "))
    assert "Software" not in png.text
    svg = (COMMITTED / f"{spec.id}.svg").read_text()
    assert f"<dc:title>{resolved.title}</dc:title>" in svg
    pdf = (COMMITTED / f"{spec.id}.pdf").read_bytes()
    assert b"/Title (" in pdf
    assert b"/CreationDate" not in pdf


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_svg_and_pdf_keep_text_as_text(spec):
    """Selectable, editable text: SVG <text> elements, a TrueType (Type 42) font in the PDF."""
    svg = (COMMITTED / f"{spec.id}.svg").read_text()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts, "no <text> element: the SVG drew its text as paths"
    assert any("kursk-data" in t for t in texts)  # the footer, as words
    pdf = (COMMITTED / f"{spec.id}.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"DejaVuSans" in pdf  # embedded TrueType
    assert b"/Type3" not in pdf and b"/Subtype /Type3" not in pdf


def test_png_reads_at_680px_with_text_of_at_least_9px():
    for spec in figures.FIGURES.values():
        png = Image.open(COMMITTED / f"{spec.id}.png")
        # 7.2 in at 200 dpi; the smallest text is 8 pt: 8 * 680 / (7.2 * 72) = 10.5 px at 680.
        assert png.size[0] == 1440


def test_gallery_lists_every_figure_with_citation():
    text = (COMMITTED / "README.md").read_text()
    claims = kd.load_claims()
    for spec in figures.FIGURES.values():
        resolved = spec.resolve(spec.data(claims))
        assert f"]({spec.id}.png)" in text and resolved.caption in text
        # The gallery sets a title's no-break spaces ("560\u00a0km²") as plain spaces, and
        # escapes its markup ("mid-January 2025\\*": an inferred date's asterisk).
        assert f"## {resolved.title.replace(chr(0xA0), ' ').replace('*', chr(92) + '*')}" in text
    assert text.count("```bibtex") == len(figures.FIGURES)


def test_titles_say_what_the_chart_shows():
    claims = kd.load_claims()
    titles = {
        s.id: s.resolve(s.data(claims)).title.replace("\u00a0", " ")  # no-break spaces
        for s in figures.FIGURES.values()
    }
    # Syrskyi's about 90 km² and the unattributed first gains, each said to be its
    # claimant's (#24: never stated as fact); Russia's April claim is not in the title, as
    # the ledger sets it only against figures of about 26 April (art-03's note; rating 10);
    # no "still" (rating 5).
    assert titles["territory-article"] == (
        "In June 2025, Syrskyi said Ukraine held about 90 km² in Kursk; an unattributed "
        "figure put its first gains at over 1,000"
    )
    assert "still" not in titles["territory-article"]
    assert all("as claimed" not in t and "as reported" not in t for t in titles.values())


def test_words_over_other_data_are_derived_never_kursk():
    """A user's own ledger (here SYNTHETIC claims) gets words from what is drawn: no Kursk
    caption, no article citation."""
    claims, sources = synthetic_frames(40)
    data = typed(claims)
    for spec in figures.FIGURES.values():
        resolved = spec.resolve(spec.data(data))
        words = f"{resolved.title} {resolved.subtitle} {resolved.caption}"
        assert "Kursk" not in words and "article" not in words.lower(), (spec.id, words)
    one = data[data["measure"] == "synthetic_troops_killed"]
    spec = figures.FIGURES["losses-article"].resolve(one)
    assert spec.title.startswith("Synthetic troops killed: claims from ")
    # A count of people says so as a desk would: "Number of …" (rating 8).
    assert spec.subtitle.startswith("Number of synthetic troops killed, Mar 2022–")
    cite = figures.citation(spec, data, sources)
    assert "Synthetic test publisher" in cite["text"] and "metaworld" not in cite["text"]


def test_an_empty_figure_says_so():
    spec = figures.FIGURES["troops-article"]
    empty = kd.load_claims().iloc[0:0]
    resolved = spec.resolve(empty)
    assert resolved.title == "No claims to show"
    fig = spec.draw_data(empty)
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert any(t.startswith("No claims to show") for t in texts)
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_failure_part_way_leaves_output_untouched(tmp_path, monkeypatch):
    """Atomic: rendering is replaced by a stub here (what is tested is the writing)."""
    out = tmp_path / "f"
    only = ["losses-article", "troops-article"]
    calls = {"n": 0}

    def fake(spec, data, sources=None, palette=None):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return {fmt: f"{spec.id}.{fmt}".encode() for fmt in figures.IMAGE_FORMATS}

    monkeypatch.setattr(figures.export, "render", fake)
    assert list(figures.export_figures(out, only=only))
    before = snapshot(out)
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


def test_cli_figure_usage_errors(tmp_path):
    out = tmp_path / "never-used"
    bad = run_cli("figures", "--only", "no-such-figure", "--out", str(out))
    assert bad.returncode == 2 and "unknown figure" in bad.stderr
    assert not out.exists()
    listed = run_cli("figures", "--list")
    assert all(spec.id in listed.stdout for spec in figures.FIGURES.values())


def test_a_statement_drawn_once_keeps_both_rows_in_data_file_and_sidecar():
    """territory-timeline draws art-01 as ctx-13 and art-03 as ctx-11 (one statement each, read
    in two reports); a reader of its data file or sidecar still finds all four rows."""
    meta = json.loads((COMMITTED / "territory-timeline.json").read_text())
    rows = list(csv.DictReader(io.StringIO((COMMITTED / "territory-timeline.csv").read_text())))
    pairs = {r["claim_id"]: r["same_statement_as"] for r in rows}
    for reported, named in (("art-01", "ctx-13"), ("art-03", "ctx-11")):
        assert {reported, named} <= set(meta["claims"])
        assert pairs[reported] == named


def test_a_new_claimant_elsewhere_in_the_ledger_redraws_a_figure(
    tmp_path, claims_file, monkeypatch
):
    """Colours come from the whole ledger, so a claims file that adds claimants (here only
    territory and losses rows) changes troops-article although its rows are unchanged: its
    files never keep colours the ledger no longer gives.

    The stand-in pictures here name the colours they were given; the real drawing of
    troops-article is the `exported` test's.
    """

    def by_colour(spec, data, sources=None, palette=None):
        colours = ",".join(f"{k}={v}" for k, v in sorted((palette or {}).items()))
        return {fmt: f"{spec.id} {colours}".encode() for fmt in figures.IMAGE_FORMATS}

    monkeypatch.setattr(figures.export, "render", by_colour)
    out = tmp_path / "f"
    first = list(figures.export_figures(out, only=["troops-article"]))
    assert first == ["wrote     troops-article (png, svg, pdf, csv, json)"]
    csv_before = (out / "troops-article.csv").read_bytes()
    again = list(figures.export_figures(out, only=["troops-article"], claims_path=claims_file()))
    assert (out / "troops-article.csv").read_bytes() == csv_before  # the same rows drawn
    assert again == ["wrote     troops-article (png, svg, pdf, json)"]
    same = list(figures.export_figures(out, only=["troops-article"], claims_path=claims_file()))
    assert same == ["unchanged troops-article"]


def test_a_derived_title_gives_running_totals_by_their_dates_not_a_spread():
    """Running totals (``since`` set) are counts to their dates: a derived title says what
    was reported by when, never "claims from X to Y" (#24). SYNTHETIC claims."""
    claims, _ = synthetic_frames(40)
    data = typed(claims)
    one = data[data["measure"] == "synthetic_troops_killed"]
    busiest = one["claimant"].value_counts().index[0]
    one = one[one["claimant"] == busiest].assign(since=pd.Timestamp("2022-02-24"))
    assert len(one) >= 2
    title = figures.FIGURES["losses-article"].resolve(one).title
    ordered = one.sort_values(["period_end", "claim_id"])
    first, last = ordered.iloc[0], ordered.iloc[-1]
    assert "claims from" not in title and " to " not in title, title
    for row in (first, last):
        assert f"{float(row['value']):,.0f} by {row['period_end']:%b %Y}" in title, title
