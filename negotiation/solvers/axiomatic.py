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
from negotiation.solvers.bargaining import Bargaining, Outcome
from negotiation.solvers.candidates import Candidates, gains_of, lexicographic
from negotiation.solvers.nash import nash_among
from negotiation.utility import TOL

KS_TOL = 1e-9
"""Normalised gains within this distance of the best are ties."""

Gains = NDArray[np.float64]
Mask = NDArray[np.bool_]


def smallest_gain(gain: Gains) -> NDArray[np.float64]:
    """The smallest party's gain per package, shape (draws, packages).

    Pairwise minima over the parties axis: faster than a reduction over a middle axis.
    """
    low = gain[:, 0].copy()
    for p in range(1, gain.shape[1]):
        np.minimum(low, gain[:, p], out=low)
    return low


def acceptable_set(gain: Gains, feasible: Mask | None, tol: float = TOL) -> Mask:
    """Feasible packages every party weakly prefers to no deal, shape (draws, packages)."""
    ok = smallest_gain(gain) >= -tol
    return ok & feasible if feasible is not None else ok


def _penalty(acceptable: Mask) -> NDArray[np.float64]:
    """0 where acceptable, -inf elsewhere: adding it keeps maxima to acceptable packages."""
    return np.where(acceptable, 0.0, -np.inf)


def _top(score: NDArray[np.float64], penalty: NDArray[np.float64], slack: float) -> Mask:
    """Acceptable packages whose score is within ``slack`` of the draw's best acceptable score."""
    score = score + penalty
    best = score.max(axis=1, keepdims=True)
    return (score >= best - slack) & (best > -np.inf)


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
    penalty = _penalty(acceptable_set(gain, feasible, tol))
    level = np.full(penalty.shape, np.inf)
    for p in range(gain.shape[1]):
        ideal = (gain[:, p] + penalty).max(axis=1, keepdims=True)
        served = ideal <= tol  # gains nothing anywhere: fully served by any package
        scale = np.where(served, 0.0, 1.0 / np.where(served, 1.0, ideal))
        np.minimum(level, gain[:, p] * scale + np.where(served, np.inf, 0.0), out=level)
    level[level == np.inf] = 1.0  # every party served: all tie
    np.copyto(level, -np.inf, where=penalty < 0.0)
    found = Candidates.from_mask(_top(level, penalty, KS_TOL))
    return nash_among(found, gains_of(gain, found), tol)


def utilitarian_choice(gain: Gains, feasible: Mask | None, tol: float = TOL) -> NDArray[np.int64]:
    """The package with the largest sum of gains per draw, or -1 (shapes as above)."""
    best = _top(gain.sum(axis=1), _penalty(acceptable_set(gain, feasible, tol)), gain.shape[1] * tol)
    return Candidates.from_mask(best).first(np.ones(int(best.sum()), dtype=bool))


def egalitarian_choice(gain: Gains, feasible: Mask | None, tol: float = TOL) -> NDArray[np.int64]:
    """The package with the largest smallest gain per draw (leximin ties), or -1 (shapes as above)."""
    low = smallest_gain(gain)
    acceptable = low >= -tol if feasible is None else (low >= -tol) & feasible
    found = Candidates.from_mask(_top(low, _penalty(acceptable), tol))
    ranked = np.sort(gains_of(gain, found), axis=1)
    return found.first(lexicographic(found, ranked, np.ones(found.size, dtype=bool), tol))


def kalai_smorodinsky_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``kalai_smorodinsky`` protocol."""
    return Outcome(kalai_smorodinsky_choice(problem.gain, problem.feasible))


def utilitarian_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``utilitarian`` protocol."""
    return Outcome(utilitarian_choice(problem.gain, problem.feasible))


def egalitarian_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``egalitarian`` protocol."""
    return Outcome(egalitarian_choice(problem.gain, problem.feasible))
