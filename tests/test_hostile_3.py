"""Issue #22, third hostile round: each promise tried as a hostile user would try it.

Where the promise is about the command line, the real CLI runs in a new interpreter under a
shell (pipes, closed descriptors, a terminal's encoding are the shell's business).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_ROWS, HEADER, ROOT, cells, join, run_cli

import kursk_data as kd
from kursk_data.figure_folder import FILE_KINDS, IMAGE_FORMATS

CLI = f"{shlex.quote(sys.executable)} -m kursk_data"


def shell(script: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``script`` in bash with pipefail, ``kd`` standing for the real CLI."""
    return subprocess.run(
        ["bash", "-c", f'set -o pipefail; kd() {{ {CLI} "$@"; }}; {script}'],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=600,
    )


def bad_file(path: Path, rows: int = 3000) -> Path:
    """A claims file with a problem in every row: far more report than a pipe buffers."""
    lines = [HEADER]
    for i in range(rows):
        vals = cells(GOOD_ROWS[0])
        vals[0] = f"usr-{i}"
        vals[HEADER.split(",").index("value")] = "lots"
        lines.append(join(vals))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- 4: broken pipe


def test_a_reader_leaving_early_does_not_turn_a_failure_into_success(tmp_path):
    bad_file(tmp_path / "bad.csv")
    done = shell("kd validate bad.csv --max-problems 100000 | head -1", tmp_path)
    assert done.stdout.count("\n") == 1
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    # a listing with no verdict still succeeds when its reader stops
    done = shell("kd claims | head -1", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# --------------------------------------------------------------------------- 16: closed streams


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ("kd check - <&-", "kursk-data: error: standard input is closed: nothing to read\n"),
        (
            "kd claims --format csv >&-",
            "kursk-data: error: standard output is closed; redirect it to a file or /dev/null\n",
        ),
    ],
)
def test_a_closed_standard_stream_is_one_usage_line(tmp_path, script, message):
    done = shell(script, tmp_path)
    assert (done.returncode, done.stderr) == (2, message)


# --------------------------------------------------------------------------- 13: encodings


