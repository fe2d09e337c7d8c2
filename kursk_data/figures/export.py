"""Writing figures: rendering to bytes, reproducibly, and renaming into place atomically."""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from importlib import import_module, resources
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kursk_data.errors import UsageError
from kursk_data.figure_folder import (
    FILE_KINDS,
    FORMATS,
    STAMP,
    check_out_folder,
    clean_stale,
    current_for,
    inputs_key,
    locked,
    make_folder,
    remove_if_empty,
    stamp_bytes,
    write_atomic,
)
from kursk_data.figures import fonts
from kursk_data.figures.citation import (
    _gallery,
    _metadata,
    _sha256,
    _version,
    citation_line,
    sidecar,
    sources_digest,
)
from kursk_data.figures.fonts import lean_font_subsets, lean_pdf_text
from kursk_data.figures.png import png_bytes
from kursk_data.figures.registry import FIGURES, REGISTRY, FigureSpec, ledger_palette
from kursk_data.labels import source_line
from kursk_data.load import load_claims, load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PNG_DPI = 200  # the PNG's resolution: 1,440 px wide
# The most claims a run draws: a chart of more is unreadable, and drawing one takes minutes and
# gigabytes. Larger ledgers are refused before anything is drawn (select what to draw first).
MAX_CLAIMS = 100_000

# Code whose change must trigger a redraw, besides the data itself (folders: every .py in them).
_CODE_FILES = (
    "plotting",
    "figures",
    "kursk.mplstyle",
    "qualifiers.py",
    "units.py",
    "labels.py",
    "analysis",
)


