"""Screening over private types with up to N take-it-or-leave-it offers, by backward induction over the proposer's belief.

Fearon (1995), "Rationalist explanations for war", International Organization
49(3), 379–414; Fey & Ramsay (2011), "Uncertainty and incentives in crisis
bargaining", American Journal of Political Science 55(1), 149–169; Sobel &
Takahashi (1983), "A multistage model of bargaining", Review of Economic
Studies 50(3), 411–426; Fudenberg & Tirole (1991), *Game Theory*, ch. 10.

The proposer A faces an informed party B of one of T types. Type θ has its
own reservation value ``d_B(θ)`` and A's war payoff against it is
``d_A(θ)``; B's utility of a package does not depend on its type. A's belief
puts weight ``w_θ`` on θ. In round r = 1 … N A offers a package (or nothing)
and B accepts or rejects; rejection after round N is war. Gains over the
reservation value are discounted by ``δ`` per round: B of type θ accepting
x in round r gets ``δ_B^(r-1) (u_B(x) - d_B(θ))``, A gets
``δ_A^(r-1) (u_A(x) - d_A(θ))``; war gives both 0.

Types are sorted by ``d_B`` (ascending; weightless types go last with
``d_B = +inf``), so by single crossing the types that accept any offer are a
prefix of those left (*skimming*): A's belief is always "the types from i on",
state i. In state i of round r A picks a cutoff j >= i: types i … j-1 accept,
the rest reject. With j > i the marginal type j-1 must accept and type j
must reject, given the continuation from state j in round r+1:

    u_B(x) - d_B(j-1) >= δ_B W_{r+1}(j-1; j) - tol
    u_B(x) - d_B(j)    <  δ_B W_{r+1}(j; j)   - tol

(``W(θ; j)`` is type θ's best stopping value along A's planned offers from
state j: the marginal type's indifference ``x_r - d = δ_B (x_{r+1} - d)`` of
the continuous model), and x is A's best package in that window of ``u_B``
(a range-maximum query over the candidates sorted by ``u_B``). A's value is

    V_r(i) = max_j  [ u_A(x_j) (Q_j - Q_i) - (D_j - D_i) + δ_A V_{r+1}(j) ],

with ``Q`` and ``D`` the prefix sums of ``w`` and ``w d_A``; j = i (no
acceptable offer) gives ``δ_A V_{r+1}(i)``, and ``V_{N+1} = 0``. Values within
1e-12 of the best are ties and go to the largest j (fewer wars). Candidates
are the packages allowed in the draw that every other, fully informed party
accepts whatever B's type.

B of any reservation value d (a type, or the draw's actual value) best responds
to A's planned offers: it accepts in round r iff
``u_B(x_r) - d >= δ_B cont_{r+1} - tol``, with ``cont`` its own best stopping
value from round r+1 (0 after round N). Everything is vectorised over draws;
loops run over rounds and types only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.utility import TOL

Array = NDArray[np.float64]
Index = NDArray[np.int64]

TIE_ATOL = 1e-12
"""A's values within this distance of the best cutoff's are ties."""


@dataclass
class Screening:
    """A's plan and its outcome.

    Attributes
    ----------
    offers : ndarray of int64, shape (draws, rounds)
        The package A offers in each round along its planned path (the path
        every rejecting type sees); -1 for no acceptable offer.
    value : ndarray, shape (draws,)
        A's expected discounted gain over its war payoff, ``V_1(0) / sum(w)``.
    stop : ndarray of int64, shape (draws, types)
        The round (1-based) in which each type accepts, 0 for never, in the
        caller's type order.
    """

    offers: Index
    value: Array
    stop: Index


def _stop_rounds(u_b: Array, offers: Index, d: Array, delta_b: Array, tol: float) -> Index:
    """The round each reservation value accepts along the planned offers, 0 for never.

    Parameters
    ----------
    u_b : ndarray, shape (draws, packages)
    offers : ndarray of int64, shape (draws, rounds)
    d : ndarray, shape (draws, k)
        Reservation values of B to evaluate (types or the actual value).
    delta_b : ndarray, shape (draws,)
    """
    rounds = offers.shape[1]
    accept = np.zeros((*d.shape, rounds), dtype=bool)
    cont = np.zeros(d.shape)
    for r in range(rounds - 1, -1, -1):
        x = offers[:, r]
        gain = np.where(x >= 0, np.take_along_axis(u_b, np.maximum(x, 0)[:, None], axis=1)[:, 0], -np.inf)[:, None] - d
        accept[:, :, r] = gain >= delta_b[:, None] * cont - tol
        cont = np.where(accept[:, :, r], gain, delta_b[:, None] * cont)
    first = accept.argmax(axis=2)
    return np.where(accept.any(axis=2), first + 1, 0).astype(np.int64)


class _RangeMax:
    """Range-maximum queries of ``u_A`` over the candidates sorted by ``u_B``, per draw (a sparse table)."""

    def __init__(self, u_a: Array, u_b: Array, candidate: NDArray[np.bool_]):
        self.order = np.argsort(np.where(candidate, u_b, np.inf), axis=1, kind="stable")
        self.sorted_b = np.take_along_axis(np.where(candidate, u_b, np.inf), self.order, axis=1)
        level = np.take_along_axis(np.where(candidate, u_a, -np.inf), self.order, axis=1)
        where = np.broadcast_to(np.arange(level.shape[1]), level.shape).copy()
        self.values, self.where = [level], [where]
        width = 1
        while 2 * width <= level.shape[1]:
            a, b = self.values[-1], self.where[-1]
            better = a[:, width:] > a[:, :-width]  # ties keep the lower u_B
            self.values.append(np.where(better, a[:, width:], a[:, :-width]))
            self.where.append(np.where(better, b[:, width:], b[:, :-width]))
            width *= 2

    def count_below(self, thresholds: Array) -> Index:
        """How many sorted candidates have ``u_B`` below each threshold, shape (draws, q)."""
        q = thresholds.shape[1]
        keys = np.concatenate([thresholds, self.sorted_b], axis=1)
        order = np.argsort(keys, axis=1, kind="stable")  # a threshold sorts before an equal u_B
        below = np.cumsum(order >= q, axis=1)
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(keys.shape[1])[None, :], axis=1)
        return np.take_along_axis(below, rank[:, :q], axis=1).astype(np.int64)

    def best(self, lo: Index, hi: Index) -> Index:
        """The package with the largest ``u_A`` among sorted positions ``[lo, hi)``, -1 for an empty or candidate-free range."""
        n = lo.shape[0]
        span = np.maximum(hi - lo, 1)
        level = np.floor(np.log2(span)).astype(np.int64)
        rows = np.broadcast_to(np.arange(n)[:, None], lo.shape)
        best_v = np.full(lo.shape, -np.inf)
        best_at = np.zeros(lo.shape, dtype=np.int64)
        size = self.values[0].shape[1]
        for k, (values, where) in enumerate(zip(self.values, self.where, strict=True)):
            at = level == k
            if not at.any():
                continue
            last = values.shape[1] - 1
            left = np.clip(lo, 0, last)
            right = np.clip(hi - (1 << k), 0, last)
            vl, vr = values[rows, left], values[rows, right]
            pick_r = vr > vl
            v = np.where(pick_r, vr, vl)
            w = np.where(pick_r, where[rows, right], where[rows, left])
            best_v = np.where(at, v, best_v)
            best_at = np.where(at, w, best_at)
        ok = (hi > lo) & (lo < size) & np.isfinite(best_v)
        package = np.take_along_axis(self.order, np.clip(best_at, 0, size - 1), axis=1)
        return np.where(ok, package, -1).astype(np.int64)


def _continuation(u_b: Array, offers: list[Index], cuts: list[Index], state: Index, d: Array, delta_b: Array, tol: float) -> Array:
    """Best stopping value over the planned rounds, for reservation values ``d`` starting in ``state``, shape (draws, q).

    ``offers[s]`` and ``cuts[s]`` (shape (draws, T + 1)) are A's offer and
    cutoff per state in the s-th of the rounds still to come.
    """
    gains = []
    for s in range(len(offers)):
        x = np.take_along_axis(offers[s], state, axis=1)
        ub = np.where(x >= 0, np.take_along_axis(u_b, np.maximum(x, 0), axis=1), -np.inf)
        gains.append(ub - d)
        state = np.take_along_axis(cuts[s], state, axis=1)
    cont = np.zeros(d.shape)
    for gain in reversed(gains):
        cont = np.where(gain >= delta_b[:, None] * cont - tol, gain, delta_b[:, None] * cont)
    return cont


def screen(
    u_a: Array,
    u_b: Array,
    candidate: NDArray[np.bool_],
    d_a: Array,
    d_b: Array,
    weight: Array,
    delta_a: Array,
    delta_b: Array,
    rounds: int,
    tol: float = TOL,
) -> Screening:
    """A's optimal screening plan over B's types, by backward induction over its belief.

    Parameters
    ----------
    u_a, u_b : ndarray, shape (draws, packages)
        A's and B's utilities of each package.
    candidate : ndarray of bool, shape (draws, packages)
        Packages A may offer (allowed, and accepted by every other party).
    d_a, d_b : ndarray, shape (draws, types)
        A's war payoff against each type and each type's reservation value.
    weight : ndarray, shape (draws, types)
        A's belief (need not sum to 1; types of weight 0 are ignored).
    delta_a, delta_b : ndarray, shape (draws,)
        Discount factors per round.
    rounds : int
        N >= 1.

    Returns
    -------
    Screening
    """
    n, t = d_b.shape
    live = weight > 0
    order = np.argsort(np.where(live, d_b, np.inf), axis=1, kind="stable")
    db = np.take_along_axis(np.where(live, d_b, np.inf), order, axis=1)
    w = np.take_along_axis(np.where(live, weight, 0.0), order, axis=1)
    da = np.take_along_axis(d_a, order, axis=1)
    q = np.concatenate([np.zeros((n, 1)), np.cumsum(w, axis=1)], axis=1)  # (n, T + 1)
    dsum = np.concatenate([np.zeros((n, 1)), np.cumsum(w * da, axis=1)], axis=1)
    table = _RangeMax(u_a, u_b, candidate)
    cut_j = np.broadcast_to(np.arange(1, t + 1), (n, t))  # cutoffs with at least one acceptor
    offers: list[Index] = []
    cuts: list[Index] = []
    value_next = np.zeros((n, t + 1))
    for r in range(rounds - 1, -1, -1):
        if r == rounds - 1:
            w_marg = np.zeros((n, t))
            w_next = np.zeros((n, t))
        else:
            w_marg = _continuation(u_b, offers, cuts, cut_j, db, delta_b, tol)  # type j-1 from state j
            nxt = np.concatenate([db[:, 1:], np.full((n, 1), np.inf)], axis=1)
            w_next = _continuation(u_b, offers, cuts, cut_j, np.where(np.isfinite(nxt), nxt, 0.0), delta_b, tol)
        lo_thr = db + delta_b[:, None] * w_marg - tol
        hi_thr = np.concatenate([db[:, 1:], np.full((n, 1), np.inf)], axis=1) + delta_b[:, None] * w_next - tol
        counts = table.count_below(np.concatenate([lo_thr, hi_thr], axis=1))
        x = table.best(counts[:, :t], counts[:, t:])  # (n, T): the offer for cutoff j = 1 … T
        u_x = np.where(x >= 0, np.take_along_axis(u_a, np.maximum(x, 0), axis=1), 0.0)
        value = np.empty((n, t + 1))
        cut = np.empty((n, t + 1), dtype=np.int64)
        offer = np.full((n, t + 1), -1, dtype=np.int64)
        for i in range(t + 1):
            options = np.full((n, t + 1), -np.inf)
            options[:, i] = delta_a * value_next[:, i]
            if i < t:
                gain = (
                    u_x[:, i:] * (q[:, i + 1 :] - q[:, i, None])
                    - (dsum[:, i + 1 :] - dsum[:, i, None])
                    + delta_a[:, None] * value_next[:, i + 1 :]
                )
                options[:, i + 1 :] = np.where(x[:, i:] >= 0, gain, -np.inf)
            best = options.max(axis=1)
            pick = t - np.argmax((options >= best[:, None] - TIE_ATOL)[:, ::-1], axis=1)
            value[:, i] = best
            cut[:, i] = pick
            offer[:, i] = np.where(pick > i, np.take_along_axis(x, np.maximum(pick - 1, 0)[:, None], axis=1)[:, 0], -1)
        offers.insert(0, offer)
        cuts.insert(0, cut)
        value_next = value
    path = np.empty((n, rounds), dtype=np.int64)
    state = np.zeros((n, 1), dtype=np.int64)
    for r in range(rounds):
        path[:, r] = np.take_along_axis(offers[r], state, axis=1)[:, 0]
        state = np.take_along_axis(cuts[r], state, axis=1)
    total = q[:, -1]
    stop = _stop_rounds(u_b, path, np.where(live, d_b, np.inf), delta_b, tol)
    return Screening(path, np.where(total > 0, value_next[:, 0] / np.where(total > 0, total, 1.0), 0.0), stop)


def stop_round(u_b: Array, offers: Index, d: Array, delta_b: Array, tol: float = TOL) -> Index:
    """The round (1-based) in which B with reservation value ``d`` (shape (draws,)) accepts along ``offers``, 0 for never."""
    return _stop_rounds(u_b, offers, d[:, None], delta_b, tol)[:, 0]


__all__ = ["TIE_ATOL", "Screening", "screen", "stop_round"]
