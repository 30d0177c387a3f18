"""The Nash bargaining solution on a discrete package set, vectorised over draws.

Nash (1950) picks the feasible, individually rational package that maximises
the product of gains over the disagreement point; the asymmetric form (Kalai
1977; Roth 1979) raises each party's gain to its bargaining power:

    k* = argmax_k  prod_p max(u_p(k) - d_p, 0) ^ power_p
         over packages k with u_p(k) >= d_p - tol for all p, feasible in the draw.

With no such package the draw is no deal. Ties (products within ``TIE_RTOL``
of the best) go to the lowest index. When the best product is 0 (some party
gains nothing in every acceptable package) the acceptable packages are
compared lexicographically by the parties' gains in party order, within
``tol``, so the choice stays Pareto optimal and invariant to rescaling any
party's utility; then the lowest index wins.

:func:`nash_choice` states these rules on a full array of utilities.
:func:`screened_nash_choice` gives the same choice faster for unit powers: it
screens every package in single precision, with error bounds that keep every
package that could win, and decides among the survivors in double precision.
:func:`screened_nash_pair` gives the choice on a win-set and the choice on
every package (the tied-hands comparison of domestic ratification) from one
such screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.compiled import jit
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome, PackageSet
from negotiation.solvers.candidates import Candidates, candidate_gains, lexicographic
from negotiation.solvers.patience_power import protocol_powers
from negotiation.utility import TOL

TIE_RTOL = 1e-9
"""Nash products within this relative distance of the best are ties."""

_U32 = float(np.finfo(np.float32).eps) / 2  # unit roundoff of float32

_ELEMENTWISE_DRAWS = 128
"""From this many draws in a block, per-issue maxima are taken option by option (``_gain_bound``)."""


def nash_choice(
    u: NDArray[np.float64],
    d: NDArray[np.float64],
    power: NDArray[np.float64],
    feasible: NDArray[np.bool_] | None,
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
    feasible : ndarray of bool, shape (draws, packages), or None
        Packages allowed in each draw; None allows all.
    tol : float
        A gain of at least ``-tol`` counts as individually rational.

    Returns
    -------
    ndarray of int64, shape (draws,)
    """
    return choose_nash(u - d[:, :, None], power, feasible, tol)


def choose_nash(
    gain: NDArray[np.float64], power: NDArray[np.float64], feasible: NDArray[np.bool_] | None, tol: float = TOL
) -> NDArray[np.int64]:
    """The Nash choice by the rules of the module docstring, from exact gains.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d``.
    power : ndarray, shape (draws, parties)
    feasible : ndarray of bool, shape (draws, packages), or None
    tol : float

    Returns
    -------
    ndarray of int64, shape (draws,)
    """
    acceptable = gain.min(axis=1) >= -tol
    if feasible is not None:
        acceptable &= feasible
    clamped = np.maximum(gain, 0.0)
    if not np.all(power == 1.0):
        clamped **= power[:, :, None]
    product = _product(clamped)
    product[~acceptable] = -1.0
    best = product.max(axis=1)
    tied = product >= (best * (1.0 - TIE_RTOL))[:, None]
    choice = tied.argmax(axis=1).astype(np.int64)
    flat = np.flatnonzero(best == 0.0)
    if flat.size:
        choice[flat] = _lexicographic(gain[flat], acceptable[flat], tol)
    choice[best < 0.0] = NO_DEAL
    return choice


def _product(clamped: NDArray[np.float64]) -> NDArray[np.float64]:
    """``clamped.prod(axis=1)``, the same numbers ((g0 * g1) * g2 ..., in party order), in fewer passes; shape (draws, packages)."""
    product = clamped[:, 0].copy()
    for p in range(1, clamped.shape[1]):
        product *= clamped[:, p]
    return product


def _lexicographic(gain: NDArray[np.float64], keep: NDArray[np.bool_], tol: float) -> NDArray[np.int64]:
    """Among ``keep``, the best for party 0, then party 1, ... within tol; then the lowest index."""
    keep = keep.copy()
    for p in range(gain.shape[1]):
        values = np.where(keep, gain[:, p, :], -np.inf)
        keep &= values >= values.max(axis=1, keepdims=True) - tol
    return keep.argmax(axis=1).astype(np.int64)


