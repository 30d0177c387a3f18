"""One BLAS (and OpenMP) thread while a run solves its draws, and the caller's setting back after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import negotiation
from negotiation.cli import COMMANDS, main
from negotiation.engine import backends
from negotiation.engine.chunk import Plan
from negotiation.engine.scenario import load_scenario
from negotiation.engine.threads import one_thread, thread_summary

pytestmark = pytest.mark.smoke


def _threads() -> list[tuple[str, int]]:
    return [(str(i["filepath"]), int(i["num_threads"])) for i in threadpool_info()]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[set[int]]:
    """The thread counts of every BLAS / OpenMP library, as each chunk of a run starts solving."""
    counts: list[set[int]] = []
    original = backends.solve_chunk

    def observed(plan: Plan, start: int, stop: int) -> Any:
        counts.append({n for _, n in _threads()})
        return original(plan, start, stop)

    monkeypatch.setattr(backends, "solve_chunk", observed)
    return counts


def test_a_python_run_has_one_thread_and_gives_the_callers_setting_back(seen: list[set[int]], toy_path: Path) -> None:
    with threadpool_limits(limits=2):
        before = _threads()
        assert any(n == 2 for _, n in before)  # else the test would prove nothing
        negotiation.run(toy_path, draws=60, seed=1, chunk=20)
        after = _threads()
    assert before == after
    assert len(seen) == 3
    assert all(counts == {1} for counts in seen)


@pytest.mark.parametrize("command", ["run", "experiment", "bdm", "score"])
def test_the_commands_that_solve_draws_run_with_one_thread(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    counts: list[set[int]] = []
    monkeypatch.setitem(COMMANDS, command, lambda args: counts.append({n for _, n in _threads()}) or 0)
    argv = {
        "run": ["run", "x.yaml"],
        "experiment": ["experiment", "x.yaml"],
        "bdm": ["bdm", "x.csv"],
        "score": ["score", "r", "--resolutions", "x.yaml"],
    }
    with threadpool_limits(limits=2):
        before = _threads()
        assert main(argv[command]) == 0
        assert _threads() == before
    assert counts == [{1}]


def test_a_dask_task_solves_with_one_thread_and_leaves_the_worker_as_it_was(seen: list[set[int]], toy_path: Path) -> None:
    scenario = load_scenario(toy_path, [("monte_carlo.draws", 20)])
    with threadpool_limits(limits=2):
        before = _threads()
        backends._solve_on_dask(scenario, "threads-test", (0, 20, None))
        assert _threads() == before
    assert seen == [{1}]


def test_one_thread_nests_and_restores(toy_path: Path) -> None:
    with threadpool_limits(limits=2):
        before = _threads()
        with one_thread():
            assert {n for _, n in _threads()} == {1}
            with one_thread():
                assert {n for _, n in _threads()} == {1}
            assert {n for _, n in _threads()} == {1}
        assert _threads() == before


def test_the_summary_line_names_each_library_and_its_threads() -> None:
    with one_thread():
        line = thread_summary()
    assert "1 thread" in line
    assert "threads" not in line
