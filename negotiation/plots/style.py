"""Shared look of every figure: colour-blind-safe palettes and fixed party colours.

Parties take the Okabe–Ito palette (Okabe & Ito 2008) in scenario order, so a
party has the same colour in every figure of a run. Protocols take Paul Tol's
"muted" scheme, the end states of a war his "bright" one. Figures are built with the object-oriented API
(``matplotlib.figure.Figure``), never ``pyplot``: no global state, nothing shown.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from negotiation.results.files import write_file
from negotiation.results.issue_values import value_text

PARTY_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
PROTOCOL_COLOURS = ("#332288", "#44AA99", "#CC6677", "#DDCC77", "#88CCEE", "#882255", "#117733", "#999933", "#AA4499")
STATE_COLOURS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377")
NO_DEAL_COLOUR = "#9E9E9E"
DPI = 144
SVG_SALT = "negotiation"
"""The salt of the SVG files' element ids (matplotlib's ``svg.hashsalt``), fixed rather than random."""

_SVG_ID = re.compile(r'(id="|#)([a-z][0-9a-f]{10})(?=[")])')


def save(fig: Figure, folder: Path, name: str) -> Path:
    """Write ``fig`` as ``folder/<name>.png`` and ``folder/<name>.svg``; returns the PNG's path.

    Neither file records the date, and the SVG's element ids are numbered in
    order of appearance (:func:`stable_svg_ids`), so the same run gives
    byte-identical figures. Each file is written whole to a new name and
    renamed into place (``results.files.write_file``): a symbolic link at a
    figure's name, or at ``folder`` itself, is never written through.
    """
    png = io.BytesIO()
    fig.savefig(png, format="png", metadata={"Software": None})
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
        fig.savefig(buffer, metadata={"Date": None, "Creator": None}, format="svg")
    svg = stable_svg_ids(buffer.getvalue().decode("utf-8")).encode("utf-8")
    root, inside = (folder.parent, f"{folder.name}/") if folder.name not in ("", ".", "..") else (folder, "")
    write_file(root, f"{inside}{name}.png", png.getvalue())
    write_file(root, f"{inside}{name}.svg", svg)
    return folder / f"{name}.png"


def stable_svg_ids(svg: str) -> str:
    """An SVG from matplotlib with its hashed element ids renumbered in order of first appearance.

    Matplotlib names clip paths, markers and hatches by a hash that, for a
    clip path, includes the Python object's id (a memory address), so two
    saves of the same figure can differ. Renumbering (``p3`` for the fourth
    ``p...`` id seen, references included) keeps the file valid and makes it
    depend on the drawing alone.
    """
    names: dict[str, str] = {}
    seen: dict[str, int] = {}  # ids given so far, per prefix letter

    def rename(match: re.Match[str]) -> str:
        old = match.group(2)
        if old not in names:
            names[old] = f"{old[0]}{seen.get(old[0], 0)}"
            seen[old[0]] = seen.get(old[0], 0) + 1
        return match.group(1) + names[old]

    return _SVG_ID.sub(rename, svg)


def party_colours(summary: dict[str, Any]) -> dict[str, str]:
    """Party name -> colour, by the party's position in the scenario."""
    return {p: PARTY_COLOURS[i % len(PARTY_COLOURS)] for i, p in enumerate(summary["parties"])}


def protocol_colours(summary: dict[str, Any]) -> dict[str, str]:
    """Protocol label -> colour, by its position in the scenario's list."""
    return {p: PROTOCOL_COLOURS[i % len(PROTOCOL_COLOURS)] for i, p in enumerate(summary["protocols"])}


def new_figure(width: float, height: float) -> Figure:
    """A blank figure with the project's defaults."""
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    return fig


def wrap(text: str, width: int = 28) -> str:
    """Wrap a label onto lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def join_wrapped(items: Iterable[str], width: int = 60, sep: str = "; ") -> str:
    """Join items with ``sep``, breaking lines only between items."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(sep) + len(item) <= width:
            lines[-1] += sep + item
        else:
            if lines:
                lines[-1] += sep.rstrip()
            lines.append(item)
    return "\n".join(lines)


