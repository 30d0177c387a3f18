"""The first talk that agrees: per draw, the period of agreement and the package agreed.

At each talk period t the protocol solves that period's bargaining problem:
the same utilities and win-set, the period's reservation values d_{.,t} (and,
with enforcement, packages valued at v_p(k, t)). A deal ends the draw; without
one the war goes on to the next talk.

Reduction (issue item 9). Utilities do not change between periods, so the
question "does some feasible package beat war for everybody at t?" needs
no protocol, and the protocol is called only at each draw's first talk
where the answer is yes, once per such period, on just the draws that reach
it. The first talk is asked of every package (a single-precision screen
with a proved error bound, exact utilities where the bound cannot decide):
in a scenario with slack most draws end there. The draws left are reduced
once to :func:`undominated` packages: the feasible packages that could be
individually rational at some later talk, less packages weakly dominated by
a kept one (the set contains the Pareto frontier); the later talks are then
asked of those packages only, on exact utilities, many periods at a time.

Exactness. If a feasible k is individually rational at t, follow dominance
from k to a kept package k* (dominance is transitive and only dominated
packages are dropped): u_p(k*) >= u_p(k) >= d_{p,t} - tol for all p, so k* is
individually rational at t too; the converse is trivial. (The same holds
for acceptance by any set of parties, hence for a quota rule.) With enforcement
v_p(k, t) = (1 - rho_k) u_p(k) + rho_k d'_{p,t} is affine in d'_{p,t}, which
lies in [min_t d', max_t d'], so dominance at both ends of that interval is
dominance at every period.

This decides *existence* only; the *choice* is the protocol's, on all
packages. A protocol that finds no deal where one exists (it may, with
unobserved ratification) leaves the draw to the next talk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.compiled import jit
from negotiation.solvers.bargaining import NO_DEAL
from negotiation.solvers.candidates import Candidates
from negotiation.timeline.values import PackageValues
from negotiation.utility import TOL

Array = NDArray[np.float64]

PeriodSolver = Callable[[NDArray[np.intp], int, Array], NDArray[np.int64]]
"""``solve(rows, period, d) -> choice``: a protocol's solve of one talk.

``rows`` (m,) are the draws of the block that talk at ``period`` with a deal
in reach, ``d`` (m, parties) their reservation values in that period. The
solver knows the block's utilities, win-set and party attributes (it slices
them by ``rows``; under enforcement it values packages by
:func:`negotiation.timeline.reservation.enforced_utility` of the period) and
returns a package index per row, or ``NO_DEAL``."""

_ELEMENTS = 1 << 22
"""Bound on the elements of one temporary array in the per-period check."""
_ROUNDS = 1
"""Anchor rounds of the dominance screen. Each costs a few passes over the
(draws, packages) arrays; on arrays shaped like the baseline one round (the
equal-weight anchor) drops about three quarters of the packages that could be
individually rational, and further rounds cost more than the checks they save."""


def _down(x: Array, dtype: np.dtype[np.floating] | type[np.floating]) -> NDArray[np.floating]:
    """``x`` in ``dtype``, rounded toward -inf: a bound that stays a bound."""
    y = np.asarray(x, dtype=dtype)
    return np.where(y.astype(np.float64) > x, np.nextafter(y, y.dtype.type(-np.inf)), y)


def _up(x: Array, dtype: np.dtype[np.floating] | type[np.floating]) -> NDArray[np.floating]:
    """``x`` in ``dtype``, rounded toward +inf."""
    y = np.asarray(x, dtype=dtype)
    return np.where(y.astype(np.float64) < x, np.nextafter(y, y.dtype.type(np.inf)), y)


class _Votes:
    """Acceptance by enough parties: every party (a boolean and) or at least ``quota`` of them (a count)."""

    def __init__(self, shape: tuple[int, ...], quota: int, parties: int, allowed: NDArray[np.bool_] | None = None) -> None:
        self.every = quota >= parties
        self.quota = quota
        self.allowed = allowed
        start = np.ones(shape, dtype=bool) if allowed is None else np.array(np.broadcast_to(allowed, shape), dtype=bool)
        self.tally: NDArray[np.bool_] | NDArray[np.int16] = start if self.every else np.zeros(shape, dtype=np.int16)

    def add(self, accept: NDArray[np.bool_]) -> None:
        if self.every:
            np.logical_and(self.tally, accept, out=self.tally)
        else:
            np.add(self.tally, accept, out=self.tally, casting="unsafe")

    def result(self) -> NDArray[np.bool_]:
        if self.every:
            return np.asarray(self.tally, dtype=bool)
        out = np.asarray(self.tally >= self.quota)
        return out if self.allowed is None else out & np.broadcast_to(self.allowed, out.shape)


def _values(u: Array | PackageValues) -> PackageValues:
    return u if isinstance(u, PackageValues) else PackageValues.dense(u)


def _weights(parties: int, rounds: int) -> list[NDArray[np.float64]]:
    """Positive weights of the anchors: equal, each party's favoured, then a fixed spread of mixtures."""
    fixed = [np.ones(parties), *(1.0 + 3.0 * np.eye(parties)[p] for p in range(parties))]
    spread = np.random.default_rng(0).dirichlet(np.ones(parties), max(rounds - len(fixed), 0)) + 0.05
    return [*fixed, *spread][:rounds]


