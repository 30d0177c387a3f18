"""Running an experiment: every point on common random numbers, then tables, findings and figures.

**Common random numbers.** Every point of every study runs with the same seed
and the ``random`` sampler, whose uniforms for a parameter come from a stream
keyed by (seed, the parameter's dotted path, block of 1,024 draws) alone
(``engine.sampling``). So draw k of every point sees the same value of every
uncertain parameter it shares with the others, and the same events; a sweep
that fixes a parameter only removes that parameter's column; a compared
scenario file shares every parameter with the same dotted path. Differences
between points are then effects, not sampling noise.
"""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.engine.backends import Backend, SerialBackend, Task
from negotiation.engine.chunk import Plan
from negotiation.engine.parameters import uniform_columns
from negotiation.engine.progress import Progress
from negotiation.engine.run import simulate
from negotiation.engine.sampling import UniformSource
from negotiation.experiment.metrics import Estimate, Tally, per_draw
from negotiation.experiment.prim import prim
from negotiation.experiment.prim import to_json as prim_json
from negotiation.experiment.sobol import sobol
from negotiation.experiment.sobol import to_json as sobol_json
from negotiation.experiment.spec import Experiment, Metric, Point, Study, load_point
from negotiation.results.folder import staged_folder, timestamp, write_json
from negotiation.results.manifest import digest, manifest
from negotiation.results.outcome import ChunkOutcome
from negotiation.results.resolved import resolved_yaml
from negotiation.scenario.model import Scenario
from negotiation.space import OutcomeSpace

TABLE_COLUMNS = ("study", "kind", "point", "x", "y", "protocol", "metric", "value", "ci_low", "ci_high", "draws")
"""Columns of ``table.csv``: one row per point x protocol x metric (and per input x index for sensitivity)."""

FINDINGS_PER_STUDY = 3
MATERIAL = 0.05
"""A total Sobol' index below this is not named among an output's drivers."""


class _Offset:
    """A progress meter for one run inside a longer experiment."""

    def __init__(self, meter: Progress, done: int):
        self.meter, self.done = meter, done

    def update(self, done: int) -> None:
        self.meter.update(self.done + done)

    def close(self) -> None:
        """The experiment's meter closes once, at the end."""


class Runner:
    """Runs the points of an experiment, sharing outcome spaces between points that have the same issues."""

    def __init__(self, experiment: Experiment, meter: Progress, backend: Backend | None = None):
        self.experiment = experiment
        self.meter = meter
        self.backend = backend or SerialBackend()
        self.done = 0
        self._spaces: dict[Any, OutcomeSpace] = {}
        self._files: dict[Path, Scenario] = {}
        self.seconds_in_draws = 0.0

    def scenario(self, point: Point, extra: list[tuple[str, Any]] | None = None, draws: int | None = None) -> Scenario:
        e = self.experiment
        more = [("monte_carlo.draws", draws or e.draws), ("monte_carlo.seed", e.seed), *(extra or [])]
        return load_point(point, self._files, more, (e.file, 0))

    def plan(self, scenario: Scenario) -> Plan:
        key = (tuple(i.size for i in scenario.issues), repr(scenario.exclude))
        if key not in self._spaces:
            self._spaces[key] = OutcomeSpace.from_scenario(scenario)
        return Plan.build(scenario, self._spaces[key])

    def run(self, plan: Plan, on_chunk: Callable[[ChunkOutcome], None]) -> dict[str, Any]:
        clock = time.perf_counter()
        builder = simulate(plan, on_chunk=on_chunk, progress=_Offset(self.meter, self.done), backend=self.backend)  # type: ignore[arg-type]
        self.seconds_in_draws += time.perf_counter() - clock
        self.done += plan.scenario.monte_carlo.draws
        return builder.summary()

    def point(self, point: Point) -> tuple[Tally, Scenario, OutcomeSpace]:
        scenario = self.scenario(point)
        plan = self.plan(scenario)
        tally = Tally(len(scenario.parties))
        self.run(plan, lambda chunk: tally.add(chunk, plan.space))
        return tally, scenario, plan.space


def _rows(
    study: Study, point: Point, index: int, tally: Tally, scenario: Scenario, space: OutcomeSpace, metrics: tuple[Metric, ...]
) -> list[dict[str, Any]]:
    rows = []
    issues = [i.name for i in scenario.issues]
    proposals = list(scenario.proposals)
    axes = [k for k, _ in study.axes]
    x = point.settings.get(axes[0]) if axes else None
    y = point.settings.get(axes[1]) if len(axes) > 1 else None
    for label in [s.label for s in scenario.protocols]:
        for metric in metrics:
            if not metric.per_protocol and label != scenario.protocols[0].label:
                continue
            est = tally.estimate(metric, label, scenario.party_names, space, issues, proposals)
            rows.append(
                {
                    "study": study.name,
                    "kind": study.kind,
                    "point": point.label,
                    "index": index,
                    "x": x,
                    "y": y,
                    "protocol": label if metric.per_protocol else "",
                    "metric": metric.label,
                    "estimate": est,
                    "draws": tally.draws,
                }
            )
    return rows


