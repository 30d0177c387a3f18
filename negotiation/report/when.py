"""The report's "When" section of a run with a clock: P(deal by date), the dated questions, the median time to a deal, beliefs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from negotiation.plots.style import percent, percent_interval
from negotiation.report.captions import RUN_FIGURES
from negotiation.report.html import esc, table
from negotiation.report.reading import folder_figure
from negotiation.results.protocol_summary import ProtocolSummary
from negotiation.results.run_summary import RunSummary
from negotiation.results.time_blocks import clock_block, questions_block, timeline_block

FIGURES = ("timeline", "beliefs")
"""The figures this section shows (and the "Figures" section leaves out)."""


def _rated(summary: RunSummary) -> dict[str, ProtocolSummary]:
    return {label: r for label, r in summary.protocols.items() if r.rated}


def median_text(timeline: Any) -> str:
    """The median time to a deal: its date (the last day of the first period by which half the draws agree) or "not by the horizon"."""
    when = timeline.get("median_date") if timeline is not None else None
    return str(when) if when else "not by the horizon"


def questions_table(summary: RunSummary) -> str:
    """One row per question: its name, its date, and per protocol its probability with the 95% interval."""
    protocols = _rated(summary)
    names: dict[str, str] = {}
    for r in protocols.values():
        for name, asked in questions_block(r).items():
            names.setdefault(name, str(asked["by"]))
    if not names:
        return "<p>The scenario asks no dated questions.</p>"
    rows = []
    for name, by in names.items():
        cells = [esc(name), esc(by)]
        for r in protocols.values():
            q = questions_block(r).get(name)
            cells.append(esc(f"{percent(q['probability'])} {percent_interval(q['ci95'])}") if q is not None else "—")
        rows.append(cells)
    header = ["question", "by", *(f"{label} (95% CI)" for label in protocols)]
    return "<p>The dated questions: the share of draws with a deal (on the terms named) by the date.</p>" + table(
        header, rows, numeric=tuple(range(2, 2 + len(protocols)))
    )


def medians_table(summary: RunSummary, horizon: str) -> str:
    """Per protocol: the deal rate by the horizon with its interval and the median time to a deal."""
    rows = []
    for label, r in _rated(summary).items():
        timeline = timeline_block(r)
        if timeline is None:
            continue
        share, ci = timeline["deal_by"][-1], timeline["deal_by_ci95"][-1]
        rows.append([esc(label), esc(f"{percent(share)} {percent_interval(ci)}"), esc(median_text(timeline))])
    return table(["protocol", f"deal by the horizon, {horizon} (95% CI)", "median time to a deal"], rows, numeric=(1,))


def when_section(folder: Path, summary: RunSummary) -> str | None:
    """The "When" section's HTML, or None for a run without a clock."""
    clock = clock_block(summary)
    if clock is None:
        return None
    parts = [
        f"<p>The run is played out period by period: periods of a {esc(clock['period'])} from {esc(clock['start'])} "
        f"to the horizon {esc(clock['horizon'])} ({len(clock['dates'])} periods). A draw agrees at the first talk "
        "where its protocol finds a deal; the median time to a deal is the last day of the first period by which half "
        "of all draws have agreed.</p>",
        medians_table(summary, str(clock["horizon"])),
    ]
    for name in FIGURES[:1]:
        parts.append(folder_figure(folder, name, *RUN_FIGURES[name]))
    parts.append(questions_table(summary))
    for name in FIGURES[1:]:
        parts.append(folder_figure(folder, name, *RUN_FIGURES[name]))
    return "".join(parts)


__all__ = ["FIGURES", "median_text", "medians_table", "questions_table", "when_section"]
