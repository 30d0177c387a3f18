"""The ``questions`` section: the dated questions a run answers, P(a deal by a date, with given terms)."""

from __future__ import annotations

from negotiation.scenario.clock import Clock, parse_date
from negotiation.scenario.context import CompileContext
from negotiation.scenario.errors import Path
from negotiation.scenario.model import Question
from negotiation.scenario.packages import partial_package
from negotiation.scenario.sections.clock import NEEDS_CLOCK


def compile_questions(ctx: CompileContext, clock: Clock | None) -> list[Question]:
    """Every question whose date is on the clock and whose terms resolve.

    ``by`` may not fall before the clock's start nor after its horizon. A deal
    counts when its period ends on or before ``by`` (:meth:`Clock.ended_by`);
    when ``by`` falls before the end of period 0 no deal can count, and the
    question is kept with period -1 (its probability is 0).
    """
    out = []
    section = ctx.section(("questions",))
    if section and clock is None and "clock" not in ctx.data and not ctx.is_broken(("questions",)):
        ctx.bad(("questions",), f"questions {NEEDS_CLOCK}")
    for name, spec in section.items():
        path: Path = ("questions", name)
        if not isinstance(spec, dict) or ctx.is_broken(path):
            continue
        terms = partial_package(ctx, spec["with"], (*path, "with")) if "with" in spec else None
        if clock is None or ctx.is_broken((*path, "by")):
            continue
        by = parse_date(spec["by"])
        if isinstance(by, str):
            ctx.bad((*path, "by"), by)
            continue
        if by > clock.horizon:
            ctx.bad((*path, "by"), f"{by} is after the clock's horizon {clock.horizon}; move the horizon or the question")
            continue
        if by < clock.start:
            ctx.bad((*path, "by"), f"{by} is before the clock's start {clock.start}")
            continue
        if "with" in spec and terms is None:
            continue
        out.append(Question(str(name), by, clock.ended_by(by), terms))
    return out


__all__ = ["compile_questions"]
