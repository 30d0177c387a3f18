"""The workers of ``--workers N`` solve with one BLAS / OpenMP thread each, whatever the parent had."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from negotiation.engine.backends import ProcessBackend
from negotiation.engine.chunk import Plan
from negotiation.engine.scenario import load_scenario

TOY = Path(__file__).resolve().parents[1] / "data" / "toy.yaml"


@pytest.mark.slow  # starts two spawned workers: a few seconds
def test_pool_workers_have_one_thread_each() -> None:
    plan = Plan.build(load_scenario(TOY, [("monte_carlo.draws", 20)]))
    backend = ProcessBackend(2)
    try:
        with threadpool_limits(limits=2):
            before = threadpool_info()
            pool = backend._start(plan)
            infos = [pool.submit(threadpool_info).result() for _ in range(4)]
            assert threadpool_info() == before
    finally:
        backend.close()
    assert all(info for info in infos)
    assert {i["num_threads"] for info in infos for i in info} == {1}
