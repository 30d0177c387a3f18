"""The report: one self-contained HTML page per results folder (``negotiation report RESULTS_DIR``).

The page says what was assumed (the scenario at a glance, its sources), what
came out (deal rates with intervals, the most likely deals, mean utilities,
who blocks a deal and the slack, proposals, every figure with a caption on how to read it,
the bargaining set of the median draw) and where it came from (the
manifest). Figures are embedded, the style sheet is inline, and a content
security policy forbids the page any request, so it opens anywhere without
a server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from negotiation.engine.scenario import load_scenario
from negotiation.report.experiment import experiment_sections
from negotiation.report.html import page
from negotiation.report.run import run_sections
from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.results.summary_file import Summary, summary_from_dict
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import Scenario

REPORT = "report.html"


class ReportError(Exception):
    """The folder is not a results folder the report can read."""


def _json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"{path.parent}: not a results folder (no {path.name})") from None
    except (OSError, ValueError) as exc:
        raise ReportError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise ReportError(f"{path}: not a JSON object")
    return data


def _summary(path: Path) -> Summary:
    data = _json(path)
    try:
        return summary_from_dict(data)
    except (KeyError, TypeError) as exc:
        raise ReportError(f"{path}: not the summary of a run, an experiment or a stakeholder table (missing {exc})") from None


def _scenario(path: Path) -> Scenario | None:
    if not path.exists():
        return None
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise ReportError(f"{path}: the resolved scenario no longer validates:\n{exc}") from None


def render(folder: Path) -> str:
    """The report of a results folder (a run, an experiment or a stakeholder table) as HTML text."""
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such results folder")
    if (folder / "scores.json").exists() and not (folder / "summary.json").exists():
        raise ReportError(
            f"{folder}: a score folder (negotiation score) has no report page; its scores are in scores.json and scores.csv, "
            "its calibration figure in plots/"
        )
    summary = _summary(folder / "summary.json")
    manifest = _json(folder / "manifest.json")
    scenario = _scenario(folder / "scenario.yaml")
    if isinstance(summary, ExperimentSummary):
        sections = experiment_sections(folder, summary, manifest, scenario)
        title = summary.title or summary.scenario or folder.name
    else:
        sections = run_sections(folder, summary, manifest, scenario)
        title = summary.title or summary.scenario or folder.name
    if summary.kind == "stakeholders":
        lede = f"Report of the stakeholder forecast in {folder.name}."
    else:
        lede = f"Report of the {summary.kind} in {folder.name}: {summary.draws:,} draws"
        lede += f", seed {summary.seed}." if summary.seed is not None else "."
    footer = f"Written by negotiation {manifest.get('versions', {}).get('negotiation', '')} from the files in this folder."
    return page(str(title), lede, sections, footer)


def write_report(folder: str | Path) -> Path:
    """Write ``report.html`` into a results folder (replacing an earlier report); returns its path.

    Raises
    ------
    ReportError
        When the folder is missing or is not a results folder.
    """
    folder = Path(folder)
    text = render(folder)
    path = folder / REPORT
    partial = folder / f".{REPORT}.partial"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return path


__all__ = ["REPORT", "ReportError", "render", "write_report"]
