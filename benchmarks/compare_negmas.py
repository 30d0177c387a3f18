"""Our Nash and Kalai–Smorodinsky packages beside NegMAS's ``nash_points``, ``ks_points`` and ``kalai_points``, on domains you point it to.

Usage::

    python benchmarks/compare_negmas.py genius DOMAIN.xml PROFILE.xml PROFILE.xml [--negmas-python PY]
    python benchmarks/compare_negmas.py geniusweb DOMAIN.json PROFILE.json PROFILE.json [--negmas-python PY]

NegMAS is not a dependency of this project: its part runs in a separate
interpreter that has it (``--negmas-python``, default this one), reading the
same files with ``negmas.inout.Scenario.from_genius_files`` or
``from_geniusweb_files`` (discount ignored: both solutions are timeless), and
prints its points as JSON. Our part imports the files (``negotiation import``)
and runs the scenario's ``nash`` and ``kalai_smorodinsky`` protocols (one draw:
nothing in an imported scenario is random). Utilities are printed exactly,
from the imported weights and values.

Where the definitions differ (NegMAS 0.16's source, read 2026-12; ours
docs/MODEL.md §5–§6):

- Nash: ours maximises Π(u_p − d_p) over the packages every party finds
  individually rational, d_p its reservation value. NegMAS searches the Pareto
  frontier of the whole space and, for a party whose reservation value is
  below its worst outcome, measures gains from that worst utility instead.
- Kalai–Smorodinsky: ours maximises min_p (u_p − d_p)/I_p with the ideal I_p
  each party's best gain *among individually rational packages*. NegMAS's
  ``ks_points`` takes the ideal over the *whole* outcome space and picks the
  frontier point with the smallest spread, max − min, of the normalised
  gains; ``kalai_points`` (Kalai 1977, the egalitarian solution) equalises
  unnormalised gains.
- Values: NegMAS 0.16's ``from_genius_files`` keeps a Genius profile's raw
  evaluations (it does not divide each by its issue's largest, as Genius
  does), so its utilities are on another scale than the file's reservation
  value. The script divides them as Genius does before NegMAS computes its
  points; ``--negmas-raw`` shows NegMAS's points on the values as it reads them.
- GeniusWeb files: NegMAS 0.16's ``from_geniusweb_files`` reads a discrete
  issue's utilities only under the name ``"discreteutils"``; the script hands
  it copies of the profiles with ``"DiscreteValueSetUtilities"`` renamed so.
  NegMAS 0.16 also cannot value a partial reservation bid (one that leaves
  issues out, which GeniusWeb allows): the script gives each NegMAS utility
  function the bid's value by GeniusWeb's rule, 0 for a profile without one.
- Weights: ours divides each party's weights by their sum (Genius accepts sums
  in 0.98–1.02); NegMAS uses them as written.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from typing import Any

import yaml

import negotiation
from negotiation.importers import read_genius, read_geniusweb, scenario_text
from negotiation.importers.domain import ImportedDomain
from negotiation.importers.names import names_for

NEGMAS_PART = r"""
import json, sys
import negmas
from negmas.inout import Scenario
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.preferences.value_fun import TableFun
fmt, raw, domain, *profiles = sys.argv[1:]
if fmt == "geniusweb":  # NegMAS 0.16 reads a discrete issue's utilities only under the name "discreteutils"
    import os, tempfile
    folder = tempfile.mkdtemp()
    renamed = []
    for k, path in enumerate(profiles):
        with open(path, encoding="utf-8-sig") as f:
            profile = json.load(f)
        space = profile.get("LinearAdditiveUtilitySpace", {})
        for issue, spec in space.get("issueUtilities", {}).items():
            if "DiscreteValueSetUtilities" in spec:
                space["issueUtilities"][issue] = {"discreteutils": spec["DiscreteValueSetUtilities"]}
        renamed.append(os.path.join(folder, f"profile{k}.json"))
        with open(renamed[-1], "w", encoding="utf-8") as f:
            json.dump(profile, f)
    profiles = renamed
if fmt == "genius":
    scenario = Scenario.from_genius_files(domain, profiles, ignore_discount=True)
    ufuns = list(scenario.ufuns)
else:  # NegMAS 0.16 cannot value a partial reservation bid: value each as GeniusWeb does, the issues it leaves out counting 0
    scenario = Scenario.from_geniusweb_files(domain, profiles, ignore_discount=True, ignore_reserved=True)
    ufuns = list(scenario.ufuns)
    names = [i.name for i in scenario.outcome_space.issues]
    for u, path in zip(ufuns, profiles):
        with open(path, encoding="utf-8") as f:
            bid = json.load(f)["LinearAdditiveUtilitySpace"].get("reservationBid", {}).get("issuevalues", {})
        u.reserved_value = sum(u.weights[k] * u.values[k](bid[n]) for k, n in enumerate(names) if n in bid)
