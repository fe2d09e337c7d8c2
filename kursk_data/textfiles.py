"""Texts given to the checker (``check`` and ``compare``): FILE or standard input, refused in
one line when it cannot be checked (missing, a folder, too large, empty, binary, not UTF-8)."""

from __future__ import annotations

import sys

from kursk_data.errors import UsageError

MAX_TEXT_BYTES = 20 * 1024 * 1024  # a news text is far smaller; the checker reads ~1 MB/s


def read_text(arg: str) -> str:
    """The text of FILE or of standard input (``-``), or a UsageError in one line saying why
    it cannot be checked: missing, a directory, unreadable, too large, empty, binary, not
    UTF-8. A UTF-8 byte-order mark is dropped."""
    from pathlib import Path

    name = "standard input" if arg == "-" else arg
    if arg == "-":
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            raise UsageError("standard input is closed: nothing to read")
        data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    else:
        p = Path(arg)
        if p.is_dir():
            raise UsageError(f"{name}: is a directory, not a text file")
        if not p.exists():
            raise UsageError(f"{name}: no such file")
        try:
            with p.open("rb") as fh:
                data = fh.read(MAX_TEXT_BYTES + 1)
        except OSError as err:
            raise UsageError(f"{name}: cannot read ({err.strerror or err})") from err
    if len(data) > MAX_TEXT_BYTES:
        raise UsageError(f"{name}: larger than {MAX_TEXT_BYTES // 2**20} MB; split the text")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UsageError(f"{name}: UTF-16 text; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UsageError(f"{name}: binary data (a NUL byte at offset {nul}), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise UsageError(
            f"{name}: not UTF-8 text (byte 0x{data[err.start]:02x} on line {line})"
        ) from err
    if not text.strip():
        raise UsageError(f"{name}: empty, no text to check")
    return text


_READ_BYTES = 1 << 20  # the checker reads its text this much at a time


def check_input(arg: str):
    """FILE (or standard input, copied to a temporary file that spills to disk past a few MB)
    as an open binary file, checked whole before any figure is printed, in one pass of
    bounded memory: the same one-line refusals as :func:`read_text`, so nothing is
    half-written."""
    import codecs
    import tempfile
    from pathlib import Path

    name = "standard input" if arg == "-" else arg
    if arg == "-":
        if sys.stdin is None:
            raise UsageError("standard input is closed: nothing to read")
        # Closed by the caller once the report is written; nothing is left on disk.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * _READ_BYTES)  # noqa: SIM115
        source, fh = sys.stdin.buffer, spool
    else:
        p = Path(arg)
        if p.is_dir():
            raise UsageError(f"{name}: is a directory, not a text file")
        if not p.exists():
            raise UsageError(f"{name}: no such file")
        try:
            if p.is_file() and p.stat().st_size > MAX_TEXT_BYTES:  # refused before it is read
                raise UsageError(
                    f"{name}: larger than {MAX_TEXT_BYTES // 2**20} MB; split the text"
                )
            fh = source = p.open("rb")
        except OSError as err:
            raise UsageError(f"{name}: cannot read ({err.strerror or err})") from err
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        size = line = 0
        blank, head = True, b""
        while True:
            data = source.read(_READ_BYTES)
            if fh is not source:
                fh.write(data)
            if not head:
                head = data[:3]
                if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    raise UsageError(f"{name}: UTF-16 text; save it as UTF-8")
            nul = data.find(b"\x00")
            if nul >= 0:
                raise UsageError(
                    f"{name}: binary data (a NUL byte at offset {size + nul}), not text"
                )
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as err:
                where = line + data.count(b"\n", 0, max(err.start, 0)) + 1
                bad = data[err.start] if 0 <= err.start < len(data) else 0
                raise UsageError(
                    f"{name}: not UTF-8 text (byte 0x{bad:02x} on line {where})"
                ) from err
            blank = blank and not text.lstrip("\ufeff").strip()
            size += len(data)
            line += data.count(b"\n")
            if size > MAX_TEXT_BYTES:
                raise UsageError(
                    f"{name}: larger than {MAX_TEXT_BYTES // 2**20} MB; split the text"
                )
            if not data:
                break
        if blank:
            raise UsageError(f"{name}: empty, no text to check")
        fh.seek(0)
        return fh
    except OSError as err:
        fh.close()
        raise UsageError(f"{name}: cannot read ({err.strerror or err})") from err
    except BaseException:
        fh.close()
        raise


def text_chunks(fh):
    """The checked file's text, a chunk at a time (a byte-order mark dropped)."""
    import io

    with io.TextIOWrapper(fh, encoding="utf-8-sig", newline="") as text:
        while chunk := text.read(_READ_BYTES):
            yield chunk
