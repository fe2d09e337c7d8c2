"""The figure registry and its export: PNG, SVG and PDF that people can cite, byte for byte.

Each registered figure has an id, a title, a caption, the claims it shows (a selector) and a
builder. :func:`export_figures` writes ``<id>.png/.svg/.pdf`` with the title, description and
source inside each file's metadata, a ``<id>.json`` sidecar (claims, sources, data hash,
suggested citations) and a gallery ``README.md``. Output is reproducible (no timestamps, fixed
SVG ids, pinned versions), written atomically, and skipped when its inputs are unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module, resources
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from kursk_data.labels import source_line
from kursk_data.load import load_claims, load_sources

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported only when a figure is drawn, so checking that figures are up to date
# (the common case of `make figures`) costs little more than loading the data.

PACKAGE = "kursk-data"
AUTHOR = "kursk-data contributors"
FORMATS = ("png", "svg", "pdf")
# Files whose change must trigger a redraw, besides the data itself.
_CODE_FILES = (
    "plotting.py",
    "figures.py",
    "kursk.mplstyle",
    "qualifiers.py",
    "units.py",
    "labels.py",
    "analysis.py",
)


@dataclass(frozen=True)
class FigureSpec:
    """A named, citable figure."""

    id: str
    title: str
    caption: str
    select: Callable[[pd.DataFrame], pd.DataFrame]
    draw: str  # name of the chart function in kursk_data.plotting
    size: tuple[float, float] = (8.0, 5.0)
    draw_kws: dict = field(default_factory=dict)

    def data(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The claims this figure shows."""
        return self.select(claims).reset_index(drop=True)

    def build(self, claims: pd.DataFrame) -> Figure:
        """Draw the figure (in the package style) from the full ledger ``claims``."""
        return self.draw_data(self.data(claims))

    def draw_data(self, data: pd.DataFrame) -> Figure:
        """Draw the figure from the claims it shows (as :meth:`data` selects them)."""
        import matplotlib.pyplot as plt

        plotting = import_module("kursk_data.plotting")
        with plotting.style():
            fig, ax = plt.subplots(figsize=self.size)
            getattr(plotting, self.draw)(data, ax=ax, **self.draw_kws)
            ax.set_title(self.title, loc="left", pad=12)
        return fig


def _article(topic: str | None) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def select(claims: pd.DataFrame) -> pd.DataFrame:
        ids = set(load_sources().query("role == 'article'")["source_id"])
        keep = claims["source_id"].isin(ids)
        if topic is not None:
            keep &= claims["topic"] == topic
        return claims[keep]

    return select


def _user_or(select: Callable[[pd.DataFrame], pd.DataFrame]):
    """Article figures also show a user's own claims on the topic when a claims file is given."""

    def pick(claims: pd.DataFrame) -> pd.DataFrame:
        user = claims[~claims["source_id"].isin(set(load_sources()["source_id"]))]
        base = select(claims)
        topics = set(base["topic"].astype(str))
        return pd.concat([base, user[user["topic"].astype(str).isin(topics)]])

    return pick


REGISTRY: list[FigureSpec] = [
    FigureSpec(
        "territory-article",
        "Area of Kursk region held by Ukraine, as claimed",
        "Ukraine's first gains (over 1,000 km², August 2024), Russia's claim of full recapture "
        "(April 2025) and Ukraine's claim to still hold about 90 km² (June 2025), drawn as "
        "separate claims: a bound as a bound, a period as a period. The shaded stretch is "
        "contested.",
        _user_or(_article("territory")),
        "plot_territory",
    ),
    FigureSpec(
        "troops-article",
        "Troops in the Kursk fighting, as claimed",
        "Russian troops facing the ground Ukraine still held (about 10,000, June 2025), "
        "Russian troops in the region in recent months (up to 70,000, unattributed) and North "
        "Korean troops deployed in autumn 2024 (about 11,000). Different measures: compare "
        "claims of one measure only.",
        _user_or(_article("troops")),
        "plot_troops",
    ),
    FigureSpec(
        "losses-article",
        "North Korean troops killed in Kursk, as reported",
        "Over 1,000 North Korean soldiers reported killed within three months; the source names "
        "no claimant and no months, so the period drawn is our reading (see the claim's note).",
        _user_or(_article("losses")),
        "plot_losses",
    ),
    FigureSpec(
        "overview-article",
        "Every figure in the source article",
        "Each claim of the article on one row: its qualifier mark, the interval it implies and "
        "who made it. Areas and people share a log axis only as counts.",
        _user_or(_article(None)),
        "plot_overview",
        size=(9.0, 5.5),
    ),
]


