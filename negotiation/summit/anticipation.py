"""Anticipating the absent parties: the chance each accepts a framework, as the leaders at the table believe.

A framework agreed at the table still needs the parties not in the room
(Putnam 1988: the negotiator's win-set is bounded by what the other level
will accept). The leaders do not know an absent party r's reservation value
d_r; they screen frameworks by the chance that r accepts, as the proposer of
Fearon (1995) screens its offer by the chance the informed party accepts
(``negotiation.solvers.fearon``). Every leader holds the same belief, fixed
before the summit:

``summit.anticipation.<r>`` given (a law G, a number being a point mass)
    P_r(k) = G(u_r(k) + tol).
``parties.<r>.reservation`` written (its law F_d as written)
    P_r(k) = F_d(u_r(k) + tol).
reservation derived from the war lottery, d_r = L_r - c_r
    The leaders know r's expected utility of the war lottery L_r in force at
    the round (so they see the war lottery move with the scheduled events) and
    the law F_c of ``no_deal.cost.<r>`` as written:
    P_r(k) = 1 - F_c((L_r - u_r(k) - tol)^-), the CDF just below the
    threshold so that an atom at it counts as accepting.

The belief ignores events that move c_r or d_r themselves, as Fearon's
proposer's does. Absent parties decide independently, so the chance that all
accept is P(k) = prod_r P_r(k). A leader p then values framework k at its
expected utility

    v_p(k) = P(k) u_p(k) + (1 - P(k)) d_p = d_p + P(k) (u_p(k) - d_p),

with d_p its reservation value in force, and its ideal, aspiration, offers
and acceptance all run on v instead of u; it never agrees to a framework it
is sure an absent party rejects (P(k) = 0). A leader's candidate offers are
its ladder towards the other leaders joined with a ladder that also trades
towards the absent parties (:func:`joined`), so that it has offers an absent
party may accept even where every rung towards the other leaders has P = 0.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.distributions import Distribution
from negotiation.summit.ladder import Ladder
from negotiation.summit.talks import Talks
from negotiation.utility import TOL


def _cdf(law: float | Distribution, x: NDArray[np.float64]) -> NDArray[np.float64]:
    """P(X <= x) for X with law ``law`` (a number: a point mass), shape of ``x``."""
    if isinstance(law, Distribution):
        return law.cdf(x)
    return (x >= law).astype(np.float64)


def acceptance(talks: Talks, utility: NDArray[np.float64], state: int, tol: float = TOL) -> NDArray[np.float64]:
    """The leaders' belief that every absent party accepts each package.

    Parameters
    ----------
    talks : Talks
    utility : ndarray, shape (draws, rungs, parties)
        Every party's utility of each candidate framework.
    state : int
        The reservation state in force (index into ``talks.reservations``).
    tol : float
        A package worth at least ``d_r - tol`` to r is accepted.

    Returns
    -------
    ndarray, shape (draws, rungs)
        P(k), the product over the absent parties of P_r(k); 1 without absent parties.
    """
    scenario = talks.scenario
    summit = scenario.summit
    assert summit is not None
    explicit = dict(summit.beliefs)
    chance = np.ones(utility.shape[:2])
    for name in summit.absent:
        r = scenario.party_names.index(name)
        party = scenario.parties[r]
        u = utility[:, :, r]
        if name in explicit:
            chance *= _cdf(explicit[name], u + tol)
            continue
        law = scenario.parameters[party.reservation].value
        if law is not None:
            chance *= _cdf(law, u + tol)
            continue
        assert scenario.no_deal is not None and talks.lotteries is not None  # a derived reservation has a war lottery
        cost = scenario.parameters[scenario.no_deal.cost[name]].value
        assert cost is not None
        threshold = talks.lotteries[state][:, r, None] - u - tol
        chance *= 1.0 - _cdf(cost, np.nextafter(threshold, -np.inf))
    return chance


def expected(utility: NDArray[np.float64], chance: NDArray[np.float64], d: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each party's expected utility of each framework, ``d + P (u - d)``.

    Parameters
    ----------
    utility : ndarray, shape (draws, rungs, parties)
    chance : ndarray, shape (draws, rungs)
    d : ndarray, shape (draws, parties)
        Reservation values in force.

    Returns
    -------
    ndarray, shape (draws, rungs, parties)
    """
    return d[:, None, :] + chance[:, :, None] * (utility - d[:, None, :])


def joined(first: Ladder, second: Ladder) -> Ladder:
    """The rungs of ``first`` then those of ``second``: one set of candidate offers, shape (draws, rungs1 + rungs2)."""
    return Ladder(
        package=np.concatenate([first.package, second.package], axis=1),
        utility=np.concatenate([first.utility, second.utility], axis=1),
        own=np.concatenate([first.own, second.own], axis=1),
        others=np.concatenate([first.others, second.others], axis=1),
    )


def valued(ladder: Ladder, chance: NDArray[np.float64], d: NDArray[np.float64], proposer: int, table: list[int]) -> Ladder:
    """The same rungs, with ``own`` and ``others`` the expected utilities of the proposer and of the others at the table.

    Parameters
    ----------
    ladder : Ladder
    chance : ndarray, shape (draws, rungs)
        P(k) of every rung.
    d : ndarray, shape (draws, parties)
    proposer : int
        Party index of the ladder's owner.
    table : list of int
        Party indices at the table.
    """
    value = expected(ladder.utility, chance, d)
    others = [q for q in table if q != proposer]
    valid = ladder.package >= 0
    own = np.where(valid, value[:, :, proposer], -np.inf)
    other = np.where(valid, value[:, :, others].mean(axis=2) if others else 0.0, -np.inf)
    return replace(ladder, own=own, others=other)


__all__ = ["acceptance", "expected", "joined", "valued"]
