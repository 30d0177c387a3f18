"""Scaling: the same run serially, in a pool of 2 processes, and on a Dask LocalCluster of 2 workers.

Each run is the baseline scenario with the Nash protocol written to a results
folder (sampling, utilities, ratification, Nash with and without it, parts,
checkpoints, the combined draws.parquet, plots), timed in this process. The
three must give byte-identical summaries; the ratio is against the serial
time. The overhead per chunk is read off two serial runs that differ only in
chunk size: (time with small chunks - time with large chunks) / (extra chunks).

Usage: python benchmarks/bench_scaling.py [--draws N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from negotiation.api import write_run
from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.backends import Backend, DaskBackend, ProcessBackend, SerialBackend
from negotiation.engine.chunk import Plan
from negotiation.scenario.load import load_scenario

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "alaska-summit-2025.yaml"


def timed(draws: int, chunk: int, backend: Backend, folder: Path) -> tuple[float, bytes]:
    plan = Plan.build(load_scenario(BASELINE, [("monte_carlo.draws", draws), ("monte_carlo.chunk", chunk), ("protocols", ["nash"])]))
    start = time.perf_counter()
    write_run(plan, folder, backend=backend)
    return time.perf_counter() - start, (folder / "summary.json").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=200_000)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
