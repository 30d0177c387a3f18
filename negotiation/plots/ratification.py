"""The tied-hands comparison: outcomes with and without domestic ratification, on the same draws."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from negotiation.plots.style import issue_label, new_figure, percent, percent_axis, protocol_colours, suptitle, wrap

UNBOUND = "#BBBBBB"


def plot_ratification(summary: dict[str, Any]) -> Figure | None:
    """One row per protocol. First panel: the deal rate when only the negotiators must
    agree (grey) and when every triggered ratification step must also pass (protocol
    colour), with 95% intervals. Then one panel per issue a ratification step looks at:
    the share of deals taking each value, without (grey) and with (colour) ratification.
    Returns None when the scenario has no ratification steps. The issue panels are left
    out when no protocol has a deal, with or without ratification (they would be empty);
    a row whose protocol has none says so in its panels."""
    steps = summary.get("ratification")
    if not steps:
        return None
    protocols = summary["protocols"]
    colours = protocol_colours(summary)
    dealt = {label: bool(result["deals"] or result["unconstrained"]["deals"]) for label, result in protocols.items()}
    issues = list(dict.fromkeys(name for step in steps.values() for name in step["issues"])) if any(dealt.values()) else []
    fig = new_figure(4.0 + 3.6 * len(issues), 1.6 + 3.0 * len(protocols))
    axes = fig.subplots(len(protocols), 1 + len(issues), squeeze=False)
    for row, (label, result) in enumerate(protocols.items()):
        free = result["unconstrained"]
        ax = axes[row, 0]
        rates = [free["deal_rate"], result["deal_rate"]]
        ci = np.array([free["deal_rate_ci95"], result["deal_rate_ci95"]])
        ax.bar([0, 1], rates, color=[UNBOUND, colours[label]], width=0.6)
        ax.errorbar(
            [0, 1], rates, yerr=np.clip([np.subtract(rates, ci[:, 0]), ci[:, 1] - rates], 0, None), fmt="none", ecolor="#333333", capsize=3
        )
        for place, rate in enumerate(rates):
            ax.text(place, rate, percent(rate), ha="center", va="bottom", fontsize=8)
        ax.set_xticks([0, 1], ["negotiators\nonly", "with\nratification"], fontsize=8)
        ax.set_ylim(0, 1.12)
        percent_axis(ax.yaxis)
        ax.set_ylabel("deal rate")
        needed = "; ".join(
            f"{step['label']}: needed by {percent(step['protocols'][label]['needed'])}"
            + (f", passes {percent(step['protocols'][label]['pass_rate'])}" if step["protocols"][label]["pass_rate"] is not None else "")
            + (f", unseen: fails {percent(step['protocols'][label]['failed'])}" if step.get("observed") is False else "")
            for step in steps.values()
        )
        ax.set_title(wrap(f"{label}: {needed}", 48), fontsize=8, loc="left")
        for col, name in enumerate(issues, start=1):
            ax = axes[row, col]
            if not dealt[label]:
                ax.set_axis_off()
                ax.text(0.5, 0.5, f"{label}: no deal in any draw,\nwith or without ratification", ha="center", va="center", fontsize=8)
                continue
            values = summary["issues"][name]["values"]
            at = np.arange(len(values))
            ax.bar(at - 0.2, [free["issue_shares"][name][v] for v in values], 0.4, color=UNBOUND)
            ax.bar(at + 0.2, [result["issue_shares"][name][v] for v in values], 0.4, color=colours[label])
            ax.set_xticks(at, [wrap(v.replace("_", " "), 12) for v in values], fontsize=7)
            ax.set_ylim(0, 1)
            percent_axis(ax.yaxis)
            ax.set_ylabel("share of deals")
            ax.set_title(wrap(issue_label(summary, name), 40), fontsize=9)
    keys = [
        Patch(color=UNBOUND, label="negotiators only (ratification ignored)"),
        Patch(color="#555555", label="with ratification (protocol colour)"),
    ]
    fig.legend(handles=keys, fontsize=8, ncols=2, loc="outside lower center")
    suptitle(fig, "Tied hands: the same draws with and without domestic ratification", summary)
    return fig
