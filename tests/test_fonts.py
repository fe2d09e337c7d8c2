"""The PDF's embedded fonts: cut from a per-process subset of common glyphs, yet the same bytes as
a subset of the whole font file, whatever was rendered before; text stays extractable."""

from __future__ import annotations

import contextlib
import io
import re
import zlib

import matplotlib
import pytest
from conftest import ROOT

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from fontTools import subset
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from kursk_data import figures, plotting
from kursk_data.figures import fonts

REGULAR = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
BOLD = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold"))


def gids(path: str, text: str) -> set[int]:
    font = FT2Font(path)
    return {font.get_char_index(ord(c)) for c in text}


def whole_file_subset(path: str, glyphs: set[int]) -> bytes:
    """The oracle: the font file itself cut to ``glyphs``, as matplotlib does it."""
    options = fonts._options(0)
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(gids=glyphs)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf, reorderTables=False)
    return buf.getvalue()


def cached_subset(path: str, glyphs: set[int]) -> tuple[bytes, dict[int, int]]:
    with fonts.glyphs_subset(path, glyphs) as result:
        buf = io.BytesIO()
        result.font.save(buf, reorderTables=False)
        return buf.getvalue(), result.glyph_index_map


@pytest.mark.parametrize("path", [REGULAR, BOLD], ids=["regular", "bold"])
@pytest.mark.parametrize(
    "text",
    [
        "Ukraine held about 90 km² (June 2025)",  # ASCII and a superscript
        "\ufb01\ufb00 \u2013 \u2264 \u00d7 \u2212",  # ligatures (fi, ff), dash and signs
        "Zürich, Łódź, Škoda",  # accented letters: composite glyphs and their parts
        "Сырский 11 000",  # Cyrillic: not in the common subset, so from the whole file
    ],
)
def test_a_subset_is_the_same_bytes_as_one_cut_from_the_whole_font(path, text):
    glyphs = gids(path, text)
    assert 0 not in glyphs  # every character is in the font
    data, mapping = cached_subset(path, glyphs)
    assert data == whole_file_subset(path, glyphs)
    # Each requested glyph maps to the glyph of the same name in the subset (names are kept).
    full = subset.load_font(path, fonts._options(0)).getGlyphOrder()
    cut = subset.load_font(io.BytesIO(data), fonts._options(0)).getGlyphOrder()
    assert all(cut[mapping[g]] == full[g] for g in glyphs)


def test_cyrillic_is_outside_the_common_subset_and_latin_inside():
    _, index = fonts._common_subset(REGULAR, 0)
    assert gids(REGULAR, "Kursk km² fi") <= index.keys()
    assert not gids(REGULAR, "Сырский") <= index.keys()


# --------------------------------------------------------------------------- PDF text


