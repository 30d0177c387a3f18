"""Properties of the agent-based summit (docs/MODEL.md §13), checked over random settings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.engine.chunk import Plan, chunk_talks
from negotiation.engine.scenario import load_scenario
from negotiation.summit import SummitModel, summit_protocol
from tests.conftest import STAKEHOLDERS
from tests.summit_cases import pie_summit

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""A real budget for the properties below, hypothesis's usual 100 examples: each example runs the
summit, so they are marked slow (``pytest -m slow``; CI runs them) and the default suite keeps
:func:`test_the_properties_above_are_not_vacuous`."""


def _plan(overrides: dict[str, object], draws: int = 48) -> Plan:
    return Plan.build(load_scenario(STAKEHOLDERS, {**overrides, "monte_carlo.draws": draws}))


def _spec(plan: Plan):  # type: ignore[no-untyped-def]
    return next(spec for spec, _ in plan.protocols if spec.name == "summit")


@pytest.mark.slow
@SETTINGS
@given(
    seed=st.integers(0, 10_000),
    noise=st.floats(0.0, 0.2),
    pull=st.floats(0.0, 1.0),
    cost=st.floats(0.0, 0.2),
    e_trump=st.floats(1.05, 8.0),
    e_putin=st.floats(0.05, 0.95),
    war_cost=st.floats(0.0, 0.8),
    threshold=st.floats(0.2, 0.5),
)
def test_agreed_packages_are_individually_rational_for_everyone_and_ratifiable(
    seed: int, noise: float, pull: float, cost: float, e_trump: float, e_putin: float, war_cost: float, threshold: float
) -> None:
    """Every party, at the table or absent, prefers a summit deal to no deal (its reservation
    value after the summit), and every step the deal triggers passes in that draw."""
    res = negotiation.run(
        STAKEHOLDERS,
        draws=80,
        seed=seed,
        protocols=["summit"],
        overrides={
            "summit.phases.one_on_one.noise": noise,
            "summit.phases.lunch.pull": pull,
            "summit.phases.press.audience_cost": cost,
            "stakeholders.trump.concession": e_trump,
            "stakeholders.putin.concession": e_putin,
            # A costlier war for Ukraine and an easier referendum, so that some frameworks pass.
            "no_deal.cost.ukraine": war_cost,
            "ratification.ukraine_referendum.threshold": threshold,
        },
    )
    draws = res.draws
    deals = draws[draws["summit.deal"]]
    for party in res.summary["parties"]:
        assert (deals[f"summit.utility.{party}"] >= deals[f"reservation.{party}"] - 1e-9).all()
    assert (deals["summit.ratification.ukraine_referendum"] != "fails").all()
    frameworks = draws[draws["summit.framework"] == 1.0]
    assert (frameworks["summit.framework_package"] >= 0).all()


def test_the_properties_above_are_not_vacuous() -> None:
    """The settings the properties draw from do produce deals, rejected frameworks, failed
    ratifications, and deals that noise loses."""
    res = negotiation.run(
        STAKEHOLDERS,
        draws=400,
        seed=1,
        protocols=["summit"],
        overrides={"no_deal.cost.ukraine": 0.6, "ratification.ukraine_referendum.threshold": 0.4},
    )
    outcomes = res.summary["protocols"]["summit"]["summit"]["outcomes"]
    assert outcomes["deal"] > 0.05 and outcomes["not_ratified"] > 0.05
    # The leaders anticipate Ukraine (the default), so few frameworks are rejected; without anticipation most are.
    for anticipate, least in ((True, 0.01), (False, 0.5)):
        run = negotiation.run(STAKEHOLDERS, draws=400, seed=1, protocols=["summit"], overrides={"summit.anticipation": anticipate})
        assert run.summary["protocols"]["summit"]["summit"]["outcomes"]["rejected"] > least
    rates = []
    for sd in (0.05, 0.0):
        scenario = pie_summit("boulware", "boulware", e_a=0.5, e_b=0.5, noise=sd, rounds=20, steps=20, draws=400)
        scenario["parties"]["a"]["reservation"] = scenario["parties"]["b"]["reservation"] = {"uniform": [0.3, 0.52]}
        rates.append(negotiation.run(scenario).summary["protocols"]["summit"]["deal_rate"])
    assert rates[0] < rates[1]