def undominated(
    u: Array | PackageValues,
    feasible: NDArray[np.bool_] | None,
    floor: Array,
    tol: float = TOL,
    rho: Array | None = None,
    after_range: tuple[Array, Array] | None = None,
    quota: int | None = None,
) -> Candidates:
    """Per draw, the packages that can decide whether a deal exists at any talk.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages), or PackageValues
    feasible : ndarray of bool, shape (draws, packages), or None
    floor : ndarray, shape (draws, parties)
        The smallest reservation value of each party over the talk periods: a
        package below it for some party is never individually rational.
    tol : float
        Individual rationality is ``value >= d - tol``.
    rho : ndarray, shape (draws, packages), or None
        Breakdown chances, under enforcement.
    after_range : (low, high), each ndarray of shape (draws, parties), or None
        With ``rho``: the smallest and largest ``d'_{p,t}`` over the talk periods.
    quota : int, optional
        A package is in reach when at least this many parties accept it
        (default: every party).

    Returns
    -------
    Candidates
        (draw, package) pairs, sorted by draw then package. Every feasible
        package individually rational at some talk is kept or weakly
        dominated (on u; with enforcement on v at both ends of
        ``after_range``) by a kept one.

    Notes
    -----
    A package is dropped when its screened values (``PackageValues.screened``,
    error at most e) prove it never individually rational
    (``value + e < floor - tol``), or prove it weakly dominated by an anchor
    (``value + e <= anchor - e`` on every criterion). Anchors are, per draw,
    the maximisers of positive weighted sums of the criteria among what is
    left, a round at a time: an anchor is never dropped by its own round, so a
    chain of drops ends at a kept package. Rounds stop when one drops less
    than 2% of what is left, or after 24. The screen is exact whatever the
    number of rounds: fewer rounds keep more packages, never too few.
    """
    pv = _values(u)
    values, error = pv.screened
    draws, parties, _ = values.shape
    if rho is None:
        crit = [values]
    else:
        if after_range is None:
            raise ValueError("enforcement needs the range of d' over the talk periods")
        low, high = after_range
        r = np.asarray(rho, dtype=values.dtype)[:, None, :]
        crit = [(1.0 - r) * values + r * bound[:, :, None].astype(values.dtype) for bound in (high, low)]
        if values.dtype != np.float64:  # the rounding of the combination itself, a few units each
            scale = np.abs(values).max(axis=2) + np.maximum(np.abs(low), np.abs(high))
            error = error + 8.0 * float(np.finfo(values.dtype).eps) * scale
    reach = _down(floor - tol - error - 1e-12 * np.abs(floor), crit[0].dtype)
    votes = _Votes((draws, pv.size), parties if quota is None else quota, parties, feasible)
    for p in range(parties):
        votes.add(crit[0][:, p] >= reach[:, p, None])
    keep = votes.result()
    margin = np.tile(2.0 * error + 1e-12, len(crit))  # (draws, q)
    weights = _weights(parties, _ROUNDS)
    rows_all = np.arange(draws)
    for w in weights:
        score = np.zeros(keep.shape, dtype=crit[0].dtype)
        for c in crit:
            for p in range(parties):
                score += c[:, p] * crit[0].dtype.type(w[p])
        np.copyto(score, -np.inf, where=~keep)
        anchor = score.argmax(axis=1)
        has = keep[rows_all, anchor]
        dropped = has[:, None].copy() & keep
        for j, c in enumerate(crit):
            best = c[rows_all, :, anchor].astype(np.float64)
            for p in range(parties):
                dropped &= c[:, p] <= _down(best[:, p] - margin[:, j * parties + p], c.dtype)[:, None]
        dropped[rows_all, anchor] = False
        keep &= ~dropped
    return Candidates.from_mask(keep)


