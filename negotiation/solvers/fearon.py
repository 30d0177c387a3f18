"""Fearon's bargaining model of war with private information, on a discrete package set.

Fearon (1995), "Rationalist explanations for war", International Organization
49(3), 379–414, in the section on private information and incentives to
misrepresent: when one side's reservation value is private, the other side's
best take-it-or-leave-it offer trades a better deal against a risk of war, so
war happens with positive probability between rational states.

The proposer A knows everything in the draw except the informed party B's
reservation value ``d_B``, of which it knows the distribution as written in
the scenario (A's belief ignores events that move ``c_B`` or ``d_B``):

``private: cost``
    ``d_B = L_B - c_B``, with ``L_B`` B's expected utility of the war lottery
    (known to A) and ``c_B`` drawn from ``no_deal.cost.<B>``.
``private: reservation``
    ``d_B`` drawn from ``parties.<B>.reservation``.

B accepts package k iff ``u_B(k) >= d_B - tol``, so from A's view

    P_k = P(c_B >= L_B - u_B(k) - tol)     (cost)
    P_k = P(d_B <= u_B(k) + tol)           (reservation).

Every other party j knows everything and accepts iff ``u_j(k) >= d_j - tol``.
A offers, among the feasible packages acceptable to every such j that A
weakly prefers to war (``u_A(k) >= d_A - tol``), the one maximising its
expected utility ``P_k u_A(k) + (1 - P_k) d_A``, that is ``d_A + P_k g_A(k)``;
values within 1e-12 of the best are ties and go to the lowest index. With no
such package there is no offer: war for sure. The draw is a deal iff B's
actual ``d_B`` makes it accept the offer.

With ratification steps the negotiators cannot see (``solvers.unobserved``)
``g_A`` is A's expected gain ``P(k) (u_A(k) - d_A)``, while B accepts or
refuses on the package itself (``Bargaining.certain_gain``): a refusal is war
whether or not the package would have passed at home.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.solvers.fearon_screening import fearon_screening
from negotiation.solvers.participation import pivotal
from negotiation.utility import TOL

TIE_ATOL = 1e-12
"""Expected utilities within this distance of the best offer's are ties."""


def fearon_offer(
    gain: NDArray[np.float64],
    accept: NDArray[np.float64],
    proposer: int,
    informed: int,
    feasible: NDArray[np.bool_] | None,
    tol: float = TOL,
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The proposer's optimal take-it-or-leave-it offer under private information.

    Parameters
    ----------
    gain : ndarray, shape (draws, parties, packages)
        ``u - d``.
    accept : ndarray, shape (draws, packages)
        P(the informed party accepts package k), as the proposer believes.
    proposer, informed : int
        Indices of A and B on the parties axis; they differ.
    feasible : ndarray of bool, shape (draws, packages), or None
        Packages allowed in each draw; None allows all.
    tol : float
        A gain of at least ``-tol`` counts as acceptable.

    Returns
    -------
    offer : ndarray of int64, shape (draws,)
        The offered package, -1 where there is no candidate.
    p_war : ndarray of float64, shape (draws,)
        ``1 - accept`` of the offer; 1 where there is no offer.
    """
    draws, parties, _ = gain.shape
    candidate = gain[:, proposer] >= -tol
    for j in range(parties):
        if j not in (proposer, informed):
            candidate &= gain[:, j] >= -tol
    if feasible is not None:
        candidate &= feasible
    value = np.where(candidate, accept * gain[:, proposer], -np.inf)  # expected utility less d_A
    best = value.max(axis=1, keepdims=True)
    made = candidate.any(axis=1)
    offer = np.where(made, (candidate & (value >= best - TIE_ATOL)).argmax(axis=1), NO_DEAL).astype(np.int64)
    p_war = np.where(made, 1.0 - accept[np.arange(draws), np.maximum(offer, 0)], 1.0)
    return offer, p_war


def _cdf(law: float | Distribution | None, x: NDArray[np.float64], path: str) -> NDArray[np.float64]:
    """P(X <= x) for X distributed as the scenario writes the parameter (a number: a point mass)."""
    if isinstance(law, Distribution):
        return law.cdf(x)
    if law is None:
        raise ValueError(f"fearon: '{path}' has no written value to form a belief from")
    return (x >= law).astype(np.float64)


def acceptance(problem: Bargaining, informed: int, private: str, tol: float = TOL) -> NDArray[np.float64]:
    """P(the informed party accepts package k) as the proposer believes, shape (draws, packages).

    ``private: cost`` gives ``1 - F_c((L_B - u_B - tol)^-)``, the CDF just below
    the threshold so that an atom at it (a ``choice`` value, a fixed cost)
    counts as accepting; ``private: reservation`` gives ``F_d(u_B + tol)``.
    """
    name = problem.parties[informed]
    sure = problem.gain if problem.certain_gain is None else problem.certain_gain  # B weighs the package itself
    u_b = sure[:, informed] + problem.d[:, informed, None]
    if private == "cost":
        if problem.lottery is None:
            raise ValueError("fearon: private: cost needs the no_deal war lottery")
        path = f"no_deal.cost.{name}"
        threshold = problem.lottery[:, informed, None] - u_b - tol
        return 1.0 - _cdf(problem.parameters[path].value, np.nextafter(threshold, -np.inf), path)
    path = f"parties.{name}.reservation"
    return _cdf(problem.parameters[path].value, u_b + tol, path)


def fearon_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``fearon`` protocol: options ``proposer``, ``informed``, ``private`` (cost | reservation) and ``rounds``.

    With private types for the informed party (``no_deal.types``) or
    ``rounds`` of 2 or more the proposer screens
    (:func:`negotiation.solvers.fearon_screening.fearon_screening`); otherwise
    it makes the one offer below.

    Returns
    -------
    Outcome
        ``choice`` is the offer where B's actual reservation value makes it
        accept, else no deal; ``proposer`` is A where an offer was made, else
        -1; ``pivotal`` marks B where it refused an offer (and follows
        ``participation.pivotal`` where no offer was made); ``extras`` holds ``p_war`` (A's belief that its offer is refused,
        1 without an offer) and ``offer`` (the package offered, -1 for none).
    """
    a = problem.parties.index(spec.options["proposer"])
    b = problem.parties.index(spec.options["informed"])
    derived = problem.parameters[f"parties.{problem.parties[b]}.reservation"].value is None  # from the war lottery
    private = spec.options.get("private", "cost" if derived else "reservation")
    rounds = int(spec.options.get("rounds", 1))
    if rounds > 1 or (problem.types is not None and problem.types.party == b):
        return fearon_screening(problem, a, b, rounds, private)
    offer, p_war = fearon_offer(problem.gain, acceptance(problem, b, private), a, b, problem.feasible)
    made = offer >= 0
    sure = problem.gain if problem.certain_gain is None else problem.certain_gain
    accepted = made & (sure[np.arange(problem.draws), b, np.maximum(offer, 0)] >= -TOL)
    # The informed party alone blocks a refused offer; without an offer the usual rule applies.
    blocked = np.zeros((problem.draws, len(problem.parties)), dtype=bool)
    blocked[made & ~accepted, b] = True
    silent = np.flatnonzero(~made)
    if silent.size:
        blocked[silent] = pivotal(problem.gain_of(silent), None if problem.feasible is None else problem.feasible[silent])
    return Outcome(
        np.where(accepted, offer, NO_DEAL).astype(np.int64),
        proposer=np.where(made, a, -1).astype(np.int64),
        extras={"p_war": p_war, "offer": offer},
        pivotal=blocked,
    )