def screened_nash_choice(
    shifted: NDArray[np.float64],
    packages: PackageSet,
    feasible: NDArray[np.bool_] | None,
    tol: float = TOL,
    g32: NDArray[np.float32] | None = None,
) -> NDArray[np.int64]:
    """The Nash choice for unit powers, equal to :func:`nash_choice`, computed faster.

    Parameters
    ----------
    shifted : ndarray, shape (draws, parties, options)
        Weighted option values less ``d / issues`` (``Bargaining.shifted``), so
        that ``shifted @ incidence`` is the gain ``u - d`` of every package.
    packages : PackageSet
    feasible : ndarray of bool, shape (draws, packages), or None
    tol : float
    g32 : ndarray of float32, shape (draws, parties, packages), optional
        ``shifted`` in float32 times ``packages.incidence32``, when already
        formed (``Bargaining.gain32``); it is read, never written.

    Returns
    -------
    ndarray of int64, shape (draws,)

    Notes
    -----
    Gains are first computed in float32. With ``S_p`` a bound on ``|gain_p|``
    (the sum over issues of the largest ``|shifted|``) a float32 gain is off by
    at most ``E_p = 2 * issues * u32 * S_p`` (Higham 2002, eq. 3.5, for any
    order of summation), and a product of P gains by at most ``Delta``, which
    also covers the float32 product's own rounding and the clamping of gains
    in [-tol, 0). A package survives the screen unless its float32 figures
    prove it cannot be acceptable or tied with the best; the survivors, a few
    per draw, are decided on exact float64 gains by the rules of
    :func:`nash_choice`.
    """
    screen = _Screen(shifted, packages, tol, g32)
    return _decide(shifted, packages, screen.keep(feasible), tol)


