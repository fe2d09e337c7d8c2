"""The package's layers run one way: no module imports one above it, and imports form no cycle.

Every import counts, also those inside functions (the lazy ones that keep matplotlib out of
``import kursk_data``): a lazy import upwards is still a layer turned upside down.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "kursk_data"

# Bottom to top. A module may import its own layer and the ones before it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "pure rules",
        (
            "kursk_data._version",
            "kursk_data.errors",
            "kursk_data.schema",
            "kursk_data.qualifiers",
            "kursk_data.units",
            "kursk_data.formats",
            "kursk_data.textfiles",
        ),
    ),
    ("reading and validation", ("kursk_data.validation",)),
    ("loading", ("kursk_data.load",)),
    (
        "analysis, checks and extraction",
        (
            "kursk_data.analysis",
            "kursk_data.checks",
            "kursk_data.labels",
            "kursk_data.relations",
            "kursk_data.extract",
            "kursk_data.display",
        ),
    ),
    ("plotting", ("kursk_data.plotting",)),
    ("figures", ("kursk_data.figures", "kursk_data.figure_folder")),
    ("command line and site", ("kursk_data.cli", "kursk_data.__main__", "kursk_data.site")),
]
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    for i, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise LookupError(f"{module} belongs to no layer: add it to LAYERS")


def imports(module: str, source: str | None = None) -> set[str]:
    """The package modules ``module`` imports, at top level or inside functions."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_pkg else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # "from x import y": y is a submodule of x, or a name defined in x.
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names
            ]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith("kursk_data") and name != module:
                found.add(name)
    return found


@functools.cache
def graph() -> dict[str, set[str]]:
    """Every module's package imports, parsed when a test first asks: not at collection, which
    each `make test` worker does for every module, whether it runs this one's tests or not."""
    return {m: imports(m) for m in MODULES}


# The package's front door re-exports every layer; nothing inside the package may use it.
FACADE = "kursk_data"


def test_every_module_has_a_layer():
    for m in MODULES:
        if m != FACADE:
            layer_of(m)


def upward(module: str, targets: set[str]) -> dict[str, str]:
    """The imports of ``module`` that reach a higher layer, with that layer's name."""
    mine = layer_of(module)
    return {t: LAYERS[layer_of(t)][0] for t in targets if layer_of(t) > mine}


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != FACADE))
def test_no_import_reaches_up_a_layer(module):
    assert FACADE not in graph()[module], f"{module} imports the package facade; import a module"
    found = upward(module, graph()[module])
    assert not found, f"{module} ({LAYERS[layer_of(module)][0]}) imports a higher layer: {found}"


def test_imports_form_no_cycle():
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph()[m]):
            if state.get(n) == 1:
                cycle = [*path[path.index(n) :], n]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(MODULES):
        if m not in state:
            visit(m)


def test_a_planted_lazy_upward_import_is_caught():
    """The checker itself must see an import hidden inside a function, relative ones too."""
    src = "def f():\n    from kursk_data.plotting import style\n    from .figures import FIGURES\n"
    found = upward("kursk_data.load", imports("kursk_data.load", src))
    assert sorted(found.values()) == ["figures", "plotting"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small_enough_to_read(module):
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by concern"