@pytest.mark.parametrize(
    "env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"}]
)
def test_a_terminal_that_cannot_show_a_dash_still_gets_the_report(tmp_path, env):
    bad_file(tmp_path / "bad.csv", rows=2)
    # the caller's own encoding settings left out: only the test's reach the CLI
    own = ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG")
    base = {k: v for k, v in os.environ.items() if k not in own}
    run = {**base, **env, "PYTHONPATH": str(ROOT)}
    probe = [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"]
    assert subprocess.run(probe, capture_output=True, text=True, env=run).stdout.strip() in (
        "ascii",
        "ANSI_X3.4-1968",
    )
    done = subprocess.run(
        [sys.executable, "-m", "kursk_data", "validate", "bad.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=run,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr
    assert 'bad.csv:2:value: "lots" -- ' in done.stdout
    assert done.stderr == "bad.csv: 2 problem(s)\n"
    # data files stay data: the CSV is UTF-8 bytes whatever the terminal, values unchanged
    done = subprocess.run(
        [sys.executable, "-m", "kursk_data", "claims", "--format", "csv"],
        capture_output=True,
        env=run,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "90 km²".encode() in done.stdout


# --------------------------------------------------------------------------- --jobs, --only


@pytest.mark.parametrize("jobs", ["0", "-5"])
def test_jobs_must_be_one_or_more(tmp_path, jobs):
    done = run_cli("figures", "--out", str(tmp_path / "out"), "--jobs", jobs)
    assert done.returncode == 2
    assert f"argument --jobs: must be 1 or more: {jobs}" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_figure_named_twice_is_drawn_once(tmp_path, monkeypatch):
    from fake_render import fake_render

    from kursk_data.figures import export

    drawn = []  # what is drawn, not how: stand-in pictures (tests/fake_render.py)

    def counted(spec, *args, **kwargs):
        drawn.append(spec.id)
        return fake_render(spec, *args, **kwargs)

    monkeypatch.setattr(export, "render", counted)
    out = tmp_path / "out"
    done = run_cli(
        "figures", "--out", str(out), "--only", "territory-article", "--only", "territory-article"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["wrote     territory-article (png, svg, pdf, csv, json)"]
    assert drawn == ["territory-article"]


# --------------------------------------------------------------------------- 2: claims in --out


def claims_in(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *GOOD_ROWS]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name", ["territory-article.csv", "contested.json", "overview-article.png"]
)
def test_a_claims_file_the_run_would_write_over_is_refused(tmp_path, name):
    out = tmp_path / "figs"
    mine = claims_in(out, name)
    before = mine.read_bytes()
    done = run_cli("figures", "--out", "figs/", "--claims", f"figs/../figs/{name}", cwd=tmp_path)
    assert done.returncode == 2, done.stdout
    assert done.stderr == (
        f"kursk-data: error: figs/../figs/{name}: your claims file is {name} in figs, which "
        "the run writes: move it out of that folder\n"
    )
    assert mine.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_a_link_to_a_file_the_run_writes_is_refused_too(tmp_path, fake_render):
    # Which files a run takes, not what it draws: stand-in pictures (tests/fake_render.py).
    mine = claims_in(tmp_path / "figs", "troops-article.csv")
    (tmp_path / "mine.csv").symlink_to(mine)
    before = mine.read_bytes()
    done = run_cli(
        "figures", "--out", "figs", "--only", "contested", "--sources", "mine.csv", cwd=tmp_path
    )
    assert done.returncode == 2 and "your sources file is troops-article.csv" in done.stderr
    assert mine.read_bytes() == before
    # the same file elsewhere, or under its own name in the folder, is drawn as usual
    claims_in(tmp_path / "figs", "my-claims.csv")
    done = run_cli(
        "figures",
        "--out",
        "figs",
        "--only",
        "contested",
        "--claims",
        "figs/my-claims.csv",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert mine.read_bytes() == before


# --------------------------------------------------------------------------- 18: size refusal


def test_figures_refuses_a_ledger_above_its_documented_size_before_drawing(tmp_path):
    from kursk_data.figures.export import MAX_CLAIMS

    assert MAX_CLAIMS >= 100_000  # the promise: at least 100,000 claims are drawn
    vals = cells(GOOD_ROWS[0])
    lines = [HEADER]
    for i in range(MAX_CLAIMS):  # with the shipped ledger, just over the limit
        vals[0] = f"usr-{i}"
        lines.append(join(vals))
    (tmp_path / "many.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shipped = len(kd.load_claims())
    done = run_cli("figures", "--out", "figs", "--claims", "many.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"kursk-data: error: {MAX_CLAIMS + shipped:,} claims: figures draws at most "
        f"{MAX_CLAIMS:,}; draw a selection of them\n"
    )
    assert not (tmp_path / "figs").exists()
    # at the limit itself it would draw: the refusal is about size, not about the file
    assert run_cli("validate", "many.csv", cwd=tmp_path).returncode == 0


# --------------------------------------------------------------------------- 10: exact CSV

SOURCES = (
    "source_id,role,title,publisher,url,published,accessed,kind,note,via\n"
    "metaworld-2025-06-22,user,A page,A publisher,https://example.org/a,2025-06-22,"
    "2025-06-23,news_report,,\n"
)


def test_the_csv_export_reads_back_as_the_same_values(tmp_path):
    rows = [join(cells(r)) for r in GOOD_ROWS]
    for i, (column, value) in enumerate(
        [("claimant", "@DeepStateUA"), ("wording", "-5 sq km"), ("note", "=Someone")]
    ):
        vals = cells(rows[i])
        vals[HEADER.split(",").index(column)] = value
        rows[i] = join(vals)
    (tmp_path / "mine.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    (tmp_path / "src.csv").write_text(SOURCES, encoding="utf-8")
    mine = ["--claims", "mine.csv", "--sources", "src.csv", "--no-shipped"]
    done = run_cli("claims", *mine, "--format", "csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "again.csv").write_text(done.stdout, encoding="utf-8")
    got = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(done.stdout))}
    assert got["usr-01"]["claimant"] == "@DeepStateUA"
    assert got["usr-02"]["wording"] == "-5 sq km"
    assert got["usr-03"]["note"] == "=Someone"
    again = run_cli("validate", "again.csv", "--sources", "src.csv", "--no-shipped", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    first = kd.load_claims(
        path=tmp_path / "mine.csv", sources_path=tmp_path / "src.csv", shipped=False
    )
    second = kd.load_claims(
        path=tmp_path / "again.csv", sources_path=tmp_path / "src.csv", shipped=False
    )
    import pandas as pd

    pd.testing.assert_frame_equal(first.drop(columns="ledger"), second.drop(columns="ledger"))
    # the guard is there when asked for
    guarded = run_cli("claims", *mine, "--format", "csv", "--spreadsheet-safe", cwd=tmp_path)
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(guarded.stdout))}
    assert rows["usr-01"]["claimant"] == "'@DeepStateUA"
    assert rows["usr-03"]["note"] == "'=Someone"
    wrong = run_cli("claims", *mine, "--format", "json", "--spreadsheet-safe", cwd=tmp_path)
    assert (wrong.returncode, wrong.stdout) == (2, "")
    assert wrong.stderr == "kursk-data: error: --spreadsheet-safe is for --format csv\n"


# --------------------------------------------------------------------------- 11: role=article


def test_a_users_source_calling_itself_article_does_not_join_the_article(tmp_path):
    (tmp_path / "src.csv").write_text(
        "source_id,role,title,publisher,url,published,accessed,kind,note,via\n"
        "my-art,article,My article,Me,https://example.org/a,2025-06-22,2025-06-23,"
        "news_report,,\n",
        encoding="utf-8",
    )
    vals = cells(GOOD_ROWS[0])
    vals[HEADER.split(",").index("source_id")] = "my-art"
    (tmp_path / "mine.csv").write_text(f"{HEADER}\n{join(vals)}\n", encoding="utf-8")
    mine = ["--claims", "mine.csv", "--sources", "src.csv", "--format", "csv"]
    article = set(kd.load_claims(source="article")["claim_id"])  # the shipped article's
    assert article and "usr-01" not in article
    done = run_cli("claims", *mine, "--source", "article", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert {r["claim_id"] for r in csv.DictReader(io.StringIO(done.stdout))} == article
    done = run_cli("claims", *mine, "--source", "user", cwd=tmp_path)
    assert [r["claim_id"] for r in csv.DictReader(io.StringIO(done.stdout))] == ["usr-01"]
    # on its own, the user's ledger has an article of its own
    done = run_cli("claims", *mine, "--no-shipped", "--source", "article", cwd=tmp_path)
    assert [r["claim_id"] for r in csv.DictReader(io.StringIO(done.stdout))] == ["usr-01"]


# --------------------------------------------------------------------------- the ledger column


def test_no_absolute_path_of_the_users_is_written_into_exported_files(tmp_path):
    home = tmp_path / "home" / "alice" / "private"
    mine = claims_in(home, "mine.csv")
    work = tmp_path / "work"
    claims_in(work / "data", "theirs.csv")
    # typed as an absolute path, outside the working folder: its name alone
    done = run_cli("claims", "--claims", str(mine), "--format", "json", cwd=work)
    assert done.returncode == 0, done.stderr
    assert "alice" not in done.stdout and str(tmp_path) not in done.stdout
    assert '"ledger": "mine.csv"' in done.stdout
    done = run_cli(
        "figures", "--out", "figs", "--claims", str(mine), "--only", "territory-article", cwd=work
    )
    assert done.returncode == 0, done.stderr
    for f in (work / "figs").iterdir():
        assert b"alice" not in f.read_bytes(), f.name
    data = list(csv.DictReader(io.StringIO((work / "figs" / "territory-article.csv").read_text())))
    assert {r["ledger"] for r in data} == {"shipped", "mine.csv"}
    # inside the working folder, however typed: its path from there
    for typed in (str(work / "data" / "theirs.csv"), "./data/../data/theirs.csv"):
        done = run_cli("claims", "--claims", typed, "--format", "json", cwd=work)
        assert '"ledger": "data/theirs.csv"' in done.stdout, typed


# --------------------------------------------------------------------------- 14: tiny values


def test_tiny_values_are_labelled_with_their_significant_digits(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    rows = []
    for i, value in enumerate(["0.000001", "1e-300"]):
        vals = cells(GOOD_ROWS[0])
        for column, cell in [
            ("claim_id", f"usr-0{i + 1}"),
            ("value", value),
            ("low", value),
            ("high", value),
            ("qualifier", "exact"),
            ("wording", ""),
            ("alt_value", ""),
            ("alt_unit", ""),
        ]:
            vals[HEADER.split(",").index(column)] = cell
        rows.append(join(vals))
    (tmp_path / "tiny.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    claims = kd.load_claims(path=tmp_path / "tiny.csv")
    svg = {}  # the text as drawn: one format is enough, the labels are the same in each
    for fig_id in ("overview-article", "territory-timeline"):
        fig = kd.figures.draw_figure(fig_id, claims)
        buf = io.BytesIO()
        try:
            with kd.plotting.style():
                fig.savefig(buf, format="svg")
        finally:
            plt.close(fig)
        svg[fig_id] = buf.getvalue().decode("utf-8")
    assert "0.000001 km²" in svg["overview-article"]
    assert "1×10⁻³⁰⁰ km²" in svg["overview-article"]
    for fig_id, text in svg.items():
        assert "0.0 km²" not in text, fig_id
    # a title derived from the claims too (on their own, the smallest is the tiny one); the
    # words only, so stand-in pictures (tests/fake_render.py)
    from fake_render import fake_render

    from kursk_data.figures import export

    monkeypatch.setattr(export, "render", fake_render)
    (tmp_path / "src.csv").write_text(SOURCES, encoding="utf-8")
    done = run_cli(
        "figures",
        "--out",
        "own",
        "--claims",
        "tiny.csv",
        "--sources",
        "src.csv",
        "--no-shipped",
        "--only",
        "area-held-by-ukraine",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    title = (tmp_path / "own" / "area-held-by-ukraine.json").read_text(encoding="utf-8")
    assert "claims from 1×10⁻³⁰⁰ km² to 0.000001 km²" in title
    # the words beside the charts say the same
    from kursk_data.labels import figure_text

    words = figure_text(claims.set_index("claim_id").loc["usr-02"])
    assert words == "1×10⁻³⁰⁰ km²"


# --------------------------------------------------------------------------- 7: long names


def test_long_claimant_names_stay_on_the_figure_and_distinct(tmp_path):
    import matplotlib.pyplot as plt

    from kursk_data.plotting.geometry import renderer_of

    stem = "Regional administration of the border districts, press office for the"
    names = [f"{stem} {'x' * (118 - len(stem))}{last}" for last in "ABC"]
    assert {len(n) for n in names} == {120}  # the longest name the ledger allows
    rows = []
    for i, name in enumerate(names):
        vals = cells(GOOD_ROWS[0])
        vals[0] = f"usr-0{i + 1}"
        vals[HEADER.split(",").index("claimant")] = name
        rows.append(join(vals))
    (tmp_path / "long.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    (tmp_path / "src.csv").write_text(SOURCES, encoding="utf-8")
    # on their own, so each of the three has a colour (and a legend entry) of its own
    mine = {"path": tmp_path / "long.csv", "sources_path": tmp_path / "src.csv"}
    claims = kd.load_claims(**mine, shipped=False)
    fig = kd.figures.draw_figure(
        "area-held-by-ukraine", claims, kd.load_sources(path=mine["sources_path"], shipped=False)
    )
    try:
        fig.draw_without_rendering()
        renderer = renderer_of(fig)
        legend = next(lg for lg in fig.axes[0].artists if lg.get_gid() == "legend:Claimant")
        texts = [t for t in legend.get_texts() if "Regional" in t.get_text()]
        assert len(texts) == 3
        assert len({t.get_text() for t in texts}) == 3, [t.get_text() for t in texts]
        for t in texts:
            box = t.get_window_extent(renderer)
            assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1, t.get_text()
            assert t.get_text().endswith(("A (Ukraine)", "B (Ukraine)", "C (Ukraine)"))
    finally:
        plt.close(fig)


# --------------------------------------------------------------------------- 9: gallery text

HOSTILE = (
    "Evil Press\n# Owned\n<script>alert(1)</script> [click](http://evil.example/a) "
    "![x](http://evil.example/i.png) <img src=x onerror=alert(1)> **bold** www.evil.example "
    "https://evil.example/bare ```"
)


def test_hostile_words_are_shown_in_the_gallery_never_obeyed(tmp_path, fake_render):
    # The gallery is written from the claims and sources, whatever the pictures show: they are
    # stand-ins here (tests/fake_render.py).
    from markdown_it import MarkdownIt

    sources = io.StringIO()
    writer = csv.writer(sources, lineterminator="\n")
    writer.writerow(SOURCES.splitlines()[0].split(","))
    writer.writerow(
        [
            "my-src",
            "user",
            HOSTILE,
            HOSTILE,
            "https://example.org/a_b?x=1&y=2",
            "2025-06-22",
            "2025-06-23",
            "news_report",
            "",
            "",
        ]
    )
    (tmp_path / "src.csv").write_text(sources.getvalue(), encoding="utf-8")
    vals = cells(GOOD_ROWS[0])
    for column, cell in [("source_id", "my-src"), ("claimant", "Claimant\n## <b>x</b>")]:
        vals[HEADER.split(",").index(column)] = cell
    with open(tmp_path / "mine.csv", "w", encoding="utf-8", newline="") as fh:
        rows = csv.writer(fh, lineterminator="\n")  # quotes the cell with a line break
        rows.writerows([HEADER.split(","), vals])
    assert run_cli("validate", "mine.csv", "--sources", "src.csv", cwd=tmp_path).returncode == 0
    done = run_cli(
        "figures",
        "--out",
        "figs",
        "--claims",
        "mine.csv",
        "--sources",
        "src.csv",
        "--only",
        "territory-article",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "figs" / "README.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(page)
    assert "<script" not in html and "<img src=x" not in html and "<b>" not in html
    assert "evil.example" not in "".join(  # no link or image goes there
        a for a in html.split('"') if a.startswith("http") or a.startswith("//")
    )
    assert "<strong>" not in html and "<h1>Owned" not in html
    headings = [line for line in page.splitlines() if line.startswith("#")]
    assert len(headings) == 1 + len(kd.figures.FIGURES)  # the page's, then one per figure
    # GitHub's own bare-address links are defused, the source's own address stays a link
    assert "https\\://evil.example/bare" in page and "www\\.evil.example" in page
    assert '<a href="https://example.org/a_b?x=1&amp;y=2">' in html
    # the words are all there, shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[click](http://evil.example/a)" in html


# --------------------------------------------------------------------------- 8: matplotlibrc

HOSTILE_RC = """\
font.size: 21
font.family: serif
lines.linewidth: 6
axes.facecolor: black
axes.prop_cycle: cycler('color', ['r', 'g'])
axes.unicode_minus: False
figure.dpi: 37
savefig.dpi: 41
savefig.facecolor: yellow
svg.fonttype: path
svg.hashsalt: mine
pdf.compression: 0
path.simplify: False
text.antialiased: False
date.autoformatter.month: %m/%y
timezone: Pacific/Kiritimati
date.epoch: 1900-01-01T00:00:00
savefig.bbox: tight
savefig.pad_inches: 1.5
figure.autolayout: True
figure.constrained_layout.use: True
axes.formatter.use_locale: True
axes.formatter.limits: -2, 2
pdf.use14corefonts: True
mathtext.fontset: stix
legend.frameon: True
xtick.direction: inout
axes.grid: False
"""


PLACES = ["working folder", "MPLCONFIGDIR", "home config"]
# What matplotlib holds once imported: every setting, and the file it read them from.
_PROBE = (
    "import json, os, matplotlib as m; "
    "print(os.path.abspath(m.matplotlib_fname())); "
    "print(json.dumps({k: repr(v) for k, v in sorted(m.rcParams.items())}))"
)


def _env(home: Path, cache: Path) -> dict[str, str]:
    """A user's environment with no matplotlib settings of the caller's, and a font cache
    copied from this process's matplotlib (building one costs seconds)."""
    import matplotlib

    keep = {"PATH", "LANG", "LC_ALL", "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    (cache / "matplotlib").mkdir(parents=True, exist_ok=True)
    for font_list in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
        (cache / "matplotlib" / font_list.name).write_bytes(font_list.read_bytes())
    return env | {
        "PYTHONPATH": str(ROOT),
        "MPLBACKEND": "Agg",
        "HOME": str(home),
        "XDG_CACHE_HOME": str(cache),
    }


def _personal_rc(root: Path, where: str) -> tuple[Path, dict[str, str], Path]:
    """The hostile matplotlibrc in one of the places matplotlib reads it from: the folder the
    user runs in, the environment for it, and the file."""
    home, cwd = root / "home", root / "work"
    cwd.mkdir(parents=True)
    env = _env(home, root / "cache")
    rc = {
        "working folder": cwd / "matplotlibrc",
        "MPLCONFIGDIR": root / "mplconfig" / "matplotlibrc",
        "home config": home / ".config" / "matplotlib" / "matplotlibrc",
    }[where]
    rc.parent.mkdir(parents=True, exist_ok=True)
    if where == "MPLCONFIGDIR":
        env["MPLCONFIGDIR"] = str(rc.parent)
        for font_list in (root / "cache" / "matplotlib").glob("fontlist-*.json"):
            (rc.parent / font_list.name).write_bytes(font_list.read_bytes())
    rc.write_text(HOSTILE_RC, encoding="utf-8")
    return cwd, env, rc


def test_a_personal_matplotlibrc_changes_no_exported_byte(tmp_path):
    """Wherever it sits, the user's matplotlibrc is read, and every figure file comes out as
    the committed one (drawn with none: test_figures.py proves `make figures` makes them).

    matplotlib reads one such file, the first it finds, once, at import: in each place the
    imported matplotlib is shown to hold the same settings, the hostile ones, so exporting
    under one of them (the working folder's) is exporting under any of them. One export
    rather than three: each costs a new interpreter and a drawing."""
    held = {}
    for where in PLACES:
        cwd, env, rc = _personal_rc(tmp_path / where.replace(" ", "-"), where)
        seen = subprocess.run(
            [sys.executable, "-c", _PROBE],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        read_from, params = seen.stdout.splitlines()
        assert read_from == str(rc), seen.stderr
        held[where] = json.loads(params)
        assert (held[where]["font.size"], held[where]["svg.hashsalt"]) == ("21.0", "'mine'")
    assert held["MPLCONFIGDIR"] == held["working folder"] == held["home config"]
    cwd, env, _ = _personal_rc(tmp_path / "export", "working folder")
    out = tmp_path / "mine"
    args = ["figures", "--out", str(out), "--jobs", "1", "--only", "territory-timeline"]
    done = subprocess.run(
        [sys.executable, "-m", "kursk_data", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    mine = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    names = ["README.md", *(f"territory-timeline.{kind}" for kind in FILE_KINDS)]
    assert sorted(mine) == sorted(names)
    changed = [name for name in names if mine[name] != (ROOT / "figures" / name).read_bytes()]
    assert changed == [], "run `make figures` first if test_figures.py fails too"


def test_a_style_in_use_changes_no_exported_byte():
    import matplotlib.pyplot as plt

    from kursk_data.figures import FIGURES
    from kursk_data.figures.export import render
    from kursk_data.figures.registry import ledger_palette

    claims, sources = kd.load_claims(), kd.load_sources()
    spec = FIGURES["contested"]
    data = spec.data(claims)
    # as drawn with no style: the committed files (test_figures.py proves they are that)
    plain = {k: (ROOT / "figures" / f"contested.{k}").read_bytes() for k in IMAGE_FORMATS}
    with (
        plt.style.context(["dark_background", {"font.size": 19}]),
        plt.rc_context({"timezone": "Asia/Tokyo"}),
    ):
        styled = render(spec, data, sources, ledger_palette(claims))
    assert sorted(styled) == sorted(plain)
    assert [k for k in plain if styled[k] != plain[k]] == []


def test_check_answers_for_the_whole_text_when_its_reader_leaves_early(tmp_path):
    """`check` streams its report piece by piece; a reader that leaves after the first line
    must not hide a disagreeing pair that lies in a later piece."""
    from kursk_data.extract.find import PIECE_CHARS

    line = "Ukraine said it held 100 square kilometres there.\n\n"
    fine = line * (PIECE_CHARS // len(line) + 1)  # the pair falls in the second piece
    pair = "Ukraine held 90 sq km (500 square miles).\n"
    (tmp_path / "pair.txt").write_text(pair)
    (tmp_path / "t.txt").write_text(fine + pair)
    alone = shell("kd check pair.txt > /dev/null", tmp_path)
    assert alone.returncode == 1, alone.stderr  # the pair 90 km² / 500 mi² disagrees
    early = shell("kd check t.txt | head -1", tmp_path)
    assert early.returncode == 1, early.stderr
    assert "Traceback" not in early.stderr
