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
import textwrap

import pandas as pd

from kursk_data.figures.registry import FIGURES, FigureSpec
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
    shown = {spec.id: spec.data(claims) for spec in FIGURES.values()}
    specs = [spec.resolve(shown[spec.id]) for spec in FIGURES.values()]
    return _gallery(shown, sources, specs)


def _gallery(
    shown: dict[str, pd.DataFrame], sources: pd.DataFrame, specs: list[FigureSpec] | None = None
) -> str:
    """The gallery page; ``specs`` resolved for the claims each shows (their words computed)."""
    if specs is None:
        specs = [spec.resolve(shown[spec.id]) for spec in FIGURES.values()]
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
    for spec in specs:
        data = shown[spec.id]
        cite = citation(spec, data, sources, path=f"{spec.id}.png")
        parts += [
            f"## {spec.title}",
            "",
            f"![{spec.title}]({spec.id}.png)",
            "",
            spec.caption,
            "",
            f"Files: [PNG]({spec.id}.png) · [SVG]({spec.id}.svg) · [PDF]({spec.id}.pdf) · "
            f"[data (CSV)]({spec.id}.csv) · [sidecar]({spec.id}.json). Claims shown: "
            + ", ".join(f"`{c}`" for c in sorted(data["claim_id"].astype(str)))
            + ".",
            "",
            f"Cite as: {cite['text']}",
            "",
            "```bibtex",
            cite["bibtex"],
            "```",
            "",
        ]
    return "\n".join(parts)
