"""Bueno de Mesquita's expected-utility stakeholder model, vectorised over draws.

Bueno de Mesquita (1994), "Political forecasting: an expected utility method",
in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*,
Yale University Press, as reconstructed step by step by Scholz, Calbert & Smith
(2011), "Unravelling Bueno De Mesquita's group decision model", Journal of
Theoretical Politics 23(4), 510–531 (equation numbers below are theirs).

Each actor i has a capability ``c_i``, a salience ``s_i`` in [0, 1] and a
position ``x_i`` on one issue; ``w_i = c_i s_i``. ``R`` is the range
``max x - min x`` of the *initial* positions, fixed for every round (when
``R == 0`` nobody ever moves) and ``d_ij = |x_i - x_j| / R``. Every round, all
actors move at once, at the round's end:

1. The weighted median ``mu`` is the actor position minimising
   ``D(a) = sum_k w_k |x_k - x_a|``, ties to the lowest actor index. With the
   pairwise votes ``V[a, b] = D(b) - D(a)`` this is the Condorcet winner among
   actor positions (Scholz, Appendix step 3). The weighted mean is
   ``sum w x / sum w`` (the plain mean when ``sum w == 0``).
2. Actor k votes for i over j with ``v_k(i, j) = w_k (d_kj^r_k - d_ki^r_k)``
   and ``P[i, j] = sum_k max(v_k(i, j), 0) / DEN``, where ``DEN`` sums
   ``|v_k(i, j)|`` over *every* ordered pair (i, j) and every k: one number
   per draw (``P = 0`` when ``DEN == 0``). Eq. (30) as printed divides pair by
   pair instead; normalising over all pairs is the reading that reproduces
   the published forecast (Scholz, Table 2), so it is the one used here.
3. The expected utility of i challenging j, with i's risk exponent ``r_i``
   (eqs. 5–7, 15, 16, 22–24)::

       us  = 2 - 4 (0.5 - 0.5 d_ij)^r_i       uf = 2 - 4 (0.5 + 0.5 d_ij)^r_i
       usq = 2 - 4 (0.5)^r_i
       ub  = 2 - 4 (0.5 - 0.25 (|x_i - mu| + |x_i - x_j|) / R)^r_i
       uw  = 2 - 4 (0.5 + 0.25 (|x_i - mu| + |x_i - x_j|) / R)^r_i
       T   = 1 if |x_i - mu| < |x_i - x_j| else 0
       EU[i, j] = s_j (P[i, j] us + (1 - P[i, j]) uf) + (1 - s_j) us
                  - Q usq - (1 - Q) (T ub + (1 - T) uw)

4. Risk (eqs. 32–34, with the conversion of Bueno de Mesquita 1985): a first
   pass with every ``r = 1`` gives ``EU1``; actor a's security is
   ``Sec_a = sum_{o != a} EU1[o, a]``, what the others expect from challenging
   it; ``R_a = (2 Sec_a - max Sec - min Sec) / (max Sec - min Sec)`` (0 when all
   are equal) and ``r_a = (1 - R_a / 3) / (1 + R_a / 3)``.
5. A second pass recomputes ``P`` and ``EU`` (``EU2``) with these exponents.
6. Receiver a weighs an offer from every o with ``x_o != x_a``, using
   ``eao = EU2[a, o]`` and ``eoa``, o's expected utility of challenging a *as
   a perceives it*: step 3 for challenger o and target a (``P[o, a]``,
   ``s_a``, ``d_oa``, ``T`` and ``mu`` taken from o's side) but with the
   receiver's exponent ``r_a`` throughout; the receiver judges the threat it
   faces with its own attitude to risk.

   * confrontation, ``eoa > 0``, ``eao > 0`` and ``eoa > eao``: move to ``x_o``;
   * compromise, ``eoa > 0 > eao`` and ``eoa > |eao|``: move to
     ``x_a + (x_o - x_a) |eao / eoa|`` (eqs. 35, 36);
   * capitulation, ``eoa > 0 > eao`` and ``eoa <= |eao|``: move to ``x_o``;
   * otherwise no offer.

   Selection (Scholz, section 6.2): the confrontation offer that moves a
   least; else the compromise offer of the challenger with the highest
   ``eoa``; else the capitulation offer that moves a least; else a stays.
   Challengers that share a position pose exactly the same threat ``eoa``
   (nothing in it depends on the challenger but its position) while their
   compromise offers differ (``eao`` involves their salience), so among equal
   highest ``eoa`` the offer that moves a least is taken; remaining ties go
   to the lowest challenger index. This keeps the forecast independent of
   the order in which actors are listed. A move is clipped to
   the segment between ``x_a`` and ``x_o`` so that rounding never carries a
   position past the offer.
7. All moves happen together; the new positions, their weighted mean and
   their weighted median are recorded, and the next round begins.

Arrays are shaped (draws, actors) and pairwise quantities (draws, actors,
actors); the votes are summed one voter at a time, so memory stays at
(draws, actors, actors). Nothing mixes draws, so a batch of draws gives
exactly the result of each draw on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Forecast:
    """The path of every actor's position, round by round.

    Attributes
    ----------
    positions : ndarray, shape (rounds + 1, draws, actors)
        Index 0 holds the initial positions; index t those after round t.
    mean : ndarray, shape (rounds + 1, draws)
        The capability × salience weighted mean position.
    median : ndarray, shape (rounds + 1, draws)
        The weighted median position (the Condorcet winner among actor positions).
    """

    positions: Floats
    mean: Floats
    median: Floats


def _median_index(x: Floats, w: Floats) -> NDArray[np.intp]:
    """The actor whose position minimises ``sum_k w_k |x_k - x_a|``, lowest index on ties, shape (draws,)."""
    spread = np.abs(x[:, :, None] - x[:, None, :])  # [draw, k, a]
    return np.argmin((w[:, :, None] * spread).sum(axis=1), axis=1)


def weighted_median(x: ArrayLike, w: ArrayLike) -> Floats:
    """The weighted median among actor positions.

    Parameters
    ----------
    x, w : array_like, shape (draws, actors)
        Positions and non-negative weights.

    Returns
    -------
    ndarray, shape (draws,)
        The actor position ``x_a`` minimising ``D(a) = sum_k w_k |x_k - x_a|``,
        the lowest actor index on ties: the Condorcet winner among actor
        positions with votes ``w_k |x_k - x_b| - w_k |x_k - x_a|`` (Scholz,
        Calbert & Smith 2011, Appendix step 3).
    """
    xs = np.asarray(x, dtype=np.float64)
    ws = np.asarray(w, dtype=np.float64)
    return np.take_along_axis(xs, _median_index(xs, ws)[:, None], axis=1)[:, 0]


def weighted_mean(x: ArrayLike, w: ArrayLike) -> Floats:
    """``sum w x / sum w`` per draw, shape (draws,); the plain mean where the weights sum to 0.

    Parameters
    ----------
    x, w : array_like, shape (draws, actors)
        Positions and non-negative weights.
    """
    xs = np.asarray(x, dtype=np.float64)
    ws = np.asarray(w, dtype=np.float64)
    total = ws.sum(axis=1)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, (ws * xs).sum(axis=1) / safe, xs.mean(axis=1))


def win_probability(d: Floats, w: Floats, r: Floats) -> Floats:
    """P[i, j], the probability that i's position beats j's (step 2).

    Parameters
    ----------
    d : ndarray, shape (draws, actors, actors)
        Distances ``|x_i - x_j| / R``.
    w : ndarray, shape (draws, actors)
        Capability × salience of each voter.
    r : ndarray, shape (draws, actors)
        Each voter's risk exponent.

    Returns
    -------
    ndarray, shape (draws, actors, actors)
        ``sum_k max(v_k(i, j), 0) / DEN``, with ``DEN`` the sum of ``|v_k|`` over
        every ordered pair and voter of the draw; 0 where ``DEN == 0``.
    """
    dr = d ** r[:, :, None]  # [draw, k, j]
    support = np.zeros(d.shape)
    vote = np.empty(d.shape)
    for k in range(d.shape[1]):  # one voter at a time keeps memory at (draws, actors, actors)
        np.subtract(dr[:, k, None, :], dr[:, k, :, None], out=vote)
        vote *= w[:, k, None, None]
        np.maximum(vote, 0.0, out=vote)
        support += vote
    den = 2.0 * support.sum(axis=(1, 2))  # v_k(i, j) = -v_k(j, i): the |v| total is twice the positive part
    safe = np.where(den > 0, den, 1.0)
    return np.where(den[:, None, None] > 0, support / safe[:, None, None], 0.0)


def _utility(base: Floats, r: Floats) -> Floats:
    """``2 - 4 base^r``, the utility of a distance on the 0.5 ± scale (Scholz eqs. 15, 16)."""
    return 2.0 - 4.0 * np.maximum(base, 0.0) ** r


def expected_utility(x: Floats, salience: Floats, spread: Floats, mu: Floats, p: Floats, r: Floats, q: float) -> Floats:
    """EU[i, j], the expected utility of i challenging j (step 3).

    Parameters
    ----------
    x, salience : ndarray, shape (draws, actors)
        Positions and saliences.
    spread : ndarray, shape (draws,)
        The range R of the initial positions (a positive stand-in where it is 0).
    mu : ndarray, shape (draws,)
        The current weighted median.
    p : ndarray, shape (draws, actors, actors)
        Win probabilities P[i, j].
    r : ndarray, shape (draws, actors, actors)
        The risk exponent used for the pair (i, j).
    q : float
        Probability Q that the status quo holds when no challenge is made.

    Returns
    -------
    ndarray, shape (draws, actors, actors)
        The diagonal is meaningless.
    """
    gap = np.abs(x[:, :, None] - x[:, None, :])  # |x_i - x_j|
    to_median = np.abs(x - mu[:, None])[:, :, None]  # |x_i - mu|
    d = gap / spread[:, None, None]
    mixed = (to_median + gap) / spread[:, None, None]
    us = _utility(0.5 - 0.5 * d, r)
    uf = _utility(0.5 + 0.5 * d, r)
    usq = _utility(np.full_like(d, 0.5), r)
    ub = _utility(0.5 - 0.25 * mixed, r)
    uw = _utility(0.5 + 0.25 * mixed, r)
    t = (to_median < gap).astype(np.float64)
    s = salience[:, None, :]
    return s * (p * us + (1.0 - p) * uf) + (1.0 - s) * us - q * usq - (1.0 - q) * (t * ub + (1.0 - t) * uw)


def risk_exponents(eu: Floats) -> Floats:
    """Risk exponents from first-pass expected utilities (step 4, Scholz eqs. 32–34).

    Parameters
    ----------
    eu : ndarray, shape (draws, actors, actors)
        ``EU1[o, a]`` computed with every exponent 1.

    Returns
    -------
    ndarray, shape (draws, actors)
        ``r_a = (1 - R_a / 3) / (1 + R_a / 3)``, in [0.5, 2].
    """
    n = eu.shape[1]
    security = np.where(np.eye(n, dtype=bool), 0.0, eu).sum(axis=1)  # Sec_a = sum over challengers o
    hi = security.max(axis=1, keepdims=True)
    lo = security.min(axis=1, keepdims=True)
    width = hi - lo
    risk = np.where(width > 0, (2.0 * security - hi - lo) / np.where(width > 0, width, 1.0), 0.0)
    return (1.0 - risk / 3.0) / (1.0 + risk / 3.0)


def _choose(mask: NDArray[np.bool_], score: Floats) -> tuple[NDArray[np.bool_], NDArray[np.intp]]:
    """Per receiver, whether any offer is in ``mask`` and the lowest-index one minimising ``score``."""
    return np.count_nonzero(mask, axis=2) > 0, np.argmin(np.where(mask, score, np.inf), axis=2)


def _moves(x: Floats, spread: Floats, eao: Floats, eoa: Floats) -> Floats:
    """New positions after each receiver takes its preferred offer (step 6), shape (draws, actors)."""
    xo = x[:, None, :]  # [draw, receiver a, challenger o]
    xa = x[:, :, None]
    distance = np.abs(xo - xa)
    live = (xo != xa) & (spread[:, None, None] > 0)
    threat = live & (eoa > 0)
    confront = threat & (eao > 0) & (eoa > eao)
    yielding = threat & (eao < 0)
    compromise = yielding & (eoa > np.abs(eao))
    capitulate = yielding & ~compromise
    ratio = np.abs(eao) / np.where(compromise, eoa, 1.0)
    partial = np.clip(xa + (xo - xa) * ratio, np.minimum(xa, xo), np.maximum(xa, xo))

    any_confront, by_confront = _choose(confront, distance)
    strongest = compromise & (eoa == np.where(compromise, eoa, -np.inf).max(axis=2, keepdims=True))
    any_compromise, by_compromise = _choose(strongest, np.abs(partial - xa))
    any_capitulate, by_capitulate = _choose(capitulate, distance)

    def target(values: Floats, index: NDArray[np.intp]) -> Floats:
        return np.take_along_axis(values, index[:, :, None], axis=2)[:, :, 0]

    full = np.broadcast_to(xo, eao.shape)
    new = np.where(any_capitulate, target(full, by_capitulate), x)
    new = np.where(any_compromise, target(partial, by_compromise), new)
    return np.where(any_confront, target(full, by_confront), new)


def _round(x: Floats, salience: Floats, w: Floats, spread: Floats, q: float) -> Floats:
    """One round of the model: positions after everyone has moved, shape (draws, actors)."""
    draws, n = x.shape
    mu = weighted_median(x, w)
    d = np.abs(x[:, :, None] - x[:, None, :]) / spread[:, None, None]
    ones = np.ones((draws, n))
    eu1 = expected_utility(x, salience, spread, mu, win_probability(d, w, ones), np.ones((draws, n, n)), q)
    r = risk_exponents(eu1)
    p2 = win_probability(d, w, r)
    as_challenger = np.broadcast_to(r[:, :, None], (draws, n, n))  # exponent of i for the pair (i, j)
    as_target = np.broadcast_to(r[:, None, :], (draws, n, n))  # exponent of j for the pair (i, j)
    eu2 = expected_utility(x, salience, spread, mu, p2, as_challenger, q)
    perceived = expected_utility(x, salience, spread, mu, p2, as_target, q)  # [o, a]: o's threat to a, in a's eyes
    return _moves(x, spread, eu2, np.swapaxes(perceived, 1, 2))


def expected_utility_model(position: ArrayLike, capability: ArrayLike, salience: ArrayLike, rounds: int, q: float = 1.0) -> Forecast:
    """Forecast one issue with Bueno de Mesquita's expected-utility model.

    Parameters
    ----------
    position, capability, salience : array_like, shape (draws, actors)
        Initial positions (any units), capabilities (>= 0) and saliences (in [0, 1]).
    rounds : int
        Number of rounds of simultaneous moves (>= 0).
    q : float
        Q in [0, 1], the probability that the status quo holds when no challenge is made
        (Scholz, Calbert & Smith 2011, eqs. 22–24).

    Returns
    -------
    Forecast
        Positions, weighted mean and weighted median after every round.

    Raises
    ------
    ValueError
        If the shapes differ, are not two-dimensional or have no actors, or
        ``rounds`` or ``q`` is out of range.
    """
    x = np.array(position, dtype=np.float64)
    c = np.asarray(capability, dtype=np.float64)
    s = np.asarray(salience, dtype=np.float64)
    if x.ndim != 2 or c.shape != x.shape or s.shape != x.shape or x.shape[1] == 0:
        raise ValueError(
            f"position, capability and salience must share one (draws, actors) shape with actors, got {x.shape}, {c.shape}, {s.shape}"
        )
    if rounds < 0:
        raise ValueError(f"rounds must be at least 0, got {rounds}")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must lie in [0, 1], got {q}")
    w = c * s
    width = x.max(axis=1) - x.min(axis=1)
    spread = np.where(width > 0, width, 1.0)
    path, means, medians = [x], [weighted_mean(x, w)], [weighted_median(x, w)]
    for _ in range(rounds):
        x = np.where((width > 0)[:, None], _round(x, s, w, spread, q), x)
        path.append(x)
        means.append(weighted_mean(x, w))
        medians.append(weighted_median(x, w))
    return Forecast(np.stack(path), np.stack(means), np.stack(medians))


__all__ = [
    "Forecast",
    "expected_utility",
    "expected_utility_model",
    "risk_exponents",
    "weighted_mean",
    "weighted_median",
    "win_probability",
]
