"""What a checked experiment is: its settings, its metrics, and its studies.

A study kind (``negotiation.experiment.studies``) is one module holding its
study dataclass, which meets :class:`Study`: it knows the draws it will run
(``cost``) and how to run itself (``run``) into a :class:`StudyResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from negotiation.experiment.metric import Metric
from negotiation.experiment.point import Point
from negotiation.experiment.runner import Runner
from negotiation.scenario.model import Scenario
from negotiation.scenario.yamlio import Document

FINDINGS_PER_STUDY = 3
"""Findings a study over points reports (a sensitivity study reports up to twice as many)."""


@dataclass(frozen=True)
class StudyResult:
    """What running one study gives.

    Attributes
    ----------
    block : dict
        The study's entry in ``summary.json`` under ``studies``.
    rows : list of dict
        Its rows of ``table.csv`` (see ``run.TABLE_COLUMNS``); the estimate of a row is an ``Estimate``.
    findings : list of str
        Its findings, most telling first, already cut to the number reported.
    """

    block: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)


class Study(Protocol):
    """A checked study of one kind (sweep, compare, sensitivity or discovery)."""

    @property
    def name(self) -> str:
        """Its key under ``studies:``."""
        ...

    @property
    def label(self) -> str:
        """Its title."""
        ...

    @property
    def kind(self) -> str:
        """The kind's name, as the file writes it and the summary and table record it."""
        ...

    @property
    def points(self) -> tuple[Point, ...]:
        """The scenarios it runs one by one (none for a study that samples the inputs)."""
        ...

    def cost(self, experiment: Experiment) -> int:
        """Draws it will run, for the progress meter."""
        ...

    def run(self, experiment: Experiment, runner: Runner) -> StudyResult:
        """Run it on the experiment's common random numbers."""
        ...


@dataclass(frozen=True)
class Experiment:
    """A checked experiment file."""

    name: str
    title: str
    file: str
    base: Point
    protocols: tuple[Any, ...]
    draws: int
    seed: int
    metrics: tuple[Metric, ...]
    studies: tuple[Study, ...]
    scenario: Scenario
    document: Document


__all__ = ["FINDINGS_PER_STUDY", "Experiment", "Study", "StudyResult"]
