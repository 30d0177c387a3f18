"""Properties of domestic ratification: constraints only shrink what can be agreed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import negotiation
from negotiation.solvers import NO_DEAL, egalitarian_choice, kalai_smorodinsky_choice, nash_choice, utilitarian_choice
from negotiation.solvers.ratification import passes, win_set
from tests.conftest import TOY
from tests.strategies import bargaining_problems

Solver = Callable[[np.ndarray, np.ndarray | None], np.ndarray]

SOLVERS: dict[str, Solver] = {
    "nash": lambda g, f: nash_choice(g, np.zeros(g.shape[:2]), np.ones(g.shape[:2]), f),
    "kalai_smorodinsky": kalai_smorodinsky_choice,
    "utilitarian": utilitarian_choice,
    "egalitarian": egalitarian_choice,
}


@pytest.mark.parametrize("name", list(SOLVERS))
@given(problem=bargaining_problems(), data=st.data())
def test_adding_a_constraint_never_raises_the_deal_rate(name: str, problem: tuple[np.ndarray, ...], data: st.DataObject) -> None:
    """Shrinking the win-set can remove a deal, never create one: for these protocols a
    deal exists exactly when some feasible package is individually rational."""
    u, d, _, feasible = problem
    gain = u - d[:, :, None]
    extra = data.draw(hnp.arrays(np.bool_, feasible.shape, elements=st.booleans()))
    wide = SOLVERS[name](gain, feasible) != NO_DEAL
    narrow = SOLVERS[name](gain, feasible & extra) != NO_DEAL
    assert not (narrow & ~wide).any()


@given(
    support=hnp.arrays(np.float64, (3, 2), elements=st.floats(0, 1)),
    threshold=hnp.arrays(np.float64, (3, 2), elements=st.floats(0, 1)),
    triggers=hnp.arrays(np.bool_, (2, 5), elements=st.booleans()),
)
def test_win_set_is_what_every_triggered_step_passes(support: np.ndarray, threshold: np.ndarray, triggers: np.ndarray) -> None:
    incidence = np.eye(5)
    passing = passes(support, threshold, np.zeros((3, 2, 5)), incidence)
    allowed = win_set(triggers, passing)
    for n in range(3):
        for k in range(5):
            expected = all(not triggers[r, k] or support[n, r] >= threshold[n, r] - 1e-9 for r in range(2))
            assert allowed[n, k] == expected
    everything = np.ones((2, 5), dtype=bool)
    np.testing.assert_array_equal(win_set(everything, np.ones((3, 2, 5), dtype=bool)), True)


def _with_step(step: dict[str, Any]) -> dict[str, Any]:
    return {"ratification": {"extra": step}}


def _same_protocol_outcomes(a: Any, b: Any, labels: list[str]) -> None:
    for label in labels:
        for column in ("package", "deal"):
            assert a.table[f"{label}.{column}"].equals(b.table[f"{label}.{column}"]), (label, column)
        ours, theirs = dict(a.summary["protocols"][label]), dict(b.summary["protocols"][label])
        ours.pop("unconstrained", None)
        theirs.pop("unconstrained", None)
        # The step is listed among who may block; one that never triggers never blocks.
        theirs["blocking_rate"] = dict(theirs["blocking_rate"])
        assert theirs["blocking_rate"].pop("extra") == 0.0
        assert ours == theirs


PROTOCOLS = ["nash", "kalai_smorodinsky", "egalitarian"]
PLAIN: list[Any] = [("ratification", {}), ("protocols", PROTOCOLS)]


@pytest.mark.parametrize(("support", "threshold", "seed"), [(0.0, 0.0, 0), (1.0, 1.0, 1), (0.5, 0.5, 2), (0.0, 1.0, 999), (1.0, 0.0, 1000)])
def test_a_constraint_that_never_triggers_changes_nothing(support: float, threshold: float, seed: int) -> None:
    """The step below applies only to packages the exclude rule removes.

    Explicit cases, not a hypothesis property (each case is two runs of the toy scenario): the
    corners of support and threshold and their middle."""
    step = {"party": "usa", "applies_if": {"territory": "withdrawal", "sanctions_relief": 1.0}, "support": support, "threshold": threshold}
    plain = negotiation.run(TOY, draws=400, seed=seed, overrides=PLAIN)
    bound = negotiation.run(TOY, draws=400, seed=seed, overrides=[("ratification", {"extra": step}), ("protocols", PROTOCOLS)])
    _same_protocol_outcomes(plain, bound, PROTOCOLS)


@pytest.mark.parametrize(("threshold", "seed"), [(0.0, 0), (0.5, 7), (1.0, 1000)])
def test_support_of_one_is_the_same_as_no_constraint(threshold: float, seed: int) -> None:
    """A step with full support passes every package it triggers, whatever the threshold.

    Explicit cases, not a hypothesis property (each case is two runs of the toy scenario): the
    lowest, a middle and the highest threshold."""
    step = {"party": "ukraine", "applies_if": {"territory": ["west_bank_style", "frozen_line"]}, "support": 1.0, "threshold": threshold}
    plain = negotiation.run(TOY, draws=400, seed=seed, overrides=PLAIN)
    bound = negotiation.run(TOY, draws=400, seed=seed, overrides=[("ratification", {"extra": step}), ("protocols", PROTOCOLS)])
    _same_protocol_outcomes(plain, bound, PROTOCOLS)
    for label in PROTOCOLS:
        assert bound.summary["ratification"]["extra"]["protocols"][label]["pass_rate"] in (1.0, None)
