"""The resolutions file of ``negotiation score``: one row per resolved question, and other forecasters' probabilities.

The CSV file has a header row, then one row per question::

    question,resolved,source,metaculus
    alaska-summit-2025.deal_2025,0,"Reuters, 31 Dec 2025",0.12
    minsk-2015.package_by_feb,1,"OSCE, 12 Feb 2015",

- ``question`` (required): ``<scenario name>.<question name>``, the scenario's
  ``name`` and the key under its ``questions``;
- ``resolved`` (required): ``1`` if the question resolved yes, ``0`` if no; a
  question that has not resolved has no row;
- ``source`` and ``notes`` (optional): text, kept in the copy and never scored;
- any further column: another forecaster, named by its header, with its
  probability in [0, 1] for the question; an empty cell means that forecaster
  did not forecast it.

Blank lines are ignored. Every problem is reported at once, located by the
file, its 1-based line and a dotted path (``question``, ``resolved``,
``<forecaster>`` for a header; ``rows.<question>.<column>`` for a cell, or
``rows.(line-N).<column>`` when the question is empty or not a plain name, and
``(column-N)`` for a column whose name is not a plain name);
when the header has a problem, only the header's problems are reported. A
message names the cell's value (shortened), never a whole row.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from negotiation.scenario.errors import Problem, ScenarioError, closest, shown
from negotiation.scenario.input_file import read_input
from negotiation.scenario.limits import MAX_LABEL

REQUIRED = ("question", "resolved")
"""The columns every resolutions file has."""
TEXT = ("source", "notes")
"""Optional columns of text: kept, never scored."""
MAX_BYTES = 10_000_000
"""Larger files are refused rather than read."""
TOKEN = re.compile(r"[\w.\-]{1,60}")
"""A question written as a plain name (``scenario.question``) locates its row's problems as ``rows.<question>.<column>``;
any other (empty, long or with spaces) as ``rows.(line-N).<column>``."""


@dataclass(frozen=True)
class Resolution:
    """One row of the file.

    Attributes
    ----------
    question : str
        ``<scenario name>.<question name>``.
    resolved : int
        1 (yes) or 0 (no).
    line : int
        Its line in the file (1-based).
    forecasts : mapping
        Other forecaster -> its probability in [0, 1], only where the cell is not empty.
    """

    question: str
    resolved: int
    line: int
    forecasts: Mapping[str, float]


@dataclass(frozen=True)
class Resolutions:
    """A resolutions file as read.

    Attributes
    ----------
    file : str
        The file as the user named it.
    raw : bytes
        Its bytes, copied into the results folder.
    forecasters : tuple of str
        The further columns' names, in file order (the other forecasters).
    header_line : int
        The header's line.
    rows : tuple of Resolution
        In file order, each question once.
    """

    file: str
    raw: bytes
    forecasters: tuple[str, ...]
    header_line: int
    rows: tuple[Resolution, ...]


def _bytes(path: str | Path) -> tuple[bytes, str]:
    """The file's bytes and text, or a ScenarioError when it cannot be read as UTF-8 text."""
    name = str(path)
    raw, text = read_input(path, MAX_BYTES, bom=True, text="UTF-8 text", advice="save it as UTF-8 CSV")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ScenarioError([Problem(name, line, "(file)", "holds a NUL character: not a text file")])
    return raw, text


def _header(cells: list[str], name: str, line: int) -> tuple[dict[str, int], dict[str, int], list[Problem]]:
    """Known column -> index, forecaster -> index, and the header's problems."""
    known: dict[str, int] = {}
    others: dict[str, int] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, cell in enumerate(cells):
        title = cell.strip()
        if not title:
            problems.append(Problem(name, line, f"(column-{index + 1})", "a column has no name"))
            continue
        at = title if TOKEN.fullmatch(title) else f"(column-{index + 1})"
        if title in seen:
            problems.append(Problem(name, line, at, f"column {shown(title)} appears twice"))
            continue
        seen.add(title)
        if title in REQUIRED or title in TEXT:
            known[title] = index
        elif title.lower() in (*REQUIRED, *TEXT):
            problems.append(Problem(name, line, at, f"write the column {shown(title)} in lower case, '{title.lower()}'"))
        elif len(title) > MAX_LABEL:
            problems.append(
                Problem(name, line, at, f"a forecaster's name of {len(title):,} characters, more than the limit of {MAX_LABEL}")
            )
        else:
            others[title] = index
    for column in REQUIRED:
        if column not in known and not any(t.lower() == column for t in seen):
            hint = closest(column, list(others))
            message = f"missing column '{column}'"
            if hint:
                message += f" ({shown(hint)} is read as a forecaster's column; did you mean '{column}'?)"
            problems.append(Problem(name, line, column, message))
    return known, others, problems


