"""Each draw's Pareto frontier: the definition, the two implementations, and solving on it.

A package is on a draw's frontier when it is feasible and no feasible
package beats it by more than the margin for every party (Osborne &
Rubinstein 1994, ch. 1, with a margin). The compiled kernel and the numpy
path must give the same sets, equal to the definition checked pair by pair;
and Baron–Ferejohn (Baron & Ferejohn 1989) must give the same equilibria,
ties and mixing included, whether it searches the frontier or every package.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.solvers import baron_ferejohn as bf
from negotiation.solvers.frontier import MARGIN, pareto_frontier
from tests.property.test_stationary_equilibrium import domains


def by_definition(gain: np.ndarray, feasible: np.ndarray | None, margin: float) -> np.ndarray:
    """The frontier of each draw as a mask, pair by pair."""
    n, _, packages = gain.shape
    out = np.zeros((n, packages), dtype=bool)
    for b in range(n):
        ok = np.ones(packages, dtype=bool) if feasible is None else feasible[b]
        for k in range(packages):
            if ok[k]:
                out[b, k] = not any(ok[q] and np.all(gain[b, :, q] > gain[b, :, k] + margin) for q in range(packages))
    return out


@st.composite
def gains(draw: Any) -> tuple[np.ndarray, np.ndarray | None, float]:
    """Gains on a coarse grid (many ties), sometimes moved by less than the tolerance, with a feasibility mask or none."""
    n = draw(st.integers(1, 4))
    parties = draw(st.integers(1, 4))
    packages = draw(st.integers(1, 60))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    gain = rng.integers(0, draw(st.integers(1, 6)), size=(n, parties, packages)) / 4 - 0.25
    if draw(st.booleans()):
        gain = gain + rng.uniform(-1.5e-9, 1.5e-9, size=gain.shape)
    feasible = rng.random((n, packages)) < 0.7 if draw(st.booleans()) else None
    margin = draw(st.sampled_from([0.0, MARGIN, 0.25]))
    return gain, feasible, margin


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(case=gains())
def test_kernel_and_numpy_give_the_definition(case: tuple[np.ndarray, np.ndarray | None, float]) -> None:
    gain, feasible, margin = case
    compiled = pareto_frontier(gain, feasible, margin, compiled=True)
    plain = pareto_frontier(gain, feasible, margin, compiled=False)
    assert np.array_equal(compiled.count, plain.count)
    assert np.array_equal(compiled.index, plain.index)
    assert np.array_equal(plain.members(), by_definition(gain, feasible, margin))
    # take and scatter are inverse on the frontier
    mask = np.broadcast_to(plain.valid[:, None, :], (gain.shape[0], 2, plain.index.shape[1]))
    assert np.array_equal(plain.scatter(mask)[:, 0], plain.members())
    taken = plain.take(gain)
    rows, slots = np.nonzero(plain.valid)
    assert np.array_equal(taken[rows, :, slots], gain[rows, :, plain.index[rows, slots]])


def test_without_numba_the_numpy_path_is_used(monkeypatch: Any) -> None:
    """A missing numba is never a crash: the kernel falls back to numpy."""
    import negotiation.solvers.frontier as frontier

    monkeypatch.setattr(frontier, "_KERNEL", [None])
    gain = np.random.default_rng(1).random((3, 3, 50))
    assert np.array_equal(frontier.pareto_frontier(gain, compiled=True).index, frontier.pareto_frontier(gain, compiled=False).index)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(dom=domains(), jitter=st.booleans(), seed=st.integers(0, 2**16))
def test_baron_ferejohn_is_the_same_on_the_frontier(dom: dict[str, Any], jitter: bool, seed: int) -> None:
    """Same resolution, offers (ties and mixing included), values and realised outcomes with and without the restriction."""
    gain = dom["gain"]
    if jitter:  # ties broken by less than the tolerance
        gain = gain + np.random.default_rng(seed).uniform(-4e-10, 4e-10, size=gain.shape)
    args = (gain, dom["patience"], dom["recognition"], dom["quota"], dom["feasible"], dom["alternating"])
    full = bf.stationary_equilibrium(*args, restrict=False)
    front = bf.stationary_equilibrium(*args, restrict=True)
    assert np.array_equal(full.resolved, front.resolved)
    assert np.array_equal(full.optimal[full.resolved], front.optimal[front.resolved])
    assert np.array_equal(full.passes[full.resolved], front.passes[front.resolved])
    np.testing.assert_allclose(full.value[full.resolved], front.value[front.resolved], rtol=0, atol=1e-12)
    assert np.array_equal(full.accept[full.resolved], front.accept[front.resolved])
    uniforms = np.random.default_rng(seed).uniform(1e-6, 1 - 1e-6, size=(gain.shape[0], 2))
    a = bf.realise(full, dom["recognition"], uniforms, dom["alternating"], 0)
    b = bf.realise(front, dom["recognition"], uniforms, dom["alternating"], 0)
    assert np.array_equal(a.choice, b.choice)
    assert np.array_equal(a.proposer, b.proposer)
    assert np.array_equal(a.rounds, b.rounds)


def test_a_small_example_of_both() -> None:
    """The default suite's quick check: a tie within the margin, a dominated package, an infeasible one."""
    gain = np.array([[[1.0, 1.0 - 1e-9, 0.5, 2.0, 1.5], [1.0, 1.0 + 1e-9, 0.4, 2.0, 0.2]]])
    feasible = np.array([[True, True, True, False, True]])
    for compiled in (True, False):
        f = pareto_frontier(gain, feasible, compiled=compiled)
        assert f.count.tolist() == [3] and f.index[0].tolist() == [0, 1, 4]
        assert pareto_frontier(gain, feasible, 0.0, compiled=compiled).index[0].tolist() == [0, 1, 4]
        assert pareto_frontier(gain, None, compiled=compiled).index[0].tolist() == [3]
