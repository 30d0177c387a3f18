"""A 24-period timeline against one static solve per draw, on random arrays shaped like the baseline.

Both sides run the ``nash`` protocol's solver (``solvers.nash.nash_protocol``,
screened for unit powers) on the same draws, in the same process:

(a) static: one bargaining problem per draw, on the reservation values from
    nature's lottery (what a scenario without a clock runs);
(b) timeline: nature's lottery over 24 periods with drift, one battle signal
    per period, each party's Dirichlet belief updated by the signals, the
    reservation path, and the first talk (every period) with a deal: the
    float64 utilities of every package, the reduction to undominated packages,
    the per-period check and one protocol solve per period that has agreeing draws.

Shapes as the baseline: 1,024 draws, 3 parties, 4 end states, 9,000 packages
(issues of 5, 6, 5, 6 and 10 options), a random win-set, and parties
leaning towards their favourite end state by a random amount per draw, so
that some draws agree at once, some later and some never. Target (issue 15,
item 9): (b) at most 3x (a).

Usage: python benchmarks/bench_timeline.py [--draws N] [--periods T] [--repeats R] [--optimism X]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _threads import one_blas_thread
from bench_nash import best_of

from negotiation.engine.allocator import keep_freed_memory
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers import Bargaining, PackageSet
from negotiation.solvers.nash import nash_protocol
from negotiation.space import OutcomeSpace
from negotiation.timeline import PackageValues, battle_signals, expected_lotteries, first_agreement, lottery_path, reservation_path
from negotiation.utility import normalised

SIZES = (5, 6, 5, 6, 10)
PARTIES = 3
STATES = 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=1024)
    parser.add_argument("--periods", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--optimism", type=float, default=3.0, help="largest lean of a party towards its favourite end state")
    args = parser.parse_args()
    one_blas_thread()
    keep_freed_memory()
    rng = np.random.default_rng(2025)
    n, T = args.draws, args.periods
    space = OutcomeSpace.from_sizes(SIZES)
    packages = PackageSet.from_space(space)
    weights = normalised(rng.uniform(0.2, 1.0, (n, PARTIES, len(SIZES))))
    values = rng.uniform(0.0, 1.0, (n, PARTIES, space.n_options))
    wv = values * np.repeat(weights, SIZES, axis=2)
    # end states: party s < 3 wins (its best package), or a stalemate (a package in the middle)
    best = np.maximum.reduceat(wv, space.offsets, axis=2).sum(axis=2)  # each party's top utility, (n, P)
    end_u = np.empty((n, PARTIES, STATES))
    for s in range(STATES):
        end_u[:, :, s] = 0.5 * best if s == STATES - 1 else np.where(np.arange(PARTIES)[None, :] == s, best, 0.1 * best)
    pi0 = rng.dirichlet(np.ones(STATES), n)
    drift = rng.uniform(0.0, 0.01, (n, STATES))
    cost = rng.uniform(0.05, 0.10, (n, PARTIES))
    # mutual optimism: each party leans towards the end state it likes best, so talks fail for a while in many draws
    favourite = np.eye(STATES)[end_u.argmax(axis=2)]  # (n, P, S)
    mean = normalised(pi0[:, None, :] + rng.uniform(0.0, args.optimism, (n, 1, 1)) * favourite)
    confidence = rng.uniform(6.0, 24.0, (n, PARTIES))
    uniforms = rng.uniform(0.0, 1.0, (n, T))
    score = rng.uniform(0.0, 1.0, (n, len(SIZES)))  # a random win-set: packages whose options pass
    feasible = (space.option_columns(space.codes) % 7 != 0).all(axis=1)[None, :] | (score[:, :1] > 0.3)
    power = np.ones((n, PARTIES))
    spec = ProtocolSpec("nash", {})
    d_static = np.einsum("nps,ns->np", end_u, pi0) - cost

    def problem(rows: np.ndarray, d: np.ndarray) -> Bargaining:
        return Bargaining(wv[rows], d, packages, feasible[rows], power[rows], power[rows], power[rows] / PARTIES)

    def static() -> np.ndarray:
        return nash_protocol(problem(np.arange(n), d_static), spec).choice

    in_solver = [0.0]

    def timeline() -> tuple[np.ndarray, np.ndarray]:
        in_solver[0] = 0.0
        pi = lottery_path(pi0, T, drift)
        signals = battle_signals(pi, uniforms)
        d = reservation_path(expected_lotteries(mean, confidence, signals), end_u, cost)

        def solve(rows: np.ndarray, t: int, dt: np.ndarray) -> np.ndarray:
            start = time.perf_counter()
            choice = nash_protocol(problem(rows, dt), spec).choice
            in_solver[0] += time.perf_counter() - start
            return choice

        return first_agreement(PackageValues.from_options(wv, packages), feasible, d, None, solve)

    static()
    period, _ = timeline()
    a = best_of(args.repeats, static)
    runs = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        timeline()
        runs.append((time.perf_counter() - start, in_solver[0]))
    b, solves = min(runs)  # the fastest repeat, and the time its protocol solves took
    agreed = period >= 0
    print(f"{n:,} draws x {space.size:,} packages x {PARTIES} parties, {T} periods, nash, same process")
    print(f"  static solve:   {a:.3f} s")
    print(
        f"  timeline:       {b:.3f} s   (deal by the horizon in {agreed.mean():.1%} of draws; "
        f"in period 0: {(period == 0).mean():.1%}; median period of those agreeing: "
        f"{int(np.median(period[agreed])) if agreed.any() else 'none'})"
    )
    print(f"    of which the protocol's solves at the talks {solves:.3f} s, the timeline layer {b - solves:.3f} s")
    print(f"  ratio:          {b / a:.2f}x   (target <= 3x)")


if __name__ == "__main__":
    main()