def percent_axis(axis: Any) -> None:
    """Format an axis's tick labels as percentages."""
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=1.0))


def percent(x: float) -> str:
    """A share as a percentage with one decimal; two below 1% and where one would round to 100%.

    The one rounding rule of the command line, the report and the figures: 100% only when
    every draw counts (``x == 1``) and 0% only when none does (``x == 0``); a share closer to
    either end than two decimals show is written ``>99.99%`` or ``<0.01%``.

    Examples
    --------
    >>> [percent(x) for x in (0.0, 0.00004, 0.004, 0.301, 0.999, 0.9996, 0.99999, 1.0)]
    ['0.0%', '<0.01%', '0.40%', '30.1%', '99.9%', '99.96%', '>99.99%', '100.0%']
    """
    text = f"{100 * x:.1f}%"
    if 0.0 < x < 1.0 and (text == "100.0%" or x < 0.01):
        text = f"{100 * x:.2f}%"
        if text == "0.00%":
            text = "<0.01%"
        elif text == "100.00%":
            text = ">99.99%"
    return text


def percent_interval(ci: list[float] | tuple[float, float]) -> str:
    """A 95% interval of a share, ``[lo%, hi%]``, each end written by :func:`percent`."""
    return f"[{percent(ci[0])}, {percent(ci[1])}]"


def day_number(day: date | str) -> float:
    """A date as the number a date axis plots (its proleptic Gregorian ordinal, see :func:`date_axis`)."""
    return float((date.fromisoformat(day) if isinstance(day, str) else day).toordinal())


def date_axis(axis: Any, first: date, last: date, most: int = 10) -> None:
    """Readable date ticks on an axis that plots :func:`day_number`: the first day of every month, every
    second, third, sixth or twelfth month so that at most about ``most`` show, labelled ``Sep`` with the year
    under the first tick and under each January."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((k for k in (1, 2, 3, 6, 12) if months / k <= most), 12 * max(1, -(-months // (12 * most))))
    ticks: list[date] = []
    year, month = first.year, first.month
    while date(year, month, 1) <= last:
        index = (year * 12 + month - 1) % step
        if index == 0 and date(year, month, 1) >= first:
            ticks.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    labels = [t.strftime("%b") + (f"\n{t.year}" if k == 0 or t.month == 1 else "") for k, t in enumerate(ticks)]
    axis.set_ticks([day_number(t) for t in ticks], labels)


def label_of(summary: dict[str, Any], party: str) -> str:
    """A party's display label."""
    return str(summary["parties"].get(party, party))


def issue_label(summary: dict[str, Any], issue: str) -> str:
    """An issue's display label."""
    return str(summary["issues"].get(issue, {}).get("label", issue))


def counted(n: int, noun: str) -> str:
    """``n`` and a noun, singular for one: ``1 draw``, ``1,500 draws``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def suptitle(fig: Figure, title: str, summary: dict[str, Any]) -> None:
    """A figure title naming the scenario and the number of draws."""
    fig.suptitle(
        f"{title}\n{summary.get('title', summary['scenario'])} · {counted(summary['draws'], 'draw')}, seed {summary['seed']}", fontsize=11
    )


def format_value(value: Any, split: Sequence[str] = ()) -> str:
    """An issue value as shown in labels: as the command line and the report write it.

    A split's shares are named by their parties (``split``: the issue's
    ``summary.json`` ``issues.<issue>.split``) and parenthesised,
    ``(usa 0.5, ukraine 0.5)`` (``results.issue_values.value_text``).
    """
    text = value_text(value, split)
    return f"({text})" if isinstance(value, list | tuple) else text


def split_parties(summary: dict[str, Any], issue: str) -> list[str]:
    """The parties that divide a split issue, from ``summary.json``'s ``issues`` block; [] for other issues."""
    return list(summary.get("issues", {}).get(issue, {}).get("split", []) or [])


def varying_issues(packages: Iterable[dict[str, Any]]) -> list[str]:
    """Issues whose values differ among the given packages."""
    packages = list(packages)
    if not packages:
        return []
    return [i for i in packages[0] if len({format_value(p[i]) for p in packages}) > 1]
