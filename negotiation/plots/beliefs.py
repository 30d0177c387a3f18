"""Beliefs over time: each party's expected probability of the main end states of the war, beside nature's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from negotiation.plots.style import STATE_COLOURS, date_axis, day_number, label_of, new_figure, percent_axis, suptitle
from negotiation.results.time_blocks import beliefs_block, clock_block

MAIN_STATES = 5
"""Every end state is shown when there are at most this many; otherwise the :data:`SHOWN` largest."""
SHOWN = 4
"""End states shown when there are more than :data:`MAIN_STATES`: the largest by nature's median at period 0."""
NATURE = "nature"


def main_states(beliefs: dict[str, Any]) -> list[str]:
    """The end states to show: all when at most :data:`MAIN_STATES`, else the :data:`SHOWN` with the largest
    median of nature's lottery at period 0 (ties in the order written), in the order written."""
    states = list(beliefs.get(NATURE) or next(iter(beliefs.values()), {}))
    if len(states) <= MAIN_STATES:
        return states
    reference = beliefs.get(NATURE) or next(iter(beliefs.values()))
    ranked = sorted(states, key=lambda s: -float(reference[s]["median"][0]))[:SHOWN]
    return [s for s in states if s in ranked]


def period_bounds(start: str, dates: list[str]) -> list[date]:
    """The first day of each period (``start``, then the day after each period's last day), then the day after the last."""
    return [date.fromisoformat(start), *(date.fromisoformat(d) + timedelta(days=1) for d in dates)]


def _numbers(days: list[date]) -> list[float]:
    return [day_number(d) for d in days]


def plot_beliefs(summary: dict[str, Any]) -> Figure | None:
    """One panel for nature's lottery and one per party: the median over draws (line) and the 10–90%
    band of the expected probability of each main end state at the start of each period. A party's
    panel that drifts towards nature's shows it learning from the fighting; a party whose band sits
    above nature's on its favourite end state is optimistic. Returns None for a run without a clock."""
    clock = clock_block(summary)
    beliefs = beliefs_block(summary)
    if clock is None or not beliefs:
        return None
    states = main_states(dict(beliefs))
    colours = {s: STATE_COLOURS[k % len(STATE_COLOURS)] for k, s in enumerate(states)}
    who = [w for w in [NATURE, *summary["parties"]] if w in beliefs] + [w for w in beliefs if w != NATURE and w not in summary["parties"]]
    bounds = period_bounds(str(clock["start"]), list(clock["dates"]))
    xs = _numbers(bounds)
    columns = 2 if len(who) == 4 else min(len(who), 3)
    rows = -(-len(who) // columns)
    fig = new_figure(4.2 * columns + 0.5, 3.2 * rows + 1.6)
    axes = np.atleast_1d(fig.subplots(rows, columns, sharey=True, squeeze=False)).ravel()
    for ax, name in zip(axes, who, strict=False):
        for s in states:
            block = beliefs[name].get(s)
            if block is None:
                continue
            n = min(len(xs) - 1, len(block["median"]))
            low, mid, high = ([*block[q][:n], block[q][n - 1]] for q in ("p10", "median", "p90"))
            ax.fill_between(xs[: n + 1], low, high, color=colours[s], alpha=0.2, linewidth=0, step="post")
            ax.step(xs[: n + 1], mid, where="post", color=colours[s], linewidth=1.8, label=s.replace("_", " "))
        title = "nature: the war's lottery π_t" if name == NATURE else f"{label_of(summary, name)}: what it expects"
        ax.set_title(title, fontsize=9, loc="left")
        ax.set_ylabel("probability")
        ax.set_xlabel("start of period", fontsize=8)
        ax.grid(alpha=0.3)
        date_axis(ax.xaxis, bounds[0], bounds[-1], most=6)
    for ax in axes[len(who) :]:
        ax.set_visible(False)
    axes[0].set_ylim(0, 1)
    percent_axis(axes[0].yaxis)
    shown = (
        "every end state"
        if len(states) == len(beliefs[who[0]])
        else f"the {len(states)} end states (of {len(beliefs[who[0]])}) nature deems most likely at the start"
    )
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=min(len(states), 5),
        fontsize=8,
        title=f"{shown}; line: median over draws, band: 10–90%",
        title_fontsize=8,
    )
    suptitle(fig, "Beliefs over time: expected probability of each end state at the start of each period", summary)
    return fig
