"""Each party's utility at the deal against its reservation value."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from negotiation.plots.style import label_of, new_figure, party_colours, suptitle

LINE_STYLES: tuple[Literal["--", ":", "-."], ...] = ("--", ":", "-.")
"""Outline styles of the second and later protocols' histograms."""


def plot_utilities(summary: dict[str, Any]) -> Figure:
    """One panel per party: the distribution of its utility in deals (filled, party colour)
    and of its reservation value over all draws (grey outline), first protocol on top.

    Both are shown as shares of all draws; a deal is acceptable to a party
    when its utility is at or above its reservation value in the same draw.
    """
    edges = np.asarray(summary["histogram_edges"])
    colours = party_colours(summary)
    parties = list(summary["parties"])
    protocols = summary["protocols"]
    n = max(summary["draws"], 1)
    fig = new_figure(11, 1.4 + 2.6 * len(parties))
    axes = fig.subplots(len(parties), 1, squeeze=False, sharex=True)[:, 0]
    centres = (edges[:-1] + edges[1:]) / 2
    width = edges[1] - edges[0]
    labels = list(protocols)
    first, others = labels[0], [(label, LINE_STYLES[k % len(LINE_STYLES)]) for k, label in enumerate(labels[1:])]
    for ax, party in zip(axes, parties, strict=True):
        reservation = np.asarray(summary["reservation"]["histogram"][party]) / n
        for k, (label, result) in enumerate(protocols.items()):
            deal = np.asarray(result["utility_histogram"][party]) / n
            style = (
                {"alpha": 0.75, "color": colours[party]}
                if k == 0
                else {"fill": False, "edgecolor": colours[party], "linestyle": LINE_STYLES[(k - 1) % len(LINE_STYLES)]}
            )
            ax.bar(centres, deal, width, label=f"utility at the deal ({label})", **style)
        ax.step(
            edges,
            np.append(reservation, reservation[-1]),
            where="post",
            color="#444444",
            linewidth=1.2,
            label="reservation value (all draws)",
        )
        mean_d = summary["reservation"]["mean"][party]
        ax.axvline(mean_d, color="#444444", linestyle="--", linewidth=1)
        ax.annotate(
            f"mean reservation {mean_d:.2f}",
            (mean_d, 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -12),
            textcoords="offset points",
            fontsize=8,
        )
        ax.set_title(label_of(summary, party), fontsize=10, loc="left", color=colours[party])
        ax.set_ylabel("share of draws")
    used = np.flatnonzero(
        sum(np.asarray(summary["reservation"]["histogram"][p]) for p in parties)
        + sum(np.asarray(r["utility_histogram"][p]) for r in protocols.values() for p in parties)
    )
    if used.size:
        axes[-1].set_xlim(edges[used[0]] - width, edges[used[-1] + 1] + width)
    axes[-1].set_xlabel("utility (0 = worst package, 1 = best; reservation values can fall below 0)")
    keys = [
        Patch(facecolor="#999999", alpha=0.75, label=f"utility at the deal, {first} (in the party's colour)"),
        Line2D([], [], color="#444444", linewidth=1.2, label="reservation value, all draws (dashed: its mean)"),
    ]
    keys += [Patch(fill=False, edgecolor="#999999", linestyle=style, label=f"utility at the deal, {label}") for label, style in others]
    fig.legend(handles=keys, fontsize=8, ncols=min(len(keys), 3), loc="outside lower center")
    suptitle(fig, "Utility at the deal against the reservation value", summary)
    return fig
