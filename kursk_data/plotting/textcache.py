"""Text measured once: the same numbers matplotlib computes, without computing them again.

matplotlib lays a text out (``Text._get_layout``: its lines, their sizes, the box) every time
the text is measured or drawn, and a legend asks for each of its texts several times a draw:
an exported figure laid out its texts some 3,500 times for 1,200 different layouts. And it
keeps measured strings per renderer, so a string measured for one figure is measured again
for the next, though the numbers depend only on the string, the font, the size and the dpi.

Inside :func:`measured_once` (on in the package style, the chart engines and the layout
checker) both are kept: a text's layout per renderer, keyed on everything the layout reads,
and a string's metrics per kind of renderer, dpi and font settings, for the whole process. A
layout or a metric is computed by matplotlib's own code the first time and returned as
computed after that, so every figure is the same to the byte with or without it
(``tests/test_textcache.py`` checks it). Texts that wrap themselves (their lines depend on
where they are) and TeX or mathtext are left to matplotlib.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterator

import matplotlib as mpl
from matplotlib import text as mtext
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.transforms import Bbox

_ORIGINAL_LAYOUT = mtext.Text._get_layout
_ORIGINAL_METRICS = mtext._get_text_metrics_with_cache

# Settings a measurement reads besides the text, its font properties and the dpi: hinting,
# kerning, the families a generic name ("sans-serif") resolves to, core fonts in PDF.
_RC_KEYS = (
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
    "pdf.use14corefonts",
    "font.sans-serif",
    "font.serif",
    "font.monospace",
    "font.cursive",
    "font.fantasy",
)
# Renderers whose measurement is known to depend on nothing else (their class and dpi are in
# the key): Agg (hinted, at its dpi) and the PDF and SVG renderers (unhinted, in points).
_PLAIN = ("RendererAgg", "RendererPdf", "RendererSVG", "RendererPS")
_MAX_METRICS = 50_000  # a bound on the process-wide cache; cleared when reached

_metrics: dict[tuple, tuple[float, float, float]] = {}
_layouts: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_depth = 0


def _rc() -> tuple:
    rc = mpl.rcParams
    return tuple(tuple(v) if isinstance(v, list) else v for v in (rc[k] for k in _RC_KEYS))


def _measured(renderer, text, fontprop, ismath, dpi):
    """matplotlib's ``_get_text_metrics_with_cache``, kept across renderers of one kind."""
    inner = renderer._renderer if isinstance(renderer, MixedModeRenderer) else renderer
    kind = type(inner).__name__
    if ismath or kind not in _PLAIN:
        return _ORIGINAL_METRICS(renderer, text, fontprop, ismath, dpi)
    # matplotlib's own cache tells font properties apart by their hash; so does this one.
    key = (kind, getattr(inner, "dpi", None), text, hash(fontprop), dpi, _rc())
    found = _metrics.get(key)
    if found is None:
        found = _ORIGINAL_METRICS(renderer, text, fontprop, ismath, dpi)
        if len(_metrics) >= _MAX_METRICS:
            _metrics.clear()
        _metrics[key] = found
    return found


def _layout(self: mtext.Text, renderer):
    """``Text._get_layout``, kept per renderer for texts with the same layout inputs."""
    if self.get_wrap() or self.get_usetex() or renderer is None:
        return _ORIGINAL_LAYOUT(self, renderer)
    try:
        memo = _layouts.get(renderer)
        if memo is None:
            memo = _layouts[renderer] = {}
    except TypeError:  # a renderer that cannot be weakly referenced: not kept
        return _ORIGINAL_LAYOUT(self, renderer)
    # Everything _get_layout reads: the text and its font, line spacing, alignments,
    # rotation, whether it parses math, the figure's dpi and the renderer's, the settings.
    key = (
        self._text,
        hash(self._fontproperties),
        self._linespacing,
        self._multialignment,
        self._horizontalalignment,
        self._verticalalignment,
        self.get_rotation(),
        self._rotation_mode,
        self._parse_math,
        self.get_figure(root=True).dpi,
        getattr(renderer, "dpi", None),
        _rc(),  # the font a family name resolves to
    )
    found = memo.get(key)
    if found is None:
        found = memo[key] = _ORIGINAL_LAYOUT(self, renderer)
    bbox, lines, box = found
    # A fresh box and list each time: a caller may change what it is given.
    return Bbox(bbox.get_points().copy()), list(lines), box


@contextlib.contextmanager
def measured_once() -> Iterator[None]:
    """Within this block texts are laid out and strings measured once (see the module)."""
    global _depth
    with _lock:
        if _depth == 0:
            mtext.Text._get_layout = _layout
            mtext._get_text_metrics_with_cache = _measured
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                mtext.Text._get_layout = _ORIGINAL_LAYOUT
                mtext._get_text_metrics_with_cache = _ORIGINAL_METRICS
