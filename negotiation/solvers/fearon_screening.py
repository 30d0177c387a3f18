"""The ``fearon`` protocol with private types or several rounds: screening by backward induction (``solvers.screening``).

Fearon (1995); Fey & Ramsay (2011); Sobel & Takahashi (1983); Fudenberg &
Tirole (1991), ch. 10.

**Types** (``no_deal.types`` of the informed party B): the proposer A knows
each type's war lottery and cost in the draw, so each party's reservation
value under each type (``TypeView.offsets``), but not which type is true; its
belief is the prior, restricted (with a clock) to the types that refused every
earlier offer.

**No types, rounds >= 2**: A's belief is the written law of B's cost
(``private: cost``, ``d_B = L_B - c_B``) or reservation value (``private:
reservation``), discretised into :data:`QUANTILE_TYPES` equal-probability
types at the quantile midpoints ``F^-1((m - 1/2) / M)``; the draw's actual
``d_B`` then best responds to A's planned offers.

Every other party is fully informed and accepts a package iff it meets its
reservation value whatever B's type; A offers only such packages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import ProtocolSpec, Scenario
from negotiation.solvers.bargaining import NO_DEAL, Bargaining, Outcome
from negotiation.solvers.participation import pivotal
from negotiation.solvers.screening import screen, stop_round
from negotiation.utility import TOL

QUANTILE_TYPES = 200
"""M, the number of equal-probability types a written continuous law is discretised into."""


def quantile_types(problem: Bargaining, informed: int, private: str, m: int = QUANTILE_TYPES) -> NDArray[np.float64]:
    """B's reservation value at the M quantile midpoints of its written law, shape (draws, M)."""
    name = problem.parties[informed]
    path = f"no_deal.cost.{name}" if private == "cost" else f"parties.{name}.reservation"
    law = problem.parameters[path].value
    if law is None:
        raise ValueError(f"fearon: '{path}' has no written value to form a belief from")
    mid = (np.arange(m) + 0.5) / m
    points = law.ppf(mid) if isinstance(law, Distribution) else np.full(m, float(law))
    if private == "cost":
        if problem.lottery is None:
            raise ValueError("fearon: private: cost needs the no_deal war lottery")
        return problem.lottery[:, informed, None] - points[None, :]
    return np.broadcast_to(points, (problem.draws, m)).copy()


def fearon_screening(problem: Bargaining, a: int, b: int, rounds: int, private: str, tol: float = TOL) -> Outcome:
    """A's screening offers over B's types for up to ``rounds`` rounds, and the draw's true B's response.

    Returns
    -------
    Outcome
        ``choice`` is the package the draw's B accepts, else no deal;
        ``rounds`` the round of agreement (0 for none); ``proposer`` A where
        any offer was made; ``pivotal`` B where offers were made and all
        refused; ``extras``: ``p_war`` (A's belief at the first offer that the
        game ends in war), ``offer`` (the first-round offer, -1 for none) and,
        with types, ``type`` (the draw's true type, its index in file order);
        ``remaining`` (with types) the types that refused every offer;
        ``tallies`` (with types) ``screening.met`` and ``screening.refused``,
        per type, for :func:`screening_report`.
    """
    n, parties = problem.draws, len(problem.parties)
    d = problem.d
    u = problem.gain + d[:, :, None]
    typed = problem.types is not None and problem.types.party == b
    if typed:
        assert problem.types is not None
        view = problem.types
        d_types = d[:, None, :] + view.offsets  # (draws, types, parties)
        weight = view.prior * view.remaining
    else:
        d_b = quantile_types(problem, b, private)
        d_types = np.repeat(d[:, None, :], d_b.shape[1], axis=1)
        d_types[:, :, b] = d_b
        weight = np.full(d_b.shape, 1.0 / d_b.shape[1])
    live = weight > 0
    candidate = np.ones((n, problem.packages.size), dtype=bool) if problem.feasible is None else problem.feasible.copy()
    for j in range(parties):
        if j not in (a, b):
            need = np.where(live, d_types[:, :, j], -np.inf).max(axis=1)
            candidate &= u[:, j] >= need[:, None] - tol
    delta_a, delta_b = problem.patience[:, a], problem.patience[:, b]
    plan = screen(u[:, a], u[:, b], candidate, d_types[:, :, a], d_types[:, :, b], weight, delta_a, delta_b, rounds, tol)
    total = weight.sum(axis=1)
    p_war = np.where(total > 0, (weight * (plan.stop == 0)).sum(axis=1) / np.where(total > 0, total, 1.0), 1.0)
    agreed = stop_round(u[:, b], plan.offers, d[:, b], delta_b, tol)
    deal = agreed > 0
    choice = np.where(deal, np.take_along_axis(plan.offers, np.maximum(agreed - 1, 0)[:, None], axis=1)[:, 0], NO_DEAL)
    made = (plan.offers >= 0).any(axis=1)
    blocked = np.zeros((n, parties), dtype=bool)
    blocked[made & ~deal, b] = True
    silent = np.flatnonzero(~made)
    if silent.size:
        blocked[silent] = pivotal(problem.gain_of(silent), None if problem.feasible is None else problem.feasible[silent])
    extras: dict[str, NDArray[np.float64] | NDArray[np.int64]] = {"p_war": p_war, "offer": plan.offers[:, 0].copy()}
    remaining = None
    tallies: dict[str, NDArray[np.int64]] = {}
    if typed:
        assert problem.types is not None
        true = problem.types.true.astype(np.int64)
        extras["type"] = true
        remaining = problem.types.remaining & (plan.stop == 0)
        kinds = len(problem.types.names)
        tallies = {"screening.met": np.bincount(true, minlength=kinds), "screening.refused": np.bincount(true[~deal], minlength=kinds)}
    return Outcome(
        choice.astype(np.int64),
        rounds=agreed.astype(np.int64),
        proposer=np.where(made, a, -1).astype(np.int64),
        extras=extras,
        pivotal=blocked,
        tallies=tallies,
        remaining=remaining,
    )


def screening_report(scenario: Scenario, spec: ProtocolSpec, tallies: Mapping[str, NDArray[np.int64]], draws: int) -> dict[str, Any]:
    """The ``screening`` block of the summary: per type of the informed party, its share and how often it refused.

    ``share`` is the type's share of the problems solved and ``refused`` the
    share of those that ended without a deal: without a clock, each type's
    share of draws and P(war | type). With a clock a problem is one talk, so
    these count talks (a draw refused at one talk and agreeing at the next
    counts once in each).
    """
    types = None if scenario.no_deal is None else scenario.no_deal.types
    if types is None or "screening.met" not in tallies or types.party != spec.options.get("informed"):
        return {}
    met, refused = tallies["screening.met"], tallies["screening.refused"]
    total = max(int(met.sum()), 1)
    return {
        "screening": {
            t.name: {"share": int(met[k]) / total, "refused": int(refused[k]) / int(met[k]) if met[k] else None}
            for k, t in enumerate(types.types)
        }
    }


__all__ = ["QUANTILE_TYPES", "fearon_screening", "quantile_types", "screening_report"]
