"""Running the points of an experiment on common random numbers, with one progress meter for all of them."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from negotiation.engine.backends import Backend, SerialBackend
from negotiation.engine.chunk import Plan
from negotiation.engine.finite import NonFiniteError
from negotiation.engine.progress import Progress
from negotiation.engine.run import simulate
from negotiation.experiment.metrics import Tally
from negotiation.experiment.point import Point, load_point
from negotiation.results.outcome import ChunkOutcome
from negotiation.scenario.model import Scenario
from negotiation.space import OutcomeSpace


class Settings(Protocol):
    """What the runner reads of an experiment: the file that wrote it, and the draws and seed of every point."""

    @property
    def file(self) -> str: ...

    @property
    def draws(self) -> int: ...

    @property
    def seed(self) -> int: ...


class _Offset:
    """A progress meter for one run inside a longer experiment."""

    def __init__(self, meter: Progress, done: int):
        self.meter, self.done = meter, done

    def update(self, done: int) -> None:
        self.meter.update(self.done + done)

    def close(self) -> None:
        """The experiment's meter closes once, at the end."""


class Runner:
    """Runs the points of an experiment, sharing outcome spaces between points that have the same issues.

    Parameters
    ----------
    experiment : Settings
        The experiment (its file, draws and seed).
    meter : Progress
        One meter for every draw of the experiment; ``done`` counts the draws run so far.
    backend : Backend, optional
        Where chunks are solved (default: in this process).
    """

    def __init__(self, experiment: Settings, meter: Progress, backend: Backend | None = None):
        self.experiment = experiment
        self.meter = meter
        self.backend = backend or SerialBackend()
        self.done = 0
        self._spaces: dict[Any, OutcomeSpace] = {}
        self._files: dict[Path, Scenario] = {}
        self.seconds_in_draws = 0.0

    def scenario(self, point: Point, extra: list[tuple[str, Any]] | None = None, draws: int | None = None) -> Scenario:
        """A point's scenario with the experiment's draws (or ``draws``), seed and ``extra`` overrides."""
        e = self.experiment
        more = [("monte_carlo.draws", draws or e.draws), ("monte_carlo.seed", e.seed), *(extra or [])]
        return load_point(point, self._files, more, (e.file, 0))

    def plan(self, scenario: Scenario) -> Plan:
        """The scenario's plan, on the outcome space shared by every point with the same issues and exclusions."""
        key = (tuple(i.size for i in scenario.issues), repr(scenario.exclude))
        if key not in self._spaces:
            self._spaces[key] = OutcomeSpace.from_scenario(scenario)
        return Plan.build(scenario, self._spaces[key])

    def run(self, plan: Plan, on_chunk: Callable[[ChunkOutcome], None]) -> dict[str, Any]:
        """Run every draw of the plan, passing each chunk to ``on_chunk``; returns the run's summary."""
        clock = time.perf_counter()
        builder = simulate(plan, on_chunk=on_chunk, progress=_Offset(self.meter, self.done), backend=self.backend)  # type: ignore[arg-type]
        self.seconds_in_draws += time.perf_counter() - clock
        self.done += plan.scenario.monte_carlo.draws
        return builder.summary()

    def point(self, point: Point) -> tuple[Tally, Scenario, OutcomeSpace]:
        """Run one point; returns its tally of the metrics, its scenario and its outcome space."""
        scenario = self.scenario(point)
        plan = self.plan(scenario)
        tally = Tally(len(scenario.parties))
        try:
            summary = self.run(plan, lambda chunk: tally.add(chunk, plan.space))
        except NonFiniteError as exc:
            raise exc.within(f"of the experiment's point '{point.label}'") from None
        tally.blocks = dict(summary["protocols"])
        return tally, scenario, plan.space


__all__ = ["Runner", "Settings"]
