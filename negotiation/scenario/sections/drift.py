"""``no_deal.drift``: shifting power (Powell 2006), the per-period move of nature's war lottery."""

from __future__ import annotations

from negotiation.scenario.clock import Clock
from negotiation.scenario.context import CompileContext
from negotiation.scenario.distributions import Domain
from negotiation.scenario.errors import Path, did_you_mean
from negotiation.scenario.sections.clock import NEEDS_CLOCK

DRIFT_DOMAIN = Domain(-1.0, 1.0)
"""Where a per-period increment of a probability may lie."""


def known_state(ctx: CompileContext, name: object, path: Path) -> bool:
    """True for an end state of ``no_deal.outcomes``; otherwise report it unknown (with a did-you-mean) and return False."""
    states = list(ctx.section(("no_deal", "outcomes")))
    if name in states:
        return True
    if not ctx.readable(("no_deal", "outcomes")):
        return False  # no_deal.outcomes has the wrong type, which was reported there
    ctx.bad(path, f"unknown end state '{name}'{did_you_mean(name, states)}")
    return False


def compile_drift(ctx: CompileContext, clock: Clock | None) -> dict[str, str]:
    """End state -> parameter path of ``add``, the increment of its probability per period, per draw.

    The engine adds each increment to nature's lottery every period, clips at 0
    and renormalises. Drift needs a clock.
    """
    raw = ctx.section(("no_deal", "drift"))
    if not raw or ctx.is_broken(("no_deal", "drift")):
        return {}
    if clock is None and "clock" not in ctx.data:
        ctx.bad(("no_deal", "drift"), f"drift {NEEDS_CLOCK}")
    drift = {}
    for state, spec in raw.items():
        path: Path = ("no_deal", "drift", state)
        if not isinstance(spec, dict) or ctx.is_broken(path) or not known_state(ctx, state, path):
            continue
        drift[str(state)] = ctx.number((*path, "add"), DRIFT_DOMAIN, "a drift")
    return drift


__all__ = ["DRIFT_DOMAIN", "compile_drift", "known_state"]
