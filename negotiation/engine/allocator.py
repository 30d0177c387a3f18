"""Keeping freed memory for reuse during a run.

Every sub-block of draws allocates and frees arrays of a few megabytes. By
default glibc's allocator serves such sizes with fresh ``mmap`` pages or
trims the heap after freeing them, so the next sub-block pays page faults on
memory it has just released; for the protocols that build several
draws x packages arrays this doubles the run time. Raising the allocator's
mmap and trim thresholds keeps those pages in the process for reuse. The
setting is process-wide, applied when a run starts (never on import), and a
no-op where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

THRESHOLD = 256 << 20
"""Bytes: allocations below this come from the heap, and up to this much free heap is kept."""

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


@cache
def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse; True if it accepted. Runs once per process."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_TRIM_THRESHOLD, THRESHOLD)) and bool(mallopt(_M_MMAP_THRESHOLD, THRESHOLD))
