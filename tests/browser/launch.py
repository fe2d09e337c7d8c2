"""Debian's Chromium as both browser tests start it (the lab's and the site's)."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("KURSK_CHROMIUM", "/usr/bin/chromium"))
# Flags for a machine without a display, a sandbox or the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
