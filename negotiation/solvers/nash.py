"""The Nash bargaining solution on a discrete package set, vectorised over draws.

Nash (1950) picks the feasible, individually rational package that maximises
the product of gains over the disagreement point; the asymmetric form (Roth
1979; Kalai 1977) raises each party's gain to its bargaining power:

    k* = argmax_k  prod_p (u_p(k) - d_p) ^ power_p
         over packages k with u_p(k) >= d_p for all p, feasible in the draw.

With no such package the draw is no deal.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.utility import TOL

TIE_RTOL = 1e-9
"""Nash products within this relative distance of the best are ties."""


def nash_choice(
    u: NDArray[np.float64],
    d: NDArray[np.float64],
    power: NDArray[np.float64],
    feasible: NDArray[np.bool_],
    tol: float = TOL,
) -> NDArray[np.int64]:
    """Index of the Nash bargaining package per draw, or -1 for no deal.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages)
        Utilities.
    d : ndarray, shape (draws, parties)
        Reservation values (the disagreement point).
    power : ndarray, shape (draws, parties)
        Exponents of the asymmetric Nash product, > 0.
    feasible : ndarray of bool, shape (draws, packages)
        Packages allowed in each draw.
    tol : float
        A gain of at least ``-tol`` counts as individually rational.

    Returns
    -------
    ndarray of int64, shape (draws,)

    Notes
    -----
    Ties, products within :data:`TIE_RTOL` of the best, go to the lowest
    index. When the best product is 0 (some party gains nothing in every
    acceptable package) the tied packages are compared lexicographically by
    the parties' gains in party order, so the choice stays Pareto optimal and
    invariant to rescaling each party's utility; then the lowest index wins.
    """
    parties = u.shape[1]
    ok = feasible.copy()
    product = None
    unit_power = bool(np.all(power == 1.0))
    for p in range(parties):
        gain = u[:, p, :] - d[:, p, None]
        ok &= gain >= -tol
        np.maximum(gain, 0.0, out=gain)
        if not unit_power:
            np.power(gain, power[:, p, None], out=gain)
        if product is None:
            product = gain
        else:
            product *= gain
    assert product is not None
    np.copyto(product, -1.0, where=~ok)
    best = product.max(axis=1)
    tied = product >= (best * (1.0 - TIE_RTOL))[:, None]
    choice = tied.argmax(axis=1).astype(np.int64)
    flat = np.flatnonzero(best == 0.0)
    if flat.size:
        choice[flat] = _lexicographic(u[flat] - d[flat, :, None], tied[flat], tol)
    choice[best < 0.0] = NO_DEAL
    return choice


def _lexicographic(gain: NDArray[np.float64], tied: NDArray[np.bool_], tol: float) -> NDArray[np.int64]:
    """Among tied packages, the best for party 0, then party 1, ...; then the lowest index."""
    keep = tied.copy()
    for p in range(gain.shape[1]):
        values = np.where(keep, gain[:, p, :], -np.inf)
        keep &= values >= values.max(axis=1, keepdims=True) - tol
    return keep.argmax(axis=1).astype(np.int64)


def nash(problem: Bargaining, options: dict[str, object]) -> Outcome:
    """The ``nash`` protocol (DESIGN §3)."""
    return Outcome(nash_choice(problem.u, problem.d, problem.power, problem.feasible))
