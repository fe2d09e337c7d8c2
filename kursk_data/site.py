"""The site's sources, generated: a page per registered figure, the data dictionary, the API
reference, the notebooks and every ``docs/*.md`` page, staged as one Sphinx project.

``python -m kursk_data.site stage --out DIR`` writes the project (``make site`` then runs
Sphinx on it). Nothing here is written by hand per figure: the pages come from the figure
registry and the sidecars and data files ``make figures`` wrote (``figures/<id>.json``,
``figures/<id>.csv``). Every text that can come from a ledger (claimant, wording, note,
publisher, title) reaches a page HTML-escaped, inside a raw HTML block that the Markdown
parser leaves alone; headings are Markdown with every punctuation character escaped.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from kursk_data.figure_folder import FILE_KINDS
from kursk_data.figures.citation import Edition, citation, csl_json_text, edition
from kursk_data.figures.registry import FIGURES, FigureSpec
from kursk_data.load import load_claims, load_sources
from kursk_data.plotting.grammar import grammar_handles

ROOT = Path(__file__).resolve().parents[1]
DOWNLOAD_WORDS = {
    "png": "PNG image",
    "svg": "SVG image (text as text)",
    "pdf": "PDF",
    "csv": "data (CSV): every row drawn",
    "json": "sidecar (JSON): claims, sources, hashes, citations",
}
# One symbol per part of the chart grammar, as the legend under each chart draws it.
GLYPHS = {
    "exact": "●",
    "about": "◆",
    "range": "■",
    "unknown": "✕",
    "over": "▲",
    "up_to": "▼",
    "implied": "○",
    "period": "━",
    "inferred": "┅",
    "running": "•",
}
LICENCE_HTML = (
    '<p class="kd-licence">Data and figures: '
    "<strong>Creative Commons Attribution 4.0 (CC BY 4.0)</strong>: share and adapt them, "
    "naming this package and the original sources. Code: MIT.</p>"
)
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~^$%@:;\"'=/,?])")


def md_escape(text: str) -> str:
    """Text for a Markdown heading or paragraph: every ASCII punctuation character escaped
    (CommonMark allows a backslash before any of them), so no markup or HTML survives."""
    return MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def esc(value) -> str:
    """Text for HTML: markup characters escaped, and backticks too, so no text can close
    the Markdown fence around a raw HTML block."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True).replace("`", "&#96;")


def raw_html(lines: Iterable[str]) -> str:
    """A raw HTML block in MyST Markdown (passed to the page untouched)."""
    return "\n".join(["````{raw} html", *lines, "````", ""])


def _day(value) -> str:
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def period_words(row: pd.Series) -> str:
    """The period a claim covers, as a reader says it, with an inferred one marked."""
    start, end = row["period_start"], row["period_end"]
    words = _day(start) if start == end else f"{_day(start)} to {_day(end)}"
    if pd.notna(row.get("since")):
        words = f"{_day(row['since'])} to {_day(end)} (running total)"
    if str(row.get("period_basis", "")) == "inferred":
        return f'{esc(words)} <span class="kd-inferred">inferred</span>'
    return esc(words)


def figure_words(row: pd.Series) -> str:
    """The figure drawn: number and unit, and the interval its qualifier allows."""
    unit = {"km2": " km²", "personnel": " people"}.get(str(row["unit"]), f" {row['unit']}")

    def number(x) -> str:
        x = float(x)
        return f"{x:,.0f}" if x.is_integer() else f"{x:,.1f}"

    value = number(row["value"])
    low = "" if pd.isna(row["low"]) else number(row["low"])
    high = "" if pd.isna(row["high"]) else number(row["high"])
    qualifier = str(row["qualifier"])
    said = {"about": "about ", "over": "over ", "up_to": "up to "}.get(qualifier, "")
    text = f"{said}{value}{unit}" if qualifier != "range" else f"{low} to {high}{unit}"
    if qualifier in ("about", "unknown") and low and high:
        text += f" (read as {low} to {high})"
    if str(row.get("basis", "")) == "implied":
        text += " (implied: nobody stated the number)"
    return esc(text)


def _source_cell(source_id: str, sources: dict[str, dict]) -> str:
    s = sources.get(source_id)
    if s is None:
        return f"source {esc(source_id)}"
    who = esc(s["publisher"] or f"source {source_id}")
    title = f"“{esc(s['title'])}”" if s["title"] else "title not recorded"
    when = f", {esc(s['published'])}" if s["published"] else ""
    text = f"{who}, {title}{when}"
    if s["url"] and re.match(r"https?://", s["url"]):
        text = f'<a href="{esc(s["url"])}" rel="nofollow noopener">{text}</a>'
    return text + f' <span class="kd-id">({esc(source_id)})</span>'


def claims_table(data: pd.DataFrame, sources: list[dict]) -> list[str]:
    """The claims drawn, one row each: claimant, qualifier as worded, figure, period, source,
    and our note on it (collapsed)."""
    by_id = {s["source_id"]: s for s in sources}
    out = [
        '<div class="kd-table-wrap" role="region" aria-label="Claims drawn" tabindex="0">',
        '<table class="kd-claims">',
        "<caption>Every claim this figure draws, as its claimant made it</caption>",
        "<thead><tr>"
        + "".join(
            f'<th scope="col">{h}</th>'
            for h in ("Claim", "Claimant", "As worded", "Figure drawn", "Period", "Source")
        )
        + "</tr></thead>",
        "<tbody>",
    ]
    for _, row in data.sort_values(["period_start", "claim_id"]).iterrows():
        worded = esc(row["wording"]) or "<em>wording not recorded</em>"
        detail = f'<br><span class="kd-detail">{esc(row["claimant_detail"])}</span>'
        note = (
            f"<details><summary>Note</summary><p>{esc(row['note'])}</p></details>"
            if esc(row["note"])
            else ""
        )
        out.append(
            "<tr>"
            f'<th scope="row"><code>{esc(row["claim_id"])}</code>{note}</th>'
            f"<td>{esc(row['claimant'])}{detail if esc(row['claimant_detail']) else ''}</td>"
            f'<td>{worded}<br><span class="kd-detail">qualifier: '
            f"{esc(str(row['qualifier']).replace('_', ' '))}</span></td>"
            f"<td>{figure_words(row)}</td>"
            f"<td>{period_words(row)}</td>"
            f"<td>{_source_cell(str(row['source_id']), by_id)}</td>"
            "</tr>"
        )
    out += ["</tbody>", "</table>", "</div>"]
    return out


def marks_list(data: pd.DataFrame) -> list[str]:
    """How to read the marks: exactly the parts of the grammar this chart draws, in the
    legend's own words."""
    handles = grammar_handles(data, periods=True)
    items = [
        f'<li><span class="kd-glyph" aria-hidden="true">{GLYPHS.get(h.kind, "•")}</span> '
        f"{esc(h.label)}</li>"
        for h in handles
    ]
    return [
        '<ul class="kd-marks">',
        *items,
        "<li>Colour: the claimant (the same claimant has the same colour in every chart); "
        "marks are never averaged; light dashes join one claimant's figures over time.</li>",
        "</ul>",
    ]


def _copy_block(block_id: str, label: str, body: str, *, pre: bool = True) -> list[str]:
    tag = (
        f'<pre id="{block_id}" class="kd-cite"><code>{esc(body)}</code></pre>'
        if pre
        else f'<p id="{block_id}" class="kd-cite">{esc(body)}</p>'
    )
    return [
        '<div class="kd-copy-block">',
        f'<h3 id="{block_id}-h">{label[:1].upper() + label[1:]}</h3>',
        f'<button type="button" class="kd-copy" data-copy="{block_id}" '
        f'aria-describedby="{block_id}-h">Copy {label}</button>',
        tag,
        "</div>",
    ]


def _png_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as im:
        return im.size


def figure_page(
    spec: FigureSpec, folder: Path, ed: Edition, claims: pd.DataFrame, sources: pd.DataFrame
) -> str:
    """One figure's page (MyST Markdown with raw HTML blocks)."""
    meta = json.loads((folder / f"{spec.id}.json").read_text(encoding="utf-8"))
    data = spec.data(claims)
    if sorted(data["claim_id"].astype(str)) != meta["claims"]:
        raise SystemExit(f"figures/{spec.id}.json is stale: run `make figures` first")
    resolved = spec.resolve(data)
    title, caption = meta["title"], meta["caption"]
    subtitle = resolved.subtitle
    cite = citation(resolved, data, sources, path=f"{spec.id}.png", ed=ed)
    width, height = _png_size(folder / f"{spec.id}.png")
    fid = spec.id
    downloads = " · ".join(
        f'<a href="{fid}.{k}" download>{DOWNLOAD_WORDS[k]}</a>' for k in FILE_KINDS
    )
    body = [
        f'<p class="kd-subtitle">{esc(subtitle)}</p>',
        f'<figure class="kd-figure"><img src="{fid}.png" width="{width}" height="{height}" '
        f'alt="{esc(title)}. {esc(caption)}">',
        f"<figcaption>{esc(caption)}</figcaption></figure>",
        f'<p class="kd-downloads"><strong>Download:</strong> {downloads}. The SVG and PDF keep '
        "the text as text; the page shows the PNG so a missing font cannot move a label.</p>",
        LICENCE_HTML,
        '<h2 id="how-to-read">How to read the marks</h2>',
        *marks_list(data),
        '<h2 id="claims">The claims drawn</h2>',
        "<p>Claims are drawn as their claimants made them, not as verified facts. "
        "A period marked <em>inferred</em> is the ledger's reading (the note says whose).</p>",
        *claims_table(data, meta["sources"]),
        '<h2 id="cite">Cite this figure</h2>',
        f"<p>Version: <strong>{esc(ed.words())}</strong>. This page's address in the site, "
        f"stable across versions: <code>figures/{fid}.html</code>; its files sit beside it "
        f"(<code>figures/{fid}.png</code> …). Cite the original sources too: the citations "
        "below list every one.</p>",
        *_copy_block(f"cite-{fid}-text", "citation text", cite["text"], pre=False),
        *_copy_block(f"cite-{fid}-bibtex", "BibTeX", cite["bibtex"]),
        *_copy_block(f"cite-{fid}-csl", "CSL-JSON", csl_json_text(cite["csl_json"])),
        *_copy_block(f"cite-{fid}-ris", "RIS", cite["ris"]),
        '<p class="kd-status" role="status" aria-live="polite"></p>',
    ]
    return f"# {md_escape(title)}\n\n" + raw_html(body)


def gallery_page(specs: list[FigureSpec], folder: Path) -> str:
    """The figures' index: each figure's title, thumbnail and page."""
    body = ['<ul class="kd-gallery">']
    for spec in specs:
        meta = json.loads((folder / f"{spec.id}.json").read_text(encoding="utf-8"))
        body.append(
            f'<li><a href="{spec.id}.html"><img src="{spec.id}.png" alt="" loading="lazy" '
            f'width="340"><span>{esc(meta["title"])}</span></a> '
            f"<code>{esc(spec.id)}</code></li>"
        )
    body.append("</ul>")
    toctree = "\n".join(["```{toctree}", ":hidden:", "", *(s.id for s in specs), "```", ""])
    intro = (
        "Each figure has its own page: the chart, how to read it, every claim it draws with its "
        "source, its files and how to cite it. Data and figures are licensed CC BY 4.0.\n\n"
    )
    return "# Figures\n\n" + intro + raw_html(body) + "\n" + toctree


def data_dictionary_page(root: Path = ROOT) -> str:
    """The data dictionary from the Table Schema the validator uses (datapackage.json)."""
    package = json.loads((root / "kursk_data" / "data" / "datapackage.json").read_text())
    parts = [
        "# Data dictionary",
        "",
        raw_html(
            [
                "<p>Generated from <code>kursk_data/data/datapackage.json</code>, the Frictionless "
                "Table Schema the validator checks every file against. Download the "
                '<a href="../data/claims.csv" download>claims</a>, '
                '<a href="../data/sources.csv" download>sources</a> and '
                '<a href="../data/datapackage.json" download>descriptor</a>.</p>',
                LICENCE_HTML,
            ]
        ),
    ]
    for res in package["resources"]:
        rows = []
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            rules = []
            if c.get("required"):
                rules.append("required")
            if c.get("unique"):
                rules.append("unique")
            if "enum" in c:
                rules.append("one of " + ", ".join(f"<code>{esc(v)}</code>" for v in c["enum"]))
            for k in ("minimum", "maximum", "maxLength"):
                if k in c:
                    rules.append(f"{k} {esc(c[k])}")
            rows.append(
                f'<tr><th scope="row"><code>{esc(f["name"])}</code></th>'
                f"<td>{esc(f.get('type', ''))}</td><td>{esc(f.get('description', ''))}</td>"
                f"<td>{'; '.join(rules)}</td></tr>"
            )
        parts += [
            f"## {md_escape(res['path'])}",
            "",
            raw_html(
                [
                    '<div class="kd-table-wrap" role="region" '
                    f'aria-label="Columns of {esc(res["path"])}" tabindex="0">',
                    '<table class="kd-dict"><thead><tr><th scope="col">Column</th>'
                    '<th scope="col">Type</th><th scope="col">Meaning</th>'
                    '<th scope="col">Rules</th></tr></thead><tbody>',
                    *rows,
                    "</tbody></table></div>",
                ]
            ),
        ]
    return "\n".join(parts)


API_PAGE = """# API reference

Generated from the docstrings. `import kursk_data as kd` gives every name below.

```{eval-rst}
.. automodule:: kursk_data
   :members:
   :imported-members:

