"""Provenance of an exported figure: citations (text and BibTeX), file metadata, the JSON
sidecar.

The gallery page is in :mod:`kursk_data.figures.gallery`.

A figure is cited with this package and with every source of the claims it draws: for each,
year, publisher, title, address and access date, as far as the sources table records them
(a missing one is said to be missing, never filled in). A source read through a dataset
(``via``) is cited with the dataset too. The user's own sources count like the shipped ones
when they are passed in (``--sources`` on the command line).
"""

from __future__ import annotations

import functools
import hashlib
import json
import textwrap
from dataclasses import dataclass

import pandas as pd

from kursk_data.figures.registry import FIGURES, FigureSpec
from kursk_data.labels import source_line
from kursk_data.load import load_claims, load_sources

PACKAGE = "kursk-data"
AUTHOR = "kursk-data contributors"
# The data and figures are shared under CC BY 4.0 (the code under MIT): every citation says so.
LICENCE = "CC BY 4.0"
LICENCE_NOTE = f"Data and figures licensed {LICENCE}"
SOURCE_FIELDS = ("source_id", "role", "title", "publisher", "url", "published", "accessed", "via")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def data_digest(data: pd.DataFrame) -> str:
    """SHA-256 of the claims a figure is drawn from, as canonical CSV."""
    from kursk_data.formats import to_csv

    return _sha256(to_csv(data.sort_values("claim_id")).encode("utf-8"))


def _version() -> str:
    from kursk_data._version import __version__

    return __version__


@dataclass(frozen=True)
class Edition:
    """Which state of the package a citation cites: a release (its version and date) or an
    unreleased state, dated so that every citation of a figure has a year.

    ``date`` is ``YYYY-MM-DD``; ``basis`` says what the date is for an unreleased state
    (``"data as of"`` the newest access date of the shipped sources, or a commit).
    """

    version: str
    date: str
    released: bool
    basis: str = ""

    @property
    def year(self) -> str:
        return self.date[:4]

    def words(self) -> str:
        """The edition in a sentence: ``version 0.2.0, released 2027-01-10`` or
        ``version 0.1.0, unreleased, data as of 2026-11-25``."""
        if self.released:
            return f"version {self.version}, released {self.date}"
        return f"version {self.version}, unreleased, {self.basis} {self.date}".rstrip()


@functools.lru_cache(maxsize=1)
def edition() -> Edition:
    """The edition the package itself is: its release (``make release`` writes the version
    and date into ``kursk_data/_version.py``) or, before one, unreleased and dated by its
    data: the newest access date of the shipped sources. Never the clock, so files written
    from the same inputs stay byte for byte the same; the site dates its citations by the
    commit it is built from instead (:mod:`kursk_data.site`)."""
    from kursk_data import _version as v

    released = getattr(v, "__released__", None)
    if released:
        return Edition(v.__version__, released, True)
    accessed = load_sources()["accessed"].dropna()
    return Edition(v.__version__, _date(accessed.max()) or "", False, "data as of")


# --------------------------------------------------------------------------- sources


def _text(value) -> str | None:
    return None if value is None or pd.isna(value) or str(value) == "" else str(value)


def _date(value) -> str | None:
    # A sources frame read as text (not through load_sources) holds "" for a missing date.
    stamp = None if value is None or str(value) == "" else pd.Timestamp(value)
    return None if stamp is None or pd.isna(stamp) else stamp.strftime("%Y-%m-%d")


