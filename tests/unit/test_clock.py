"""The clock's period arithmetic: weeks, months and quarters, month-end clipping, and dates at period boundaries."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from negotiation.scenario.clock import Clock, add_months, parse_date


def test_weeks_are_seven_days_and_the_last_period_holds_the_horizon() -> None:
    clock = Clock(date(2025, 8, 15), "week", date(2025, 9, 4))
    assert clock.starts == (date(2025, 8, 15), date(2025, 8, 22), date(2025, 8, 29))
    assert clock.ends == (date(2025, 8, 21), date(2025, 8, 28), date(2025, 9, 4))
    assert clock.n_periods == 3 and clock.end == clock.horizon


def test_a_horizon_on_a_period_start_opens_one_more_period() -> None:
    clock = Clock(date(2025, 8, 15), "week", date(2025, 8, 22))
    assert clock.n_periods == 2 and clock.end == date(2025, 8, 28)


def test_months_count_from_the_start_day_clipped_to_the_month_end() -> None:
    clock = Clock(date(2025, 1, 31), "month", date(2025, 5, 1))
    assert clock.starts == (date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30))
    assert clock.ends == (date(2025, 2, 27), date(2025, 3, 30), date(2025, 4, 29), date(2025, 5, 30))
    assert clock.end >= clock.horizon


def test_a_leap_february_and_quarters() -> None:
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 15), 1) == date(2025, 1, 15)
    clock = Clock(date(2025, 8, 31), "quarter", date(2026, 8, 31))
    assert clock.starts == (date(2025, 8, 31), date(2025, 11, 30), date(2026, 2, 28), date(2026, 5, 31), date(2026, 8, 31))
    assert clock.ends[0] == date(2025, 11, 29) and clock.n_periods == 5


def test_period_of_at_the_boundaries() -> None:
    clock = Clock(date(2025, 8, 15), "month", date(2026, 12, 31))
    assert clock.n_periods == 17
    assert clock.period_of(date(2025, 8, 15)) == 0
    assert clock.period_of(date(2025, 9, 14)) == 0
    assert clock.period_of(date(2025, 9, 15)) == 1
    assert clock.period_of(date(2026, 12, 31)) == 16
    assert clock.period_of(clock.end) == 16
    for outside in (date(2025, 8, 14), clock.end.replace(day=clock.end.day + 1)):
        with pytest.raises(ValueError, match="outside the clock"):
            clock.period_of(outside)


def test_ended_by_counts_a_period_only_once_it_is_over() -> None:
    clock = Clock(date(2025, 8, 15), "month", date(2026, 12, 31))
    assert clock.ended_by(date(2025, 9, 13)) == -1
    assert clock.ended_by(date(2025, 9, 14)) == 0
    assert clock.ended_by(date(2025, 9, 15)) == 0
    assert clock.ended_by(date(2025, 12, 31)) == 3
    assert clock.ended_by(date(2026, 12, 31)) == 15
    assert clock.ended_by(clock.end) == 16


def test_a_horizon_not_after_the_start_is_refused() -> None:
    with pytest.raises(ValueError, match="must come after"):
        Clock(date(2025, 8, 15), "month", date(2025, 8, 15))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-10-22", date(2025, 10, 22)),
        (date(2025, 10, 22), date(2025, 10, 22)),
        (datetime(2025, 10, 22, 12, 30), date(2025, 10, 22)),
        ("2025-02-29", "'2025-02-29' is not a date: day is out of range for month"),
        ("22.10.2025", "'22.10.2025' is not a date; write YYYY-MM-DD, e.g. 2025-10-22"),
        ("20251022", "'20251022' is not a date; write YYYY-MM-DD, e.g. 2025-10-22"),
        (20251022, "20251022 is not a date; write YYYY-MM-DD, e.g. 2025-10-22"),
    ],
)
def test_parse_date(raw: object, expected: object) -> None:
    assert parse_date(raw) == expected
