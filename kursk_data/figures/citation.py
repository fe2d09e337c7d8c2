"""Provenance of an exported figure: citations (text and BibTeX), file metadata, the JSON
sidecar and the gallery page.

A figure is cited with this package and with every source of the claims it draws: for each,
year, publisher, title, address and access date, as far as the sources table records them
(a missing one is said to be missing, never filled in). A source read through a dataset
(``via``) is cited with the dataset too. The user's own sources count like the shipped ones
when they are passed in (``--sources`` on the command line).
"""

from __future__ import annotations

import hashlib
import re
import textwrap

import pandas as pd

from kursk_data.figures.registry import FIGURES, REGISTRY, FigureSpec
from kursk_data.labels import source_line
from kursk_data.load import load_claims, load_sources

PACKAGE = "kursk-data"
AUTHOR = "kursk-data contributors"
# The package has no release date on record (CITATION.cff gives none), so none is invented.
PACKAGE_YEAR = "n.d."
SOURCE_FIELDS = ("source_id", "role", "title", "publisher", "url", "published", "accessed", "via")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_digest(data: pd.DataFrame) -> str:
    """SHA-256 of the claims a figure is drawn from, as canonical CSV."""
    from kursk_data.formats import to_csv

    return _sha256(to_csv(data.sort_values("claim_id")).encode("utf-8"))


def _version() -> str:
    from kursk_data._version import __version__

    return __version__


# --------------------------------------------------------------------------- sources


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)


def _date(value) -> str | None:
    # A sources frame read as text (not through load_sources) holds "" for a missing date.
    stamp = None if value is None or str(value) == "" else pd.Timestamp(value)
    return None if stamp is None or pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def cited_sources(data: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[dict]:
    """The sources a figure's claims cite, with the datasets they were read through.

    One dict per source (keys :data:`SOURCE_FIELDS`, dates as ``YYYY-MM-DD``, missing values
    ``None``), sorted by id. A claim's source missing from ``sources`` is still listed, by its
    id alone, so it can never vanish from a citation.
    """
    sources = load_sources() if sources is None else sources
    unique = sources.drop_duplicates("source_id")
    table = unique.set_index(unique["source_id"].astype(str))
    wanted = list(dict.fromkeys(data["source_id"].dropna().astype(str)))
    out: dict[str, dict] = {}
    while wanted:
        sid = wanted.pop(0)
        if sid in out:
            continue
        if sid not in table.index:
            out[sid] = {f: None for f in SOURCE_FIELDS} | {"source_id": sid}
            continue
        r = table.loc[sid]
        entry = {
            "source_id": sid,
            "role": _text(r.get("role")),
            "title": _text(r.get("title")),
            "publisher": _text(r.get("publisher")),
            "url": _text(r.get("url")),
            "published": _date(r.get("published")),
            "accessed": _date(r.get("accessed")),
            "via": _text(r.get("via")),
        }
        out[sid] = entry
        if entry["via"]:
            wanted.append(entry["via"])  # the dataset is cited too
    return [out[k] for k in sorted(out)]


def sources_digest(data: pd.DataFrame, sources: pd.DataFrame | None = None) -> str:
    """SHA-256 of what a figure's citations say about its sources: a new title or access
    date must rewrite the sidecar even when the claims drawn are unchanged."""
    rows = cited_sources(data, sources)
    text = "\n".join("\t".join(str(s[f]) for f in SOURCE_FIELDS) for s in rows)
    return _sha256(text.encode("utf-8"))


def _year(entry: dict) -> str:
    return entry["published"][:4] if entry["published"] else "n.d."


def _source_text(entry: dict, *, addresses: bool = True) -> str:
    """One source as a reference: publisher (year), "title", address, access date."""
    who = entry["publisher"] or f"source {entry['source_id']}"
    parts = [f"{who} ({_year(entry)})"]
    parts.append(f'"{entry["title"]}"' if entry["title"] else "title not recorded")
    if entry["via"]:
        parts.append(f"read via {entry['via']}")
    if not addresses:
        return ", ".join(parts)
    parts.append(entry["url"] or "no web address")
    accessed = entry["accessed"]
    parts.append(f"accessed {accessed}" if accessed else "no access date recorded")
    return ", ".join(parts)


# --------------------------------------------------------------------------- BibTeX

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bib_escape(text: str) -> str:
    """Text made safe inside a BibTeX field: LaTeX specials escaped, braces always balanced."""
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in str(text))


