"""Citations in a scenario's comments, and the ``as_of`` rule: no parameter rests on a later source.

How a file cites (docs/SCENARIOS.md, "Sources, citations and the as_of rule"):

- A citation is written as in pandoc, inside a YAML comment:
  ``# 38% accept some concessions [@kiis_jun2025]``, or several,
  ``[@a; @b]`` (commas work too). Each ``@id`` must be a key of ``sources``.
  Brackets without ``@`` are text (``{uniform: [lo, hi]}`` in a comment is
  not a citation), but a bracket of source ids without ``@`` is reported, as
  a citation that lost its marks.
- A comment after a value applies to the key or list item on its line, a
  comment on lines of its own to the next key or item; either way to
  everything under it. A value *rests on* the sources cited by every comment
  that applies to it or to a key above it.

With ``as_of`` (a dated scenario, DESIGN §10):

- a comment that applies to a parameter may not cite a source dated after
  ``as_of``. Parameters are every value except ``name``, ``title``,
  ``description``, ``sources``, ``clock``, ``protocols``, ``monte_carlo``,
  ``label`` and ``description`` keys, and proposals marked ``hindsight: true``
  (named in hindsight: evaluated, never used to set anything);
- and, checked on request (``complete=True``; the project's own scenarios are
  tested so), every number in ``parties``, ``no_deal``, ``events``,
  ``ratification``, ``stakeholders``, ``summit`` and ``talks`` rests on
  something: an applying comment with a citation or ``assumption:`` and its
  reason.

Only what came from a file's text is checked: values set by ``--set`` or by an
experiment, and scenarios given as mappings, have no comments.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from negotiation.scenario.errors import Path, Problem, dotted
from negotiation.scenario.yamlio import Document, walk

_ID = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
CITATION = re.compile(rf"\[\s*(@{_ID}(?:\s*[,;]\s*@{_ID})*)\s*\]")
"""A citation in a comment: ``[@id]`` or ``[@a; @b]``."""

_BARE = re.compile(rf"\[\s*({_ID}(?:\s*[,;]\s*{_ID})*)\s*\]")

ASSUMPTION = re.compile(r"\bassumptions?\s*:", re.IGNORECASE)
"""The mark of a modelling judgement in a comment."""

NOT_PARAMETERS = frozenset({"name", "title", "description", "sources", "clock", "protocols", "monte_carlo", "as_of"})
"""Top-level keys whose values are not parameters."""

MUST_REST = frozenset({"parties", "no_deal", "events", "ratification", "stakeholders", "summit", "talks"})
"""Top-level sections whose every number must rest on a citation or an assumption."""

_TEXT_KEYS = frozenset({"label", "description"})


def cited(comment: str) -> list[str]:
    """The source ids a comment cites, in order."""
    return [name.strip().lstrip("@") for group in CITATION.findall(comment) for name in re.split(r"[,;]", group)]


def unmarked(comment: str, known: Iterable[str]) -> list[str]:
    """Bracketed lists of known source ids written without ``@`` (``[kiis]`` for ``[@kiis]``), as written."""
    names = set(known)
    return [group for group in _BARE.findall(comment) if all(n.strip() in names for n in re.split(r"[,;]", group))]


def check_citations(
    doc: Document,
    days: Mapping[str, dt.date | None],
    as_of: dt.date | None,
    hindsight: Iterable[str] = (),
    complete: bool = False,
) -> list[Problem]:
    """Located problems with a document's citations.

    Parameters
    ----------
    doc : Document
        The scenario as read, with its comments (nothing is checked without them).
    days : mapping
        Source id -> the last day its date may mean (None: undated, reported where the source is).
    as_of : date or None
        The information date; without it only the ids are checked (every
        ``[@id]`` must name a listed source, dated or not).
    hindsight : iterable of str
        Proposals marked ``hindsight: true``.
    complete : bool
        Also report, with ``as_of``, every line holding a number that rests on
        nothing.

    Returns
    -------
    list of Problem
        An unknown id, a later source, or (if asked) a number that rests on
        nothing; each at its comment's or value's line.
    """
    if doc.comments is None or not isinstance(doc.data, dict):
        return []
    late = frozenset(hindsight)
    leaves = [(path, value) for path, value in walk(doc.data) if not isinstance(value, (dict, list)) and _from_file(doc, path)]
    at_line: dict[int, list[Path]] = {}
    for path, (file, line) in doc.origins.items():
        if file == doc.file and path:
            at_line.setdefault(line, []).append(path)
    under_parameter = {path[:k] for path, _ in leaves if _is_parameter(path, late) for k in range(len(path) + 1)}
    problems: list[Problem] = []
    supported: set[Path] = set()
    for comment in doc.comments:
        targets = at_line.get(comment.applies_to, [])
        where = dotted(min(targets, key=len)) if targets else "(file)"
        ids = cited(comment.text)
        for group in unmarked(comment.text, days):
            marked = "; ".join("@" + n.strip() for n in re.split(r"[,;]", group))
            problems.append(Problem(doc.file, comment.line, where, f"[{group}] names sources without '@': write [{marked}] to cite them"))
        if ids or ASSUMPTION.search(comment.text):
            supported.update(targets)
        about_parameter = any(path in under_parameter for path in targets)
        for name in ids:
            if name not in days:
                problems.append(Problem(doc.file, comment.line, where, _unknown(name, days)))
                continue
            day = days[name]
            if as_of is not None and about_parameter and day is not None and day > as_of:
                problems.append(
                    Problem(
                        doc.file,
                        comment.line,
                        where,
                        f"rests on [@{name}], dated {_dated(doc.data['sources'][name].get('date'), day)}, after as_of "
                        f"{as_of}: a dated scenario uses only what was public by then; cite an earlier source, or mark a "
                        "proposal named in hindsight with 'hindsight: true'",
                    )
                )
    if complete and as_of is not None:
        problems += _unsupported(doc, leaves, supported, late)
    return problems


def _dated(written: Any, day: dt.date) -> str:
    """A source's date as written, with the day it counts as when that is not the same."""
    return str(written) if str(written) == day.isoformat() else f"{written} (counted as {day})"


