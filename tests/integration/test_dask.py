"""The same run on a Dask LocalCluster of two worker processes gives the same files as a serial run."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.engine.backends import DaskBackend
from negotiation.engine.chunk import Plan
from negotiation.engine.pipeline import write_run
from negotiation.engine.scenario import load_scenario
from tests.conftest import TOY

pytestmark = pytest.mark.slow
"""Starting a local cluster is a long integration case (``pytest -m slow``; CI runs it)."""

distributed = pytest.importorskip("distributed", reason="needs the optional extra: pip install -e '.[distributed]' (CI installs it)")


def test_a_local_cluster_gives_byte_identical_results(tmp_path: Path) -> None:
    scenario = load_scenario(TOY, [("monte_carlo.draws", 6000), ("monte_carlo.chunk", 1000), ("protocols", ["nash", "kalai_smorodinsky"])])
    plan = Plan.build(scenario)
    write_run(plan, tmp_path / "serial")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        backend = DaskBackend(cluster.scheduler_address)
        try:
            assert backend.workers == 2
            write_run(plan, tmp_path / "dask", backend=backend)
        finally:
            backend.close()
    for name in ("summary.json", "draws.parquet"):
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name
