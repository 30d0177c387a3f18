"""Running a study made of points (a sweep or a comparison): every point in turn, its metrics, the spread across points."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from negotiation.experiment.design import FINDINGS_PER_STUDY, Experiment, Study, StudyResult
from negotiation.experiment.metric import Metric
from negotiation.experiment.metrics import Tally
from negotiation.experiment.point import Point, plain
from negotiation.experiment.runner import Runner
from negotiation.scenario.model import Scenario
from negotiation.space import OutcomeSpace

Axes = tuple[tuple[str, tuple[Any, ...]], ...]
"""A sweep's dotted paths and their values (empty for a comparison)."""


def run_points(study: Study, axes: Axes, experiment: Experiment, runner: Runner) -> StudyResult:
    """Run each of the study's points; its summary block, one table row per point x protocol x metric, and its findings.

    Parameters
    ----------
    study : Study
        A study with points.
    axes : tuple
        The swept paths and values; a row's ``x`` and ``y`` are the point's settings of the first two.
    experiment : Experiment
    runner : Runner
    """
    rows: list[dict[str, Any]] = []
    for index, point in enumerate(study.points):
        tally, scenario, space = runner.point(point)
        rows += _rows(study, axes, point, index, tally, scenario, space, experiment.metrics)
    findings = [text for _, text in _effects(study, rows)[:FINDINGS_PER_STUDY]]
    return StudyResult(_block(study, axes, rows), rows, findings)


def _rows(
    study: Study,
    axes: Axes,
    point: Point,
    index: int,
    tally: Tally,
    scenario: Scenario,
    space: OutcomeSpace,
    metrics: tuple[Metric, ...],
) -> list[dict[str, Any]]:
    rows = []
    issues = [i.name for i in scenario.issues]
    proposals = list(scenario.proposals)
    paths = [k for k, _ in axes]
    x = point.settings.get(paths[0]) if paths else None
    y = point.settings.get(paths[1]) if len(paths) > 1 else None
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


def _block(study: Study, axes: Axes, rows: list[dict[str, Any]]) -> dict[str, Any]:
    points = []
    for index, point in enumerate(study.points):
        mine = [r for r in rows if r["index"] == index]
        results: dict[str, dict[str, Any]] = {}
        for r in mine:
            results.setdefault(r["protocol"] or "-", {})[r["metric"]] = r["estimate"].json()
        points.append({"label": point.label, "settings": {k: plain(v) for k, v in point.settings.items()}, "results": results})
    block: dict[str, Any] = {"kind": study.kind, "label": study.label, "points": points}
    if axes:
        block["axes"] = [{"path": k, "values": [plain(v) for v in values]} for k, values in axes]
    return block


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


__all__ = ["Axes", "run_points"]
