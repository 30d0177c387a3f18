"""Chunk sizes, worker counts and backends never change a run's results (docs/MODEL.md §10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from negotiation.engine.backends import ProcessBackend, SerialBackend
from negotiation.engine.chunk import Plan
from negotiation.engine.pipeline import write_run
from negotiation.engine.scenario import load_scenario
from tests.conftest import STAKEHOLDERS, TOY, pie

DRAWS = 3000


def _run(source: object, folder: Path, chunk: int, backend: object, protocols: list[object]) -> tuple[str, bytes]:
    scenario = load_scenario(source, [("monte_carlo.draws", DRAWS), ("monte_carlo.chunk", chunk), ("protocols", protocols)])  # type: ignore[arg-type]
    write_run(Plan.build(scenario), folder, backend=backend)  # type: ignore[arg-type]
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    return json.dumps(summary, sort_keys=True), (folder / "draws.parquet").read_bytes()


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes]:
    return _run(TOY, tmp_path_factory.mktemp("serial") / "out", 4096, SerialBackend(), ["nash", "baron_ferejohn", "egalitarian"])


# Slow (a serial run and four more, three of them in process pools; ``pytest -m slow``, CI runs it).
# Explicit cases, not a hypothesis property: each case is a whole run of 3,000 draws in a process pool,
# too dear for a real budget of examples; these are the edges a handful of random ones would rarely hit.
@pytest.mark.slow
@pytest.mark.parametrize(
    ("chunk", "workers"),
    [(50, 3), (1024, 1), (DRAWS - 1, 2), (DRAWS + 10, 2)],
    ids=["small-chunks-3-workers", "one-seed-block-serial", "one-short-of-the-run-2-workers", "longer-than-the-run-2-workers"],
)
def test_the_same_summary_and_draws_whatever_the_chunk_size_and_workers(
    tmp_path: Path, serial: tuple[str, bytes], chunk: int, workers: int
) -> None:
    """Serial with one chunk size against a pool of 1-3 processes with another: the summary is identical,
    and so is every draw (the parquet files differ only in how the rows are grouped).

    Explicit cases: chunks far below a seed block (1,024 draws), exactly one block, one draw short of
    the run and longer than the run, in one to three processes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    backend = ProcessBackend(workers) if workers > 1 else SerialBackend()
    try:
        folder = tmp_path / f"out-{chunk}-{workers}"
        summary, _ = _run(TOY, folder, chunk, backend, ["nash", "baron_ferejohn", "egalitarian"])
    finally:
        backend.close()
    assert summary == serial[0]
    assert pq.read_table(folder / "draws.parquet").equals(pq.read_table(pa.BufferReader(serial[1])))


@pytest.mark.slow
def test_a_process_pool_gives_byte_identical_files(tmp_path: Path) -> None:
    """Same chunk size, serial against two processes: summary.json and draws.parquet are byte-identical,
    for the agent-based summit and the stakeholder forecast as for the bargaining solutions.

    Slow (``pytest -m slow``; CI runs it); the default suite keeps a pool's byte-identical files in
    :func:`test_precision_stops_at_the_same_draw_whatever_ran_it`."""
    protocols = ["nash", "summit", "bdm"]
    one = _run(STAKEHOLDERS, tmp_path / "serial", 500, SerialBackend(), protocols)
    pool = ProcessBackend(2)
    try:
        two = _run(STAKEHOLDERS, tmp_path / "pool", 500, pool, protocols)
    finally:
        pool.close()
    assert one == two


@pytest.mark.slow  # whole runs: the default suite's time budget
def test_precision_stops_at_the_same_draw_whatever_ran_it(tmp_path: Path) -> None:
    """A deal rate near 0.8 with a 0.01 target: the run stops once the 95% half-width is below it,
    at a chunk boundary, and a pool stops at the same draw with the same summary."""
    scenario = pie(steps=20)
    scenario["parties"]["a"]["reservation"] = {"uniform": [0, 0.7]}
    scenario["parties"]["b"]["reservation"] = {"uniform": [0, 0.7]}
    scenario["monte_carlo"] = {"draws": 100_000, "chunk": 1000, "precision": 0.01, "seed": 3}
    plan = Plan.build(load_scenario(scenario))
    first = write_run(plan, tmp_path / "serial")
    pool = ProcessBackend(2)
    try:
        second = write_run(plan, tmp_path / "pool", backend=pool)
    finally:
        pool.close()
    p = first.precision
    assert p is not None
    assert p["reached"] and p["draws_used"] < 100_000 and p["draws_used"] % 1000 == 0
    assert p["half_width"]["nash"] < 0.01
    assert first.draws == p["draws_used"]
    assert (tmp_path / "serial" / "summary.json").read_bytes() == (tmp_path / "pool" / "summary.json").read_bytes()
    assert (tmp_path / "serial" / "draws.parquet").read_bytes() == (tmp_path / "pool" / "draws.parquet").read_bytes()
    import pyarrow.parquet as pq

    assert pq.read_metadata(tmp_path / "serial" / "draws.parquet").num_rows == p["draws_used"]
    assert second == first
