"""The ratification path: its cost against the same solve without it, and its parts against their dense references.

Measured in one process, on the same draws (best of a few repeats, wall time):

(a) the whole chunk solve of the scenario, against the same solve with its
    ratification steps removed: what ratification costs on top of bargaining;
(b) pass/fail of every step for every package, once per package class and
    spread to the packages (``Ratifier.passing``), against the dense product
    over every package (``ratification.passes``), each with its win-set;
(c) the Nash choice on the win-set and the tied-hands choice from one screen
    (``nash.screened_nash_pair``), against two screened solves.

Parts (b) and (c) run on the sub-blocks the engine uses. BLAS runs on one
thread (``OPENBLAS_NUM_THREADS=1`` unless set), as in a run.

Usage: python benchmarks/bench_ratification.py [SCENARIO ...] [--draws N] [--repeats R]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, chunk_inputs, solve_chunk
from negotiation.engine.scenario import load_scenario
from negotiation.solvers import Bargaining
from negotiation.solvers.nash import screened_nash_choice, screened_nash_pair
from negotiation.solvers.ratification import passes, win_set

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "scenarios" / "alaska-summit-2025.yaml", ROOT / "tests" / "data" / "static-baseline.yaml"]


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """Smallest wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(path: Path, n: int, repeats: int) -> None:
    scenario = load_scenario(path)
    plan = Plan.build(scenario)
    bare = Plan.build(load_scenario(path, [("ratification", {})]))
    ratifier = plan.ratifier
    per = 1e6 / n
    clock = "timed (a clock)" if scenario.clock is not None else "static"
    classes = ratifier.classes.size if ratifier.classes is not None else 0
    print(f"scenario {scenario.name} [{clock}]: {n:,} draws, {plan.packages.size:,} packages, {ratifier.steps} steps, {classes} classes")
    if not ratifier.steps:
        print("  no ratification steps")
        return
    solve_chunk(plan, 0, min(n, 64))  # warm up
    solve_chunk(bare, 0, min(n, 64))
    t_with = best_of(repeats, lambda: solve_chunk(plan, 0, n))
    t_without = best_of(repeats, lambda: solve_chunk(bare, 0, n))
    print(f"  (a) solve with ratification    {t_with * per:9.1f} us/draw  {n / t_with:10,.0f} draws/s")
    print(f"      solve without ratification {t_without * per:9.1f} us/draw  -> with/without {t_with / t_without:5.2f}x")

    given = chunk_inputs(plan, 0, n)
    support, threshold, shift = given.levels
    blocks = [slice(lo, min(lo + plan.sub_block, n)) for lo in range(0, n, plan.sub_block)]
    incidence = plan.packages.incidence

    def dense() -> None:
        for rows in blocks:
            win_set(ratifier.seen, passes(support[rows], threshold[rows], shift[rows], incidence))

    def by_class() -> None:
        for rows in blocks:
            ratifier.passing(support[rows], threshold[rows], shift[rows], incidence).win_set(ratifier.seen)

    t_dense, t_class = best_of(repeats, dense), best_of(repeats, by_class)
    print(f"  (b) pass/fail + win-set, dense {t_dense * per:9.2f} us/draw")
    print(f"      per class ({classes:>4d} classes) {t_class * per:9.2f} us/draw  -> {t_dense / t_class:6.1f}x faster")

    problems = []
    for rows in blocks:
        feasible = ratifier.passing(support[rows], threshold[rows], shift[rows], incidence).win_set(ratifier.seen)
        k = rows.stop - rows.start
        ones = np.ones((k, len(scenario.parties)))
        problem = Bargaining(
            wv=given.wv[rows],
            d=given.states[-1][rows],
            packages=plan.packages,
            feasible=feasible,
            power=ones,
            patience=ones,
            recognition=ones,
        )
        problems.append((problem, feasible))
    for problem, _ in problems:
        _ = problem.gain32  # formed once per sub-block in a run, shared by both

    def two() -> None:
        for problem, feasible in problems:
            screened_nash_choice(problem.shifted, problem.packages, feasible, g32=problem.gain32)
            screened_nash_choice(problem.shifted, problem.packages, None, g32=problem.gain32)

    def pair() -> None:
        for problem, feasible in problems:
            screened_nash_pair(problem.shifted, problem.packages, feasible, g32=problem.gain32)

    t_two, t_pair = best_of(repeats, two), best_of(repeats, pair)
    print(f"  (c) Nash, win-set + tied hands, two screens {t_two * per:8.2f} us/draw")
    print(f"      one screen for both                     {t_pair * per:8.2f} us/draw  -> {t_two / t_pair:5.2f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--draws", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    keep_freed_memory()  # as every run does
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}")
    for path in args.scenarios:
        bench(path, args.draws, args.repeats)


if __name__ == "__main__":
    main()
