"""The PDF's fonts: TrueType (Type 42) subsets, made the same way every time and cheaply.

matplotlib subsets each embedded font with fontTools, reading the whole font file for every
PDF (DejaVu Sans holds some 6,000 glyphs: about 45 ms a subset, two or three subsets a
figure). Here each process reads a font once and keeps a subset of its common glyphs (Latin,
punctuation, figures, a few signs and the f-ligatures: a few hundred glyphs); each PDF's subset
is then cut from that, about five times faster. A PDF that needs a glyph outside it (Cyrillic,
say) is subset from the font file as before. Subsetting a subset keeps the same glyphs, in the
same order, with the same names and tables, so the embedded font is the same bytes either way
(``tests/test_figures.py`` checks it); the output never depends on what was rendered before.

The embedded fonts also leave out their OpenType layout tables (GSUB, GPOS, GDEF, kern):
matplotlib positions every glyph itself, so a PDF viewer never uses them, and subsetting them
was two thirds of the time spent embedding. Text stays text: the glyphs keep their names and
the PDF its ToUnicode map, so it can be selected, searched and extracted.
"""

from __future__ import annotations

import contextlib
import io
import types
from collections.abc import Iterable, Iterator

# Tables matplotlib drops from every subset (matplotlib 3.11's get_glyphs_subset), then the
# layout tables no PDF viewer reads.
_MPL_DROPPED = (
    "FFTM",
    "PfEd",
    "BDF",
    "meta",
    "MERG",
    "TSIV",
    "Zapf",
    "bdat",
    "bloc",
    "cidg",
    "fdsc",
    "feat",
    "fmtx",
    "fond",
    "just",
    "kerx",
    "ltag",
    "morx",
    "trak",
    "xref",
)
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "kern")

# Code points whose glyphs each process keeps at hand: ASCII, Latin-1 and Latin Extended-A
# (names with accents), general punctuation (dashes, quotes), super- and subscripts (km²),
# currency, arrows, the signs charts use (−, ×, ≈, ≠, ≤, ≥) and the f-ligatures, which the
# text shaper substitutes for "fi", "ff" and the like.
COMMON = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x2010, 0x205E),
    (0x2070, 0x209F),
    (0x20A0, 0x20BF),
    (0x2190, 0x2199),
    (0x2212, 0x2212),
    (0x2248, 0x2248),
    (0x2260, 0x2265),
    (0xFB00, 0xFB06),
)

# (font file, face index) -> (the common subset's bytes, original glyph id -> its id there)
_COMMON_SUBSETS: dict[tuple[str, int], tuple[bytes, dict[int, int]]] = {}


def _options(face_index: int):
    from fontTools import subset

    options = subset.Options(glyph_names=True, recommended_glyphs=True)
    options.drop_tables += [*_MPL_DROPPED, *LAYOUT_TABLES]
    options.font_number = face_index
    return options


def _cut(font, options, gids: Iterable[int]) -> dict[int, int]:
    """Cut ``font`` down to the glyphs ``gids`` in place; the map of old glyph ids to new."""
    from fontTools import subset

    subsetter = subset.Subsetter(options=options)
    subsetter.populate(gids=set(gids))
    subsetter.subset(font)
    return subsetter.glyph_index_map


def _common_subset(fontfile, face_index: int) -> tuple[bytes, dict[int, int]]:
    key = (str(fontfile), face_index)
    if key not in _COMMON_SUBSETS:
        from fontTools import subset

        options = _options(face_index)
        with subset.load_font(fontfile, options) as font:
            cmap = font.getBestCmap() or {}
            gids = {
                font.getGlyphID(cmap[c])
                for lo, hi in COMMON
                for c in range(lo, hi + 1)
                if c in cmap
            }
            index = _cut(font, options, gids)
            buf = io.BytesIO()
            font.save(buf, reorderTables=False)
        _COMMON_SUBSETS[key] = (buf.getvalue(), dict(index))
    return _COMMON_SUBSETS[key]


def prepare() -> None:
    """Make the common subsets of the package style's fonts (DejaVu Sans, regular and bold)
    now: a process that forks figure workers afterwards makes them once for all of them."""
    from matplotlib import font_manager

    for weight in ("normal", "bold"):
        prop = font_manager.FontProperties(family="DejaVu Sans", weight=weight)
        _common_subset(font_manager.findfont(prop, fallback_to_default=False), 0)


def glyphs_subset(fontfile, glyphs: Iterable[int]):
    """A drop-in for matplotlib's ``_backend_pdf_ps.get_glyphs_subset``: the font ``fontfile``
    cut down to the glyph ids ``glyphs``, as a context manager of its ``SubsetResults``."""
    from fontTools import subset
    from matplotlib.backends import _backend_pdf_ps

    glyphs = set(glyphs)
    face_index = getattr(fontfile, "face_index", 0)
    options = _options(face_index)
    common, index = _common_subset(fontfile, face_index)
    if glyphs <= index.keys():
        font = subset.load_font(io.BytesIO(common), options)
        new = _cut(font, options, {index[g] for g in glyphs})
        mapping = {old: new[mid] for old, mid in index.items() if mid in new}
    else:  # a glyph the common subset lacks: from the whole font, as matplotlib does
        font = subset.load_font(fontfile, options)
        mapping = _cut(font, options, glyphs)
    return _backend_pdf_ps.SubsetResults(font, mapping)._as_cm()


@contextlib.contextmanager
def lean_font_subsets() -> Iterator[None]:
    """Within this block, matplotlib's PDF backend embeds fonts subset by :func:`glyphs_subset`."""
    from matplotlib.backends import _backend_pdf_ps

    original = _backend_pdf_ps.get_glyphs_subset
    _backend_pdf_ps.get_glyphs_subset = glyphs_subset
    try:
        yield
    finally:
        _backend_pdf_ps.get_glyphs_subset = original


def _outline_free_layout(string, font, *, features=None, language=None):
    """matplotlib's ``_text_helpers.layout`` without loading each glyph's outline: the same
    items (glyph, position, kerning), unhinted, as the PDF writer reads them."""
    from matplotlib.ft2font import LoadFlags

    return font._layout(string, LoadFlags.NO_HINTING, features=features, language=language)


@contextlib.contextmanager
def lean_pdf_text() -> Iterator[None]:
    """Within this block, matplotlib's PDF backend lays text out without loading the glyphs.

    ``_text_helpers.layout`` loads every glyph after laying the text out, for backends that
    then read its outline (text drawn as paths); the PDF writer embeds the font and writes
    glyph ids and positions only, so the load was half its cost of drawing a text, for
    nothing. Only the PDF backend's reference is swapped: other backends keep the original.
    """
    from matplotlib.backends import backend_pdf

    original = backend_pdf._text_helpers
    backend_pdf._text_helpers = types.SimpleNamespace(layout=_outline_free_layout)
    try:
        yield
    finally:
        backend_pdf._text_helpers = original
