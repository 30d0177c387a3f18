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
    suptitle,
    varying_issues,
)

PER_PROTOCOL = 5


def plot_protocols(summary: dict[str, Any]) -> Figure | None:
    """Left, each protocol's deal rate with its 95% interval; right, a heat map of the
    share of draws ending in each of the packages that some protocol agrees on most
    often (rows), per protocol (columns), with no deal as the last row. All protocols
    ran on the same draws. Returns None with fewer than two protocols."""
    protocols = summary["protocols"]
    if len(protocols) < 2:
        return None
    colours = protocol_colours(summary)
    labels = list(protocols)
    keys: list[str] = []
    packages: dict[str, dict[str, Any]] = {}
    for result in protocols.values():
        for top in result["top_packages"][:PER_PROTOCOL]:
            key = repr(sorted(top["package"].items()))
            if key not in packages:
                keys.append(key)
                packages[key] = top["package"]
    share = np.zeros((len(keys) + 1, len(labels)))
    for j, label in enumerate(labels):
        for top in protocols[label]["top_packages"]:
            key = repr(sorted(top["package"].items()))
            if key in packages:
                share[keys.index(key), j] = top["share"]
        share[-1, j] = 1.0 - protocols[label]["deal_rate"]
    varying = varying_issues(packages.values())
    names = [join_wrapped((f"{i}: {format_value(packages[k][i])}" for i in varying), 55) or "(one package)" for k in keys] + ["no deal"]

    fig = new_figure(12, 2.5 + 0.45 * len(names))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 2.2]})
    rates = [protocols[label]["deal_rate"] for label in labels]
    ci = np.array([protocols[label]["deal_rate_ci95"] for label in labels])
    y = np.arange(len(labels))[::-1]
    left.barh(y, rates, color=[colours[label] for label in labels])
    left.errorbar(
        rates, y, xerr=np.clip([np.subtract(rates, ci[:, 0]), ci[:, 1] - rates], 0, None), fmt="none", ecolor="#333333", capsize=3
    )
    left.set_yticks(y, labels, fontsize=8)
    left.set_xlim(0, 1.15)
    percent_axis(left.xaxis)
    left.set_xlabel("deal rate (95% interval)")
    left.set_title("how often each protocol ends in a deal", fontsize=9, loc="left")
    for yy, rate in zip(y, rates, strict=True):
        left.text(min(rate, 1.0) + 0.02, yy, percent(rate), va="center", fontsize=8)

    image = right.imshow(share, aspect="auto", cmap="Blues", vmin=0.0, vmax=max(float(share.max()), 1e-9))
    right.set_xticks(np.arange(len(labels)), labels, fontsize=8, rotation=20, ha="right")
    right.set_yticks(np.arange(len(names)), names, fontsize=7)
    right.yaxis.tick_right()
    for (row, col), value in np.ndenumerate(share):
        if value > 0:
            dark = value > 0.6 * share.max()
            right.text(col, row, percent(value), ha="center", va="center", fontsize=7, color="white" if dark else "black")
    common = [i for i in (next(iter(packages.values()), {})) if i not in varying]
    title = "share of draws ending in each package"
    if common and packages:
        first = next(iter(packages.values()))
        title += "\nevery package shown has " + join_wrapped((f"{i}: {format_value(first[i])}" for i in common), 90, sep=", ")
    right.set_title(title, fontsize=9, loc="left")
    fig.colorbar(image, ax=right, location="left", shrink=0.6, label="share of draws", format=lambda v, _: percent(v))
    suptitle(fig, "Protocols compared on the same draws", summary)
    return fig
