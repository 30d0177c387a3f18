"""The static Nash path with the one-pass kernel (``solvers.nash_scan``) against the screened numpy path, in one process.

Measured on the same draws, repetitions interleaved (best kept, wall time):

(a) the whole static chunk (``engine.chunk.solve_chunk``: sampling, the win-set,
    Nash on it and on every package, the slack, proposals) with the compiled
    kernel, against the same chunk on the screened numpy path (float32 product,
    screen, ``blocking.slack`` on float32 gains): the ratio old / new;
(b) the bare numpy floor of the same shape (``bench_targets.FLOOR``: the float64
    product of utilities over every package, sub-block by sub-block), and each
    chunk's time as a multiple of it;
(c) the parts alone on the engine's sub-blocks: the kernel (both choices and
    the slack) against ``nash.screened_nash_pair`` plus ``blocking.screened_slack``.

Both paths give identical choices and slacks; the script checks that on the
measured draws. Scenarios: the static baseline (``tests/data/static-baseline.yaml``)
and the small random domain of ``bench_targets.small_domain``.

Usage: python benchmarks/bench_nash_scan.py [--draws N] [--small-draws M] [--repeats R] [--cpu]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml
from _threads import one_blas_thread
from bench_targets import small_domain

import negotiation.solvers.nash_scan as nash_scan
from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, chunk_inputs, solve_chunk
from negotiation.engine.scenario import load_scenario
from negotiation.solvers.blocking import screened_slack
from negotiation.solvers.nash import screened_nash_pair

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "tests" / "data" / "static-baseline.yaml"


CLOCK = time.perf_counter
"""Wall time; ``--cpu`` switches to this process's CPU time, steadier on a machine others keep busy."""


def timed(fn: Callable[[], object]) -> float:
    start = CLOCK()
    fn()
    return CLOCK() - start


def chunk(plan: Plan, n: int, compiled: bool) -> object:
    nash_scan.COMPILED = compiled
    try:
        return solve_chunk(plan, 0, n)
    finally:
        nash_scan.COMPILED = True


def floor(plan: Plan, n: int) -> None:
    """``bench_targets.FLOOR``: float64 utilities of every package, sub-block by sub-block."""
    m, sub = plan.space.incidence, plan.sub_block
    parties = len(plan.scenario.parties)
    wv = np.random.default_rng(0).uniform(0.0, 0.3, (n, parties, m.shape[0]))
    for lo in range(0, n, sub):
        block = wv[lo : lo + sub]
        k = block.shape[0]
        (block.reshape(k * parties, -1) @ m).reshape(k, parties, -1)


def parts(plan: Plan, n: int) -> tuple[Callable[[], object], Callable[[], object]]:
    """The kernel and the screened path on the engine's sub-blocks (win-sets as the engine forms them)."""
    given = chunk_inputs(plan, 0, n)
    d = given.states[-1]
    support, threshold, shift = given.levels
    shifted = given.wv - d[:, :, None] / plan.packages.issues
    blocks = []
    for lo in range(0, n, plan.sub_block):
        rows = slice(lo, min(lo + plan.sub_block, n))
        ratifier = plan.ratifier
        feasible = (
            ratifier.passing(support[rows], threshold[rows], shift[rows], plan.packages.incidence).win_set(ratifier.seen)
            if ratifier.steps
            else np.ones((rows.stop - lo, plan.packages.size), dtype=bool)
        )
        blocks.append((np.ascontiguousarray(shifted[rows]), feasible))

    def kernel() -> list[nash_scan.NashScan]:
        return [nash_scan.nash_scan(s, plan.packages, f, compiled=True) for s, f in blocks]

    def screened() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return [(*screened_nash_pair(s, plan.packages, f), screened_slack(s, plan.packages, f)) for s, f in blocks]

    for scan, (choice, free, slack) in zip(kernel(), screened(), strict=True):
        assert np.array_equal(scan.choice, choice) and np.array_equal(scan.free, free) and np.array_equal(scan.slack, slack)
    return kernel, screened


def bench(name: str, plan: Plan, n: int, repeats: int) -> None:
    old, new = chunk(plan, n, False), chunk(plan, n, True)  # compiles the kernel (or loads it from numba's cache)
    for label, draws in old.protocols.items():  # type: ignore[attr-defined]
        other = new.protocols[label]  # type: ignore[attr-defined]
        assert np.array_equal(draws.choice, other.choice), label
        assert draws.free_choice is None or np.array_equal(draws.free_choice, other.free_choice), label
    assert np.array_equal(old.slack, new.slack)  # type: ignore[attr-defined]
    kernel, screened = parts(plan, n)
    t = {"old": [], "new": [], "floor": [], "kernel": [], "screened": []}
    for _ in range(repeats):
        t["old"].append(timed(lambda: chunk(plan, n, False)))
        t["new"].append(timed(lambda: chunk(plan, n, True)))
        t["floor"].append(timed(lambda: floor(plan, n)))
        t["kernel"].append(timed(kernel))
        t["screened"].append(timed(screened))
    best = {k: min(v) for k, v in t.items()}
    per = 1e6 / n
    parties = len(plan.scenario.parties)
    print(f"\n{name}: {n:,} draws, {parties} parties, {plan.space.size:,} packages, sub-block {plan.sub_block}")
    print(f"  floor (float64 product over every package)   {best['floor'] * per:8.2f} us/draw")
    print(f"  chunk, screened numpy path (old)             {best['old'] * per:8.2f} us/draw  = {best['old'] / best['floor']:5.2f}x floor")
    print(f"  chunk, one-pass kernel (new)                 {best['new'] * per:8.2f} us/draw  = {best['new'] / best['floor']:5.2f}x floor")
    print(f"  chunk old / new                              {best['old'] / best['new']:8.2f}x   ({n / best['new']:,.0f} draws/s)")
    print(f"  parts: screened pair + screened slack        {best['screened'] * per:8.2f} us/draw")
    print(
        f"  parts: kernel (both choices and the slack)   {best['kernel'] * per:8.2f} us/draw  -> {best['screened'] / best['kernel']:5.2f}x faster"
    )


def main() -> None:
    keep_freed_memory()  # as every run does
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=4096)
    parser.add_argument("--small-draws", type=int, default=65536)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="time by this process's CPU time instead of wall time")
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    one_blas_thread()
    print(f"clock: {'process CPU time' if args.cpu else 'wall time'}")
    print(f"compiled kernel available: {nash_scan.compiled_scan()}")
    static = Plan.build(load_scenario(str(STATIC), [("protocols", ["nash"])]))
    bench("static baseline (tests/data/static-baseline.yaml), nash", static, args.draws, args.repeats)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "small.yaml"
        path.write_text(yaml.safe_dump(small_domain(), sort_keys=False))
        small = Plan.build(load_scenario(str(path)))
        bench("small random domain (bench_targets.small_domain), nash", small, args.small_draws, args.repeats)


if __name__ == "__main__":
    main()