def _probability(text: str) -> tuple[float | None, str | None]:
    """A forecaster's cell: its probability (None when empty) and no message, or what is wrong."""
    value = text.strip()
    if not value:
        return None, None
    try:
        number = float(value)
    except ValueError:
        return None, f"{shown(value)} is not a number; a probability is a number in [0, 1] (leave the cell empty for no forecast)"
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        return None, f"a probability must be in [0, 1], got {shown(value)}"
    return number, None


def read_resolutions(path: str | Path) -> Resolutions:
    """Read a resolutions file.

    Parameters
    ----------
    path : str or Path
        A CSV file with the columns ``question`` and ``resolved`` (module docstring).

    Returns
    -------
    Resolutions

    Raises
    ------
    ScenarioError
        With every problem in the file: unreadable, not UTF-8 text, not CSV,
        missing, unnamed or repeated columns, rows of the wrong length, empty
        or repeated questions, ``resolved`` other than 0 or 1, probabilities
        that are not numbers in [0, 1], no rows.
    """
    name = str(path)
    raw, text = _bytes(path)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    known: dict[str, int] | None = None
    others: dict[str, int] = {}
    header_line, width = 1, 0
    first: dict[str, int] = {}
    read: list[Resolution] = []
    end = 0  # the line the previous record ended on: a record starts on the next (a quoted cell may span lines)
    try:
        for cells in rows:
            line, end = end + 1, rows.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if known is None:
                known, others, found = _header(cells, name, line)
                header_line, width = line, len(cells)
                if found:  # without its columns the rows cannot be read: the header's problems alone
                    raise ScenarioError(found)
                continue
            at = known.get("question")
            question = cells[at].strip() if at is not None and at < len(cells) else ""
            where = f"rows.{question}" if TOKEN.fullmatch(question) else f"rows.(line-{line})"
            if len(cells) != width:
                problems.append(
                    Problem(name, line, where, f"the row has {len(cells)} cell{'s' if len(cells) != 1 else ''} but the header has {width}")
                )
                continue
            row_ok = True
            if at is not None:
                if not question:
                    problems.append(Problem(name, line, f"{where}.question", "empty question; write <scenario name>.<question name>"))
                    row_ok = False
                elif question in first:
                    problems.append(
                        Problem(name, line, f"{where}.question", f"the question appears twice (first on line {first[question]})")
                    )
                    row_ok = False
                else:
                    first[question] = line
            resolved: int | None = None
            if "resolved" in known:
                cell = cells[known["resolved"]].strip()
                if cell in ("0", "1"):
                    resolved = int(cell)
                else:
                    got = "an empty cell (a question that has not resolved has no row)" if not cell else shown(cell)
                    problems.append(Problem(name, line, f"{where}.resolved", f"resolved must be 0 or 1, got {got}"))
            forecasts: dict[str, float] = {}
            for forecaster, index in others.items():
                number, message = _probability(cells[index])
                if message is not None:
                    column = forecaster if TOKEN.fullmatch(forecaster) else f"(column-{index + 1})"
                    problems.append(Problem(name, line, f"{where}.{column}", message))
                elif number is not None:
                    forecasts[forecaster] = number
            if row_ok and resolved is not None and at is not None:
                read.append(Resolution(question, resolved, line, forecasts))
    except csv.Error as exc:
        problems.append(
            Problem(
                name,
                end + 1,
                "(file)",
                f"not a readable CSV file: {exc} (a quote opened and not closed?)"
                if "end of data" in str(exc)
                else f"not a readable CSV file: {exc}",
            )
        )
    if known is None:
        problems.append(Problem(name, 0 if not text else 1, "(file)", f"the file is empty; expected a header {','.join(REQUIRED)}"))
    elif not first and not problems:
        problems.append(Problem(name, header_line, "rows", "no question rows under the header"))
    if problems:
        raise ScenarioError(problems)
    return Resolutions(file=name, raw=raw, forecasters=tuple(others), header_line=header_line, rows=tuple(read))


__all__ = ["MAX_BYTES", "REQUIRED", "TEXT", "Resolution", "Resolutions", "read_resolutions", "shown"]
