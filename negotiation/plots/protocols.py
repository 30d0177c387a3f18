"""Protocols compared on the same draws: deal rates and the packages each agrees on."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import (
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

LINE = 0.14
"""Height of one line of a row label, inches (7-point text with matplotlib's 1.2 line spacing is 0.117 in)."""
ROW_PAD = 0.1
"""Space between two rows' labels, inches."""
MIN_ROW = 0.42
"""The least height of a heat-map row, inches."""
TITLE_WIDTH = 80
"""Characters per line of the heat map's title: 9-point text over the panel's width (about 7.5 in)."""


def plot_protocols(summary: dict[str, Any]) -> Figure | None:
    """Left, each protocol's deal rate with its 95% interval; right, a heat map of the
    share of draws ending in each package that is among some protocol's five most
    frequent (rows), per protocol (columns), with no deal as the last row. All
    protocols ran on the same draws. Returns None with fewer than two protocols."""
    protocols = summary["protocols"]
    comparison = summary.get("comparison")
    if len(protocols) < 2 or comparison is None:
        return None
    colours = protocol_colours(summary)
    labels = list(protocols)
    packages = comparison["packages"]
    draws = max(summary["draws"], 1)
    # No deal as a share of all draws: a protocol's unresolved draws (no verified equilibrium) are neither deals nor no deal.
    no_deal = [
        (draws - p["deals"] - p["unresolved"]) / draws if p.get("unresolved") else 1.0 - p["deal_rate"] for p in map(protocols.get, labels)
    ]
    share = np.array([comparison["shares"][label] + [no_deal[j]] for j, label in enumerate(labels)]).T
    varying = varying_issues(packages)
    names = [
        join_wrapped((f"{i}: {format_value(p[i], split_parties(summary, i))}" for i in varying), 55) or "(one package)" for p in packages
    ] + ["no deal"]
    # the heat map's rows are equal: each as tall as the longest label, so that no two labels overlap

    lines = max(name.count("\n") + 1 for name in names)
    fig = new_figure(13, 2.8 + max(MIN_ROW, LINE * lines + ROW_PAD) * len(names))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2.4]})
    rates = [protocols[label]["deal_rate"] for label in labels]
    ci = np.array([protocols[label]["deal_rate_ci95"] for label in labels])
    y = np.arange(len(labels))[::-1]
    left.barh(y, rates, color=[colours[label] for label in labels])
    left.errorbar(
        rates, y, xerr=np.clip([np.subtract(rates, ci[:, 0]), ci[:, 1] - rates], 0, None), fmt="none", ecolor="#333333", capsize=3
    )
    left.set_yticks(y, labels, fontsize=8)
    left.set_xlim(0, 1.25)
    left.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    percent_axis(left.xaxis)
    left.set_xlabel("deal rate (95% interval)")
    left.set_title("how often each protocol\nends in a deal", fontsize=9, loc="left")
    for yy, rate in zip(y, rates, strict=True):
        left.text(min(rate, 1.0) + 0.02, yy, percent(rate), va="center", fontsize=8)

    image = right.imshow(share, aspect="auto", cmap="Blues", vmin=0.0, vmax=max(float(share.max()), 1e-9))
    right.set_xticks(np.arange(len(labels)), labels, fontsize=8, rotation=20, ha="right")
    right.set_yticks(np.arange(len(names)), names, fontsize=7)
    for (row, col), value in np.ndenumerate(share):
        if value > 0:
            dark = value > 0.6 * share.max()
            right.text(col, row, percent(value), ha="center", va="center", fontsize=7, color="white" if dark else "black")
    common = [
        f"{i}: {format_value(packages[0][i], split_parties(summary, i))}" for i in (packages[0] if packages else {}) if i not in varying
    ]
    title = "share of draws ending in each package (blank: never)"
    if common:
        title += "\n" + join_wrapped(["every package shown has " + common[0], *common[1:]], TITLE_WIDTH, sep=", ")
    right.set_title(title, fontsize=9, loc="left")
    fig.colorbar(image, ax=right, location="right", shrink=0.5, label="share of draws", format=lambda v, _: percent(v))
    suptitle(fig, "Protocols compared on the same draws", summary)
    return fig
