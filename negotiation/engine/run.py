"""Running a plan over all its draws, chunk by chunk, with flat memory."""

from __future__ import annotations

from collections.abc import Callable

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.progress import Progress
from negotiation.results.outcome import ChunkOutcome
from negotiation.results.summary import SummaryBuilder
from negotiation.summit import REPORTERS


def simulate(
    plan: Plan,
    *,
    on_chunk: Callable[[ChunkOutcome], None] | None = None,
    progress: Progress | None = None,
) -> SummaryBuilder:
    """Solve every draw of the plan's scenario in chunks of ``monte_carlo.chunk`` draws.

    Each chunk's outcome is folded into the summary and passed to
    ``on_chunk`` (to write it out), then dropped, so memory does not grow
    with the number of draws.
    """
    keep_freed_memory()
    mc = plan.scenario.monte_carlo
    builder = SummaryBuilder(plan.scenario, plan.space.codes, mc.draws, REPORTERS)
    for start in range(0, mc.draws, mc.chunk):
        stop = min(start + mc.chunk, mc.draws)
        outcome = solve_chunk(plan, start, stop)
        builder.add(outcome)
        if on_chunk is not None:
            on_chunk(outcome)
        if progress is not None:
            progress.update(stop)
    if progress is not None:
        progress.close()
    return builder
