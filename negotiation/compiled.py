"""Compiled kernels: one way for every module to compile its loops with numba, when numba can be imported.

A module keeps its loops as plain Python (the numpy path is tested to give
the same numbers) and asks :func:`jit` for the compiled function the first
time it needs it, so that ``import negotiation`` never imports numba.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def jit(loops: Callable[..., Any], **options: Any) -> Callable[..., Any] | None:
    """``loops`` compiled by ``numba.njit`` (no GIL, cached on disk), or None when numba cannot be imported.

    Parameters
    ----------
    loops : callable
        A function numba can compile in nopython mode.
    **options
        Further ``numba.njit`` options (for example ``fastmath``).

    Returns
    -------
    callable or None
        Where numba has no writable place for its cache, the function is
        compiled anew in each process instead.
    """
    try:
        import numba  # optional at run time: imported only when a kernel is first used
    except ImportError:
        return None
    try:
        compiled: Callable[..., Any] = numba.njit(cache=True, nogil=True, **options)(loops)
    except RuntimeError:  # no writable place for numba's cache
        compiled = numba.njit(nogil=True, **options)(loops)
    return compiled


__all__ = ["jit"]
