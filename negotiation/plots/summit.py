"""Figures of the agent-based summit: concession paths, rounds to agreement, and deals by phase."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from negotiation.plots.style import NO_DEAL_COLOUR, label_of, new_figure, party_colours, percent, percent_axis, suptitle, wrap

PHASE_SHADES = ("#F2F2F2", "#FFFFFF")
FRAMEWORK = "#88CCEE"
DEAL = "#117733"
REJECTED = "#CC6677"
NOT_RATIFIED = "#DDCC77"


def summits(summary: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(protocol label, summit block) for every summit protocol in the summary."""
    return [(label, r["summit"]) for label, r in summary.get("protocols", {}).items() if isinstance(r, dict) and "summit" in r]


def _phases(ax: Axes, block: dict[str, Any], top: float, labels: bool = True) -> None:
    """Shade the phases along the rounds axis and name them at the top."""
    for k, phase in enumerate(block["phases"]):
        lo = phase["first_round"] - 0.5
        hi = lo + phase["rounds"]
        ax.axvspan(lo, hi, color=PHASE_SHADES[k % 2], zorder=0)
        if k:
            ax.axvline(lo, color="#999999", lw=0.8, ls=":", zorder=1)
        if labels:
            ax.text((lo + hi) / 2, top, wrap(phase["label"], 18), ha="center", va="top", fontsize=7, color="#444444")


def plot_summit_concessions(summary: dict[str, Any]) -> Figure | None:
    """Per leader at the table, the utility to its own party of the offer it has on the
    table, round by round: the median across draws with a band from the 10th to the 90th
    percentile. Phases are shaded. Returns None without a summit protocol."""
    found = summits(summary)
    if not found:
        return None
    colours = party_colours(summary)
    fig = new_figure(9.0, 1.4 + 3.2 * len(found))
    axes = fig.subplots(len(found), 1, squeeze=False)[:, 0]
    for ax, (label, block) in zip(axes, found, strict=True):
        rounds = np.arange(1, block["rounds"] + 1)
        for party, path in block["concession"].items():
            median = np.array(path["median"], dtype=float)
            ax.fill_between(rounds, path["q10"], path["q90"], color=colours[party], alpha=0.18, lw=0)
            ax.plot(rounds, median, color=colours[party], lw=2, label=f"{label_of(summary, party)} (median; band 10-90%)")
        _phases(ax, block, 1.07)
        ax.set_xlim(0.5, block["rounds"] + 0.5)
        ax.set_ylim(0, 1.1)
        ax.set_xlabel("round")
        ax.set_ylabel("own utility of its offer")
        ax.set_title(f"{label}: how far each leader has conceded", loc="left", fontsize=9)
        ax.legend(fontsize=8, loc="lower left")
    suptitle(fig, "Summit concession paths", summary)
    return fig


def plot_summit_rounds(summary: dict[str, Any]) -> Figure | None:
    """The distribution of the round in which the leaders agreed a framework (light) and
    of the round of the frameworks that became deals (dark), with the phases shaded.
    Returns None without a summit protocol."""
    found = summits(summary)
    if not found:
        return None
    draws = max(int(summary["draws"]), 1)
    fig = new_figure(9.0, 1.4 + 3.0 * len(found))
    axes = fig.subplots(len(found), 1, squeeze=False)[:, 0]
    for ax, (label, block) in zip(axes, found, strict=True):
        rounds = np.arange(1, block["rounds"] + 1)
        framework = np.array(block["rounds_to_framework"]) / draws
        deal = np.array(block["rounds_to_deal"]) / draws
        top = max(float(framework.max()) if framework.size else 0.0, 1e-9) * 1.25
        _phases(ax, block, top * 0.98)
        ax.bar(rounds, framework, width=1.0, color=FRAMEWORK, label="framework agreed at the table")
        ax.bar(rounds, deal, width=1.0, color=DEAL, label="and it became a deal")
        ax.set_xlim(0.5, block["rounds"] + 0.5)
        ax.set_ylim(0, top)
        percent_axis(ax.yaxis)
        ax.set_xlabel("round of agreement")
        ax.set_ylabel("share of draws")
        none = block["outcomes"]["no_framework"]
        ax.set_title(f"{label}: rounds to agreement (no framework in {percent(none)} of draws)", loc="left", fontsize=9)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0.0, -0.16), ncols=2)
    suptitle(fig, "Summit: when agreement came", summary)
    return fig


def plot_summit_phases(summary: dict[str, Any]) -> Figure | None:
    """The deal rate by phase: for each phase, the share of draws whose framework was
    agreed in it, split by what happened next (a deal, rejected afterwards by a party
    that weighs it against its reservation value, not ratified); then the draws with no framework. Returns None without a summit protocol."""
    found = summits(summary)
    if not found:
        return None
    fig = new_figure(3.0 + 1.5 * max(len(b["phases"]) for _, b in found), 1.4 + 3.2 * len(found))
    axes = fig.subplots(len(found), 1, squeeze=False)[:, 0]
    for ax, (label, block) in zip(axes, found, strict=True):
        phases = block["phases"]
        names = [wrap(p["label"], 16) for p in phases] + ["no framework"]
        at = np.arange(len(names))
        deal = np.array([p["deal_rate"] for p in phases] + [0.0])
        framework = np.array([p["framework_rate"] for p in phases] + [0.0])
        rejected = np.array([p["rejected_rate"] for p in phases] + [0.0])
        unratified = np.array([p["not_ratified_rate"] for p in phases] + [0.0])
        ax.bar(at, deal, color=DEAL, label="deal")
        ax.bar(at, rejected, bottom=deal, color=REJECTED, label="rejected afterwards (an absent party)")
        ax.bar(at, unratified, bottom=deal + rejected, color=NOT_RATIFIED, label="not ratified")
        none = block["outcomes"]["no_framework"]
        ax.bar(at[-1], none, color=NO_DEAL_COLOUR, label="no framework")
        for x, total in zip(at, [*framework[:-1].tolist(), none], strict=True):
            ax.text(
                x,
                total,
                f"{percent(total)}\n(deal {percent(deal[x])})" if x < len(phases) else percent(total),
                ha="center",
                va="bottom",
                fontsize=7,
            )
        ax.set_xticks(at, names, fontsize=8)
        ax.set_ylim(0, 1.15)
        percent_axis(ax.yaxis)
        ax.set_ylabel("share of draws")
        absent = ", ".join(block["absent"]) or "none"
        ax.set_title(f"{label}: deal rate by phase (absent: {absent})", loc="left", fontsize=9)
        ax.legend(fontsize=7, loc="upper left", ncols=2)
    suptitle(fig, "Summit: in which phase the framework was agreed, and what became of it", summary)
    return fig


__all__ = ["plot_summit_concessions", "plot_summit_phases", "plot_summit_rounds", "summits"]
