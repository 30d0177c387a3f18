"""Throughput of the agent-based summit: batched over draws against one draw at a time.

The batched run solves chunks of draws in lockstep (one Mesa model per
chunk, every agent holding arrays with a draws axis). The reference runs the
same protocol on chunks of one draw, so a Mesa model per draw: the same
semantics and the same results draw by draw (the tests check that), measured
in the same process. Both include everything a run does per chunk except
writing files: sampling the parameters, utilities, reservation values, the
summit, signing and ratification, and the tallies.

Two cases on the baseline scenario (100 rounds over three phases):

- ``baseline``: as written; a draw stops once its leaders have agreed;
- ``full 100 rounds``: the US reservation value raised out of reach, so no
  draw agrees and every draw plays all 100 rounds.

Usage: python benchmarks/bench_summit.py [--draws N] [--single M]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from _threads import one_blas_thread

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.scenario import load_scenario

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "alaska-summit-2025.yaml"
CASES = {
    "baseline": [],
    "full 100 rounds": [("no_deal.cost.usa", -2.0)],
}


def rate(plan: Plan, draws: int, chunk: int) -> tuple[float, float]:
    """(draws per second, share of draws whose leaders agreed a framework) in chunks of ``chunk``."""
    solve_chunk(plan, 0, min(chunk, draws))  # warm up: imports, caches
    agreed = []
    start = time.perf_counter()
    for lo in range(0, draws, chunk):
        out = solve_chunk(plan, lo, min(lo + chunk, draws))
        agreed.append(out.protocols["summit"].extras["framework"])
    elapsed = time.perf_counter() - start
    return draws / elapsed, float(np.concatenate(agreed).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=20_480, help="draws for the batched run (default 20480)")
    parser.add_argument("--single", type=int, default=200, help="draws run one at a time (default 200)")
    args = parser.parse_args()
    one_blas_thread()
    keep_freed_memory()
    print(f"summit on {BASELINE.name}: batched chunks of 4096 draws against chunks of one draw, same process")
    print(f"{'case':<18} {'batched draws/s':>16} {'one-at-a-time draws/s':>22} {'ratio':>8} {'frameworks':>11}")
    for name, overrides in CASES.items():
        scenario = load_scenario(BASELINE, [("protocols", ["summit"]), ("monte_carlo.draws", args.draws), *overrides])
        plan = Plan.build(scenario)
        batched, agreed = rate(plan, args.draws, 4096)
        single, _ = rate(plan, args.single, 1)
        print(f"{name:<18} {batched:>16,.0f} {single:>22,.1f} {batched / single:>7.0f}x {agreed:>10.1%}")


if __name__ == "__main__":
    main()
