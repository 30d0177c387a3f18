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
from pathlib import Path
from typing import Any

from negotiation.engine.backends import Backend
from negotiation.engine.finite import NonFiniteError
from negotiation.engine.progress import Progress
from negotiation.experiment.design import Experiment
from negotiation.experiment.metrics import Estimate
from negotiation.experiment.point import plain
from negotiation.experiment.runner import Runner
from negotiation.results.folder import staged_folder, timestamp, write_json
from negotiation.results.manifest import digest, manifest
from negotiation.results.output import named, writing
from negotiation.results.resolved import resolved_yaml

TABLE_COLUMNS = ("study", "kind", "point", "x", "y", "protocol", "metric", "value", "ci_low", "ci_high", "draws")
"""Columns of ``table.csv``: one row per point x protocol x metric (and per input x index for sensitivity)."""


def run_experiment(
    experiment: Experiment, meter: Progress | None = None, backend: Backend | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run every study; returns the summary and the table rows."""
    e = experiment
    total = sum(study.cost(e) for study in e.studies)
    meter = meter or Progress(total, enabled=False)
    meter.total = total
    runner = Runner(e, meter, backend)
    clock = time.perf_counter()
    studies: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    findings: list[str] = []
    for study in e.studies:
        try:
            result = study.run(e, runner)
        except NonFiniteError as exc:
            raise exc.within(f"of the experiment's study '{study.name}'") from None
        studies[study.name] = result.block
        rows += result.rows
        findings += result.findings
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
    return "" if v is None else plain(v)


def write_experiment(
    experiment: Experiment,
    destination: Path,
    meter: Progress | None = None,
    command: list[str] | None = None,
    backend: Backend | None = None,
) -> dict[str, Any]:
    """Run an experiment and write its results folder at ``destination``, atomically.

    Raises
    ------
    FileExistsError
        When ``destination`` exists and is not empty.
    FolderBusy
        When another process is writing ``destination``.
    OutputError
        When a file cannot be written (the unfinished folder is removed).
    """
    from negotiation.plots.experiment import save_experiment_figures

    started, clock = timestamp(), time.perf_counter()
    text = Path(experiment.file).read_text(encoding="utf-8")
    with staged_folder(destination) as staging:
        summary, rows = run_experiment(experiment, meter, backend)
        with writing(staging):
            with named(staging / "table.csv"):
                write_table(staging / "table.csv", rows)
            write_json(staging / "summary.json", summary)
            with named(staging / "experiment.yaml"):
                (staging / "experiment.yaml").write_text(text, encoding="utf-8")
            with named(staging / "scenario.yaml"):
                (staging / "scenario.yaml").write_text(resolved_yaml(experiment.scenario), encoding="utf-8")
            with named(staging / "plots"):
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
