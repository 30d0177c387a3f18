"""The figure of a scenario-discovery study: PRIM's trajectories and the boxes found.

PRIM (Friedman & Fisher 1999) trades coverage (the share of the cases of
interest a box holds) for density (the share of a box's draws that are cases);
the left panel shows that trade-off along the peeling trajectory, the pasting
that regrows the chosen box, and the box reported, then the same for each
further box found among the draws the earlier boxes leave (covering). The
right panel shows each box's limits on the inputs it restricts, as a part of
the input's sampled range, with the quasi-p value of each restriction
(Bryant & Lempert 2010).

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
from matplotlib.layout_engine import ConstrainedLayoutEngine

from negotiation.plots.style import join_wrapped, new_figure, percent, percent_axis, wrap

TRAJECTORY = "#0072B2"
"""Okabe–Ito blue: the first box's trajectory and limits."""
CHOSEN = "#D55E00"
"""Okabe–Ito vermilion: the pasting and the reported first box on the trade-off."""
LATER = ("#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""Okabe–Ito green, reddish purple, orange, sky blue, black: boxes 2, 3, ... (cycled)."""
BASE = "#777777"
RANGE = "#DDDDDD"
"""The full sampled range of an input."""
MIN_WIDTH = 0.012
"""Narrowest drawn box limits, as a share of the range, so a single value (an event that fired) stays visible."""


def dotted(name: str, width: int = 24) -> str:
    """Wrap a dotted parameter path at its dots onto lines of about ``width`` characters."""
    return join_wrapped(name.split("."), width, sep=".")


def _limits_text(lim: dict[str, Any]) -> str:
    lo, hi = lim["lo"], lim["hi"]
    text = f"= {lo:.3g}" if lo == hi else f"{lo:.3g} – {hi:.3g}"
    if lim.get("quasi_p") is not None:
        text += f"\nquasi-p {_p_text(float(lim['quasi_p']))}"
    return text


def _p_text(p: float) -> str:
    """A quasi-p value as printed: two significant figures, or '< 1e-300' for one that underflows."""
    return "< 1e-300" if p < 1e-300 else f"{p:.2g}"


def _boxes(study: dict[str, Any]) -> list[dict[str, Any]]:
    """The boxes of a discovery block; a block written before covering (no ``boxes``) has one, its ``box``."""
    if study.get("boxes"):
        return list(study["boxes"])
    return [{**study["box"], "trajectory": study["trajectory"], "chosen": study["chosen"], "pasting": study.get("pasting", [])}]


def _colour(k: int) -> str:
    return TRAJECTORY if k == 0 else LATER[(k - 1) % len(LATER)]


def _reported(box: dict[str, Any]) -> dict[str, Any]:
    """The trade-off entry of the reported box: the last pasted box, else the chosen peeled box."""
    pasting = box.get("pasting") or []
    return dict(pasting[-1]) if pasting else dict(box["trajectory"][box["chosen"]])


def plot_discovery(study: dict[str, Any], title: str) -> Figure:
    """Left, each box of the peeling trajectory at (coverage, density), the pasting
    from the chosen box, the reported box highlighted, the base rate dashed, and
    the same for every further box; right, each box: per restricted input, its
    sampled range (light) and the box's limits (dark) on a 0–1 scale of that
    range, with the limits in the input's own units and their quasi-p values.

    Parameters
    ----------
    study : dict
        A discovery block: :func:`negotiation.experiment.prim.to_json` (and
        ``"boxes"``, :func:`negotiation.experiment.prim.boxes_json`, when
        several boxes were searched) plus ``"outcome"`` (a description of the
        cases of interest).
    title : str
        The figure's title.
    """
    boxes = _boxes(study)
    outcome = str(study.get("outcome", "the outcome"))
    base_rate = float(study["base_rate"])
    rows_needed = sum(len(b["limits"]) for b in boxes) + (len(boxes) if len(boxes) > 1 else 0)

    height = 2.3 + max(3.4, (0.55 if rows_needed <= 8 else 0.42) * rows_needed + 1.4)  # and the legends below
    fig = new_figure(12.0, height)
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.15]})
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, 0.0, 0.94, 1.0))  # room right of the limits for their values and quasi-p

    for k, box in enumerate(boxes):
        colour = _colour(k)
        coverage = np.array([b["coverage"] for b in box["trajectory"]], dtype=float)
        density = np.array([b["density"] for b in box["trajectory"]], dtype=float)
        label = "box 1: peeling trajectory" if k == 0 else f"box {k + 1}: trajectory on the draws left"
        left.plot(coverage, density, color=colour, marker="o", ms=3.5 if k == 0 else 2.5, lw=1 if k == 0 else 0.8, label=label)
        pasting = box.get("pasting") or []
        if len(pasting) > 1:
            left.plot(
                [b["coverage"] for b in pasting],
                [b["density"] for b in pasting],
                color=CHOSEN if k == 0 else colour,
                ls="--",
                lw=1.8,
                zorder=2.5,
                label="pasting from the chosen peeled box" if k == 0 else None,
            )
        if k == 0:
            peeled = box["trajectory"][box["chosen"]]
            left.scatter(
                [peeled["coverage"]],
                [peeled["density"]],
                s=55,
                facecolor="none",
                edgecolor=CHOSEN,
                lw=1.4,
                zorder=3,
                label="box 1: chosen peeled box",
            )
        end = _reported(box)
        left.scatter(
            [end["coverage"]],
            [end["density"]],
            s=70,
            marker="o" if k == 0 else "D",
            color=CHOSEN if k == 0 else colour,
            edgecolor="black",
            zorder=3,
            label="box 1 after pasting" if k == 0 else f"box {k + 1}",
        )
    left.axhline(base_rate, color=BASE, ls="--", lw=1, label=f"base rate ({percent(base_rate)} of all draws)")
    first = _reported(boxes[0])
    if len(boxes) == 1:  # with several boxes, the right panel's headings give each box's shares
        n_restricted = int(first["restricted"])
        left.annotate(
            f"coverage {percent(first['coverage'])}\ndensity {percent(first['density'])}\n"
            f"{n_restricted} restricted input{'s' if n_restricted != 1 else ''}",
            (first["coverage"], first["density"]),
            xytext=(-12 if first["coverage"] > 0.35 else 12, -14 if first["density"] > 0.5 else 14),
            textcoords="offset points",
            ha="right" if first["coverage"] > 0.35 else "left",
            va="top" if first["density"] > 0.5 else "bottom",
            fontsize=8,
            arrowprops={"arrowstyle": "-", "color": CHOSEN, "lw": 0.8},
        )
    left.set_box_aspect(1.0)  # the trade-off square however many limits the right panel lists
    left.set_xlim(-0.02, 1.05)
    left.set_ylim(-0.02, 1.05)
    percent_axis(left.xaxis)
    percent_axis(left.yaxis)
    left.set_xlabel("coverage (share of cases inside the box)")
    left.set_ylabel("density (share of the box that are cases)")
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=2, frameon=False)
    left.set_title(wrap(f"Peeling and pasting for {outcome}: coverage traded for density", 60), fontsize=9, loc="left")

    if not any(b["limits"] for b in boxes):
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
        _draw_limits(right, boxes, -0.75 / (height - 2.0))
    if len(boxes) == 1:
        box = boxes[0]
        heading = f"Chosen box: coverage {percent(box['coverage'])}, density {percent(box['density'])} (base rate {percent(base_rate)})"
    else:
        together = sum(float(b["coverage"]) for b in boxes)
        heading = f"{len(boxes)} boxes in sequence, together holding {percent(together)} of the cases (base rate {percent(base_rate)})"
    right.set_title(heading, fontsize=9, loc="left")
    fig.suptitle(title, fontsize=11)
    return fig


