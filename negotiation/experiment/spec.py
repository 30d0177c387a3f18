"""Reading and checking an experiment file: every problem located by file and line, nothing run.

An experiment names a scenario, the protocols, draws and seed of every point,
the metrics to report, and its studies. Each sweep point and comparison
variant is a set of overrides on the scenario; all of them are loaded and
validated before anything runs, and a problem in a value the experiment sets
is reported at that value's line in the experiment file.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Literal

import numpy as np

from negotiation.engine.scenario import load_scenario
from negotiation.experiment.schema import experiment_schema
from negotiation.scenario.errors import Path, Problem, ScenarioError, did_you_mean, one_of
from negotiation.scenario.model import Scenario, format_number
from negotiation.scenario.structure import structure_problems
from negotiation.scenario.yamlio import Document, read_document, walk
from negotiation.space import OutcomeSpace

StudyKind = Literal["sweep", "compare", "sensitivity", "discovery"]
DEFAULT_SAMPLES = 1024
DEFAULT_MIN_COVERAGE = 0.5
DEFAULT_ALPHA = 0.05
MAX_POINTS = 400
"""Most points one study may have."""


@dataclass(frozen=True)
class Metric:
    """One quantity reported at every point and protocol.

    ``kind`` is deal_rate, mean_utility (of ``party``), issue_share (the share of
    deals where ``issue`` takes option ``option``) or all_accept (of ``proposal``).
    """

    kind: str
    party: str = ""
    issue: str = ""
    option: int = -1
    option_key: str = ""
    proposal: str = ""

    @property
    def label(self) -> str:
        if self.kind == "mean_utility":
            return f"mean_utility[{self.party}]"
        if self.kind == "issue_share":
            return f"issue_share[{self.issue}={self.option_key}]"
        if self.kind == "all_accept":
            return f"all_accept[{self.proposal}]"
        return self.kind

    @property
    def per_protocol(self) -> bool:
        """False for a proposal's acceptance, which no protocol decides."""
        return self.kind != "all_accept"


@dataclass(frozen=True)
class Point:
    """One scenario to run: a file and the overrides (with where the experiment wrote each)."""

    label: str
    scenario: FsPath
    overrides: tuple[tuple[str, Any], ...]
    origins: tuple[tuple[str, int], ...]
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Study:
    """A study and what it needs.

    ``points`` are the sweep's grid (first path varying slowest) or the
    comparison's variants. ``axes`` gives a sweep's paths and values.
    ``ranges`` gives a sensitivity study's inputs given as ranges (empty for
    the scenario's uncertain parameters).
    """

    name: str
    label: str
    kind: StudyKind
    points: tuple[Point, ...] = ()
    axes: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    samples: int = DEFAULT_SAMPLES
    outcome: Any = "deal"
    protocol: str = ""
    draws: int = 0
    min_coverage: float = DEFAULT_MIN_COVERAGE
    alpha: float = DEFAULT_ALPHA


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


def _values(raw: Any) -> list[Any]:
    if isinstance(raw, dict):
        lo, hi = (float(x) for x in raw["range"])
        return [float(x) for x in np.round(np.linspace(lo, hi, int(raw["steps"])), 12)]
    return list(raw)


def _show(value: Any) -> str:
    if isinstance(value, float):
        return format_number(value)
    return str(value)