def _bib_url(url: str) -> str:
    # An address may not be LaTeX-escaped (it would change); percent-encoding the characters
    # that break a BibTeX field keeps it the same address.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bib_key(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-:." else "-" for ch in text)


def _source_bib(entry: dict) -> str:
    who = entry["publisher"] or f"source {entry['source_id']}"
    fields = [("author", "{" + bib_escape(who) + "}")]
    if entry["title"]:
        fields.append(("title", "{" + bib_escape(entry["title"]) + "}"))
    fields.append(("year", bib_escape(_year(entry))))
    if entry["published"]:
        fields.append(("date", entry["published"]))
    if entry["url"]:
        fields.append(("url", _bib_url(entry["url"])))
    if entry["accessed"]:
        fields.append(("urldate", entry["accessed"]))
    notes = []
    if not entry["title"]:
        notes.append("Title not recorded")
    if entry["via"]:
        notes.append(f"Read via {bib_escape(entry['via'])}")
    if not entry["url"]:
        notes.append("No web address")
    if not entry["accessed"]:
        notes.append("No access date recorded")
    if notes:
        fields.append(("note", "; ".join(notes)))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{_bib_key(entry['source_id'])},\n{body}\n}}"


# --------------------------------------------------------------------------- citations


def citation(
    spec: FigureSpec,
    data: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    *,
    path: str | None = None,
    addresses: bool = True,
) -> dict[str, str]:
    """Suggested citations of a figure, as plain text and BibTeX.

    Parameters
    ----------
    spec, data : the figure and the claims it draws.
    sources : DataFrame, optional
        Sources table to look the claims' sources up in; defaults to the shipped one. Pass
        ``load_sources(path=...)`` when ``data`` includes your own claims.
    path : str, optional
        The figure's file, relative to the folder the figure was written to (the sidecar and
        the gallery sit in that folder too). Omitted for a figure drawn in a notebook.
    addresses : bool
        Give each source's address and access date in the text (the BibTeX always has them);
        False for the short form printed under a notebook chart, which points to
        :func:`kursk_data.load_sources` for them instead.

    Returns
    -------
    dict
        ``text``: the figure and package, then every source (publisher, year, title, address,
        access date); ``bibtex``: one entry for the figure in this package, one per source.
    """
    version = _version()
    cited = cited_sources(data, sources)
    where = f", file {path}" if path else ""
    refs = "; ".join(_source_text(s, addresses=addresses) for s in cited)
    text = (
        f'{AUTHOR} ({PACKAGE_YEAR}), "{spec.title}", figure {spec.id}{where}, {PACKAGE} '
        f"version {version}. Sources: {refs}."
    )
    if not addresses:
        text += " Addresses and access dates: kd.load_sources()."
    key = _bib_key(f"kursk-data-{spec.id}-{version}".replace(".", "-"))
    note = f"File {bib_escape(path)}. " if path else ""
    package = (
        f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n"
        f"  title = {{{{{bib_escape(spec.title)}}}}},\n"
        f"  year = {{{PACKAGE_YEAR}}},\n"
        f"  howpublished = {{Figure {bib_escape(spec.id)}, {PACKAGE} {bib_escape(version)}}},\n"
        f"  note = {{{note}Sources: {', '.join(bib_escape(s['source_id']) for s in cited)}}}\n}}"
    )
    bib = "\n\n".join([package, *(_source_bib(s) for s in cited)])
    return {"text": text, "bibtex": bib}


