"""Write a release's version and date: ``python tools/release.py 0.2.0 [--date YYYY-MM-DD]``.

Used by ``make release VERSION=…``, which then regenerates the figures, commits and tags.
Writes ``__version__`` and ``__released__`` in ``kursk_data/_version.py`` (the citations read
them), ``version`` and ``date-released`` in ``CITATION.cff``, and turns CHANGELOG.md's
"Unreleased" section into the release's, with a new empty "Unreleased" above it. ``url`` and
``repository-code`` are never written here: they go into CITATION.cff by hand once the project
has a public address.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = re.compile(r"^\d+\.\d+\.\d+([abrc]+\d+)?$")
UNRELEASED = """## Unreleased

### Shipped data (values, periods, bounds, sources)

### Format (claims.csv, sources.csv, sides.csv, datapackage.json)

### Public API and command line

### Figures
"""


def write_version(text: str, version: str, date: str) -> str:
    """``_version.py`` with the release's version and date."""
    text = re.sub(r'^__version__ = "[^"]*"', f'__version__ = "{version}"', text, flags=re.M)
    line = f'__released__ = "{date}"'
    if re.search(r"^__released__ = .*$", text, flags=re.M):
        return re.sub(r"^__released__ = .*$", line, text, flags=re.M)
    return text.rstrip("\n") + f"\n# The release date (UTC), written by `make release`.\n{line}\n"


def write_cff(text: str, version: str, date: str) -> str:
    """CITATION.cff with the release's version and date."""
    text = re.sub(r"^version: .*$", f"version: {version}", text, flags=re.M)
    if re.search(r"^date-released: .*$", text, flags=re.M):
        return re.sub(r"^date-released: .*$", f'date-released: "{date}"', text, flags=re.M)
    return re.sub(r"^(version: .*)$", rf'\1\ndate-released: "{date}"', text, flags=re.M)


def write_changelog(text: str, version: str, date: str) -> str:
    """CHANGELOG.md with "Unreleased" renamed to the release and a new "Unreleased" above."""
    if f"## {version} " in text:
        raise SystemExit(f"CHANGELOG.md already has a heading for {version}")
    if "## Unreleased" not in text:
        raise SystemExit("CHANGELOG.md has no '## Unreleased' section to release")
    return text.replace("## Unreleased", f"{UNRELEASED}\n## {version} — {date}", 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version")
    parser.add_argument("--date", default=dt.datetime.now(dt.UTC).date().isoformat())
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    if not VERSION.match(args.version):
        print(f"not a version: {args.version!r} (want X.Y.Z)", file=sys.stderr)
        return 2
    dt.date.fromisoformat(args.date)
    files = {
        args.root / "kursk_data" / "_version.py": write_version,
        args.root / "CITATION.cff": write_cff,
        args.root / "CHANGELOG.md": write_changelog,
    }
    new = {p: f(p.read_text(encoding="utf-8"), args.version, args.date) for p, f in files.items()}
    for path, text in new.items():  # all checked before any is written
        path.write_text(text, encoding="utf-8")
    print(f"release {args.version} of {args.date} written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
