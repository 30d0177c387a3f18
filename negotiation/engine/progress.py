"""A quiet progress line for long runs, on standard error."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

SHOW_AFTER = 2.0
"""Seconds a run must last before progress is shown."""


def _clock(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress:
    """Reports draws done, rate and time left, once a run has lasted :data:`SHOW_AFTER` seconds.

    On a terminal the line is redrawn in place; otherwise a line is printed
    at most every ten seconds.
    """

    def __init__(
        self,
        total: int,
        label: str = "draws",
        stream: TextIO | None = None,
        enabled: bool = True,
        clock: Callable[[], float] = time.perf_counter,
    ):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.clock = clock
        self.start = clock()
        self.last = -float("inf")
        self.shown = False
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        elapsed = now - self.start
        if elapsed < SHOW_AFTER or (not self.tty and now - self.last < 10.0 and done < self.total):
            return
        if self.tty and now - self.last < 0.2 and done < self.total:
            return
        self.last = now
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate > 0 else 0.0
        width = 24
        filled = int(width * done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        line = f"[{bar}] {done:,}/{self.total:,} {self.label} {100 * done / max(self.total, 1):5.1f}%  {rate:,.0f}/s  {_clock(left)} left"
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()
