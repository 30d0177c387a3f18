"""Stakeholder forecasts on a scenario's issues, and the ``bdm`` protocol built on them.

For each contested issue (two or more stakeholders with a position and a
salience) the expected-utility model of :mod:`negotiation.solvers.bdm` moves
the stakeholders' positions for a number of rounds. Positions run on a scale
normalised to [0, 1] (a numeric issue's range; a categorical issue's options
0 ... k-1 divided by k-1); the model is invariant to that rescaling, and the
results are reported back in the issue's own units.

The ``bdm`` protocol turns the forecast into a package: each contested issue
takes the option nearest the final weighted median position; the other
issues are settled by the Nash bargaining solution among the individually
rational, ratifiable packages that agree with the forecast on the contested
ones (no deal when there is none).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.results.summary import FIXED_SCALE, fixed_sums
from negotiation.scenario.contested import contested_issues
from negotiation.scenario.defaults import DEFAULT_STAKEHOLDER_ROUNDS
from negotiation.scenario.model import Issue, ProtocolSpec, Scenario, Stakeholder
from negotiation.solvers.bargaining import Bargaining, Outcome
from negotiation.solvers.bdm import Forecast, expected_utility_model
from negotiation.solvers.candidates import Candidates, candidate_gains
from negotiation.solvers.nash import nash_among
from negotiation.solvers.participation import pivotal
from negotiation.utility import TOL

DEFAULT_Q = 1.0
"""Probability that the status quo holds if no challenge is made (Scholz et al. 2011 chose 1.0)."""

Values = Mapping[str, NDArray[np.float64]]


def scale(issue: Issue) -> tuple[float, float]:
    """The (lo, width) that normalise positions on ``issue`` to [0, 1]."""
    if issue.kind == "categorical":
        return 0.0, float(max(issue.size - 1, 1))
    return issue.lo, issue.hi - issue.lo


@dataclass(frozen=True)
class IssueActors:
    """The stakeholders with a position on one issue, as arrays over draws.

    Attributes
    ----------
    issue : Issue
    names : tuple of str
    position : ndarray, shape (draws, actors)
        Normalised to [0, 1] (see :func:`scale`).
    capability, salience : ndarray, shape (draws, actors)
    """

    issue: Issue
    names: tuple[str, ...]
    position: NDArray[np.float64]
    capability: NDArray[np.float64]
    salience: NDArray[np.float64]

    def units(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Normalised positions back in the issue's units (or option indices)."""
        lo, width = scale(self.issue)
        return lo + width * x

    def nearest_option(self, x: NDArray[np.float64]) -> NDArray[np.intp]:
        """The option nearest each normalised position."""
        if self.issue.kind == "categorical":
            return np.clip(np.floor(x * (self.issue.size - 1) + 0.5), 0, self.issue.size - 1).astype(np.intp)
        grid = (self.issue.grid - self.issue.lo) / (self.issue.hi - self.issue.lo)
        return np.argmin(np.abs(x[..., None] - grid), axis=-1).astype(np.intp)


def issue_actors(scenario: Scenario, values: Values, issue: Issue, among: Sequence[str] | None = None) -> IssueActors:
    """The stakeholders (optionally only those named in ``among``) with a position on ``issue``."""
    chosen: list[Stakeholder] = [s for s in scenario.stakeholders if issue.name in s.position and (among is None or s.name in among)]
    lo, width = scale(issue)
    n = len(next(iter(values.values()))) if values else 0

    def column(path: str | None) -> NDArray[np.float64]:
        return np.asarray(values[path], dtype=np.float64) if path else np.zeros(n)

    position = np.column_stack([(column(s.position[issue.name]) - lo) / width for s in chosen]) if chosen else np.zeros((n, 0))
    capability = np.column_stack([column(s.capability) for s in chosen]) if chosen else np.zeros((n, 0))
    salience = np.column_stack([column(s.salience.get(issue.name)) for s in chosen]) if chosen else np.zeros((n, 0))
    return IssueActors(issue, tuple(s.name for s in chosen), position, capability, salience)


def run_model(actors: IssueActors, rounds: int, q: float) -> Forecast:
    """The expected-utility model on one issue, solved once when no input varies across draws."""
    n = actors.position.shape[0]
    inputs = (actors.position, actors.capability, actors.salience)
    if n > 1 and all(np.all(a == a[:1]) for a in inputs):
        one = expected_utility_model(actors.position[:1], actors.capability[:1], actors.salience[:1], rounds, q)
        return Forecast(
            positions=np.broadcast_to(one.positions, (rounds + 1, n, one.positions.shape[2])),
            mean=np.broadcast_to(one.mean, (rounds + 1, n)),
            median=np.broadcast_to(one.median, (rounds + 1, n)),
        )
    return expected_utility_model(actors.position, actors.capability, actors.salience, rounds, q)