def screened_nash_pair(
    shifted: NDArray[np.float64],
    packages: PackageSet,
    feasible: NDArray[np.bool_],
    tol: float = TOL,
    g32: NDArray[np.float32] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The Nash choice on ``feasible`` and on every package, from one screen.

    Equal to ``screened_nash_choice(shifted, packages, feasible)`` and
    ``screened_nash_choice(shifted, packages, None)`` (the tied-hands choice
    of ``engine.chunk``), tie rules included: the float32 products and error
    bounds are formed once, each choice screens them on its own feasible
    set, and the survivors of both are decided together on exact gains.

    Returns
    -------
    constrained, free : ndarray of int64, shape (draws,) each
    """
    n = shifted.shape[0]
    screen = _Screen(shifted, packages, tol, g32)
    keep = np.concatenate([screen.keep(feasible), screen.keep(None)])
    both = _decide(shifted, packages, keep, tol, rows=n)
    return both[:n], both[n:]


class _Screen:
    """The float32 screen of :func:`screened_nash_choice`, shared by any feasible sets."""

    def __init__(self, shifted: NDArray[np.float64], packages: PackageSet, tol: float, g32: NDArray[np.float32] | None) -> None:
        n, parties, _ = shifted.shape
        issues = packages.issues
        if g32 is None:
            g32 = (shifted.astype(np.float32).reshape(n * parties, -1) @ packages.incidence32).reshape(n, parties, -1)
        low = np.minimum(g32[:, 0], g32[:, 1]) if parties > 1 else g32[:, 0].copy()
        product = np.multiply(g32[:, 0], g32[:, 1]) if parties > 1 else g32[:, 0].copy()
        for p in range(2, parties):
            np.minimum(low, g32[:, p], out=low)
            product *= g32[:, p]

        bound = _gain_bound(shifted, packages.offsets)
        err = 2.0 * issues * _U32 * bound * 1.01 + 1e-300
        grown = np.maximum(bound + err, 1.0).prod(axis=1)
        self.delta = (bound + err).prod(axis=1) - bound.prod(axis=1) + (parties + 1) * _U32 * grown + tol * grown
        e_max = err.max(axis=1)
        # Candidates are the packages not proved unacceptable (or infeasible);
        # zeroing the others' products keeps them out of the maximum.
        self.candidate = low >= _down(-(tol + e_max))[:, None]
        self.product = product
        self.noise = 3.0 * self.delta + (tol + 3.0 * e_max) * grown

    def keep(self, feasible: NDArray[np.bool_] | None) -> NDArray[np.bool_]:
        """The packages that survive the screen on ``feasible`` (None: every package), shape (draws, packages)."""
        candidate = self.candidate if feasible is None else self.candidate & feasible
        product = self.product * candidate
        best = product.max(axis=1).astype(np.float64)
        delta = self.delta
        sharp = best > self.noise
        threshold = np.where(sharp, best - 2.0 * delta - TIE_RTOL * (np.abs(best) + delta), np.inf)
        keep = product >= _down(threshold)[:, None]
        vague = np.flatnonzero(~sharp)
        keep[vague] = candidate[vague]
        return keep


def _gain_bound(shifted: NDArray[np.float64], offsets: NDArray[np.intp]) -> NDArray[np.float64]:
    """``S_p``: the sum over issues of the largest ``|shifted|``, shape (draws, parties).

    On many draws an elementwise maximum over each issue's options costs less
    than ``maximum.reduceat`` over the short option axis; both give the same
    numbers (a maximum is exact; the issues are summed in order either way).
    """
    size = np.abs(shifted)
    if shifted.shape[0] < _ELEMENTWISE_DRAWS:
        return np.maximum.reduceat(size, offsets, axis=2).sum(axis=2)
    ends = [*offsets[1:].tolist(), size.shape[2]]
    total = None
    for lo, hi in zip(offsets.tolist(), ends, strict=True):
        top = size[:, :, lo].copy()
        for option in range(lo + 1, hi):
            np.maximum(top, size[:, :, option], out=top)
        if total is None:
            total = top
        else:
            total += top
    assert total is not None
    return total


def _down(x: NDArray[np.float64]) -> NDArray[np.float32]:
    """Float32 values no larger than x."""
    y = x.astype(np.float32)
    return np.where(y.astype(np.float64) > x, np.nextafter(y, np.float32(-np.inf)), y)


def _decide(
    shifted: NDArray[np.float64], packages: PackageSet, candidate: NDArray[np.bool_], tol: float, rows: int | None = None
) -> NDArray[np.int64]:
    """Apply the exact rules to the screened candidates only.

    ``rows``: when ``candidate`` stacks several screens of the same draws
    (shape (k * rows, packages)), the number of draws of each.
    """
    total, k = candidate.shape
    stacked, cols = np.divmod(np.flatnonzero(candidate), k)
    gain = candidate_gains(shifted, packages.columns, stacked if rows is None else stacked % rows, cols)
    return _nash_sorted(stacked, cols, gain, total, tol)


def nash_among(candidates: Candidates, gain: NDArray[np.float64], tol: float = TOL) -> NDArray[np.int64]:
    """The Nash choice (unit powers) among given candidates, by the module's rules.

    Parameters
    ----------
    candidates : Candidates
        The packages still in play, per draw.
    gain : ndarray, shape (c, parties)
        Their exact gains ``u - d``.

    Returns
    -------
    ndarray of int64, shape (draws,)
    """
    return _nash_sorted(candidates.rows, candidates.cols, gain, candidates.draws, tol)


def _nash_sorted(rows: NDArray[np.intp], cols: NDArray[np.intp], gain: NDArray[np.float64], draws: int, tol: float) -> NDArray[np.int64]:
    """:func:`nash_among` on candidates given as arrays sorted by draw, then package.

    Per-draw maxima are ``reduceat`` over the draws' segments and the lowest
    index kept is the first of its segment, found by comparing neighbours
    (no sort), which keeps the cost per candidate small on small domains.
    """
    choice = np.full(draws, NO_DEAL, dtype=np.int64)
    if gain.size == 0:
        return choice
    ok = gain.min(axis=1) >= -tol
    if not ok.all():
        rows, cols, gain = rows[ok], cols[ok], gain[ok]
        if rows.size == 0:
            return choice
    new = _segment_starts(rows)
    if new.all():  # one acceptable candidate per draw (the common case after a screen): it wins
        choice[rows] = cols
        return choice
    product = np.maximum(gain, 0.0).prod(axis=1)
    best = np.maximum.reduceat(product, np.flatnonzero(new))[np.cumsum(new) - 1]
    keep = product >= best * (1.0 - TIE_RTOL)
    level = best == 0.0
    if level.any():
        keep = np.where(level, lexicographic(Candidates(rows, cols, draws), gain, level, tol), keep)
    kept = np.flatnonzero(keep)
    leaders = kept[_segment_starts(rows[kept])]
    choice[rows[leaders]] = cols[leaders]
    return choice


def _segment_starts(rows: NDArray[np.intp]) -> NDArray[np.bool_]:
    """True at the first entry of every run of equal values in a sorted array."""
    new = np.empty(rows.size, dtype=bool)
    if rows.size:
        new[0] = True
        np.not_equal(rows[1:], rows[:-1], out=new[1:])
    return new


def nash_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``nash`` protocol: screened for unit powers, exact otherwise (and on gains given outright, as under enforcement).

    With the option ``power: from_patience`` every party's exponent is
    ``1 / (-ln patience)`` (:func:`~negotiation.solvers.patience_power.protocol_powers`).
    """
    power = protocol_powers(problem.power, problem.patience, spec)
    if np.all(power == 1.0) and not problem.gain_given:
        from negotiation.solvers.nash_scan import compiled_scan  # it imports this module

        if compiled_scan() or "nash_scan" in problem.__dict__:
            scan = problem.nash_scan
            return Outcome(scan.choice, unconstrained=scan.free if problem.tied_hands and problem.feasible is not None else None)
        if problem.tied_hands and problem.feasible is not None:
            choice, free = screened_nash_pair(problem.shifted, problem.packages, problem.feasible, g32=problem.gain32)
            return Outcome(choice, unconstrained=free)
        return Outcome(screened_nash_choice(problem.shifted, problem.packages, problem.feasible, g32=problem.gain32))
    return Outcome(choose_nash(problem.gain, power, problem.feasible, TOL))


# --------------------------------------------------------------------------- exact gains given outright, one pass

COMPILED_GIVEN = True
"""Use the compiled pass of :func:`nash_given` when numba is importable (False: always numpy)."""

_GIVEN_KERNEL: list[Any] = []


def nash_given(
    gain: NDArray[np.float64],
    feasible: NDArray[np.bool_] | None,
    tol: float = TOL,
    chance: NDArray[np.float64] | None = None,
    compiled: bool | None = None,
) -> NDArray[np.int64]:
    """:func:`choose_nash` with unit powers on exact gains, optionally scaled by a chance of passing at home.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        Exact gains ``v - d`` (under enforcement, of the enforced values).
    feasible : ndarray of bool, shape (draws, packages), or None
    tol : float
    chance : ndarray, shape (draws, packages), or None
        Each package's chance of passing the steps the negotiators cannot
        see (``solvers.unobserved.Hidden.expected``): the gains are then
        ``chance * gain`` where ``gain >= -TOL`` (others kept), and packages
        with no chance are infeasible.
    compiled : bool, optional
        True: one compiled pass per draw (numpy where numba cannot be
        imported); False: the numpy path; None: :data:`COMPILED_GIVEN`.

    Returns
    -------
    ndarray of int64, shape (draws,)
        Exactly ``choose_nash(g, 1, f, tol)`` with ``g``, ``f`` the scaled
        gains and feasible set above.

    Notes
    -----
    The compiled pass forms, per package, the same float64 numbers in the
    same order as :func:`choose_nash` (the scaled gain, its clamp at 0, the
    product in party order, -1 where unacceptable or infeasible), then takes
    the first package within ``TIE_RTOL`` of the best; the scaled gains are
    never stored. Draws whose best product is 0 go to the lexicographic rule
    on numpy, as in :func:`choose_nash`.
    """
    use = COMPILED_GIVEN if compiled is None else compiled
    kernel = _given_kernel() if use else None
    if kernel is None:
        scaled, allowed = _scaled(gain, feasible, chance)
        return choose_nash(scaled, np.ones(gain.shape[:2]), allowed, tol)
    n, _, size = gain.shape
    choice = np.zeros(n, dtype=np.int64)
    best = np.empty(n)
    if n == 0:
        return choice
    if size == 0:
        raise ValueError("no packages")
    dummy_f = np.ones((1, 1), dtype=bool)
    dummy_c = np.ones((1, 1))
    kernel(
        gain,
        dummy_f if feasible is None else np.asarray(feasible, dtype=bool),
        feasible is not None,
        dummy_c if chance is None else np.asarray(chance, dtype=np.float64),
        chance is not None,
        float(tol),
        float(TOL),
        1.0 - TIE_RTOL,
        choice,
        best,
        np.empty(size),
        np.empty(size, dtype=bool),
    )
    flat = np.flatnonzero(best == 0.0)
    if flat.size:
        scaled, allowed = _scaled(gain[flat], None if feasible is None else feasible[flat], None if chance is None else chance[flat])
        acceptable = scaled.min(axis=1) >= -tol
        if allowed is not None:
            acceptable &= allowed
        choice[flat] = _lexicographic(scaled, acceptable, tol)
    choice[best < 0.0] = NO_DEAL
    return choice


def _scaled(
    gain: NDArray[np.float64], feasible: NDArray[np.bool_] | None, chance: NDArray[np.float64] | None
) -> tuple[NDArray[np.float64], NDArray[np.bool_] | None]:
    """The gains and feasible set :func:`nash_given` decides on, formed in numpy (``Hidden.expected``'s numbers)."""
    if chance is None:
        return gain, feasible
    scaled = np.where(gain >= -TOL, chance[:, None, :] * gain, gain)
    allowed = chance > 0.0 if feasible is None else feasible & (chance > 0.0)
    return scaled, allowed


def _given_kernel() -> Callable[..., None] | None:
    """The compiled pass of :func:`nash_given`, or None when numba cannot be imported (compiled once, cached on disk)."""
    global _largest
    if not _GIVEN_KERNEL:
        largest = jit(_largest_loop, fastmath={"nnan", "nsz"})
        if largest is None:
            _GIVEN_KERNEL.append(None)
        else:
            _largest = largest  # the compiled loops call the compiled helper
            _GIVEN_KERNEL.append(jit(_given_loops))
    kernel: Callable[..., None] | None = _GIVEN_KERNEL[0]
    return kernel


def _largest_loop(values: Any, size: int) -> float:  # pragma: no cover - compiled
    """The largest of ``values[:size]`` (size >= 1), for values with no NaN and no -0.0.

    Compiled with the compiler told so (``nnan``, ``nsz``), which lets it vectorise
    the reduction; a maximum is exact in any order, so the number is the same.
    """
    m = values[0]
    for k in range(1, size):
        m = max(m, values[k])
    return float(m)


_largest: Any = _largest_loop
"""The compiled :func:`_largest_loop` once :func:`_given_kernel` has run."""


def _given_loops(
    gain: Any,
    feasible: Any,
    use_feasible: bool,
    chance: Any,
    use_chance: bool,
    tol: float,
    scale_tol: float,
    tie: float,
    choice: Any,
    best_out: Any,
    product: Any,
    bad: Any,
) -> None:  # pragma: no cover - compiled
    """Per draw: every package's Nash product (-1 where unacceptable), the best, the first within ``tie`` of it.

    Party by party over the packages (loops the compiler vectorises): the
    product so far (of gains clamped at +0.0, so never -0.0) and whether some
    party refuses; then the -1 of the unacceptable and infeasible packages
    and whether any product is NaN (the best is then NaN, as numpy's
    maximum); else the largest product; then the first package at or above
    ``best * tie``.
    """
    draws, parties, size = gain.shape
    for n in range(draws):
        if use_chance:
            for k in range(size):
                g = gain[n, 0, k]
                s = chance[n, k] * g
                g = s if g >= -scale_tol else g
                product[k] = g if g > 0.0 else 0.0
                bad[k] = not (g >= -tol)
            for p in range(1, parties):
                for k in range(size):
                    g = gain[n, p, k]
                    s = chance[n, k] * g
                    g = s if g >= -scale_tol else g
                    product[k] = product[k] * (g if g > 0.0 else 0.0)
                    bad[k] = bad[k] | (not (g >= -tol))
            for k in range(size):
                bad[k] = bad[k] | (not chance[n, k] > 0.0)
        else:
            for k in range(size):
                g = gain[n, 0, k]
                product[k] = g if g > 0.0 else 0.0
                bad[k] = not (g >= -tol)
            for p in range(1, parties):
                for k in range(size):
                    g = gain[n, p, k]
                    product[k] = product[k] * (g if g > 0.0 else 0.0)
                    bad[k] = bad[k] | (not (g >= -tol))
        if use_feasible:
            for k in range(size):
                bad[k] = bad[k] | (not feasible[n, k])
        nan = False
        for k in range(size):
            v = -1.0 if bad[k] else product[k]
            product[k] = v
            nan = nan | (v != v)
        best = np.nan if nan else _largest(product, size)
        threshold = best * tie
        pick = 0
        for k in range(size):
            if product[k] >= threshold:
                pick = k
                break
        choice[n] = pick
        best_out[n] = best


def nash_given_protocol(problem: Bargaining, spec: ProtocolSpec, chance: NDArray[np.float64] | None = None) -> Outcome | None:
    """:func:`nash_protocol` where it decides on exact gains, by :func:`nash_given`; None where that does not apply.

    Equal to ``nash_protocol(problem, spec)`` (``chance`` None) or to
    ``nash_protocol(Hidden.expected(problem, chance), spec)``, when it
    returns an outcome: the gains are given outright (or scaled by
    ``chance``), every power is 1, and the compiled pass is available. The
    caller solves the usual way on None.
    """
    if chance is None and not problem.gain_given:
        return None
    if not (COMPILED_GIVEN and _given_kernel() is not None):
        return None
    power = protocol_powers(problem.power, problem.patience, spec)
    if not np.all(power == 1.0):
        return None
    return Outcome(nash_given(problem.gain, problem.feasible, TOL, chance, compiled=True))