@pytest.mark.slow
@SETTINGS
@given(seed=st.integers(0, 10_000), e_b=st.floats(0.05, 0.95), e_c=st.floats(1.05, 12.0), pull=st.floats(0.0, 1.0))
def test_a_boulware_leader_never_concedes_faster_than_a_conceder(seed: int, e_b: float, e_c: float, pull: float) -> None:
    """The same draws with Trump as Boulware (e < 1) and as Conceder (e > 1): in every round
    before either run settles, the Boulware leader's offer is worth at least as much to it.
    Without anticipation: a leader's ladder then runs monotonically from its ideal, so a higher
    aspiration means an offer further up it. With anticipation offers are chosen on expected
    values among two ladders, which need not be ordered so (docs/MODEL.md §17)."""
    paths = []
    settled = []
    for tactic, e in (("boulware", e_b), ("conceder", e_c)):
        overrides = {"stakeholders.trump.tactic": tactic, "stakeholders.trump.concession": e, "summit.phases.lunch.pull": pull}
        plan = _plan({**overrides, "summit.anticipation": False})
        model = SummitModel(chunk_talks(plan, seed, seed + 48, _spec(plan)))
        done = model.run()
        seat = next(x.seat for x in model.leaders if x.who.name == "trump")
        standing = np.stack(model.datacollector.model_vars["standing"])[:, :, seat]
        full = np.vstack([standing, np.repeat(standing[-1:], model.rounds - len(standing), axis=0)])
        paths.append(full)
        settled.append(np.where(done.done, done.round, model.rounds + 1))
    first = np.minimum(*settled)
    rounds = np.arange(1, paths[0].shape[0] + 1)[:, None]
    live = rounds < first[None, :]
    assert np.all((paths[0] >= paths[1] - 1e-12) | ~live)


@pytest.mark.slow
@SETTINGS
@given(seed=st.integers(0, 10_000), noise=st.floats(0.001, 0.3), rounds=st.integers(4, 60), e=st.floats(0.2, 5.0))
def test_removing_interpreter_noise_never_lowers_the_deal_rate_in_a_symmetric_case(seed: int, noise: float, rounds: int, e: float) -> None:
    """Two leaders with the same tactic and mirrored stakes split a pie; their reservation
    values come from the same distribution. Noise only blurs what a listener hears, so every
    draw that agrees with noise agrees without it, and the deal rate cannot fall."""
    tactic = "boulware" if e < 1 else "conceder" if e > 1 else "linear"
    base = {"rounds": rounds, "steps": 20, "d_a": {"uniform": [0.3, 0.52]}, "d_b": {"uniform": [0.3, 0.52]}, "draws": 200}
    kw = {"e_a": e, "e_b": e} if tactic != "linear" else {}
    deals = []
    for sd in (noise, 0.0):
        scenario = pie_summit(tactic, tactic, noise=sd, **kw, **base)  # type: ignore[arg-type]
        scenario["monte_carlo"]["seed"] = seed
        deals.append(negotiation.run(scenario).draws["summit.deal"].to_numpy())
    noisy, clean = deals
    assert np.all(clean | ~noisy)
    assert clean.mean() >= noisy.mean()


@pytest.mark.slow
@SETTINGS
@given(start=st.integers(0, 4000), size=st.integers(1, 12))
def test_a_batch_equals_the_same_draws_one_at_a_time(start: int, size: int) -> None:
    """A chunk of draws gives exactly the outcomes of each draw run alone with the same seeds."""
    plan = _plan({}, draws=5000)
    spec = _spec(plan)
    talks = chunk_talks(plan, start, start + size, spec)
    batch = summit_protocol(talks, spec)
    for i in range(size):
        alone = summit_protocol(chunk_talks(plan, start + i, start + i + 1, spec), spec)
        assert alone.choice[0] == batch.choice[i]
        assert alone.rounds is not None and batch.rounds is not None and alone.rounds[0] == batch.rounds[i]
        assert alone.proposer is not None and batch.proposer is not None and alone.proposer[0] == batch.proposer[i]
        for name, column in batch.extras.items():
            assert np.array_equal(alone.extras[name][:1], column[i : i + 1], equal_nan=True), name
        assert alone.pivotal is not None and batch.pivotal is not None
        assert np.array_equal(alone.pivotal[0], batch.pivotal[i])
