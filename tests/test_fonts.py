"""The PDF's embedded fonts: text stays text, extractable through each font's ToUnicode map,
and the same bytes on every save."""

from __future__ import annotations

import io
import re
import zlib

import matplotlib
import pytest
from conftest import ROOT

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from kursk_data import figures, plotting

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


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_committed_pdf_text_can_be_extracted(spec):
    text = pdf_text((ROOT / "figures" / f"{spec.id}.pdf").read_bytes())
    assert "kursk-data" in text and "Source" in text  # the footer, as words
    # the key of the marks (territory-article's shows no band, so no "about X" entry; losses
    # and territory-article show only the inferred period's entry since #24 round 7), or
    # where every row's label states its figure as worded and there is no key (troops- and
    # overview-article, #24 rating 6), those labels' qualifier words; the inferred period's
    # entry reads "date is our reading" since round 8
    words = ("exact", "about X", "over X", "up to X", "period inferred", "date is our reading")
    key = any(w in text for w in words)
    assert key or (spec.draw == "plot_overview" and "up to 70,000" in text)
    assert "\ufffd" not in text  # every glyph shown maps back to its characters


def _pdf(text: str) -> bytes:
    with plotting.style():
        fig = plt.figure(figsize=(4, 1))
        fig.text(0.05, 0.6, text, fontsize=9)
        fig.text(0.05, 0.2, "Bold " + text, fontsize=9, fontweight="bold")
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf", metadata={"CreationDate": None, "Producer": None})
        plt.close(fig)
    return buf.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        "AVATAR Tw: 'kerned' pairs, 1,300 km²",  # kerning between chunks
        "Сырский 11 000 \ufb01rst",  # Cyrillic, a ligature
    ],
    ids=["kerning", "cyrillic"],
)
def test_pdf_text_is_extractable_and_the_same_bytes_every_time(text):
    first = _pdf(text)
    assert _pdf(text) == first
    extracted = pdf_text(first)
    assert text.split(" ")[0] in extracted and "Bold" in extracted


@pytest.mark.parametrize("spec", figures.FIGURES.values(), ids=lambda s: s.id)
def test_committed_svg_text_names_dejavu_sans_then_a_generic_family(spec):
    """A reader without DejaVu Sans gets their own sans-serif, not a browser's default serif:
    every font-family list in the exported SVG ends with the generic family."""
    svg = (ROOT / "figures" / f"{spec.id}.svg").read_text(encoding="utf-8")
    families = re.findall(r"font-family: ?([^;\"}]*)", svg)
    assert families
    for family in families:
        names = [n.strip() for n in family.split(",")]
        assert names[0] == "'DejaVu Sans'" and names[-1] == "sans-serif", family
