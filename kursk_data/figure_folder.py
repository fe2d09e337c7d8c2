"""The output folder of ``kursk-data figures``: checking it, taking turns on it, reading what
it holds and writing into it atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from pathlib import Path

from kursk_data.errors import UsageError

# The image formats of every exported figure, in the order they are rendered.
IMAGE_FORMATS = ("png", "svg", "pdf")
# Every file a figure is written as: its images, the rows it draws, its sidecar.
FILE_KINDS = (*IMAGE_FORMATS, "csv", "json")
# Temporary files are named .kursk-data-<name>.<random>.tmp: one found in an output folder was
# left by a killed run.
_TEMP_PREFIX = ".kursk-data-"
_STALE = re.compile(r"^\.kursk-data-.+\.[A-Za-z0-9_]+\.tmp$")
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
    data = read_regular(readme, 64 << 20)
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


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes | None:
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
