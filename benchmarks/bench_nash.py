"""Nash protocol throughput on a scenario, against two references measured in the same process.

(a) a bare numpy kernel of the same shape: the float64 matrix product that
    gives every draw's utilities of every package, shape (draws, parties,
    packages), tiled into the same sub-blocks as the engine (and, for the
    record, at its best tile size);
(b) a per-draw Python loop of the same semantics: for each draw and package,
    utilities, individual rationality, the Nash product and the tie rules.

Targets: within 3x of (a); at least 100x faster than (b).

Usage: python benchmarks/bench_nash.py [SCENARIO] [--draws N] [--loop-draws M]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from _threads import one_blas_thread

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.model import ProtocolSpec
from negotiation.solvers import Bargaining
from negotiation.solvers.nash import TIE_RTOL, nash_protocol
from negotiation.utility import TOL, utilities, weighted_values


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """Smallest wall time of ``repeats`` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def naive_nash(wv: np.ndarray, d: np.ndarray, columns: list[list[int]]) -> int:
    """One draw, pure Python: the Nash package by the rules of negotiation.solvers.nash (unit powers)."""
    parties = len(d)
    best, best_k, acceptable = -1.0, -1, []
    products = []
    for k, cols in enumerate(columns):
        gains = []
        ok = True
        for p in range(parties):
            u = 0.0
            for c in cols:
                u += wv[p][c]
            g = u - d[p]
            if g < -TOL:
                ok = False
                break
            gains.append(g)
        if not ok:
            products.append(-1.0)
            continue
        acceptable.append((k, gains))
        prod = 1.0
        for g in gains:
            prod *= max(g, 0.0)
        products.append(prod)
        if prod > best:
            best, best_k = prod, k
    if best_k < 0:
        return -1
    if best > 0:
        for k, prod in enumerate(products):
            if prod >= best * (1 - TIE_RTOL):
                return k
    keep = acceptable
    for p in range(parties):
        top = max(g[p] for _, g in keep)
        keep = [(k, g) for k, g in keep if g[p] >= top - TOL]
    return keep[0][0]


def main() -> None:
    keep_freed_memory()  # as every run does
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="scenarios/alaska-summit-2025.yaml")
    parser.add_argument("--draws", type=int, default=8192)
    parser.add_argument("--loop-draws", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    one_blas_thread()

    scenario = load_scenario(args.scenario, [("protocols", ["nash"])])
    plan = Plan.build(scenario)
    n, k = args.draws, plan.space.size
    parties = len(scenario.parties)
    drawn = draw_parameters(scenario, plan.source, 0, n)
    wv = weighted_values(scenario, plan.space, drawn.values, n)
    d = solve_chunk(plan, 0, n).reservation
    ones = np.ones((n, parties))
    m = plan.space.incidence
    sub = plan.sub_block

    def bare(tile: int) -> None:
        for lo in range(0, n, tile):
            utilities(wv[lo : lo + tile], m)

    def ours() -> np.ndarray:
        out = np.empty(n, dtype=np.int64)
        for lo in range(0, n, sub):
            rows = slice(lo, lo + sub)
            problem = Bargaining(wv[rows], d[rows], plan.packages, None, ones[rows], ones[rows], ones[rows])
            out[rows] = nash_protocol(problem, ProtocolSpec("nash", {})).choice
        return out

    choices = ours()
    t_ours = best_of(args.repeats, ours)
    t_bare = best_of(args.repeats, lambda: bare(sub))
    tiles = sorted({sub, 8, 16, 32, 64, 128, 256})
    t_tiles = {tile: best_of(args.repeats, lambda tile=tile: bare(tile)) for tile in tiles}
    whole = min(n, 2048)  # one product over every draw at once needs draws * parties * packages * 8 bytes
    t_whole = best_of(1, lambda: utilities(wv[:whole], m)) * n / whole

    columns = plan.packages.columns.tolist()
    loop_rows = range(args.loop_draws)
    start = time.perf_counter()
    naive = [naive_nash(wv[i].tolist(), d[i].tolist(), columns) for i in loop_rows]
    t_loop = (time.perf_counter() - start) / args.loop_draws
    assert naive == choices[: args.loop_draws].tolist(), "the Python loop and the protocol disagree"

    t_engine = best_of(1, lambda: solve_chunk(plan, 0, n))
    per = 1e6 / n
    print(
        f"scenario {scenario.name}: {n:,} draws, {parties} parties, {k:,} packages, {plan.space.n_options} options, sub-block {sub} draws"
    )
    print(f"  nash protocol                  {t_ours * per:9.2f} us/draw  {n / t_ours:12,.0f} draws/s")
    print(f"  (a) bare matmul, same tiles    {t_bare * per:9.2f} us/draw  -> nash is {t_ours / t_bare:5.2f}x (target <= 3)")
    best_tile = min(t_tiles, key=lambda t: t_tiles[t])
    print(
        f"      bare matmul, best tile {best_tile:<4d}{t_tiles[best_tile] * per:9.2f} us/draw  -> nash is {t_ours / t_tiles[best_tile]:5.2f}x"
    )
    print(f"      bare matmul, one product of {whole} draws {t_whole * per:6.2f} us/draw  -> nash is {t_ours / t_whole:5.2f}x")
    print(f"  (b) per-draw Python loop       {t_loop * 1e6:9.0f} us/draw  -> nash is {t_loop / (t_ours / n):7.0f}x faster (target >= 100)")
    print(f"  whole chunk (sampling, war lottery, pivotal, proposals): {t_engine * per:.2f} us/draw, {n / t_engine:,.0f} draws/s")


if __name__ == "__main__":
    main()
