"""Writing figures: rendering to bytes, reproducibly, and renaming into place atomically."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from importlib import import_module, resources
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kursk_data.figures.citation import (
    FORMATS,
    _gallery,
    _metadata,
    _sha256,
    _version,
    citation_line,
    data_digest,
    sidecar,
    sources_digest,
)
from kursk_data.figures.registry import FIGURES, REGISTRY, FigureSpec
from kursk_data.load import load_claims, load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Code whose change must trigger a redraw, besides the data itself (folders: every .py in them).
_CODE_FILES = (
    "plotting",
    "figures",
    "kursk.mplstyle",
    "qualifiers.py",
    "units.py",
    "labels.py",
    "analysis.py",
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


def render(
    spec: FigureSpec, data: pd.DataFrame, sources: pd.DataFrame | None = None
) -> dict[str, bytes]:
    """The figure's PNG, SVG and PDF bytes; ``sources`` names the footer's and the metadata's
    sources (the shipped table by default)."""
    import matplotlib.pyplot as plt

    plotting = import_module("kursk_data.plotting")
    fig = spec.draw_data(data, sources)
    out = {}
    try:
        with plotting.style():
            for fmt in FORMATS:
                buf = io.BytesIO()
                fig.savefig(
                    buf,
                    format=fmt,
                    metadata=_metadata(spec, data, fmt, sources),
                    bbox_inches="tight",
                    pad_inches=0.15,
                    dpi=200 if fmt == "png" else 72,
                )
                out[fmt] = buf.getvalue()
    finally:
        plt.close(fig)
    return out


# --------------------------------------------------------------------------- writing


def _inputs_digest(
    spec: FigureSpec, data_sha256: str, code_sha256: str, sources_sha256: str = ""
) -> str:
    parts = [
        spec.id,
        spec.title,
        spec.caption,
        repr(spec.size),
        repr(sorted(spec.draw_kws)),
        data_sha256,
        code_sha256,
        sources_sha256,
        _version(),
    ]
    return _sha256("\0".join(parts).encode())


def _up_to_date(out: Path, spec: FigureSpec, inputs: str) -> bool:
    side = out / f"{spec.id}.json"
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if meta.get("inputs_sha256") != inputs:
        return False
    for name, digest in meta.get("files", {}).items():
        p = out / name
        if not p.is_file() or _sha256(p.read_bytes()) != digest:
            return False
    return len(meta.get("files", {})) == len(FORMATS)


def write_atomic(files: dict[Path, bytes]) -> None:
    """Write several files so that each is either its old self or wholly new.

    Every file goes to a temporary name in its directory first; only when all are written are
    they renamed into place. On failure the temporary files are removed.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, payload in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.chmod(tmp, 0o644)
            temps.append((Path(tmp), path))
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def _json_bytes(obj: dict) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _render_by_id(job: tuple[str, pd.DataFrame, pd.DataFrame | None]) -> dict[str, bytes]:
    fig_id, data, sources = job
    if sources is None:
        return render(FIGURES[fig_id], data)
    return render(FIGURES[fig_id], data, sources)


def _render_all(
    jobs: list[tuple[str, pd.DataFrame, pd.DataFrame | None]], workers: int
) -> list[dict[str, bytes]]:
    """Render figures, in parallel processes when there are several and cores to spare."""
    if workers <= 1 or len(jobs) <= 1:
        return [_render_by_id(job) for job in jobs]
    import multiprocessing

    import matplotlib.pyplot  # noqa: F401  (import once here; forked workers inherit it)

    # Largest figures first, so the workers finish together; results come back in job order.
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][1]))
    with multiprocessing.get_context("fork").Pool(min(workers, len(jobs))) as pool:
        done = pool.map(_render_by_id, [jobs[i] for i in order], chunksize=1)
    result: list[dict[str, bytes]] = [{}] * len(jobs)
    for i, files in zip(order, done, strict=True):
        result[i] = files
    return result


def export_figures(
    out: str | os.PathLike[str] = "figures",
    *,
    only: Iterable[str] | None = None,
    force: bool = False,
    claims_path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    jobs: int = 1,
) -> Iterator[str]:
    """Export the registered figures into ``out``, yielding one status line per figure.

        Everything is rendered in memory before anything is written, so a failure part-way leaves
        ``out`` as it was. With ``jobs`` > 1, that many forked processes render in parallel (the
    CLI uses one per core; the default here is 1, safe inside a notebook kernel's threads).
    """
    claims = load_claims(path=claims_path, sources_path=sources_path)
    # The user's sources are named, cited and listed like the shipped ones.
    sources = load_sources(path=sources_path)
    own = sources if sources_path is not None else None
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    specs = [FIGURES[i] for i in only] if only else REGISTRY
    # Each figure's claims are selected once (the gallery lists every figure, so all of them),
    # and the code is hashed once: both feed every figure's inputs digest.
    shown = {spec.id: spec.data(claims) for spec in REGISTRY}
    code = _code_digest()
    todo: list[tuple[FigureSpec, str, str]] = []
    lines = []
    for spec in specs:
        digest = data_digest(shown[spec.id])
        inputs = _inputs_digest(spec, digest, code, sources_digest(shown[spec.id], sources))
        if not force and _up_to_date(out, spec, inputs):
            lines.append(f"unchanged {spec.id}")
            continue
        todo.append((spec, digest, inputs))
        lines.append(f"wrote     {spec.id} ({', '.join(FORMATS)}, json)")
    rendered = _render_all([(spec.id, shown[spec.id], own) for spec, _, _ in todo], jobs)
    pending: dict[Path, bytes] = {}
    for (spec, digest, inputs), files in zip(todo, rendered, strict=True):
        for fmt, payload in files.items():
            pending[out / f"{spec.id}.{fmt}"] = payload
        meta = sidecar(spec, shown[spec.id], inputs, files, sources=sources, data_sha256=digest)
        pending[out / f"{spec.id}.json"] = _json_bytes(meta)
    gallery = _gallery(shown, sources).encode("utf-8")
    readme = out / "README.md"
    if force or not readme.is_file() or readme.read_bytes() != gallery:
        pending[readme] = gallery
    write_atomic(pending)
    yield from lines


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
    JupyterLab, in nbval and in an exported notebook. The citation is wrapped between words,
    never inside a name or an address.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    plotting = import_module("kursk_data.plotting")
    claims = load_claims() if claims is None else claims
    fig = draw_figure(fig_id, claims, sources)
    buf = io.BytesIO()
    try:
        with plotting.style():
            fig.savefig(
                buf,
                format="png",
                dpi=dpi,
                bbox_inches="tight",
                pad_inches=0.15,
                metadata={"Software": None},
            )
    finally:
        plt.close(fig)
    display(Image(data=buf.getvalue(), format="png"))
    print(citation_line(fig_id, claims, sources))
