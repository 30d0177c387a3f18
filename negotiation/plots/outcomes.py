"""The outcome distribution: how often each protocol ends in no deal or in each top package."""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from negotiation.plots.style import (
    NO_DEAL_COLOUR,
    format_value,
    join_wrapped,
    new_figure,
    percent,
    percent_axis,
    protocol_colours,
    split_parties,
    suptitle,
    varying_issues,
)

SHOWN = 8
TITLE_WIDTH = 75
"""Characters per line of a panel's title, its first words included: 9-point text from the axes' left edge,
which long package labels push to the middle of the 10-inch figure."""
THINNEST = 0.006
"""The least width of a bar of a share above zero, as a fraction of the axis's width: a thinner bar
(0.01% on an axis to 100%) is drawn this wide, hatched, and its label gives the true share."""


def plot_outcomes(summary: dict[str, Any]) -> Figure:
    """Horizontal bars per protocol: the no-deal share and the most frequent packages.

    Package labels list only the issues that differ among the packages shown;
    the values they share are given under the panel. Every bar is labelled
    with its share; a share above zero too small to see is drawn at the least
    width :data:`THINNEST`, hatched, and the title says so.
    """
    protocols = summary["protocols"]
    colours = protocol_colours(summary)
    thin = False
    rows = [min(len(p["top_packages"]), SHOWN) + 1 for p in protocols.values()]
    fig = new_figure(10, 1.2 + sum(0.55 * r + 0.9 for r in rows))
    axes = fig.subplots(len(protocols), 1, squeeze=False, gridspec_kw={"height_ratios": rows})[:, 0]
    for ax, (label, result) in zip(axes, protocols.items(), strict=True):
        top = result["top_packages"][:SHOWN]
        varying = varying_issues(t["package"] for t in top)
        names = ["no deal"] + [
            join_wrapped((f"{i}: {format_value(t['package'][i], split_parties(summary, i))}" for i in varying), 60) or "(one package)"
            for t in top
        ]
        shares = [1.0 - result["deal_rate"]] + [t["share"] for t in top]
        bar_colours = [NO_DEAL_COLOUR] + [colours[label]] * len(top)
        unresolved = result.get("unresolved") or 0
        if unresolved:  # shares of all draws: no deal, unresolved (no verified equilibrium), then the deals
            draws = max(summary["draws"], 1)
            names.insert(1, "unresolved")
            shares[:1] = [(draws - result["deals"] - unresolved) / draws, unresolved / draws]
            bar_colours.insert(1, "#E0E0E0")
        y = list(range(len(names)))[::-1]
        span = min(1.0, max(shares) * 1.25 + 0.02)
        least = THINNEST * span
        widths = [least if 0.0 < share < least else share for share in shares]
        bars = ax.barh(y, widths, color=bar_colours)
        for bar, share in zip(bars, shares, strict=True):
            if 0.0 < share < least:
                bar.set_hatch("////")
                bar.set_edgecolor("#333333")
                thin = True
        ax.set_yticks(y, names, fontsize=8)
        for yy, share, width in zip(y, shares, widths, strict=True):
            ax.text(width, yy, " " + percent(share), va="center", fontsize=8)
        lo, hi = result["deal_rate_ci95"]
        title = f"{label}: deal in {percent(result['deal_rate'])} of {'resolved draws' if unresolved else 'draws'} (95% CI {percent(lo)}–{percent(hi)})"
        common = [i for i in (top[0]["package"] if top else {}) if i not in varying]
        if top and common:
            shared = [f"{i}: {format_value(top[0]['package'][i], split_parties(summary, i))}" for i in common]
            title += "\n" + join_wrapped(["every deal shown has " + shared[0], *shared[1:]], TITLE_WIDTH, sep=", ")
        ax.set_title(title, fontsize=9, loc="left")
        ax.set_xlim(0, span)
        percent_axis(ax.xaxis)
        ax.set_xlabel("share of draws")
    title = "Outcome distribution: no deal and the most frequent deals"
    if thin:
        title += f"\nhatched: a share too small to see, drawn {THINNEST:.1%} of the axis wide; its label gives the share"
    suptitle(fig, title, summary)
    return fig