def _points_block(study: Study, rows: list[dict[str, Any]]) -> dict[str, Any]:
    points = []
    for index, point in enumerate(study.points):
        mine = [r for r in rows if r["index"] == index]
        results: dict[str, dict[str, Any]] = {}
        for r in mine:
            results.setdefault(r["protocol"] or "-", {})[r["metric"]] = r["estimate"].json()
        points.append({"label": point.label, "settings": {k: _plain(v) for k, v in point.settings.items()}, "results": results})
    block: dict[str, Any] = {"kind": study.kind, "label": study.label, "points": points}
    if study.axes:
        block["axes"] = [{"path": k, "values": [_plain(v) for v in values]} for k, values in study.axes]
    return block


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    return v


def _effects(study: Study, rows: list[dict[str, Any]]) -> list[tuple[float, str]]:
    """The spread of each metric across the study's points, scored by the typical interval's half-width."""
    found = []
    keys = sorted({(r["protocol"], r["metric"]) for r in rows})
    for protocol, metric in keys:
        mine = [r for r in rows if (r["protocol"], r["metric"]) == (protocol, metric) and not math.isnan(r["estimate"].value)]
        if len(mine) < 2:
            continue
        lo = min(mine, key=lambda r: r["estimate"].value)
        hi = max(mine, key=lambda r: r["estimate"].value)
        spread = hi["estimate"].value - lo["estimate"].value
        if spread == 0:
            continue
        half = float(np.median([(r["estimate"].high - r["estimate"].low) / 2 for r in mine])) or 1e-12
        who = f" ({protocol})" if protocol else ""
        text = (
            f"{study.label}: {metric}{who} runs from {_fmt(metric, lo['estimate'].value)} at {lo['point']} "
            f"to {_fmt(metric, hi['estimate'].value)} at {hi['point']}"
        )
        if spread <= 2 * half:
            text += " (within the 95% intervals: no clear effect)"
        found.append((spread / half, text))
    return sorted(found, reverse=True)


def _fmt(metric: str, value: float) -> str:
    if metric.startswith("mean_utility"):
        return f"{value:.3f}"
    return f"{100 * value:.1f}%"


