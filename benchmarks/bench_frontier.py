"""Baron–Ferejohn on each draw's Pareto frontier, against the solver before it, in one process.

For each Baron–Ferejohn variant (majority, alternating, unanimity): the time
to solve blocks of the scenario's draws (utilities given; the protocol only,
as ``bench_protocols.py`` builds them), per draw, with

- ``before``: the solver as it was before the frontier (``git show REF:...``,
  loaded as a module; when git or the commit is not at hand, the current
  solver with the restriction off, which shares the new bounds and cycle
  tests, and the table says so);
- ``after``: the current solver (frontier, exact cycle tests, generous bounds);

and how many draws' outcomes differ (see ``bf_convergence.py`` for why).
Then the frontier's own cost per draw, numba kernel against the numpy path,
and the frontier sizes. One BLAS thread, as every run uses.

Usage: python benchmarks/bench_frontier.py [SCENARIO] [--draws N] [--repeat R] [--ref COMMIT]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.scenario import load_scenario
from negotiation.solvers import Bargaining
from negotiation.solvers import baron_ferejohn as current
from negotiation.solvers.frontier import _kernel, pareto_frontier
from negotiation.utility import normalised, weighted_values

CASES: list[Any] = [
    {"baron_ferejohn": {"rule": "majority"}},
    {"baron_ferejohn": {"order": "alternating"}},
    "baron_ferejohn",
]
REFERENCE = "da90379"
"""The commit whose solver is the reference (before the per-draw frontier)."""


def reference_solver(commit: str) -> tuple[Any, str]:
    """The Baron–Ferejohn module as of ``commit``, or the current one with the frontier off."""
    root = Path(__file__).resolve().parents[1]
    try:
        text = subprocess.run(
            ["git", "show", f"{commit}:negotiation/solvers/baron_ferejohn.py"], cwd=root, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        current.RESTRICT = False
        return current, "current solver, frontier off"
    module = types.ModuleType("baron_ferejohn_reference")
    module.__file__ = f"{commit}:negotiation/solvers/baron_ferejohn.py"
    sys.modules[module.__name__] = module
    exec(compile(text, module.__file__, "exec"), module.__dict__)
    return module, f"solver at {commit}"


def problems(source: str, protocol: Any, draws: int) -> tuple[Any, list[Bargaining]]:
    """The scenario's draws as blocks of bargaining problems (no clock, no ratification), as bench_protocols builds them."""
    scenario = load_scenario(source, [("protocols", [protocol])])
    plan = Plan.build(scenario)
    spec = plan.protocols[0][0]
    drawn = draw_parameters(scenario, plan.source, 0, draws)
    wv = weighted_values(scenario, plan.space, drawn.values, draws)
    d = solve_chunk(plan, 0, draws).reservation
    stack = [np.column_stack([drawn.values[getattr(p, f)] for p in scenario.parties]) for f in ("power", "patience", "recognition")]
    stack[2] = normalised(stack[2])
    blocks = []
    for lo in range(0, draws, plan.sub_block):
        rows = slice(lo, lo + plan.sub_block)
        blocks.append(
            Bargaining(
                wv[rows],
                d[rows],
                plan.packages,
                None,
                stack[0][rows],
                stack[1][rows],
                stack[2][rows],
                uniforms={label: u[rows] for label, u in drawn.protocol_uniforms.items()},
                parties=scenario.party_names,
                parameters=scenario.parameters,
            )
        )
    return spec, blocks


def timed(solve: Any, spec: Any, blocks: list[Bargaining], repeat: int) -> tuple[float, np.ndarray, int]:
    """(best seconds per draw over ``repeat`` passes, the choices, unresolved draws)."""
    best, choice, unresolved = np.inf, np.zeros(0, dtype=np.int64), 0
    draws = sum(b.draws for b in blocks)
    for _ in range(repeat):
        start = time.perf_counter()
        out = [solve(b, spec) for b in blocks]
        best = min(best, (time.perf_counter() - start) / draws)
        choice = np.concatenate([o.choice for o in out])
        unresolved = int(sum(o.extras["unresolved"].sum() for o in out))
    return best, choice, unresolved


def main() -> None:
    keep_freed_memory()  # as every run does
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="scenarios/alaska-summit-2025.yaml")
    parser.add_argument("--draws", type=int, default=190)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--ref", default=REFERENCE)
    args = parser.parse_args()
    old, said = reference_solver(args.ref)
    print(f"{args.scenario}, {args.draws} draws, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}; before = {said}")
    print(f"{'protocol':40s} {'before ms':>10s} {'after ms':>9s} {'ratio':>6s} {'differ':>7s} {'unres. b/a':>11s}")
    for case in CASES:
        spec, blocks = problems(args.scenario, case, args.draws)
        current.baron_ferejohn_protocol(blocks[0], spec)  # compile (or load) the kernel before timing
        t_old, c_old, u_old = timed(old.baron_ferejohn_protocol, spec, blocks, args.repeat)
        t_new, c_new, u_new = timed(current.baron_ferejohn_protocol, spec, blocks, args.repeat)
        print(
            f"{spec.label:40s} {t_old * 1e3:10.2f} {t_new * 1e3:9.2f} {t_old / t_new:6.1f}"
            f" {int((c_old != c_new).sum()):7d} {u_old:5d}/{u_new:<5d}"
        )
    spec, blocks = problems(args.scenario, "baron_ferejohn", args.draws)
    kernel = "numba" if _kernel() is not None else "numpy (numba not importable)"
    pareto_frontier(blocks[0].gain[:1], blocks[0].feasible)
    cost = {}
    for compiled in (True, False):
        start = time.perf_counter()
        sizes = np.concatenate([pareto_frontier(b.gain, b.feasible, compiled=compiled).count for b in blocks])
        cost[compiled] = (time.perf_counter() - start) / args.draws
    print(f"frontier per draw: {kernel} {cost[True] * 1e3:.2f} ms, numpy {cost[False] * 1e3:.2f} ms ({cost[False] / cost[True]:.1f}x)")
    packages = blocks[0].gain.shape[2]
    print(f"frontier sizes of {packages:,d} packages: min {sizes.min()}, mean {sizes.mean():.0f}, max {sizes.max()}")


if __name__ == "__main__":
    main()
