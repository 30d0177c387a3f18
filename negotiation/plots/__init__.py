"""Figures from a run's summary. Each function takes the summary dict and returns a
``matplotlib.figure.Figure`` (or None when it does not apply); none shows or saves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from negotiation.plots import convergence, issues
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
from negotiation.results.files import write_file

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

TOO_FEW: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "issues": issues.nothing_to_show,
    "convergence": convergence.nothing_to_show,
}
"""Figure name -> why a run has too few draws or deals for it (None when it has enough). Figures that
do not apply to a scenario at all (the protocol comparison with one protocol, ...) are not listed."""

NOT_DRAWN = "not-drawn.txt"
"""The file under ``plots/`` naming each figure left out for too few draws or deals, and why."""


def not_drawn(summary: dict[str, Any]) -> dict[str, str]:
    """Figure name -> why it is left out of this run for too few draws or deals (:data:`TOO_FEW`)."""
    reasons = {name: why(summary) for name, why in TOO_FEW.items() if name in FIGURES}
    return {name: reason for name, reason in reasons.items() if reason is not None}


def save_figures(summary: dict[str, Any], folder: Path) -> list[Path]:
    """Write every applicable figure as ``folder/<name>.png`` and ``.svg``; returns the PNG files written.

    A figure with nothing to show for want of draws or deals (:func:`not_drawn`) is
    not drawn as empty panels: ``folder/not-drawn.txt`` names it, one line each.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in FIGURES.items():
        fig = make(summary)
        if fig is not None:
            written.append(save(fig, folder, name))
    missing = not_drawn(summary)
    if missing:
        text = "".join(f"{name}.png not drawn: {reason}\n" for name, reason in missing.items())
        root, inside = (folder.parent, f"{folder.name}/") if folder.name not in ("", ".", "..") else (folder, "")
        write_file(root, f"{inside}{NOT_DRAWN}", text.encode("utf-8"))
    return written


__all__ = [
    "FIGURES",
    "NOT_DRAWN",
    "not_drawn",
    "plot_beliefs",
    "plot_convergence",
    "plot_issues",
    "plot_outcomes",
    "plot_proposals",
    "plot_timeline",
    "plot_utilities",
    "save_figures",
]