def _disputed(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that take part in a dispute (every claim of each group that disagrees)."""
    from kursk_data.analysis import contested

    ids = set(",".join(contested(data=claims)["claim_ids"]).split(","))
    return claims[claims["claim_id"].isin(ids)]


REGISTRY += [
    FigureSpec(
        "territory-timeline",
        "Area of Kursk region held by Ukraine, August 2024 to June 2025, by claimant",
        "Every claim in the ledger about the ground Ukraine held, one series per claimant: "
        "Ukrainian officials, Russia's military, the DeepState mapping project and "
        "unattributed reports. Lines join one claimant's own figures only. Mapping projects "
        "count contested grey zones differently from officials, which explains part of the "
        "gap. After Russia's claim of full recapture (April 2025) the shaded stretch is "
        "contested.",
        lambda claims: claims[claims["measure"] == "area_held_by_ukraine"],
        "plot_territory_timeline",
        size=(9.0, 5.5),
    ),
    FigureSpec(
        "contested",
        "Where the claimants disagree",
        "Each dispute is one measure over a short time window on which no single figure fits "
        "every claimant's interval: each claimant's latest figure, and the range its qualifier "
        "allows. Nothing is averaged; the claim ids point to the ledger rows.",
        lambda claims: _disputed(claims),
        "plot_contested",
        size=(9.0, 9.0),
    ),
]
FIGURES: dict[str, FigureSpec] = {f.id: f for f in REGISTRY}


# --------------------------------------------------------------------------- provenance


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_digest(data: pd.DataFrame) -> str:
    """SHA-256 of the claims a figure is drawn from, as canonical CSV."""
    from kursk_data.formats import to_csv

    return _sha256(to_csv(data.sort_values("claim_id")).encode("utf-8"))


def _code_digest() -> str:
    h = hashlib.sha256()
    pkg = resources.files("kursk_data")
    for name in _CODE_FILES:
        h.update(name.encode() + b"\0" + pkg.joinpath(name).read_bytes() + b"\0")
    h.update(f"matplotlib {dist_version('matplotlib')}; pandas {pd.__version__}".encode())
    return h.hexdigest()


def _version() -> str:
    from kursk_data import __version__

    return __version__


def citation(spec: FigureSpec, data: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Suggested citations of a figure, as plain text and BibTeX."""
    version = _version()
    used = sources[sources["source_id"].isin(set(data["source_id"]))]
    pubs = "; ".join(dict.fromkeys(used["publisher"].astype(str)))
    # No web address: the project has no published home yet, and none is invented here.
    text = (
        f'{AUTHOR}, "{spec.title}", figure {spec.id} (figures/{spec.id}.png), '
        f"{PACKAGE} version {version}. Data: claims as reported by {pubs}."
    )
    key = f"kursk-data-{spec.id}-{version}".replace(".", "-")
    bib = (
        f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{spec.title}}},\n"
        f"  howpublished = {{Figure {spec.id}, {PACKAGE} {version}}},\n"
        f"  note = {{File figures/{spec.id}.png. Data: claims as reported by {pubs}}}\n}}"
    )
    return {"text": text, "bibtex": bib}


def citation_line(fig_id: str, claims: pd.DataFrame | None = None) -> str:
    """The source and citation lines printed under a chart in the notebooks."""
    spec = FIGURES[fig_id]
    claims = load_claims() if claims is None else claims
    data = spec.data(claims)
    return source_line(data) + "\nCite as: " + citation(spec, data, load_sources())["text"]


def _metadata(spec: FigureSpec, data: pd.DataFrame, fmt: str) -> dict[str, str | None]:
    source = source_line(data)
    if fmt == "png":
        return {
            "Title": spec.title,
            "Description": spec.caption,
            "Source": source,
            "Author": AUTHOR,
            "Software": None,
        }
    if fmt == "svg":
        return {
            "Title": spec.title,
            "Description": spec.caption,
            "Source": source,
            "Creator": AUTHOR,
            "Date": None,
        }
    return {
        "Title": spec.title,
        "Subject": f"{spec.caption} {source}",
        "Author": AUTHOR,
        "Keywords": f"{PACKAGE}; {spec.id}",
        "Creator": PACKAGE,
        "Producer": None,
        "CreationDate": None,
        "ModDate": None,
    }


def render(spec: FigureSpec, data: pd.DataFrame) -> dict[str, bytes]:
    """The figure's PNG, SVG and PDF bytes."""
    import matplotlib.pyplot as plt

    plotting = import_module("kursk_data.plotting")
    fig = spec.draw_data(data)
    out = {}
    try:
        with plotting.style():
            for fmt in FORMATS:
                buf = io.BytesIO()
                fig.savefig(
                    buf,
                    format=fmt,
                    metadata=_metadata(spec, data, fmt),
                    bbox_inches="tight",
                    pad_inches=0.15,
                    dpi=200 if fmt == "png" else 72,
                )
                out[fmt] = buf.getvalue()
    finally:
        plt.close(fig)
    return out


