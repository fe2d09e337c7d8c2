"""Loaded first in `make test` (``-p tests.pytest_fast_start``), before nbval and the others.

nbval imports nbformat, which imports jsonschema, whose format checkers import
``rfc3987_syntax`` when it is installed (jupyterlab's dependencies install it): that module
builds an Earley parser of the RFC 3987 grammar at import, 1.3-1.8 CPU-seconds, in the
controller, in each worker and in every pytest this suite starts. Nothing in the project or its
tests checks the ``iri`` formats it adds (nbformat's notebook schema has none, frictionless does
not use jsonschema's format checkers), so jsonschema goes without it here, as it does wherever
the package is not installed.
"""

from __future__ import annotations

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # None in sys.modules: `import` raises ImportError
