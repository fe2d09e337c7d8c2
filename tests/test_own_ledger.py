"""A user's ledger on its own (shipped=False, --no-shipped), merging kept explicit, and the
sample ledger of notebook 06: real figures with their real sources."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import GOOD_ROWS, HEADER, ROOT, run_cli

import kursk_data as kd
from kursk_data.validation import ValidationError

SOURCES_HEADER = "source_id,role,title,publisher,url,published,accessed,kind,note,via"
SAMPLE = ROOT / "notebooks" / "sample-ledger"


def own_files(tmp_path: Path, *, first_id: str = "usr-01") -> tuple[Path, Path]:
    """The conftest rows citing the user's own source, the first one under ``first_id``."""
    rows = [r.replace("metaworld-2025-06-22", "my-blog") for r in GOOD_ROWS]
    rows[0] = rows[0].replace("usr-01", first_id, 1)
    claims = tmp_path / "mine.csv"
    claims.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    sources = tmp_path / "my-sources.csv"
    sources.write_text(
        f"{SOURCES_HEADER}\nmy-blog,user,,A test blog,https://example.org/post,,,other,,\n",
        encoding="utf-8",
    )
    return claims, sources


# --------------------------------------------------------------------------- loading


def test_own_ledger_alone_holds_only_the_users_claims(tmp_path):
    claims, sources = own_files(tmp_path)
    mine = kd.load_claims(path=claims, sources_path=sources, shipped=False)
    assert list(mine["claim_id"]) == ["usr-01", "usr-02", "usr-03"]
    assert set(mine["ledger"]) == {claims.name}  # outside the working folder: its name
    assert list(kd.load_sources(path=sources, shipped=False)["source_id"]) == ["my-blog"]


def test_merging_is_the_default_and_labels_each_ledger(tmp_path):
    claims, sources = own_files(tmp_path)
    merged = kd.load_claims(path=claims, sources_path=sources)
    shipped = kd.load_claims()
    assert len(merged) == len(shipped) + 3
    assert merged.groupby("ledger").size().to_dict() == {
        "shipped": len(shipped),
        claims.name: 3,
    }
    assert (shipped["ledger"] == "shipped").all()


def test_ids_may_repeat_shipped_ones_only_in_a_ledger_of_its_own(tmp_path):
    claims, sources = own_files(tmp_path, first_id="art-01")
    mine = kd.load_claims(path=claims, sources_path=sources, shipped=False)
    assert mine["claim_id"].iloc[0] == "art-01"
    with pytest.raises(ValidationError) as err:
        kd.load_claims(path=claims, sources_path=sources)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "claim_id")]


def test_a_ledger_of_its_own_cannot_cite_shipped_sources(tmp_path):
    claims, _ = own_files(tmp_path)
    claims.write_text(claims.read_text().replace("my-blog", "metaworld-2025-06-22"))
    assert len(kd.load_claims(path=claims)) > 3  # merged: the shipped source is known
    with pytest.raises(ValidationError) as err:
        kd.load_claims(path=claims, shipped=False)
    assert {(p.file, p.row, p.column) for p in err.value.problems} == {
        (str(claims), row, "source_id") for row in (2, 3, 4)
    }


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("part_of", "ctx-49"),  # a shipped total of Russian losses, larger than 500
        ("same_statement_as", "ctx-48"),  # a shipped "over 16,000 killed": same measure
    ],
)
def test_a_ledger_of_its_own_cannot_point_into_the_shipped_one(tmp_path, column, cell):
    claims, sources = own_files(tmp_path)
    rows = claims.read_text().splitlines()
    header = [*rows[0].split(","), "same_statement_as"]
    body = [[*next(csv.reader([r])), ""] for r in rows[1:]]
    body[1][header.index("part_of")] = ""
    body[1][header.index(column)] = cell
    if column == "same_statement_as":  # one statement, one value: restate ctx-48's figure
        body[1][header.index("value")] = body[1][header.index("low")] = "16000"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    claims.write_text(buf.getvalue(), encoding="utf-8")
    assert kd.validate(claims, sources=sources) == []  # merged: the shipped row is known
    problems = kd.validate(claims, sources=sources, shipped=False)
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert "names no claim_id" in problems[0].rule


@pytest.mark.parametrize(
    "call",
    [
        lambda: kd.load_claims(shipped=False),
        lambda: kd.load_claims(sources_path="x.csv", shipped=False),
        lambda: kd.load_sources(shipped=False),
    ],
)
def test_shipped_false_needs_the_users_file(call):
    with pytest.raises(ValueError, match="shipped=False"):
        call()


def test_a_file_named_shipped_is_not_the_shipped_ledger(tmp_path, monkeypatch):
    claims, sources = own_files(tmp_path)
    (tmp_path / "shipped").write_bytes(claims.read_bytes())
    monkeypatch.chdir(tmp_path)
    merged = kd.load_claims(path="shipped", sources_path=sources)
    assert set(merged["ledger"]) == {"shipped", "./shipped"}


