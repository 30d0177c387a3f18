"""Each issue's distribution of values among deals, per protocol."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import counted, issue_label, new_figure, percent_axis, protocol_colours, suptitle, wrap
from negotiation.results.issue_values import value_text

FEWEST_DEALS = 2
"""A protocol's shares are drawn only from this many deals on: the values of a single deal are its
package, which ``outcomes.png`` writes out in full."""


COUNTED_BELOW = 100
"""With fewer deals than this, each bar is labelled with its number of deals."""


def nothing_to_show(summary: dict[str, Any]) -> str | None:
    """Why the figure is not drawn (no protocol has :data:`FEWEST_DEALS` deals), or None when it is."""
    if any(result["deals"] >= FEWEST_DEALS for result in summary["protocols"].values()):
        return None
    return f"no protocol has {FEWEST_DEALS} deals or more (the one deal's package, if any, is in outcomes.png)"


def plot_issues(summary: dict[str, Any]) -> Figure | None:
    """One panel per issue: the share of deals taking each value, bars grouped by protocol.

    Every share is of its protocol's deals, and the figure says how many those
    are: in the title for one protocol, in the legend for several; with fewer
    than :data:`COUNTED_BELOW` deals each bar also shows its count. Protocols
    with fewer than :data:`FEWEST_DEALS` deals are left out and named under the
    title; returns None when that leaves none (:func:`nothing_to_show`).
    """
    if nothing_to_show(summary) is not None:
        return None
    issues = summary["issues"]
    colours = protocol_colours(summary)
    protocols = {label: result for label, result in summary["protocols"].items() if result["deals"] >= FEWEST_DEALS}
    left_out = [f"{label} ({counted(result['deals'], 'deal')})" for label, result in summary["protocols"].items() if label not in protocols]
    cols = 2 if len(issues) > 1 else 1
    rows = math.ceil(len(issues) / cols)
    fig = new_figure(11, 1.4 + 3.1 * rows)
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    width = 0.8 / max(len(protocols), 1)
    for ax, (name, issue) in zip(axes, issues.items(), strict=False):
        values = issue["values"]
        x = np.arange(len(values))
        for k, (label, result) in enumerate(protocols.items()):
            shares = [result["issue_shares"][name].get(v, 0.0) for v in values]
            key = f"{label}: of {counted(result['deals'], 'deal')}"
            bars = ax.bar(x + (k - (len(protocols) - 1) / 2) * width, shares, width, color=colours[label], label=key)
            if result["deals"] < COUNTED_BELOW:
                counts = [f"{round(share * result['deals'])}" if share > 0 else "" for share in shares]
                ax.bar_label(bars, counts, fontsize=7, padding=1)
        if issue["kind"] == "split":
            parties = issue.get("split") or []
            ticks = [value_text(json.loads(v), parties).replace(", ", "\n") for v in values]
        else:
            ticks = [wrap(v.replace("_", " "), 14) for v in values]
        crowded = len(values) > 6
        ax.set_xticks(x, ticks, fontsize=7, rotation=45 if crowded else 0, ha="right" if crowded else "center")
        ax.set_ylim(0, 1.08)
        ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        percent_axis(ax.yaxis)
        ax.set_ylabel("share of deals")
        unit = f" ({issue['unit']})" if issue.get("unit") else ""
        if issue["kind"] == "split":
            unit += f" (shares {'/'.join(issue.get('split', []))})"
        ax.set_title(wrap(issue_label(summary, name) + unit, 60), fontsize=9)
    for ax in axes[len(issues) :]:
        ax.set_visible(False)
    if len(protocols) > 1:
        fig.legend(
            *axes[0].get_legend_handles_labels(),
            fontsize=8,
            title="protocol: shares of its deals",
            ncols=len(protocols),
            loc="outside lower center",
        )
        title = "Issue values among deals (each share is of its protocol's deals)"
    else:
        ((label, result),) = protocols.items()
        title = f"Issue values among deals: shares of {counted(result['deals'], 'deal')} ({label})"
    if any(result["deals"] < COUNTED_BELOW for result in protocols.values()):
        title += "; the number on a bar counts its deals"
    if left_out:
        title += "\nnot shown, fewer than {} deals: {}".format(FEWEST_DEALS, ", ".join(left_out))
    suptitle(fig, title, summary)
    return fig
