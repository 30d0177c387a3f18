"""The expected-utility forecast: every actor's position round by round, with the weighted median and mean.

Bueno de Mesquita (1994), "Political forecasting: an expected utility method";
the predicted outcome is the weighted median (thick line), the weighted mean
(dashed) a second summary of where the group stands.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from negotiation.plots.style import PARTY_COLOURS, PROTOCOL_COLOURS, new_figure, suptitle, wrap

MAX_LABELLED = 12
"""Actors are named at the right end of their lines when there are at most this many."""

MAX_COLUMNS = 3
ACTOR_COLOURS = tuple(c for c in (*PARTY_COLOURS, *PROTOCOL_COLOURS) if c != "#000000")
"""Okabe–Ito then Tol's muted colours, without black (kept for the median): 16 distinct actor colours."""
MEDIAN_COLOUR = "#111111"
MEAN_COLOUR = "#666666"
TITLE = "Expected-utility forecast: positions by round"


def forecasts(summary: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(protocol label, issue name, forecast block) for every forecast in the summary, in order."""
    found = []
    for label, result in summary.get("protocols", {}).items():
        blocks = result.get("forecast") if isinstance(result, dict) else None
        if isinstance(blocks, dict):
            found += [(label, issue, block) for issue, block in blocks.items()]
    return found


def spread_labels(ys: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights near ``ys`` (given in increasing order) at least ``gap`` apart, kept inside [low, high] where they fit."""
    placed = list(ys)
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > high:
        placed[-1] = high
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    if placed and placed[0] < low:
        shift = low - placed[0]
        placed = [y + shift for y in placed]
    return placed


def _label_ends(ax: Axes, rounds: int, finals: dict[str, float], colours: dict[str, str], low: float, high: float) -> None:
    """Name the actors at the right end of their lines; actors that end together share one label."""
    groups: dict[float, list[str]] = {}
    for actor, y in finals.items():
        groups.setdefault(round(float(y), 9), []).append(actor)
    ends = sorted(groups)
    heights = spread_labels(ends, 0.055 * (high - low), low, high)
    for end, height in zip(ends, heights, strict=True):
        names = groups[end]
        colour = colours[names[0]] if len(names) == 1 else MEDIAN_COLOUR
        ax.annotate(
            wrap(", ".join(names), 30),
            xy=(rounds, end),
            xytext=(rounds + 0.25 + 0.03 * rounds, height),
            fontsize=7,
            color=colour,
            va="center",
            annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": "#BBBBBB", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 2},
        )


def _panel(ax: Axes, block: dict[str, Any], title: str) -> None:
    """One issue: thin actor paths, the weighted median and mean, actor names at the right."""
    rounds = int(block["rounds"])
    steps = np.arange(rounds + 1)
    paths = block["positions_by_round"]
    colours = {actor: ACTOR_COLOURS[k % len(ACTOR_COLOURS)] for k, actor in enumerate(paths)}
    for actor, path in paths.items():
        ax.plot(steps, path, color=colours[actor], linewidth=0.9, alpha=0.8)
    ax.plot(steps, block["median_by_round"], color=MEDIAN_COLOUR, linewidth=3.0, zorder=3)
    ax.plot(steps, block["mean_by_round"], color=MEAN_COLOUR, linewidth=2.4, linestyle="--", zorder=3)
    values = [v for path in paths.values() for v in path] + list(block["median_by_round"]) + list(block["mean_by_round"])
    if block.get("scale") == "ordinal":
        options = list(block.get("options", []))
        low, high = -0.3, max(len(options) - 1, 0) + 0.3
        ax.set_yticks(range(len(options)), [wrap(str(o).replace("_", " "), 18) for o in options], fontsize=7)
    else:
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        pad = 0.06 * (hi - lo) if hi > lo else 0.5
        low, high = lo - pad, hi + pad
    ax.set_ylabel(wrap(str(block.get("label", "position")), 30))
    ax.set_ylim(low, high)
    ax.set_xlim(0, max(rounds, 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("round")
    ax.grid(alpha=0.3)
    ax.set_title(wrap(title, 50), fontsize=9, loc="left")
    finals = block.get("final_positions", {})
    if 0 < len(finals) <= MAX_LABELLED:
        _label_ends(ax, rounds, finals, colours, low, high)


def plot_forecast(summary: dict[str, Any]) -> Figure | None:
    """One panel per forecast issue: each actor's position by round (thin lines, named at
    the right end when there are at most 12 actors), the capability × salience weighted
    median (thick line, the forecast) and weighted mean (thick dashed line).
    Returns None when no protocol in the summary holds a forecast."""
    found = forecasts(summary)
    if not found:
        return None
    columns = min(len(found), MAX_COLUMNS)
    rows = math.ceil(len(found) / columns)
    fig = new_figure(1.0 + 5.6 * columns, 1.4 + 3.8 * rows)
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    several = len({label for label, _, _ in found}) > 1
    for ax, (label, issue, block) in zip(axes, found, strict=False):
        name = str(block.get("label", issue))
        _panel(ax, block, f"{label}: {name}" if several else name)
    for ax in axes[len(found) :]:
        ax.set_visible(False)
    keys = [
        Line2D([], [], color=MEDIAN_COLOUR, linewidth=3.0, label="weighted median (forecast)"),
        Line2D([], [], color=MEAN_COLOUR, linewidth=2.4, linestyle="--", label="weighted mean"),
        Line2D([], [], color=ACTOR_COLOURS[0], linewidth=0.9, label="actor positions"),
    ]
    fig.legend(handles=keys, fontsize=8, ncols=3, loc="outside lower center")
    if summary.get("draws") is not None and summary.get("seed") is not None:
        suptitle(fig, TITLE, summary)
    else:
        fig.suptitle(f"{TITLE}\n{summary.get('title', summary.get('scenario', ''))}", fontsize=11)
    return fig
