"""The output folder of ``kursk-data figures``: checking it, taking turns on it, writing into it
atomically, and the stamp that lets a run with nothing to redraw say so without loading anything.

Nothing here imports pandas or matplotlib: a ``make figures`` whose figures are current is
decided from file bytes alone (see :func:`current`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from importlib import resources
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as dist_version
from pathlib import Path

from kursk_data._version import __version__
from kursk_data.errors import UsageError

# Temporary files are named .kursk-data-<name>.<random>.tmp; older versions wrote
# .<name>.<random>.tmp. Either kind found in an output folder is left by a killed run.
_TEMP_PREFIX = ".kursk-data-"
_STALE = re.compile(
    r"^\.(?:kursk-data-.+|README\.md|[a-z0-9-]+\.(?:png|svg|pdf|json|csv))\.[A-Za-z0-9_]+\.tmp$"
)
# Every gallery this package writes says so; a README.md without it is someone else's.
GALLERY_MARK = "`kursk-data figures`"


def write_atomic(files: dict[Path, bytes]) -> None:
    """Write several files so that each is either its old self or wholly new.

    Every file goes to a temporary name in its directory first; only when all are written are
    they renamed into place. On failure (a full disk, say) every temporary file is removed,
    the ones half-written included, and the error names the file being written.
    """
    for path in files:
        # Renaming onto a folder fails, and only after the files before it are renamed: say so
        # before anything is written. (A symlink is replaced itself, never followed.)
        try:
            is_dir = stat.S_ISDIR(os.lstat(path).st_mode)
        except OSError:  # not there yet (or unreadable: the write below says why)
            is_dir = False
        if is_dir:
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    temps: list[tuple[Path, Path]] = []
    try:
        for path, payload in files.items():
            fd, tmp = tempfile.mkstemp(
                prefix=f"{_TEMP_PREFIX}{path.name}.", suffix=".tmp", dir=path.parent
            )
            temps.append((Path(tmp), path))  # registered before a byte is written
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
            except OSError as err:
                raise OSError(err.errno, err.strerror, str(path)) from err
            os.chmod(tmp, 0o644)
        for tmp, path in temps:
            os.replace(tmp, path)
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def _is_ours(readme: Path) -> bool:
    # Only a regular file of a gallery's size is read: a FIFO would block, /dev/zero never end.
    data = _read_file(readme, 64 << 20)
    return data is not None and GALLERY_MARK in data.decode("utf-8", errors="replace")


def check_out_folder(out: str | os.PathLike[str]) -> None:
    """Raise :class:`UsageError` unless ``out`` is, or can become, a folder of figures.

    It must be a writable folder (or a path whose nearest existing parent is one), and hold
    no README.md that this package did not write: the gallery would replace it.
    """
    name = os.fspath(out)
    path = Path(out)
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except NotADirectoryError as err:
        raise UsageError(f"{name}: cannot be a folder: a part of the path is a file") from err
    except OSError as err:  # a symlink loop, a name too long
        raise UsageError(f"{name}: cannot be used as a folder ({err.strerror or err})") from err
    if st is None:
        parent = next((p for p in path.absolute().parents if os.path.lexists(p)), Path("/"))
        try:
            pst = parent.stat()
        except OSError as err:
            raise UsageError(f"{name}: cannot create the folder ({err.strerror or err})") from err
        if not stat.S_ISDIR(pst.st_mode):
            raise UsageError(f"{name}: cannot create the folder: {parent} is a file")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise UsageError(f"{name}: cannot create the folder: {parent} is not writable")
        return
    if not stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{name}: is a file, not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"{name}: the folder is not writable")
    readme = path / "README.md"
    if readme.exists() and not _is_ours(readme):
        raise UsageError(
            f"{name}: holds a README.md that kursk-data did not write, which the gallery "
            "would replace: choose another --out folder"
        )


def make_folder(out: Path) -> list[Path]:
    """Create ``out`` and missing parents; returns those created, deepest first."""
    missing = [p for p in [out, *out.parents] if not os.path.lexists(p)]
    out.mkdir(parents=True, exist_ok=True)
    return missing


def remove_if_empty(folders: list[Path]) -> None:
    for folder in folders:  # deepest first
        with contextlib.suppress(OSError):
            folder.rmdir()


@contextlib.contextmanager
def locked(out: Path):
    """Hold an exclusive lock on the folder itself, so runs into one folder take turns.

    The lock is on the folder (no lock file to leave behind) and dies with its process, so
    a killed run never blocks the next one.
    """
    try:
        import fcntl
    except ImportError:  # no flock here (Windows): runs are not serialised
        yield
        return
    while True:
        fd = os.open(out, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            # The folder may have been removed and made again while we waited.
            if os.path.samestat(os.fstat(fd), os.stat(out)):
                break
        except FileNotFoundError:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            os.close(fd)
            if err.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                raise
            yield  # a file system without locks (some network mounts): no turns to take
            return
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        yield
    finally:
        os.close(fd)  # releases the lock


def clean_stale(out: Path) -> None:
    """Remove temporary files a killed run left (safe: we hold the folder's lock)."""
    with os.scandir(out) as entries:
        for entry in entries:
            if _STALE.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


# --------------------------------------------------------------------------- the stamp

# Written last by every run over the whole registry: the SHA-256 of everything the figures
# follow from, and of every file the run left in the folder. A dot file, so the gallery and
# file listings do not show it; committed with the figures, so a fresh clone has it.
STAMP = ".kursk-data-inputs.json"
# Each figure's images, then all its files; with the gallery README.md they are all a full run
# leaves.
FORMATS = ("png", "svg", "pdf")
FILE_KINDS = (*FORMATS, "csv", "json")
# Package files no figure depends on (the command line, the text checker). Everything else
# (shipped data, loading, validation, analysis, plotting, the registry, the style) can change
# what a figure shows, so any change to it makes the stamp stale and the run takes the full road.
_NOT_DRAWN = frozenset({"cli.py", "__main__.py", "extract"})
# Libraries whose version can change a figure's bytes.
_LIBRARIES = ("matplotlib", "pandas", "numpy", "pyarrow", "seaborn", "fonttools", "pillow")


_MAX_STAMP = 1 << 20  # a stamp names a few dozen files: a few kilobytes


def _read_file(path: str | os.PathLike[str], limit: int | None = None) -> bytes | None:
    """The bytes of a regular file (symlinks followed), else None: a FIFO would block the read
    for ever and a device such as /dev/zero never ends. None too when larger than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return None if limit is not None and len(data) > limit else data


def _package_files() -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []

    def walk(item, rel: str) -> None:
        for child in item.iterdir():
            name = child.name
            if name.startswith((".", "__pycache__")) or name.endswith(".pyc"):
                continue
            if not rel and name in _NOT_DRAWN:
                continue
            if child.is_dir():
                walk(child, f"{rel}{name}/")
            else:
                found.append((f"{rel}{name}", child.read_bytes()))

    walk(resources.files("kursk_data"), "")
    return sorted(found)


def inputs_key(
    claims_path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    shipped: bool = True,
) -> str | None:
    """SHA-256 of everything a full run's figures follow from, from bytes alone: the package's
    code and data, the libraries' versions and the user's files as named; None when a user
    file cannot be read (the full run then says why)."""
    h = hashlib.sha256(b"kursk-data figures inputs 1\0")
    h.update(f"{__version__}\0python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    h.update(f"shipped {bool(shipped)}\0".encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name} {dist_version(name)}\0".encode())
        except PackageNotFoundError:  # installed without metadata: its version cannot be told
            return None
    for rel, data in _package_files():
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    for label, path in (("claims", claims_path), ("sources", sources_path)):
        if path is None:
            h.update(f"{label}: none\0".encode())
            continue
        data = _read_file(path)
        if data is None:  # not a readable regular file: the full run says why
            return None
        h.update(f"{label}: {os.fspath(path)}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def stamp_bytes(key: str, figures: list[str], files: dict[str, bytes]) -> bytes:
    """The stamp for a folder holding ``files`` (name -> bytes), drawn from inputs ``key``."""
    stamp = {
        "about": "Written by kursk-data figures: SHA-256 of the inputs these figures were drawn "
        "from and of each file, so a run with nothing to redraw can tell from bytes alone.",
        "inputs_sha256": key,
        "figures": figures,
        "files": {name: hashlib.sha256(files[name]).hexdigest() for name in sorted(files)},
    }
    return (json.dumps(stamp, indent=2) + "\n").encode("utf-8")


def current(
    out: str | os.PathLike[str],
    claims_path: str | os.PathLike[str] | None = None,
    sources_path: str | os.PathLike[str] | None = None,
    shipped: bool = True,
) -> list[str] | None:
    """The status lines of a run over the whole registry when ``out`` is current (its stamp
    names these inputs and every file is as the stamp says), else None: the run must load the
    data and decide figure by figure. Reads files only; never writes."""
    return current_for(out, inputs_key(claims_path, sources_path, shipped))


def current_for(out: str | os.PathLike[str], key: str | None) -> list[str] | None:
    """:func:`current`, for inputs already hashed by :func:`inputs_key` (None: inputs that
    cannot be told, so never current)."""
    if key is None:
        return None
    out = Path(out)
    raw = _read_file(out / STAMP, _MAX_STAMP)
    try:
        stamp = json.loads(raw) if raw is not None else None
        names = os.listdir(out)
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or any(_STALE.match(n) for n in names):
        return None
    figures, files = stamp.get("figures"), stamp.get("files")
    if not (
        isinstance(figures, list)
        and all(isinstance(f, str) and re.fullmatch(r"[a-z0-9-]+", f) for f in figures)
        and isinstance(files, dict)
        and set(files) == {"README.md"} | {f"{f}.{k}" for f in figures for k in FILE_KINDS}
    ):
        return None
    if stamp.get("inputs_sha256") != key:
        return None
    for name, digest in files.items():
        data = _read_file(out / name)
        if data is None or hashlib.sha256(data).hexdigest() != digest:
            return None
    return [f"unchanged {f}" for f in figures]
