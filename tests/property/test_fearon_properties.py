"""Properties of the ``fearon`` protocol on random problems."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers import NO_DEAL
from negotiation.solvers.fearon import acceptance, fearon_protocol
from negotiation.utility import TOL
from tests.strategies import GRID, bargaining_problems
from tests.unit.test_fearon import bargaining_of

LAWS = st.sampled_from(
    [
        Distribution("uniform", (0.0, 0.3)),
        Distribution("uniform", (-0.2, 0.8)),
        Distribution("triangular", (0.0, 0.1, 0.5)),
        Distribution("beta", (2.0, 5.0)),
        Distribution("normal", (0.3, 0.2)),
        Distribution("choice", (0.0, 0.25, 0.5)),
    ]
)


@st.composite
def fearon_problems(draw: Any) -> tuple[Any, ProtocolSpec]:
    """A random problem, proposer, informed party and belief about the private parameter."""
    u, d, _, feasible = draw(bargaining_problems())
    parties = u.shape[1]
    a, b = draw(st.permutations(range(parties)))[:2]
    law = draw(st.one_of(LAWS, st.integers(0, GRID).map(lambda i: i / GRID)))
    private = draw(st.sampled_from(["cost", "reservation"]))
    name = f"p{b}"
    if private == "cost":
        laws = {f"no_deal.cost.{name}": law, f"parties.{name}.reservation": None}
        lottery = draw(st.integers(0, GRID)) / GRID + np.zeros(d.shape)
    else:
        laws, lottery = {f"parties.{name}.reservation": law}, None
    problem = bargaining_of(u, d, laws, lottery, draw(st.sampled_from([None, feasible])))
    return problem, ProtocolSpec("fearon", {"proposer": f"p{a}", "informed": name, "private": private})


@given(fearon_problems())
def test_offer_is_rational_and_the_outcome_individually_rational(case: tuple[Any, ProtocolSpec]) -> None:
    problem, spec = case
    a, b = (problem.parties.index(spec.options[k]) for k in ("proposer", "informed"))
    out = fearon_protocol(problem, spec)
    offer, p_war = out.extras["offer"], out.extras["p_war"]
    rows = np.arange(problem.draws)
    gain = problem.gain

    assert ((p_war >= 0.0) & (p_war <= 1.0)).all()
    made = offer >= 0
    assert (p_war[~made] == 1.0).all()
    assert out.proposer is not None
    assert (out.proposer == np.where(made, a, -1)).all()
    # the proposer expects at least its value of war: d_A + (1 - p_war) g_A(offer) >= d_A - tol
    assert ((1.0 - p_war[made]) * gain[rows[made], a, offer[made]] >= -TOL).all()
    # and the offer is the best candidate by that measure
    accept = acceptance(problem, b, spec.options["private"])
    candidate = (np.delete(gain, b, axis=1) >= -TOL).all(axis=1)
    if problem.feasible is not None:
        candidate &= problem.feasible
    assert (made == candidate.any(axis=1)).all()
    value = np.where(candidate, accept * gain[:, a], -np.inf)
    assert (value[rows[made], offer[made]] >= value[made].max(axis=1) - 1e-12).all()

    choice = out.choice
    deal = choice != NO_DEAL
    assert (choice[deal] == offer[deal]).all()
    # realised deals are individually rational for every party; B refuses only what it must
    assert (gain[rows[deal], :, choice[deal]] >= -TOL).all()
    assert (gain[rows[made & ~deal], b, offer[made & ~deal]] < -TOL).all()
    if problem.feasible is not None:
        assert problem.feasible[rows[deal], choice[deal]].all()
