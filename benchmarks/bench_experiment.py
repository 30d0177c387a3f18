"""The cost of a sweep point beyond its draws.

A sweep runs each point as its own scenario: load the scenario with the
point's overrides, build its plan (the outcome space is shared between points
with the same issues), run the draws, tally the metrics. This measures, over a
sweep of the baseline, the time per point spent outside the draws
(``Runner.seconds_in_draws`` measures the draws themselves, in the same
process) and compares it with the draws' own time.

Usage: python benchmarks/bench_experiment.py [--points N] [--draws N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml
from _threads import one_blas_thread

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.progress import Progress
from negotiation.experiment.run import Runner
from negotiation.experiment.spec import read_experiment

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "alaska-summit-2025.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=12, help="sweep points (default 12)")
    parser.add_argument("--draws", type=int, default=1000, help="draws per point (default 1000)")
    args = parser.parse_args()
    one_blas_thread()
    keep_freed_memory()
    values = [round(0.1 + 0.4 * k / max(args.points - 1, 1), 6) for k in range(args.points)]
    body = {
        "name": "bench",
        "scenario": str(BASELINE),
        "protocols": ["nash"],
        "draws": args.draws,
        "studies": {"sweep": {"sweep": {"no_deal.cost.usa": values}}},
    }
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "bench.yaml"
        file.write_text(yaml.safe_dump(body), encoding="utf-8")
        clock = time.perf_counter()
        experiment = read_experiment(file)
        checked = time.perf_counter() - clock
    runner = Runner(experiment, Progress(0, enabled=False))
    study = experiment.studies[0]
    runner.point(study.points[0])  # warm up: imports, caches, the shared outcome space
    runner.seconds_in_draws = 0.0
    clock = time.perf_counter()
    for point in study.points:
        runner.point(point)
    total = time.perf_counter() - clock
    draws = runner.seconds_in_draws
    overhead = (total - draws) / len(study.points)
    print(f"sweep of {len(study.points)} points x {args.draws:,} draws on {BASELINE.name}, nash, same process")
    print(f"  checking the file and every point before running: {checked:.2f} s ({1000 * checked / len(study.points):.0f} ms per point)")
    print(f"  per point: {1000 * total / len(study.points):.0f} ms in all, {1000 * draws / len(study.points):.0f} ms in the draws")
    print(
        f"  overhead beyond the draws: {1000 * overhead:.0f} ms per point ({overhead / (draws / len(study.points)):.1%} of the draws' time)"
    )


if __name__ == "__main__":
    main()
