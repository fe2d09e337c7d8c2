"""Writing figures: rendering to bytes, reproducibly, and writing only the files that changed."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kursk_data import schema
from kursk_data.errors import UsageError
from kursk_data.figure_folder import (
    FILE_KINDS,
    IMAGE_FORMATS,
    check_out_folder,
    clean_stale,
    locked,
    make_folder,
    read_regular,
    remove_if_empty,
    write_atomic,
)
from kursk_data.figures.checks import REFUSED, FigureRefused, check_figure, one_glyph_warning
from kursk_data.figures.citation import _metadata, _sha256, citation_line, sidecar
from kursk_data.figures.derive import figure_set, find
from kursk_data.figures.gallery import _gallery
from kursk_data.figures.registry import FIGURES, FigureSpec, ledger_palette
from kursk_data.labels import source_line
from kursk_data.load import load_claims, load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PNG_DPI = 200  # the PNG's resolution: 1,440 px wide
# The most claims a run draws: a chart of more is unreadable, and drawing one takes minutes and
# gigabytes. Larger ledgers are refused before anything is drawn (select what to draw first).
MAX_CLAIMS = 100_000


def data_csv(data: pd.DataFrame, lines: dict[str, str] | None = None) -> bytes:
    """The rows a figure draws, as the ledger holds them (claim ids first, sorted by id): the
    figure's "download the data" file, spreadsheet-safe.

    ``lines`` (from :func:`_csv_lines`) holds every claim's CSV line already rendered: each
    cell is written on its own, so a row's line is the same in any selection.
    """
    from kursk_data.formats import to_csv

    if lines is None:
        return to_csv(data.sort_values("claim_id")).encode("utf-8")
    ids = sorted(data["claim_id"].astype(str))
    return "".join([lines[""], *(lines[i] for i in ids)]).encode("utf-8")


def _csv_lines(claims: pd.DataFrame) -> dict[str, str]:
    """Each claim's CSV line by claim id (``""``: the header), rendered in one pass."""
    import csv

    from kursk_data.formats import to_csv

    text = to_csv(claims.sort_values("claim_id"))
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    lines = {}
    for i, row in enumerate(rows):
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        lines["" if i == 0 else row[0]] = out.getvalue()
    return lines


# CSS generic families: a name that ends a font-family list as the reader's own fallback.
GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math"}
)
_FONT_FAMILY = re.compile(rb"font-family: ?([^;\"}]*)")


def svg_font_fallback(svg: bytes) -> bytes:
    """``svg`` with every ``font-family`` list ending in a generic family: a reader without
    DejaVu Sans gets their own sans-serif instead of a browser default serif. The text is
    otherwise untouched, so the bytes stay the same on every run."""

    def fix(m: re.Match) -> bytes:
        names = [n.strip() for n in m.group(1).decode("utf-8").split(",") if n.strip()]
        if not names or names[-1].strip("'\"") in GENERIC_FAMILIES:
            return m.group(0)
        return b"font-family: " + ", ".join([*names, "sans-serif"]).encode("utf-8")

    return _FONT_FAMILY.sub(fix, svg)


