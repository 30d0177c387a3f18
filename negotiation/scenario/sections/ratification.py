"""The ``ratification`` section: domestic ratification steps (Putnam 1988)."""

from __future__ import annotations

from typing import Any

from negotiation.scenario.context import CompileContext
from negotiation.scenario.defaults import DEFAULT_THRESHOLD
from negotiation.scenario.distributions import UNIT, Domain
from negotiation.scenario.errors import Path
from negotiation.scenario.model import Ratification
from negotiation.scenario.packages import option_index, partial_package


def _shares_from_key(key: str) -> Any:
    """A split value written as a mapping key, ``"[0.5, 0.5]"``, as a list of floats."""
    try:
        return [float(x) for x in key.strip().strip("[]").split(",")]
    except ValueError:
        return key


def compile_shift(ctx: CompileContext, raw: Any, path: Path) -> dict[tuple[int, int], str]:
    """A ``shift`` table {issue: {value: shift}}: (issue index, option index) -> parameter path of a shift in [-1, 1].

    Used by ratification (support) and enforcement (the breakdown chance); a
    value that does not resolve is reported and left out.
    """
    shift: dict[tuple[int, int], str] = {}
    for issue_name, table in (raw if isinstance(raw, dict) else {}).items():
        ipath = (*path, issue_name)
        issue = ctx.known_issue(issue_name, ipath)
        if issue is None or not isinstance(table, dict):
            continue
        for key in table:
            written = key
            if issue.kind == "split" and isinstance(key, str):
                written = _shares_from_key(key)
            j = option_index(ctx, issue, written, (*ipath, key))
            if j is not None:
                shift[(list(ctx.issues).index(issue.name), j)] = ctx.number((*ipath, key), Domain(-1.0, 1.0), "a shift")
    return shift


def compile_ratification(ctx: CompileContext) -> list[Ratification]:
    """The ratification steps that resolve, with support, threshold and shifts registered as parameters."""
    steps = []
    for name, spec in ctx.section(("ratification",)).items():
        path: Path = ("ratification", name)
        if name in ctx.party_names:  # a step and a party share the columns and keys of who blocks a deal
            ctx.bad(path, f"a ratification step may not be named like a party ('{name}'); rename the step")
            continue
        if not isinstance(spec, dict) or path in ctx.broken:
            continue
        party = spec.get("party")
        if isinstance(party, str) and not ctx.is_broken((*path, "party")):
            ctx.known_party(party, (*path, "party"))
        applies = partial_package(ctx, spec.get("applies_if"), (*path, "applies_if"))
        support = ctx.number((*path, "support"), UNIT, "support")
        threshold = ctx.number((*path, "threshold"), UNIT, "a threshold", default=DEFAULT_THRESHOLD)
        shift = compile_shift(ctx, spec.get("shift"), (*path, "shift"))
        observed = spec.get("observed", True)
        if not isinstance(observed, bool):
            if not ctx.is_broken((*path, "observed")):
                ctx.bad((*path, "observed"), f"observed must be true or false, got {observed!r}")
            observed = True
        if applies is not None:
            steps.append(Ratification(name, str(spec.get("label", name)), str(party), applies, support, shift, threshold, observed))
    return steps


__all__ = ["compile_ratification", "compile_shift"]
