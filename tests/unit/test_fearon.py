"""The ``fearon`` protocol on hand-made arrays."""

from __future__ import annotations

import numpy as np

from negotiation.scenario.distributions import ANY, Distribution
from negotiation.scenario.model import Parameter, ProtocolSpec
from negotiation.solvers import NO_DEAL, Bargaining, PackageSet, fearon_offer
from negotiation.solvers.fearon import fearon_protocol


def bargaining_of(
    u: np.ndarray,
    d: np.ndarray,
    laws: dict[str, float | Distribution | None],
    lottery: np.ndarray | None = None,
    feasible: np.ndarray | None = None,
) -> Bargaining:
    """A problem whose packages are the options of one issue, so that ``gain == u - d``.

    u has shape (draws, parties, packages), d (draws, parties); parties are
    named p0, p1, ...; ``laws`` maps parameter paths to their written values.
    """
    n, parties, k = u.shape
    eye = np.eye(k)
    packages = PackageSet(eye, eye.astype(np.float32), np.arange(k)[:, None], np.zeros(1, dtype=np.intp))
    ones = np.ones((n, parties))
    return Bargaining(
        wv=u,
        d=d,
        packages=packages,
        feasible=feasible,
        power=ones,
        patience=ones,
        recognition=ones / parties,
        parties=tuple(f"p{i}" for i in range(parties)),
        parameters={path: Parameter(path, law, ANY) for path, law in laws.items()},
        lottery=lottery,
    )


def _spec(**options: str) -> ProtocolSpec:
    return ProtocolSpec("fearon", {"proposer": "p0", "informed": "p1", **options})


def test_no_candidate_means_war_for_sure() -> None:
    gain = np.array([[[-0.1, -0.2], [0.5, 0.5]]])  # the proposer prefers war to both packages
    offer, p_war = fearon_offer(gain, np.ones((1, 2)), 0, 1, None)
    assert offer.tolist() == [NO_DEAL]
    assert p_war.tolist() == [1.0]

    problem = bargaining_of(gain, np.zeros((1, 2)), {"parties.p1.reservation": 0.0})
    out = fearon_protocol(problem, _spec())
    assert out.choice.tolist() == [NO_DEAL]
    assert out.proposer is not None and out.proposer.tolist() == [-1]
    assert out.extras["p_war"].tolist() == [1.0]
    assert out.extras["offer"].tolist() == [-1]
    assert out.rounds is None


def test_the_best_expected_gain_is_offered() -> None:
    # expected gains P * g_A: 0.9 * 0.1, 0.5 * 0.3, 0.1 * 0.6 -> package 1
    gain = np.array([[[0.1, 0.3, 0.6], [0.0, 0.0, 0.0]]])
    offer, p_war = fearon_offer(gain, np.array([[0.9, 0.5, 0.1]]), 0, 1, None)
    assert offer.tolist() == [1]
    np.testing.assert_allclose(p_war, [0.5])


def test_a_third_party_constrains_the_offer() -> None:
    gain = np.array([[[0.1, 0.3, 0.6], [0.0, 0.0, 0.0], [0.2, 0.1, 0.0]]])
    accept = np.ones((1, 3))
    assert fearon_offer(gain[:, :2], accept, 0, 1, None)[0].tolist() == [2]
    gain[0, 2, 2] = -0.01  # the third party now rejects package 2
    assert fearon_offer(gain, accept, 0, 1, None)[0].tolist() == [1]
    gain[0, 2, 2] = -1e-10  # within tolerance: it accepts
    assert fearon_offer(gain, accept, 0, 1, None)[0].tolist() == [2]
    gain[0, 2] = -0.01  # it rejects everything: no offer
    assert fearon_offer(gain, accept, 0, 1, None)[0].tolist() == [NO_DEAL]


def test_feasibility_is_respected() -> None:
    gain = np.array([[[0.1, 0.3, 0.6], [0.0, 0.0, 0.0]], [[0.1, 0.3, 0.6], [0.0, 0.0, 0.0]]])
    feasible = np.array([[True, True, False], [False, False, False]])
    offer, p_war = fearon_offer(gain, np.ones((2, 3)), 0, 1, feasible)
    assert offer.tolist() == [1, NO_DEAL]
    assert p_war.tolist() == [0.0, 1.0]


