"""The figure registry and its export: PNG, SVG and PDF that people can cite, byte for byte.

Each registered figure (:data:`FIGURES`) has an id, a title, a caption, the claims it shows (a
selector) and a builder. :func:`export_figures` writes ``<id>.png/.svg/.pdf`` with the title,
description and source inside each file's metadata, the rows it draws (``<id>.csv``), a
``<id>.json`` sidecar (claims, sources, data hash, suggested citations) and a gallery
``README.md``. Output is reproducible (no timestamps, fixed SVG ids), written atomically, and
only the files whose bytes changed are written.
"""

from kursk_data.figure_folder import IMAGE_FORMATS, write_atomic
from kursk_data.figures.citation import (
    AUTHOR,
    PACKAGE,
    bib_escape,
    citation,
    citation_line,
    cited_sources,
    data_digest,
    sidecar,
    wrap_citation,
)
from kursk_data.figures.export import draw_figure, export_figures, render, show_figure
from kursk_data.figures.gallery import gallery_markdown
from kursk_data.figures.registry import FIGURES, FigureSpec

__all__ = [
    "AUTHOR",
    "FIGURES",
    "IMAGE_FORMATS",
    "PACKAGE",
    "FigureSpec",
    "bib_escape",
    "citation",
    "citation_line",
    "cited_sources",
    "data_digest",
    "draw_figure",
    "export_figures",
    "gallery_markdown",
    "render",
    "show_figure",
    "sidecar",
    "wrap_citation",
    "write_atomic",
]

_REMOVED = {
    "sources_digest": "nothing: each run compares the files' bytes, so a changed source rewrites "
    "the sidecars that cite it without a digest",
    "REGISTRY": "FIGURES.values() (FIGURES maps each figure id to its spec, in gallery order)",
    "FORMATS": "IMAGE_FORMATS (kursk_data.formats.FORMATS are the table formats of the "
    "command line)",
}


def __getattr__(name: str):
    if name in _REMOVED:
        raise AttributeError(f"kursk_data.figures.{name} was removed: use {_REMOVED[name]}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