def _literal(s: bytes) -> bytes:
    """The bytes of a PDF literal string's body (escapes resolved)."""
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == 0x5C:  # backslash
            nxt = s[i + 1 : i + 2]
            if nxt.isdigit():
                m = re.match(rb"[0-7]{1,3}", s[i + 1 :])
                out.append(int(m.group(), 8))
                i += 1 + len(m.group())
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(nxt, nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def pdf_text(pdf: bytes) -> str:
    """The text a PDF reader extracts: every shown string through its font's ToUnicode map."""
    objects = dict(re.findall(rb"(\d+) 0 obj\s*(.*?)endobj", pdf, re.S))

    def stream(num: bytes) -> bytes:
        raw = re.search(rb"stream\r?\n(.*)endstream", objects[num], re.S).group(1)
        return zlib.decompress(raw) if b"FlateDecode" in objects[num] else raw

    def to_unicode(num: bytes) -> dict[int, str]:
        cmap: dict[int, str] = {}
        for start, end, values in re.findall(
            rb"<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]", stream(num)
        ):
            for code, value in zip(
                range(int(start, 16), int(end, 16) + 1),
                re.findall(rb"<([0-9a-f]*)>", values),
                strict=True,
            ):
                cmap[code] = bytes.fromhex(value.decode()).decode("utf-16-be")
        return cmap

    names = dict(re.findall(rb"/(F\d+) (\d+) 0 R", b"".join(objects.values())))
    maps = {
        name: to_unicode(re.search(rb"/ToUnicode (\d+) 0 R", objects[num]).group(1))
        for name, num in names.items()
        if b"/ToUnicode" in objects.get(num, b"")
    }
    pieces = []
    for num, body in objects.items():
        if b"stream" not in body or b"/FlateDecode" not in body:
            continue
        try:
            content = stream(num)
        except zlib.error:
            continue
        for block in re.findall(rb"\bBT\b(.*?)\bET\b", content, re.S):
            text, cmap = "", {}
            for name, shown in re.findall(rb"/(F\d+) [\d.]+ Tf|\[((?:\\.|[^\]])*)\]\s*TJ", block):
                if name:
                    cmap = maps.get(name, {})
                    continue
                codes = b"".join(_literal(s) for s in re.findall(rb"\(((?:\\.|[^\\)])*)\)", shown))
                text += "".join(
                    cmap.get(int.from_bytes(codes[i : i + 2], "big"), "\ufffd")
                    for i in range(0, len(codes) - 1, 2)
                )
            pieces.append(text)
    return "\n".join(pieces)


@pytest.mark.parametrize("spec", figures.REGISTRY, ids=lambda s: s.id)
def test_committed_pdf_text_can_be_extracted(spec):
    text = pdf_text((ROOT / "figures" / f"{spec.id}.pdf").read_bytes())
    assert "kursk-data" in text and "Source" in text  # the footer, as words
    assert "How to read the marks" in text  # a legend
    assert "\ufffd" not in text  # every glyph shown maps back to its characters


def _pdf(text: str) -> bytes:
    with plotting.style(), fonts.lean_font_subsets():
        fig = plt.figure(figsize=(4, 1))
        fig.text(0.05, 0.6, text, fontsize=9)
        fig.text(0.05, 0.2, "Bold " + text, fontsize=9, fontweight="bold")
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None, "Producer": None})
        plt.close(fig)
    return buf.getvalue()


def test_pdf_bytes_do_not_depend_on_the_font_cache(monkeypatch):
    words = "Сырский: fifty km² – first"
    monkeypatch.setattr(fonts, "_COMMON_SUBSETS", {})
    cold = _pdf(words)
    warm = _pdf(words)
    latin = _pdf("first fifty km²")  # every glyph in the common subset
    monkeypatch.setattr(fonts, "COMMON", ())  # no common glyphs: every subset from the file
    monkeypatch.setattr(fonts, "_COMMON_SUBSETS", {})
    assert _pdf(words) == cold == warm
    assert _pdf("first fifty km²") == latin
    text = pdf_text(cold)
    assert "Сырский" in text and "km²" in text and "first" in text and "Bold" in text


def _pdf_lean(text: str, *, lean: bool) -> bytes:
    with fonts.lean_pdf_text() if lean else contextlib.nullcontext():
        return _pdf(text)


@pytest.mark.parametrize(
    "text",
    [
        "AVATAR Tw: 'kerned' pairs, 1,300 km²",  # kerning between chunks
        "Сырский 11 000 \ufb01rst",  # a glyph outside the common subset, a ligature
        "Kursk 日本",  # glyphs DejaVu lacks: drawn from another font or as missing
    ],
    ids=["kerning", "cyrillic", "fallback"],
)
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_pdf_text_laid_out_without_loading_glyphs_is_the_same_bytes(text):
    # lean_pdf_text() skips loading each glyph's outline, which the PDF writer never reads:
    # the PDF must be the same to the byte, and the text still extractable.
    plain = _pdf_lean(text, lean=False)
    assert _pdf_lean(text, lean=True) == plain
    assert text.split(" ")[0] in pdf_text(plain)


def test_lean_pdf_text_swaps_only_the_pdf_backends_reference_and_restores_it():
    from matplotlib import _text_helpers, textpath
    from matplotlib.backends import backend_pdf

    with pytest.raises(RuntimeError), fonts.lean_pdf_text():
        assert backend_pdf._text_helpers is not _text_helpers
        assert textpath._text_helpers is _text_helpers  # text as paths still loads outlines
        raise RuntimeError("a figure that fails")
    assert backend_pdf._text_helpers is _text_helpers