def deal_exists(
    u: Array | PackageValues,
    feasible: NDArray[np.bool_] | None,
    d: Array,
    talks: NDArray[np.bool_] | None = None,
    tol: float = TOL,
    rho: Array | None = None,
    d_after: Array | None = None,
    quota: int | None = None,
) -> NDArray[np.bool_]:
    """Whether some feasible package is individually rational for every party, per draw and period.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages), or PackageValues
    feasible : ndarray of bool, shape (draws, packages), or None
    d : ndarray, shape (draws, periods, parties)
        Reservation values per period (:func:`negotiation.timeline.reservation.reservation_path`).
    talks : ndarray of bool, shape (periods,), or None
        Periods with a talk; None: every period. Other periods are False.
    tol : float
    rho : ndarray, shape (draws, packages), or None
        Breakdown chances, under enforcement.
    d_after : ndarray, shape (draws, periods, parties), or None
        With ``rho``: the reservation values after a collapse.
    quota : int, optional
        Parties whose acceptance makes a deal (default: every party; a
        majority rule of Baron-Ferejohn passes a smaller number).

    Returns
    -------
    ndarray of bool, shape (draws, periods)
        ``exists[n, t]`` iff some feasible k has ``v_p(k, t) >= d_{p,t} - tol``
        for all p (v = u without enforcement), at talk periods. Decided on
        exact utilities of the :func:`undominated` packages, for all periods
        at once; exact by the module's argument.
    """
    pv = _values(u)
    draws, periods, _ = d.shape
    on = np.ones(periods, dtype=bool) if talks is None else np.asarray(talks, dtype=bool)
    exists = np.zeros((draws, periods), dtype=bool)
    if not on.any():
        return exists
    at = np.flatnonzero(on)
    floor = d[:, at].min(axis=1)
    after_range = None if d_after is None else (d_after[:, at].min(axis=1), d_after[:, at].max(axis=1))
    found = undominated(pv, feasible, floor, tol, rho, after_range, quota)
    if found.size == 0:
        return exists
    values = pv.exact(found.rows, found.cols)  # (c, parties)
    r = None if rho is None else np.broadcast_to(np.asarray(rho, dtype=float), (draws, pv.size))[found.rows, found.cols]
    exists[:, at] = _reach(found, values, r, d, d_after, at, tol, quota)
    return exists


def _dense_reach(
    pv: PackageValues,
    feasible: NDArray[np.bool_] | None,
    d: Array,
    tol: float,
    rho: Array | None,
    d_after: Array | None,
    quota: int | None,
) -> NDArray[np.bool_]:
    """Whether some feasible package is individually rational at one period, per draw, shape (draws,).

    Screened on the (possibly single-precision) values of every package: a
    draw is decided where the error bound decides it, and on exact values of
    the packages the screen cannot rule out otherwise.
    """
    return dense_reaches(pv, [feasible], d, tol, rho, d_after, quota)[0]


