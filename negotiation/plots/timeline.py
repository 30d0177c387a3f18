"""When a deal comes: P(deal by date) per protocol, with the dated talks, events and questions marked."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from negotiation.plots.style import date_axis, day_number, new_figure, percent, percent_axis, protocol_colours, suptitle, wrap
from negotiation.results.time_blocks import clock_block, questions_block, timeline_block

TALK_COLOUR = "#555555"
EVENT_COLOUR = "#B2182B"
QUESTION_COLOUR = "#222222"
QUESTION_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*")


def day(text: str) -> date:
    """An ISO date of the summary as a :class:`datetime.date`."""
    return date.fromisoformat(text)


def step_points(start: str, dates: list[str], values: list[float]) -> tuple[list[float], list[float]]:
    """The points of a step curve that is 0 until the end of period 0 and ``values[t]`` from the end of period t on.

    A deal in period t counts as "by" a date from that period's last day on, as
    the questions count it (``Clock.ended_by``); the curve is drawn an eighth of a
    period past the last period's end so that its last step shows.
    """
    days = [day(start), *(day(d) for d in dates)]
    days.append(days[-1] + max(timedelta(days=2), (days[-1] - days[0]) / (8 * max(len(dates), 1))))
    xs = [day_number(d) for d in days]
    ys = [0.0, *values, values[-1] if values else 0.0]
    return xs, ys


def _marks(ax: Axes, items: list[dict[str, Any]], colour: str, style: str, top: float) -> None:
    """Vertical lines at dated talks or events, each labelled at the top of the axes."""
    for item in items:
        when = day_number(item["date"])
        ax.axvline(when, color=colour, linestyle=style, linewidth=1.0, alpha=0.8)
        ax.text(
            when,
            top,
            " " + wrap(str(item.get("label") or item.get("name", "")), 26),
            rotation=90,
            va="top",
            ha="right",
            fontsize=7,
            color=colour,
            transform=ax.get_xaxis_transform(),
        )


def plot_timeline(summary: dict[str, Any]) -> Figure | None:
    """P(deal by date) per protocol: the share of all draws with a deal by each period's last day, as a
    step line with its Wilson 95% band; dated talks (solid grey) and dated events (dashed red) as labelled
    vertical lines; each question's date as a dotted line with its probability per protocol (a marker with
    its 95% interval). Returns None for a run without a clock."""
    clock = clock_block(summary)
    if clock is None:
        return None
    colours = protocol_colours(summary)
    fig = new_figure(11, 7)
    ax = fig.subplots()
    start = str(clock["start"])
    handles: list[Any] = []
    for label, block in summary["protocols"].items():
        timeline = timeline_block(block)
        if timeline is None:
            continue
        dates = list(timeline["dates"])
        xs, ys = step_points(start, dates, list(timeline["deal_by"]))
        ci = np.asarray(timeline["deal_by_ci95"], dtype=float).reshape(-1, 2)
        _, lo = step_points(start, dates, list(ci[:, 0]))
        _, hi = step_points(start, dates, list(ci[:, 1]))
        ax.fill_between(xs, lo, hi, step="post", color=colours[label], alpha=0.2, linewidth=0)
        median = timeline.get("median_date")
        middle = f"median {median}" if median else "median after the horizon"
        (line,) = ax.step(
            xs, ys, where="post", color=colours[label], linewidth=2, label=f"{label}: {percent(ys[-1])} by the horizon ({middle})"
        )
        handles.append(line)
    questions: dict[str, str] = {}
    for block in summary["protocols"].values():
        for name, asked in questions_block(block).items():
            questions.setdefault(name, str(asked["by"]))
    for k, (name, by) in enumerate(questions.items()):
        marker = QUESTION_MARKERS[k % len(QUESTION_MARKERS)]
        when = day_number(by)
        ax.axvline(when, color=QUESTION_COLOUR, linestyle=":", linewidth=1.0)
        ax.text(
            when, 0.99, f" {name}", rotation=90, va="top", ha="right", fontsize=7, color=QUESTION_COLOUR, transform=ax.get_xaxis_transform()
        )
        for label, block in summary["protocols"].items():
            q = questions_block(block).get(name)
            if q is None:
                continue
            p, (lo, hi) = float(q["probability"]), q["ci95"]
            ax.errorbar(
                [when],
                [p],
                yerr=[[max(p - lo, 0.0)], [max(hi - p, 0.0)]],
                fmt=marker,
                color=colours[label],
                markersize=7,
                markeredgecolor="black",
                capsize=3,
                zorder=5,
            )
            ax.annotate(
                percent(p),
                (when, p),
                xytext=(7, 0),
                textcoords="offset points",
                fontsize=7,
                va="center",
                color=colours[label],
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                zorder=6,
            )
        handles.append(
            Line2D([], [], color=QUESTION_COLOUR, linestyle=":", marker=marker, markerfacecolor="white", label=f"question {name} (by {by})")
        )
    horizon = day_number(str(clock["horizon"]))
    ax.axvline(horizon, color="black", linewidth=1.2)
    ax.text(horizon, 0.01, "horizon ", rotation=90, va="bottom", ha="right", fontsize=7, transform=ax.get_xaxis_transform())
    _marks(ax, list(clock.get("talks") or []), TALK_COLOUR, "-", 0.99)
    _marks(ax, list(clock.get("events") or []), EVENT_COLOUR, "--", 0.99)
    if clock.get("talks"):
        handles.append(Line2D([], [], color=TALK_COLOUR, linestyle="-", label="dated talk"))
    if clock.get("events"):
        handles.append(
            Line2D([], [], color=EVENT_COLOUR, linestyle="--", label="dated event (from its period on, in draws where it fires)")
        )
    every = [int(e) for e in clock.get("every") or []]
    strides = ["period" if e == 1 else f"{e} periods" for e in every]
    talks = "talks every " + " and every ".join(strides) if strides else ""
    ax.set_ylim(0, 1.05)
    percent_axis(ax.yaxis)
    date_axis(ax.xaxis, day(start), day(str(clock["dates"][-1])))
    ax.set_xlabel(f"date (periods of a {clock['period']} from {start} to the horizon {clock['horizon']}{'; ' + talks if talks else ''})")
    ax.set_ylabel("P(deal by date), share of all draws")
    ax.grid(alpha=0.3)
    fig.legend(handles=handles, fontsize=8, loc="outside lower center", ncols=2, title="band: Wilson 95% interval", title_fontsize=8)
    suptitle(fig, "When a deal comes: P(deal by date) per protocol", summary)
    return fig
