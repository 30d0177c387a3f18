"""Verifying a stationary equilibrium of sequential bargaining: is the candidate a fixed point?

A candidate for Baron–Ferejohn's closed rule (Baron & Ferejohn 1989) or
Rubinstein's alternating offers (Rubinstein 1982) gives, per draw, each
turn's values ``G`` (gains over the reservation values at the start of the
turn) and each proposer's offers (a set of packages it mixes over uniformly,
or none). It is a stationary subgame-perfect equilibrium (Banks & Duggan
2000) when, to within ``tol``:

1. **Values.** Given the proposers' strategies, the values solve the linear
   system of continuation values. Random recognition:
   ``G_j = sum_i r_i (s_i x_ij + (1 - s_i) patience_j G_j)``; alternating:
   ``G_j(t) = s_t x_tj + (1 - s_t) patience_j G_j(t + 1)``, with ``s_i`` 1
   when proposer i offers something and ``x_ij`` j's mean gain over i's offers.
2. **Responders.** Voter j accepts package k from proposer i exactly when
   ``g_j(k) >= patience_j G_j(next) - tol``: accepting is then worth at least
   waiting for the next round, so acceptance is a best response to the values
   by construction; the check below applies the same rule to every vote.
3. **Proposers.** Every package a proposer offers passes (feasible, and
   accepted by at least ``quota`` voters, the proposer's own vote included,
   so it is worth at least waiting to the proposer) and is best for it among
   the packages that pass; a proposer that offers nothing has no package
   that passes.

The check is written out on its own, not with the solver's functions, so
that a reported equilibrium does not rest on the code that found it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FIXED_POINT_TOL = 1e-9
"""Tolerance of the fixed-point check on values and on each vote and offer."""

Floats = NDArray[np.float64]
Mask = NDArray[np.bool_]


def verify_stationary(
    gain: Floats,
    patience: Floats,
    recognition: Floats,
    quota: int,
    feasible: Mask | None,
    value: Floats,
    optimal: Mask,
    alternating: bool,
    tol: float = FIXED_POINT_TOL,
) -> Mask:
    """Whether each draw's candidate is a stationary equilibrium, to within ``tol``.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d``.
    patience, recognition : ndarray, shape (draws, parties)
        Discount factors; recognition probabilities (ignored when alternating).
    quota : int
        Votes needed to pass, the proposer's included.
    feasible : ndarray of bool, shape (draws, packages), or None
    value : ndarray, shape (draws, turns, parties)
        Candidate values: one turn (random recognition) or one per proposer
        (alternating; turn t is party t's, and its responders look ahead to
        turn t + 1).
    optimal : ndarray of bool, shape (draws, parties, packages)
        The packages each proposer mixes over uniformly.
    alternating : bool
    tol : float

    Returns
    -------
    ndarray of bool, shape (draws,)
        True where all three conditions of the module docstring hold.
    """
    n, parties, _ = gain.shape
    offers = optimal.sum(axis=2)  # (draws, proposers)
    s = offers > 0
    x = np.einsum("bik,bjk->bij", optimal.astype(np.float64), gain) / np.maximum(offers, 1)[:, :, None]  # (draws, proposer, party)
    if alternating:
        after = np.roll(value, -1, axis=1)  # the values of the next turn, per proposer
        residual = value - (np.where(s[:, :, None], x, 0.0) + np.where(s[:, :, None], 0.0, patience[:, None, :] * after))
    else:
        g = value[:, 0, :]
        r = recognition[:, :, None]
        expected = (r * np.where(s[:, :, None], x, patience[:, None, :] * g[:, None, :])).sum(axis=1)
        residual = (g - expected)[:, None, :]
        after = np.broadcast_to(value, (n, parties, parties))
    values_ok = np.abs(residual).max(axis=(1, 2)) <= tol

    threshold = patience[:, None, :] * after  # (draws, proposer, voter)
    votes = gain[:, None, :, :] >= threshold[:, :, :, None] - tol  # (draws, proposer, voter, package)
    own = votes[:, np.arange(parties), np.arange(parties), :]  # each proposer's own vote
    passing = own & (votes.sum(axis=2) >= quota)
    if feasible is not None:
        passing &= feasible[:, None, :]
    mine = np.where(passing, gain, -np.inf)  # proposer i's own gain where its offer would pass
    best = mine.max(axis=2, keepdims=True)
    offered_ok = (~optimal | (passing & (gain >= best - tol))).all(axis=(1, 2))
    silent_ok = (s | ~passing.any(axis=2)).all(axis=1)
    return np.asarray(values_ok & offered_ok & silent_ok)


def verify_two_party_mixed(
    gain: Floats,
    patience: Floats,
    recognition: Floats,
    feasible: Mask | None,
    value: Floats,
    offer: NDArray[np.int64],
    accept: Floats,
    alternating: bool,
    tol: float = FIXED_POINT_TOL,
) -> Mask:
    """Whether each draw's two-party candidate with mixing responders is a stationary equilibrium, to within ``tol``.

    Each proposer i offers package ``offer[i]``, which its responder accepts
    with probability ``accept[i]``. Checked, as in :func:`verify_stationary`:
    the values solve ``G_j(t) = sum over proposers of [a g_j(k) + (1 - a)
    patience_j G_j(next)]`` (weighted by recognition, or turn by turn); a
    responder who mixes (``0 < a < 1``) is indifferent, ``g_j(k) = patience_j
    G_j(next)``, and one who accepts for sure gains at least that; each offer
    is feasible, worth waiting to its proposer, and no package the responder
    strictly prefers to waiting (accepted for sure) is better for the
    proposer than its expected payoff ``a g_i(k) + (1 - a) patience_i
    G_i(next)`` (other packages are refused: a best response at
    indifference, worth waiting to the proposer).

    Parameters
    ----------
    gain : ndarray, shape (draws, 2, packages)
    patience, recognition : ndarray, shape (draws, 2)
    feasible : ndarray of bool, shape (draws, packages), or None
    value : ndarray, shape (draws, turns, 2)
    offer : ndarray of int64, shape (draws, 2)
    accept : ndarray, shape (draws, 2)
    alternating : bool
    tol : float

    Returns
    -------
    ndarray of bool, shape (draws,)
    """
    n = gain.shape[0]
    rows = np.arange(n)
    ok = np.ones(n, dtype=bool)
    for i in range(2):
        j = 1 - i
        k = offer[:, i]
        a = accept[:, i]
        here = value[:, i if alternating else 0, :]  # the values at the start of proposer i's turn
        after = value[:, (i + 1) % 2 if alternating else 0, :]  # and of the next turn
        g_i, g_j = gain[rows, i, k], gain[rows, j, k]
        bar_j = patience[:, j] * after[:, j]
        wait_i = patience[:, i] * after[:, i]
        pay_i = a * g_i + (1 - a) * wait_i
        ok &= (k >= 0) & (a >= 0) & (a <= 1)
        if feasible is not None:
            ok &= feasible[rows, k]
        mixing = (a > 0) & (a < 1)
        ok &= np.where(mixing, np.abs(g_j - bar_j) <= tol, g_j >= bar_j - tol)
        ok &= g_i >= wait_i - tol
        sure = gain[:, j, :] > bar_j[:, None] + tol
        if feasible is not None:
            sure &= feasible
        ok &= np.where(sure, gain[:, i, :] <= pay_i[:, None] + tol, True).all(axis=1)
        if alternating:
            # Turn i's values: proposer i's offer, then turn i + 1 if it is refused.
            for p in range(2):
                expected = a * gain[rows, p, k] + (1 - a) * patience[:, p] * after[:, p]
                ok &= np.abs(here[:, p] - expected) <= tol
    if not alternating:
        for p in range(2):
            expected = np.zeros(n)
            for i in range(2):
                k, a = offer[:, i], accept[:, i]
                expected += recognition[:, i] * (a * gain[rows, p, k] + (1 - a) * patience[:, p] * value[:, 0, p])
            ok &= np.abs(value[:, 0, p] - expected) <= tol
    return ok


__all__ = ["FIXED_POINT_TOL", "verify_stationary", "verify_two_party_mixed"]
