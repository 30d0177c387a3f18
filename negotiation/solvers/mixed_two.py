"""Mixed stationary equilibria of two-party sequential bargaining, where responders mix at indifference.

On a discrete package set a pure stationary equilibrium need not exist, but a
stationary equilibrium in mixed strategies does (Banks & Duggan 2000). With
two parties and unanimity this module looks for one of a simple kind: each
proposer i offers one package ``k_i``, and the responder j, indifferent
between accepting it and waiting, accepts with probability ``a_i`` in (0, 1]
(Rubinstein 1982's alternating offers and Baron & Ferejohn 1989's random
recognition alike). Indifference pins each responder's value to the offer it
receives:

    g_j(k_i) = patience_j * G_j(next),

so every pair of offers (k_0, k_1) gives the values, and each proposer's own
value equation then gives its acceptance probability:

    random:       a_i = G_i (1 - patience_i) / (r_i (g_i(k_i) - patience_i G_i)),        G_i = g_i(k_j) / patience_i
    alternating:  a_i = W_i (1 - patience_i^2) / (g_i(k_i) - patience_i^2 W_i),           W_i = g_i(k_j) / patience_i

(W_i is i's value at the start of its own turn; at the other's turn it is
``patience_i W_i``). A pair is an equilibrium when both probabilities lie in
(0, 1], both offers are feasible, and no proposer gains by offering instead
a package the responder strictly prefers to waiting (it would be accepted
for sure): ``g_i(k) <= P_i`` for all such k, with ``P_i`` the proposer's
expected payoff ``a_i g_i(k_i) + (1 - a_i) patience_i G_i(next)``. A package at
the responder's indifference other than ``k_i`` is rejected (a best response
at indifference), so it is worth waiting to the proposer, no more than ``P_i``.

The pairs are searched in package order, ``k_1`` in an outer loop (one step
per package, vectorised over draws and ``k_0``); the first pair that passes is
taken. Such equilibria need not be unique, and the search is tried only on
draws with at most :data:`MIXED_PACKAGES` packages.

Worked case (the tests): a unit pie in thirds, patience 0.9 and recognition
1/2 each. With ``k_0`` giving party 1 a third, ``G_1 = (1/3)/0.9 = 0.370``
and ``a = 0.370 * 0.1 / (0.5 * (2/3 - 1/3)) = 2/9``: a deal comes with
probability 2/9 per round, in round 4.5 on average.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Mask = NDArray[np.bool_]
Ints = NDArray[np.int64]

COMPARISONS = 1 << 22
"""At most this many package comparisons are held at once (a bounded block of memory)."""
MIXED_PACKAGES = 512
"""Draws with more packages than this are not searched for a mixed equilibrium (the search costs packages^2 per draw)."""


@dataclass(frozen=True)
class MixedCandidate:
    """A two-party stationary equilibrium where responders mix at indifference, per draw.

    Attributes
    ----------
    found : ndarray of bool, shape (draws,)
    offer : ndarray of int64, shape (draws, 2)
        The package each proposer offers (-1 where none was found).
    accept : ndarray, shape (draws, 2)
        The probability that the responder accepts each proposer's offer.
    value : ndarray, shape (draws, turns, 2)
        Values at the start of each turn (one turn under random recognition).
    """

    found: Mask
    offer: Ints
    accept: Floats
    value: Floats


def _best_sure_deviation(gain: Floats, feasible: Mask | None, proposer: int, tol: float) -> Floats:
    """B_i(k): proposer i's best gain among packages the responder likes strictly more than k, shape (draws, packages).

    With the responder indifferent at k, those packages pass for sure; -inf where there are none.
    """
    responder = 1 - proposer
    theirs = gain[:, responder, :]
    mine = np.where(feasible, gain[:, proposer, :], -np.inf) if feasible is not None else gain[:, proposer, :]
    order = np.argsort(-theirs, axis=1, kind="stable")
    sorted_theirs = np.take_along_axis(theirs, order, axis=1)  # descending
    running = np.maximum.accumulate(np.take_along_axis(mine, order, axis=1), axis=1)
    # How many packages the responder likes strictly more than k (by more than tol), a block of k at a time.
    n, packages = theirs.shape
    above = np.zeros((n, packages), dtype=np.int64)
    step = max(1, COMPARISONS // max(n * packages, 1))
    for lo in range(0, packages, step):
        at = slice(lo, lo + step)
        above[:, at] = (sorted_theirs[:, None, :] > theirs[:, at, None] + tol).sum(axis=2)
    best = np.take_along_axis(running, np.maximum(above - 1, 0), axis=1)
    return np.where(above > 0, best, -np.inf)


def mixed_two_party(
    gain: Floats, patience: Floats, recognition: Floats, feasible: Mask | None, alternating: bool, tol: float
) -> MixedCandidate:
    """Search each draw for a stationary equilibrium where responders mix at indifference (module docstring).

    Parameters
    ----------
    gain : ndarray, shape (draws, 2, packages)
    patience, recognition : ndarray, shape (draws, 2)
    feasible : ndarray of bool, shape (draws, packages), or None
    alternating : bool
    tol : float

    Returns
    -------
    MixedCandidate
    """
    n, _, packages = gain.shape
    d0, d1 = patience[:, 0], patience[:, 1]
    r0, r1 = recognition[:, 0], recognition[:, 1]
    ok = np.ones((n, packages), dtype=bool) if feasible is None else feasible
    best0 = _best_sure_deviation(gain, feasible, 0, tol)  # (draws, k0)
    best1 = _best_sure_deviation(gain, feasible, 1, tol)  # (draws, k1)
    found = np.zeros(n, dtype=bool)
    offer = np.full((n, 2), -1, dtype=np.int64)
    accept = np.zeros((n, 2))
    own = np.zeros((n, 2))  # each party's value at the start of its own turn (random: its value)
    g0, g1 = gain[:, 0, :], gain[:, 1, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        for k1 in range(packages):
            w0 = g0[:, k1] / d0  # party 0's value, pinned by its indifference to k1: (draws,)
            w1 = g1 / d1[:, None]  # party 1's value, pinned by its indifference to each k0: (draws, k0)
            if alternating:
                gap0 = g0 - (d0 * d0 * w0)[:, None]
                gap1 = g1[:, k1][:, None] - (d1 * d1)[:, None] * w1
                a0 = (w0 * (1 - d0 * d0))[:, None] / gap0
                a1 = w1 * (1 - d1 * d1)[:, None] / gap1
                wait0, wait1 = (d0 * d0 * w0)[:, None], (d1 * d1)[:, None] * w1  # worth of a refused offer to its proposer
            else:
                gap0 = g0 - (d0 * w0)[:, None]
                gap1 = g1[:, k1][:, None] - d1[:, None] * w1
                a0 = (w0 * (1 - d0) / r0)[:, None] / gap0
                a1 = w1 * ((1 - d1) / r1)[:, None] / gap1
                wait0, wait1 = (d0 * w0)[:, None], d1[:, None] * w1
            pay0 = a0 * g0 + (1 - a0) * wait0
            pay1 = a1 * g1[:, k1][:, None] + (1 - a1) * wait1
            valid = (
                ~found[:, None]
                & ok
                & ok[:, [k1]]
                & (gap0 > tol)
                & (gap1 > tol)
                & (a0 > tol)
                & (a0 <= 1.0)
                & (a1 > tol)
                & (a1 <= 1.0)
                & (best0 <= pay0 + tol)
                & (best1[:, [k1]] <= pay1 + tol)
            )
            hit = valid.any(axis=1)
            if not hit.any():
                continue
            rows = np.flatnonzero(hit)
            k0 = valid[rows].argmax(axis=1)
            found[rows] = True
            offer[rows, 0], offer[rows, 1] = k0, k1
            accept[rows, 0], accept[rows, 1] = a0[rows, k0], a1[rows, k0]
            own[rows, 0], own[rows, 1] = w0[rows], w1[rows, k0]
    if alternating:
        # Turn 0 is party 0's: party 1 values it at patience_1 times its own turn's value; and conversely at turn 1.
        value = np.stack([np.column_stack([own[:, 0], d1 * own[:, 1]]), np.column_stack([d0 * own[:, 0], own[:, 1]])], axis=1)
    else:
        value = own[:, None, :]
    return MixedCandidate(found, offer, accept, value)


__all__ = ["MIXED_PACKAGES", "MixedCandidate", "mixed_two_party"]