if fmt == "genius" and raw == "no":  # Genius's own rule: each evaluation over its issue's largest
    def scaled(table):
        top = max(table.values())
        return TableFun({k: (v / top if top > 0 else 0.0) for k, v in table.items()})
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[scaled(dict(v.mapping)) for v in u.values], weights=list(u.weights),
            outcome_space=scenario.outcome_space, reserved_value=u.reserved_value,
        )
        for u in ufuns
    ]
outcomes = list(scenario.outcome_space.enumerate_or_sample())
frontier, index = negmas.pareto_frontier(ufuns, outcomes=outcomes)
names = [i.name for i in scenario.outcome_space.issues]
def points(found):
    return [{"package": dict(zip(names, map(str, outcomes[index[k]]))), "utilities": [float(u) for u in utils]} for utils, k in found]
out = {
    "version": negmas.__version__,
    "reserved": [float(u.reserved_value) for u in ufuns],
    "frontier": len(frontier),
    "nash_points": points(negmas.nash_points(ufuns, frontier, outcome_space=scenario.outcome_space)),
    "ks_points": points(negmas.ks_points(ufuns, frontier, outcome_space=scenario.outcome_space)),
    "kalai_points": points(negmas.kalai_points(ufuns, frontier, outcome_space=scenario.outcome_space)),
}
print(json.dumps(out))
"""


def utilities(domain: ImportedDomain, package: dict[str, str]) -> list[float]:
    """Each party's utility of a package (issue -> value as the domain writes it), its weights divided by their sum."""
    out = []
    for party in domain.parties:
        total = math.fsum(party.weights.values())
        out.append(math.fsum(party.weights[i] / total * party.values[i][v] for i, v in package.items()))
    return out


def ours(domain: ImportedDomain) -> dict[str, dict[str, str] | None]:
    """Our Nash and Kalai–Smorodinsky packages, with the domain's own issue and value names."""
    issue_names = names_for((i.name for i in domain.issues), "issue")
    back = {
        name: (issue.name, dict(zip(names_for(issue.values, "value"), issue.values, strict=True)))
        for name, issue in zip(issue_names, domain.issues, strict=True)
    }
    summary = negotiation.run(yaml.safe_load(scenario_text(domain)), draws=1, seed=1).summary
    out: dict[str, dict[str, str] | None] = {}
    for protocol in ("nash", "kalai_smorodinsky"):
        top = summary["protocols"][protocol]["top_packages"]
        out[protocol] = {back[i][0]: back[i][1][o] for i, o in top[0]["package"].items()} if top else None
    return out


def negmas_points(fmt: str, domain: str, profiles: list[str], python: str = sys.executable, raw: bool = False) -> dict[str, Any] | str:
    """NegMAS's points for the files, from the interpreter ``python``; the reason as text when it cannot run."""
    done = subprocess.run(
        [python, "-c", NEGMAS_PART, fmt, "yes" if raw else "no", domain, *profiles], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def _show(label: str, package: dict[str, str] | None, domain: ImportedDomain) -> None:
    if package is None:
        print(f"  {label:<28} no deal")
        return
    utils = ", ".join(f"{u:.4f}" for u in utilities(domain, package))
    print(f"  {label:<28} ({utils})  {', '.join(f'{k}={v}' for k, v in package.items())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=["genius", "geniusweb"])
    parser.add_argument("domain")
    parser.add_argument("profiles", nargs="+")
    parser.add_argument("--negmas-python", default=sys.executable, help="an interpreter with negmas installed (default: this one)")
    parser.add_argument(
        "--negmas-raw", action="store_true", help="give NegMAS the Genius evaluations as it reads them, not divided by each issue's largest"
    )
    args = parser.parse_args()
    read = read_genius if args.format == "genius" else read_geniusweb
    domain = read(args.domain, args.profiles)
    parties = [p.name for p in domain.parties]
    print(
        f"domain {domain.name}: {len(domain.issues)} issues, {math.prod(len(i.values) for i in domain.issues)} packages; parties {', '.join(parties)}"
    )
    print(f"reservation values: {', '.join(f'{p.reservation:g}' for p in domain.parties)}")
    print("this project (utilities in party order, then the package):")
    mine = ours(domain)
    _show("nash", mine["nash"], domain)
    _show("kalai_smorodinsky", mine["kalai_smorodinsky"], domain)
    theirs = negmas_points(args.format, args.domain, args.profiles, args.negmas_python, args.negmas_raw)
    if isinstance(theirs, str):
        print(f"NegMAS: not run ({theirs})")
        return
    print(f"NegMAS {theirs['version']} (Pareto frontier of {theirs['frontier']} packages; reserved values {theirs['reserved']}):")
    for key in ("nash_points", "ks_points", "kalai_points"):
        found = theirs[key] or [None]
        for k, point in enumerate(found):
            label = key if k == 0 else ""
            _show(label, point["package"] if point else None, domain)
    same = {
        "nash": bool(theirs["nash_points"]) and mine["nash"] == theirs["nash_points"][0]["package"],
        "kalai_smorodinsky vs ks_points": bool(theirs["ks_points"])
        and mine["kalai_smorodinsky"] in [p["package"] for p in theirs["ks_points"]],
    }
    print("same package: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in same.items()))


if __name__ == "__main__":
    main()
