"""The clock of a dated scenario: consecutive periods of a week, a month or a quarter, and dates as written.

Periods are consecutive and the first starts at ``start``. Period ``k`` starts
``k`` steps after ``start`` and covers every day up to (and including) the day
before period ``k + 1`` starts:

- ``week``: 7 days;
- ``month``: one calendar month, counted from ``start``'s day of the month.
  Period ``k`` starts on that day ``k`` months later, clipped to the month's
  last day when the month is shorter (from 31 January: 28 or 29 February,
  then 31 March: each start is counted from ``start``, never from the clipped
  one before it);
- ``quarter``: three calendar months, counted the same way.

There are as many periods as it takes to reach the horizon: the last period is
the one that contains ``horizon``, so it ends on or after it. Dates in a
scenario are ISO strings ``YYYY-MM-DD`` (the YAML reader keeps them as
strings) or :class:`datetime.date` objects (a scenario given as a mapping).
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

PeriodKind = Literal["week", "month", "quarter"]
PERIODS: tuple[PeriodKind, ...] = ("week", "month", "quarter")
"""The lengths a period may have."""

MAX_PERIODS = 10_000
"""Most periods a clock may have."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(raw: Any) -> date | str:
    """A written date as a :class:`datetime.date`, or a message saying why it is not one.

    Parameters
    ----------
    raw : str or date
        ``YYYY-MM-DD`` or a date object (a datetime gives its date).

    Returns
    -------
    date or str
        The date, or the reason it is not one (a ``str``).
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str) or not _ISO_DATE.match(raw):
        shown = f"'{raw}'" if isinstance(raw, str) else repr(raw)
        return f"{shown} is not a date; write YYYY-MM-DD, e.g. 2025-10-22"
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        return f"'{raw}' is not a date: {exc}"


def add_months(start: date, months: int) -> date:
    """``start`` moved by ``months`` calendar months, its day clipped to the last day of the month."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_start(start: date, period: PeriodKind, k: int) -> date:
    """The first day of period ``k`` (0-based) of a clock from ``start``."""
    if period == "week":
        return start + timedelta(days=7 * k)
    return add_months(start, k * (1 if period == "month" else 3))


@dataclass(frozen=True)
class Clock:
    """The periods from ``start`` to ``horizon`` (docs/SCENARIOS.md, "Time").

    Attributes
    ----------
    start : date
        The first day of period 0.
    period : {"week", "month", "quarter"}
        The length of a period.
    horizon : date
        The last date the scenario asks about; after ``start``.
    starts : tuple of date, length n_periods
        The first day of each period.
    ends : tuple of date, length n_periods
        The last day of each period (inclusive): the day before the next one
        starts. ``ends[-1]`` is on or after ``horizon``.
    """

    start: date
    period: PeriodKind
    horizon: date
    starts: tuple[date, ...] = field(init=False)
    ends: tuple[date, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.horizon <= self.start:
            raise ValueError(f"the horizon {self.horizon} must come after the start {self.start}")
        starts: list[date] = []
        k = 0
        while not starts or period_start(self.start, self.period, k) <= self.horizon:
            if k >= MAX_PERIODS:
                raise ValueError(f"more than {MAX_PERIODS:,} periods from {self.start} to {self.horizon}")
            starts.append(period_start(self.start, self.period, k))
            k += 1
        ends = [period_start(self.start, self.period, j + 1) - timedelta(days=1) for j in range(len(starts))]
        object.__setattr__(self, "starts", tuple(starts))
        object.__setattr__(self, "ends", tuple(ends))

    @property
    def n_periods(self) -> int:
        """The number of periods."""
        return len(self.starts)

    @property
    def end(self) -> date:
        """The last day of the last period (on or after ``horizon``)."""
        return self.ends[-1]

    def contains(self, day: date) -> bool:
        """True for a date from ``start`` to ``horizon``, both included: a date the scenario may name."""
        return self.start <= day <= self.horizon

    def period_of(self, day: date) -> int:
        """The period containing ``day``: ``k`` with ``starts[k] <= day <= ends[k]``.

        Raises
        ------
        ValueError
            For a date before ``start`` or after the last period's end.
        """
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the clock ({self.start} to {self.end})")
        return bisect_right(self.starts, day) - 1

    def ended_by(self, day: date) -> int:
        """The last period that ends on or before ``day``, or -1 when period 0 ends after it.

        A deal in period ``t`` counts as "by ``day``" exactly when ``t <= ended_by(day)``;
        the period that contains ``day`` counts only if ``day`` is its last day.
        """
        return bisect_right(self.ends, day) - 1


__all__ = ["MAX_PERIODS", "PERIODS", "Clock", "PeriodKind", "add_months", "parse_date", "period_start"]
