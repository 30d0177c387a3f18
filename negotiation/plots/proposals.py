"""Acceptance of the scenario's named proposals."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import label_of, new_figure, party_colours, percent_axis, suptitle, wrap


def plot_proposals(summary: dict[str, Any]) -> Figure | None:
    """Grouped bars per proposal: each party's probability of accepting it (party colours)
    and the probability that all accept and it can be ratified (black, with its 95% CI).

    Returns None when the scenario has no proposals.
    """
    proposals = summary.get("proposals") or {}
    if not proposals:
        return None
    colours = party_colours(summary)
    parties = list(summary["parties"])
    fig = new_figure(max(7.0, 2.2 * len(proposals) + 3), 5)
    ax = fig.subplots()
    x = np.arange(len(proposals))
    width = 0.8 / (len(parties) + 1)
    for k, party in enumerate(parties):
        rates = [p["acceptance"][party] for p in proposals.values()]
        ax.bar(x + (k - len(parties) / 2) * width, rates, width, color=colours[party], label=label_of(summary, party))
    all_rates = np.array([p["all_accept"] for p in proposals.values()])
    ci = np.array([p["all_accept_ci95"] for p in proposals.values()])
    pos = x + (len(parties) / 2) * width
    ax.bar(pos, all_rates, width, color="#000000", label="all accept (and ratifiable)")
    ax.errorbar(
        pos, all_rates, yerr=np.clip([all_rates - ci[:, 0], ci[:, 1] - all_rates], 0.0, None), fmt="none", ecolor="#777777", capsize=3
    )
    for xx, rate in zip(pos, all_rates, strict=True):
        ax.text(xx, rate, f"{rate:.0%}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x, [wrap(name.replace("_", " "), 18) for name in proposals], fontsize=9)
    ax.set_ylim(0, 1.08)
    percent_axis(ax.yaxis)
    ax.set_ylabel("probability of accepting (vs no deal)")
    fig.legend(*ax.get_legend_handles_labels(), fontsize=8, ncols=len(parties) + 1, loc="outside lower center")
    suptitle(fig, "Who accepts each proposal", summary)
    return fig
