"""Tornado charts of Sobol' indices: which uncertain inputs drive each output.

One panel per output that varies. Inputs are sorted by their total-order index
:math:`S_{T_i}`, the share of the output's variance in which the input takes
part, alone or through interactions; the thin bar on top is the first-order
index :math:`S_i`, the share it explains alone (Sobol' 2001; Saltelli et al.
2008, ch. 4). The gap between the two bars is the input's interactions. Error
bars are the bootstrap confidence intervals.

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical
models and their Monte Carlo estimates. *Mathematics and Computers in
Simulation* 55: 271–280.

Saltelli, A., Ratto, M., Andres, T., Campolongo, F., Cariboni, J., Gatelli, D.,
Saisana, M. & Tarantola, S. (2008). *Global Sensitivity Analysis: The Primer*.
Wiley.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from negotiation.plots.style import new_figure, wrap

TOTAL_COLOUR = "#88CCEE"
FIRST_COLOUR = "#332288"
TOTAL_WHISKER = "#2F6F8F"
LABEL_WIDTH = 26
"""Characters per line of an input's tick label."""
NEGLIGIBLE = 0.01
"""An input is drawn only when its total-order or first-order index (the estimate) reaches this share of
the output's variance; the others are counted in a note under the panel's bars."""
TALLEST = 12.0
"""The figure's greatest height, inches (1,728 pixels at the figures' 144 dpi): fewer inputs are drawn
per panel when more would not fit."""


def _greedy(pieces: list[str], width: int) -> list[str]:
    """Join pieces into lines of at most ``width`` characters where possible."""
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + len(piece) <= width:
            lines[-1] += piece
        else:
            lines.append(piece)
    return lines


def dotted_label(name: str, width: int = LABEL_WIDTH) -> str:
    """Wrap a dotted path onto lines of at most ``width`` characters, breaking after dots.

    Parameters
    ----------
    name : str
        A name such as ``parties.usa.reservation``.
    width : int, optional
        Characters per line. A segment longer than that also breaks after its
        underscores, and a word still too long is cut.

    Returns
    -------
    str
        The label, lines joined by newlines.
    """
    pieces: list[str] = []
    parts = name.split(".")
    for k, part in enumerate(parts):
        part += "." if k < len(parts) - 1 else ""
        if len(part) <= width:
            pieces.append(part)
            continue
        words = part.split("_")
        for j, word in enumerate(words):
            word += "_" if j < len(words) - 1 else ""
            pieces.extend(word[i : i + width] for i in range(0, len(word), width))
    return "\n".join(_greedy(pieces, width)) or name


Triple = tuple[float, float, float]
"""An index as (value, low, high), NaN where the block has None."""


def _triple(entry: dict[str, Any]) -> Triple:
    value, low, high = (math.nan if entry[key] is None else float(entry[key]) for key in ("value", "low", "high"))
    return value, low, high


def _ranked(block: dict[str, Any], inputs: list[str]) -> list[tuple[str, Triple, Triple]]:
    """(input, first, total) by decreasing total-order index, then first-order index, then name."""
    rows = [(name, _triple(block["first"][name]), _triple(block["total"][name])) for name in inputs]

    def key(row: tuple[str, Triple, Triple]) -> tuple[float, float, str]:
        total, first = row[2][0], row[1][0]
        return (-total if math.isfinite(total) else math.inf, -first if math.isfinite(first) else math.inf, row[0])

    return sorted(rows, key=key)


def _notable(row: tuple[str, Triple, Triple]) -> bool:
    """Whether an input's total-order or first-order index reaches :data:`NEGLIGIBLE`."""
    return any(math.isfinite(v) and v >= NEGLIGIBLE for v in (row[1][0], row[2][0]))


def _whiskers(ax: Axes, at: np.ndarray, bounds: np.ndarray, colour: str) -> None:
    """Horizontal error bars from interval limits, shape (rows, 3) = (value, low, high); rows without an interval get none."""
    ok = np.isfinite(bounds).all(axis=1)
    if not ok.any():
        return
    value, low, high = bounds[ok, 0], bounds[ok, 1], bounds[ok, 2]
    err = np.clip([value - low, high - value], 0.0, None)
    ax.errorbar(value, at[ok], xerr=err, fmt="none", ecolor=colour, elinewidth=1.0, capsize=2.5)


def _ceiling(x: float) -> float:
    """A round number strictly above x, to three decimals."""
    up = math.ceil(x * 1000.0) / 1000.0
    return up + 0.001 if up <= x else up


