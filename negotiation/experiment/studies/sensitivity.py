"""A global sensitivity study: Sobol' indices of every metric to the scenario's uncertain inputs (Saltelli's design)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from negotiation.engine.backends import Task
from negotiation.engine.parameters import uniform_columns
from negotiation.engine.sampling import UniformSource
from negotiation.experiment.checker import Checker
from negotiation.experiment.design import FINDINGS_PER_STUDY, Experiment, StudyResult
from negotiation.experiment.metric import Metric
from negotiation.experiment.metrics import Estimate, per_draw
from negotiation.experiment.point import Point
from negotiation.experiment.runner import Runner
from negotiation.experiment.sobol import evaluations, sobol
from negotiation.experiment.sobol import to_json as sobol_json
from negotiation.scenario.context import bounded
from negotiation.scenario.errors import Path, did_you_mean_path
from negotiation.scenario.limits import MAX_HELD_DRAWS, count
from negotiation.scenario.model import Scenario

DEFAULT_SAMPLES = 1024
MATERIAL = 0.05
"""A total Sobol' index below this is not named among an output's drivers."""


@dataclass(frozen=True)
class SensitivityStudy:
    """A checked sensitivity study.

    Attributes
    ----------
    ranges : dict of str to (float, float)
        Inputs given as ranges, each drawn uniformly on its range (empty for
        the scenario's uncertain parameters as they are).
    samples : int
        Base sample n of Saltelli's design, a power of two.
    """

    kind: ClassVar[str] = "sensitivity"
    name: str
    label: str
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    samples: int = DEFAULT_SAMPLES

    @property
    def points(self) -> tuple[Point, ...]:
        """None: the study samples the inputs of the experiment's base scenario."""
        return ()

    def cost(self, experiment: Experiment) -> int:
        """Model runs of Saltelli's design over the uncertain parameters, the events and the ranges that are not already uncertain."""
        scenario = experiment.scenario
        d = len(scenario.uncertain) + len(scenario.events) + len([p for p in self.ranges if not scenario.parameters[p].uncertain])
        return evaluations(self.samples, d)

    def run(self, experiment: Experiment, runner: Runner) -> StudyResult:
        """Run the design, one model run per draw, and name each output's strongest inputs."""
        e = experiment
        extra = [(path, {"uniform": [lo, hi]}) for path, (lo, hi) in self.ranges.items()]
        scenario = runner.scenario(e.base, extra)
        plan = runner.plan(scenario)
        columns = uniform_columns(scenario)
        inputs = [p.path for p in scenario.uncertain] + [f"events.{ev.name}" for ev in scenario.events]
        labels = [s.label for s in scenario.protocols]
        outputs = []
        for label in labels:
            for metric in e.metrics:
                if metric.per_protocol or label == labels[0]:
                    outputs.append((label, metric))
        names = [f"{m.label} ({label})" if m.per_protocol else m.label for label, m in outputs]
        issues = [i.name for i in scenario.issues]
        proposals = list(scenario.proposals)
        where = [columns.index(name) for name in inputs]
        noise = UniformSource("random", e.seed, columns)

        def model(u: NDArray[np.float64]) -> NDArray[np.float64]:
            m = u.shape[1]
            given = noise.draws(0, m)
            given[:, where] = u.T
            out = np.empty((len(outputs), m))
            clock = time.perf_counter()
            size = scenario.monte_carlo.chunk
            tasks: list[Task] = [(lo, min(lo + size, m), given[lo : min(lo + size, m)]) for lo in range(0, m, size)]
            for chunk in runner.backend.outcomes(plan, tasks):
                lo, hi = chunk.start, chunk.stop
                for k, (label, metric) in enumerate(outputs):
                    out[k, lo:hi] = per_draw(metric, label, chunk, scenario.party_names, plan.space, issues, proposals)
                runner.meter.update(runner.done + hi)
            runner.seconds_in_draws += time.perf_counter() - clock
            runner.done += m
            return out

        result = sobol(model, inputs, names, self.samples, e.seed)
        block = {"kind": self.kind, "label": self.label, **sobol_json(result)}
        rows = []
        findings = []
        for k, name in enumerate(names):
            if result.constant[k]:
                findings.append(f"{self.label}: {name} does not vary over the inputs, so it has no Sobol' indices")
                continue
            ranked = sorted(range(len(inputs)), key=lambda j: -np.nan_to_num(result.total[k][j].value))
            for j in range(len(inputs)):
                for order, index in (("S1", result.first[k][j]), ("ST", result.total[k][j])):
                    rows.append(
                        {
                            "study": self.name,
                            "kind": self.kind,
                            "point": inputs[j],
                            "index": j,
                            "x": None,
                            "y": None,
                            "protocol": outputs[k][0] if outputs[k][1].per_protocol else "",
                            "metric": f"{order}:{outputs[k][1].label}",
                            "estimate": Estimate(index.value, index.low, index.high),
                            "draws": result.evaluations,
                        }
                    )
            strong = [j for j in ranked[:3] if result.total[k][j].value >= MATERIAL] or ranked[:1]
            top = ", ".join(
                f"{inputs[j]} (total {result.total[k][j].value:.2f}, first order {result.first[k][j].value:.2f})" for j in strong
            )
            rest = sum(1 for j in ranked if result.total[k][j].value >= MATERIAL) - len(strong)
            more = f"; {rest} more inputs have a total index of {MATERIAL:g} or more" if rest > 0 else ""
            findings.append(f"{self.label}: {name} depends most on {top}{more}")
        return StudyResult(block, rows, findings[: 2 * FINDINGS_PER_STUDY])


def _largest(n: int) -> int:
    """The largest power of two not above ``n`` (at least 2)."""
    return max(2, 1 << (n.bit_length() - 1))


def parse(
    c: Checker, name: str, label: str, raw: dict[str, Any], path: Path, base: Point, scenario: Scenario, metrics: list[Metric]
) -> SensitivityStudy:
    """Check ``sensitivity: {samples, parameters}`` (``path`` locates it); problems are recorded, the study is returned anyway."""
    samples = int(raw.get("samples", DEFAULT_SAMPLES))
    if samples & (samples - 1):
        c.bad(
            (*path, "samples"),
            f"samples must be a power of two (Saltelli's design), got {samples}; try {1 << samples.bit_length()}",
        )
    ranges: dict[str, tuple[float, float]] = {}
    params = raw.get("parameters", "uncertain")
    added = [k for k in params if k in scenario.parameters and not scenario.parameters[k].uncertain] if isinstance(params, dict) else []
    inputs = len(scenario.uncertain) + len(scenario.events) + len(added)  # as cost() counts them
    if samples * (inputs + 2) > MAX_HELD_DRAWS:
        c.bad(
            (*path, "samples"),
            f"{samples:,} samples x ({inputs} inputs + 2) = {samples * (inputs + 2):,} model runs, more than the limit of "
            f"{count(MAX_HELD_DRAWS)} (the design is held in memory); use at most {_largest(MAX_HELD_DRAWS // (inputs + 2))} samples",
        )
    if isinstance(params, dict):
        for key, (lo, hi) in params.items():
            where = (*path, "parameters", key)
            if key not in scenario.parameters or scenario.parameters[key].value is None:
                c.bad(where, f"'{key}' is not a numeric parameter of the scenario{did_you_mean_path(key, scenario.parameters)}")
            elif not lo < hi:
                c.bad(where, f"a range needs lo < hi, got [{lo:g}, {hi:g}]")
            elif lo < bounded(scenario.parameters[key].domain).lo or hi > bounded(scenario.parameters[key].domain).hi:
                c.bad(where, f"the range must stay {bounded(scenario.parameters[key].domain).describe()}")
            else:
                ranges[key] = (float(lo), float(hi))
    elif not scenario.uncertain and not scenario.events:
        c.bad(path, "the scenario has no uncertain parameters or events; give parameters: {path: [lo, hi]}")
    return SensitivityStudy(name, label, ranges=ranges, samples=samples)


__all__ = ["DEFAULT_SAMPLES", "MATERIAL", "SensitivityStudy", "parse"]
