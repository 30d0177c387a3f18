"""A sweep: one or two dotted paths of the scenario set to each of their values; every combination is a point."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from negotiation.experiment.checker import Checker
from negotiation.experiment.design import Experiment, StudyResult
from negotiation.experiment.metric import Metric
from negotiation.experiment.point import Point, show
from negotiation.experiment.runner import Runner
from negotiation.experiment.studies.points import Axes, run_points
from negotiation.scenario.errors import Path, did_you_mean_path
from negotiation.scenario.model import Scenario
from negotiation.scenario.yamlio import walk

MAX_POINTS = 400
"""Most points one study may have."""


@dataclass(frozen=True)
class SweepStudy:
    """A checked sweep.

    Attributes
    ----------
    points : tuple of Point
        The grid, the first path varying slowest.
    axes : tuple of (str, tuple)
        Each swept path and its values.
    """

    kind: ClassVar[str] = "sweep"
    name: str
    label: str
    points: tuple[Point, ...]
    axes: Axes

    def cost(self, experiment: Experiment) -> int:
        """The experiment's draws at every point."""
        return len(self.points) * experiment.draws

    def run(self, experiment: Experiment, runner: Runner) -> StudyResult:
        """Run every point of the grid."""
        return run_points(self, self.axes, experiment, runner)


def parse(
    c: Checker, name: str, label: str, raw: dict[str, Any], path: Path, base: Point, scenario: Scenario, metrics: list[Metric]
) -> SweepStudy | None:
    """Check ``sweep: {path: values}`` (``path`` locates it) and load every point of its grid; None after a problem."""
    axes = []
    leaves = _leaves(scenario)
    for key, values in raw.items():
        where = (*path, key)
        if key not in scenario.parameters and key not in leaves:
            c.bad(where, f"'{key}' is not a leaf of the scenario{did_you_mean_path(key, [*scenario.parameters, *leaves])}")
            return None
        if isinstance(values, dict) and int(values["steps"]) > MAX_POINTS:
            c.bad((*where, "steps"), f"a sweep has at most {MAX_POINTS} points, so steps must be at most {MAX_POINTS}")
            return None
        axes.append((str(key), tuple(_values(values))))
    grid = list(itertools.product(*[range(len(v)) for _, v in axes]))
    if len(grid) > MAX_POINTS:
        c.bad(path, f"the sweep has {len(grid)} points, more than the limit of {MAX_POINTS}")
        return None
    points = []
    for index in grid:
        overrides = list(base.overrides)
        origins = list(base.origins)
        settings = {}
        for (key, values), j in zip(axes, index, strict=True):
            written = raw[key]
            at = (*path, key, j) if isinstance(written, list) else (*path, key)
            overrides.append((key, values[j]))
            origins.append(c.origin(at))
            settings[key] = values[j]
        point_label = ", ".join(f"{k.rsplit('.', 1)[-1]}={show(v)}" for k, v in settings.items())
        point = Point(point_label, base.scenario, tuple(overrides), tuple(origins), settings)
        if c.load(point, path) is None:
            return None
        points.append(point)
    return SweepStudy(name, label, tuple(points), tuple(axes))


def _values(raw: Any) -> list[Any]:
    """A path's values: a list as written, or ``{range: [lo, hi], steps: k}`` as k evenly spaced floats."""
    if isinstance(raw, dict):
        lo, hi = (float(x) for x in raw["range"])
        return [float(x) for x in np.round(np.linspace(lo, hi, int(raw["steps"])), 12)]
    return list(raw)


def _leaves(scenario: Scenario) -> list[str]:
    """Every dotted path a sweep may set: the numeric parameters and the other leaves of the file (a proposal's terms, say)."""
    found = [p for p, param in scenario.parameters.items() if not param.implicit]
    found += [".".join(map(str, path)) for path, value in walk(scenario.document.data) if not isinstance(value, dict | list)]
    return list(dict.fromkeys(found))


__all__ = ["MAX_POINTS", "SweepStudy", "parse"]
