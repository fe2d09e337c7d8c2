"""A stand-in renderer for tests about writing figures, not drawing them.

Locks, atomic renames, clean-up after a killed run and sidecar hashes do not depend on what the
pictures show; drawing them for real costs a second a figure. The stand-in returns small bytes
that still differ per figure and per data, so a sidecar's hashes still tell files apart.

    python tests/fake_render.py figures --out DIR ...   # the command line with the stand-in
"""

from __future__ import annotations

import hashlib
import sys


def fake_render(spec, data, sources=None, palette=None) -> dict[str, bytes]:
    from kursk_data.figures import IMAGE_FORMATS

    ids = ",".join(sorted(data["claim_id"].astype(str)))
    digest = hashlib.sha256(ids.encode()).hexdigest()
    return {fmt: f"{fmt} stand-in for {spec.id} {digest}\n".encode() for fmt in IMAGE_FORMATS}


if __name__ == "__main__":
    from kursk_data.figures import export

    export.render = fake_render
    from kursk_data.cli import main

    sys.exit(main(sys.argv[1:]))