def cited_sources(data: pd.DataFrame, sources: pd.DataFrame | None = None) -> list[dict]:
    """The sources a figure's claims cite, with the datasets they were read through.

    One dict per source (keys :data:`SOURCE_FIELDS`, dates as ``YYYY-MM-DD``, missing values
    ``None``), sorted by id. A claim's source missing from ``sources`` is still listed, by its
    id alone, so it can never vanish from a citation.
    """
    sources = load_sources() if sources is None else sources
    unique = sources.drop_duplicates("source_id")
    table = unique.set_index(unique["source_id"].astype(str))
    wanted = list(dict.fromkeys(data["source_id"].dropna().astype(str)))
    out: dict[str, dict] = {}
    while wanted:
        sid = wanted.pop(0)
        if sid in out:
            continue
        if sid not in table.index:
            out[sid] = {f: None for f in SOURCE_FIELDS} | {"source_id": sid}
            continue
        r = table.loc[sid]
        entry = {
            "source_id": sid,
            "role": _text(r.get("role")),
            "title": _text(r.get("title")),
            "publisher": _text(r.get("publisher")),
            "url": _text(r.get("url")),
            "published": _date(r.get("published")),
            "accessed": _date(r.get("accessed")),
            "via": _text(r.get("via")),
        }
        out[sid] = entry
        if entry["via"]:
            wanted.append(entry["via"])  # the dataset is cited too
    return [out[k] for k in sorted(out)]


def _year(entry: dict) -> str:
    return entry["published"][:4] if entry["published"] else "n.d."


def _source_text(entry: dict, *, addresses: bool = True) -> str:
    """One source as a reference: publisher (year), "title", address, access date."""
    who = entry["publisher"] or f"source {entry['source_id']}"
    parts = [f"{who} ({_year(entry)})"]
    parts.append(f'"{entry["title"]}"' if entry["title"] else "title not recorded")
    if entry["via"]:
        parts.append(f"read via {entry['via']}")
    if not addresses:
        return ", ".join(parts)
    parts.append(entry["url"] or "no web address")
    accessed = entry["accessed"]
    parts.append(f"accessed {accessed}" if accessed else "no access date recorded")
    return ", ".join(parts)


# --------------------------------------------------------------------------- BibTeX

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bib_escape(text: str) -> str:
    """Text made safe inside a BibTeX field: LaTeX specials escaped, braces always balanced."""
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in str(text))


def _bib_url(url: str) -> str:
    # An address may not be LaTeX-escaped (it would change); percent-encoding the characters
    # that break a BibTeX field keeps it the same address.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bib_key(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-:." else "-" for ch in text)


def _source_bib(entry: dict) -> str:
    who = entry["publisher"] or f"source {entry['source_id']}"
    fields = [("author", "{" + bib_escape(who) + "}")]
    if entry["title"]:
        fields.append(("title", "{" + bib_escape(entry["title"]) + "}"))
    fields.append(("year", bib_escape(_year(entry))))
    if entry["published"]:
        fields.append(("date", entry["published"]))
    if entry["url"]:
        fields.append(("url", _bib_url(entry["url"])))
    if entry["accessed"]:
        fields.append(("urldate", entry["accessed"]))
    notes = []
    if not entry["title"]:
        notes.append("Title not recorded")
    if entry["via"]:
        notes.append(f"Read via {bib_escape(entry['via'])}")
    if not entry["url"]:
        notes.append("No web address")
    if not entry["accessed"]:
        notes.append("No access date recorded")
    if notes:
        fields.append(("note", "; ".join(notes)))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{_bib_key(entry['source_id'])},\n{body}\n}}"


# --------------------------------------------------------------------------- citations


def citation_key(spec: FigureSpec, data: pd.DataFrame, ed: Edition | None = None) -> str:
    """The figure's BibTeX key (and CSL-JSON/RIS id): ``kursk-data-<id>-<version>`` for the
    shipped ledger's claims; any other claims (a user's ledger, a filtered one) add a short
    hash of the claims drawn, so a user's figures never reuse the shipped keys and two
    ledgers' figures never share one."""
    ed = edition() if ed is None else ed
    key = f"kursk-data-{spec.id}-{ed.version}".replace(".", "-")
    digest = data_digest(data)
    if digest != _shipped_figure(spec.id):
        key += "-" + digest[:8]
    return _bib_key(key)


@functools.lru_cache(maxsize=32)
def _shipped_figure(fig_id: str) -> str | None:
    """:func:`data_digest` of what the figure draws from the shipped ledger (read once)."""
    return data_digest(FIGURES[fig_id].data(load_claims())) if fig_id in FIGURES else None


