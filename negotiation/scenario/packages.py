"""Reading written issue values and packages against the compiled issues.

A value is written as an option name (categorical issue), a number on the
grid (numeric issue) or a list of shares in the issue's party order (split
issue). Each function returns grid indices, or None after reporting on the
:class:`CompileContext` why the value does not resolve.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from negotiation.scenario.context import CompileContext, is_number
from negotiation.scenario.errors import Path, did_you_mean, one_of
from negotiation.scenario.model import Issue, PartialPackage
from negotiation.scenario.structure import kind_of

GRID_TOL = 1e-9
"""Relative tolerance, in units of an issue's range, for matching a written value to the grid."""


def option_index(ctx: CompileContext, issue: Issue, raw: Any, path: Path) -> int | None:
    """The grid index of one written value of ``issue``, or None after reporting why not."""
    if issue.kind == "categorical":
        if isinstance(raw, str) and raw in issue.options:
            return issue.options.index(raw)
        shown = f"'{raw}'" if isinstance(raw, str) else kind_of(raw)
        ctx.bad(
            path,
            f"{shown} is not an option of '{issue.name}'{did_you_mean(raw, issue.options) or '; expected ' + one_of(issue.options)}",
        )
        return None
    if issue.kind == "numeric":
        if not is_number(raw):
            ctx.bad(path, f"'{issue.name}' is numeric; expected a number on its grid, got {kind_of(raw)}")
            return None
        gap = np.abs(issue.grid - float(raw))
        j = int(np.argmin(gap))
        if gap[j] <= GRID_TOL * (issue.hi - issue.lo):
            return j
        grid = ", ".join(issue.key(k) for k in range(issue.size)) if issue.size <= 12 else f"{issue.size} points"
        ctx.bad(path, f"{float(raw):g} is not on the grid of '{issue.name}' ({grid}); nearest is {issue.key(j)}")
        return None
    if not (isinstance(raw, list) and len(raw) == len(issue.split) and all(is_number(x) for x in raw)):
        ctx.bad(path, f"'{issue.name}' is a split; expected {len(issue.split)} shares in the order {list(issue.split)}, got {kind_of(raw)}")
        return None
    want = np.asarray(raw, dtype=float)
    if abs(want.sum() - 1.0) > GRID_TOL:
        ctx.bad(path, f"the shares of '{issue.name}' must sum to 1, got {want.sum():g}")
        return None
    gap = np.abs(issue.shares - want).max(axis=1)
    j = int(np.argmin(gap))
    if gap[j] <= GRID_TOL:
        return j
    ctx.bad(
        path,
        f"{raw} is not on the grid of '{issue.name}' (shares move in steps of {issue.shares[1:, 0].min() if issue.size > 1 else 1:g}); nearest is {issue.key(j)}",
    )
    return None


def option_set(ctx: CompileContext, issue: Issue, raw: Any, path: Path) -> frozenset[int] | None:
    """Indices matched by a partial-package entry: one value, or a list of values (any of them)."""
    several = isinstance(raw, list) and (issue.kind != "split" or (raw and all(isinstance(x, list) for x in raw)))
    values = raw if several else [raw]
    if several and not values:
        ctx.bad(path, "an empty list matches nothing")
        return None
    found = [option_index(ctx, issue, v, (*path, i) if several else path) for i, v in enumerate(values)]
    return None if any(f is None for f in found) else frozenset(f for f in found if f is not None)


def partial_package(ctx: CompileContext, raw: Any, path: Path) -> PartialPackage | None:
    """A partial package (issue -> value or list of values), as issue position -> allowed indices."""
    if not isinstance(raw, dict) or ctx.is_broken(path):
        return None
    if not raw:
        ctx.bad(path, "an empty partial package would match every package")
        return None
    order = list(ctx.issues)
    out: PartialPackage = {}
    ok = True
    for name, value in raw.items():
        issue = ctx.known_issue(name, (*path, name))
        matched = option_set(ctx, issue, value, (*path, name)) if issue else None
        if matched is None:
            ok = False
        elif issue is not None:
            out[order.index(issue.name)] = matched
    return out if ok else None


def complete_package(ctx: CompileContext, raw: Any, path: Path) -> tuple[int, ...] | None:
    """A complete package (a value for every issue), as its grid index per issue in issue order."""
    if not isinstance(raw, dict) or ctx.is_broken(path):
        return None
    codes: dict[str, int] = {}
    ok = True
    for name, value in raw.items():
        issue = ctx.known_issue(name, (*path, name))
        j = option_index(ctx, issue, value, (*path, name)) if issue else None
        if j is None:
            ok = False
        elif issue is not None:
            codes[issue.name] = j
    missing = [name for name in ctx.issues if name not in raw]
    if missing:
        ctx.bad(path, f"a package needs a value for every issue; missing {', '.join(missing)}")
        ok = False
    if not ok or ctx.unusable_issues:
        return None
    return tuple(codes[name] for name in ctx.issues)


__all__ = ["GRID_TOL", "complete_package", "option_index", "option_set", "partial_package"]
