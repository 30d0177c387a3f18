"""Results do not depend on how the draws are chunked (docs/MODEL.md §10)."""

from __future__ import annotations

import itertools
import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.engine.sampling import BLOCK, UniformSource
from tests.conftest import STAKEHOLDERS, TOY

DRAWS = 2 * BLOCK + 137


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=st.integers(1, DRAWS + 10), sampler=st.sampled_from(["random", "sobol", "lhs"]))
def test_summary_and_draws_do_not_depend_on_chunk_size(chunk: int, sampler: str) -> None:
    base = negotiation.run(TOY, draws=DRAWS, seed=7, sampler=sampler)
    other = negotiation.run(TOY, draws=DRAWS, seed=7, sampler=sampler, chunk=chunk)
    assert json.dumps(base.summary, sort_keys=True) == json.dumps(other.summary, sort_keys=True)
    assert base.table.equals(other.table)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=st.integers(1, 130))
def test_summit_and_forecast_do_not_depend_on_chunk_size(chunk: int) -> None:
    """The agent-based summit runs a whole chunk in lockstep; any chunking gives the same draws,
    tallies (concession paths, forecasts) and summary."""
    base = negotiation.run(STAKEHOLDERS, draws=120, seed=5, protocols=["summit", "bdm"])
    other = negotiation.run(STAKEHOLDERS, draws=120, seed=5, protocols=["summit", "bdm"], chunk=chunk)
    assert json.dumps(base.summary, sort_keys=True) == json.dumps(other.summary, sort_keys=True)
    assert base.table.equals(other.table)


@settings(max_examples=30, deadline=None)
@given(
    sampler=st.sampled_from(["random", "sobol", "lhs"]),
    cuts=st.lists(st.integers(1, 3 * BLOCK), min_size=1, max_size=4, unique=True),
)
def test_uniforms_of_any_split_concatenate_to_the_whole(sampler: str, cuts: list[int]) -> None:
    columns = ["a", "b.c", "events.x"]
    whole = UniformSource(sampler, 11, columns).draws(0, 3 * BLOCK + 1)
    edges = [0, *sorted(cuts), 3 * BLOCK + 1]
    source = UniformSource(sampler, 11, columns)
    parts = [source.draws(lo, hi) for lo, hi in itertools.pairwise(edges) if hi > lo]
    np.testing.assert_array_equal(np.concatenate(parts), whole)


def test_another_seed_gives_another_summary() -> None:
    a = negotiation.run(TOY, draws=500, seed=1).summary
    b = negotiation.run(TOY, draws=500, seed=2).summary
    assert a["protocols"] != b["protocols"]


def test_adding_a_protocol_leaves_the_others_draws_unchanged() -> None:
    """Common random numbers: every protocol sees the same draws, and a protocol that
    draws its own random numbers (a proposer) takes them from columns of its own."""
    alone = negotiation.run(TOY, draws=1500, seed=3, protocols=["nash"])
    together = negotiation.run(TOY, draws=1500, seed=3, protocols=["baron_ferejohn", "nash", "egalitarian"])
    for column in alone.table.column_names:
        assert alone.table[column].equals(together.table[column]), column
    assert alone.summary["protocols"]["nash"] == together.summary["protocols"]["nash"]
