"""The ``talks`` section: the periods in which agreement is possible (default: every period)."""

from __future__ import annotations

from datetime import date

import numpy as np

from negotiation.scenario.clock import Clock
from negotiation.scenario.context import CompileContext
from negotiation.scenario.model import Talk, TalkSchedule
from negotiation.scenario.sections.clock import NEEDS_CLOCK, clock_date


def compile_talks(ctx: CompileContext, clock: Clock | None) -> TalkSchedule | None:
    """The talk schedule over the clock's periods; None without a clock.

    A dated talk ``{date, label}`` puts a talk in the period containing its
    date; ``{every: k}`` puts one in periods 0, k, 2k, ...; several items add
    up. Without the section there is a talk in every period.
    """
    raw = ctx.data.get("talks")
    if clock is None:
        if raw is not None and "clock" not in ctx.data and not ctx.is_broken(("talks",)):
            ctx.bad(("talks",), f"talks {NEEDS_CLOCK}")
        return None
    n = clock.n_periods
    if not isinstance(raw, list) or ctx.is_broken(("talks",)):
        return TalkSchedule(np.ones(n, dtype=bool))
    mask = np.zeros(n, dtype=bool)
    dated: list[Talk] = []
    every: list[int] = []
    for i, item in enumerate(raw):
        path = ("talks", i)
        if not isinstance(item, dict) or ctx.is_broken(path):
            continue
        if "every" in item:
            stride = int(item["every"])
            mask[::stride] = True
            every.append(stride)
        else:
            day = clock_date(ctx, item["date"], (*path, "date"), clock, "a talk date")
            if isinstance(day, date):
                k = clock.period_of(day)
                mask[k] = True
                dated.append(Talk(day, str(item.get("label", day.isoformat())), k))
    return TalkSchedule(mask, tuple(dated), tuple(every))


__all__ = ["compile_talks"]
