"""Results do not depend on how the draws are chunked (docs/MODEL.md §10)."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.engine.sampling import BLOCK, UniformSource
from tests.conftest import STAKEHOLDERS, TOY

DRAWS = 2 * BLOCK + 137


@pytest.mark.parametrize(
    ("chunk", "sampler"),
    [
        (137, "random"),
        (BLOCK - 1, "sobol"),
        (BLOCK, "lhs"),
        (BLOCK + 1, "random"),
        (DRAWS, "sobol"),
        (DRAWS + 10, "lhs"),
    ],
)
def test_summary_and_draws_do_not_depend_on_chunk_size(chunk: int, sampler: str) -> None:
    """Explicit cases, not a hypothesis property (each case is two runs of 2,185 draws): chunks
    that do not divide a seed block of 1,024 draws, one short of a block, a block, one over, the
    whole run and more than the run, across the three samplers. Chunks of one draw are in
    :func:`test_one_draw_per_chunk_gives_the_same_summary_and_draws` (slow)."""
    base = negotiation.run(TOY, draws=DRAWS, seed=7, sampler=sampler)
    other = negotiation.run(TOY, draws=DRAWS, seed=7, sampler=sampler, chunk=chunk)
    assert json.dumps(base.summary, sort_keys=True) == json.dumps(other.summary, sort_keys=True)
    assert base.table.equals(other.table)


@pytest.mark.slow
@pytest.mark.parametrize("sampler", ["random", "sobol", "lhs"])
def test_one_draw_per_chunk_gives_the_same_summary_and_draws(sampler: str) -> None:
    """The extreme chunking, 2,185 chunks of one draw each: slow, as every chunk pays the per-chunk overhead."""
    base = negotiation.run(TOY, draws=DRAWS, seed=7, sampler=sampler)
    other = negotiation.run(TOY, draws=DRAWS, seed=7, sampler=sampler, chunk=1)
    assert json.dumps(base.summary, sort_keys=True) == json.dumps(other.summary, sort_keys=True)
    assert base.table.equals(other.table)


@pytest.mark.parametrize("chunk", [1, 7, 64, 119, 130])
def test_summit_and_forecast_do_not_depend_on_chunk_size(chunk: int) -> None:
    """The agent-based summit runs a whole chunk in lockstep; any chunking gives the same draws,
    tallies (concession paths, forecasts) and summary.

    Explicit cases, not a hypothesis property (each case is two runs of the summit): one draw per
    chunk, chunks that do not divide the 120 draws, one short of the run, and more than the run."""
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
