"""Sequential bargaining over the discrete package set: Baron–Ferejohn and Rubinstein.

Baron & Ferejohn (1989), closed rule, solved for its stationary subgame-perfect
equilibrium. Each round a proposer is recognised, offers a package, and the
others vote; the package passes when at least ``quota`` parties, the proposer
included, accept (``quota = n`` under unanimity). A rejected proposal moves
the game to the next round. With ``V_j`` party j's equilibrium value at the
start of a round, j accepts a package k when

    u_j(k) >= patience_j * V_j + (1 - patience_j) * d_j  - tol,

that is, in gains over the reservation value, ``g_j(k) >= patience_j * G_j``
with ``G_j = V_j - d_j``. The recognised proposer offers the package best for
itself among those that pass (and that it prefers to the next round). When
several are equally good for it (within tol) it mixes over them uniformly:
the symmetric stationary equilibrium of Baron & Ferejohn, whose closed forms
the tests reproduce. A proposer with nothing that passes lets the round fail.

Recognition is ``random`` (each round's proposer drawn with probability
``recognition_i``; stationary values ``G_j``) or ``alternating`` (parties take
turns in file order from ``first``; one value per turn). Given the proposers'
choices the values solve a linear system exactly (below); the choices are
then recomputed from the values, and so on, until the choices repeat (policy
iteration) or return to an earlier step's, a cycle that never settles (found
exactly, Brent 1980). Only each draw's Pareto frontier is searched
(:mod:`negotiation.solvers.frontier`, with a margin of ``2 tol``): a package
that another beats by more than ``2 tol`` for every party passes only where
that one does and is never within ``tol`` of its proposer's best, so it is
never offered nor mixed over, and leaving it out changes nothing.
A draw whose choices repeat is then checked on its own
(:func:`~negotiation.solvers.stationary_check.verify_stationary`): the values
solve the linear system, every offer passes and is optimal for its proposer,
and acceptance is a best response, each to 1e-9. Only such draws are
reported. On a discrete package set a pure stationary equilibrium need not
exist (the values can climb until no proposer can meet every threshold, fall
to zero, and climb again; Banks & Duggan 2000 guarantee one only in mixed
strategies), nor be unique. A draw without a verified equilibrium after the
fallbacks below is *unresolved*: its choice is no deal, it is flagged in the
``unresolved`` column, and the summary leaves it out of the deal rate; those
whose value iteration reached :data:`BELLMAN_STEPS` without converging or
cycling are also counted in the summary's ``not_converged``.

    random:       G_j = sum_i r_i s_i x_ij / (1 - patience_j (1 - sum_i r_i s_i))
    alternating:  G_j(t) = s_t x_tj + (1 - s_t) patience_j G_j(t + 1)

where ``s_i`` is 1 when proposer i has a package that passes and ``x_ij`` is
j's mean gain over i's optimal packages.

Rubinstein (1982) alternating offers between two parties is the alternating
case with two parties and unanimity; on a unit pie with linear utilities the
first mover gets ``(1 - delta_2) / (1 - delta_1 delta_2)``.

With two parties and unanimity, a draw without a pure stationary equilibrium
is searched for a mixed one where responders mix at indifference
(``solvers.mixed_two``), verified the same way. A draw still without one is
tried by value iteration from zero (:func:`_bellman`), where policy iteration
cycled although a pure equilibrium exists (alternating offers on a fine
grid), verified the same way again. It stops when the choices repeat, when
the state returns to that of 2 to :data:`CYCLE_PERIODS` sweeps before (values
within :data:`VALUE_TOL`), or after :data:`BELLMAN_STEPS` sweeps (not converged).

In each draw the outcome is drawn from the equilibrium: under random
recognition the first recognised proposer whose offer passes is party i
with probability ``r_i a_i / sum r a`` (``a_i``: 1 or 0 in a pure
equilibrium, the acceptance probability in a mixed one), after a geometric
number of failed rounds; that proposer's package is picked uniformly from
its optimal ones. An unresolved draw is no deal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.results.outcome import UNRESOLVED
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.solvers.frontier import Frontier, compiled_frontier, pareto_frontier
from negotiation.solvers.mixed_two import MIXED_PACKAGES, mixed_two_party
from negotiation.solvers.participation import pivotal
from negotiation.solvers.stationary_check import verify_stationary, verify_two_party_mixed
from negotiation.utility import TOL

PURE_STEPS = 1000
"""Bound on policy-iteration steps; every draw's choices repeat or cycle (found exactly) well before it."""
BELLMAN_STEPS = 1000
"""Bound on value-iteration sweeps; a draw whose choices neither repeat nor cycle by then has not converged."""
CYCLE_PERIODS = 8
"""Longest cycle of value-iteration sweeps looked for (the choices and the values return, to :data:`VALUE_TOL`)."""
VALUE_TOL = 1e-12
"""Values this close (largest absolute difference in gains) count as the same state of value iteration."""
RESTRICT: bool | None = None
"""Search each draw's Pareto frontier rather than every package: the same choices, faster with the compiled
frontier (True: always; False: never, the reference path; None: when the compiled kernel is at hand, as the
numpy frontier costs more than it saves under unanimity)."""
NOT_CONVERGED = "not_converged"
"""The tally (and summary key) of problems whose iterations reached their bound without converging."""
DEFAULT_RULE = "unanimity"
"""The ``rule`` option when not given: every party must accept."""
DEFAULT_ORDER = "random"
"""The ``order`` option when not given: proposers are recognised at random."""

