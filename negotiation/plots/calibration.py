"""The calibration figure of ``negotiation score``: a reliability diagram, one series per forecaster with N >= 10."""

from __future__ import annotations

from typing import TYPE_CHECKING

from negotiation.plots.style import PROTOCOL_COLOURS, new_figure, percent_axis

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from negotiation.results.scores import ScoreSummary


def plot_calibration(summary: ScoreSummary) -> Figure | None:
    """Observed frequency against forecast probability, per bin of width 0.1 (Murphy & Winkler 1977).

    Each forecaster with at least ``summary.min_calibration`` scored questions
    is one series: a point per non-empty bin at (mean forecast, share resolved
    yes), its size growing with the bin's count, which is written beside it.
    The dashed diagonal is perfect calibration. The lower panel counts the
    forecasts per bin. None when no forecaster has enough questions.
    """
    shown = [f for f in summary.forecasters.values() if f.drawn]
    if not shown:
        return None
    fig = new_figure(7.5, 8.0)
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [3, 1]}, sharex=True)
    top.plot([0, 1], [0, 1], linestyle="--", color="#777777", linewidth=1, label="perfect calibration")
    width = 0.8 / (10 * len(shown))
    for k, f in enumerate(shown):
        colour = PROTOCOL_COLOURS[k % len(PROTOCOL_COLOURS)]
        bins = [b for b in f.calibration if b.n]
        x = [b.mean_p for b in bins]
        y = [b.observed for b in bins]
        top.plot(x, y, marker="o", color=colour, linewidth=1.2, markersize=4, label=f"{f.name} (N = {f.n}, Brier {f.brier:.3f})")
        top.scatter(x, y, s=[18 + 6 * b.n for b in bins], color=colour, alpha=0.35, linewidths=0)
        for b in bins:
            top.annotate(
                str(b.n), (b.mean_p or 0.0, b.observed or 0.0), textcoords="offset points", xytext=(5, 4), fontsize=7, color=colour
            )
        left = [b.lo + 0.01 + k * width for b in f.calibration]
        bottom.bar(left, [b.n for b in f.calibration], width=width, align="edge", color=colour)
    top.set_xlim(0, 1)
    top.set_ylim(-0.03, 1.07)
    top.set_ylabel("share that resolved yes")
    top.legend(fontsize=8, loc="lower right")
    percent_axis(top.xaxis)
    percent_axis(top.yaxis)
    bottom.set_xlabel("forecast probability (bins of 10 points; a point at the bin's mean forecast)")
    bottom.set_ylabel("forecasts")
    bottom.set_xticks([k / 10 for k in range(11)])
    left_out = [f"{name} (N = {f.n})" for name, f in summary.forecasters.items() if not f.drawn]
    title = "Calibration: observed frequency against forecast probability"
    if left_out:
        title += f"\nnot shown (fewer than {summary.min_calibration} questions): " + ", ".join(left_out)
    fig.suptitle(title, fontsize=10)
    return fig


__all__ = ["plot_calibration"]