class _Checker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
        self.problems: list[Problem] = []
        self.folder = FsPath(doc.file).parent
        self.files: dict[FsPath, Scenario] = {}

    def bad(self, path: Path, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def origin(self, path: Path) -> tuple[str, int]:
        return self.doc.where(path)

    def scenario_file(self, raw: Any, path: Path) -> FsPath | None:
        file = (self.folder / str(raw)) if not FsPath(str(raw)).is_absolute() else FsPath(str(raw))
        if not file.is_file():
            self.bad(path, f"no scenario file '{raw}' (looked for {file})")
            return None
        return file

    def load(self, point: Point, path: Path) -> Scenario | None:
        """Load one point's scenario; its problems are reported where they were written."""
        try:
            return load_point(point, self.files)
        except ScenarioError as exc:
            self.problems.extend(exc.problems)
            return None


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


def _metric(c: _Checker, raw: Any, path: Path, scenario: Scenario) -> list[Metric]:
    if raw == "deal_rate":
        return [Metric("deal_rate")]
    if raw == "mean_utility":
        return [Metric("mean_utility", party=p) for p in scenario.party_names]
    key, value = next(iter(raw.items()))
    if key == "mean_utility":
        if value not in scenario.party_names:
            c.bad(
                (*path, key),
                f"unknown party '{value}'{did_you_mean(value, scenario.party_names) or '; expected ' + one_of(scenario.party_names)}",
            )
            return []
        return [Metric("mean_utility", party=value)]
    if key == "all_accept":
        if value not in scenario.proposals:
            names = list(scenario.proposals)
            hint = did_you_mean(value, names) or ("; expected " + one_of(names) if names else "; the scenario has no proposals")
            c.bad((*path, key), f"unknown proposal '{value}'{hint}")
            return []
        return [Metric("all_accept", proposal=value)]
    issue_name, written = next(iter(value.items()))
    issues = {i.name: i for i in scenario.issues}
    if issue_name not in issues:
        c.bad((*path, key, issue_name), f"unknown issue '{issue_name}'{did_you_mean(issue_name, issues)}")
        return []
    issue = issues[issue_name]
    keys = [issue.key(j) for j in range(issue.size)]
    text = (
        "[" + ", ".join(format_number(x) for x in written) + "]"
        if isinstance(written, list)
        else _show(float(written))
        if isinstance(written, int | float) and not isinstance(written, bool)
        else str(written)
    )
    if text not in keys:
        c.bad(
            (*path, key, issue_name),
            f"'{written}' is not a value of '{issue_name}'{did_you_mean(text, keys) or '; expected ' + one_of(keys)}",
        )
        return []
    return [Metric("issue_share", issue=issue_name, option=keys.index(text), option_key=text)]


def _fix(c: _Checker, raw: dict[str, Any], path: Path, scenario: Scenario) -> list[dict[str, Any]] | None:
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


def read_experiment(file: str | FsPath, draws: int | None = None) -> Experiment:
    """Read, check and resolve an experiment file.

    Parameters
    ----------
    file : path
    draws : int, optional
        Override the draws per point (``--draws``).

    Raises
    ------
    ScenarioError
        With every problem found in the experiment file and in the scenarios
        it names, each at its file and line.
    """
    doc = read_document(file)
    structural = structure_problems(doc, experiment_schema, "an experiment")
    if structural or not isinstance(doc.data, dict):
        raise ScenarioError([p for _, p in structural])
    c = _Checker(doc)
    data = c.data
    scenario_path = c.scenario_file(data["scenario"], ("scenario",))
    if scenario_path is None:
        raise ScenarioError(c.problems)
    common: list[tuple[str, Any]] = []
    origins: list[tuple[str, int]] = []
    for key, value in (data.get("set") or {}).items():
        common.append((str(key), value))
        origins.append(c.origin(("set", key)))
    if "protocols" in data:
        common.append(("protocols", data["protocols"]))
        origins.append(c.origin(("protocols",)))
    common.append(("monte_carlo.sampler", "random"))
    origins.append(c.origin(()))
    base = Point("base", scenario_path, tuple(common), tuple(origins))
    scenario = c.load(base, ("scenario",))
    if scenario is None:
        raise ScenarioError(c.problems)
    mc = scenario.monte_carlo
    n = int(draws if draws is not None else data.get("draws", mc.draws))
    seed = int(data.get("seed", mc.seed))
    metrics: list[Metric] = []
    for i, raw in enumerate(data.get("metrics") or ["deal_rate"]):
        metrics += _metric(c, raw, ("metrics", i), scenario)
    labels = [m.label for m in metrics]
    for label in {x for x in labels if labels.count(x) > 1}:
        c.bad(("metrics",), f"metric '{label}' is listed twice")
    studies = [_study(c, name, spec, base, scenario, metrics) for name, spec in data["studies"].items()]
    if c.problems:
        raise ScenarioError(c.problems)
    return Experiment(
        name=str(data["name"]),
        title=str(data.get("title", data["name"])),
        file=doc.file,
        base=base,
        protocols=tuple(spec.label for spec in scenario.protocols),
        draws=n,
        seed=seed,
        metrics=tuple(metrics),
        studies=tuple(s for s in studies if s is not None),
        scenario=scenario,
        document=doc,
    )


def _study(c: _Checker, name: str, spec: dict[str, Any], base: Point, scenario: Scenario, metrics: list[Metric]) -> Study | None:
    path: Path = ("studies", name)
    label = str(spec.get("label", name.replace("_", " ")))
    if "sweep" in spec:
        return _sweep(c, name, label, spec["sweep"], (*path, "sweep"), base, scenario)
    if "compare" in spec:
        return _compare(c, name, label, spec["compare"], (*path, "compare"), base, scenario, metrics)
    if "sensitivity" in spec:
        raw = spec["sensitivity"]
        samples = int(raw.get("samples", DEFAULT_SAMPLES))
        if samples & (samples - 1):
            c.bad(
                (*path, "sensitivity", "samples"),
                f"samples must be a power of two (Saltelli's design), got {samples}; try {1 << samples.bit_length()}",
            )
        ranges: dict[str, tuple[float, float]] = {}
        params = raw.get("parameters", "uncertain")
        if isinstance(params, dict):
            for key, (lo, hi) in params.items():
                where = (*path, "sensitivity", "parameters", key)
                if key not in scenario.parameters or scenario.parameters[key].value is None:
                    c.bad(where, f"'{key}' is not a numeric parameter of the scenario{did_you_mean(key, scenario.parameters)}")
                elif not lo < hi:
                    c.bad(where, f"a range needs lo < hi, got [{lo:g}, {hi:g}]")
                elif lo < scenario.parameters[key].domain.lo or hi > scenario.parameters[key].domain.hi:
                    c.bad(where, f"the range must stay {scenario.parameters[key].domain.describe()}")
                else:
                    ranges[key] = (float(lo), float(hi))
        elif not scenario.uncertain and not scenario.events:
            c.bad((*path, "sensitivity"), "the scenario has no uncertain parameters or events; give parameters: {path: [lo, hi]}")
        return Study(name, label, "sensitivity", ranges=ranges, samples=samples)
    raw = spec["discovery"]
    protocols = [s.label for s in scenario.protocols]
    protocol = str(raw.get("protocol", protocols[0]))
    if protocol not in protocols:
        c.bad(
            (*path, "discovery", "protocol"),
            f"'{protocol}' is not one of the experiment's protocols{did_you_mean(protocol, protocols) or '; expected ' + one_of(protocols)}",
        )
    outcome = raw.get("outcome", "deal")
    if isinstance(outcome, dict):
        found = _metric(c, {"issue_share": outcome}, (*path, "discovery", "outcome"), scenario)
        outcome = found[0] if found else "deal"
    if not scenario.uncertain and not scenario.events:
        c.bad((*path, "discovery"), "the scenario has no uncertain parameters or events to search")
    return Study(
        name,
        label,
        "discovery",
        outcome=outcome,
        protocol=protocol,
        draws=int(raw.get("draws", 0)),
        min_coverage=float(raw.get("min_coverage", DEFAULT_MIN_COVERAGE)),
        alpha=float(raw.get("alpha", DEFAULT_ALPHA)),
    )


def _leaves(scenario: Scenario) -> list[str]:
    """Every dotted path a sweep may set: the numeric parameters and the other leaves of the file (a proposal's terms, say)."""
    found = [p for p, param in scenario.parameters.items() if not param.implicit]
    found += [".".join(map(str, path)) for path, value in walk(scenario.document.data) if not isinstance(value, dict | list)]
    return list(dict.fromkeys(found))


def _sweep(c: _Checker, name: str, label: str, raw: dict[str, Any], path: Path, base: Point, scenario: Scenario) -> Study | None:
    axes = []
    leaves = _leaves(scenario)
    for key, values in raw.items():
        where = (*path, key)
        if key not in scenario.parameters and key not in leaves:
            c.bad(where, f"'{key}' is not a leaf of the scenario{did_you_mean(key, leaves)}")
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
        point_label = ", ".join(f"{k.rsplit('.', 1)[-1]}={_show(v)}" for k, v in settings.items())
        point = Point(point_label, base.scenario, tuple(overrides), tuple(origins), settings)
        if c.load(point, path) is None:
            return None
        points.append(point)
    return Study(name, label, "sweep", points=tuple(points), axes=tuple(axes))


def _compare(
    c: _Checker, name: str, label: str, raw: dict[str, Any], path: Path, base: Point, scenario: Scenario, metrics: list[Metric]
) -> Study | None:
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
    return Study(name, label, "compare", points=tuple(points))


__all__ = ["Experiment", "Metric", "Point", "Study", "load_point", "read_experiment"]
