"""``--set PATH=VALUE`` overrides, applied to the YAML data before it is validated.

VALUE is read as YAML with the same safe reader as scenario files, so
``--set parties.russia.reservation='{beta: [2, 3]}'`` sets a distribution.
Anything an override sets is validated like the file itself, and a problem in
it is reported as ``--set:N`` (the N-th override).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.scenario.errors import Path, Problem, ScenarioError, did_you_mean
from negotiation.scenario.schema import scenario_schema
from negotiation.scenario.yamlio import Document, iso_dates, parse_text, walk

_SECTIONS = frozenset(scenario_schema()["properties"])
"""Top-level keys an override may always create, even beside a misspelt section in the file."""


def parse_path(text: str) -> Path:
    """A dotted path as written by a user, e.g. ``parties.russia.weight.territory``."""
    return tuple(part for part in text.strip().split("."))


Override = str | tuple[str, Any]
"""``"PATH=VALUE"`` (VALUE read as YAML) or ``(PATH, value)`` (value used as it is)."""


def apply_overrides(
    doc: Document, overrides: Sequence[Override] | Mapping[str, Any], origins: Sequence[tuple[str, int]] | None = None
) -> list[Problem]:
    """Apply overrides to ``doc`` in place.

    Parameters
    ----------
    doc : Document
        The scenario as read from its file.
    overrides : sequence of "PATH=VALUE" strings or (PATH, value) pairs, or a mapping PATH -> value
        Strings are parsed as YAML; other values are used as they are.
    origins : sequence of (file, line), optional
        Where each override was written (an experiment file, say), so that a
        problem with it is reported there; by default ``--set:N``.

    Returns
    -------
    list of Problem
        One for every override that is malformed or cannot be placed; the
        others are applied.
    """
    items: list[tuple[str, Any, bool]] = []
    if isinstance(overrides, Mapping):
        items = [(str(k), iso_dates(v), False) for k, v in overrides.items()]
    else:
        for item in overrides:
            if isinstance(item, tuple):
                items.append((str(item[0]), iso_dates(item[1]), False))
                continue
            path_text, sep, value_text = item.partition("=")
            items.append((path_text, value_text if sep else None, True))
    problems: list[Problem] = []
    for n, (path_text, value, is_text) in enumerate(items, start=1):
        origin = ("--set", n) if origins is None else origins[n - 1]
        where, line = origin
        path = parse_path(path_text)
        if value is None and is_text:
            problems.append(Problem(where, line, path_text.strip() or "(empty)", "expected PATH=VALUE, e.g. parties.usa.reservation=0.3"))
            continue
        if not path_text.strip() or any(part == "" for part in path):
            problems.append(Problem(where, line, path_text.strip() or "(empty)", "the path is empty or has an empty part"))
            continue
        if is_text:
            try:
                value = parse_text(str(value), where, origin=origin).data
            except ScenarioError as exc:
                problems.extend(Problem(where, line, path_text, p.message) for p in exc.problems)
                continue
        if not isinstance(doc.data, dict):
            continue  # the file itself is reported as not a mapping; there is nowhere to place the value
        trouble = _place(doc, path, value, origin)
        if trouble:
            problems.append(Problem(where, line, path_text, trouble))
    return problems


def _place(doc: Document, path: Path, value: Any, origin: tuple[str, int]) -> str | None:
    node: Any = doc.data
    resolved: list[str | int] = []
    for depth, step in enumerate(path):
        part = str(step)
        last = depth == len(path) - 1
        if isinstance(node, list):
            if not (part.isdigit() and int(part) < len(node)):
                return f"'{part}' is not an index of the list at {'.'.join(map(str, resolved)) or 'top level'} (0 to {len(node) - 1})"
            key: str | int = int(part)
        elif isinstance(node, dict):
            key = part
            if key not in node and not last:
                close = did_you_mean(key, node)
                if close and not (depth == 0 and key in _SECTIONS):
                    return f"no key '{key}' here{close}"
                node[key] = {}
                doc.origins[(*resolved, key)] = origin
        else:
            return f"'{'.'.join(map(str, resolved))}' holds a value, not a mapping, so '{part}' cannot be set inside it"
        resolved.append(key)
        if last:
            node[key] = value
        else:
            node = node[key]
    prefix = tuple(resolved)
    stale = [p for p in doc.origins if p[: len(prefix)] == prefix]
    for p in stale:
        del doc.origins[p]
    for sub, _ in walk(value):
        doc.origins[prefix + sub] = origin
    return None