def _draw_limits(ax: Any, boxes: list[dict[str, Any]], below: float) -> None:
    """Per box, a header row (when there are several) and one bar per restricted input, top to bottom; the legend ``below`` (axes units)."""
    several = len(boxes) > 1
    slots: list[tuple[str, dict[str, Any] | None, int]] = []  # (tick label, limit or None for a header, box)
    for k, box in enumerate(boxes):
        if several:
            slots.append(("", None, k))
        slots.extend((dotted(lim["name"]), lim, k) for lim in box["limits"])
    rows = np.arange(len(slots))[::-1]
    legend = True
    for row, (_, lim, k) in zip(rows, slots, strict=True):
        if lim is None:
            box = boxes[k]
            ax.text(
                0.0,
                row - 0.1,
                f"box {k + 1}: coverage {percent(box['coverage'])}, density {percent(box['density'])}",
                fontsize=8,
                fontweight="bold",
                color=_colour(k),
                va="center",
            )
            continue
        span = lim["data_hi"] - lim["data_lo"]
        lo = (lim["lo"] - lim["data_lo"]) / span
        hi = (lim["hi"] - lim["data_lo"]) / span
        width = max(hi - lo, MIN_WIDTH)
        start = min(max((lo + hi) / 2 - width / 2, 0.0), 1.0 - width)
        ax.barh([row], [1.0], height=0.55, color=RANGE, label="sampled range" if legend else None)
        ax.barh(
            [row],
            [width],
            left=[start],
            height=0.55,
            color=_colour(k),
            label="the box's limits" if legend else None,
        )
        legend = False
        ax.text(1.03, row, _limits_text(lim), va="center", fontsize=7.5, transform=ax.get_yaxis_transform(), clip_on=False)
    bars = [(row, label) for row, (label, lim, _) in zip(rows, slots, strict=True) if lim is not None]
    ax.set_yticks([r for r, _ in bars], [label for _, label in bars], fontsize=8)
    pad = max(0.2, (3 - len(slots)) / 2)
    ax.set_ylim(-0.5 - pad, len(slots) - 0.5 + pad)
    ax.set_xlim(0.0, 1.0)
    ax.set_xticks([0.0, 0.5, 1.0], ["min", "middle", "max"])
    ax.set_xlabel("position within the input's sampled range" + (" (of the draws each box was searched on)" if several else ""))
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, below), ncols=2, frameon=False)


__all__ = ["dotted", "plot_discovery"]
