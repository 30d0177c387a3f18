"""Imports point down the layers of the package, never up or sideways (docs/CONTRIBUTING.md, "Code layout").

Every top-level module and subpackage stands on a floor of its own: the design's
table of layers, read from top to bottom and, within a row, from left to right.
A module may import its own module or subpackage and anything on a lower floor,
nothing on its floor's level or above. So two units in one layer of the table
are not interchangeable: ``api`` (the front door) may import ``experiment``,
and ``experiment`` may not import ``api``. Nothing imports ``cli``.

Every form of import counts, wherever it stands (in a function, under
``TYPE_CHECKING``): ``import negotiation.x``, ``from negotiation.x import y``,
``from negotiation import x`` (the subpackage ``x``, or for a name the
package's ``__init__`` defines, the package root, which re-exports the front
door), and relative imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "negotiation"

FLOORS: tuple[tuple[int, str], ...] = (
    (1, "__main__"),
    (1, "cli"),
    (2, "__init__"),
    (2, "api"),
    (2, "experiment"),
    (2, "report"),
    (2, "score"),
    (3, "engine"),
    (4, "timeline"),
    (4, "summit"),
    (5, "protocols"),
    (5, "solvers"),
    (5, "utility"),
    (6, "space"),
    (6, "plots"),
    (6, "importers"),
    (7, "results"),
    (7, "scenario"),
    (7, "compiled"),
)
"""(layer, unit) from the top floor down: a unit may import only the units after it.

Within a layer the order is the design table's, except that ``results``
(summaries and tables built from a compiled scenario) sits above
``scenario``, which knows nothing of outputs. ``__init__`` is the package root (``negotiation.run``, ``negotiation.load``,
``__version__``); ``__main__`` is ``python -m negotiation``, the one module
that may import ``cli``. ``score`` is the scoring command's front end; the
scores themselves, a typed summary like the others, are in ``results``."""

FLOOR = {unit: k for k, (_, unit) in enumerate(FLOORS)}
LAYER = {unit: layer for layer, unit in FLOORS}


def unit_of(path: Path) -> str:
    """The top-level module or subpackage that a file of the package belongs to (``__init__`` for the root)."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def package_of(path: Path) -> str:
    """The dotted package a file's relative imports start from."""
    parts = ["negotiation", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1])


def imported_units(source: str, package: str = "negotiation") -> list[tuple[int, str]]:
    """(line, unit) for every import of the package in ``source``, a module of the dotted ``package``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, _unit_of_module(alias.name)) for alias in node.names if _inside(alias.name))
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, package)
            if module == "negotiation":
                found.extend((node.lineno, alias.name if alias.name in FLOOR else "__init__") for alias in node.names)
            elif _inside(module):
                found.append((node.lineno, _unit_of_module(module)))
    return found


def _inside(module: str) -> bool:
    return module == "negotiation" or module.startswith("negotiation.")


def _unit_of_module(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def upward(unit: str, source: str, package: str = "negotiation") -> list[str]:
    """What ``source``, a module of ``unit``, imports from its own floor's level or above, one line each."""
    found = []
    for line, target in imported_units(source, package):
        if target == unit:
            continue
        if target not in FLOOR:
            found.append(f"line {line}: imports {target}, which has no floor")
        elif FLOOR[target] <= FLOOR[unit]:
            found.append(f"line {line}: {unit} (layer {LAYER[unit]}) imports {target} (layer {LAYER[target]}, above it)")
    return found


def test_every_module_has_a_floor() -> None:
    units = {unit_of(p) for p in PACKAGE.rglob("*.py")}
    assert units <= set(FLOOR), units - set(FLOOR)


def test_imports_point_down() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        problems += [f"{path.relative_to(ROOT)}, {p}" for p in upward(unit_of(path), text, package_of(path))]
    assert problems == [], "\n".join(problems)


# -- the checker itself, on module texts made up for it ---------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from negotiation.api import resolved_yaml",
        "from negotiation import api",
        "from negotiation import run",
        "import negotiation",
        "import negotiation.api",
        "from ..api import resolved_yaml",
        "from .. import api",
        "def later():\n    from negotiation.cli import main\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from negotiation.api import Results\n",
    ],
)
def test_an_upward_or_sideways_import_is_flagged(source: str) -> None:
    """``experiment/run.py`` importing from ``api`` (one layer, a floor up), from the package root or from ``cli``."""
    assert len(upward("experiment", source, "negotiation.experiment")) == 1, source


@pytest.mark.parametrize(
    "source",
    [
        "from negotiation.experiment.spec import read_experiment",
        "from .spec import read_experiment",
        "from . import spec",
        "from negotiation.engine.run import write_run",
        "from negotiation import scenario, results",
        "from negotiation.report.html import page",
        "import negotiation.space",
        "import numpy as np\nfrom pathlib import Path",
    ],
)
def test_an_import_down_or_within_is_not_flagged(source: str) -> None:
    assert upward("experiment", source, "negotiation.experiment") == [], source


def test_the_front_door_may_import_what_sits_below_it() -> None:
    assert upward("api", "from negotiation.experiment.run import run_experiment") == []
    assert upward("__init__", "from negotiation import api") == []
    assert upward("cli", "from negotiation import __version__\nfrom negotiation.api import run") == []
    assert upward("__main__", "from negotiation.cli import entry") == []


def test_floors_follow_the_layers() -> None:
    layers = [layer for layer, _ in FLOORS]
    assert layers == sorted(layers)
    assert len(FLOOR) == len(FLOORS)
    assert upward("solvers", "from negotiation.protocols import nash") != []
    assert upward("timeline", "from negotiation.summit.model import SummitModel") == []
    assert upward("summit", "from negotiation.timeline.clock import Clock") != []
    assert upward("scenario", "from negotiation.results.summary import SummaryBuilder") != []
