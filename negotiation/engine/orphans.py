"""Worker processes that end with their parent, however the parent ends.

The workers of ``--workers N`` are processes of their own: when the parent
ends normally it shuts its pool down, but a parent killed with SIGKILL (or by
the kernel's out-of-memory killer) tells them nothing, and they would stay,
each holding its copy of the plan, until killed by hand.

Each worker therefore calls :func:`end_with_parent` when it starts:

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` asks the kernel to kill it
  the moment its parent ends (strictly, the parent's thread that started it:
  pools are started by the thread that runs the backend, which outlives them);
- everywhere, a daemon thread checks once a second whether the parent is
  still its parent (an orphan is adopted by another process, so
  ``os.getppid()`` changes) and ends the process if not.

Multiprocessing's resource tracker needs nothing: it ends when the last
holder of its pipe (the parent and the workers) has gone.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal a process receives when its parent ends (``linux/prctl.h``)."""

POLL_SECONDS = 1.0
"""How often the watching thread checks that the parent is alive."""


def _death_signal() -> bool:
    """Ask the kernel for SIGKILL when the parent ends (Linux only); whether it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def end_with_parent(parent: int) -> None:
    """Make this process end when the process ``parent`` (its parent when it started) ends.

    Parameters
    ----------
    parent : int
        The parent's process id, as the parent saw it (``os.getpid()`` there):
        if the parent is already gone when this runs, the process ends at once.
    """
    _death_signal()
    if os.getppid() != parent:  # the parent died before the kernel was asked to tell us
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="end-with-parent", daemon=True).start()


__all__ = ["POLL_SECONDS", "PR_SET_PDEATHSIG", "end_with_parent"]