# --------------------------------------------------------------------------- validate


def test_validate_on_its_own(tmp_path):
    claims, sources = own_files(tmp_path, first_id="art-01")
    assert kd.validate(claims, sources=sources, shipped=False) == []
    assert [p.column for p in kd.validate(claims, sources=sources)] == ["claim_id"]
    frame = kd.load_claims(path=claims, sources_path=sources, shipped=False)
    own_sources = kd.load_sources(path=sources, shipped=False)
    assert kd.validate(frame, sources=own_sources, shipped=False) == []
    # without the user's sources, a frame of their own cites nothing known
    assert {p.column for p in kd.validate(frame, shipped=False)} == {"source_id"}


def test_validate_a_sources_file_on_its_own(tmp_path):
    _, sources = own_files(tmp_path)
    shipped_id = kd.load_sources()["source_id"].iloc[0]
    sources.write_text(sources.read_text().replace("my-blog", shipped_id))
    assert kd.validate(sources, shipped=False) == []
    assert [p.column for p in kd.validate(sources)] == ["source_id"]


# --------------------------------------------------------------------------- command line


def test_cli_claims_no_shipped_round_trips_through_validate(tmp_path):
    claims, sources = own_files(tmp_path, first_id="art-01")
    args = ["--claims", str(claims), "--sources", str(sources), "--no-shipped"]
    out = run_cli("claims", *args, "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["claim_id"] for r in rows] == ["art-01", "usr-02", "usr-03"]
    # the CSV is a claims file again (no loader-only column), so it validates as it came in
    assert "ledger" not in rows[0]
    again = tmp_path / "again.csv"
    again.write_text(out.stdout, encoding="utf-8")
    check = run_cli("validate", str(again), "--sources", str(sources), "--no-shipped")
    assert check.returncode == 0, check.stdout
    as_json = json.loads(run_cli("claims", *args, "--format", "json").stdout)
    assert {r["ledger"] for r in as_json} == {claims.name}


def test_cli_validate_no_shipped_exit_codes(tmp_path):
    claims, sources = own_files(tmp_path, first_id="art-01")
    ok = run_cli("validate", str(claims), "--sources", str(sources), "--no-shipped")
    assert ok.returncode == 0 and ok.stdout.strip() == f"{claims}: valid"
    clash = run_cli("validate", str(claims), "--sources", str(sources))
    assert clash.returncode == 1 and f"{claims}:2:claim_id:" in clash.stdout


@pytest.mark.parametrize("command", [["claims"], ["figures", "--out", "unused"]])
def test_cli_no_shipped_without_claims_is_a_usage_error(tmp_path, command):
    out = run_cli(*command, "--no-shipped", cwd=tmp_path)
    assert out.returncode == 2
    assert "--no-shipped needs your claims file" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "unused").exists()


def test_cli_figures_no_shipped_draw_and_cite_only_the_users_claims(tmp_path):
    out = tmp_path / "figs"
    result = run_cli(
        "figures",
        "--claims",
        str(SAMPLE / "claims.csv"),
        "--sources",
        str(SAMPLE / "sources.csv"),
        "--no-shipped",
        "--only",
        "area-held-by-ukraine",  # a ledger of one's own: figures named by what they show
        "--out",
        str(out),
        "--jobs",
        "1",
    )
    assert result.returncode == 0, result.stderr
    meta = json.loads((out / "area-held-by-ukraine.json").read_text())
    assert meta["claims"] == [f"my-0{i}" for i in range(1, 9)]
    assert meta["sources"] and all(s["source_id"].startswith("my-") for s in meta["sources"])


def test_export_figures_shipped_false_changes_only_what_is_loaded(tmp_path, fake_render):
    # What is loaded is the point, not the drawing: stand-in pictures (tests/fake_render.py).
    # The user's claims drawn for real: the CLI test above and notebook 06 (contested too).
    lines = list(
        kd.export_figures(
            tmp_path,
            only=["disputes"],
            claims_path=SAMPLE / "claims.csv",
            sources_path=SAMPLE / "sources.csv",
            shipped=False,
        )
    )
    assert lines == ["wrote     disputes (png, svg, pdf, csv, json)"]
    meta = json.loads((tmp_path / "disputes.json").read_text())
    assert meta["claims"] and all(c.startswith("my-") for c in meta["claims"])


# --------------------------------------------------------------------------- the sample


def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    claims = kd.load_claims(
        path=SAMPLE / "claims.csv", sources_path=SAMPLE / "sources.csv", shipped=False
    )
    return claims, kd.load_sources(path=SAMPLE / "sources.csv", shipped=False)


