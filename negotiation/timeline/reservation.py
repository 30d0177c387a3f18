"""Reservation values per period, and the value of a package that may not hold.

No deal is continued war (Fearon 1995, "Rationalist explanations for war",
International Organization 49(3), 379-414): party p's reservation value in
period t is its expected utility of the war's end states under its own belief
at that period, less its cost of fighting on,

    d_{p,t} = sum_s E_{p,t}[pi_s] u_p(k_s) - c_p.

Enforcement, the commitment problem (Fearon 1995 §4; Powell 2006, "War as a
commitment problem", International Organization 60(1), 169-203): an agreed
package k breaks down with chance rho_k into the war that follows a collapse,
worth d'_{p,t} to party p, so p values k at

    v_p(k, t) = (1 - rho_k) u_p(k) + rho_k d'_{p,t}.

With K packages and P parties, v for all periods at once would be a
(draws, T, P, K) array; :func:`enforced_utility` gives one period at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.compiled import jit

Array = NDArray[np.float64]


def reservation_path(beliefs: Array, end_utilities: Array, cost: Array) -> Array:
    """Each party's reservation value in each period from its own expected lottery.

    Parameters
    ----------
    beliefs : ndarray, shape (draws, periods, parties, states)
        ``E_{p,t}[pi_s]`` (:func:`negotiation.timeline.beliefs.expected_lotteries`).
    end_utilities : ndarray, shape (draws, parties, states)
        ``u_p(k_s)``: each party's utility of each end state's package
        (``utility.package_utilities`` at the outcomes' packages).
    cost : ndarray, shape (draws, parties)
        ``c_p``, each party's cost of fighting on, in utility.

    Returns
    -------
    ndarray, shape (draws, periods, parties)
        ``d_{p,t} = sum_s E_{p,t}[pi_s] u_p(k_s) - c_p``. With beliefs equal to
        nature's lottery at every period this is ``utility.war_reservations``
        in each period.
    """
    return np.einsum("ntps,nps->ntp", beliefs, end_utilities) - cost[:, None, :]


def breakdown_chance(base: Array, shift: Array | None = None) -> Array:
    """The chance each package's deal collapses: base plus the package's shifts, clipped to [0, 1].

    Parameters
    ----------
    base : ndarray, shape (draws,)
        ``enforcement.breakdown`` per draw.
    shift : ndarray, shape (draws, packages) or (packages,), or None
        The sum of the ``enforcement.shift`` entries matching each package.

    Returns
    -------
    ndarray, shape (draws, packages) (or (draws, 1) without shifts, broadcasting over packages)
    """
    rho = np.asarray(base, dtype=float)[:, None]
    if shift is not None:
        rho = rho + np.asarray(shift, dtype=float)
    return np.clip(rho, 0.0, 1.0)


def enforced_utility(u: Array, rho: Array, d_after: Array, period: int | None = None) -> Array:
    """Packages valued under the risk that the deal breaks down, one period at a time.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages)
        Utilities ``u_p(k)`` of the packages as agreed.
    rho : ndarray, shape (draws, packages), or broadcastable to it
        Breakdown chance of each package (:func:`breakdown_chance`).
    d_after : ndarray, shape (draws, parties) or (draws, periods, parties)
        ``d'_{p,t}``: the reservation value under the war that follows a
        collapse (:func:`reservation_path` on the ``after`` lottery and costs).
    period : int, optional
        With a (draws, periods, parties) ``d_after``, the period t to evaluate.

    Returns
    -------
    ndarray, shape (draws, parties, packages)
        ``v_p(k, t) = (1 - rho_k) u_p(k) + rho_k d'_{p,t}`` (Fearon 1995 §4;
        Powell 2006). One period only: never a (draws, periods, parties, packages) array.
    """
    after = d_after if period is None else d_after[:, period]
    if after.ndim != 2:
        raise ValueError("d_after must be (draws, parties), or (draws, periods, parties) with a period")
    r = np.asarray(rho, dtype=float)[:, None, :]
    return (1.0 - r) * u + r * after[:, :, None]


def enforced_gain(gain: Array, d: Array, rho: Array, after: Array, compiled: bool | None = None) -> Array:
    """Gains of packages valued under enforcement, ``v - d``, formed in place on ``gain``.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        Gains ``u - d`` of the packages as agreed; overwritten (and returned).
    d : ndarray, shape (draws, parties)
        The period's reservation values.
    rho : ndarray, shape (draws, packages) or (draws, 1)
        Breakdown chances (:func:`breakdown_chance`).
    after : ndarray, shape (draws, parties)
        The period's ``d'_{p,t}``.
    compiled : bool, optional
        True: one compiled pass (numpy where numba cannot be imported);
        False: numpy, party by party; None: :data:`COMPILED`.

    Returns
    -------
    ndarray, shape (draws, parties, packages)
        ``enforced_utility(gain + d, rho, after) - d``, the same numbers:
        each element is ``((1 - rho) (g + d) + rho d') - d``, the same IEEE
        operations on the same operands in the same order (the compiled pass
        has no contraction to fused multiply-adds), with no temporary of the
        full shape.
    """
    r = np.broadcast_to(np.asarray(rho, dtype=float), (gain.shape[0], gain.shape[2]))
    kernel = _enforce_kernel() if (COMPILED if compiled is None else compiled) else None
    if kernel is not None:
        kernel(gain, np.asarray(d, dtype=float), r, np.asarray(after, dtype=float))
        return gain
    keep = 1.0 - r
    part = np.empty(r.shape)
    for p in range(gain.shape[1]):
        g = gain[:, p]
        g += d[:, p, None]  # u
        g *= keep  # (1 - rho) u
        np.multiply(r, after[:, p, None], out=part)
        g += part  # (1 - rho) u + rho d'
        g -= d[:, p, None]
    return gain


COMPILED = True
"""Use the compiled pass of :func:`enforced_gain` when numba is importable (False: always numpy)."""

_KERNEL: list[Any] = []


def _enforce_kernel() -> Callable[..., None] | None:
    """The compiled pass of :func:`enforced_gain`, or None when numba cannot be imported (compiled once, cached on disk)."""
    if not _KERNEL:
        _KERNEL.append(jit(_enforce_loops))
    kernel: Callable[..., None] | None = _KERNEL[0]
    return kernel


def _enforce_loops(gain: Any, d: Any, rho: Any, after: Any) -> None:  # pragma: no cover - compiled
    """``gain[n, p, k] = ((1 - rho[n, k]) * (gain[n, p, k] + d[n, p]) + rho[n, k] * after[n, p]) - d[n, p]``."""
    draws, parties, size = gain.shape
    for n in range(draws):
        for p in range(parties):
            dp = d[n, p]
            ap = after[n, p]
            for k in range(size):
                r = rho[n, k]
                u = gain[n, p, k] + dp
                gain[n, p, k] = ((1.0 - r) * u + r * ap) - dp