def citation(
    spec: FigureSpec,
    data: pd.DataFrame,
    sources: pd.DataFrame | None = None,
    *,
    path: str | None = None,
    addresses: bool = True,
    ed: Edition | None = None,
) -> dict:
    """Suggested citations of a figure: plain text, BibTeX, CSL-JSON and RIS.

    Parameters
    ----------
    spec, data : the figure and the claims it draws.
    sources : DataFrame, optional
        Sources table to look the claims' sources up in; defaults to the shipped one. Pass
        ``load_sources(path=...)`` when ``data`` includes your own claims.
    path : str, optional
        The figure's file, relative to the folder the figure was written to (the sidecar and
        the gallery sit in that folder too). Omitted for a figure drawn in a notebook.
    addresses : bool
        Give each source's address and access date in the text (the other formats always
        have them); False for the short form printed under a notebook chart, which points to
        :func:`kursk_data.load_sources` for them instead.
    ed : Edition, optional
        The package's edition to cite; defaults to :func:`edition`.

    Returns
    -------
    dict
        ``text``: the figure, the package's edition and licence, then every source
        (publisher, year, title, address, access date); ``bibtex``: one entry for the figure,
        one per source; ``csl_json``: the same entries as a CSL-JSON list; ``ris``: the same
        as RIS records.
    """
    ed = edition() if ed is None else ed
    cited = cited_sources(data, sources)
    where = f", file {path}" if path else ""
    refs = "; ".join(_source_text(s, addresses=addresses) for s in cited)
    text = (
        f'{AUTHOR} ({ed.year}), "{spec.title}", figure {spec.id}{where}, {PACKAGE} '
        f"{ed.words()}. {LICENCE_NOTE}. Sources: {refs}."
    )
    if not addresses:
        text += " Addresses and access dates: kd.load_sources()."
    key = citation_key(spec, data, ed)
    file_note = f"File {path}. " if path else ""
    status = "" if ed.released else f"Unreleased, {ed.basis} {ed.date}. ".replace("  ", " ")
    ids = ", ".join(s["source_id"] for s in cited)
    note = f"{file_note}{status}{LICENCE_NOTE}. Sources: {ids}"
    edition_words = ed.version + ("" if ed.released else " (unreleased)")
    package = (
        f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n"
        f"  title = {{{{{bib_escape(spec.title)}}}}},\n"
        f"  year = {{{ed.year}}},\n"
        f"  date = {{{ed.date}}},\n"
        f"  version = {{{bib_escape(edition_words)}}},\n"
        f"  howpublished = {{Figure {bib_escape(spec.id)}, {PACKAGE} {bib_escape(ed.version)}}},\n"
        f"  note = {{{bib_escape(note)}}}\n}}"
    )
    bib = "\n\n".join([package, *(_source_bib(s) for s in cited)])
    figure_item = {
        "id": key,
        "type": "figure",
        "title": str(spec.title),
        "author": [{"literal": AUTHOR}],
        "issued": _csl_date(ed.date),
        "publisher": PACKAGE,
        "version": edition_words,
        "number": spec.id,
        "note": note,
    }
    csl = [figure_item, *(_source_csl(s) for s in cited)]
    ris = "\n".join(
        [
            _ris_record(
                "FIGURE",
                key,
                AUTHOR,
                str(spec.title),
                ed.date,
                None,
                None,
                note,
                publisher=PACKAGE,
                edition=edition_words,
            )
        ]
        + [_source_ris(s) for s in cited]
    )
    return {"text": text, "bibtex": bib, "csl_json": csl, "ris": ris}


def _csl_date(date: str) -> dict:
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def _source_csl(entry: dict) -> dict:
    """One source as a CSL-JSON item (a web page when it has an address)."""
    who = entry["publisher"] or f"source {entry['source_id']}"
    item: dict = {
        "id": entry["source_id"],
        "type": "webpage" if entry["url"] else "article",
        "author": [{"literal": who}],
        "title": entry["title"] or "title not recorded",
    }
    if entry["publisher"]:
        item["publisher"] = entry["publisher"]
    if entry["published"]:
        item["issued"] = _csl_date(entry["published"])
    if entry["url"]:
        item["URL"] = entry["url"]
    if entry["accessed"]:
        item["accessed"] = _csl_date(entry["accessed"])
    if entry["via"]:
        item["note"] = f"Read via {entry['via']}"
    return item