Floats = NDArray[np.float64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Equilibrium:
    """Stationary equilibrium of a block of draws.

    Attributes
    ----------
    value : ndarray, shape (draws, turns, parties)
        Equilibrium gains ``G`` at the start of each turn: one turn (random
        recognition) or one per proposer in the cycle (alternating).
    optimal : ndarray of bool, shape (draws, parties, packages)
        Each proposer's optimal packages that pass; it mixes uniformly over them.
    passes : ndarray of bool, shape (draws, parties)
        Whether each proposer has a package that passes.
    resolved : ndarray of bool, shape (draws,)
        Whether the draw's candidate is a verified stationary equilibrium
        (policy iteration settled, or a two-party mixed equilibrium was
        found, and the fixed-point check holds to 1e-9).
    accept : ndarray, shape (draws, parties)
        The probability that each proposer's offer passes: 1 or 0 in a pure
        equilibrium, the responder's acceptance probability in a mixed one.
    capped : ndarray of bool, shape (draws,), or None
        Unresolved draws that had not converged when the sweeps ran out
        (:data:`BELLMAN_STEPS`): the others either have a verified
        equilibrium or were found to have none of the kinds searched.
    cycled : ndarray of bool, shape (draws,), or None
        Draws whose policy iteration entered a cycle (before the fallbacks).
    steps, sweeps : ndarray of int64, shape (draws,), or None
        Policy-iteration steps taken (until the choices repeated or a cycle
        was found), and value-iteration sweeps (0 where it did not run).
    """

    value: Floats
    optimal: Mask
    passes: Mask
    resolved: Mask
    accept: Floats
    capped: Mask | None = None
    cycled: Mask | None = None
    steps: NDArray[np.int64] | None = None
    sweeps: NDArray[np.int64] | None = None


def _offers(gain: Floats, threshold: Floats, quota: int, feasible: Mask | None, tol: float) -> Mask:
    """Each proposer's optimal passing packages, given responders' thresholds.

    ``threshold`` has shape (draws, parties) when every proposer faces the
    same thresholds (random recognition), or (draws, proposers, parties) when
    they depend on who proposes (alternating).
    """
    parties = gain.shape[1]
    if threshold.ndim == 2:
        accept = gain >= threshold[:, :, None] - tol  # (draws, voter, packages)
        unanimous = np.asarray(accept.all(axis=1)) if quota == parties else None
        if unanimous is not None:
            if feasible is not None:
                unanimous &= feasible
            passing = np.broadcast_to(unanimous[:, None, :], accept.shape)
        else:
            passing = accept & (accept.sum(axis=1) >= quota)[:, None, :]
    else:
        votes = gain[:, None, :, :] >= threshold[:, :, :, None] - tol  # (draws, proposer, voter, packages)
        own = votes[:, np.arange(parties), np.arange(parties), :]
        passing = own & (votes.sum(axis=2) >= quota)
    if feasible is not None and not (threshold.ndim == 2 and quota == parties):
        passing = passing & feasible[:, None, :]
    mine = np.where(passing, gain, -np.inf)  # proposer i's own gain, where its offer passes
    best = mine.max(axis=2, keepdims=True)
    return passing & (mine >= best - tol)


def _mean_gains(gain: Floats, optimal: Mask) -> tuple[Floats, Mask]:
    """x_ij: j's mean gain over i's optimal packages, shape (draws, proposers, parties); and s_i."""
    count = optimal.sum(axis=2)
    total = optimal.astype(np.float64) @ gain.transpose(0, 2, 1)
    passes = count > 0
    return np.divide(total, count[:, :, None], out=np.zeros_like(total), where=passes[:, :, None]), passes


def stationary_equilibrium(
    gain: Floats,
    patience: Floats,
    recognition: Floats,
    quota: int,
    feasible: Mask | None,
    alternating: bool = False,
    tol: float = TOL,
    restrict: bool | None = None,
    frontier: Frontier | None = None,
) -> Equilibrium:
    """Solve the stationary equilibrium by policy iteration, vectorised over draws.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d``.
    patience : ndarray, shape (draws, parties)
        Discount factors, in [0, 1].
    recognition : ndarray, shape (draws, parties)
        Recognition probabilities, summing to 1 (ignored when alternating).
    quota : int
        Votes needed to pass, the proposer's included.
    feasible : ndarray of bool, shape (draws, packages), or None
    alternating : bool
        Parties propose in turn, in party order (turn t is party t's; who
        starts does not change the values of the turns).
    tol : float
    restrict : bool or None
        Search each draw's Pareto frontier (:mod:`negotiation.solvers.frontier`)
        instead of every package: the same choices, faster. None: as
        :data:`RESTRICT` says (or whenever ``frontier`` is given).
    frontier : Frontier or None
        The frontier of ``gain`` and ``feasible``, if already computed.

    Returns
    -------
    Equilibrium
    """
    n, parties, _ = gain.shape
    turns = parties if alternating else 1
    front: Frontier | None = None
    search, allowed = gain, feasible  # the packages searched: all, or each draw's frontier
    if restrict is None:
        restrict = RESTRICT if RESTRICT is not None else frontier is not None or compiled_frontier()
    if restrict:
        front = frontier if frontier is not None else pareto_frontier(gain, feasible, 2 * tol)
        search, allowed = front.take(gain), front.valid
    value = np.zeros((n, turns, parties))
    chosen_at = np.zeros(search.shape, dtype=bool)  # each proposer's optimal packages, in the searched set
    passes = np.zeros((n, parties), dtype=bool)
    steps = np.zeros(n, dtype=np.int64)
    sweeps = np.zeros(n, dtype=np.int64)
    settled, cycled = _policy_iteration(search, patience, recognition, quota, allowed, alternating, tol, value, chosen_at, passes, steps)

    resolved = np.zeros(n, dtype=bool)

    def check(rows: NDArray[np.intp]) -> None:
        # On the searched set: on the frontier a package that passes or is
        # optimal is exactly one that does so among all packages.
        resolved[rows] = verify_stationary(
            search[rows],
            patience[rows],
            recognition[rows],
            quota,
            None if allowed is None else allowed[rows],
            value[rows],
            chosen_at[rows],
            alternating,
        )

    check(np.flatnonzero(settled))
    optimal = chosen_at if front is None else front.scatter(chosen_at)
    accept = passes.astype(np.float64)
    if parties == 2 and quota == 2 and gain.shape[2] <= MIXED_PACKAGES:
        rows = np.flatnonzero(~resolved)
        _mixed(rows, gain, patience, recognition, feasible, alternating, tol, value, optimal, passes, resolved, accept)
    rows = np.flatnonzero(~resolved)
    capped = np.zeros(n, dtype=bool)
    if rows.size:
        found = np.zeros(n, dtype=bool)
        _bellman(rows, search, patience, recognition, quota, allowed, alternating, tol, value, chosen_at, passes, found, capped, sweeps)
        at = np.flatnonzero(found)
        check(at)
        optimal[at] = chosen_at[at] if front is None else front.rows(at).scatter(chosen_at[at])
        accept[found] = passes[found]
    capped &= ~resolved
    return Equilibrium(value, optimal, passes, resolved, accept, capped, cycled, steps, sweeps)


def _policy_iteration(
    gain: Floats,
    patience: Floats,
    recognition: Floats,
    quota: int,
    feasible: Mask | None,
    alternating: bool,
    tol: float,
    value: Floats,
    optimal: Mask,
    passes: Mask,
    steps: NDArray[np.int64],
) -> tuple[Mask, Mask]:
    """Policy iteration from zero values, in place; returns (settled, cycled) masks of shape (draws,).

    Each step maps the proposers' choices to the next ones (choices -> exact
    values -> best passing offers), so a draw's choices either repeat (settled)
    or enter a cycle of two or more steps and never settle. Cycles are found
    exactly (Brent 1980): each draw's choices are compared with those saved at
    the last power-of-two step. :data:`PURE_STEPS` only bounds the work.
    """
    n = gain.shape[0]
    active = np.arange(n)
    settled = np.zeros(n, dtype=bool)
    cycled = np.zeros(n, dtype=bool)
    saved = np.zeros(gain.shape, dtype=bool)
    for step in range(1, PURE_STEPS + 1):
        if alternating:
            # Proposer t's responders look ahead to the values of the next turn.
            threshold = patience[active][:, None, :] * np.roll(value[active], -1, axis=1)
        else:
            threshold = patience[active] * value[active][:, 0, :]
        ga = gain[active]
        chosen = _offers(ga, threshold, quota, None if feasible is None else feasible[active], tol)
        x, s = _mean_gains(ga, chosen)
        fresh = _values(x, s, patience[active], recognition[active], alternating)
        repeated = (chosen == optimal[active]).all(axis=(1, 2))
        looped = ~repeated & (chosen == saved[active]).all(axis=(1, 2)) & (step > 2)
        optimal[active], passes[active], value[active] = chosen, s, fresh
        settled[active[repeated]] = True
        cycled[active[looped]] = True
        steps[active] = step
        if step & (step - 1) == 0:  # a power of two: save the choices
            saved[active] = chosen
        active = active[~(repeated | looped)]
        if active.size == 0:
            break
    return settled, cycled


def _bellman(
    rows: NDArray[np.intp],
    gain: Floats,
    patience: Floats,
    recognition: Floats,
    quota: int,
    feasible: Mask | None,
    alternating: bool,
    tol: float,
    value: Floats,
    optimal: Mask,
    passes: Mask,
    settled: Mask,
    capped: Mask,
    sweeps: NDArray[np.int64],
) -> None:
    """Value iteration from zero on draws where policy iteration cycled (in place).

    Policy iteration can cycle between two sets of choices on a fine grid
    (alternating offers on a pie in thousandths, say) where a pure stationary
    equilibrium exists. Value iteration instead applies the one-round Bellman
    map: under alternating order backwards around the cycle of proposers (a
    Gauss-Seidel sweep, which on two parties is finite-horizon backward
    induction and converges monotonically on the grid), under random
    recognition ``G <- sum_i r_i s_i x_i + (1 - sum_i r_i s_i) patience G``.
    A draw whose choices repeat for a whole sweep gets the exact values of
    those choices (:func:`_values`) and is marked settled; it is reported
    only if :func:`verify_stationary` then accepts it, like any other. A draw
    whose choices still change after :data:`BELLMAN_STEPS` sweeps has not
    converged: it is marked in ``capped``.
    """
    n = rows.size
    parties = gain.shape[1]
    turns = parties if alternating else 1
    g, d, r = gain[rows], patience[rows], recognition[rows]
    f = None if feasible is None else feasible[rows]
    v = np.zeros((n, turns, parties))
    last = np.zeros(g.shape, dtype=bool)
    active = np.arange(n)
    done = np.zeros(n, dtype=bool)
    past_choices = np.zeros((CYCLE_PERIODS, *g.shape), dtype=bool)  # the last sweeps' choices and values, in a ring
    past_values = np.zeros((CYCLE_PERIODS, *v.shape))
    for sweep in range(BELLMAN_STEPS):
        ga, da, ra, fa = g[active], d[active], r[active], None if f is None else f[active]
        chosen = np.zeros(ga.shape, dtype=bool)
        if alternating:
            for t in reversed(range(parties)):
                offers = _offers(ga, da * v[active, (t + 1) % parties, :], quota, fa, tol)
                chosen[:, t] = offers[:, t]
                x, s = _mean_gains(ga, chosen)
                v[active, t, :] = np.where(s[:, t, None], x[:, t, :], da * v[active, (t + 1) % parties, :])
        else:
            chosen = _offers(ga, da * v[active, 0, :], quota, fa, tol)
            x, s = _mean_gains(ga, chosen)
            weight = ra * s
            v[active, 0, :] = np.einsum("bi,bij->bj", weight, x) + (1.0 - weight.sum(axis=1, keepdims=True)) * da * v[active, 0, :]
        repeated = (chosen == last[active]).all(axis=(1, 2))
        looped = np.zeros(active.size, dtype=bool)
        for period in range(2, min(sweep, CYCLE_PERIODS) + 1):
            then = (sweep - period) % CYCLE_PERIODS
            same = (chosen == past_choices[then, active]).all(axis=(1, 2))
            looped |= same & (np.abs(v[active] - past_values[then, active]).max(axis=(1, 2)) <= VALUE_TOL)
        looped &= ~repeated
        past_choices[sweep % CYCLE_PERIODS, active] = chosen
        past_values[sweep % CYCLE_PERIODS, active] = v[active]
        last[active] = chosen
        done[active[repeated]] = True
        sweeps[rows[active]] = sweep + 1
        active = active[~(repeated | looped)]
        if active.size == 0:
            break
    capped[rows[active]] = True
    at = np.flatnonzero(done)
    if at.size == 0:
        return
    x, s = _mean_gains(g[at], last[at])
    exact = _values(x, s, d[at], r[at], alternating)
    whole = rows[at]
    value[whole], optimal[whole], passes[whole] = exact, last[at], s
    settled[whole] = True


def _mixed(
    rows: NDArray[np.intp],
    gain: Floats,
    patience: Floats,
    recognition: Floats,
    feasible: Mask | None,
    alternating: bool,
    tol: float,
    value: Floats,
    optimal: Mask,
    passes: Mask,
    resolved: Mask,
    accept: Floats,
) -> None:
    """Fill in, on the unresolved two-party draws ``rows``, a verified mixed equilibrium where one is found (in place)."""
    if rows.size == 0:
        return
    sub = None if feasible is None else feasible[rows]
    found = mixed_two_party(gain[rows], patience[rows], recognition[rows], sub, alternating, tol)
    good = found.found & verify_two_party_mixed(
        gain[rows], patience[rows], recognition[rows], sub, found.value, np.maximum(found.offer, 0), found.accept, alternating
    )
    at = rows[good]
    value[at] = found.value[good]
    optimal[at] = False
    for i in range(2):
        optimal[at, i, found.offer[good, i]] = True
    passes[at] = found.accept[good] > 0
    accept[at] = found.accept[good]
    resolved[at] = True


def _values(x: Floats, s: Mask, patience: Floats, recognition: Floats, alternating: bool) -> Floats:
    """Exact stationary gains for given choices (the equations of the module docstring)."""
    n, parties, _ = x.shape
    if not alternating:
        weight = recognition * s  # (draws, proposers)
        deciding = weight.sum(axis=1, keepdims=True)
        numer = np.einsum("bi,bij->bj", weight, x)
        denom = 1.0 - patience * (1.0 - deciding)
        out = np.divide(numer, denom, out=np.zeros_like(numer), where=denom > 0)
        return out[:, None, :]
    # Alternating: G(t) = a_t + b_t G(t+1) around the cycle of proposers t = 0..P-1.
    a = np.where(s[:, :, None], x, 0.0)  # (draws, turn, party)
    b = np.where(s[:, :, None], 0.0, patience[:, None, :])
    out = np.zeros_like(a)
    for t in range(parties):
        total = np.zeros((n, parties))
        carry = np.ones((n, parties))
        for m in range(parties):
            turn = (t + m) % parties
            total += carry * a[:, turn, :]
            carry *= b[:, turn, :]
        loop = 1.0 - carry
        out[:, t, :] = np.divide(total, loop, out=np.zeros_like(total), where=loop > 0)
    return out


def _pick(optimal: Mask, proposer: NDArray[np.int64], u: Floats) -> NDArray[np.int64]:
    """The package proposer i mixes onto, picked by uniforms u in [0, 1)."""
    rows = np.arange(len(proposer))
    menu = optimal[rows, np.maximum(proposer, 0), :]
    count = menu.sum(axis=1)
    target = np.minimum((u * count).astype(np.int64), np.maximum(count - 1, 0))
    choice = (np.cumsum(menu, axis=1) > target[:, None]).argmax(axis=1).astype(np.int64)
    return np.where((proposer >= 0) & (count > 0), choice, NO_DEAL)


def realise(eq: Equilibrium, recognition: Floats, uniforms: Floats, alternating: bool, first: int) -> Outcome:
    """Draw each draw's outcome from the equilibrium: who proposes, in which round, which package.

    Parameters
    ----------
    uniforms : ndarray, shape (draws, 2)
        Two uniforms per draw in (0, 1): the proposer (and its mix), and the round.
    """
    n, parties = eq.passes.shape
    if alternating:
        order = (first + np.arange(parties)) % parties
        deciding = eq.passes[:, order]
        offset = deciding.argmax(axis=1)
        proposer = np.where(deciding.any(axis=1), order[offset], -1)
        rounds = np.where(proposer >= 0, offset + 1, 0)
        mix = uniforms[:, 0]
        mixed = np.flatnonzero(((eq.accept > 0) & (eq.accept < 1)).any(axis=1))
        if mixed.size:
            proposer[mixed], rounds[mixed] = _alternating_mixed(eq.accept[mixed][:, order], order, uniforms[mixed, 0])
    else:
        weight = recognition * eq.accept
        total = weight.sum(axis=1)
        cum = np.cumsum(weight, axis=1)
        target = uniforms[:, 0] * total
        proposer = np.where(total > 0, (cum <= target[:, None]).sum(axis=1), -1)
        proposer = np.minimum(proposer, parties - 1)
        start = np.where(proposer > 0, cum[np.arange(n), np.maximum(proposer - 1, 0)], 0.0)
        width = weight[np.arange(n), np.maximum(proposer, 0)]
        mix = np.clip(np.divide(target - start, width, out=np.zeros(n), where=width > 0), 0.0, 1.0 - 1e-12)
        failure = np.clip(1.0 - total, 0.0, 1.0)
        waits = (failure > 0) & (failure < 1)
        waited = np.zeros(n, dtype=np.int64)
        waited[waits] = np.floor(np.log(uniforms[waits, 1]) / np.log(failure[waits])).astype(np.int64)
        rounds = np.where(proposer >= 0, 1 + waited, 0)
    choice = np.where(eq.resolved, _pick(eq.optimal, proposer.astype(np.int64), mix), NO_DEAL)
    return Outcome(
        choice,
        rounds=np.where(choice >= 0, rounds, 0).astype(np.int64),
        proposer=np.where(choice >= 0, proposer, -1).astype(np.int64),
        extras={UNRESOLVED: (~eq.resolved).astype(np.int64)},
    )


def _alternating_mixed(accept: Floats, order: NDArray[np.intp], u: Floats) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Who decides, and in which round, when two alternating proposers' offers pass with probabilities ``accept``.

    ``accept`` is in turn order (first proposer, then the other). A cycle of
    two rounds fails with probability ``c = (1 - a_1)(1 - a_2)``; by inverse
    transform of the one uniform ``u``, ``m = floor(log u / log c)`` cycles
    fail, then the first proposer decides (round 2m + 1) if ``u > c^m (1 - a_1)``,
    else the second (round 2m + 2).
    """
    a1, a2 = accept[:, 0], accept[:, 1]
    c = (1 - a1) * (1 - a2)
    with np.errstate(divide="ignore"):
        m = np.where(c > 0, np.floor(np.log(u) / np.log(np.where(c > 0, c, 0.5))), 0.0)
    m = np.maximum(m, 0.0)
    first = u > c**m * (1 - a1)
    proposer = np.where(first, order[0], order[1]).astype(np.int64)
    return proposer, (2 * m + np.where(first, 1, 2)).astype(np.int64)


def acceptance_quota(spec: ProtocolSpec, parties: int) -> int:
    """How many parties' acceptance makes a deal: every party under unanimity, else the majority's ``quota`` (default n // 2 + 1)."""
    if spec.options.get("rule", DEFAULT_RULE) == "unanimity":
        return parties
    return int(spec.options.get("quota", parties // 2 + 1))


def baron_ferejohn_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``baron_ferejohn`` protocol: options ``rule``, ``quota``, ``order``, ``first``."""
    parties = len(problem.parties) or problem.d.shape[1]
    alternating = spec.options.get("order", DEFAULT_ORDER) == "alternating"
    first = problem.parties.index(spec.options["first"]) if "first" in spec.options else 0
    eq = stationary_equilibrium(
        problem.gain, problem.patience, problem.recognition, acceptance_quota(spec, parties), problem.feasible, alternating
    )
    outcome = realise(eq, problem.recognition, problem.uniforms[spec.label], alternating, first)
    capped = np.zeros(problem.draws, dtype=bool) if eq.capped is None else eq.capped
    outcome = replace(outcome, tallies={NOT_CONVERGED: np.array([int(capped.sum())], dtype=np.int64)})
    return _with_blocking(outcome, problem)


def convergence_report(scenario: Any, spec: ProtocolSpec, tallies: Mapping[str, NDArray[np.int64]], draws: int) -> dict[str, Any]:
    """The summary's ``not_converged``: how many problems solved were left unresolved because the iterations ran out.

    Without a clock a problem is a draw; with one, a talk. Such problems are
    among the ``unresolved`` ones; the others were resolved or were found to
    have no equilibrium of the kinds searched (policy and value iteration
    cycle, the two-party mixed search finds none).
    """
    return {NOT_CONVERGED: int(tallies[NOT_CONVERGED].sum())} if NOT_CONVERGED in tallies else {}


def _with_blocking(outcome: Outcome, problem: Bargaining) -> Outcome:
    """The outcome with its sole blockers (``participation.pivotal``) on resolved no-deal draws only: an unresolved draw names none."""
    blocked = np.zeros((problem.draws, problem.d.shape[1]), dtype=bool)
    rows = np.flatnonzero((outcome.choice == NO_DEAL) & (outcome.extras[UNRESOLVED] == 0))
    if rows.size:
        blocked[rows] = pivotal(problem.gain_of(rows), None if problem.feasible is None else problem.feasible[rows])
    return replace(outcome, pivotal=blocked)


def rubinstein_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``rubinstein`` protocol: two parties alternate offers from ``first`` (default: the first party)."""
    first = problem.parties.index(spec.options["first"]) if "first" in spec.options else 0
    eq = stationary_equilibrium(problem.gain, problem.patience, problem.recognition, 2, problem.feasible, True)
    return _with_blocking(realise(eq, problem.recognition, problem.uniforms[spec.label], True, first), problem)
