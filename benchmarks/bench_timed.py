"""The baseline's timed path: its compiled passes against the numpy code they replace, in one process.

The baseline (``scenarios/alaska-summit-2025.yaml``, protocol ``nash``) has a
clock, enforcement and ratification steps the negotiators cannot see. Each
talk solves Nash twice on exact gains (with ratification ignored, on the
enforced gains; with it, on those gains scaled by each package's chance of
passing at home), after forming the enforced gains; each sub-block then
finds its draws' slack over the talks. Printed, old (numpy) and new
(compiled) on the same arrays, captured from a run of the baseline:

(a) Nash on given gains: ``choose_nash`` (after ``Hidden.expected`` where
    there is a chance) against ``nash_given``;
(b) enforced gains: ``enforced_utility(g + d) - d`` against ``enforced_gain``
    (in place: timed on a copy of the gains, the copy included);
(c) slack: ``solvers.blocking.slack`` against ``timeline.slack.talk_slack``;
(d) who has a deal in reach at the first talk (``timeline.talks.dense_reaches``),
    its votes counted by numpy against the compiled pass;
(e) the whole in-memory run (``engine.run.simulate``) with the compiled
    passes switched off and on (numpy paths of the same functions; repeats
    interleaved, best of each).

Every pair is checked to give the same result before it is timed. Times are
the CPU time of this process (one BLAS thread, no other threads), which a
busy machine disturbs less than wall time; the best of ``--repeats``.

Usage: python benchmarks/bench_timed.py [--draws N] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):  # one BLAS thread, set before numpy loads
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
from _threads import one_blas_thread  # noqa: E402

import negotiation.engine.timed as timed  # noqa: E402
from negotiation.engine.allocator import keep_freed_memory  # noqa: E402
from negotiation.engine.chunk import Plan  # noqa: E402
from negotiation.engine.run import simulate  # noqa: E402
from negotiation.engine.scenario import load_scenario  # noqa: E402
from negotiation.solvers import nash  # noqa: E402
from negotiation.solvers.blocking import slack  # noqa: E402
from negotiation.timeline import reservation, talks  # noqa: E402
from negotiation.timeline import slack as talk_slack_module  # noqa: E402
from negotiation.timeline.reservation import enforced_gain, enforced_utility  # noqa: E402
from negotiation.timeline.slack import talk_slack  # noqa: E402

BASELINE = Path(__file__).resolve().parent.parent / "scenarios" / "alaska-summit-2025.yaml"


def capture(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    """The arguments of every Nash, enforced-gain and slack call of one run of ``plan``."""
    calls: dict[str, list[tuple[Any, ...]]] = {"nash": [], "enforced": [], "slack": [], "reach": []}
    given, enforce, slack_of, reaches = nash.nash_given, timed.enforced_gain, timed.talk_slack, timed.dense_reaches

    def spy_given(gain: Any, feasible: Any, tol: float = nash.TOL, chance: Any = None, compiled: Any = None) -> Any:
        calls["nash"].append((gain.copy(), feasible, tol, chance))
        return given(gain, feasible, tol, chance, compiled)

    def spy_enforce(gain: Any, d: Any, rho: Any, after: Any) -> Any:
        calls["enforced"].append((gain.copy(), d, rho, after))
        return enforce(gain, d, rho, after)

    def spy_slack(*args: Any) -> Any:
        calls["slack"].append(args)
        return slack_of(*args)

    def spy_reaches(*args: Any) -> Any:
        calls["reach"].append(args)
        return reaches(*args)

    nash.nash_given, timed.enforced_gain, timed.talk_slack, timed.dense_reaches = spy_given, spy_enforce, spy_slack, spy_reaches  # type: ignore[assignment]
    try:
        simulate(plan)
    finally:
        nash.nash_given, timed.enforced_gain, timed.talk_slack, timed.dense_reaches = given, enforce, slack_of, reaches  # type: ignore[assignment]
    return calls


def old_nash(gain: Any, feasible: Any, tol: float, chance: Any) -> Any:
    scaled, allowed = nash._scaled(gain, feasible, chance)  # Hidden.expected's numbers
    return nash.choose_nash(scaled, np.ones(gain.shape[:2]), allowed, tol)


def new_nash(gain: Any, feasible: Any, tol: float, chance: Any) -> Any:
    return nash.nash_given(gain, feasible, tol, chance, compiled=True)


def old_enforced(gain: Any, d: Any, rho: Any, after: Any) -> Any:
    return enforced_utility(gain + d[:, :, None], rho, after) - d[:, :, None]


def new_enforced(gain: Any, d: Any, rho: Any, after: Any) -> Any:
    return enforced_gain(gain.copy(), d, rho, after, compiled=True)


def old_slack(*args: Any) -> Any:
    return slack(*args)


def new_slack(*args: Any) -> Any:
    return talk_slack(*args, compiled=True)


def reach_with(compiled: bool) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        talks.COMPILED = compiled
        try:
            return np.stack(talks.dense_reaches(*args))
        finally:
            talks.COMPILED = True

    return run


def paired(calls: list[tuple[Any, ...]], old: Callable[..., Any], new: Callable[..., Any], repeats: int) -> tuple[float, float]:
    """Best total seconds over ``calls`` of old and new (interleaved), after checking they agree."""
    for args in calls:
        np.testing.assert_array_equal(old(*args), new(*args))
    best = [np.inf, np.inf]
    for _ in range(repeats):
        for j, f in enumerate((old, new)):
            start = time.process_time()
            for args in calls:
                f(*args)
            best[j] = min(best[j], time.process_time() - start)
    return best[0], best[1]


def switch(on: bool) -> None:
    nash.COMPILED_GIVEN = on
    reservation.COMPILED = on
    talk_slack_module.COMPILED = on
    talks.COMPILED = on


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    one_blas_thread()
    keep_freed_memory()
    plan = Plan.build(load_scenario(BASELINE, [("monte_carlo.draws", args.draws), ("protocols", ["nash"])]))
    simulate(plan)  # compile (or load) the kernels, warm the allocator
    calls = capture(plan)
    n = args.draws
    print(f"baseline, nash, {n:,} draws, sub-blocks of {plan.sub_block} draws, best of {args.repeats}, one BLAS thread")
    rows = [
        ("(a) Nash on given gains", paired(calls["nash"], old_nash, new_nash, args.repeats)),
        ("(b) enforced gains", paired(calls["enforced"], old_enforced, new_enforced, args.repeats)),
        ("(c) slack over the talks", paired(calls["slack"], old_slack, new_slack, args.repeats)),
        ("(d) deal in reach, 1st talk", paired(calls["reach"], reach_with(False), reach_with(True), args.repeats)),
    ]
    whole = [np.inf, np.inf]
    for _ in range(args.repeats):
        for j, on in enumerate((False, True)):
            switch(on)
            start = time.process_time()
            summary = json.dumps(simulate(plan).summary(), sort_keys=True, default=str)
            whole[j] = min(whole[j], time.process_time() - start)
            if j == 0:
                reference = summary
            elif summary != reference:
                raise AssertionError("the compiled passes changed the summary")
    switch(True)
    rows.append(("(e) whole run, in memory", (whole[0], whole[1])))
    print(f"{'':28s} {'old us/draw':>12s} {'new us/draw':>12s} {'old/new':>8s}")
    for name, (old, new) in rows:
        print(f"{name:28s} {old / n * 1e6:12.1f} {new / n * 1e6:12.1f} {old / new:8.2f}x")


if __name__ == "__main__":
    main()