def _sensitivity(runner: Runner, study: Study, metrics: tuple[Metric, ...]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    e = runner.experiment
    extra = [(path, {"uniform": [lo, hi]}) for path, (lo, hi) in study.ranges.items()]
    scenario = runner.scenario(e.base, extra)
    plan = runner.plan(scenario)
    columns = uniform_columns(scenario)
    inputs = [p.path for p in scenario.uncertain] + [f"events.{ev.name}" for ev in scenario.events]
    labels = [s.label for s in scenario.protocols]
    outputs = []
    for label in labels:
        for metric in metrics:
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

    result = sobol(model, inputs, names, study.samples, e.seed)
    block = {"kind": "sensitivity", "label": study.label, **sobol_json(result)}
    rows = []
    findings = []
    for k, name in enumerate(names):
        if result.constant[k]:
            findings.append(f"{study.label}: {name} does not vary over the inputs, so it has no Sobol' indices")
            continue
        ranked = sorted(range(len(inputs)), key=lambda j: -np.nan_to_num(result.total[k][j].value))
        for j in range(len(inputs)):
            for order, index in (("S1", result.first[k][j]), ("ST", result.total[k][j])):
                rows.append(
                    {
                        "study": study.name,
                        "kind": "sensitivity",
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
        top = ", ".join(f"{inputs[j]} (total {result.total[k][j].value:.2f}, first order {result.first[k][j].value:.2f})" for j in strong)
        rest = sum(1 for j in ranked if result.total[k][j].value >= MATERIAL) - len(strong)
        more = f"; {rest} more inputs have a total index of {MATERIAL:g} or more" if rest > 0 else ""
        findings.append(f"{study.label}: {name} depends most on {top}{more}")
    return block, rows, findings


def _discovery(runner: Runner, study: Study) -> tuple[dict[str, Any], list[str]]:
    e = runner.experiment
    scenario = runner.scenario(e.base, draws=study.draws or e.draws)
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
        draws = chunk.protocols[study.protocol]
        if study.outcome == "deal":
            ys.append(draws.deal)
        elif study.outcome == "no_deal":
            ys.append(~draws.deal)
        else:
            metric: Metric = study.outcome
            ys.append(per_draw(metric, study.protocol, chunk, scenario.party_names, plan.space, issues, []) > 0)

    runner.run(plan, collect)
    x, y = np.vstack(xs), np.concatenate(ys)
    outcome = study.outcome if isinstance(study.outcome, str) else f"deal with {study.outcome.issue}={study.outcome.option_key}"
    what = f"{outcome.replace('_', ' ')} under {study.protocol}"
    block: dict[str, Any] = {"kind": "discovery", "label": study.label, "outcome": what, "inputs": inputs, "draws": len(y)}
    if not y.any() or y.all():
        block["note"] = f"{what} happens in {'every' if y.all() else 'no'} draw: nothing to discover"
        return block, [f"{study.label}: {block['note']}"]
    result = prim(x, y, inputs, alpha=study.alpha, min_coverage=study.min_coverage)
    block.update(prim_json(result))
    box = block["box"]
    limits = "; ".join(f"{lim['name']} in [{lim['lo']:.3g}, {lim['hi']:.3g}]" for lim in box["limits"]) or "no restriction"
    finding = (
        f"{study.label}: {what} has probability {100 * box['density']:.0f}% (against {100 * block['base_rate']:.0f}% overall) "
        f"when {limits}; the box holds {100 * box['coverage']:.0f}% of such draws"
    )
    return block, [finding]


def run_experiment(
    experiment: Experiment, meter: Progress | None = None, backend: Backend | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run every study; returns the summary and the table rows."""
    e = experiment
    total = 0
    for study in e.studies:
        if study.kind in ("sweep", "compare"):
            total += len(study.points) * e.draws
        elif study.kind == "sensitivity":
            d = (
                len(e.scenario.uncertain)
                + len(e.scenario.events)
                + len([p for p in study.ranges if not e.scenario.parameters[p].uncertain])
            )
            total += study.samples * (d + 2)
        else:
            total += study.draws or e.draws
    meter = meter or Progress(total, enabled=False)
    meter.total = total
    runner = Runner(e, meter, backend)
    clock = time.perf_counter()
    studies: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    findings: list[str] = []
    for study in e.studies:
        if study.kind in ("sweep", "compare"):
            mine: list[dict[str, Any]] = []
            for index, point in enumerate(study.points):
                tally, scenario, space = runner.point(point)
                mine += _rows(study, point, index, tally, scenario, space, e.metrics)
            studies[study.name] = _points_block(study, mine)
            rows += mine
            findings += [text for _, text in _effects(study, mine)[:FINDINGS_PER_STUDY]]
        elif study.kind == "sensitivity":
            block, mine, found = _sensitivity(runner, study, e.metrics)
            studies[study.name] = block
            rows += mine
            findings += found[: 2 * FINDINGS_PER_STUDY]
        else:
            block, found = _discovery(runner, study)
            studies[study.name] = block
            findings += found
    meter.close()
    elapsed = time.perf_counter() - clock
    summary = {
        "experiment": e.name,
        "title": e.title,
        "scenario": e.scenario.name,
        "draws": e.draws,
        "seed": e.seed,
        "protocols": list(e.protocols),
        "metrics": [m.label for m in e.metrics],
        "common_random_numbers": "every point uses the same seed and the random sampler: each uncertain parameter's draws are keyed by its dotted path",
        "studies": studies,
        "findings": findings,
        "timing": {"seconds": round(elapsed, 3), "seconds_in_draws": round(runner.seconds_in_draws, 3)},
    }
    return summary, rows


def write_table(path: Path, rows: list[dict[str, Any]]) -> None:
    """``table.csv``: the tidy table."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(TABLE_COLUMNS)
        for r in rows:
            est: Estimate = r["estimate"]
            values = [None if math.isnan(v) else round(v, 9) for v in (est.value, est.low, est.high)]
            writer.writerow(
                [r["study"], r["kind"], r["point"], _cell(r["x"]), _cell(r["y"]), r["protocol"], r["metric"], *values, r["draws"]]
            )


def _cell(v: Any) -> Any:
    return "" if v is None else _plain(v)


def write_experiment(
    experiment: Experiment,
    destination: Path,
    meter: Progress | None = None,
    command: list[str] | None = None,
    backend: Backend | None = None,
) -> dict[str, Any]:
    """Run an experiment and write its results folder at ``destination``, atomically."""
    from negotiation.plots.experiment import save_experiment_figures

    started, clock = timestamp(), time.perf_counter()
    text = Path(experiment.file).read_text(encoding="utf-8")
    with staged_folder(destination) as staging:
        summary, rows = run_experiment(experiment, meter, backend)
        write_table(staging / "table.csv", rows)
        write_json(staging / "summary.json", summary)
        (staging / "experiment.yaml").write_text(text, encoding="utf-8")
        (staging / "scenario.yaml").write_text(resolved_yaml(experiment.scenario), encoding="utf-8")
        save_experiment_figures(summary, staging / "plots")
        write_json(
            staging / "manifest.json",
            manifest(
                scenario_name=experiment.name,
                scenario_file=experiment.file,
                scenario_hash=digest(text),
                seed=experiment.seed,
                draws=experiment.draws,
                sampler="random",
                chunk=experiment.scenario.monte_carlo.chunk,
                protocols=list(experiment.protocols),
                started=started,
                wall_time=time.perf_counter() - clock,
                command=command,
            ),
        )
    return summary


__all__ = ["TABLE_COLUMNS", "run_experiment", "write_experiment", "write_table"]
