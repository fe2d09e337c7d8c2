"""Probes the print tests share: a figure's claim marks, and a canvas that measures at 680 px."""

from __future__ import annotations

from matplotlib.axes import Axes

from kursk_data.plotting.marks import all_axes

READ_AT = 680  # px: the width a chart desk reads a figure at


def claim_marks(fig) -> dict:
    """claim id -> (Axes, its mark), over every panel and inset of ``fig``."""
    return {
        str(ln.get_gid())[6:]: (ax, ln)
        for ax in all_axes(fig)
        for ln in ax.get_lines()
        if str(ln.get_gid()).startswith("claim:")
    }


def gid_lines(fig, prefix: str) -> list:
    """The lines of every Axes of ``fig`` whose gid starts with ``prefix``."""
    return [
        ln
        for ax in fig.findobj(Axes)
        for ln in ax.lines
        if str(ln.get_gid() or "").startswith(prefix)
    ]


def claim_line(fig, cid: str):
    """The one mark of claim ``cid`` in ``fig``."""
    (ln,) = gid_lines(fig, f"claim:{cid}")
    return ln


def measuring(fig):
    """``fig`` with a canvas that measures (a figure closed by pyplot loses its own)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    return fig


def rendered(fig):
    """``fig`` laid out on a canvas that measures, and pixels at 680 px wide per pixel."""
    measuring(fig).draw_without_rendering()
    return fig.canvas.get_renderer(), READ_AT / fig.bbox.width
