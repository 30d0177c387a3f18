"""The progress line appears only on long runs, and says how far along they are."""

from __future__ import annotations

import io

from negotiation.engine.progress import SHOW_AFTER, Progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_silent_on_short_runs_and_when_disabled() -> None:
    clock, out = Clock(), io.StringIO()
    meter = Progress(1000, stream=out, clock=clock)
    clock.now = SHOW_AFTER / 2
    meter.update(1000)
    meter.close()
    assert out.getvalue() == ""
    quiet = Progress(1000, stream=out, clock=clock, enabled=False)
    clock.now = 100.0
    quiet.update(500)
    assert out.getvalue() == ""


def test_long_runs_report_done_rate_and_time_left() -> None:
    clock, out = Clock(), io.StringIO()
    meter = Progress(1000, stream=out, clock=clock)
    clock.now = 5.0
    meter.update(250)
    clock.now = 20.0
    meter.update(1000)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "250/1,000 draws" in lines[0] and "25.0%" in lines[0] and "50/s" in lines[0] and "15s left" in lines[0]
    assert "100.0%" in lines[1]
