"""Monte Carlo convergence of the deal rate, with its 95% interval."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import new_figure, percent_axis, protocol_colours, suptitle
from negotiation.results.summary import wilson


def nothing_to_show(summary: dict[str, Any]) -> str | None:
    """Why the figure is not drawn (a run of one draw has no curve to show), or None when it is."""
    return "a run of one draw has no convergence to show" if summary["draws"] < 2 else None


def plot_convergence(summary: dict[str, Any]) -> Figure | None:
    """The running deal rate against the number of draws (log scale), with the
    Wilson 95% interval as a band; the band narrowing shows the estimate settling.
    Returns None for a run of fewer than two draws (:func:`nothing_to_show`)."""
    if nothing_to_show(summary) is not None:
        return None
    colours = protocol_colours(summary)
    marks = np.asarray(summary["convergence"]["draws"])
    fig = new_figure(8, 4.5)
    ax = fig.subplots()
    for label, deals in summary["convergence"]["deals"].items():
        deals = np.asarray(deals)
        rate = deals / marks
        band = np.array([wilson(int(k), int(m)) for k, m in zip(deals, marks, strict=True)])
        ax.fill_between(marks, band[:, 0], band[:, 1], color=colours[label], alpha=0.2, linewidth=0)
        ax.plot(marks, rate, marker="o", markersize=3, color=colours[label], label=f"{label}: {rate[-1]:.1%}")
    ax.set_xscale("log")
    ax.set_xlabel("draws")
    ax.set_ylabel("deal rate so far")
    percent_axis(ax.yaxis)
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, title="protocol (final rate)", title_fontsize=8)
    suptitle(fig, "Convergence of the deal rate (band: Wilson 95% interval)", summary)
    return fig
