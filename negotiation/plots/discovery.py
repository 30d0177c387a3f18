"""The figure of a scenario-discovery study: PRIM's peeling trajectory and the chosen box.

PRIM (Friedman & Fisher 1999) trades coverage (the share of the cases of
interest a box holds) for density (the share of a box's draws that are cases);
the left panel shows that trade-off along the peeling trajectory, the right
panel the limits of the chosen box on each input it restricts, as a part of
the input's sampled range (Bryant & Lempert 2010).

References
----------
Friedman, J. H. & Fisher, N. I. (1999). Bump hunting in high-dimensional data.
*Statistics and Computing* 9: 123–143.

Bryant, B. P. & Lempert, R. J. (2010). Thinking inside the box: a participatory,
computer-assisted approach to scenario discovery. *Technological Forecasting and
Social Change* 77: 34–49.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import join_wrapped, new_figure, percent, percent_axis

TRAJECTORY = "#0072B2"
"""Okabe–Ito blue: the trajectory's boxes and the chosen box's limits."""
CHOSEN = "#D55E00"
"""Okabe–Ito vermilion: the chosen box on the trade-off."""
BASE = "#777777"
RANGE = "#DDDDDD"
"""The full sampled range of an input."""
MIN_WIDTH = 0.012
"""Narrowest drawn box limits, as a share of the range, so a single value (an event that fired) stays visible."""


def dotted(name: str, width: int = 24) -> str:
    """Wrap a dotted parameter path at its dots onto lines of about ``width`` characters."""
    return join_wrapped(name.split("."), width, sep=".")


def _limits_text(lo: float, hi: float) -> str:
    return f"= {lo:.3g}" if lo == hi else f"{lo:.3g} – {hi:.3g}"


def plot_discovery(study: dict[str, Any], title: str) -> Figure:
    """Left, each box of the peeling trajectory at (coverage, density), the base rate
    dashed and the chosen box highlighted; right, the chosen box: per restricted input,
    its sampled range (light) and the box's limits (dark) on a 0–1 scale of that
    range, with the limits in the input's own units.

    Parameters
    ----------
    study : dict
        A discovery block: :func:`negotiation.experiment.prim.to_json` plus
        ``"outcome"`` (a description of the cases of interest).
    title : str
        The figure's title.
    """
    trajectory = study["trajectory"]
    box = study["box"]
    limits = box["limits"]
    chosen = trajectory[study["chosen"]]
    outcome = str(study.get("outcome", "the outcome"))
    base_rate = float(study["base_rate"])

    fig = new_figure(12.0, 1.6 + max(3.4, 0.5 * len(limits) + 1.4))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.15]})

    coverage = np.array([b["coverage"] for b in trajectory], dtype=float)
    density = np.array([b["density"] for b in trajectory], dtype=float)
    left.plot(coverage, density, color=TRAJECTORY, marker="o", ms=3.5, lw=1, label="boxes of the peeling trajectory")
    left.axhline(base_rate, color=BASE, ls="--", lw=1, label=f"base rate ({percent(base_rate)} of all draws)")
    left.scatter([chosen["coverage"]], [chosen["density"]], s=70, color=CHOSEN, edgecolor="black", zorder=3, label="chosen box")
    n_restricted = int(chosen["restricted"])
    left.annotate(
        f"coverage {percent(chosen['coverage'])}\ndensity {percent(chosen['density'])}\n"
        f"{n_restricted} restricted input{'s' if n_restricted != 1 else ''}",
        (chosen["coverage"], chosen["density"]),
        xytext=(-12 if chosen["coverage"] > 0.35 else 12, -14 if chosen["density"] > 0.5 else 14),
        textcoords="offset points",
        ha="right" if chosen["coverage"] > 0.35 else "left",
        va="top" if chosen["density"] > 0.5 else "bottom",
        fontsize=8,
        arrowprops={"arrowstyle": "-", "color": CHOSEN, "lw": 0.8},
    )
    left.set_xlim(-0.02, 1.05)
    left.set_ylim(-0.02, 1.05)
    percent_axis(left.xaxis)
    percent_axis(left.yaxis)
    left.set_xlabel("coverage (share of cases inside the box)")
    left.set_ylabel("density (share of the box that are cases)")
    left.legend(fontsize=7, loc="lower left")
    left.set_title(f"Peeling trajectory for {outcome}:\ncoverage traded for density", fontsize=9, loc="left")

    if not limits:
        right.text(
            0.5,
            0.5,
            "The chosen box restricts no input:\nno box beat the base rate with enough coverage.",
            ha="center",
            va="center",
            fontsize=9,
            transform=right.transAxes,
        )
        right.set_axis_off()
    else:
        rows = np.arange(len(limits))[::-1]
        span = np.array([lim["data_hi"] - lim["data_lo"] for lim in limits], dtype=float)
        lo = (np.array([lim["lo"] for lim in limits], dtype=float) - [lim["data_lo"] for lim in limits]) / span
        hi = (np.array([lim["hi"] for lim in limits], dtype=float) - [lim["data_lo"] for lim in limits]) / span
        width = np.maximum(hi - lo, MIN_WIDTH)
        start = np.clip((lo + hi) / 2 - width / 2, 0.0, 1.0 - width)
        right.barh(rows, np.ones(len(limits)), height=0.55, color=RANGE, label="sampled range")
        right.barh(rows, width, left=start, height=0.55, color=TRAJECTORY, label="the box's limits")
        for row, lim in zip(rows, limits, strict=True):
            right.text(
                1.03, row, _limits_text(lim["lo"], lim["hi"]), va="center", fontsize=8, transform=right.get_yaxis_transform(), clip_on=False
            )
        right.set_yticks(rows, [dotted(lim["name"]) for lim in limits], fontsize=8)
        pad = max(0.2, (3 - len(limits)) / 2)
        right.set_ylim(-0.5 - pad, len(limits) - 0.5 + pad)
        right.set_xlim(0.0, 1.0)
        right.set_xticks([0.0, 0.5, 1.0], ["min", "middle", "max"])
        right.set_xlabel("position within the input's sampled range")
        right.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False)
    right.set_title(
        f"Chosen box: coverage {percent(box['coverage'])}, density {percent(box['density'])} (base rate {percent(base_rate)})",
        fontsize=9,
        loc="left",
    )
    fig.suptitle(title, fontsize=11)
    return fig


__all__ = ["dotted", "plot_discovery"]
