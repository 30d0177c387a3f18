"""Figures of an experiment, one per study: sweeps, comparisons, sensitivity, discovery."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.discovery import dotted, plot_discovery
from negotiation.plots.sensitivity import plot_sensitivity
from negotiation.plots.style import PROTOCOL_COLOURS, counted, new_figure, percent_axis, save, wrap

NEUTRAL = "#777777"
LEAST_SPAN = 0.2
"""The least range of a utility axis (or colour scale): a smaller change is drawn on a range this wide,
centred on it, rather than stretched over the panel's height. Shares always span 0 to 100%."""


def spread(low: float, high: float, least: float = LEAST_SPAN) -> tuple[float, float]:
    """The range ``[low, high]`` widened about its centre to at least ``least`` (unchanged when wider).

    Parameters
    ----------
    low, high : float
        The data's range (NaN where there is none).
    least : float, optional
        The least width of the result.

    Returns
    -------
    tuple of float
        ``(low, high)``, ``high - low >= least``; ``(0, least)`` when the data have no finite range.
    """
    if not (np.isfinite(low) and np.isfinite(high)):
        return 0.0, least
    if high - low >= least:
        return low, high
    centre = (low + high) / 2
    return centre - least / 2, centre + least / 2


def _series(block: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(protocols, metrics) in the order the points report them."""
    protocols: list[str] = []
    metrics: list[str] = []
    for point in block["points"]:
        for protocol, results in point["results"].items():
            if protocol not in protocols:
                protocols.append(protocol)
            for metric in results:
                if metric not in metrics:
                    metrics.append(metric)
    return protocols, metrics


def _colour(protocols: list[str], protocol: str) -> str:
    return NEUTRAL if protocol == "-" else PROTOCOL_COLOURS[protocols.index(protocol) % len(PROTOCOL_COLOURS)]


def _value(point: dict[str, Any], protocol: str, metric: str) -> tuple[float, float, float]:
    got = point["results"].get(protocol, {}).get(metric)
    if got is None or got["value"] is None:
        return np.nan, np.nan, np.nan
    return float(got["value"]), float(got["ci"][0]), float(got["ci"][1])


def _is_share(metric: str) -> bool:
    return not metric.startswith("mean_utility")


def _ylabel(metric: str, band: str) -> str:
    if metric.startswith("mean_utility"):
        return f"mean utility ({band}; axis at least {LEAST_SPAN:g} high)"
    if metric.startswith("issue_share"):
        return f"share of deals ({band})"
    return f"share of draws ({band})"


def _grid(n: int) -> tuple[int, int]:
    cols = min(n, 3)
    return (n + cols - 1) // cols, cols


def plot_sweep(block: dict[str, Any], title: str) -> Figure:
    """A 1-D sweep: per metric, the value at each point with its 95% band, one line per protocol."""
    protocols, metrics = _series(block)
    axis = block["axes"][0]
    xs = np.array(axis["values"], dtype=float)
    rows, cols = _grid(len(metrics))
    fig = new_figure(4.2 * cols, 1.2 + 3.2 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, metric in zip(axes, metrics, strict=False):
        for protocol in protocols:
            values = np.array([_value(p, protocol, metric) for p in block["points"]])
            if np.all(np.isnan(values[:, 0])):
                continue
            colour = _colour(protocols, protocol)
            ax.fill_between(xs, values[:, 1], values[:, 2], color=colour, alpha=0.2, lw=0)
            ax.plot(xs, values[:, 0], marker="o", ms=3, color=colour, label=protocol if protocol != "-" else "(no protocol)")
        ax.set_title(wrap(metric, 40), loc="left", fontsize=9)
        ax.set_xlabel(dotted(axis["path"], 44), fontsize=8)
        ax.set_ylabel(_ylabel(metric, "95% band"), fontsize=8)
        if _is_share(metric):
            ax.set_ylim(-0.02, 1.02)
            percent_axis(ax.yaxis)
        else:
            low, high = ax.get_ylim()
            ax.set_ylim(*spread(low, high))
        ax.legend(fontsize=7)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=11)
    return fig


def plot_heatmaps(block: dict[str, Any], title: str) -> Figure:
    """A 2-D sweep: one heatmap per metric and protocol, each cell annotated with its value."""
    protocols, metrics = _series(block)
    (xa, ya) = block["axes"]
    xs, ys = xa["values"], ya["values"]
    panels = [(m, p) for m in metrics for p in protocols if any(not np.isnan(_value(pt, p, m)[0]) for pt in block["points"])]
    rows, cols = _grid(len(panels))
    fig = new_figure(1.6 + 0.7 * len(ys) * cols + 1.0 * cols, 1.4 + (0.5 * len(xs) + 1.2) * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax, (metric, protocol) in zip(axes, panels, strict=False):
        grid = np.full((len(xs), len(ys)), np.nan)
        for k, point in enumerate(block["points"]):
            grid[k // len(ys), k % len(ys)] = _value(point, protocol, metric)[0]
        share = _is_share(metric)
        vmin, vmax = (0.0, 1.0) if share else spread(float(np.nanmin(grid)), float(np.nanmax(grid)))
        image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis", vmin=vmin, vmax=vmax)
        for i in range(len(xs)):
            for j in range(len(ys)):
                if not np.isnan(grid[i, j]):
                    text = f"{100 * grid[i, j]:.0f}%" if share else f"{grid[i, j]:.2f}"
                    ax.text(j, i, text, ha="center", va="center", fontsize=7, color="white" if grid[i, j] < np.nanmean(grid) else "black")
        ax.set_xticks(range(len(ys)), [f"{v:g}" if isinstance(v, float | int) else str(v) for v in ys], fontsize=7)
        ax.set_yticks(range(len(xs)), [f"{v:g}" if isinstance(v, float | int) else str(v) for v in xs], fontsize=7)
        ax.set_xlabel(dotted(ya["path"], 40), fontsize=8)
        ax.set_ylabel(dotted(xa["path"], 40), fontsize=8)
        who = f" ({protocol})" if protocol != "-" else ""
        ax.set_title(wrap(f"{metric}{who}", 44), loc="left", fontsize=9)
        fig.colorbar(image, ax=ax, shrink=0.8)
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=11)
    return fig


def plot_comparison(block: dict[str, Any], title: str) -> Figure:
    """A comparison: per metric, side-by-side bars for each variant, grouped by protocol, with 95% intervals."""
    protocols, metrics = _series(block)
    labels = [p["label"] for p in block["points"]]
    rows, cols = _grid(len(metrics))
    fig = new_figure(1.5 + (0.9 + 0.55 * len(labels) * len(protocols)) * cols, 1.6 + 3.2 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    width = 0.8 / max(len(protocols), 1)
    at = np.arange(len(labels))
    for ax, metric in zip(axes, metrics, strict=False):
        for k, protocol in enumerate(protocols):
            values = np.array([_value(p, protocol, metric) for p in block["points"]])
            if np.all(np.isnan(values[:, 0])):
                continue
            place = at + (k - (len(protocols) - 1) / 2) * width
            err = np.clip(np.vstack([values[:, 0] - values[:, 1], values[:, 2] - values[:, 0]]), 0, None)
            ax.bar(
                place, values[:, 0], width * 0.9, color=_colour(protocols, protocol), label=protocol if protocol != "-" else "(no protocol)"
            )
            ax.errorbar(place, values[:, 0], yerr=np.nan_to_num(err), fmt="none", ecolor="#333333", capsize=2)
        ax.set_xticks(at, [wrap(x, 14) for x in labels], fontsize=7)
        ax.set_title(wrap(metric, 40), loc="left", fontsize=9)
        ax.set_ylabel(_ylabel(metric, "95% interval"), fontsize=8)
        if _is_share(metric):
            ax.set_ylim(0, 1.05)
            percent_axis(ax.yaxis)
        ax.legend(fontsize=7)
    for ax in axes[len(metrics) :]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=11)
    return fig


def study_figure(block: dict[str, Any], title: str) -> Figure | None:
    """The figure of one study, or None when there is nothing to draw."""
    kind = block["kind"]
    if kind == "sweep":
        return plot_sweep(block, title) if len(block["axes"]) == 1 else plot_heatmaps(block, title)
    if kind == "compare":
        return plot_comparison(block, title)
    if kind == "sensitivity":
        return plot_sensitivity(block, title, max_inputs=12)
    if "box" not in block:
        return None
    return plot_discovery(block, title)


def save_experiment_figures(summary: dict[str, Any], folder: Path) -> list[Path]:
    """Write ``folder/<study>.png`` and ``.svg`` for every study that has a figure; returns the PNG files."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, block in summary["studies"].items():
        if block["kind"] == "sensitivity":
            runs = f"Saltelli design: n = {block['samples']:,}, {block['evaluations']:,} model draws"
        elif block["kind"] == "discovery":
            runs = counted(block["draws"], "draw")
        else:
            runs = f"{counted(summary['draws'], 'draw')} per point"
        title = f"{summary['title']}: {block['label']}\n{runs}, seed {summary['seed']}"
        fig = study_figure(block, title)
        if fig is not None:
            written.append(save(fig, folder, name))
    return written


__all__ = ["plot_comparison", "plot_heatmaps", "plot_sweep", "save_experiment_figures", "study_figure"]
