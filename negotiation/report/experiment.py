"""The report of an experiment: its findings, and per study the figure and the table."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from negotiation.report.captions import STUDY_CAPTIONS
from negotiation.report.html import esc, table
from negotiation.report.provenance import provenance_section
from negotiation.report.reading import folder_figure, read_table
from negotiation.report.scenario import scenario_section, sources_section
from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.scenario.model import Scenario


def _number(text: str) -> str:
    """A table cell as written in ``table.csv``, numbers rounded to four significant digits."""
    try:
        value = float(text)
    except ValueError:
        return esc(text)
    return esc(f"{value:.4g}")


def study_table(rows: list[dict[str, str]]) -> str:
    """The study's rows of ``table.csv``: one per point, protocol and metric (or input and index)."""
    if not rows:
        return ""
    columns = [c for c in ("point", "x", "y", "protocol", "metric", "value", "ci_low", "ci_high", "draws") if any(r.get(c) for r in rows)]
    numeric = [j for j, c in enumerate(columns) if c in ("x", "y", "value", "ci_low", "ci_high", "draws")]
    body = [[_number(r.get(c, "")) if j in numeric else esc(r.get(c, "")) for j, c in enumerate(columns)] for r in rows]
    return f"<details><summary>The table ({len(rows)} rows of <code>table.csv</code>)</summary>{table(columns, body, numeric)}</details>"


def study_caption(block: Mapping[str, Any]) -> str:
    kind = block["kind"]
    if kind == "sweep" and len(block.get("axes", [])) == 2:
        kind = "sweep2"
    return STUDY_CAPTIONS.get(kind, "")


def studies_section(folder: Path, summary: ExperimentSummary) -> str:
    rows = read_table(folder)
    parts = []
    for name, block in summary.studies.items():
        parts.append(f"<h3>{esc(block['label'])} <small>(<code>{esc(name)}</code>, {esc(block['kind'])})</small></h3>")
        findings = [f for f in summary.findings if f.startswith(f"{block['label']}:")]
        if findings:
            parts.append('<ul class="findings">' + "".join(f"<li>{esc(f)}</li>" for f in findings) + "</ul>")
        parts.append(folder_figure(folder, name, block["label"], study_caption(block)))
        parts.append(study_table([r for r in rows if r.get("study") == name]))
    return "".join(parts)


def overview_section(summary: ExperimentSummary) -> str:
    facts = [
        ["base scenario", f"<code>{esc(summary.scenario)}</code>"],
        ["draws per point", f"{summary.draws:,}"],
        ["seed", esc(summary.seed)],
        ["protocols", esc(", ".join(summary.protocols))],
        ["metrics", esc(", ".join(summary.metrics))],
        ["common random numbers", esc(summary.common_random_numbers)],
    ]
    listed = '<ul class="findings">' + "".join(f"<li>{esc(f)}</li>" for f in summary.findings) + "</ul>" if summary.findings else ""
    return table(["", ""], facts) + ("<h3>Findings</h3>" + listed if listed else "")


def experiment_sections(
    folder: Path, summary: ExperimentSummary, manifest: dict[str, Any], scenario: Scenario | None
) -> list[tuple[str, str, str]]:
    """The sections of an experiment's report, as (id, heading, html)."""
    sections = [("overview", "Overview", overview_section(summary)), ("studies", "Studies", studies_section(folder, summary))]
    if scenario is not None:
        sections.append(("scenario", "Base scenario", scenario_section(scenario, None)))
        sections.append(("sources", "Sources", sources_section(scenario)))
    sections.append(("provenance", "Provenance", provenance_section(manifest)))
    return sections


__all__ = ["experiment_sections"]