def wrap_citation(text: str, width: int = 88) -> str:
    """Lines of at most ``width`` characters, broken only between words: never inside a file
    name, an address or a hyphenated id (a longer address keeps a line of its own)."""
    return textwrap.fill(
        text, width=width, break_on_hyphens=False, break_long_words=False, subsequent_indent="  "
    )


def citation_line(
    fig_id: str, claims: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> str:
    """The source and citation lines printed under a chart in the notebooks."""
    spec = FIGURES[fig_id]
    claims = load_claims() if claims is None else claims
    sources = load_sources() if sources is None else sources
    data = spec.data(claims)
    spec = spec.resolve(data)
    # Short form: an address can be longer than a notebook's output is wide, and the browser
    # would then break it anywhere; the addresses are one call away.
    cite = citation(spec, data, sources, addresses=False)["text"]
    return wrap_citation(source_line(data, sources)) + "\n" + wrap_citation("Cite as: " + cite)


def _metadata(
    spec: FigureSpec,
    data: pd.DataFrame,
    fmt: str,
    sources: pd.DataFrame | None = None,
    *,
    source: str | None = None,
) -> dict[str, str | None]:
    """The metadata embedded in the ``fmt`` file; ``source``: the source line, when known."""
    source = source_line(data, sources) if source is None else source
    if fmt == "png":
        return {
            "Title": spec.title,
            "Description": spec.caption,
            "Source": source,
            "Author": AUTHOR,
            "Software": None,
        }
    if fmt == "svg":
        return {
            "Title": spec.title,
            "Description": spec.caption,
            "Source": source,
            "Creator": AUTHOR,
            "Date": None,
        }
    return {
        "Title": spec.title,
        "Subject": f"{spec.caption} {source}",
        "Author": AUTHOR,
        "Keywords": f"{PACKAGE}; {spec.id}",
        "Creator": PACKAGE,
        "Producer": None,
        "CreationDate": None,
        "ModDate": None,
    }


def sidecar(
    spec: FigureSpec,
    data: pd.DataFrame,
    inputs: str,
    files: dict[str, bytes],
    *,
    sources: pd.DataFrame | None = None,
    data_sha256: str | None = None,
) -> dict:
    """The JSON sidecar describing one exported figure.

    File names in it (``files``, the citation's file) are relative to the folder the figure
    was written to, where the sidecar itself is.
    """
    sources = load_sources() if sources is None else sources
    return {
        "id": spec.id,
        "title": spec.title,
        "caption": spec.caption,
        "claims": sorted(data["claim_id"].astype(str)),
        "sources": cited_sources(data, sources),
        "data_sha256": data_digest(data) if data_sha256 is None else data_sha256,
        "inputs_sha256": inputs,
        "package": PACKAGE,
        "version": _version(),
        "files": {f"{spec.id}.{fmt}": _sha256(b) for fmt, b in files.items()},
        "citation": citation(spec, data, sources, path=f"{spec.id}.png"),
    }


def gallery_markdown(
    claims: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> str:
    """The gallery page (``README.md`` in the output folder): every figure, how to cite it."""
    claims = load_claims() if claims is None else claims
    sources = load_sources() if sources is None else sources
    shown = {spec.id: spec.data(claims) for spec in REGISTRY}
    specs = [spec.resolve(shown[spec.id]) for spec in REGISTRY]
    return _gallery(shown, sources, specs)


# Characters that start Markdown or HTML markup inside a line: emphasis, code, links and
# images, raw HTML and entities, strikethrough, table cells, a heading's closing hashes.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&~|#])")
# What opens a block at the start of a paragraph: a heading, a list item, a quote.
_MD_BLOCK_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))")
# What GitHub makes a link by itself: a scheme's "://", a "www." address.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=\bwww)(\.)")
_SAFE_URL = re.compile(r"https?://[^\s<>\"\\`\x00-\x1f\x7f]+")


