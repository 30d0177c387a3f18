"""Scenario discovery: the box of uncertain inputs where an outcome is most likely (PRIM, Friedman & Fisher 1999)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from negotiation.experiment.checker import Checker
from negotiation.experiment.design import Experiment, StudyResult
from negotiation.experiment.metric import Metric, issue_share, parse_metric
from negotiation.experiment.metrics import per_draw
from negotiation.experiment.point import Point
from negotiation.experiment.prim import boxes_json, covering
from negotiation.experiment.prim import to_json as prim_json
from negotiation.experiment.runner import Runner
from negotiation.results.outcome import ChunkOutcome
from negotiation.scenario.errors import Path, did_you_mean, one_of
from negotiation.scenario.model import Scenario

DEFAULT_MIN_COVERAGE = 0.5
DEFAULT_ALPHA = 0.05
DEFAULT_BOXES = 3
SIGNIFICANT = 0.05
"""A later box's finding names the restrictions with a quasi-p value at most this; the others are counted."""


@dataclass(frozen=True)
class DiscoveryStudy:
    """A checked discovery study.

    Attributes
    ----------
    outcome : str or Metric
        ``"deal"``, ``"no_deal"``, an issue_share metric (a deal taking that value),
        or with a clock a question or deal_by metric (the question holds; a deal by the date).
    protocol : str
        The protocol whose outcome is searched.
    draws : int
        Draws to run (0: the experiment's draws).
    min_coverage, alpha : float
        PRIM's coverage floor and peeling (and pasting) share.
    boxes : int
        The most boxes to find in sequence (covering).
    """

    kind: ClassVar[str] = "discovery"
    name: str
    label: str
    outcome: str | Metric
    protocol: str
    draws: int = 0
    min_coverage: float = DEFAULT_MIN_COVERAGE
    alpha: float = DEFAULT_ALPHA
    boxes: int = DEFAULT_BOXES

    @property
    def points(self) -> tuple[Point, ...]:
        """None: the study samples the inputs of the experiment's base scenario."""
        return ()

    def cost(self, experiment: Experiment) -> int:
        """Its own draws, or the experiment's."""
        return self.draws or experiment.draws

    def run(self, experiment: Experiment, runner: Runner) -> StudyResult:
        """Run the draws, mark those with the outcome, and find the boxes of inputs where it is most likely (peeling, pasting, covering)."""
        e = experiment
        scenario = runner.scenario(e.base, draws=self.draws or e.draws)
        plan = runner.plan(scenario)
        inputs = [p.path for p in scenario.uncertain] + [f"events.{ev.name}" for ev in scenario.events]
        xs: list[NDArray[np.float64]] = []
        ys: list[NDArray[np.bool_]] = []
        issues = [i.name for i in scenario.issues]

        def collect(chunk: ChunkOutcome) -> None:
            columns = [chunk.sampled[p.path] for p in scenario.uncertain] + [
                chunk.fired[:, j].astype(np.float64) for j in range(len(scenario.events))
            ]
            xs.append(np.column_stack(columns) if columns else np.zeros((chunk.size, 0)))
            draws = chunk.protocols[self.protocol]
            if self.outcome == "deal":
                ys.append(draws.deal)
            elif self.outcome == "no_deal":
                ys.append(~draws.deal)
            elif isinstance(self.outcome, Metric):
                ys.append(per_draw(self.outcome, self.protocol, chunk, scenario.party_names, plan.space, issues, []) > 0)

        runner.run(plan, collect)
        x, y = np.vstack(xs), np.concatenate(ys)
        outcome = self.outcome.replace("_", " ") if isinstance(self.outcome, str) else _outcome_text(self.outcome)
        what = f"{outcome} under {self.protocol}"
        block: dict[str, Any] = {"kind": self.kind, "label": self.label, "outcome": what, "inputs": inputs, "draws": len(y)}
        if not y.any() or y.all():
            block["note"] = f"{what} happens in {'every' if y.all() else 'no'} draw: nothing to discover"
            return StudyResult(block, [], [f"{self.label}: {block['note']}"])
        results = covering(x, y, inputs, boxes=self.boxes, alpha=self.alpha, min_coverage=self.min_coverage)
        block.update(prim_json(results[0]))
        block["boxes"] = boxes_json(results)
        findings = []
        for k, box in enumerate(block["boxes"]):
            limits = "; ".join(f"{lim['name']} in [{lim['lo']:.3g}, {lim['hi']:.3g}]" for lim in box["limits"]) or "no restriction"
            if k == 0:
                findings.append(
                    f"{self.label}: {what} has probability {100 * box['density']:.0f}% (against {100 * block['base_rate']:.0f}% overall) "
                    f"when {limits}; the box holds {100 * box['coverage']:.0f}% of such draws"
                )
            else:
                strong = [lim for lim in box["limits"] if lim["quasi_p"] <= SIGNIFICANT]
                shown = "; ".join(f"{lim['name']} in [{lim['lo']:.3g}, {lim['hi']:.3g}]" for lim in strong) or "no single restriction"
                weak = len(box["limits"]) - len(strong)
                more = f" (and {weak} restriction{'s' if weak != 1 else ''} with a quasi-p value above {SIGNIFICANT:g})" if weak else ""
                findings.append(
                    f"{self.label}: box {k + 1}, outside the boxes before it: probability {100 * box['density']:.0f}% when {shown}{more}; "
                    f"it holds a further {100 * box['coverage']:.0f}% of such draws"
                )
        return StudyResult(block, [], findings)


def _outcome_text(metric: Metric) -> str:
    """A metric used as PRIM's outcome, as the study's findings name it."""
    if metric.kind == "question":
        return f"question {metric.question} (by {metric.date})"
    if metric.kind == "deal_by":
        return f"deal by {metric.date}"
    return f"deal with {metric.issue}={metric.option_key}"


def parse(
    c: Checker, name: str, label: str, raw: dict[str, Any], path: Path, base: Point, scenario: Scenario, metrics: list[Metric]
) -> DiscoveryStudy:
    """Check ``discovery: {outcome, protocol, draws, ...}`` (``path`` locates it); problems are recorded, the study is returned anyway."""
    protocols = [s.label for s in scenario.protocols]
    protocol = str(raw.get("protocol", protocols[0]))
    if protocol not in protocols:
        c.bad(
            (*path, "protocol"),
            f"'{protocol}' is not one of the experiment's protocols{did_you_mean(protocol, protocols) or '; expected ' + one_of(protocols)}",
        )
    outcome = raw.get("outcome", "deal")
    if isinstance(outcome, dict):
        timed = next(iter(outcome), None) in ("question", "deal_by")
        where = (*path, "outcome")
        found = parse_metric(c, outcome, where, scenario) if timed else issue_share(c, outcome, where, scenario)
        outcome = found[0] if found else "deal"
    if not scenario.uncertain and not scenario.events:
        c.bad(path, "the scenario has no uncertain parameters or events to search")
    return DiscoveryStudy(
        name,
        label,
        outcome=outcome,
        protocol=protocol,
        draws=int(raw.get("draws", 0)),
        min_coverage=float(raw.get("min_coverage", DEFAULT_MIN_COVERAGE)),
        alpha=float(raw.get("alpha", DEFAULT_ALPHA)),
        boxes=int(raw.get("boxes", DEFAULT_BOXES)),
    )


__all__ = ["DEFAULT_ALPHA", "DEFAULT_BOXES", "DEFAULT_MIN_COVERAGE", "DiscoveryStudy", "parse"]