def plot_sensitivity(study: dict[str, Any], title: str, max_inputs: int = 20) -> Figure | None:
    """Tornado charts of first- and total-order Sobol' indices, one panel per output.

    Parameters
    ----------
    study : dict
        The block written by :func:`negotiation.experiment.sobol.to_json`
        (``inputs``, ``samples``, ``evaluations``, ``confidence``, ``indices``).
    title : str
        The figure's title.
    max_inputs : int, optional
        At most this many inputs per panel, those with the largest total-order
        index; a note counts the others. Inputs whose indices are both below
        :data:`NEGLIGIBLE` are counted in the note rather than drawn (the
        largest is always drawn), and fewer are drawn when the figure would
        otherwise be taller than :data:`TALLEST`.

    Returns
    -------
    Figure or None
        Panels two to a row; None when
        every output is constant (no variance, so no indices).

    Raises
    ------
    ValueError
        When ``max_inputs`` < 1.
    """
    if max_inputs < 1:
        raise ValueError(f"max_inputs must be at least 1, got {max_inputs}")
    inputs = list(study["inputs"])
    indices = study["indices"]
    shown_outputs = [name for name, block in indices.items() if not block["constant"]]
    if not shown_outputs or not inputs:
        return None
    constant = [name for name, block in indices.items() if block["constant"]]
    level = float(study["confidence"])
    ranked = {name: _ranked(indices[name], inputs) for name in shown_outputs}
    ncols = min(len(shown_outputs), 2)
    nrows = -(-len(shown_outputs) // ncols)

    def layout(most: int) -> tuple[dict[str, int], float]:
        """(inputs drawn per output, figure height in inches) when at most ``most`` are drawn per panel."""
        counts = {name: max(1, min(most, sum(1 for row in rows if _notable(row)))) for name, rows in ranked.items()}
        lines = max(dotted_label(row[0]).count("\n") + 1 for name, rows in ranked.items() for row in rows[: counts[name]])
        row_height = max(0.3, 0.15 * lines + 0.08)
        slots = max(counts[name] + (1 if counts[name] < len(inputs) else 0) for name in counts)
        return counts, 1.5 + (0.75 + row_height * slots) * nrows

    most = min(len(inputs), max_inputs)
    counts, height = layout(most)
    while height > TALLEST and most > 1:
        most -= 1
        counts, height = layout(most)
    slots = max(counts[name] + (1 if counts[name] < len(inputs) else 0) for name in counts)
    fig = new_figure(1.2 + 5.4 * ncols, min(height, TALLEST))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for spare in axes[len(shown_outputs) :]:
        spare.set_visible(False)
    axes = axes[: len(shown_outputs)]
    drawn = [v for name, rows in ranked.items() for row in rows[: counts[name]] for v in (*row[1], *row[2])]
    right = max([1.0, *(v for v in drawn if math.isfinite(v))])
    for ax, name in zip(axes, shown_outputs, strict=True):
        count = counts[name]
        shown = ranked[name][:count]
        at = np.arange(count, dtype=np.float64)
        first = np.array([row[1] for row in shown], dtype=np.float64)
        total = np.array([row[2] for row in shown], dtype=np.float64)
        ax.barh(at, total[:, 0], height=0.72, color=TOTAL_COLOUR, edgecolor=TOTAL_WHISKER, linewidth=0.6)
        ax.barh(at, first[:, 0], height=0.3, color=FIRST_COLOUR)
        _whiskers(ax, at - 0.24, total, TOTAL_WHISKER)
        _whiskers(ax, at + 0.24, first, FIRST_COLOUR)
        ax.set_yticks(at, [dotted_label(row[0]) for row in shown], fontsize=7)
        ax.set_ylim(slots - 0.5, -0.6)
        ax.set_xlim(0.0, right * 1.02)
        ax.set_xlabel("Sobol' index", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(wrap(name, 50), fontsize=9, loc="left")
        if count < len(inputs):
            hidden = [row[2][0] for row in ranked[name][count:] if math.isfinite(row[2][0])]
            rest = len(inputs) - count
            below = f" with total index below {_ceiling(max(hidden)):.3f}" if hidden else ""
            ax.text(0.01 * right, count, f"{rest} more input{'s' if rest > 1 else ''}{below}", fontsize=7, va="center", style="italic")
    keys = [
        Patch(facecolor=TOTAL_COLOUR, edgecolor=TOTAL_WHISKER, label="total order $S_T$ (alone and with interactions)"),
        Patch(facecolor=FIRST_COLOUR, label="first order $S_1$ (alone)"),
    ]
    note = (
        f"{study['samples']:,} base samples, {study['evaluations']:,} model runs; "
        f"whiskers: {level:.0%} bootstrap intervals, total order above the bar's centre, first order below;\n"
        f"inputs whose indices are both below {NEGLIGIBLE:g} are not drawn, only counted"
    )
    if constant:
        note += "\n" + wrap("no variance, not shown: " + ", ".join(constant), 110)
    fig.legend(handles=keys, fontsize=8, ncols=2, loc="outside lower center", title=note, title_fontsize=7)
    fig.suptitle(title, fontsize=11)
    return fig


__all__ = ["dotted_label", "plot_sensitivity"]
