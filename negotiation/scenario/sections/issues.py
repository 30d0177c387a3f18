"""The ``issues`` section: categorical, numeric and split issues, and the size of the outcome space."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.context import CompileContext
from negotiation.scenario.errors import Path
from negotiation.scenario.model import MAX_PACKAGES, Issue
from negotiation.scenario.sections.proposals import HINDSIGHT

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def compositions(total: int, parts: int) -> NDArray[np.int64]:
    """All ways to write ``total`` as ``parts`` ordered non-negative integers.

    Rows are in lexicographic order, so the first party's share rises first:
    ``compositions(2, 2)`` is ``[[0, 2], [1, 1], [2, 0]]``.
    """
    if parts == 1:
        return np.array([[total]], dtype=np.int64)
    rows = [
        np.column_stack([np.full(len(rest), first), rest])
        for first in range(total + 1)
        for rest in [compositions(total - first, parts - 1)]
    ]
    return np.vstack(rows)


def compile_issues(ctx: CompileContext) -> None:
    """Compile every issue into ``ctx.issues`` (or ``ctx.unusable_issues``) and check the outcome space's size."""
    for name, spec in ctx.section(("issues",)).items():
        path: Path = ("issues", name)
        if not isinstance(name, str) or ctx.is_broken(path) or not isinstance(spec, dict):
            ctx.unusable_issues.add(str(name))
            continue
        if name == HINDSIGHT:
            ctx.bad(path, f"an issue may not be named '{HINDSIGHT}': in a proposal that key marks one named in hindsight")
            ctx.unusable_issues.add(name)
            continue
        issue = compile_issue(ctx, name, spec, path)
        if issue is None:
            ctx.unusable_issues.add(name)
        else:
            ctx.issues[name] = issue
    total = math.prod(issue.size for issue in ctx.issues.values()) if ctx.issues else 0
    if total > MAX_PACKAGES:
        ctx.bad(
            ("issues",),
            f"the outcome space has {total:,} packages, more than the limit of {MAX_PACKAGES:,}; use fewer options or steps",
        )


def compile_issue(ctx: CompileContext, name: str, spec: dict[str, Any], path: Path) -> Issue | None:
    """One issue and its grid, or None after reporting why it has none."""
    label = str(spec.get("label", name))
    unit = str(spec.get("unit", ""))
    if "options" in spec:
        options = spec["options"]
        odd = [o for o in options if not set(o) <= _NAME_CHARS]
        if odd:
            ctx.bad((*path, "options"), f"option '{odd[0]}' may hold only letters, digits, '_' and '-'")
            return None
        return Issue(name, label, "categorical", options=tuple(options), unit=unit)
    steps = int(spec["steps"])
    if "range" in spec:
        lo, hi = (float(x) for x in spec["range"])
        if not lo < hi:
            ctx.bad((*path, "range"), f"range needs lo < hi, got [{lo:g}, {hi:g}]")
            return None
        if steps < 2:
            ctx.bad((*path, "steps"), f"a numeric issue needs at least 2 steps (grid points), got {steps}")
            return None
        if steps > MAX_PACKAGES:
            ctx.bad((*path, "steps"), f"{steps:,} steps is more than the limit of {MAX_PACKAGES:,} packages")
            return None
        grid = np.round(lo + (hi - lo) * np.arange(steps) / (steps - 1), 12)
        return Issue(name, label, "numeric", grid=grid, lo=lo, hi=hi, unit=unit)
    split = tuple(spec["split"])
    size = math.comb(steps + len(split) - 1, len(split) - 1)
    if size > MAX_PACKAGES:
        ctx.bad((*path, "steps"), f"this split has {size:,} options, more than the limit of {MAX_PACKAGES:,} packages")
        return None
    shares = np.round(compositions(steps, len(split)) / steps, 12)
    return Issue(name, label, "split", grid=shares[:, 0].copy(), shares=shares, split=split, unit=unit)


__all__ = ["compile_issue", "compile_issues", "compositions"]
