"""Each issue's distribution of values among deals, per protocol."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import issue_label, new_figure, percent_axis, protocol_colours, suptitle, wrap


def plot_issues(summary: dict[str, Any]) -> Figure:
    """One panel per issue: the share of deals taking each value, bars grouped by protocol."""
    issues = summary["issues"]
    protocols = summary["protocols"]
    colours = protocol_colours(summary)
    cols = 2 if len(issues) > 1 else 1
    rows = math.ceil(len(issues) / cols)
    fig = new_figure(11, 1.2 + 3.1 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    width = 0.8 / max(len(protocols), 1)
    for ax, (name, issue) in zip(axes, issues.items(), strict=False):
        values = issue["values"]
        x = np.arange(len(values))
        for k, (label, result) in enumerate(protocols.items()):
            shares = [result["issue_shares"][name].get(v, 0.0) for v in values]
            ax.bar(x + (k - (len(protocols) - 1) / 2) * width, shares, width, color=colours[label], label=label)
        if issue["kind"] == "split":
            ticks = ["/".join(part.strip() for part in v.strip("[]").split(",")) for v in values]
        else:
            ticks = [wrap(v.replace("_", " "), 14) for v in values]
        crowded = len(values) > 6
        ax.set_xticks(x, ticks, fontsize=7, rotation=45 if crowded else 0, ha="right" if crowded else "center")
        ax.set_ylim(0, 1)
        percent_axis(ax.yaxis)
        ax.set_ylabel("share of deals")
        unit = f" ({issue['unit']})" if issue.get("unit") else ""
        if issue["kind"] == "split":
            unit += f" (shares {'/'.join(issue.get('split', []))})"
        ax.set_title(wrap(issue_label(summary, name) + unit, 60), fontsize=9)
    for ax in axes[len(issues) :]:
        ax.set_visible(False)
    if len(protocols) > 1:
        fig.legend(*axes[0].get_legend_handles_labels(), fontsize=8, title="protocol", ncols=len(protocols), loc="outside lower center")
    suptitle(fig, "Issue values among deals", summary)
    return fig
