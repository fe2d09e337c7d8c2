"""Citations name every source (year, publisher, title, address, access date); sidecars,
citations and footers include the user's own sources; file names are relative to the folder
the figures were written to."""

from __future__ import annotations

import json
import re

import pytest
from conftest import GOOD_ROWS, HEADER, ROOT, run_cli
from PIL import Image

import kursk_data as kd
from kursk_data import figures
from kursk_data.labels import source_line

COMMITTED = ROOT / "figures"
SOURCES_HEADER = "source_id,role,title,publisher,url,published,accessed,kind,note,via"
# Every character BibTeX or LaTeX treats specially, in a title and a publisher, and braces in
# an address: a citation must survive all of them.
HOSTILE_TITLE = r"Field notes {draft} 50% & more_#1 \ ~x^2 $5"
HOSTILE_PUBLISHER = "Ana & Co {Ltd}"


@pytest.fixture
def user_files(tmp_path):
    """A user's claim citing their own page, which was read via their own dataset."""
    sources = tmp_path / "my-sources.csv"
    sources.write_text(
        "\n".join(
            [
                SOURCES_HEADER,
                f'my-notes,user,"{HOSTILE_TITLE}",{HOSTILE_PUBLISHER},'
                "https://example.org/a{b}/c,2025-03-01,2025-03-02,other,,my-table",
                "my-table,user,A table of figures,Table Makers,https://example.org/table,,,"
                "dataset,A compiled table of figures.,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    claims = tmp_path / "my-claims.csv"
    row = GOOD_ROWS[0].replace(",metaworld-2025-06-22,", ",my-notes,")
    claims.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    return claims, sources


def bib_entries(bib: str) -> dict[str, dict[str, str]]:
    """A small BibTeX reader: every entry's key and fields. Fails on unbalanced braces."""
    entries = {}
    for m in re.finditer(r"@misc\{([^,]+),\n", bib):
        depth, i = 1, m.end()
        while depth:
            ch = bib[i]
            if ch == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(ch, 0)
            i += 1
        body = bib[m.end() : i - 1]
        fields = {}
        for line in body.split(",\n"):
            key, _, value = line.strip().partition(" = ")
            assert value.startswith("{") and value.endswith("}"), line
            fields[key] = value[1:-1]
        entries[m.group(1)] = fields
    assert entries, bib
    return entries


def balanced(text: str) -> bool:
    depth = 0
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth < 0:
            return False
        i += 1
    return depth == 0


def test_user_sources_reach_sidecar_citation_bibtex_metadata_and_gallery(tmp_path, user_files):
    claims, sources = user_files
    out = tmp_path / "elsewhere"
    result = run_cli(
        "figures",
        "--out",
        str(out),
        "--claims",
        str(claims),
        "--sources",
        str(sources),
        "--only",
        "territory-article",
    )
    assert result.returncode == 0, result.stderr
    meta = json.loads((out / "territory-article.json").read_text())
    listed = {s["source_id"]: s for s in meta["sources"]}
    # the user's page and the dataset it was read through, beside the shipped article
    assert {"my-notes", "my-table", "metaworld-2025-06-22"} <= set(listed)
    assert listed["my-notes"]["title"] == HOSTILE_TITLE
    assert listed["my-notes"]["via"] == "my-table"
    text = meta["citation"]["text"]
    assert f'{HOSTILE_PUBLISHER} (2025), "{HOSTILE_TITLE}", read via my-table' in text
    assert "https://example.org/a{b}/c, accessed 2025-03-02" in text
    assert 'Table Makers (n.d.), "A table of figures"' in text
    assert "https://example.org/table, no access date recorded" in text
    bib = meta["citation"]["bibtex"]
    assert balanced(bib)
    entries = bib_entries(bib)
    notes = entries["my-notes"]
    assert notes["author"] == r"{Ana \& Co \{Ltd\}}"
    assert notes["title"] == (
        r"{Field notes \{draft\} 50\% \& more\_\#1 \textbackslash{} \textasciitilde{}x"
        r"\textasciicircum{}2 \$5}"
    )
    assert notes["url"] == "https://example.org/a%7Bb%7D/c"
    assert (notes["year"], notes["urldate"], notes["date"]) == ("2025", "2025-03-02", "2025-03-01")
    assert "Read via my-table" in notes["note"]
    assert entries["my-table"]["year"] == "n.d." and "urldate" not in entries["my-table"]
    # the file's own metadata and the gallery name the user's source too
    png = Image.open(out / "territory-article.png")
    assert f"{HOSTILE_PUBLISHER} via Table Makers" in png.text["Source"]
    # (as Markdown that renders as the very text: its markup characters are escaped)
    from html import escape

    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").render((out / "README.md").read_text())
    assert escape(f'"{HOSTILE_TITLE}"', quote=False).replace('"', "&quot;") in page
    relative_paths_only(meta, "territory-article", tmp_path)


def test_footer_drawn_on_the_chart_names_the_user_source(user_files):
    claims, sources = user_files
    merged = kd.load_claims(path=claims, sources_path=sources)
    fig = figures.draw_figure("territory-article", merged, kd.load_sources(path=sources))
    footers = [
        t.get_text() for t in fig.findobj() if getattr(t, "get_gid", lambda: None)() == "footer"
    ]
    assert footers and f"{HOSTILE_PUBLISHER} via Table Makers" in footers[0]
    assert "metaworld.media" in footers[0]


def relative_paths_only(meta: dict, fig_id: str, tmp_path) -> None:
    assert set(meta["files"]) == {f"{fig_id}.{ext}" for ext in ("png", "svg", "pdf", "csv")}
    for citation in meta["citation"].values():
        citation = citation if isinstance(citation, str) else json.dumps(citation)
        assert f"file {fig_id}.png" in citation or f"File {fig_id}.png" in citation
        assert "figures/" not in citation and str(tmp_path) not in citation


def cli(capsys, *args: str) -> tuple[int, str]:
    """The command line in this process (with the stand-in renderer): exit code, output."""
    from kursk_data.cli import main

    code = main(list(args))
    return code, capsys.readouterr().out


def test_sidecar_paths_are_relative_to_the_output_folder(tmp_path, capsys, fake_render):
    """The sidecar is written whatever the pictures are: stand-ins here (tests/fake_render.py);
    a real command line run checks the same in the first test of this file."""
    out = tmp_path / "a" / "b"
    assert cli(capsys, "figures", "--out", str(out), "--only", "losses-article")[0] == 0
    meta = json.loads((out / "losses-article.json").read_text())
    relative_paths_only(meta, "losses-article", tmp_path)


def test_a_changed_source_title_rewrites_the_sidecar(tmp_path, user_files, capsys, fake_render):
    """Stale citations are worse than none: a source's new title must reach the sidecar even
    though the claims drawn did not change. Whether to redraw is decided before drawing, and
    the sidecar written whatever the pictures are: stand-ins here (tests/fake_render.py); the
    first test of this file draws these files for real through the command line."""
    claims, sources = user_files
    out = tmp_path / "figs"
    args = ["figures", "--out", str(out), "--claims", str(claims), "--sources", str(sources)]
    assert cli(capsys, *args, "--only", "territory-article")[0] == 0
    sources.write_text(sources.read_text().replace("A table of figures", "Renamed table"))
    code, again = cli(capsys, *args, "--only", "territory-article")
    assert code == 0 and again.startswith("wrote")
    assert "Renamed table" in (out / "territory-article.json").read_text()


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_committed_citations_cite_every_source_in_full(spec):
    meta = json.loads((COMMITTED / f"{spec.id}.json").read_text())
    text, bib = meta["citation"]["text"], meta["citation"]["bibtex"]
    assert balanced(bib)
    entries = bib_entries(bib)
    assert len(entries) == len(meta["sources"]) + 1  # one per source, plus the package
    package = entries[next(iter(entries))]
    # dated even before a release: by the shipped data's newest access date
    newest = kd.load_sources()["accessed"].dropna().max()
    assert package["year"] == f"{newest:%Y}" and f"File {spec.id}.png" in package["note"]
    assert "CC BY 4.0" in package["note"] and "CC BY 4.0" in text
    for s in meta["sources"]:
        year = s["published"][:4] if s["published"] else "n.d."
        title = f'"{s["title"]}"' if s["title"] else "title not recorded"
        accessed = f"accessed {s['accessed']}" if s["accessed"] else "no access date recorded"
        assert f"{s['publisher']} ({year}), {title}, {s['url']}, {accessed}" in text
        e = entries[s["source_id"]]
        assert e["year"] == year and e["url"] == s["url"]
        assert e.get("urldate") == s["accessed"]


def test_footer_names_every_source_never_and_n_more():
    data = kd.load_claims()
    line = source_line(data)
    assert "more" not in line
    for publisher in set(kd.load_sources()["publisher"]):
        assert publisher in line


def test_footer_never_drops_a_source_it_cannot_look_up():
    data = kd.load_claims(source="article").assign(source_id="nobody-knows")
    assert source_line(data).startswith("Source: source nobody-knows.")


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_cite_as_under_a_notebook_chart_never_breaks_inside_a_word(spec):
    printed = figures.citation_line(spec.id)
    data = spec.data(kd.load_claims())
    unwrapped = (
        "Cite as: " + figures.citation(spec, data, kd.load_sources(), addresses=False)["text"]
    )
    # the chart's footer names the sources: they are not printed twice under it
    assert source_line(data) not in " ".join(printed.split())
    lines = printed.splitlines()
    assert all(len(line) <= 88 for line in lines), max(lines, key=len)
    # the same words in the same order: nothing was cut inside a name, a title or an id
    assert printed.split() == unwrapped.split()
    assert " ".join(printed.split()).endswith("Addresses and access dates: kd.load_sources().")