def issue_order(scenario: Scenario) -> list[Issue]:
    """The contested issues, in the scenario's issue order."""
    contested = set(contested_issues(scenario.parameters, scenario.stakeholders))
    return [issue for issue in scenario.issues if issue.name in contested]


@dataclass(frozen=True)
class Prepared:
    """A protocol's work done once per chunk: per-draw arrays to slice, and tallies to sum."""

    rows: dict[str, NDArray[Any]]
    tallies: dict[str, NDArray[np.int64]]


def prepare_bdm(scenario: Scenario, values: Values, draws: int, spec: ProtocolSpec) -> Prepared:
    """Forecast every contested issue for a chunk of draws.

    Returns per-draw ``codes`` (option of each contested issue, shape
    (draws, issues), -1 elsewhere) and tallies of the normalised positions,
    means and medians by round in fixed point.
    """
    rounds = int(spec.options.get("rounds", DEFAULT_STAKEHOLDER_ROUNDS))
    q = float(spec.options.get("q", DEFAULT_Q))
    codes = np.full((draws, len(scenario.issues)), -1, dtype=np.intp)
    tallies: dict[str, NDArray[np.int64]] = {}
    names = [issue.name for issue in scenario.issues]
    for issue in issue_order(scenario):
        actors = issue_actors(scenario, values, issue)
        result = run_model(actors, rounds, q)
        codes[:, names.index(issue.name)] = actors.nearest_option(result.median[-1])
        tallies[f"forecast.{issue.name}.positions"] = fixed_sums(result.positions, axis=1)
        tallies[f"forecast.{issue.name}.mean"] = fixed_sums(result.mean, axis=1)
        tallies[f"forecast.{issue.name}.median"] = fixed_sums(result.median, axis=1)
    return Prepared(rows={"codes": codes}, tallies=tallies)


def bdm_protocol(problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """The ``bdm`` protocol: the forecast on contested issues, completed by Nash bargaining on the rest."""
    codes = problem.prepared[spec.label]["codes"]
    columns = problem.packages.columns - problem.packages.offsets  # option index per issue, (packages, issues)
    agree = np.all((codes[:, None, :] < 0) | (columns[None, :, :] == codes[:, None, :]), axis=2)
    if problem.feasible is not None:
        agree &= problem.feasible
    found = Candidates.from_mask(agree)
    if problem.gain_given:  # gains given outright (expected gains under unobserved ratification)
        gain = problem.gain[found.rows, :, found.cols]
    else:
        gain = candidate_gains(problem.shifted, problem.packages.columns, found.rows, found.cols)
    choice = nash_among(found, gain, TOL)
    blocked = np.zeros(problem.d.shape, dtype=bool)
    missed = np.flatnonzero(choice < 0)
    if missed.size:
        blocked[missed] = pivotal(problem.gain_of(missed), agree[missed])
    return Outcome(choice, pivotal=blocked)


def bdm_report(scenario: Scenario, spec: ProtocolSpec, tallies: Mapping[str, NDArray[np.int64]], draws: int) -> dict[str, Any]:
    """The ``forecast`` block of the summary: per contested issue, positions, means and medians by round."""
    rounds = int(spec.options.get("rounds", DEFAULT_STAKEHOLDER_ROUNDS))
    out: dict[str, Any] = {}
    n = max(draws, 1)
    for issue in issue_order(scenario):
        key = f"forecast.{issue.name}"
        if f"{key}.mean" not in tallies:
            continue
        lo, width = scale(issue)
        names = [s.name for s in scenario.stakeholders if issue.name in s.position]

        def units(total: NDArray[np.int64], lo: float = lo, width: float = width) -> list[float]:
            return [round(lo + width * int(x) / FIXED_SCALE / n, 9) for x in total]

        positions = tallies[f"{key}.positions"]
        out[issue.name] = {
            "label": issue.label,
            "scale": "ordinal" if issue.kind == "categorical" else "units",
            "options": list(issue.options),
            "unit": issue.unit,
            "rounds": rounds,
            "mean_by_round": units(tallies[f"{key}.mean"]),
            "median_by_round": units(tallies[f"{key}.median"]),
            "positions_by_round": {name: units(positions[:, a]) for a, name in enumerate(names)},
            "final_positions": {name: units(positions[-1:, a])[0] for a, name in enumerate(names)},
        }
    return {"forecast": out}


__all__ = [
    "DEFAULT_Q",
    "IssueActors",
    "Prepared",
    "bdm_protocol",
    "bdm_report",
    "issue_actors",
    "issue_order",
    "prepare_bdm",
    "run_model",
    "scale",
]