def _md_inline(text: str) -> str:
    """Line breaks and other controls as spaces, inline markup and bare addresses escaped."""
    from kursk_data.formats import _UNPRINTABLE

    flat = re.sub(r"\s+", " ", _UNPRINTABLE.sub(" ", str(text)))
    escaped = _MD_INLINE.sub(r"\\\1", flat)
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(), escaped)


def md_text(text: str) -> str:
    """``text`` as literal Markdown text on one line: line breaks and other controls become
    spaces, and markup (emphasis, links, images, HTML, a heading or list at the start, bare
    addresses) is escaped, so a claimant's or publisher's words are shown, never obeyed."""
    return _not_a_block(_md_inline(text).strip())


def _not_a_block(escaped: str) -> str:
    """Escaped text whose start cannot open a heading, a list or a quote."""
    match = _MD_BLOCK_START.match(escaped)
    if match:  # a number's "1." stays as typed: the escape goes on the mark after it
        at = match.end() if match.group(2)[0].isdigit() else match.start(2)
        escaped = escaped[:at] + "\\" + escaped[at:]
    return escaped


def _md_citation(text: str, urls: list[str]) -> str:
    """A citation in Markdown: its sources' own web addresses (http or https, nothing that
    could break out of ``<...>``) as links, everything else as literal text."""
    links = sorted({u for u in urls if u and _SAFE_URL.fullmatch(u)}, key=len, reverse=True)
    if not links:
        return md_text(text)
    parts = re.split("(" + "|".join(map(re.escape, links)) + ")", text)
    text = "".join(f"<{p}>" if i % 2 else _md_inline(p) for i, p in enumerate(parts))
    return _not_a_block(text.strip())


def _fenced(text: str, info: str) -> list[str]:
    """``text`` in a code block whose fence is longer than any run of backticks in it."""
    runs = [len(r) for r in re.findall("`+", text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return [fence + info, text, fence]


def _code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    runs = [len(r) for r in re.findall("`+", text)]
    ticks = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _gallery(
    shown: dict[str, pd.DataFrame], sources: pd.DataFrame, specs: list[FigureSpec] | None = None
) -> str:
    """The gallery page; ``specs`` resolved for the claims each shows (their words computed)."""
    specs = [spec.resolve(shown[spec.id]) for spec in REGISTRY] if specs is None else specs
    parts = [
        "# Figures",
        "",
        "Generated by `make figures` (`kursk-data figures`) from the registry in "
        "`kursk_data/figures/registry.py`; do not edit by hand. Each figure comes as PNG "
        "(print, 200 dpi), SVG and PDF (text kept as text), the rows it draws as CSV, and a "
        "JSON sidecar listing its claims, sources, data hash and citations. File names are "
        "relative to this folder.",
        "Figures show claims as their claimants made them, not verified facts; a figure "
        "nobody stated (a zero implied by a claim of full recapture) is marked implied.",
        "",
    ]
    # Titles, captions and citations hold the claims' and sources' own words: escaped, so
    # none of them can add a heading, a link, an image or HTML to the page.
    for spec in specs:
        data = shown[spec.id]
        cite = citation(spec, data, sources, path=f"{spec.id}.png")
        urls = [s["url"] for s in cited_sources(data, sources)]
        title = md_text(spec.title)
        parts += [
            f"## {title}",
            "",
            f"![{title}]({spec.id}.png)",
            "",
            md_text(spec.caption),
            "",
            f"Files: [PNG]({spec.id}.png) · [SVG]({spec.id}.svg) · [PDF]({spec.id}.pdf) · "
            f"[data (CSV)]({spec.id}.csv) · [sidecar]({spec.id}.json). Claims shown: "
            + ", ".join(_code(c) for c in sorted(data["claim_id"].astype(str)))
            + ".",
            "",
            f"Cite as: {_md_citation(cite['text'], urls)}",
            "",
            *_fenced(cite["bibtex"], "bibtex"),
            "",
        ]
    return "\n".join(parts)
