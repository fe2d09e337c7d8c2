"""Provenance of an exported figure: citations (text and BibTeX), file metadata, the JSON
sidecar and the gallery page."""

from __future__ import annotations

import hashlib

import pandas as pd

from kursk_data.figures.registry import FIGURES, REGISTRY, FigureSpec
from kursk_data.labels import source_line
from kursk_data.load import load_claims, load_sources

PACKAGE = "kursk-data"
AUTHOR = "kursk-data contributors"
FORMATS = ("png", "svg", "pdf")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_digest(data: pd.DataFrame) -> str:
    """SHA-256 of the claims a figure is drawn from, as canonical CSV."""
    from kursk_data.formats import to_csv

    return _sha256(to_csv(data.sort_values("claim_id")).encode("utf-8"))


def _version() -> str:
    from kursk_data._version import __version__

    return __version__


def citation(spec: FigureSpec, data: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Suggested citations of a figure, as plain text and BibTeX."""
    version = _version()
    used = sources[sources["source_id"].isin(set(data["source_id"]))]
    pubs = "; ".join(dict.fromkeys(used["publisher"].astype(str)))
    # No web address: the project has no published home yet, and none is invented here.
    text = (
        f'{AUTHOR}, "{spec.title}", figure {spec.id} (figures/{spec.id}.png), '
        f"{PACKAGE} version {version}. Data: claims as reported by {pubs}."
    )
    key = f"kursk-data-{spec.id}-{version}".replace(".", "-")
    bib = (
        f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{spec.title}}},\n"
        f"  howpublished = {{Figure {spec.id}, {PACKAGE} {version}}},\n"
        f"  note = {{File figures/{spec.id}.png. Data: claims as reported by {pubs}}}\n}}"
    )
    return {"text": text, "bibtex": bib}


def citation_line(fig_id: str, claims: pd.DataFrame | None = None) -> str:
    """The source and citation lines printed under a chart in the notebooks."""
    spec = FIGURES[fig_id]
    claims = load_claims() if claims is None else claims
    data = spec.data(claims)
    spec = spec.resolve(data)
    return source_line(data) + "\nCite as: " + citation(spec, data, load_sources())["text"]


def _metadata(spec: FigureSpec, data: pd.DataFrame, fmt: str) -> dict[str, str | None]:
    source = source_line(data)
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
    """The JSON sidecar describing one exported figure."""
    sources = load_sources() if sources is None else sources
    used = sources[sources["source_id"].isin(set(data["source_id"]))]
    return {
        "id": spec.id,
        "title": spec.title,
        "caption": spec.caption,
        "claims": sorted(data["claim_id"].astype(str)),
        "sources": [
            {
                "source_id": r.source_id,
                "publisher": r.publisher,
                "title": None if pd.isna(r.title) else r.title,
                "url": r.url,
                "published": None if pd.isna(r.published) else r.published.strftime("%Y-%m-%d"),
            }
            for r in used.sort_values("source_id").itertuples()
        ],
        "data_sha256": data_digest(data) if data_sha256 is None else data_sha256,
        "inputs_sha256": inputs,
        "package": PACKAGE,
        "version": _version(),
        "files": {f"{spec.id}.{fmt}": _sha256(b) for fmt, b in files.items()},
        "citation": citation(spec, data, sources),
    }


def gallery_markdown(claims: pd.DataFrame | None = None) -> str:
    """``figures/README.md``: every figure with its caption and how to cite it."""
    claims = load_claims() if claims is None else claims
    shown = {spec.id: spec.data(claims) for spec in REGISTRY}
    specs = [spec.resolve(shown[spec.id]) for spec in REGISTRY]
    return _gallery(shown, load_sources(), specs)


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
        "JSON sidecar listing its claims, sources, data hash and citations.",
        "Figures show claims as stated by their claimants, not verified facts.",
        "",
    ]
    for spec in specs:
        data = shown[spec.id]
        cite = citation(spec, data, sources)
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
