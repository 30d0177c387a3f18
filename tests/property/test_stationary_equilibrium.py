"""Every equilibrium Baron–Ferejohn or Rubinstein reports is a fixed point, checked here with plain loops.

A stationary subgame-perfect equilibrium of the closed-rule game (Baron &
Ferejohn 1989; Banks & Duggan 2000; Rubinstein 1982 for alternating offers)
is a fixed point: given the proposers' strategies, the values solve the
linear system of continuation values; given the values, each proposer's
offers are optimal among the packages that pass, and each responder's
acceptance is a best response (accept when the offer is worth at least
``patience * value of the next round``; mix only when indifferent). The
checker below is written from that definition, draw by draw and package by
package, without the solver's functions.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers import NO_DEAL, stationary_equilibrium
from negotiation.solvers.baron_ferejohn import realise

TOL = 1e-9
LEVELS = [0.0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0]
"""Option values on a coarse grid, where ties and cycles (no pure equilibrium) are common."""


@st.composite
def domains(draw: Any) -> dict[str, Any]:
    """A small random domain: 2-3 parties, 2-3 issues of 2-3 options, a few draws with their own values.

    The structure (sizes, rule, order, whether the parties' interests are
    opposed) is drawn by hypothesis, the numbers from a seeded generator. With
    opposed interests every issue is a division (the parties' option values
    sum to 1), where pure stationary equilibria often fail to exist.
    """
    parties = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(2, 3), min_size=2, max_size=3))
    draws = draw(st.integers(1, 3))
    opposed = draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    issues = len(sizes)
    codes = np.array(list(itertools.product(*[range(s) for s in sizes])))  # (packages, issues)
    levels = np.array(LEVELS)[rng.integers(0, len(LEVELS), size=(draws, parties, issues, 3))]
    if opposed:
        share = rng.dirichlet(np.ones(parties), size=(draws, issues, 3)).transpose(0, 3, 1, 2)  # (draws, parties, issues, 3)
        levels = np.round(share * 3) / 3
    weights = rng.integers(1, 5, size=(draws, parties, issues)).astype(float)
    weights /= weights.sum(axis=2, keepdims=True)
    reservation = np.array([0.0, 0.0, 0.1, 0.25])[rng.integers(0, 4, size=(draws, parties))]
    gain = np.zeros((draws, parties, len(codes)))
    for k, code in enumerate(codes):
        for i, o in enumerate(code):
            gain[:, :, k] += weights[:, :, i] * levels[:, :, i, o]
    gain -= reservation[:, :, None]
    patience = np.array([0.3, 0.5, 0.8, 0.9, 0.95])[rng.integers(0, 5, size=(draws, parties))]
    recognition = rng.integers(1, 4, size=(draws, parties)).astype(float)
    recognition /= recognition.sum(axis=1, keepdims=True)
    feasible = rng.random((draws, len(codes))) < 0.8 if draw(st.booleans()) else None
    quota = parties if draw(st.booleans()) else parties // 2 + 1
    return {
        "gain": gain,
        "patience": patience,
        "recognition": recognition,
        "quota": quota,
        "feasible": feasible,
        "alternating": draw(st.booleans()),
    }


def is_fixed_point(dom: dict[str, Any], n: int, value: np.ndarray, offers: np.ndarray, accept: np.ndarray) -> bool:
    """The definition, checked in loops for draw n. ``offers[i, k]``: proposer i mixes uniformly over
    those packages; ``accept[i]``: the probability its offer passes."""
    gain, patience, recognition, quota = dom["gain"][n], dom["patience"][n], dom["recognition"][n], dom["quota"]
    feasible = dom["feasible"][n] if dom["feasible"] is not None else np.ones(gain.shape[1], dtype=bool)
    parties, packages = gain.shape
    alternating = dom["alternating"]
    mixed = any(0 < a < 1 for a in accept)
    expected = np.zeros_like(value)
    for i in range(parties):
        here = i if alternating else 0
        after = value[(i + 1) % parties] if alternating else value[0]
        bar = [patience[j] * after[j] for j in range(parties)]  # what waiting is worth to each voter
        offered = [k for k in range(packages) if offers[i, k]]
        a = accept[i]
        # Values: the offer, mixed over uniformly, passes with probability a; else the next round.
        for p in range(parties):
            mean_gain = sum(gain[p, k] for k in offered) / len(offered) if offered else 0.0
            term = a * mean_gain + (1 - a) * bar[p]
            expected[here, p] += term if alternating else recognition[i] * term
        if mixed:
            # Two parties: the responder mixes only when indifferent; a package it strictly
            # prefers to waiting passes for sure and must not be better for the proposer.
            j = 1 - i
            if len(offered) != 1:
                return False
            k = offered[0]
            if not feasible[k] or gain[i, k] < bar[i] - TOL:
                return False
            if 0 < a < 1 and abs(gain[j, k] - bar[j]) > TOL:
                return False
            if a == 1 and gain[j, k] < bar[j] - TOL:
                return False
            pay = a * gain[i, k] + (1 - a) * bar[i]
            for other in range(packages):
                if feasible[other] and gain[j, other] > bar[j] + TOL and gain[i, other] > pay + TOL:
                    return False
            continue
        passing = []
        for k in range(packages):
            votes = sum(1 for j in range(parties) if gain[j, k] >= bar[j] - TOL)
            if feasible[k] and gain[i, k] >= bar[i] - TOL and votes >= quota:
                passing.append(k)
        if a not in (0.0, 1.0) or (a == 1.0) != bool(offered) or bool(passing) != bool(offered):
            return False
        best = max((gain[i, k] for k in passing), default=-np.inf)
        for k in offered:
            if k not in passing or gain[i, k] < best - TOL:
                return False
    return bool(np.abs(value - expected).max() <= TOL)


@settings(max_examples=200, deadline=None)
@given(dom=domains(), seed=st.integers(0, 2**16))
def test_every_reported_equilibrium_is_a_fixed_point(dom: dict[str, Any], seed: int) -> None:
    """Resolved draws satisfy the fixed point to 1e-9 (checked independently); unresolved ones report no deal."""
    eq = stationary_equilibrium(dom["gain"], dom["patience"], dom["recognition"], dom["quota"], dom["feasible"], dom["alternating"])
    uniforms = np.random.default_rng(seed).uniform(1e-6, 1 - 1e-6, size=(len(eq.resolved), 2))
    outcome = realise(eq, dom["recognition"], uniforms, dom["alternating"], 0)
    for n, resolved in enumerate(eq.resolved):
        if not resolved:
            assert outcome.choice[n] == NO_DEAL and outcome.extras["unresolved"][n] == 1
            continue
        assert is_fixed_point(dom, n, eq.value[n], eq.optimal[n], eq.accept[n])
        assert outcome.extras["unresolved"][n] == 0
        if outcome.choice[n] != NO_DEAL:
            assert eq.optimal[n, outcome.proposer[n], outcome.choice[n]]
