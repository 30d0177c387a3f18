"""Who blocks a deal: each draw's slack, and the constraints that alone stand between a draw and a deal.

**Slack.** The largest common rise t of every party's reservation value that
still leaves a deal: with g_p(k) = u_p(k) - d_p the gains and W the draw's
win-set (the packages every triggered ratification step passes: Putnam 1988),

    slack = max over k in W of min over parties p of g_p(k),

since raising every d_p by t leaves k acceptable to all iff t <= min_p g_p(k).
It is negative where no package of the win-set is acceptable to every party
(then -slack is how far apart they are), and -inf where the win-set is empty.
It is a property of the draw under unanimity, the same for every protocol.
With a clock it is the largest, over the talk periods t, of that period's
slack (on v_p(k, t) - d_{p,t}, the package values the protocols bargain
over, under enforcement), so slack >= -tol iff a deal was in reach at some talk.

**Blocking.** A deal needs every party's participation constraint
(g_p(k) >= -tol) and every ratification step the package triggers. In a
no-deal draw a constraint *blocks alone* when some package breaks that
constraint and no other: dropping it would leave a package to agree on. For
parties this is the rule of :func:`negotiation.solvers.participation.pivotal`
(a package of the win-set acceptable to every other party but not to p). A
step r blocks alone when some package acceptable to every party passes every
step it triggers except r. Only where no package meets every constraint
(slack < -tol, or an empty win-set) does anything block. The rule is the same
for every protocol (a majority rule's quota included, whose no-deal draws are
judged by unanimity): it names constraints, not strategic refusals. Two
constraints that fail together on every package name neither.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from negotiation.solvers.bargaining import Bargaining, PackageSet
from negotiation.solvers.candidates import Candidates, candidate_gains
from negotiation.solvers.ratification import passes
from negotiation.utility import TOL

Floats = NDArray[np.float64]
Exact = Callable[[NDArray[np.intp], NDArray[np.intp]], Floats]
"""``exact(rows, cols) -> values``: exact values of some (draw, package) pairs, shape (len(rows), parties)."""

_U32 = float(np.finfo(np.float32).eps) / 2
_U64 = float(np.finfo(np.float64).eps) / 2
_ELEMENTS = 1 << 22
"""Bound on the elements of one temporary (candidates, periods) array."""


def lone_blockers(gain: Floats, triggers: NDArray[np.bool_], passing: NDArray[np.bool_] | None, tol: float = TOL) -> NDArray[np.bool_]:
    """Which constraints alone stand between each draw and a deal: every party, then every ratification step.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d`` (or ``v - d`` under enforcement).
    triggers : ndarray of bool, shape (R, packages)
        Which packages trigger each step (R may be 0).
    passing : ndarray of bool, shape (draws, R, packages), or None when R = 0
        Whether each step would pass each package in the draw.
    tol : float
        ``gain >= -tol`` is acceptable.

    Returns
    -------
    ndarray of bool, shape (draws, parties + R)
        Column c is True when no package meets every constraint and some
        package fails constraint c and no other. Where no package meets every
        constraint the party columns equal :func:`participation.pivotal` on
        the win-set. Where one does (a protocol that fails for reasons of its
        own, such as a refused ``fearon`` offer) nothing blocks.
    """
    fails = gain < -tol
    count = fails.sum(axis=1)
    steps = triggers.shape[0]
    refused = (
        triggers[None, :, :] & ~passing if passing is not None and steps else np.zeros((gain.shape[0], steps, gain.shape[2]), dtype=bool)
    )
    if steps:
        count = count + refused.sum(axis=1)
    lone = (count == 1) & ~(count == 0).any(axis=1)[:, None]
    return np.concatenate([(fails & lone[:, None, :]).any(axis=-1), (refused & lone[:, None, :]).any(axis=-1)], axis=1)


def _period_maxmin(
    values: Floats,
    rows: NDArray[np.intp],
    d: Floats,
    rho: Floats | None,
    d_after: Floats | None,
) -> Floats:
    """Per candidate, max over periods of min over parties of its value less the reservation value, shape (c,).

    ``values`` (c, parties) exact; ``rows`` (c,) their draws; ``d`` (draws, T, parties);
    ``rho`` (c,) their breakdown chances and ``d_after`` (draws, T, parties) under enforcement.
    """
    c, parties = values.shape
    periods = d.shape[1]
    best = np.full(c, -np.inf)
    step = max(1, _ELEMENTS // max(c, 1))
    for lo in range(0, periods, step):
        ts = np.arange(lo, min(lo + step, periods))
        worst = np.full((c, len(ts)), np.inf)
        for p in range(parties):
            v = values[:, p, None]
            if rho is not None and d_after is not None:
                r = rho[:, None]
                v = (1.0 - r) * v + r * d_after[rows[:, None], ts[None, :], p]
            np.minimum(worst, v - d[rows[:, None], ts[None, :], p], out=worst)
        np.maximum(best, worst.max(axis=1), out=best)
    return best


def slack(
    values: NDArray[np.floating],
    error: Floats,
    exact: Exact,
    feasible: NDArray[np.bool_] | None,
    d: Floats,
    rho: Floats | None = None,
    d_after: Floats | None = None,
) -> Floats:
    """Each draw's slack: max over win-set packages and talk periods of the smallest gain.

    Parameters
    ----------
    values : ndarray, shape (draws, parties, packages)
        Every package's value, possibly rounded (float32): utilities, or gains with ``d`` zero.
    error : ndarray, shape (draws, parties)
        A bound on ``|values - exact|``.
    exact : callable
        Exact values of (draw, package) pairs (:data:`Exact`).
    feasible : ndarray of bool, shape (draws, packages), or None
        The win-set (None: every package).
    d : ndarray, shape (draws, T, parties)
        Reservation values at the T talk periods (T = 1 without a clock).
    rho : ndarray, shape (draws, packages) or (draws, 1), optional
        Breakdown chances under enforcement: a package is worth
        ``(1 - rho) u + rho d_after`` (``timeline.reservation.enforced_utility``).
    d_after : ndarray, shape (draws, T, parties), optional
        With ``rho``: reservation values after a collapse.

    Returns
    -------
    ndarray, shape (draws,)
        ``max_{k in W, t} min_p (v_p(k, t) - d_{p,t})``, computed on exact
        values; ``-inf`` where the win-set is empty or T = 0.

    Notes
    -----
    Exact whatever the rounding of ``values``: each package's best smallest
    gain over the periods is bounded above by ``U(k) = min_p (v_p(k) -
    min_t d_{p,t}) + error`` (with enforcement v at the largest d'), the
    package maximising U is valued exactly (L), and only packages with
    ``U(k) >= L`` (the maximiser among them) are valued exactly at every period.
    """
    return bounded_slack(values, error, exact, feasible, d, rho, d_after, upper_bound)


Bound = Callable[[NDArray[np.floating], Floats, "Floats | None", "Floats | None", "NDArray[np.bool_] | None"], Floats]
"""``bound(values, shift, rho, high, feasible) -> upper``: every package's ``min_p (v_p - shift_p)``, -inf off the win-set."""


def upper_bound(
    values: NDArray[np.floating], shift: Floats, r: Floats | None, high: Floats | None, feasible: NDArray[np.bool_] | None
) -> Floats:
    """Every package's upper bound ``min_p (v_p - shift_p)`` (v under enforcement at the largest d'), -inf off the win-set, shape (draws, packages)."""
    draws, parties, size = values.shape
    upper = np.full((draws, size), np.inf)
    for p in range(parties):
        if r is not None and high is not None:
            v = (1.0 - r) * values[:, p] + r * high[:, p, None]
            np.minimum(upper, v - shift[:, p, None], out=upper)
        else:
            np.minimum(upper, np.subtract(values[:, p], shift[:, p, None], dtype=np.float64), out=upper)
    if feasible is not None:
        np.copyto(upper, -np.inf, where=~feasible)
    return upper


def bounded_slack(
    values: NDArray[np.floating],
    error: Floats,
    exact: Exact,
    feasible: NDArray[np.bool_] | None,
    d: Floats,
    rho: Floats | None,
    d_after: Floats | None,
    bound: Bound,
) -> Floats:
    """:func:`slack` with the packages' upper bounds formed by ``bound`` (:data:`Bound`; :func:`upper_bound` or a compiled pass)."""
    draws, _, size = values.shape
    out = np.full(draws, -np.inf)
    periods = d.shape[1]
    if periods == 0 or size == 0 or draws == 0:
        return out
    floor = d.min(axis=1)
    r = None if rho is None else np.broadcast_to(np.asarray(rho, dtype=float), (draws, size))
    high = None if d_after is None else d_after.max(axis=1)
    # float64 arithmetic on the (possibly float32) values: its rounding, a few units of 1e-16 of
    # |value| + |d|, is inside ``error`` plus the 1e-12 margin below
    scale = 1.0 + np.abs(d).max(axis=(1, 2))
    if d_after is not None:
        scale = scale + np.abs(d_after).max(axis=(1, 2))
    shift = floor - error - 1e-12 * scale[:, None]  # (draws, parties)
    upper = bound(values, shift, r, high, feasible)
    anchor = upper.argmax(axis=1)
    has = np.flatnonzero(np.isfinite(upper[np.arange(draws), anchor]))
    if has.size == 0:
        return out
    rows = has.astype(np.intp)
    cols = anchor[has].astype(np.intp)
    found_floor = np.full(draws, np.inf)
    found_floor[rows] = _period_maxmin(exact(rows, cols), rows, d, None if r is None else r[rows, cols], d_after)
    found = Candidates.from_mask(upper >= found_floor[:, None])
    best = _period_maxmin(exact(found.rows, found.cols), found.rows, d, None if r is None else r[found.rows, found.cols], d_after)
    out[found.rows[found.starts]] = np.maximum.reduceat(best, found.starts)
    return out


def problem_slack(problem: Bargaining) -> Floats:
    """The slack of each draw of a static problem (no clock), shape (draws,).

    With the compiled kernel, from the one pass over every package's exact
    gains that also gives the Nash choices (``Bargaining.nash_scan``, shared
    with the ``nash`` protocol). Otherwise it reuses the gains a protocol has
    already formed: float64 ``gain``, else the float32 ``gain32`` of
    ``solvers.nash.screened_nash_choice`` (formed here when no protocol did).
    Exact values are summed issue by issue from ``Bargaining.shifted``, so
    the result does not depend on which path was taken. Not for gains given
    outright (enforcement): the timed engine calls :func:`slack` on its
    package values.
    """
    from negotiation.solvers.nash_scan import compiled_scan  # imports this module's dependencies only

    if "nash_scan" in problem.__dict__ or compiled_scan():
        return problem.nash_scan.slack
    gain = problem.__dict__.get("gain")
    return screened_slack(problem.shifted, problem.packages, problem.feasible, gain, problem.__dict__.get("gain32"))


def screened_slack(
    shifted: Floats,
    packages: PackageSet,
    feasible: NDArray[np.bool_] | None,
    gain: Floats | None = None,
    gain32: NDArray[np.float32] | None = None,
) -> Floats:
    """The static slack from rounded gains: :func:`slack` with float64 ``gain`` if given, else float32 gains, shape (draws,).

    Parameters
    ----------
    shifted : ndarray, shape (draws, parties, options)
        ``Bargaining.shifted``.
    packages : PackageSet
    feasible : ndarray of bool, shape (draws, packages), or None
    gain : ndarray, shape (draws, parties, packages), optional
        Gains in float64 (``shifted @ incidence``), when already formed.
    gain32 : ndarray of float32, shape (draws, parties, packages), optional
        ``float32(shifted) @ incidence32``, when already formed (else formed here).
    """
    n, parties, options = shifted.shape
    bound = np.maximum.reduceat(np.abs(shifted), packages.offsets, axis=2).sum(axis=2)
    issues = packages.issues
    values: NDArray[np.floating]
    if gain is not None:
        values = gain
        error = 2.0 * (issues + 1) * _U64 * bound * 1.01 + 1e-300
    else:
        if gain32 is None:
            gain32 = (shifted.astype(np.float32).reshape(n * parties, options) @ packages.incidence32).reshape(n, parties, packages.size)
        values = gain32
        error = 2.0 * (issues + 1) * _U32 * bound * 1.01 + 1e-300

    def exact(rows: NDArray[np.intp], cols: NDArray[np.intp]) -> Floats:
        return candidate_gains(shifted, packages.columns, rows, cols)

    return slack(values, error, exact, feasible, np.zeros((n, 1, parties)))


def blocked_draws(
    wv: Floats,
    d: Floats,
    packages: PackageSet,
    triggers: NDArray[np.bool_],
    levels: tuple[Floats, Floats, Floats],
    rows: NDArray[np.intp],
    block: int,
) -> NDArray[np.bool_]:
    """:func:`lone_blockers` of some draws of a chunk, a block of draws at a time (for protocols solved on the whole chunk).

    Parameters
    ----------
    wv : ndarray, shape (draws, parties, options)
    d : ndarray, shape (draws, parties)
    packages : PackageSet
    triggers : ndarray of bool, shape (R, packages)
    levels : (support, threshold, shift)
        Each step's support and threshold (draws, R) and shift (draws, R, options).
    rows : ndarray of intp
        The draws to examine (a protocol's no-deal draws).
    block : int
        Draws per block.

    Returns
    -------
    ndarray of bool, shape (len(rows), parties + R)
    """
    support, threshold, shift = levels
    out = np.zeros((len(rows), wv.shape[1] + triggers.shape[0]), dtype=bool)
    for lo in range(0, len(rows), max(block, 1)):
        at = rows[lo : lo + block]
        sub = wv[at] - d[at][:, :, None] / packages.issues
        m, parties, options = sub.shape
        gain = (sub.reshape(m * parties, options) @ packages.incidence).reshape(m, parties, packages.size)
        passing = passes(support[at], threshold[at], shift[at], packages.incidence) if triggers.shape[0] else None
        out[lo : lo + len(at)] = lone_blockers(gain, triggers, passing)
    return out


__all__ = ["Exact", "blocked_draws", "lone_blockers", "problem_slack", "screened_slack", "slack"]