def test_sample_ledger_is_valid_alone_and_merged():
    args = dict(sources=SAMPLE / "sources.csv")
    assert kd.validate(SAMPLE / "claims.csv", **args, shipped=False) == []
    assert kd.validate(SAMPLE / "claims.csv", **args) == []


def test_every_sample_figure_is_a_context_figure_with_the_same_page():
    # The sample re-expresses figures of the context table (shipped as ctx-NN): each of its
    # rows must match one of those in measure, value, bounds as stated for a range, date,
    # and the address of the page it was read on. No number of the sample is its own.
    claims, sources = sample()
    url = dict(zip(sources["source_id"], sources["url"], strict=True))
    ctx = kd.load_claims(source="context")
    shipped_url = kd.load_sources().set_index("source_id")["url"]
    ctx = ctx.assign(url=ctx["source_id"].map(shipped_url))
    for r in claims.itertuples():
        hits = ctx[
            (ctx["measure"] == r.measure)
            & (ctx["value"] == r.value)
            & (ctx["period_end"] == r.period_end)
            & (ctx["url"] == url[r.source_id])
        ]
        assert len(hits) == 1, r.claim_id
        if r.qualifier == "range":
            assert (hits["low"].iloc[0], hits["high"].iloc[0]) == (r.low, r.high)


def test_sample_sources_are_read_via_the_context_dataset():
    _, sources = sample()
    dataset = sources[sources["kind"] == "dataset"]
    assert len(dataset) == 1 and pd.isna(dataset["url"].iloc[0])
    assert dataset["note"].notna().all()
    pages = sources[sources["kind"] != "dataset"]
    assert (pages["via"] == dataset["source_id"].iloc[0]).all()
    assert pages["url"].str.startswith("https://").all()


def test_sample_shows_what_notebook_06_says_it_shows():
    claims, _ = sample()
    # running totals with a since date, a range, a figure of unknown wording, an implied zero
    assert claims["since"].notna().sum() >= 5
    assert {"range", "unknown"} <= set(claims["qualifier"].astype(str))
    assert (claims.loc[claims["basis"] == "implied", "value"] == 0).all()
    # two spellings of one body, which suggest_aliases finds and contested() then merges
    suggested = kd.suggest_aliases(claims)
    assert "South Korea NIS" in set(suggested["canonical"]) | set(suggested["spelling"])
    nk = "north_korean_troops_wounded"
    # Its totals at different dates are no dispute by default (running totals compare only
    # where their periods overlap); in a 30-day window the two spellings would disagree.
    assert not (kd.contested(data=claims)["measure"] == nk).any()
    plain = kd.contested(data=claims, window="30D")
    merged = kd.contested(data=claims, window="30D", aliases=suggested)
    assert (plain["measure"] == nk).any() and not (merged["measure"] == nk).any()
    # merged with the shipped ledger, the two ledgers' disputes stay apart
    both = kd.load_claims(path=SAMPLE / "claims.csv", sources_path=SAMPLE / "sources.csv")
    assert not kd.contested(data=both)["ledger"].str.contains(",").any()


# --------------------------------------------------------------------------- any ledger, charted

FICTIONAL = ROOT / "tests" / "fictional"  # a made-up conflict: every row and source says so