def dense_reaches(
    u: Array | PackageValues,
    feasibles: list[NDArray[np.bool_] | None],
    d: Array,
    tol: float = TOL,
    rho: Array | None = None,
    d_after: Array | None = None,
    quota: int | None = None,
) -> list[NDArray[np.bool_]]:
    """:func:`_dense_reach` at one period for several feasible sets, screening the packages once.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages), or PackageValues
    feasibles : list of (ndarray of bool, shape (draws, packages), or None)
    d : ndarray, shape (draws, parties)
        The period's reservation values.
    tol, rho, d_after, quota
        As in :func:`first_agreement` (``d_after`` of the period, shape (draws, parties)).

    Returns
    -------
    list of ndarray of bool, shape (draws,) each, one per feasible set

    Notes
    -----
    Acceptance by enough parties is counted over every package once; a
    feasible set only masks the count (a package is accepted on a set when
    it is in the set and accepted), so each result equals a screen run on
    its own set.
    """
    pv = _values(u)
    values, error = pv.screened
    draws, parties, size = values.shape
    enforced = rho is not None and d_after is not None
    kernel = _votes_kernel() if COMPILED and values.dtype == np.float32 and draws and size and parties < 256 else None
    if d_after is not None and enforced and values.dtype != np.float64:
        top = np.maximum(values.max(axis=2), -values.min(axis=2))  # max |values| (both exact), without a temporary
        error = error + 8.0 * float(np.finfo(values.dtype).eps) * (top + np.abs(d_after))
    q = parties if quota is None else quota
    high = _up(d - tol + error, values.dtype)  # (draws, parties): sure above
    low = _down(d - tol - error - 1e-12 * np.abs(d), values.dtype)  # possible above
    if kernel is not None:
        sure_any, maybe_any = np.empty((draws, size), dtype=bool), np.empty((draws, size), dtype=bool)
        after32 = np.zeros((1, 1), dtype=np.float32) if d_after is None else d_after.astype(np.float32)
        rho64 = np.ones((1, 1)) if rho is None else np.ascontiguousarray(np.broadcast_to(np.asarray(rho, dtype=float), (draws, size)))
        kernel(values, rho64, enforced, after32, high, low, min(q, parties), sure_any, maybe_any)  # a quota of every party or more: all
    else:
        r = None if rho is None else np.broadcast_to(np.asarray(rho, dtype=values.dtype), (draws, size))
        sure_all, possible_all = _Votes((draws, size), q, parties), _Votes((draws, size), q, parties)
        for p in range(parties):
            v = values[:, p] if r is None or d_after is None else (1.0 - r) * values[:, p] + r * d_after[:, p, None].astype(values.dtype)
            sure_all.add(v >= high[:, p, None])
            possible_all.add(v >= low[:, p, None])
        sure_any, maybe_any = sure_all.result(), possible_all.result()
    found_all: list[NDArray[np.bool_]] = []
    for feasible in feasibles:
        sure = sure_any if feasible is None else sure_any & feasible
        maybe = maybe_any if feasible is None else maybe_any & feasible
        out: NDArray[np.bool_] = np.asarray(sure.any(axis=1))
        unsure = np.flatnonzero(~out & maybe.any(axis=1))
        if unsure.size:
            found = Candidates.from_mask(maybe[unsure])
            exact = pv.exact(unsure[found.rows], found.cols)
            ok = _Votes((found.size,), q, parties)
            for p in range(parties):
                v = exact[:, p]
                if rho is not None and d_after is not None:
                    rk = np.broadcast_to(np.asarray(rho, dtype=float), (draws, size))[unsure[found.rows], found.cols]
                    v = (1.0 - rk) * v + rk * d_after[unsure[found.rows], p]
                ok.add(v >= d[unsure[found.rows], p] - tol)
            out[unsure[found.rows[ok.result()]]] = True
        found_all.append(out)
    return found_all


COMPILED = True
"""Count the votes of :func:`dense_reaches` by a compiled pass when numba is importable (False: always numpy)."""

_KERNELS: list[Any] = []


def _votes_kernel() -> Callable[..., None] | None:
    """The compiled pass of :func:`dense_reaches`, or None when numba cannot be imported (compiled once, cached on disk)."""
    if not _KERNELS:
        _KERNELS.append(jit(_votes_loops))
    kernel: Callable[..., None] | None = _KERNELS[0]
    return kernel


