"""The ``monte_carlo`` section: draws, seed, sampler, chunk and precision."""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.defaults import DEFAULT_CHUNK, DEFAULT_DRAWS, DEFAULT_SAMPLER, DEFAULT_SEED
from negotiation.scenario.model import MonteCarlo

MAX_SOBOL_DRAWS = 2**32
"""Most draws the Sobol' sampler gives."""


def compile_monte_carlo(ctx: CompileContext) -> MonteCarlo:
    """The Monte Carlo settings, each defaulted when left out."""
    raw = ctx.section(("monte_carlo",))
    if ctx.is_broken(("monte_carlo",)):
        return MonteCarlo()
    if raw.get("sampler") == "sobol" and int(raw.get("draws", DEFAULT_DRAWS)) > MAX_SOBOL_DRAWS:
        ctx.bad(("monte_carlo", "draws"), f"the sobol sampler gives at most {MAX_SOBOL_DRAWS:,} draws")
    return MonteCarlo(
        draws=int(raw.get("draws", DEFAULT_DRAWS)),
        seed=int(raw.get("seed", DEFAULT_SEED)),
        sampler=str(raw.get("sampler", DEFAULT_SAMPLER)),
        chunk=int(raw.get("chunk", DEFAULT_CHUNK)),
        precision=float(raw["precision"]) if "precision" in raw else None,
    )


__all__ = ["MAX_SOBOL_DRAWS", "compile_monte_carlo"]