.. automodule:: kursk_data.figures
   :members:
   :imported-members:
   :no-index:
```
"""


def site_edition(root: Path = ROOT) -> Edition:
    """The edition the site cites: the release, or unreleased dated by the commit it is
    built from (the package's own edition when there is no git history)."""
    ed = edition()
    if ed.released:
        return ed
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs %h"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return ed
    if len(out) != 2:
        return ed
    date, commit = out
    return Edition(ed.version, date, False, f"commit {commit} of")


# A link from a docs/ page to a file elsewhere in the repository: [the README](../README.md).
OUTSIDE_LINK = re.compile(r"\[([^\]]+)\]\(\.\./([^)\s#]+)(#[^)\s]*)?\)")


def outside_links(text: str) -> str:
    """A docs/ page with its links to files outside docs/ (which are not pages of the site)
    turned into text naming the file in the repository, so no link on the site is broken."""
    return OUTSIDE_LINK.sub(lambda m: f"{m[1]} (`{m[2]}` in the repository)", text)


def _guides(docs: Path) -> list[str]:
    """Every plain ``docs/*.md`` page except the landing page, by name."""
    return sorted(p.stem for p in docs.glob("*.md") if p.stem != "index")


def index_page(docs: Path, notebooks: list[str], guides: list[str]) -> str:
    """The landing page: docs/index.md, then the site's tables of contents."""
    head = (docs / "index.md").read_text(encoding="utf-8")

    def tree(caption: str, entries: list[str]) -> str:
        return "\n".join(
            ["```{toctree}", f":caption: {caption}", ":maxdepth: 1", "", *entries, "```", ""]
        )

    parts = [head.rstrip() + "\n", tree("Figures", ["figures/index"])]
    parts.append(tree("Notebooks", [f"notebooks/{n}" for n in notebooks]))
    if guides:
        parts.append(tree("Guides", guides))
    parts.append(tree("Reference", ["data-dictionary", "api"]))
    return "\n".join(parts)


def stage(out: Path, root: Path = ROOT, figures: Path | None = None) -> list[str]:
    """Write the site's Sphinx project into ``out`` (emptied first); return its page names."""
    figures = root / "figures" if figures is None else figures
    docs = root / "docs"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for item in docs.iterdir():
        if item.name.startswith(".") or item.name == "index.md":
            continue
        target = out / item.name
        if item.suffix == ".md":
            target.write_text(outside_links(item.read_text(encoding="utf-8")), encoding="utf-8")
        elif item.is_dir():
            shutil.copytree(item, target)
        else:
            shutil.copy2(item, target)
    ed = site_edition(root)
    specs = list(FIGURES.values())
    missing = [s.id for s in specs if not (figures / f"{s.id}.json").is_file()]
    if missing:
        raise SystemExit(f"no sidecar for {', '.join(missing)}: run `make figures` first")
    pages = out / "figures"
    pages.mkdir()
    files = out / "_extra" / "figures"
    files.mkdir(parents=True)
    claims, sources = load_claims(), load_sources()
    for spec in specs:
        page = figure_page(spec, figures, ed, claims, sources)
        (pages / f"{spec.id}.md").write_text(page, encoding="utf-8")
        for kind in FILE_KINDS:
            shutil.copy2(figures / f"{spec.id}.{kind}", files / f"{spec.id}.{kind}")
    (pages / "index.md").write_text(gallery_page(specs, figures), encoding="utf-8")
    data = out / "_extra" / "data"
    data.mkdir()
    for name in ("claims.csv", "sources.csv", "datapackage.json"):
        shutil.copy2(root / "kursk_data" / "data" / name, data / name)
    (out / "data-dictionary.md").write_text(data_dictionary_page(root), encoding="utf-8")
    (out / "api.md").write_text(API_PAGE, encoding="utf-8")
    nb_out = out / "notebooks"
    nb_out.mkdir()
    notebooks = sorted(p.stem for p in (root / "notebooks").glob("*.ipynb"))
    for name in notebooks:
        shutil.copy2(root / "notebooks" / f"{name}.ipynb", nb_out / f"{name}.ipynb")
    guides = _guides(docs)
    (out / "index.md").write_text(index_page(docs, notebooks, guides), encoding="utf-8")
    return [
        "index",
        "figures/index",
        *(f"figures/{s.id}" for s in specs),
        *(f"notebooks/{n}" for n in notebooks),
        *guides,
        "data-dictionary",
        "api",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kursk_data.site")
    sub = parser.add_subparsers(dest="command", required=True)
    st = sub.add_parser("stage", help="write the site's Sphinx project")
    st.add_argument("--out", type=Path, required=True)
    st.add_argument("--figures", type=Path, default=None)
    args = parser.parse_args(argv)
    pages = stage(args.out, figures=args.figures)
    print(f"staged {len(pages)} pages in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