def _charted(out: Path, claims: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """Check an export of ``claims`` in ``out``: every figure it wrote is drawn again by
    draw_figure with every mark in its period and no layout problem, no PNG taller than
    4,000 px, no Kursk words; returns the ids."""
    import matplotlib.pyplot as plt
    from PIL import Image

    from kursk_data.figures import draw_figure
    from kursk_data.plotting import layout_problems
    from kursk_data.plotting.marks import marks_off_period

    ids = sorted(p.stem for p in out.glob("*.png"))
    assert ids and not any(i.endswith("-article") for i in ids)
    for fig_id in ids:
        assert Image.open(out / f"{fig_id}.png").size[1] <= 4000
        meta = json.loads((out / f"{fig_id}.json").read_text())
        assert "Kursk" not in json.dumps(meta)
        fig = draw_figure(fig_id, claims, sources)
        try:
            data = claims[claims["claim_id"].isin(meta["claims"])]
            assert marks_off_period(fig, data) == [], fig_id
            assert layout_problems(fig) == [], fig_id
        finally:
            plt.close(fig)
    return ids


def test_a_fictional_ledger_through_the_cli_the_registry_and_the_axes(tmp_path):
    import matplotlib.pyplot as plt

    from kursk_data.plotting import layout_problems, style
    from kursk_data.plotting.marks import marks_off_period

    out = tmp_path / "figs"
    args = ["--claims", str(FICTIONAL / "claims.csv"), "--sources", str(FICTIONAL / "sources.csv")]
    result = run_cli("figures", *args, "--no-shipped", "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    claims = kd.load_claims(
        path=FICTIONAL / "claims.csv", sources_path=FICTIONAL / "sources.csv", shipped=False
    )
    sources = kd.load_sources(path=FICTIONAL / "sources.csv", shipped=False)
    ids = _charted(out, claims, sources)
    assert "fictional-area-held" in ids and "disputes" in ids
    assert "Fictional Gazette (made up)" in (out / "README.md").read_text()
    for fn in (kd.plot_timeline, kd.plot_overview, kd.plot_contested, kd.plot_losses):
        fig, ax = plt.subplots(figsize=(7.2, 8))
        box = ax.get_window_extent(fig.canvas.get_renderer()).frozen()
        try:
            with style():
                assert fn(claims, ax=ax, sources=sources) is ax
            assert marks_off_period(fig, claims) == []
            assert layout_problems(fig) == []
            # Axes-level: the plot, its key and its footer stay inside the Axes given.
            fig.draw_without_rendering()
            r = fig.canvas.get_renderer()
            assert box.padded(1).contains(*ax.get_tightbbox(r).p0)
            foot = next(t for t in ax.texts if t.get_gid() == "footer")
            assert "Fictional Gazette (made up)" in foot.get_text()
        finally:
            plt.close(fig)


def test_a_fictional_ledger_is_never_merged_into_the_shipped_figures():
    committed = (ROOT / "figures" / "README.md").read_text()
    assert "Fictional" not in committed


@pytest.mark.skipif(
    not os.environ.get("KURSK_REAL_DATA"),
    reason="KURSK_REAL_DATA: a copy of the public daily losses table (benchmarks/real_losses.py)",
)
def test_a_real_daily_table_is_charted_at_its_dates(tmp_path):
    import subprocess
    import sys
    import time

    ledger = tmp_path / "ledger"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "real_losses.py"), str(ledger)], check=True
    )
    out = tmp_path / "figs"
    args = ["--claims", str(ledger / "claims.csv"), "--sources", str(ledger / "sources.csv")]
    start = time.perf_counter()
    result = run_cli("figures", *args, "--no-shipped", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert time.perf_counter() - start < 60
    claims = kd.load_claims(
        path=ledger / "claims.csv", sources_path=ledger / "sources.csv", shipped=False
    )
    sources = kd.load_sources(path=ledger / "sources.csv", shipped=False)
    assert len(claims) > 1000
    _charted(out, claims, sources)


def test_a_ledger_with_sides_of_its_own_exports_from_the_cli_with_or_without_workers(tmp_path):
    """`figures --sides`: another conflict's sides reach the figures, and worker processes
    (started before the sides are read) draw the same bytes as one process."""
    own = ROOT / "notebooks" / "fictional-ledger"
    args = ["--claims", str(own / "claims.csv"), "--sources", str(own / "sources.csv")]
    refused = run_cli("figures", *args, "--no-shipped", "--out", str(tmp_path / "none"))
    assert refused.returncode == 1 and "unknown side" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "none").exists()
    runs = {}
    for jobs in ("2", "1"):
        out = tmp_path / f"jobs{jobs}"
        done = run_cli(
            "figures", *args, "--sides", str(own / "sides.csv"), "--no-shipped",
            "--out", str(out), "--jobs", jobs,
            "--only", "area-held-by-veldra", "--only", "kostorian-tanks-lost",  # two: a pool
            real=jobs == "2",  # workers of a fresh interpreter
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        runs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert runs["1"] == runs["2"]
    svg = b"".join(v for k, v in runs["2"].items() if k.endswith(".svg"))
    # The sides file's name for a side, as the measure's label writes it ("Area held by
    # Veldra (fictional)"); the claimant key that also named sides is gone where labels name
    # every claimant (#24 round 5).
    assert b"Veldra (fictional)" in svg


def test_a_long_claimant_name_is_wrapped_not_left_to_squeeze_the_axis():
    """The real table's "General Staff of the Armed Forces of Ukraine, 30 Jun 2023" on one
    line left the value axis a tenth of the figure; here with a fictional name as long."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from kursk_data.plotting.marks import all_axes

    claims = kd.load_claims()
    rows = claims[claims["measure"].astype(str) == "russian_troops_in_kursk"].head(2).copy()
    rows["claimant"] = "General Staff of the Fictional Nowhere Army"  # 43 characters
    plt.figure()  # its own: pyplot's current figure may be another test's drawn figure
    ax = kd.plot_overview(rows)
    fig = ax.figure
    try:
        fig.draw_without_rendering()
        plots = [a for a in all_axes(fig) if a.get_lines()]
        assert plots
        assert all(a.get_window_extent().width >= 0.3 * fig.bbox.width for a in plots)
        names = [t.get_text() for a in plots for t in a.get_yticklabels() if t.get_text()]
        assert names and all("\n" in n.strip("\n") for n in names), names  # wrapped
    finally:
        plt.close(fig)
