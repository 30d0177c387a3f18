"""A point of an experiment: one scenario file with the overrides the experiment sets on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import numpy as np

from negotiation.engine.scenario import load_scenario
from negotiation.scenario.model import Scenario, format_number
from negotiation.scenario.overrides import Override


@dataclass(frozen=True)
class Point:
    """One scenario to run: a file and the overrides (with where the experiment wrote each)."""

    label: str
    scenario: FsPath
    overrides: tuple[Override, ...]
    origins: tuple[tuple[str, int], ...]
    settings: dict[str, Any] = field(default_factory=dict)


def load_point(
    point: Point, files: dict[FsPath, Scenario], extra: list[tuple[str, Any]] | None = None, origin: tuple[str, int] = ("", 0)
) -> Scenario:
    """A point's scenario: its file (read once, kept in ``files``) with the point's overrides and ``extra`` ones.

    Raises
    ------
    ScenarioError
        The file's own problems, or those of an override at the line that wrote it.
    """
    if point.scenario not in files:
        files[point.scenario] = load_scenario(point.scenario)
    more = list(extra or [])
    return load_scenario(files[point.scenario], [*point.overrides, *more], [*point.origins, *[origin] * len(more)])


def show(value: Any) -> str:
    """A setting as a point's label writes it: floats as the scenario formats numbers."""
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def plain(value: Any) -> Any:
    """A setting as plain Python (a numpy scalar becomes its Python value), for JSON and CSV."""
    if isinstance(value, np.generic):
        return value.item()
    return value


__all__ = ["Point", "load_point", "plain", "show"]
