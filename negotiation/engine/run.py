"""Running a plan over all its draws, chunk by chunk, with flat memory.

Chunks are solved by a backend (``engine.backends``: this process, a process
pool or a Dask cluster) and folded into the summary in chunk order, so the
result is the same whatever solved them. A run can start from a saved summary
(``done`` draws already folded) to resume after a crash, and can stop early
once every protocol's deal rate is precise enough (``monte_carlo.precision``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.backends import Backend, SerialBackend, Task
from negotiation.engine.chunk import Plan
from negotiation.engine.progress import Progress
from negotiation.engine.registry import REPORTERS
from negotiation.results.outcome import ChunkOutcome
from negotiation.results.summary import SummaryBuilder


def chunk_bounds(draws: int, chunk: int) -> list[tuple[int, int]]:
    """The (start, stop) of every chunk of a run."""
    return [(start, min(start + chunk, draws)) for start in range(0, draws, chunk)]


def new_builder(plan: Plan) -> SummaryBuilder:
    """An empty streaming summary for a plan's run."""
    return SummaryBuilder(plan.scenario, plan.space.codes, plan.scenario.monte_carlo.draws, REPORTERS)


def plan_summary(plan: Plan, builder: SummaryBuilder) -> dict[str, Any]:
    """The summary of a plan's run (``summary.json``), with ``at_start`` when the plan is a clock's one-shot problem."""
    data = builder.summary()
    if plan.at_start is not None:
        data["at_start"] = plan.at_start.to_dict()
    return data


def simulate(
    plan: Plan,
    *,
    on_chunk: Callable[[ChunkOutcome], None] | None = None,
    progress: Progress | None = None,
    backend: Backend | None = None,
    builder: SummaryBuilder | None = None,
    done: int = 0,
    on_folded: Callable[[SummaryBuilder, int], None] | None = None,
) -> SummaryBuilder:
    """Solve every draw of the plan's scenario in chunks of ``monte_carlo.chunk`` draws.

    Each chunk's outcome is folded into the summary and passed to
    ``on_chunk`` (to write it out), then dropped, so memory does not grow
    with the number of draws. ``on_folded(builder, stop)`` follows each chunk
    (to save a checkpoint).

    Parameters
    ----------
    backend : Backend, optional
        Who solves the chunks (default: this process).
    builder, done : optional
        Resume: the summary of the first ``done`` draws.
    """
    keep_freed_memory()
    mc = plan.scenario.monte_carlo
    builder = builder or new_builder(plan)
    tasks: list[Task] = [(start, stop, None) for start, stop in chunk_bounds(mc.draws, mc.chunk) if start >= done]
    backend = backend or SerialBackend()
    if progress is not None and done:
        progress.update(done)
    if not (mc.precision is not None and done and builder.precise(mc.precision)):
        for outcome in backend.outcomes(plan, tasks):
            builder.add(outcome)
            if on_chunk is not None:
                on_chunk(outcome)
            if on_folded is not None:
                on_folded(builder, outcome.stop)
            if progress is not None:
                progress.update(outcome.stop)
            if mc.precision is not None and builder.precise(mc.precision):
                break
    if progress is not None:
        progress.close()
    return builder


__all__ = ["chunk_bounds", "new_builder", "plan_summary", "simulate"]
