"""Where chunks are solved: in this process, in a process pool, or on a Dask distributed cluster.

Every backend solves the same chunks, ``solve_chunk(plan, start, stop)``, and
hands the outcomes back **in chunk order**, whatever order they finish in.
Draws are seeded by block, never by worker (``engine.sampling``), and the
summary is folded in chunk order from exact integer tallies, so a run gives
bit-identical results whatever the backend or the number of workers.

Workers rebuild the plan from the scenario once (a process-pool initializer,
or a per-process cache on Dask workers) and then receive only chunk bounds.
At most a few chunks per worker are in flight, so memory stays bounded.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from numpy.typing import NDArray

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.finite import NonFiniteError
from negotiation.engine.orphans import end_with_parent
from negotiation.engine.threads import limit_to_one_thread, one_thread
from negotiation.results.outcome import ChunkOutcome
from negotiation.scenario.model import Scenario

IN_FLIGHT_PER_WORKER = 2
"""Chunks queued per worker beyond the one it is solving."""

_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")


class BackendError(RuntimeError):
    """A backend cannot be used as asked (a missing extra, an unreachable scheduler)."""


Task = tuple[int, int, "NDArray[Any] | None"]
"""A chunk to solve: (start, stop, given uniforms or None)."""


def _solve(plan: Plan, task: Task) -> ChunkOutcome:
    start, stop, given = task
    if given is None:
        return solve_chunk(plan, start, stop)
    from dataclasses import replace

    from negotiation.engine.sampling import UniformSource

    designed = replace(plan, source=UniformSource.from_array(plan.source.columns, given))
    try:
        outcome = solve_chunk(designed, 0, stop - start)
    except NonFiniteError as exc:  # the chunk counted its draws from 0
        raise exc.moved(start) from None
    outcome.start, outcome.stop = start, stop
    return outcome


class SerialBackend:
    """Solves chunks one after another in this process."""

    workers = 1

    def outcomes(self, plan: Plan, tasks: list[Task]) -> Iterator[ChunkOutcome]:
        for task in tasks:
            yield _solve(plan, task)

    def close(self) -> None:
        """Nothing to release."""


_WORKER_PLANS: dict[str, Plan] = {}


def _init_worker(key: str, scenario: Scenario, parent: int) -> None:
    end_with_parent(parent)
    keep_freed_memory()
    limit_to_one_thread()  # the environment already asks for one; a library that ignores it is limited here
    _WORKER_PLANS[key] = Plan.build(scenario)


def _solve_in_worker(key: str, task: Task) -> ChunkOutcome:
    return _solve(_WORKER_PLANS[key], task)


def _ordered(futures: Iterator[tuple[Task, Any]], window: int) -> Iterator[ChunkOutcome]:
    """Results of ``futures`` (concurrent or Dask futures) in submission order, keeping at most ``window`` submitted ahead."""
    pending: list[Any] = []
    source = iter(futures)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                pending.append(next(source)[1])
            except StopIteration:
                exhausted = True
        if not pending:
            return
        yield pending.pop(0).result()


class ProcessBackend:
    """Solves chunks in a pool of ``workers`` processes on this machine (``--workers N``).

    Workers start with the ``spawn`` method and one BLAS thread each, so N
    workers use N cores without oversubscribing them. They end with this
    process, even when it is killed with SIGKILL (``engine.orphans``).
    """

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._key = ""

    def _start(self, plan: Plan) -> ProcessPoolExecutor:
        key = str(id(plan.scenario))
        if self._pool is None or key != self._key:
            self.close()
            saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
            os.environ.update(dict.fromkeys(_THREAD_VARIABLES, "1"))
            try:
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(key, plan.scenario, os.getpid())
                )
                # The pool spawns its processes on demand, each with the environment of
                # the moment: start them all now, while BLAS is limited to one thread.
                started = [self._pool.submit(os.getpid) for _ in range(self.workers)]
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
            self._key = key
            for future in started:
                future.result()
        return self._pool

    def outcomes(self, plan: Plan, tasks: list[Task]) -> Iterator[ChunkOutcome]:
        pool = self._start(plan)
        submitted = ((task, pool.submit(_solve_in_worker, self._key, task)) for task in tasks)
        yield from _ordered(submitted, self.workers * (1 + IN_FLIGHT_PER_WORKER))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _solve_on_dask(scenario: Scenario, key: str, task: Task) -> ChunkOutcome:
    """Runs on a Dask worker: builds the plan once per worker process, then solves the chunk with one BLAS thread.

    The worker's own setting is restored after the chunk: the worker may run other tasks.
    """
    with one_thread():
        if key not in _WORKER_PLANS:
            keep_freed_memory()
            _WORKER_PLANS.clear()
            _WORKER_PLANS[key] = Plan.build(scenario)
        return _solve(_WORKER_PLANS[key], task)


class DaskBackend:
    """Solves chunks on a Dask distributed cluster (``--scheduler tcp://host:8786``).

    Needs the optional extra: ``pip install -e ".[distributed]"``. The
    scenario is scattered to the workers once; each task carries only its
    chunk's bounds. Each chunk is solved with one BLAS thread: give the
    cluster one worker process per core (``dask worker --nthreads 1``).
    """

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise BackendError('--scheduler needs Dask distributed: pip install -e ".[distributed]"') from None
        try:
            self.client: Any = Client(address, timeout="10s")  # type: ignore[no-untyped-call,unused-ignore]
        except (OSError, TimeoutError) as exc:
            raise BackendError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        self._scattered: Any = None
        self._key = ""

    def outcomes(self, plan: Plan, tasks: list[Task]) -> Iterator[ChunkOutcome]:
        key = f"{id(plan.scenario)}-{os.getpid()}"
        if key != self._key:
            self._scattered = self.client.scatter(plan.scenario, broadcast=True)
            self._key = key
        submitted = ((task, self.client.submit(_solve_on_dask, self._scattered, key, task, pure=False)) for task in tasks)
        yield from _ordered(submitted, self.workers * (1 + IN_FLIGHT_PER_WORKER))

    def close(self) -> None:
        self.client.close()


Backend = SerialBackend | ProcessBackend | DaskBackend


def backend_for(workers: int = 1, scheduler: str | None = None) -> Backend:
    """The backend for ``--workers N`` / ``--scheduler ADDRESS`` (serial by default)."""
    if scheduler:
        return DaskBackend(scheduler)
    if workers > 1:
        return ProcessBackend(workers)
    return SerialBackend()


__all__ = ["Backend", "BackendError", "DaskBackend", "ProcessBackend", "SerialBackend", "Task", "backend_for"]
