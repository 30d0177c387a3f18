"""The classic stakeholder table: one actor per row with capability, position and salience.

The CSV file has a header naming the columns ``Actor``, ``Capability``,
``Position`` and ``Salience`` (in any order and any letter case), then one row
per actor, as in Bueno de Mesquita (1994), Table 1::

    Actor,Capability,Position,Salience
    Netherlands,0.08,4,0.8
    Belgium,0.08,7,0.4

Capabilities lie in [0, 1e12], saliences in [0, 1] and positions in
[-1e12, 1e12], on the issue's scale (``limits.MAX_SCALE``). Blank lines are ignored. Every problem in
the file is reported at once, located by its 1-based line and a dotted path
such as ``actors.Belgium.Salience`` (``actors.(line-N)`` for a name too long or
on several lines); a message quotes a cell shortened, on one line.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.errors import Problem, ScenarioError, closest, did_you_mean, shown
from negotiation.scenario.input_file import read_input
from negotiation.scenario.limits import MAX_LABEL, MAX_SCALE

COLUMNS = ("Actor", "Capability", "Position", "Salience")
"""The columns of a stakeholder table, in their usual order."""

MAX_BYTES = 10_000_000
"""Larger files are refused rather than read."""

NUMBERS = COLUMNS[1:]

PLAIN = 60
"""An actor or column name up to this long, on one line, locates its problems by name; any other by its line or column."""


def _plain(text: str) -> bool:
    """True for a name that a problem's path can show as it is: one printable line of at most :data:`PLAIN` characters."""
    return bool(text) and len(text) <= PLAIN and text.isprintable()


@dataclass(frozen=True)
class ActorTable:
    """A stakeholder table as arrays, one entry per actor in file order.

    Attributes
    ----------
    names : tuple of str
        Actor names (N of them, distinct).
    capability : ndarray, shape (N,)
        Capabilities, >= 0.
    position : ndarray, shape (N,)
        Positions on the issue's scale.
    salience : ndarray, shape (N,)
        Saliences in [0, 1].
    file : str
        The file as the user named it.
    """

    names: tuple[str, ...]
    capability: NDArray[np.float64]
    position: NDArray[np.float64]
    salience: NDArray[np.float64]
    file: str


def _header(cells: list[str], name: str, line: int) -> tuple[dict[str, int], list[Problem]]:
    """Column name -> cell index for the known columns found, and the header's problems."""
    known = {column.lower(): column for column in COLUMNS}
    found: dict[str, int] = {}
    problems: list[Problem] = []
    suggested: set[str] = set()
    for index, cell in enumerate(cells):
        title = cell.strip()
        column = known.get(title.lower())
        if column is None:
            at = title if _plain(title) else f"(column {index + 1})"
            hint = closest(title, COLUMNS) if title else None
            if hint:
                suggested.add(hint)
            message = (f"unknown column {shown(title)}" + did_you_mean(title, COLUMNS)) if title else "a column has no name"
            problems.append(Problem(name, line, at, f"{message}; the columns are {', '.join(COLUMNS)}"))
        elif column in found:
            problems.append(Problem(name, line, column, f"column {shown(title)} appears twice"))
        else:
            found[column] = index
    for column in COLUMNS:
        if column not in found and column not in suggested:
            problems.append(Problem(name, line, column, f"missing column '{column}'"))
    return found, problems


def _number(text: str, column: str) -> tuple[float | None, str | None]:
    """A cell as a float and no message, or None and what is wrong with it."""
    value = text.strip()
    if not value:
        return None, "missing value"
    try:
        number = float(value)
    except ValueError:
        return None, f"{shown(value)} is not a number"
    if not math.isfinite(number):
        return None, f"must be a finite number, got {shown(value)}"
    if column == "Capability" and not 0.0 <= number <= MAX_SCALE:
        return None, f"capability must be in [0, {MAX_SCALE:g}], got {shown(value)}"
    if column == "Position" and not -MAX_SCALE <= number <= MAX_SCALE:
        return None, f"position must be in [{-MAX_SCALE:g}, {MAX_SCALE:g}], got {shown(value)} (rescale the issue's unit)"
    if column == "Salience" and not 0.0 <= number <= 1.0:
        return None, f"salience must lie in [0, 1], got {shown(value)}"
    return number, None


def read_actors(path: str | Path) -> ActorTable:
    """Read a stakeholder table from a CSV file.

    Parameters
    ----------
    path : str or Path
        A CSV file with the columns Actor, Capability, Position and Salience.

    Returns
    -------
    ActorTable

    Raises
    ------
    ScenarioError
        With every problem in the file: unreadable or not UTF-8, missing,
        unknown or repeated columns, rows of the wrong length, empty or
        repeated actor names, cells that are not finite numbers, negative
        capabilities, saliences outside [0, 1], fewer than two actors.
    """
    name = str(path)
    _, text = read_input(path, MAX_BYTES, bom=True)
    rows = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    columns: dict[str, int] | None = None
    header_line, width = 1, 0
    names: list[str] = []
    values: dict[str, list[float]] = {column: [] for column in NUMBERS}
    first_seen: dict[str, int] = {}
    end = 0  # the line the previous record ended on: a record starts on the next (a quoted cell may span lines)
    try:
        for cells in rows:
            line, end = end + 1, rows.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns, found = _header(cells, name, line)
                header_line = line
                problems += found
                width = len(cells)
                continue
            at = columns.get("Actor")
            actor = cells[at].strip() if at is not None and at < len(cells) else ""
            where = f"actors.{actor}" if _plain(actor) else f"actors.(line-{line})" if actor else "actors.(unnamed)"
            if len(cells) != width:
                problems.append(Problem(name, line, where, f"the row has {len(cells)} cells but the header has {width}"))
                continue
            if "Actor" in columns:
                if not actor:
                    problems.append(Problem(name, line, f"{where}.Actor", "empty actor name"))
                elif len(actor) > MAX_LABEL:
                    problems.append(
                        Problem(
                            name, line, f"{where}.Actor", f"an actor name of {len(actor):,} characters, more than the limit of {MAX_LABEL}"
                        )
                    )
                elif actor in first_seen:
                    problems.append(
                        Problem(name, line, f"{where}.Actor", f"duplicate actor {shown(actor)} (first on line {first_seen[actor]})")
                    )
                else:
                    first_seen[actor] = line
            names.append(actor)
            for column in NUMBERS:
                if column not in columns:
                    continue
                number, message = _number(cells[columns[column]], column)
                if message is not None:
                    problems.append(Problem(name, line, f"{where}.{column}", message))
                values[column].append(math.nan if number is None else number)
    except csv.Error as exc:
        problems.append(Problem(name, end + 1, "(file)", f"not a readable CSV file: {exc}"))
    if columns is None:
        problems.append(Problem(name, 0 if not text else 1, "(file)", f"the file is empty; expected a header {','.join(COLUMNS)}"))
    elif len(names) < 2:
        problems.append(Problem(name, header_line, "actors", f"at least 2 actors are needed, found {len(names)}"))
    if problems:
        raise ScenarioError(problems)
    return ActorTable(
        names=tuple(names),
        capability=np.array(values["Capability"], dtype=np.float64),
        position=np.array(values["Position"], dtype=np.float64),
        salience=np.array(values["Salience"], dtype=np.float64),
        file=name,
    )
