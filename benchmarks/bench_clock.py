"""The baseline with a 24-month clock against the static baseline: whole runs on the same draws, same process.

Three runs of ``scenarios/alaska-summit-2025.yaml`` under the ``nash`` protocol,
each solving every chunk of draws in memory (``engine.run.simulate``, no files):

(a) static: the scenario as it is, one bargaining problem per draw;
(b) clock: a monthly clock of 24 periods with talks every period and every
    party believing nature's lottery (the static answer, reached at the first
    talk: the layer's overhead);
(c) clock and beliefs: the same clock, Russia and Ukraine each nearly sure of
    the end states it prefers (Dirichlet means, confidence 2 to 12 periods) and
    a drift towards slow Russian gains, so that some draws agree later.

Printed: seconds per run (best of ``--repeats``) and the ratios (b)/(a) and
(c)/(a). Target (docs/MODEL.md §16; DESIGN §6): a clock of 24 periods costs at
most 3x one static solve per draw.

Usage: python benchmarks/bench_clock.py [--draws N] [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one BLAS thread, set before numpy loads
    os.environ.setdefault(_name, "1")

from _threads import one_blas_thread  # noqa: E402

from negotiation.engine.allocator import keep_freed_memory  # noqa: E402
from negotiation.engine.chunk import Plan  # noqa: E402
from negotiation.engine.run import simulate  # noqa: E402
from negotiation.engine.scenario import load_scenario  # noqa: E402

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "alaska-summit-2025.yaml"
CLOCK = {"start": "2025-08-15", "period": "month", "horizon": "2027-07-31"}  # 24 months
BELIEFS = {
    "russia": {
        "mean": {"russian_breakthrough": 0.9, "slow_russian_gains": 0.1, "stalemate": 0.0, "ukrainian_counter_gains": 0.0},
        "confidence": {"uniform": [2, 12]},
    },
    "ukraine": {
        "mean": {"russian_breakthrough": 0.0, "slow_russian_gains": 0.0, "stalemate": 0.4, "ukrainian_counter_gains": 0.6},
        "confidence": {"uniform": [2, 12]},
    },
}
DRIFT = {"slow_russian_gains": {"add": {"uniform": [0.0, 0.01]}}}


def best_time(overrides: list[tuple[str, Any]], repeats: int) -> tuple[float, Any]:
    """Best wall time of ``repeats`` in-memory runs, and the last summary."""
    plan = Plan.build(load_scenario(BASELINE, overrides))
    best, summary = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        summary = simulate(plan).summary()
        best = min(best, time.perf_counter() - start)
    return best, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    one_blas_thread()
    keep_freed_memory()
    base = [("monte_carlo.draws", args.draws), ("protocols", ["nash"])]
    static, _ = best_time(base, args.repeats)
    clocked, _ = best_time([*base, ("clock", CLOCK)], args.repeats)
    learning, summary_c = best_time([*base, ("clock", CLOCK), ("no_deal.beliefs", BELIEFS), ("no_deal.drift", DRIFT)], args.repeats)
    late = 1.0 - summary_c["protocols"]["nash"]["timeline"]["deal_by"][0] / max(summary_c["protocols"]["nash"]["deal_rate"], 1e-12)
    print(f"baseline, nash, {args.draws:,} draws, best of {args.repeats}, one BLAS thread")
    print(f"  (a) static                       {static:7.2f} s")
    print(f"  (b) 24-month clock               {clocked:7.2f} s   {clocked / static:4.2f}x (a)")
    print(f"  (c) clock, beliefs and drift     {learning:7.2f} s   {learning / static:4.2f}x (a); {late:.1%} of deals after period 0")
    print("target: at most 3x (a)")


if __name__ == "__main__":
    main()
