"""Imports point down the layers of the package, never up (README, "Code layout")."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "negotiation"

LAYER = {
    "cli": 1,
    "__main__": 1,
    "api": 2,
    "experiment": 2,
    "report": 2,
    "engine": 3,
    "summit": 4,
    "protocols": 5,
    "solvers": 5,
    "utility": 5,
    "space": 6,
    "plots": 6,
    "scenario": 7,
    "results": 7,
}
"""Top-level module or subpackage -> layer; a module may import only its own layer or lower ones."""


def _unit(path: Path) -> str:
    part = path.relative_to(PACKAGE).parts[0]
    return part.removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("negotiation."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("negotiation."))
    return found


def test_every_module_has_a_layer() -> None:
    units = {_unit(p) for p in PACKAGE.rglob("*.py") if _unit(p) != "__init__"}
    assert units <= set(LAYER), units - set(LAYER)


def test_imports_point_down() -> None:
    upward = []
    for path in PACKAGE.rglob("*.py"):
        unit = _unit(path)
        if unit == "__init__":
            continue
        for target in _imports(path):
            if target == "cli" and unit != "__main__":
                upward.append(f"{path.relative_to(ROOT)} imports cli")
            elif LAYER[target] < LAYER[unit]:
                upward.append(f"{path.relative_to(ROOT)} (layer {LAYER[unit]}) imports {target} (layer {LAYER[target]})")
    assert upward == []
