"""Which Baron–Ferejohn draws change with the current solver, and why, on a scenario's whole run.

Runs the scenario twice in this process with each Baron–Ferejohn variant
(majority, alternating, unanimity): once with the solver of a reference
commit (before the per-draw frontier, exact cycle tests and generous bounds;
``git show REF:negotiation/solvers/baron_ferejohn.py``) and once with the
current one, on the same draws. It lists the draws whose outcome (package,
or unresolved) differs. During the current run every problem solved (a draw,
or with a clock a talk of a draw) is also solved by the reference on the same
inputs, and each problem whose equilibrium differs is put in one class:

- ``policy iteration beyond the old cap``: the choices repeated only after
  the reference's 40 steps (the step is shown);
- ``value iteration beyond the old cap``: value iteration settled only after
  the reference's 60 sweeps (the sweep is shown);
- ``same status, other offers``: both resolved or both not, different offers
  (floating-point ties);
- ``other``.

Usage: python benchmarks/bf_convergence.py [SCENARIO] [--draws N] [--ref COMMIT]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np
from bench_frontier import CASES, REFERENCE, reference_solver

from negotiation import api
from negotiation.solvers import baron_ferejohn as current

OLD_STEPS, OLD_SWEEPS = 40, 60
"""The reference's bounds on policy-iteration steps and value-iteration sweeps."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", default="scenarios/alaska-summit-2025.yaml")
    parser.add_argument("--draws", type=int, default=300)
    parser.add_argument("--ref", default=REFERENCE)
    args = parser.parse_args()
    old, said = reference_solver(args.ref)
    new_solve = current.stationary_equilibrium
    print(f"{args.scenario}, {args.draws} draws; reference = {said}")
    for case in CASES:
        reasons: Counter[str] = Counter()
        examples: list[str] = []
        problems = [0]

        def compared(
            *a: Any, reasons: Counter[str] = reasons, examples: list[str] = examples, problems: list[int] = problems, **k: Any
        ) -> Any:
            new = new_solve(*a, **k)
            ref = old.stationary_equilibrium(*a, **k)
            problems[0] += len(new.resolved)
            both = new.resolved & ref.resolved
            differ = (new.resolved != ref.resolved) | (both & (new.optimal != ref.optimal).any(axis=(1, 2)))
            for row in np.flatnonzero(differ):
                if new.resolved[row] and not ref.resolved[row] and new.steps[row] > OLD_STEPS and new.sweeps[row] == 0:
                    why = "policy iteration beyond the old cap"
                    detail = f"choices repeated at step {new.steps[row]}"
                elif new.resolved[row] and not ref.resolved[row] and new.sweeps[row] > OLD_SWEEPS:
                    why = "value iteration beyond the old cap"
                    detail = f"choices repeated at sweep {new.sweeps[row]}"
                elif new.resolved[row] == ref.resolved[row]:
                    why, detail = "same status, other offers", ""
                else:
                    why = "other"
                    detail = f"resolved {ref.resolved[row]} -> {new.resolved[row]}, steps {new.steps[row]}, sweeps {new.sweeps[row]}"
                reasons[why] += 1
                if len(examples) < 10:
                    examples.append(f"    problem {problems[0] - len(new.resolved) + row}: {why} ({detail})")
            return new

        def reference(*a: Any, **k: Any) -> Any:
            ref = old.stationary_equilibrium(*a, **k)
            return current.Equilibrium(ref.value, ref.optimal, ref.passes, ref.resolved, ref.accept)

        runs = {}
        for name, solve in (("reference", reference), ("current", compared)):
            current.stationary_equilibrium = solve
            try:
                with tempfile.TemporaryDirectory() as tmp:
                    res = api.run(args.scenario, draws=args.draws, protocols=[case], out=Path(tmp) / "run")
                    runs[name] = (res.draws, res.summary)
            finally:
                current.stationary_equilibrium = new_solve
        (before, s_before), (after, s_after) = runs["reference"], runs["current"]
        label = next(iter(s_after["protocols"]))
        columns = [c for c in (f"{label}.package", f"{label}.unconstrained.package", f"{label}.unresolved") if c in after]
        changed = np.flatnonzero(np.any([before[c].fillna(-2).to_numpy() != after[c].fillna(-2).to_numpy() for c in columns], axis=0))
        b, a = s_before["protocols"][label], s_after["protocols"][label]
        print(f"\n{label}: {len(changed)} of {args.draws} draws changed: {changed.tolist()[:40]}")
        print(
            f"  deal_rate {b['deal_rate']} -> {a['deal_rate']}; unresolved {b.get('unresolved')} -> {a.get('unresolved')}; not_converged {a.get('not_converged')}"
        )
        print(f"  problems solved: {problems[0]}; differing equilibria by reason: {dict(reasons) or 'none'}")
        print("\n".join(examples))


if __name__ == "__main__":
    main()
