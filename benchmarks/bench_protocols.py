"""Throughput of every protocol on a scenario, each alone on the same draws.

For each protocol: the time to solve a block of draws (utilities, the
protocol, nothing else), per draw, next to the bare float64 matrix product of
the same shape (draws x parties x packages) measured in the same process.
Protocols that need two parties are run on a two-party pie instead and say so.

Usage: python benchmarks/bench_protocols.py [SCENARIO] [--draws N]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np
from _threads import one_blas_thread

from negotiation.engine.allocator import keep_freed_memory
from negotiation.engine.chunk import Plan, solve_chunk
from negotiation.engine.parameters import draw_parameters
from negotiation.engine.registry import PROTOCOLS
from negotiation.engine.scenario import load_scenario
from negotiation.protocols.definition import BlockProtocol
from negotiation.solvers import Bargaining
from negotiation.utility import normalised, utilities, war_expectation, weighted_values

CASES: list[Any] = [
    "nash",
    "kalai_smorodinsky",
    "utilitarian",
    "egalitarian",
    "baron_ferejohn",
    {"baron_ferejohn": {"rule": "majority"}},
    {"baron_ferejohn": {"order": "alternating"}},
    {"fearon": {"proposer": "usa", "informed": "russia"}},
    "rubinstein",
]

TWO_PARTY_PIE = {
    "name": "pie",
    "issues": {"pie": {"split": ["a", "b"], "steps": 1000}},
    "parties": {
        "a": {"weight": {"pie": 1.0}, "reservation": {"uniform": [0, 0.3]}, "patience": {"uniform": [0.8, 0.95]}},
        "b": {"weight": {"pie": 1.0}, "reservation": {"uniform": [0, 0.3]}, "patience": {"uniform": [0.8, 0.95]}},
    },
}


def per_draw(source: Any, protocol: Any, draws: int) -> tuple[str, int, float, float]:
    """(label, packages, protocol us/draw, bare matmul us/draw) for one protocol."""
    scenario = load_scenario(source, [("protocols", [protocol])])
    plan = Plan.build(scenario)
    spec, protocol = plan.protocols[0]
    assert isinstance(protocol, BlockProtocol)
    drawn = draw_parameters(scenario, plan.source, 0, draws)
    wv = weighted_values(scenario, plan.space, drawn.values, draws)
    d = solve_chunk(plan, 0, min(draws, 256)).reservation
    d = np.resize(d, (draws, d.shape[1]))
    stack = [np.column_stack([drawn.values[getattr(p, f)] for p in scenario.parties]) for f in ("power", "patience", "recognition")]
    stack[2] = normalised(stack[2])
    lottery = None
    if scenario.no_deal is not None:
        lottery = war_expectation(wv, plan.space, scenario.no_deal, drawn.values)
    start = time.perf_counter()
    for lo in range(0, draws, plan.sub_block):
        rows = slice(lo, lo + plan.sub_block)
        problem = Bargaining(
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
            lottery=None if lottery is None else lottery[rows],
        )
        protocol.solve(problem, spec)
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    for lo in range(0, draws, plan.sub_block):
        utilities(wv[lo : lo + plan.sub_block], plan.space.incidence)
    bare = time.perf_counter() - start
    return spec.label, plan.space.size, elapsed / draws * 1e6, bare / draws * 1e6


def main() -> None:
    keep_freed_memory()  # as every run does
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="scenarios/alaska-summit-2025.yaml")
    parser.add_argument("--draws", type=int, default=2048)
    args = parser.parse_args()
    one_blas_thread()
    print(f"{'protocol':42s} {'packages':>9s} {'us/draw':>9s} {'draws/s':>9s} {'x matmul':>9s}")
    for case in CASES:
        name = case if isinstance(case, str) else next(iter(case))
        if not isinstance(PROTOCOLS[name], BlockProtocol):
            continue
        info = PROTOCOLS[name].options
        source: Any = args.scenario
        note = ""
        if info.parties == 2:
            source, note = TWO_PARTY_PIE, " (two-party pie)"
        label, packages, us, bare = per_draw(source, case, args.draws)
        print(f"{label + note:42s} {packages:9,d} {us:9.1f} {1e6 / us:9,.0f} {us / bare:9.2f}")


if __name__ == "__main__":
    main()
