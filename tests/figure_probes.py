"""Probes the print tests share: a figure's claim marks, and a canvas that measures at 680 px."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.legend import Legend

import kursk_data as kd
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


def claim_labels(fig) -> dict:
    """claim id -> its label (Text), over every panel and inset of ``fig``."""
    return {
        str(t.get_gid())[6:]: t
        for ax in all_axes(fig)
        for t in ax.texts
        if str(t.get_gid()).startswith("label:")
    }


def key_entries(fig) -> list[str]:
    """The texts of the figure's key ("How to read the marks")."""
    return [
        t.get_text()
        for lg in fig.findobj(Legend)
        if lg.get_gid() == "legend:How to read the marks"
        for t in lg.get_texts()
    ]


def statement_links() -> list[tuple[pd.Series, pd.Series]]:
    """Each claim of the shipped ledger reporting, under another name, a statement another
    row names (``same_statement_as``), with that row (the one a chart draws for both)."""
    claims = kd.load_claims()
    by_id = claims.set_index(claims["claim_id"].astype(str))
    out = []
    for _, row in claims[claims["same_statement_as"].notna()].iterrows():
        root = by_id.loc[str(row["same_statement_as"])]
        if str(root["claimant"]) not in (str(row["claimant"]), "unattributed"):
            out.append((row, root))
    return out


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
