"""Scaling: the same run serially, in a pool of 2 processes, and on a Dask LocalCluster of 2 workers.

Each run is the baseline scenario with the Nash protocol written to a results
folder (sampling, utilities, ratification, Nash with and without it, parts,
checkpoints, the combined draws.parquet, plots), timed in this process. The
three must give byte-identical summaries; the ratio is against the serial
time. The overhead per chunk is measured twice: read off two serial runs that
differ only in chunk size, (time with small chunks - time with large chunks)
/ (extra chunks); and directly, as the time of each step a results folder adds
to a chunk (its table, its part file, the checkpoint), against the time to
solve the chunk.

Usage: python benchmarks/bench_scaling.py [--draws N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _threads import one_blas_thread

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.backends import Backend, DaskBackend, ProcessBackend, SerialBackend
from negotiation.engine.chunk import Plan
from negotiation.engine.pipeline import write_run
from negotiation.engine.scenario import load_scenario

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "alaska-summit-2025.yaml"


def timed(draws: int, chunk: int, backend: Backend, folder: Path) -> tuple[float, bytes]:
    plan = Plan.build(load_scenario(BASELINE, [("monte_carlo.draws", draws), ("monte_carlo.chunk", chunk), ("protocols", ["nash"])]))
    start = time.perf_counter()
    write_run(plan, folder, backend=backend)
    return time.perf_counter() - start, (folder / "summary.json").read_bytes()


def bookkeeping(chunk: int = 4096, repeats: int = 8) -> dict[str, float]:
    """Milliseconds per chunk of solving it and of each step that streams and checkpoints it."""
    from negotiation.engine.chunk import solve_chunk
    from negotiation.engine.run import new_builder
    from negotiation.results.runfolder import RunFolder
    from negotiation.results.table import chunk_table

    plan = Plan.build(load_scenario(BASELINE, [("monte_carlo.chunk", chunk), ("protocols", ["nash"])]))
    builder = new_builder(plan)
    times = {
        "solve the chunk": 0.0,
        "fold it into the summary": 0.0,
        "its table": 0.0,
        "write its part file": 0.0,
        "save the checkpoint": 0.0,
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = RunFolder(Path(tmp) / "run")
        folder.start({"bench": True}, "")
        for k in range(repeats):
            start = k * chunk
            t0 = time.perf_counter()
            outcome = solve_chunk(plan, start, start + chunk)
            t1 = time.perf_counter()
            builder.add(outcome)
            t2 = time.perf_counter()
            table = chunk_table(plan.scenario, plan.space.codes, outcome)
            t3 = time.perf_counter()
            folder.write_part(start, table)
            t4 = time.perf_counter()
            folder.save_state({"builder": builder, "done": start + chunk, "transcripts": {}})
            t5 = time.perf_counter()
            for name, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                times[name] += 1000 * seconds / repeats
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=200_000)
    parser.add_argument("--steps-only", action="store_true", help="only the direct per-chunk measurement")
    args = parser.parse_args()
    one_blas_thread()
    if args.steps_only:
        steps = bookkeeping()
        for name, ms in steps.items():
            print(f"{name:<28} {ms:6.1f} ms")
        return
    keep_freed_memory()
    n = args.draws
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        serial, reference = timed(n, 4096, SerialBackend(), root / "serial")
        rows = [("serial", serial, True)]
        pool = ProcessBackend(2)
        try:
            timed(4096, 4096, pool, root / "warm")  # start the workers
            seconds, summary = timed(n, 4096, pool, root / "pool")
        finally:
            pool.close()
        rows.append(("2 worker processes", seconds, summary == reference))
        try:
            from distributed import LocalCluster
        except ImportError:
            rows.append(("Dask LocalCluster, 2 workers (not installed)", float("nan"), False))
        else:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                dask = DaskBackend(cluster.scheduler_address)
                try:
                    timed(4096, 4096, dask, root / "warm-dask")
                    seconds, summary = timed(n, 4096, dask, root / "dask")
                finally:
                    dask.close()
            rows.append(("Dask LocalCluster, 2 workers", seconds, summary == reference))
        small, _ = timed(n, 1024, SerialBackend(), root / "small")
    print(f"baseline scenario, nash, {n:,} draws in chunks of 4,096, written to a results folder")
    print(f"{'backend':<34} {'seconds':>8} {'draws/s':>9} {'speed-up':>9} {'same summary':>13}")
    for name, seconds, same in rows:
        print(f"{name:<34} {seconds:>8.1f} {n / seconds:>9,.0f} {serial / seconds:>8.2f}x {'yes' if same else 'NO':>13}")
    extra = -(-n // 1024) - -(-n // 4096)
    print(f"overhead per chunk (serial, chunks of 1,024 against 4,096): {1000 * (small - serial) / extra:.1f} ms")
    steps = bookkeeping()
    solve = steps.pop("solve the chunk")
    print(f"one chunk of 4,096 draws, serial: solving it takes {solve:.0f} ms; streaming and checkpointing it add")
    for name, ms in steps.items():
        print(f"  {name:<28} {ms:6.1f} ms ({100 * ms / solve:4.1f}%)")
    total = sum(steps.values())
    print(f"  {'in all':<28} {total:6.1f} ms ({100 * total / solve:4.1f}%)")


if __name__ == "__main__":
    main()