def _votes_loops(
    values: Any, r: Any, enforced: bool, after: Any, high: Any, low: Any, quota: int, sure: Any, maybe: Any
) -> None:  # pragma: no cover - compiled
    """Per (draw, package): whether at least ``quota`` parties' values are at least ``high`` (``sure``) and ``low`` (``maybe``).

    Under enforcement a value is ``(1 - r) v + r d'``, in float32 as numpy forms it (``r`` given in
    float64, rounded to float32 here). Votes are
    counted in bytes (fewer than 256 parties), party by party over the packages.
    """
    draws, parties, size = values.shape
    one = np.float32(1.0)
    sure_count = np.zeros(size, dtype=np.uint8)
    maybe_count = np.zeros(size, dtype=np.uint8)
    for n in range(draws):
        sure_count[:] = 0
        maybe_count[:] = 0
        for p in range(parties):
            hi = high[n, p]
            lo = low[n, p]
            if enforced:
                a = after[n, p]
                for k in range(size):
                    rk = np.float32(r[n, k])  # as numpy's astype: rounded to nearest
                    v = (one - rk) * values[n, p, k] + rk * a
                    sure_count[k] += np.uint8(v >= hi)
                    maybe_count[k] += np.uint8(v >= lo)
            else:
                for k in range(size):
                    v = values[n, p, k]
                    sure_count[k] += np.uint8(v >= hi)
                    maybe_count[k] += np.uint8(v >= lo)
        for k in range(size):
            sure[n, k] = sure_count[k] >= quota
            maybe[n, k] = maybe_count[k] >= quota


