"""``no_deal.beliefs``: each party's own prior over the end states of the war (Smith & Stam 2004)."""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.distributions import NONNEGATIVE, UNIT, Distribution
from negotiation.scenario.errors import Path
from negotiation.scenario.limits import MAX_SCALE
from negotiation.scenario.model import Belief
from negotiation.scenario.sections.drift import known_state

MEAN_TOL = 1e-6
"""How far from 1 the fixed means of a belief may sum."""


def compile_beliefs(ctx: CompileContext) -> list[Belief]:
    """The parties' Dirichlet priors, in file order.

    ``mean`` gives a probability per end state; a state left out has mean 0
    (an implicit parameter, so ``--set`` and events can still address it).
    When every mean is a fixed number they must sum to 1 within
    :data:`MEAN_TOL`; when some are distributions the engine renormalises the
    drawn means per draw. ``confidence`` is the Dirichlet concentration, above 0
    and at most ``limits.MAX_SCALE`` (1e12, near certainty)
    (a continuous distribution whose support starts at 0 is accepted: it gives
    0 with probability 0).
    """
    raw = ctx.section(("no_deal", "beliefs"))
    if ctx.is_broken(("no_deal", "beliefs")):
        return []
    states = list(ctx.section(("no_deal", "outcomes")))
    beliefs = []
    for party, spec in raw.items():
        path: Path = ("no_deal", "beliefs", party)
        if not isinstance(spec, dict) or ctx.is_broken(path) or not ctx.known_party(party, path):
            continue
        mpath = (*path, "mean")
        written = spec["mean"]
        ok = True
        for state in written:
            ok = known_state(ctx, state, (*mpath, state)) and ok
        mean = {}
        for state in states:
            if state in written:
                mean[state] = ctx.number((*mpath, state), UNIT, "a mean probability")
            else:
                mean[state] = ctx.implicit((*mpath, state), 0.0, UNIT)
        confidence = ctx.number((*path, "confidence"), NONNEGATIVE, "a confidence", positive=True, limit=MAX_SCALE)
        drawn = ctx.params[confidence].value
        if isinstance(drawn, Distribution) and drawn.name == "choice" and min(drawn.args) <= 0:
            ctx.bad((*path, "confidence"), f"a confidence must be greater than 0, but choice can give {min(drawn.args):g}")
        fixed = [ctx.fixed(key) for key in mean.values()]
        if ok and all(x is not None for x in fixed) and not ctx.reported_under(mpath):
            total = sum(x for x in fixed if x is not None)
            if abs(total - 1.0) > MEAN_TOL:
                ctx.bad(mpath, f"the means must sum to 1, got {total:g} (a state left out has mean 0)")
        if ok:
            beliefs.append(Belief(str(party), mean, confidence))
    return beliefs


__all__ = ["MEAN_TOL", "compile_beliefs"]
