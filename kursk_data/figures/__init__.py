"""The figure registry and its export: PNG, SVG and PDF that people can cite, byte for byte.

Each registered figure has an id, a title, a caption, the claims it shows (a selector) and a
builder. :func:`export_figures` writes ``<id>.png/.svg/.pdf`` with the title, description and
source inside each file's metadata, a ``<id>.json`` sidecar (claims, sources, data hash,
suggested citations) and a gallery ``README.md``. Output is reproducible (no timestamps, fixed
SVG ids, pinned versions), written atomically, and skipped when its inputs are unchanged.
"""

from kursk_data.figure_folder import FORMATS
from kursk_data.figures.citation import (
    AUTHOR,
    PACKAGE,
    bib_escape,
    citation,
    citation_line,
    cited_sources,
    data_digest,
    sidecar,
    sources_digest,
    wrap_citation,
)
from kursk_data.figures.export import (
    draw_figure,
    export_figures,
    render,
    show_figure,
    write_atomic,
)
from kursk_data.figures.gallery import gallery_markdown
from kursk_data.figures.registry import FIGURES, REGISTRY, FigureSpec

__all__ = [
    "AUTHOR",
    "FIGURES",
    "FORMATS",
    "PACKAGE",
    "REGISTRY",
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
    "sources_digest",
    "wrap_citation",
    "write_atomic",
]
