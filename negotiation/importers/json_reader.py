"""Reading a JSON file with the standard library, with the line of each key where it can be found.

:func:`json.loads` reads the data and reports syntax errors with their line.
The lines of keys and list items come from reading the same text with the
project's safe YAML reader (JSON is, in practice, YAML's flow style); where
that reading fails, problems are located by their dotted path alone (line 0).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from negotiation.importers.domain import Problems
from negotiation.scenario.errors import Path, Problem, ScenarioError, dotted, shown
from negotiation.scenario.input_file import read_input
from negotiation.scenario.yamlio import parse_text

MAX_BYTES = 20_000_000
"""Largest input file read, in bytes."""


@dataclass
class JsonDocument:
    """A JSON file's data and the line of each key or list item.

    Attributes
    ----------
    file : str
        The file as the user named it.
    data : Any
        The document as dicts, lists and scalars.
    origins : dict
        ``path -> line`` for the keys and list items whose line is known.
    """

    file: str
    data: Any
    origins: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int:
        """The line of ``path`` or of its nearest ancestor whose line is known; 0 when none is."""
        probe = tuple(path)
        while probe:
            if probe in self.origins:
                return self.origins[probe]
            probe = probe[:-1]
        return self.origins.get((), 0)

    def bad(self, problems: Problems, path: Path, message: str) -> None:
        """Record a problem at ``path`` of this document."""
        problems.add(self.file, self.line(path), dotted(path), message)


def _finite(text: str) -> float:
    raise ValueError(f"{text} is not a finite number")


def read_json(path: str, problems: Problems) -> JsonDocument | None:
    """Parse one JSON file; ``None`` after recording a located problem when it cannot be read."""
    try:
        _, text = read_input(path, MAX_BYTES, bom=True)
    except ScenarioError as exc:
        problems.found += exc.problems
        return None
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.append(key)
            out[key] = value
        return out

    try:
        data = json.loads(text, parse_constant=_finite, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        problems.add(path, exc.lineno, "(file)", f"not valid JSON: {exc.msg} (column {exc.colno})")
        return None
    except (ValueError, RecursionError) as exc:
        problems.add(path, 0, "(file)", f"not valid JSON: {exc}")
        return None
    if any(isinstance(x, float) and not math.isfinite(x) for x in _numbers(data)):
        problems.add(path, 0, "(file)", "a number too large to be finite")
        return None
    doc = JsonDocument(path, data)
    try:
        located = parse_text(text, path)
        doc.origins = {p: line for p, (_, line) in located.origins.items()}
    except ScenarioError as exc:  # lines are a convenience: the data is json.loads's
        said = [p for p in exc.problems if "duplicate key" in p.message]
        if duplicates:
            problems.found += said or [Problem(path, 0, "(file)", f"duplicate key {shown(duplicates[0])}")]
            return None
    except RecursionError:
        pass
    if duplicates:
        problems.add(path, 0, "(file)", f"duplicate key {shown(duplicates[0])}")
        return None
    return doc


def _numbers(data: Any) -> list[float]:
    out: list[float] = []
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
        elif isinstance(x, float):
            out.append(x)
    return out


__all__ = ["MAX_BYTES", "JsonDocument", "read_json"]