def _code_digest() -> str:
    h = hashlib.sha256()
    pkg = resources.files("kursk_data")
    for name in _CODE_FILES:
        item = pkg.joinpath(name)
        files = (
            sorted((f for f in item.iterdir() if f.name.endswith(".py")), key=lambda f: f.name)
            if item.is_dir()
            else [item]
        )
        for f in files:
            h.update(f"{name}/{f.name}".encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(f"matplotlib {dist_version('matplotlib')}; pandas {pd.__version__}".encode())
    return h.hexdigest()


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
    import io

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


def render(
    spec: FigureSpec,
    data: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    palette: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The figure's PNG, SVG and PDF bytes; ``palette``: the whole ledger's claimant colours
    (:func:`~kursk_data.figures.registry.ledger_palette`).

    The layout is computed once when the figure is drawn (fixed size, explicit positions), so
    each format is drawn exactly once and no ``bbox_inches="tight"`` pass is needed. The PNG is
    matplotlib's own pixels (its ``rgba`` output), written by :func:`~kursk_data.figures.png.
    png_bytes` (unfiltered rows, zlib level 3).
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import numpy as np

    plotting = import_module("kursk_data.plotting")
    resolved = spec.resolve(data)  # words computed once: drawing the resolved spec reuses them
    fig = resolved.draw_data(data, sources, palette=palette)
    source = source_line(data, sources)
    out = {}
    try:
        with plotting.style(), lean_font_subsets(), lean_pdf_text():
            for fmt in FORMATS:
                meta = _metadata(resolved, data, fmt, sources, source=source)
                buf = io.BytesIO()
                if fmt == "png":
                    fig.savefig(buf, format="rgba", dpi=PNG_DPI)
                    width = int(fig.get_figwidth() * PNG_DPI)  # as the canvas rounds it
                    pixels = np.frombuffer(buf.getbuffer(), np.uint8).reshape(-1, width, 4)
                    # matplotlib names itself unless the metadata says otherwise (None: not).
                    software = f"Matplotlib version{mpl.__version__}, https://matplotlib.org/"
                    text = {"Software": software, **meta}
                    out[fmt] = png_bytes(pixels, dpi=PNG_DPI, text=text)
                    continue
                fig.savefig(buf, format=fmt, metadata=meta, dpi=72)
                out[fmt] = buf.getvalue()
    finally:
        plt.close(fig)
    return out


# --------------------------------------------------------------------------- writing


def _inputs_digest(
    spec: FigureSpec, data_sha256: str, code_sha256: str, sources_sha256: str = ""
) -> str:
    """Everything a figure's files follow from; ``spec`` is resolved (words computed)."""
    parts = [
        spec.id,
        str(spec.title),
        str(spec.caption),
        str(spec.subtitle),
        repr(spec.size),
        repr(sorted(spec.draw_kws)),
        data_sha256,
        code_sha256,
        sources_sha256,
        _version(),
    ]
    return _sha256("\0".join(parts).encode())


def _up_to_date(out: Path, spec: FigureSpec, inputs: str) -> dict[str, bytes] | None:
    """The figure's files (name -> the bytes checked) when they are current, else None.

    The stamp is made from these bytes, not from a second read: a file edited after this
    check must not be stamped as drawn."""
    side = out / f"{spec.id}.json"
    try:
        raw = side.read_bytes()
        meta = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    own = {f"{spec.id}.{fmt}" for fmt in (*FORMATS, "csv")}  # the images and the data file
    files = meta.get("files") if isinstance(meta, dict) else None
    if not isinstance(files, dict) or set(files) != own or meta.get("inputs_sha256") != inputs:
        return None
    held = {side.name: raw}
    for name, digest in files.items():
        p = out / name
        if not p.is_file():
            return None
        held[name] = p.read_bytes()
        if _sha256(held[name]) != digest:
            return None
    return held


def _json_bytes(obj: dict) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


Job = tuple[str, pd.DataFrame, pd.DataFrame, dict[str, str]]


def _render_by_id(job: Job) -> dict[str, bytes]:
    fig_id, data, sources, palette = job
    return render(FIGURES[fig_id], data, sources, palette)


def _render_all(jobs: list[Job], workers: int) -> list[dict[str, bytes]]:
    """Render figures, in parallel processes when there are several and cores to spare."""
    if workers <= 1 or len(jobs) <= 1:
        return [_render_by_id(job) for job in jobs]
    import multiprocessing

    import matplotlib.pyplot  # noqa: F401  (import once here; forked workers inherit it)
    from matplotlib.backends import backend_pdf, backend_svg  # noqa: F401  (the same)

    import_module("kursk_data.plotting")
    fonts.prepare()  # the PDF fonts' common glyphs, cut once instead of once a worker

    # Largest figures first, so the workers finish together; results come back in job order.
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][1]))
    with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
        done = pool.map(_render_by_id, [jobs[i] for i in order], chunksize=1)
    result: list[dict[str, bytes]] = [{}] * len(jobs)
    for i, files in zip(order, done, strict=True):
        result[i] = files
    return result


def _refuse_inputs_in_out(out: Path, inputs: dict[str, str | os.PathLike[str] | None]) -> None:
    """A UsageError when a claims or sources file is one a run writes in ``out`` (a figure's
    data file or sidecar, the gallery): the run would replace the user's file with its own."""
    from kursk_data.formats import printable

    written = ["README.md", *(f"{s.id}.{kind}" for s in REGISTRY for kind in FILE_KINDS)]
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
    shipped: bool = True,
    jobs: int = 1,
) -> Iterator[str]:
    """Export the registered figures into ``out``, yielding one status line per figure.

    Each figure is written as ``<id>.png/.svg/.pdf``, ``<id>.csv`` (the rows it draws) and a
    ``<id>.json`` sidecar. Everything is rendered in memory before anything is written, so a
    failure part-way leaves ``out`` as it was (and a folder the run created is removed again).
    Runs into one folder take turns (a lock on the folder), so two never mix their files;
    temporary files a killed run left are removed. ``out`` may not hold a README.md this
    package did not write. With ``jobs`` > 1, that many forked processes render in parallel
    (the CLI uses one per core; the default here is 1, safe inside a notebook kernel's
    threads). ``shipped=False`` draws the user's files (``claims_path``, ``sources_path``) on
    their own.

    Raises
    ------
    UsageError
        If ``out`` cannot be a folder of figures (see :func:`check_out_folder`), if the claims
        or sources file sits in ``out`` under a name the run writes, or if there are more than
        :data:`MAX_CLAIMS` claims to draw.
    """
    out = Path(out)
    _refuse_inputs_in_out(out, {"claims": claims_path, "sources": sources_path})
    whole = only is None
    # Hashed before the data is read: if the files change during the run, the stamp names
    # the older bytes and the next run redraws from the newer ones.
    key = inputs_key(claims_path, sources_path, shipped) if whole else None
    if whole and not force:
        check_out_folder(out)
        unchanged = current_for(out, key)
        if unchanged is not None:
            yield from unchanged
            return
    claims = load_claims(path=claims_path, sources_path=sources_path, shipped=shipped)
    if len(claims) > MAX_CLAIMS:
        raise UsageError(
            f"{len(claims):,} claims: figures draws at most {MAX_CLAIMS:,}; draw a "
            "selection of them"
        )
    sources = load_sources(path=sources_path, shipped=shipped)
    if key is not None and inputs_key(claims_path, sources_path, shipped) != key:
        # A file changed while it was loaded: the stamp cannot say which bytes were drawn
        # (a stamp naming the first ones would wrongly be current once they are back). None.
        key = None
    check_out_folder(out)
    created = make_folder(out)
    try:
        with locked(out):
            clean_stale(out)
            check_out_folder(out)  # again, now that no other run can be writing here
            lines = _export_locked(out, claims, sources, only, force, jobs, key)
    except BaseException:
        remove_if_empty(created)  # a run that fails leaves no new empty folder
        raise
    yield from lines


def _export_locked(
    out: Path,
    claims: pd.DataFrame,
    sources: pd.DataFrame,
    only: Iterable[str] | None,
    force: bool,
    jobs: int,
    key: str | None = None,
) -> list[str]:
    # An id named twice is drawn once.
    specs = [FIGURES[i] for i in dict.fromkeys(only)] if only else REGISTRY
    # Each figure's claims are selected and its words computed once (the gallery lists every
    # figure, so all of them), and the code is hashed once: both feed every inputs digest.
    shown = {spec.id: spec.data(claims) for spec in REGISTRY}
    resolved = {spec.id: spec.resolve(shown[spec.id]) for spec in REGISTRY}
    # Claimants' colours follow from the whole ledger's claimants and sides (and the chart
    # code), not only from the rows a figure draws; hashed without drawing anything, so a run
    # with nothing to redraw never imports matplotlib.
    who = sorted(
        zip(claims["claimant"].astype(str), claims["claimant_side"].astype(str), strict=True)
    )
    code = _sha256((_code_digest() + json.dumps(who)).encode())
    rows = _csv_lines(claims)
    todo: list[tuple[FigureSpec, str, str, bytes]] = []
    lines = []
    checked: dict[str, bytes] = {}  # files found current, as they were checked
    for spec in specs:
        table = data_csv(shown[spec.id], rows)
        digest = _sha256(table)
        cited = sources_digest(shown[spec.id], sources)
        inputs = _inputs_digest(resolved[spec.id], digest, code, cited)
        held = None if force else _up_to_date(out, spec, inputs)
        if held is not None:
            checked.update(held)
            lines.append(f"unchanged {spec.id}")
            continue
        todo.append((resolved[spec.id], digest, inputs, table))
        lines.append(f"wrote     {spec.id} ({', '.join(FORMATS)}, csv, json)")
    palette = ledger_palette(claims) if todo else {}  # one colour per claimant, every figure
    rendered = _render_all([(spec.id, shown[spec.id], sources, palette) for spec, *_ in todo], jobs)
    pending: dict[Path, bytes] = {}
    for (spec, digest, inputs, table), files in zip(todo, rendered, strict=True):
        files = {**files, "csv": table}
        for fmt, payload in files.items():
            pending[out / f"{spec.id}.{fmt}"] = payload
        meta = sidecar(spec, shown[spec.id], inputs, files, sources=sources, data_sha256=digest)
        meta["data_file"] = f"{spec.id}.csv"
        pending[out / f"{spec.id}.json"] = _json_bytes(meta)
    gallery = _gallery(shown, sources, [resolved[s.id] for s in REGISTRY]).encode("utf-8")
    readme = out / "README.md"
    if force or not readme.is_file() or readme.read_bytes() != gallery:
        pending[readme] = gallery
    checked["README.md"] = gallery  # written, or found equal to it
    if key is not None:  # a run over the whole registry: stamp what the folder now holds
        names = ["README.md"] + [f"{s.id}.{k}" for s in REGISTRY for k in FILE_KINDS]
        held = {n: pending.get(out / n, checked.get(n)) for n in names}
        stamp = stamp_bytes(key, [s.id for s in REGISTRY], held)
        path = out / STAMP
        if not path.is_file() or path.read_bytes() != stamp:
            pending[path] = stamp  # last, so a reader never sees a stamp before its files
    write_atomic(pending)
    return lines


def draw_figure(
    fig_id: str, claims: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> Figure:
    """Draw a registered figure exactly as ``kursk-data figures`` exports it.

    Pass ``sources`` (``load_sources(path=...)``) when ``claims`` include your own, so the
    footer names your sources too.
    """
    claims = load_claims() if claims is None else claims
    return FIGURES[fig_id].build(claims, sources)


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
    fig = draw_figure(fig_id, claims, sources)
    buf = io.BytesIO()
    try:
        with plotting.style():
            fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    finally:
        plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"))
    print(citation_line(fig_id, claims, sources))
