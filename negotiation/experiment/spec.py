"""Reading and checking an experiment file: every problem located by file and line, nothing run.

An experiment names a scenario, the protocols, draws and seed of every point,
the metrics to report, and its studies. Each sweep point and comparison
variant is a set of overrides on the scenario; all of them are loaded and
validated before anything runs, and a problem in a value the experiment sets
is reported at that value's line in the experiment file.

Each study is checked by the ``parse`` of its kind
(:mod:`negotiation.experiment.studies`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path as FsPath
from typing import Any

from negotiation.experiment.checker import Checker
from negotiation.experiment.design import Experiment, Study
from negotiation.experiment.metric import Metric, parse_metric
from negotiation.experiment.point import Point, load_point
from negotiation.experiment.schema import experiment_schema
from negotiation.experiment.studies import KINDS
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.limits import DRAWS_BEYOND, MAX_DRAWS, MAX_EXPERIMENT_DRAWS, MAX_HELD_DRAWS, count
from negotiation.scenario.model import Scenario
from negotiation.scenario.overrides import Override
from negotiation.scenario.structure import structure_problems
from negotiation.scenario.yamlio import read_document


def read_experiment(
    file: str | FsPath,
    draws: int | None = None,
    seed: int | None = None,
    overrides: Sequence[Override] = (),
    origins_given: Sequence[tuple[str, int]] | None = None,
) -> Experiment:
    """Read, check and resolve an experiment file.

    Parameters
    ----------
    file : path
    draws : int, optional
        Override the draws per point (``--draws``).
    seed : int, optional
        Override the root seed of every point (``--seed``).
    overrides : sequence of "PATH=VALUE" or (PATH, value), optional
        Set on the scenario at every point (``--set``), after the file's own
        ``set`` and ``protocols`` and before each study's settings, so a sweep
        still varies the path it sweeps.
    origins_given : sequence of (file, line), optional
        Where each override was written, for messages (default ``--set:N``).

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
    c = Checker(doc)
    data = c.data
    scenario_path = c.scenario_file(data["scenario"], ("scenario",))
    if scenario_path is None:
        raise ScenarioError(c.problems)
    common: list[Override] = []
    origins: list[tuple[str, int]] = []
    for key, value in (data.get("set") or {}).items():
        common.append((str(key), value))
        origins.append(c.origin(("set", key)))
    if "protocols" in data:
        common.append(("protocols", data["protocols"]))
        origins.append(c.origin(("protocols",)))
    common += list(overrides)
    origins += list(origins_given if origins_given is not None else [("--set", n) for n in range(1, len(overrides) + 1)])
    common.append(("monte_carlo.sampler", "random"))
    origins.append(c.origin(()))
    base = Point("base", scenario_path, tuple(common), tuple(origins))
    scenario = c.load(base, ("scenario",))
    if scenario is None:
        raise ScenarioError(c.problems)
    mc = scenario.monte_carlo
    n = int(draws if draws is not None else data.get("draws", mc.draws))
    seed = int(seed if seed is not None else data.get("seed", mc.seed))
    metrics: list[Metric] = []
    for i, raw in enumerate(data.get("metrics") or ["deal_rate"]):
        metrics += parse_metric(c, raw, ("metrics", i), scenario)
    labels = [m.label for m in metrics]
    for label in {x for x in labels if labels.count(x) > 1}:
        c.bad(("metrics",), f"metric '{label}' is listed twice")
    studies = [_study(c, name, spec, base, scenario, metrics) for name, spec in data["studies"].items()]
    if draws is not None and not 1 <= draws <= MAX_DRAWS:
        c.bad(("draws",), f"--draws must be from 1 to {count(MAX_DRAWS)}, got {draws:,}{DRAWS_BEYOND}")
    if c.problems:
        raise ScenarioError(c.problems)
    experiment = Experiment(
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
    for study in experiment.studies:
        if study.kind == "discovery" and study.cost(experiment) > MAX_HELD_DRAWS:  # its draws default to the experiment's
            c.bad(
                ("studies", study.name, "discovery"),
                f"the study searches the experiment's {experiment.draws:,} draws, more than the limit of {count(MAX_HELD_DRAWS)} "
                "(it keeps every draw in memory); give it fewer: draws: N",
            )
    total = sum(study.cost(experiment) for study in experiment.studies)
    if c.problems:
        raise ScenarioError(c.problems)
    if total > MAX_EXPERIMENT_DRAWS:
        c.bad(
            ("studies",),
            f"the studies need {total:,} model runs in all ({experiment.draws:,} draws per point), more than the limit of "
            f"{count(MAX_EXPERIMENT_DRAWS)} for one experiment; use fewer draws or points, or split the studies into several experiments",
        )
        raise ScenarioError(c.problems)
    return experiment


def _study(c: Checker, name: str, spec: dict[str, Any], base: Point, scenario: Scenario, metrics: list[Metric]) -> Study | None:
    """The study ``studies.<name>`` of the kind it names (the schema admits exactly one)."""
    label = str(spec.get("label", name.replace("_", " ")))
    kind = next(k for k in KINDS if k in spec)
    return KINDS[kind](c, name, label, spec[kind], ("studies", name, kind), base, scenario, metrics)


__all__ = ["Experiment", "Metric", "Point", "Study", "load_point", "read_experiment"]