def test_ties_go_to_the_lowest_index() -> None:
    gain = np.array([[[0.0, 0.2, 0.1, 0.2 + 5e-13], [0.0, 0.0, 0.0, 0.0]]])
    offer, _ = fearon_offer(gain, np.array([[1.0, 0.5, 1.0, 0.5]]), 0, 1, None)
    assert offer.tolist() == [1]  # 0.1, 0.1, 0.1 + 2.5e-13: all tie
    offer, _ = fearon_offer(gain, np.array([[1.0, 0.5, 0.9, 0.5]]), 0, 1, None)
    assert offer.tolist() == [1]
    # nothing to gain anywhere: every candidate ties with war, the first is offered
    offer, p_war = fearon_offer(np.zeros((1, 2, 3)), np.array([[0.0, 1.0, 1.0]]), 0, 1, None)
    assert offer.tolist() == [0]
    assert p_war.tolist() == [1.0]


def _known_cost(cost: float, d_b: float) -> Bargaining:
    """B's shares 0.2, 0.4, 0.6 of a pie, A gets the rest; B's war lottery is worth 0.5, its cost fixed."""
    share_b = np.array([0.2, 0.4, 0.6])
    u = np.stack([1.0 - share_b, share_b])[None]
    d = np.array([[0.0, d_b]])
    return bargaining_of(u, d, {"no_deal.cost.p1": cost, "parties.p1.reservation": None}, lottery=np.array([[0.3, 0.5]]))


def test_a_known_cost_gives_war_with_probability_0_or_1() -> None:
    # c_B = 0.1: d_B = 0.4, exactly B's share in package 1; A offers it and B accepts for sure
    out = fearon_protocol(_known_cost(0.1, 0.4), _spec())
    assert out.extras["offer"].tolist() == [1]
    assert out.extras["p_war"].tolist() == [0.0]
    assert out.choice.tolist() == [1]
    assert out.proposer is not None and out.proposer.tolist() == [0]
    # c_B = 0.35: d_B = 0.15, A keeps the most
    out = fearon_protocol(_known_cost(0.35, 0.15), _spec(private="cost"))
    assert out.extras["offer"].tolist() == [0]
    assert out.extras["p_war"].tolist() == [0.0]
    # c_B = -0.2 (war is a gain for B): d_B = 0.7 above every share, A offers in vain
    out = fearon_protocol(_known_cost(-0.2, 0.7), _spec())
    assert out.extras["p_war"].tolist() == [1.0]
    assert out.choice.tolist() == [NO_DEAL]


def test_the_actual_reservation_decides_the_draw() -> None:
    # A believes c_B ~ U[0, 0.4], so d_B = 0.5 - c_B ~ U[0.1, 0.5]; expected gains of
    # offering B 0.2, 0.4, 0.6: 0.25 * 0.8, 0.75 * 0.6, 1 * 0.4. A offers 0.4 ...
    share_b = np.array([0.2, 0.4, 0.6])
    u = np.tile(np.stack([1.0 - share_b, share_b])[None], (2, 1, 1))
    laws: dict[str, float | Distribution | None] = {"no_deal.cost.p1": Distribution("uniform", (0.0, 0.4)), "parties.p1.reservation": None}
    d = np.array([[0.0, 0.45], [0.0, 0.35]])  # ... which B rejects with c_B = 0.05 and accepts with c_B = 0.15
    problem = bargaining_of(u, d, laws, lottery=np.array([[0.3, 0.5], [0.3, 0.5]]))
    out = fearon_protocol(problem, _spec())
    assert out.extras["offer"].tolist() == [1, 1]
    np.testing.assert_allclose(out.extras["p_war"], 0.25, atol=1e-8)
    assert out.choice.tolist() == [NO_DEAL, 1]
    assert out.proposer is not None and out.proposer.tolist() == [0, 0]


def test_private_reservation_uses_its_distribution() -> None:
    share_b = np.array([0.2, 0.4, 0.6])
    u = np.stack([1.0 - share_b, share_b])[None]
    law = Distribution("choice", (0.2, 0.4))  # d_B is 0.2 or 0.4, each with probability 1/2
    out = fearon_protocol(bargaining_of(u, np.array([[0.0, 0.4]]), {"parties.p1.reservation": law}), _spec())
    # offering 0.2 keeps 0.8 with P = 1/2 (0.4), offering 0.4 keeps 0.6 for sure (0.6)
    assert out.extras["offer"].tolist() == [1]
    assert out.extras["p_war"].tolist() == [0.0]
    assert out.choice.tolist() == [1]
