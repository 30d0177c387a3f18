"""A comparison: named variants of the scenario (other settings, another file, issues fixed), side by side on the same draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from negotiation.experiment.checker import Checker
from negotiation.experiment.design import Experiment, StudyResult
from negotiation.experiment.metric import Metric
from negotiation.experiment.point import Point
from negotiation.experiment.runner import Runner
from negotiation.experiment.studies.points import run_points
from negotiation.scenario.errors import Path, ScenarioError, did_you_mean, one_of
from negotiation.scenario.model import Scenario
from negotiation.space import OutcomeSpace


@dataclass(frozen=True)
class CompareStudy:
    """A checked comparison; ``points`` are its variants in the order written."""

    kind: ClassVar[str] = "compare"
    name: str
    label: str
    points: tuple[Point, ...]

    def cost(self, experiment: Experiment) -> int:
        """The experiment's draws for every variant."""
        return len(self.points) * experiment.draws

    def run(self, experiment: Experiment, runner: Runner) -> StudyResult:
        """Run every variant."""
        return run_points(self, (), experiment, runner)


def parse(
    c: Checker, name: str, label: str, raw: dict[str, Any], path: Path, base: Point, scenario: Scenario, metrics: list[Metric]
) -> CompareStudy | None:
    """Check ``compare: {variant: {...}}`` (``path`` locates it) and load every variant; None after a problem."""
    points = []
    for variant, spec in raw.items():
        where = (*path, variant)
        file = base.scenario
        if "scenario" in spec:
            found = c.scenario_file(spec["scenario"], (*where, "scenario"))
            if found is None:
                continue
            file = found
        overrides = list(base.overrides)
        origins = list(base.origins)
        for key, value in (spec.get("set") or {}).items():
            overrides.append((str(key), value))
            origins.append(c.origin((*where, "set", key)))
        if "fix" in spec:
            rules = _fix(c, spec["fix"], (*where, "fix"), scenario)
            if rules is None:
                continue
            existing = scenario.document.data.get("exclude") or []
            overrides.append(("exclude", [*existing, *rules]))
            origins.append(c.origin((*where, "fix")))
            # Proposals the fix excludes cannot be tested at this point: they are dropped.
            written = scenario.document.data.get("proposals") or {}
            kept = {
                name: terms
                for name, terms in written.items()
                if not any(terms.get(i) in vals for rule in rules for i, vals in rule.items())
            }
            if len(kept) < len(written):
                overrides.append(("proposals", kept))
                origins.append(c.origin((*where, "fix")))
                for metric in metrics:
                    if metric.kind == "all_accept" and metric.proposal not in kept:
                        c.bad((*where, "fix"), f"proposal '{metric.proposal}' (a metric) is excluded by this fix")
        point = Point(str(spec.get("label", variant)), file, tuple(overrides), tuple(origins), {"variant": variant})
        loaded = c.load(point, where)
        if loaded is not None:
            try:
                OutcomeSpace.from_scenario(loaded)
            except ScenarioError:
                c.bad((*where, "fix"), "these fixed values leave no package once the exclude rules apply")
                continue
            points.append(point)
    if len(points) < len(raw):
        return None
    return CompareStudy(name, label, tuple(points))


def _fix(c: Checker, raw: dict[str, Any], path: Path, scenario: Scenario) -> list[dict[str, Any]] | None:
    """``fix: {issue: value(s)}`` as exclude rules removing every other value."""
    issues = {i.name: i for i in scenario.issues}
    rules = []
    for name, wanted in raw.items():
        if name not in issues:
            c.bad((*path, name), f"unknown issue '{name}'{did_you_mean(name, issues)}")
            return None
        issue = issues[name]
        values = [issue.value(j) for j in range(issue.size)]
        keep = wanted if isinstance(wanted, list) and (issue.kind != "split" or all(isinstance(w, list) for w in wanted)) else [wanted]
        missing = [w for w in keep if w not in values]
        if missing:
            keys = [issue.key(j) for j in range(issue.size)]
            c.bad(
                (*path, name), f"'{missing[0]}' is not a value of '{name}'{did_you_mean(missing[0], keys) or '; expected ' + one_of(keys)}"
            )
            return None
        others = [v for v in values if v not in keep]
        if others:
            rules.append({name: others})
    return rules


__all__ = ["CompareStudy", "parse"]
