"""Axiomatic bargaining solutions other than Nash's, on a discrete package set.

Each picks one package per draw among those that are feasible and
individually rational (``u_p >= d_p - tol`` for every party), or no deal when
there are none. Gains are ``g_p = u_p - d_p``.

``kalai_smorodinsky`` (Kalai & Smorodinsky 1975)
    The ideal gain of p is its best gain over the acceptable set,
    ``I_p = max_k g_p(k)``. The solution maximises the smallest normalised
    gain ``min_p g_p(k) / I_p`` (a party whose ideal gain is 0 counts as
    fully served). Ties, within 1e-9 on that normalised scale, are broken by
    the Nash rules (:mod:`negotiation.solvers.nash`), then by the lowest index.
``utilitarian`` (Harsanyi 1955)
    Maximises the sum of gains, ``sum_p g_p(k)``; ties within ``P * tol`` go
    to the lowest index.
``egalitarian`` (Kalai 1977)
    Maximises the smallest gain, ``min_p g_p(k)``; ties are broken leximin
    (then the second smallest gain, and so on, each within ``tol``), then by
    the lowest index.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.solvers.nash import choose_nash
from negotiation.utility import TOL

KS_TOL = 1e-9
"""Normalised gains within this distance of the best are ties."""

Gains = NDArray[np.float64]
Mask = NDArray[np.bool_]


def acceptable_set(gain: Gains, feasible: Mask | None, tol: float = TOL) -> Mask:
    """Feasible packages every party weakly prefers to no deal, shape (draws, packages)."""
    ok = gain.min(axis=1) >= -tol
    return ok & feasible if feasible is not None else ok


def _earliest(score: NDArray[np.float64], acceptable: Mask, slack: float) -> NDArray[np.int64]:
    """Lowest index whose score is within ``slack`` of the best acceptable score; -1 where none."""
    score = np.where(acceptable, score, -np.inf)
    best = score.max(axis=1, keepdims=True)
    choice = (score >= best - slack).argmax(axis=1).astype(np.int64)
    choice[~acceptable.any(axis=1)] = NO_DEAL
    return choice


def kalai_smorodinsky_choice(gain: Gains, feasible: Mask | None, tol: float = TOL) -> NDArray[np.int64]:
    """The Kalai–Smorodinsky package per draw, or -1.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d``.
    feasible : ndarray of bool, shape (draws, packages), or None
    tol : float

    Returns
    -------
    ndarray of int64, shape (draws,)
    """
    acceptable = acceptable_set(gain, feasible, tol)
    ideal = np.where(acceptable[:, None, :], gain, -np.inf).max(axis=2)
    served = ideal <= tol
    scale = np.where(served, 1.0, ideal)
    ratio = np.where(served[:, :, None], 1.0, gain / scale[:, :, None])
    level = np.where(acceptable, ratio.min(axis=1), -np.inf)
    best = level.max(axis=1, keepdims=True)
    tied = acceptable & (level >= best - KS_TOL)
    ones = np.ones(gain.shape[:2])
    return choose_nash(gain, ones, tied, tol)


def utilitarian_choice(gain: Gains, feasible: Mask | None, tol: float = TOL) -> NDArray[np.int64]:
    """The package with the largest sum of gains per draw, or -1 (shapes as above)."""
    return _earliest(gain.sum(axis=1), acceptable_set(gain, feasible, tol), gain.shape[1] * tol)


def egalitarian_choice(gain: Gains, feasible: Mask | None, tol: float = TOL) -> NDArray[np.int64]:
    """The package with the largest smallest gain per draw (leximin ties), or -1 (shapes as above)."""
    acceptable = acceptable_set(gain, feasible, tol)
    ranked = np.sort(gain, axis=1)
    keep = acceptable.copy()
    for level in range(gain.shape[1]):
        values = np.where(keep, ranked[:, level, :], -np.inf)
        keep &= values >= values.max(axis=1, keepdims=True) - tol
    choice = keep.argmax(axis=1).astype(np.int64)
    choice[~acceptable.any(axis=1)] = NO_DEAL
    return choice


def kalai_smorodinsky_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``kalai_smorodinsky`` protocol."""
    return Outcome(kalai_smorodinsky_choice(problem.gain, problem.feasible))


def utilitarian_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``utilitarian`` protocol."""
    return Outcome(utilitarian_choice(problem.gain, problem.feasible))


def egalitarian_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``egalitarian`` protocol."""
    return Outcome(egalitarian_choice(problem.gain, problem.feasible))
