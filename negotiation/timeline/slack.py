"""Each draw's slack over its talks, with every package's upper bound formed in one compiled pass.

The slack is :func:`negotiation.solvers.blocking.slack` (the largest, over the
win-set's packages and the talk periods, of the smallest gain). That function
bounds every package's best smallest gain from above on the screened
(single-precision) values, values the best-bounded package exactly, and then
only the packages whose bound reaches that value. :func:`talk_slack` returns
the same numbers: the bound of every package is the same float64 number,
formed by the same IEEE operations in the same order, in one pass over the
packages instead of several; the rest is the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.compiled import jit
from negotiation.solvers.blocking import bounded_slack, upper_bound

Floats = NDArray[np.float64]
Exact = Callable[[NDArray[np.intp], NDArray[np.intp]], Floats]

COMPILED = True
"""Form the bounds by the compiled pass when numba is importable (False: always numpy)."""

_KERNEL: list[Any] = []


def talk_slack(
    values: NDArray[np.floating],
    error: Floats,
    exact: Exact,
    feasible: NDArray[np.bool_] | None,
    d: Floats,
    rho: Floats | None = None,
    d_after: Floats | None = None,
    compiled: bool | None = None,
) -> Floats:
    """:func:`negotiation.solvers.blocking.slack`, the same numbers, its bounds formed in one pass.

    Parameters
    ----------
    values : ndarray, shape (draws, parties, packages)
        Every package's value, possibly rounded (float32).
    error : ndarray, shape (draws, parties)
        A bound on ``|values - exact|``.
    exact : callable
        Exact values of (draw, package) pairs.
    feasible : ndarray of bool, shape (draws, packages), or None
        The win-set (None: every package).
    d : ndarray, shape (draws, T, parties)
        Reservation values at the T talk periods.
    rho : ndarray, shape (draws, packages) or (draws, 1), optional
        Breakdown chances under enforcement.
    d_after : ndarray, shape (draws, T, parties), optional
        With ``rho``: reservation values after a collapse.
    compiled : bool, optional
        True: the compiled pass (numpy where numba cannot be imported);
        False: numpy, party by party; None: :data:`COMPILED`.

    Returns
    -------
    ndarray, shape (draws,)
        ``max_{k in W, t} min_p (v_p(k, t) - d_{p,t})`` on exact values;
        ``-inf`` where the win-set is empty or T = 0.
    """
    use = COMPILED if compiled is None else compiled

    def bound(v: NDArray[np.floating], shift: Floats, r: Floats | None, high: Floats | None, w: NDArray[np.bool_] | None) -> Floats:
        return _upper(v, shift, r, high, w, use)

    return bounded_slack(values, error, exact, feasible, d, rho, d_after, bound)


def _upper(
    values: NDArray[np.floating],
    shift: Floats,
    r: Floats | None,
    high: Floats | None,
    feasible: NDArray[np.bool_] | None,
    compiled: bool,
) -> Floats:
    """Every package's upper bound ``min_p (v_p - shift_p)``, ``-inf`` off the win-set, shape (draws, packages)."""
    draws, _, size = values.shape
    kernel = _kernel() if compiled else None
    if kernel is not None:
        upper = np.empty((draws, size))
        kernel(
            values,
            shift,
            np.ones((1, 1)) if r is None else r,
            np.zeros((1, 1)) if high is None else high,
            r is not None and high is not None,
            np.ones((1, 1), dtype=bool) if feasible is None else np.asarray(feasible, dtype=bool),
            feasible is not None,
            upper,
        )
        return upper
    return upper_bound(values, shift, r, high, feasible)


def _kernel() -> Callable[..., None] | None:
    """The compiled pass of :func:`_upper`, or None when numba cannot be imported (compiled once, cached on disk)."""
    if not _KERNEL:
        _KERNEL.append(jit(_upper_loops))
    kernel: Callable[..., None] | None = _KERNEL[0]
    return kernel


def _upper_loops(
    values: Any, shift: Any, r: Any, high: Any, enforced: bool, feasible: Any, use_feasible: bool, upper: Any
) -> None:  # pragma: no cover - compiled
    """``upper[n, k] = min_p (((1 - r) v + r high) - shift)`` in float64, party by party (NaN kept, as numpy's minimum)."""
    draws, parties, size = values.shape
    for n in range(draws):
        for k in range(size):
            upper[n, k] = np.inf
        for p in range(parties):
            sp = shift[n, p]
            if enforced:
                hp = high[n, p]
                for k in range(size):
                    rk = r[n, k]
                    x = ((1.0 - rk) * np.float64(values[n, p, k]) + rk * hp) - sp
                    m = upper[n, k]
                    upper[n, k] = m if (m != m or x >= m) else x
            else:
                for k in range(size):
                    x = np.float64(values[n, p, k]) - sp
                    m = upper[n, k]
                    upper[n, k] = m if (m != m or x >= m) else x
        if use_feasible:
            for k in range(size):
                upper[n, k] = upper[n, k] if feasible[n, k] else -np.inf