def render(
    spec: FigureSpec,
    data: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    palette: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The figure's PNG, SVG and PDF bytes; ``palette``: the whole ledger's claimant colours
    (:func:`~kursk_data.figures.registry.ledger_palette`, which also carries the claimant each
    statement reported twice is drawn under).

    The layout is computed once when the figure is drawn (fixed size, explicit positions), so
    each format is saved as drawn, with no ``bbox_inches="tight"`` pass. The bytes are the same
    on every run: the metadata leaves out dates and versions, and the style sheet fixes the
    SVG's ids (``svg.hashsalt``). A figure that fails its own check (a layout problem, a mark
    off its claim's period) raises :class:`~kursk_data.figures.checks.FigureRefused`.
    """
    import matplotlib.pyplot as plt

    plotting = import_module("kursk_data.plotting")
    resolved = spec.resolve(data)  # words computed once: drawing the resolved spec reuses them
    fig = resolved.draw_data(data, sources, palette=palette)
    source = source_line(data, sources)
    out = {}
    try:
        with plotting.style():  # checked as it will be saved
            check_figure(fig, data, spec.id)
            for fmt in IMAGE_FORMATS:
                buf = io.BytesIO()
                meta = _metadata(resolved, data, fmt, sources, source=source)
                fig.savefig(buf, format=fmt, metadata=meta, dpi=PNG_DPI if fmt == "png" else 72)
                out[fmt] = svg_font_fallback(buf.getvalue()) if fmt == "svg" else buf.getvalue()
    finally:
        plt.close(fig)
    return out


# --------------------------------------------------------------------------- writing


def _json_bytes(obj: dict) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _differs(path: Path, payload: bytes) -> bool:
    """True unless ``path`` is a regular file holding exactly ``payload`` (a FIFO, a device
    or a folder in its place is never read, and counts as different)."""
    return read_regular(path, len(payload)) != payload


def _refuse_inputs_in_out(
    out: Path, inputs: dict[str, str | os.PathLike[str] | None], ids: Iterable[str]
) -> None:
    """A UsageError when a claims or sources file is one a run writes in ``out`` (a figure's
    data file or sidecar, the gallery): the run would replace the user's file with its own."""
    from kursk_data.formats import printable

    written = ["README.md", *(f"{i}.{kind}" for i in ids for kind in FILE_KINDS)]
    for what, path in inputs.items():
        # The same file, however it is reached: its name, "..", a link, a folder ignoring case.
        try:
            st = os.stat(path) if path is not None else None
        except (OSError, ValueError):  # missing: loading it says so
            st = None
        for name in written if st is not None else ():
            try:
                there = os.stat(out / name)
            except (OSError, ValueError):
                continue
            if (there.st_dev, there.st_ino) == (st.st_dev, st.st_ino):
                raise UsageError(
                    f"{printable(os.fspath(path))}: your {what} file is {name} in "
                    f"{printable(os.fspath(out))}, which the run writes: move it out of that "
                    "folder"
                )


def export_figures(
    out: str | os.PathLike[str] = "figures",
    *,
    only: Iterable[str] | None = None,
    force: bool = False,
    claims_path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    sides_path: str | os.PathLike[str] | None = None,
    shipped: bool = True,
    jobs: int = 1,
) -> Iterator[str]:
    """Export the registered figures into ``out``, yielding one status line per figure.

    Each figure is written as ``<id>.png/.svg/.pdf``, ``<id>.csv`` (the rows it draws) and a
    ``<id>.json`` sidecar, with a gallery ``README.md``. Every figure is rendered in memory,
    then only the files whose bytes differ from those in ``out`` are written (all of them with
    ``force``), so a run with nothing new leaves the folder, and git, as they were. Nothing is
    written until everything is rendered, and each file is replaced whole, so a failure
    part-way leaves ``out`` as it was (and a folder the run created is removed again). Runs
    into one folder take turns (a lock on the folder); temporary files a killed run left are
    removed. ``out`` may not hold a README.md this package did not write. ``shipped=False``
    draws the user's files (``claims_path``, ``sources_path``; ``sides_path`` for a ledger
    with sides of its own) on their own. With ``jobs`` > 1
    the figures are drawn by that many worker processes (the command line uses one per core;
    the default here, 1, starts none).

    The figures are those of the ledger (:func:`~kursk_data.figures.derive.figure_set`): the
    six registered ones for the shipped ledger, derived ones for a user's measures; a figure
    with nothing to draw is skipped with one line, and one that fails its own check is not
    written (its old files stay) and reported as ``refused``.

    Raises
    ------
    UsageError
        If ``out`` cannot be a folder of figures (see :func:`check_out_folder`), if the claims
        or sources file sits in ``out`` under a name the run writes, if ``only`` names an id
        this ledger has no figure for, or if there are more than :data:`MAX_CLAIMS` claims.
    """
    out = Path(out)
    only = list(dict.fromkeys(only)) if only else None  # an id named twice is drawn once
    inputs = {"claims": claims_path, "sources": sources_path, "sides": sides_path}
    _refuse_inputs_in_out(out, inputs, FIGURES)
    check_out_folder(out)
    with _workers(min(jobs, len(only) if only else jobs)) as pool:
        claims = load_claims(
            path=claims_path, sources_path=sources_path, sides_path=sides_path, shipped=shipped
        )
        if len(claims) > MAX_CLAIMS:
            raise UsageError(
                f"{len(claims):,} claims: figures draws at most {MAX_CLAIMS:,}; draw a "
                "selection of them"
            )
        sources = load_sources(path=sources_path, shipped=shipped)
        every, skipped = figure_set(claims)  # the ledger's own figures; nothing empty
        by_id = {s.id: s for s in every}
        unknown = [i for i in only or () if i not in by_id]
        if unknown:
            raise UsageError(
                f"unknown figure id(s) for this ledger: {', '.join(unknown)}; "
                f"known: {', '.join(by_id)}"
            )
        specs = [by_id[i] for i in only] if only else every
        # Derived ids follow from the ledger: checked again now, before any file is written.
        _refuse_inputs_in_out(out, inputs, by_id)
        check_out_folder(out)
        created = make_folder(out)
        try:
            with locked(out):
                clean_stale(out)
                check_out_folder(out)  # again, now that no other run can be writing here
                files = _render_folder(claims, sources, every, specs, pool)
                lines = _write_changed(out, files, force)
                if skipped:
                    lines.insert(0, f"skipped   {', '.join(skipped)}: nothing to draw")
        except BaseException:
            remove_if_empty(created)  # a run that fails leaves no new empty folder
            raise
    yield from lines


def _warm() -> None:
    """A worker's start: the drawing libraries imported while the parent loads the data."""
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")  # files only: never a window
    import_module("matplotlib.pyplot")
    import_module("kursk_data.plotting")


def _render_figure(
    spec: FigureSpec | str,
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    shown: pd.DataFrame | None = None,
    palette: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """One figure's images, drawn from the whole ledger ``claims``; a registered figure comes
    by its id (its words are lambdas, which do not pickle), a derived one as itself. ``shown``
    (the figure's rows) and ``palette`` (:func:`ledger_palette` of ``claims``) are computed
    when not given. A figure refused by its own check comes back as
    ``{REFUSED: "<id>: <problem>"}``."""
    spec = FIGURES[spec] if isinstance(spec, str) else spec
    shown = spec.data(claims) if shown is None else shown
    # Each claimant's colour follows from the whole ledger, so every figure agrees.
    palette = ledger_palette(claims) if palette is None else palette
    try:
        with one_glyph_warning(spec.id):
            return render(spec, shown, sources, palette)
    except FigureRefused as err:
        return {REFUSED: str(err).encode()}


def _render_in_worker(
    spec: FigureSpec | str,
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    names: tuple[dict, dict],
    shown: pd.DataFrame | None = None,
    palette: dict[str, str] | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """:func:`_render_figure` in a worker process. ``names``: the ledger's own sides and measure
    labels (the worker started before they were read). Its warnings are returned to the parent,
    which shows them as its own, rather than printed by the worker in the worker's format."""
    schema.LEDGER_SIDES.update(names[0])
    schema.MEASURE_LABELS.update(names[1])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")  # the parent's filters decide what is shown
        images = _render_figure(spec, claims, sources, shown, palette)
    return images, [str(w.message) for w in seen]


def _job(spec: FigureSpec) -> FigureSpec | str:
    return spec.id if spec.id in FIGURES else spec  # derived ids never take a registered one


@contextlib.contextmanager
def _workers(count: int) -> Iterator[Executor | None]:
    """``count`` worker processes (None for fewer than two), started before the data is read.

    They are started by the platform's default method (fork, spawn or forkserver). Where it is
    fork, starting them first means no thread of the data readers is running when they fork,
    and each worker begins with what this process has imported.
    """
    if count < 2:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(count) as pool:
        for _ in range(count):
            pool.submit(_warm)
        yield pool


def _render_folder(
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    every: list[FigureSpec],
    specs: list[FigureSpec],
    pool: Executor | None = None,
) -> dict[str, dict[str, bytes]]:
    """Every file of the figures ``specs`` (figure id -> file name -> bytes; a refused one:
    ``{REFUSED: why}``), and the gallery (under ``""``), which lists ``every`` figure."""
    shown = {spec.id: spec.data(claims) for spec in every}
    resolved = {spec.id: spec.resolve(shown[spec.id]) for spec in every}
    rows = _csv_lines(claims)
    palette = ledger_palette(claims)  # the whole ledger's: once for every figure
    if pool is None:
        drawn = [_render_figure(s, claims, sources, shown[s.id], palette) for s in specs]
    else:
        # The figures with the most claims first, so the workers finish together.
        order = sorted(specs, key=lambda spec: -len(shown[spec.id]))
        names = (dict(schema.LEDGER_SIDES), dict(schema.MEASURE_LABELS))
        futures = {
            s.id: pool.submit(
                _render_in_worker, _job(s), claims, sources, names, shown[s.id], palette
            )
            for s in order
        }
        drawn = []
        for spec in specs:
            images, said = futures[spec.id].result()
            for text in said:
                warnings.warn(text, UserWarning, stacklevel=2)
            drawn.append(images)
    result: dict[str, dict[str, bytes]] = {}
    cites: dict[str, dict] = {}  # the sidecars' citations are the gallery's: made once
    for spec, images in zip(specs, drawn, strict=True):
        if REFUSED in images:  # not written: that id's old files stay as they were
            result[spec.id] = images
            continue
        data = shown[spec.id]
        table = data_csv(data, rows)
        own = {**images, "csv": table}
        meta = sidecar(resolved[spec.id], data, own, sources=sources, data_sha256=_sha256(table))
        meta["data_file"] = f"{spec.id}.csv"
        cites[spec.id] = meta["citation"]
        own["json"] = _json_bytes(meta)
        result[spec.id] = {f"{spec.id}.{kind}": payload for kind, payload in own.items()}
    gallery = _gallery(shown, sources, list(resolved.values()), cites).encode("utf-8")
    result[""] = {"README.md": gallery}
    return result


def _write_changed(out: Path, files: dict[str, dict[str, bytes]], force: bool) -> list[str]:
    pending: dict[Path, bytes] = {}
    lines = []
    for fig_id, own in files.items():
        if REFUSED in own:
            lines.append(f"refused   {own[REFUSED].decode()}")
            continue
        changed = [name for name, data in own.items() if force or _differs(out / name, data)]
        pending.update({out / name: own[name] for name in changed})
        if not fig_id:  # the gallery
            continue
        if changed:
            kinds = ", ".join(name.rsplit(".", 1)[1] for name in changed)
            lines.append(f"wrote     {fig_id} ({kinds})")
        else:
            lines.append(f"unchanged {fig_id}")
    write_atomic(pending)
    return lines


def draw_figure(
    fig_id: str, claims: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> Figure:
    """Draw a figure of the ledger ``claims`` (a registered one, or one derived from it) exactly
    as ``kursk-data figures`` exports it.

    Pass ``sources`` (``load_sources(path=...)``) when ``claims`` include your own, so the
    footer names your sources too.
    """
    claims = load_claims() if claims is None else claims
    with one_glyph_warning(fig_id):
        return find(fig_id, claims).build(claims, sources)


def show_figure(
    fig_id: str,
    claims: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    dpi: int = 110,
) -> None:
    """Show a registered figure in a notebook with its source and citation printed under it.

    The figure is shown as a PNG whatever the matplotlib backend, so it looks the same in
    JupyterLab, in nbval and in an exported notebook. At the default 110 dpi it is 792 px wide,
    about the width of JupyterLab's notebook column, and its smallest text is 12 px. The
    citation is wrapped between words, never inside a name or an address.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    plotting = import_module("kursk_data.plotting")
    claims = load_claims() if claims is None else claims
    buf = io.BytesIO()
    with one_glyph_warning(fig_id):  # drawn and saved: one warning for both
        fig = draw_figure(fig_id, claims, sources)
        try:
            with plotting.style():
                fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        finally:
            plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"))
    print(citation_line(fig_id, claims, sources))
