"""The bargaining set of one draw in utility space, party against party."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from matplotlib.figure import Figure
from numpy.typing import NDArray

from negotiation.plots.style import NO_DEAL_COLOUR, new_figure

NASH_COLOUR = "#332288"
KS_COLOUR = "#CC6677"
ACCEPTABLE_COLOUR = "#88CCEE"
PARETO_COLOUR = "#117733"


def _envelope(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The upper-right staircase of points (x, y): the two-party frontier of a projection."""
    order = np.lexsort((-y, -x))
    best = np.maximum.accumulate(y[order])
    first = np.r_[True, best[1:] > best[:-1]]
    xs, ys = x[order][first], best[first]
    return np.repeat(xs, 2)[1:], np.repeat(ys, 2)[:-1]


def plot_frontier(
    parties: tuple[str, ...],
    utility: NDArray[np.float64],
    disagreement: NDArray[np.float64],
    ratifiable: NDArray[np.bool_],
    acceptable: NDArray[np.bool_],
    pareto: NDArray[np.bool_],
    nash: int,
    kalai_smorodinsky: int,
    title: str = "",
) -> Figure:
    """Pairwise projections of every package's utilities for one draw.

    Parameters
    ----------
    parties : tuple of str, length k >= 2
    utility : ndarray, shape (packages, k)
    disagreement : ndarray, shape (k,)
        The no-deal point, drawn as a cross with dotted lines through it.
    ratifiable, acceptable, pareto : ndarray of bool, shape (packages,)
        Ratifiable packages; those also individually rational; the Pareto-optimal ones among those.
    nash, kalai_smorodinsky : int
        Package indices of the two solutions, or -1 for none.

    Returns
    -------
    Figure
        One panel per pair of parties (1 for two parties, 3 for three, 6 for four), each with the
        staircase frontier of the acceptable packages' projection.
    """
    pairs = list(combinations(range(len(parties)), 2))
    cols = min(3, len(pairs))
    rows = -(-len(pairs) // cols)
    fig = new_figure(3.6 * cols, 3.5 * rows + 0.6)
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax in axes.flat[len(pairs) :]:
        ax.set_visible(False)
    other = ratifiable & ~acceptable
    for ax, (i, j) in zip(axes.flat, pairs, strict=False):
        u = utility
        ax.scatter(
            u[~ratifiable, i], u[~ratifiable, j], s=3, color=NO_DEAL_COLOUR, alpha=0.25, lw=0, rasterized=True, label="not ratifiable"
        )
        ax.scatter(
            u[other, i], u[other, j], s=3, color="#555555", alpha=0.35, lw=0, rasterized=True, label="ratifiable, below a reservation value"
        )
        ax.scatter(
            u[acceptable, i],
            u[acceptable, j],
            s=4,
            color=ACCEPTABLE_COLOUR,
            alpha=0.6,
            lw=0,
            rasterized=True,
            label="acceptable to every party",
        )
        ax.scatter(u[pareto, i], u[pareto, j], s=10, color=PARETO_COLOUR, lw=0, label="Pareto-optimal (all parties)")
        if acceptable.any():
            ax.plot(*_envelope(u[acceptable, i], u[acceptable, j]), color=PARETO_COLOUR, lw=1, label="frontier of this projection")
        ax.axvline(disagreement[i], color="black", lw=0.8, ls=":")
        ax.axhline(disagreement[j], color="black", lw=0.8, ls=":")
        ax.scatter([disagreement[i]], [disagreement[j]], marker="X", s=70, color="black", zorder=5, label="no deal (reservation values)")
        if nash >= 0:
            ax.scatter([u[nash, i]], [u[nash, j]], marker="*", s=200, color=NASH_COLOUR, edgecolor="white", zorder=6, label="Nash")
        if kalai_smorodinsky >= 0:
            ax.scatter(
                [u[kalai_smorodinsky, i]],
                [u[kalai_smorodinsky, j]],
                marker="D",
                s=60,
                color=KS_COLOUR,
                edgecolor="white",
                zorder=6,
                label="Kalai–Smorodinsky",
            )
        ax.set_xlabel(f"utility of {parties[i]}")
        ax.set_ylabel(f"utility of {parties[j]}")
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
        ax.grid(alpha=0.3)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)), fontsize="small", markerscale=1.5, frameon=False)
    fig.suptitle(title or "Bargaining set of the median draw")
    return fig


__all__ = ["plot_frontier"]