def _ris_line(tag: str, value: str) -> str:
    # A RIS record is one field a line: a line break inside a value would start a new field.
    return f"{tag}  - {' '.join(str(value).split())}"


def _ris_record(
    kind: str,
    key: str,
    author: str,
    title: str | None,
    date: str | None,
    url: str | None,
    accessed: str | None,
    note: str | None,
    *,
    publisher: str | None = None,
    edition: str | None = None,
) -> str:
    lines = [f"TY  - {kind}", _ris_line("ID", key), _ris_line("AU", author)]
    if title:
        lines.append(_ris_line("TI", title))
    if date:
        lines += [_ris_line("PY", date[:4]), _ris_line("DA", date.replace("-", "/"))]
    if publisher:
        lines.append(_ris_line("PB", publisher))
    if edition:
        lines.append(_ris_line("ET", edition))
    if url:
        lines.append(_ris_line("UR", url))
    if accessed:
        lines.append(_ris_line("Y2", accessed.replace("-", "/")))
    if note:
        lines.append(_ris_line("N1", note))
    lines.append("ER  - ")
    return "\n".join(lines)


def _source_ris(entry: dict) -> str:
    who = entry["publisher"] or f"source {entry['source_id']}"
    note = f"Read via {entry['via']}" if entry["via"] else None
    return _ris_record(
        "ELEC" if entry["url"] else "GEN",
        entry["source_id"],
        who,
        entry["title"] or "title not recorded",
        entry["published"],
        entry["url"],
        entry["accessed"],
        note,
    )


def csl_json_text(items: list[dict]) -> str:
    """CSL-JSON as people paste it: indented, non-ASCII kept as written."""
    return json.dumps(items, indent=2, ensure_ascii=False)


def wrap_citation(text: str, width: int = 88) -> str:
    """Lines of at most ``width`` characters, broken only between words: never inside a file
    name, an address or a hyphenated id (a longer address keeps a line of its own)."""
    return textwrap.fill(
        text, width=width, break_on_hyphens=False, break_long_words=False, subsequent_indent="  "
    )


def citation_line(
    fig_id: str, claims: pd.DataFrame | None = None, sources: pd.DataFrame | None = None
) -> str:
    """The citation printed under a chart in the notebooks. The chart's own footer names its
    sources already, so they are not printed a second time under it."""
    from kursk_data.figures.derive import find

    claims = load_claims() if claims is None else claims
    spec = find(fig_id, claims)  # a registered figure, or one derived from this ledger
    sources = load_sources() if sources is None else sources
    data = spec.data(claims)
    spec = spec.resolve(data)
    # Short form: an address can be longer than a notebook's output is wide, and the browser
    # would then break it anywhere; the addresses are one call away.
    cite = citation(spec, data, sources, addresses=False)["text"]
    return wrap_citation("Cite as: " + cite)


def _metadata(
    spec: FigureSpec,
    data: pd.DataFrame,
    fmt: str,
    sources: pd.DataFrame | None = None,
    *,
    source: str | None = None,
) -> dict[str, str | None]:
    """The metadata embedded in the ``fmt`` file; ``source``: the source line, when known."""
    source = source_line(data, sources) if source is None else source
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


def sidecar(
    spec: FigureSpec,
    data: pd.DataFrame,
    files: dict[str, bytes],
    *,
    sources: pd.DataFrame | None = None,
    data_sha256: str | None = None,
) -> dict:
    """The JSON sidecar describing one exported figure.

    File names in it (``files``, the citation's file) are relative to the folder the figure
    was written to, where the sidecar itself is.
    """
    sources = load_sources() if sources is None else sources
    return {
        "id": spec.id,
        "title": spec.title,
        "caption": spec.caption,
        "claims": sorted(data["claim_id"].astype(str)),
        "sources": cited_sources(data, sources),
        "data_sha256": data_digest(data) if data_sha256 is None else data_sha256,
        "package": PACKAGE,
        "version": _version(),
        "files": {f"{spec.id}.{fmt}": _sha256(b) for fmt, b in files.items()},
        "citation": citation(spec, data, sources, path=f"{spec.id}.png"),
    }