def _reach(
    found: Candidates,
    values: Array,
    r: Array | None,
    d: Array,
    d_after: Array | None,
    periods: NDArray[np.intp],
    tol: float,
    quota: int | None,
) -> NDArray[np.bool_]:
    """Whether some candidate is individually rational at each of ``periods``, shape (draws, len(periods)).

    ``values`` (c, parties) are the candidates' exact utilities, ``r`` (c,)
    their breakdown chances under enforcement.
    """
    out = np.zeros((found.draws, len(periods)), dtype=bool)
    if found.size == 0:
        return out
    parties = values.shape[1]
    step = max(1, _ELEMENTS // max(found.size * parties, 1))
    owners = found.rows[found.starts]
    for lo in range(0, len(periods), step):
        ts = periods[lo : lo + step]
        ok = _Votes((found.size, len(ts)), parties if quota is None else quota, parties)
        for p in range(parties):
            # each draw's bounds once, then spread over its candidates (a gather of whole rows)
            bound = (d[owners[:, None], ts[None, :], p] - tol).take(found.segment, axis=0)  # (c, t)
            if r is None or d_after is None:
                ok.add(values[:, p, None] >= bound)
            else:
                after = d_after[owners[:, None], ts[None, :], p].take(found.segment, axis=0)
                ok.add((1.0 - r)[:, None] * values[:, p, None] + r[:, None] * after >= bound)
        out[np.ix_(owners, np.arange(lo, lo + len(ts)))] = np.logical_or.reduceat(ok.result(), found.starts, axis=0)
    return out


def first_agreement(
    u: Array | PackageValues,
    feasible: NDArray[np.bool_] | None,
    d: Array,
    talks: NDArray[np.bool_] | None,
    solve: PeriodSolver,
    tol: float = TOL,
    rho: Array | None = None,
    d_after: Array | None = None,
    quota: int | None = None,
    first_reach: NDArray[np.bool_] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The first talk period with a deal, and the package agreed, per draw.

    Parameters
    ----------
    u : ndarray, shape (draws, parties, packages), or PackageValues
        Utilities, the same in every period (``PackageValues.from_options``
        avoids forming them in float64).
    feasible : ndarray of bool, shape (draws, packages), or None
        The ratification win-set (None: every package).
    d : ndarray, shape (draws, periods, parties)
        Reservation values per period.
    talks : ndarray of bool, shape (periods,), or None
        Periods with a talk; None: every period.
    solve : PeriodSolver
        The protocol's solve of one talk, called once per period at which
        some undecided draw has a deal in reach, on those draws only, in
        increasing order of periods.
    tol : float
    rho, d_after : optional
        Enforcement: breakdown chances (draws, packages) and reservation
        values after a collapse (draws, periods, parties), for the existence
        check; ``solve`` applies them to its own choice.
    quota : int, optional
        Parties whose acceptance a deal needs: every party by default;
        a majority rule's quota for Baron-Ferejohn with ``rule: majority``;
        0 for a protocol whose answer does not rest on acceptance (every
        draw is then shown to it at its first talk).
    first_reach : ndarray of bool, shape (draws,), optional
        Which draws have a deal in reach at the first talk, when already
        found (:func:`dense_reaches`, for several feasible sets at once).

    Returns
    -------
    period : ndarray of int64, shape (draws,)
        The period of agreement, -1 where none by the horizon.
    choice : ndarray of int64, shape (draws,)
        The package agreed, ``NO_DEAL`` (-1) where none.

    Notes
    -----
    The first talk is checked on every package (single-precision screen,
    exact where it cannot decide). The draws left are reduced once to their
    :func:`undominated` packages over the later talks, which are checked in
    blocks of 1, 2, 4, ... talks, each block for all its periods at once and
    only on the draws still without a deal. Draws with no deal in reach at a
    talk are not shown to the protocol: a protocol agrees only on a feasible
    package accepted by at least ``quota`` parties, so it could only answer
    no deal there. Acceptance by any set of parties is kept by dominance,
    so the reduction stays exact for any quota. Draws it answers no deal go on to their
    next talk with a deal in reach.
    """
    if (rho is None) != (d_after is None):
        raise ValueError("enforcement needs both rho and d_after")
    pv = _values(u)
    draws, periods, _ = d.shape
    period = np.full(draws, -1, dtype=np.int64)
    choice = np.full(draws, NO_DEAL, dtype=np.int64)
    at = np.flatnonzero(np.ones(periods, dtype=bool) if talks is None else np.asarray(talks, dtype=bool))
    if at.size == 0:
        return period, choice
    pending = np.ones(draws, dtype=bool)

    def talk(rows: NDArray[np.intp], t: int) -> None:
        if rows.size == 0:
            return
        picked = np.asarray(solve(rows, t, d[rows, t]), dtype=np.int64)
        agreed = picked != NO_DEAL
        period[rows[agreed]] = t
        choice[rows[agreed]] = picked[agreed]
        pending[rows[agreed]] = False

    # the first talk on every package of every draw; most draws of a scenario with slack end here
    first = int(at[0])
    if first_reach is None:
        first_reach = _dense_reach(pv, feasible, d[:, first], tol, rho, None if d_after is None else d_after[:, first], quota)
    talk(np.flatnonzero(first_reach), first)
    later = at[1:]
    left = np.flatnonzero(pending).astype(np.intp)
    if later.size == 0 or left.size == 0:
        return period, choice
    # the other talks on the undominated packages of the draws left, in blocks of 1, 2, 4, ... talks:
    # a few draws left are copied out; many are kept in place with the others masked out
    if 4 * left.size <= draws:
        index, sub = left, pv.take(left)
        allowed = None if feasible is None else feasible[left]
    else:
        index, sub = np.arange(draws, dtype=np.intp), pv
        allowed = np.broadcast_to(pending[:, None], (draws, pv.size)) if feasible is None else feasible & pending[:, None]
    d_left, after_left = d[index], None if d_after is None else d_after[index]
    after_range = None if after_left is None else (after_left[:, later].min(axis=1), after_left[:, later].max(axis=1))
    rho_left = None if rho is None else np.broadcast_to(np.asarray(rho, dtype=float), (draws, pv.size))[index]
    found = undominated(sub, allowed, d_left[:, later].min(axis=1), tol, rho_left, after_range, quota)
    values = sub.exact(found.rows, found.cols)
    r = None if rho_left is None else rho_left[found.rows, found.cols]
    start, block = 0, 1
    while start < len(later) and found.size:
        ts = later[start : start + block]
        reach = _reach(found, values, r, d_left, after_left, ts, tol, quota)
        for j, t in enumerate(ts):
            talk(index[pending[index] & reach[:, j]], int(t))
        start, block = start + len(ts), 2 * block
        alive = pending[index][found.rows]
        if not alive.all():
            found, values = found.subset(alive), values[alive]
            r = None if r is None else r[alive]
    return period, choice
