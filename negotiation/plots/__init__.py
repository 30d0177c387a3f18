"""Figures from a run's summary. Each function takes the summary dict and returns a
``matplotlib.figure.Figure`` (or None when it does not apply); none shows or saves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from negotiation.plots.bdm import plot_forecast
from negotiation.plots.beliefs import plot_beliefs
from negotiation.plots.convergence import plot_convergence
from negotiation.plots.issues import plot_issues
from negotiation.plots.outcomes import plot_outcomes
from negotiation.plots.proposals import plot_proposals
from negotiation.plots.protocols import plot_protocols
from negotiation.plots.ratification import plot_ratification
from negotiation.plots.style import save
from negotiation.plots.summit import plot_summit_concessions, plot_summit_phases, plot_summit_rounds
from negotiation.plots.timeline import plot_timeline
from negotiation.plots.utilities import plot_utilities

FIGURES: dict[str, Callable[[dict[str, Any]], Figure | None]] = {
    "outcomes": plot_outcomes,
    "issues": plot_issues,
    "utilities": plot_utilities,
    "proposals": plot_proposals,
    "convergence": plot_convergence,
    "protocols": plot_protocols,
    "ratification": plot_ratification,
    "summit_concessions": plot_summit_concessions,
    "summit_rounds": plot_summit_rounds,
    "summit_phases": plot_summit_phases,
    "forecast": plot_forecast,
    "timeline": plot_timeline,
    "beliefs": plot_beliefs,
}
"""Figure name (the file name under ``plots/``) -> plot function."""


def save_figures(summary: dict[str, Any], folder: Path) -> list[Path]:
    """Write every applicable figure as ``folder/<name>.png`` and ``.svg``; returns the PNG files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FIGURES.items():
        fig = make(summary)
        if fig is not None:
            written.append(save(fig, folder, name))
    return written


__all__ = [
    "FIGURES",
    "plot_beliefs",
    "plot_convergence",
    "plot_issues",
    "plot_outcomes",
    "plot_proposals",
    "plot_timeline",
    "plot_utilities",
    "save_figures",
]
