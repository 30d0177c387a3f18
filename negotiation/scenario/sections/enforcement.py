"""``no_deal.enforcement``: the commitment problem, a deal's chance to collapse into war (Fearon 1995 §4; Powell 2006)."""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.distributions import UNIT
from negotiation.scenario.errors import Path
from negotiation.scenario.model import Effect, Enforcement
from negotiation.scenario.sections.events import compile_effect
from negotiation.scenario.sections.ratification import compile_shift

AFTER = "no_deal.*"
"""What the war after a collapse may change."""


def compile_enforcement(ctx: CompileContext) -> Enforcement | None:
    """The breakdown chance, its shifts by package content and the war after a collapse; None without the section.

    ``shift`` reads as ratification's (issue -> {value: change}); ``after``
    as event effects, restricted to the war lottery and its costs
    (:data:`AFTER`, not enforcement itself).
    """
    base: Path = ("no_deal", "enforcement")
    raw = ctx.section(base)
    if not raw or ctx.is_broken(base):
        return None
    breakdown = ctx.number((*base, "breakdown"), UNIT, "a breakdown chance")
    shift = compile_shift(ctx, raw.get("shift"), (*base, "shift"))
    targets = [k for k in ctx.params if k.startswith("no_deal.") and not k.startswith("no_deal.enforcement.")]
    after: list[Effect] = []
    for target, change in (raw.get("after") or {}).items():
        epath = (*base, "after", target)
        if ctx.is_broken(epath):
            continue
        if not str(target).startswith("no_deal."):
            ctx.bad(epath, f"the war after a collapse can change only {AFTER} parameters, not '{target}'")
            continue
        if str(target).startswith("no_deal.enforcement."):
            ctx.bad(epath, f"the war after a collapse cannot change enforcement itself ('{target}')")
            continue
        effect = compile_effect(ctx, target, change, epath, targets)
        if effect is not None:
            after.append(effect)
    return Enforcement(breakdown, shift, tuple(after))


__all__ = ["AFTER", "compile_enforcement"]
