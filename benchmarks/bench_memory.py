"""Peak memory of a full command-line run as the number of draws grows.

Each run is `negotiation run SCENARIO --draws N` in its own process; its peak
resident set size is read back with getrusage. Memory should stay flat as N
grows (draws stream through in chunks) and under 1 GB at 10^6 draws.

With ``--workers N`` the chunks are solved in N processes; the peak reported
is then the largest of the main process and its workers (getrusage reports
the maximum over the waited-for descendants).

Usage: python benchmarks/bench_memory.py [SCENARIO] [--draws 100000 1000000] [--workers N] [--protocol NAME]...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _threads import one_blas_thread

PROBE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
if done.returncode:
    sys.exit(done.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mb(command: list[str]) -> tuple[float, float]:
    """Peak RSS of ``command`` in MB (its own, measured from a fresh parent) and its wall time."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True).stdout
    return int(out.strip()) / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="scenarios/alaska-summit-2025.yaml")
    parser.add_argument("--draws", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--protocol", action="append", default=[], help="run only these protocols (repeatable)")
    args = parser.parse_args()
    one_blas_thread()
    protocols = ", ".join(args.protocol) or "as written"
    print(f"scenario {args.scenario}, protocols {protocols}, {args.workers} worker{'s' if args.workers > 1 else ''}")
    for n in args.draws:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "run"
            rss, wall = peak_rss_mb(
                [
                    sys.executable,
                    "-m",
                    "negotiation",
                    "run",
                    args.scenario,
                    "--draws",
                    str(n),
                    "--out",
                    str(out),
                    "--quiet",
                    "--workers",
                    str(args.workers),
                    *(word for name in args.protocol for word in ("--protocol", name)),
                ]
            )
            summary = json.loads((out / "summary.json").read_text())
            size = (out / "draws.parquet").stat().st_size / 2**20
        rates = ", ".join(f"{k} {v['deal_rate']:.3f}" for k, v in summary["protocols"].items())
        print(
            f"  {n:>10,} draws: peak RSS {rss:7.1f} MB, wall {wall:7.1f} s ({n / wall:,.0f} draws/s), draws.parquet {size:.1f} MB, deal rate {rates}"
        )


if __name__ == "__main__":
    main()