def sidecar(
    spec: FigureSpec,
    data: pd.DataFrame,
    inputs: str,
    files: dict[str, bytes],
    *,
    sources: pd.DataFrame | None = None,
    data_sha256: str | None = None,
) -> dict:
    """The JSON sidecar describing one exported figure."""
    sources = load_sources() if sources is None else sources
    used = sources[sources["source_id"].isin(set(data["source_id"]))]
    return {
        "id": spec.id,
        "title": spec.title,
        "caption": spec.caption,
        "claims": sorted(data["claim_id"].astype(str)),
        "sources": [
            {
                "source_id": r.source_id,
                "publisher": r.publisher,
                "title": None if pd.isna(r.title) else r.title,
                "url": r.url,
                "published": None if pd.isna(r.published) else r.published.strftime("%Y-%m-%d"),
            }
            for r in used.sort_values("source_id").itertuples()
        ],
        "data_sha256": data_digest(data) if data_sha256 is None else data_sha256,
        "inputs_sha256": inputs,
        "package": PACKAGE,
        "version": _version(),
        "files": {f"{spec.id}.{fmt}": _sha256(b) for fmt, b in files.items()},
        "citation": citation(spec, data, sources),
    }


# --------------------------------------------------------------------------- writing


def _inputs_digest(spec: FigureSpec, data_sha256: str, code_sha256: str) -> str:
    parts = [
        spec.id,
        spec.title,
        spec.caption,
        repr(spec.size),
        repr(sorted(spec.draw_kws)),
        data_sha256,
        code_sha256,
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


def _render_by_id(job: tuple[str, pd.DataFrame]) -> dict[str, bytes]:
    fig_id, data = job
    return render(FIGURES[fig_id], data)


def _render_all(jobs: list[tuple[str, pd.DataFrame]], workers: int) -> list[dict[str, bytes]]:
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
    sources = load_sources()
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
        inputs = _inputs_digest(spec, digest, code)
        if not force and _up_to_date(out, spec, inputs):
            lines.append(f"unchanged {spec.id}")
            continue
        todo.append((spec, digest, inputs))
        lines.append(f"wrote     {spec.id} ({', '.join(FORMATS)}, json)")
    rendered = _render_all([(spec.id, shown[spec.id]) for spec, _, _ in todo], jobs)
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


def gallery_markdown(claims: pd.DataFrame | None = None) -> str:
    """``figures/README.md``: every figure with its caption and how to cite it."""
    claims = load_claims() if claims is None else claims
    return _gallery({spec.id: spec.data(claims) for spec in REGISTRY}, load_sources())


def _gallery(shown: dict[str, pd.DataFrame], sources: pd.DataFrame) -> str:
    parts = [
        "# Figures",
        "",
        "Generated by `make figures` (`kursk-data figures`) from the registry in "
        "`kursk_data/figures.py`; do not edit by hand. Each figure comes as PNG (print, 200 dpi), "
        "SVG and PDF, with a JSON sidecar listing its claims, sources, data hash and citations.",
        "Figures show claims as stated by their claimants, not verified facts.",
        "",
    ]
    for spec in REGISTRY:
        data = shown[spec.id]
        cite = citation(spec, data, sources)
        parts += [
            f"## {spec.title}",
            "",
            f"![{spec.title}]({spec.id}.png)",
            "",
            spec.caption,
            "",
            f"Files: [PNG]({spec.id}.png) · [SVG]({spec.id}.svg) · [PDF]({spec.id}.pdf) · "
            f"[sidecar]({spec.id}.json). Claims shown: "
            + ", ".join(f"`{c}`" for c in sorted(data["claim_id"].astype(str)))
            + ".",
            "",
            f"Cite as: {cite['text']}",
            "",
            "```bibtex",
            cite["bibtex"],
            "```",
            "",
        ]
    return "\n".join(parts)


def draw_figure(fig_id: str, claims: pd.DataFrame | None = None) -> Figure:
    """Draw a registered figure exactly as ``kursk-data figures`` exports it."""
    claims = load_claims() if claims is None else claims
    return FIGURES[fig_id].build(claims)


def show_figure(fig_id: str, claims: pd.DataFrame | None = None, *, dpi: int = 110) -> None:
    """Show a registered figure in a notebook with its source and citation printed under it.

    The figure is shown as a PNG whatever the matplotlib backend, so it looks the same in
    JupyterLab, in nbval and in an exported notebook.
    """
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    plotting = import_module("kursk_data.plotting")
    claims = load_claims() if claims is None else claims
    fig = draw_figure(fig_id, claims)
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
    print(citation_line(fig_id, claims))
