"""The ``as_of`` date and the ``clock`` section: the periods of a dated scenario, and dates checked against them."""

from __future__ import annotations

from datetime import date
from typing import Any

from negotiation.scenario.clock import MAX_PERIODS, Clock, PeriodKind, parse_date, period_start
from negotiation.scenario.context import CompileContext, lookup
from negotiation.scenario.errors import Path

NEEDS_CLOCK = "needs a clock: add a 'clock' section with a period and a horizon"
"""The end of the message for a dated thing in a scenario without a clock."""


def read_date(ctx: CompileContext, path: Path) -> date | None:
    """The date written at ``path``, or None when there is none or after reporting a malformed one."""
    raw = lookup(ctx.data, path, None)
    if raw is None or ctx.is_broken(path):
        return None
    day = parse_date(raw)
    if isinstance(day, str):
        ctx.bad(path, day)
        return None
    return day


def clock_date(ctx: CompileContext, raw: Any, path: Path, clock: Clock | None, what: str) -> date | None:
    """A date on the clock (from its start to its horizon), or None after reporting why it is not one.

    Parameters
    ----------
    raw : str or date
        The date as written.
    path : Path
        Where it is written.
    clock : Clock or None
        The scenario's clock; None when it has none or it did not compile
        (then only a scenario with no ``clock`` section at all is reported).
    what : str
        The dated thing in words, for the message ("a talk date").
    """
    day = parse_date(raw)
    if isinstance(day, str):
        ctx.bad(path, day)
        return None
    if clock is None:
        if "clock" not in ctx.data:
            ctx.bad(path, f"{what} {NEEDS_CLOCK}")
        return None
    if not clock.contains(day):
        ctx.bad(path, f"{day} is outside the clock, which runs from {clock.start} to its horizon {clock.horizon}")
        return None
    return day


def compile_clock(ctx: CompileContext) -> tuple[date | None, Clock | None]:
    """``as_of`` and the clock; the clock is None without a ``clock`` section or after reporting why it does not compile."""
    as_of = read_date(ctx, ("as_of",))
    raw = lookup(ctx.data, ("clock",), None)
    if not isinstance(raw, dict) or ctx.is_broken(("clock",)):
        return as_of, None
    start = read_date(ctx, ("clock", "start"))
    horizon = read_date(ctx, ("clock", "horizon"))
    if "start" not in raw:
        if "as_of" not in ctx.data:
            ctx.bad(("clock",), "the clock needs a start: give clock.start, or as_of (the start's default)")
            return as_of, None
        start = as_of
    if start is None or horizon is None:
        return as_of, None
    where = ("clock", "horizon")
    if horizon <= start:
        ctx.bad(where, f"the horizon {horizon} must come after the start {start}")
        return as_of, None
    period: PeriodKind = raw["period"]
    try:
        too_long = period_start(start, period, MAX_PERIODS) <= horizon
    except (OverflowError, ValueError):  # past year 9999, so after any horizon
        too_long = False
    if too_long:
        ctx.bad(where, f"from {start} to {horizon} there are more than {MAX_PERIODS:,} {period}s, the limit of a clock")
        return as_of, None
    try:
        return as_of, Clock(start, period, horizon)
    except (OverflowError, ValueError):  # the last period would end after 9999-12-31
        ctx.bad(where, f"the last {period} from {start} would end after 9999-12-31, the last date there is")
        return as_of, None


__all__ = ["NEEDS_CLOCK", "clock_date", "compile_clock", "read_date"]