def _from_file(doc: Document, path: Path) -> bool:
    """True when the value at ``path`` was written in the document's file (not by --set or an experiment)."""
    return doc.where(path)[0] == doc.file


def _is_parameter(path: Path, hindsight: frozenset[str]) -> bool:
    """Whether a value at ``path`` changes an outcome (see the module docstring)."""
    if not path or path[0] in NOT_PARAMETERS or any(key in _TEXT_KEYS for key in path[1:] if isinstance(key, str)):
        return False
    return not (path[0] == "proposals" and len(path) > 1 and path[1] in hindsight)


def _unknown(name: str, days: Mapping[str, Any]) -> str:
    """The message for a citation of an id that ``sources`` does not list."""
    close = difflib.get_close_matches(name, list(days), n=1)
    hint = f" (did you mean @{close[0]}?)" if close else ""
    return f"cites @{name}, which sources does not list{hint}"


def _unsupported(doc: Document, leaves: list[tuple[Path, Any]], supported: set[Path], hindsight: frozenset[str]) -> list[Problem]:
    """One problem per line holding a number that no citation or assumption applies to."""
    out: list[Problem] = []
    seen: set[int] = set()
    for path, value in leaves:
        if path[0] not in MUST_REST or not _is_parameter(path, hindsight):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if any(path[:k] in supported for k in range(1, len(path) + 1)):
            continue
        file, line = doc.where(path)
        if line in seen:
            continue
        seen.add(line)
        out.append(
            Problem(file, line, dotted(path), "rests on no source: cite one as [@id] in a comment, or write 'assumption:' with its reason")
        )
    return out


__all__ = ["ASSUMPTION", "CITATION", "MUST_REST", "NOT_PARAMETERS", "check_citations", "cited", "unmarked"]
