"""The metrics of an experiment: values with 95% intervals per point, and per-draw values for sensitivity.

- ``deal_rate``: deals / draws, Wilson score interval (Wilson 1927); for
  Baron–Ferejohn and Rubinstein, over the resolved draws (as the run's
  summary: an unresolved draw is in neither count).
- ``mean_utility[p]``: the mean realised utility (the reservation value on no
  deal), with the normal interval mean ± 1.96 sd / sqrt(n).
- ``issue_share[i=v]``: the share of deals in which issue i takes value v,
  Wilson interval over the deals (undefined with no deal).
- ``all_accept[q]``: the share of draws in which every party prefers proposal q
  to no deal and it is ratifiable, Wilson interval. No protocol decides it.
- ``slack``: the mean over draws of the largest common rise of every party's
  reservation value that leaves some package every party prefers to no deal
  and that passes ratification (docs/MODEL.md §17), counted 0 in a draw where
  no such package exists; normal interval. No protocol decides it: it says
  how far a draw is from having no deal in reach, so it varies where the
  deal rate is 1 in every draw.
- ``question[name]`` (a scenario with a clock): the question's probability and
  interval as the protocol's summary block reports them (``questions``).
- ``deal_by[date]`` (a scenario with a clock): the protocol's ``timeline``
  ``deal_by`` share at the last period that ends on or before the date, with
  its Wilson interval (0 when period 0 ends after it).

For Sobol' indices and PRIM each metric needs a value per draw: the deal
indicator, the realised utility, the indicator of a deal taking the value (so
its mean is P(deal and value), not the share among deals), the all-accept
indicator, and for the last two the indicator that the draw's deal falls in a
period up to the metric's (and, for a question with terms, on those terms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.experiment.metric import Metric
from negotiation.results.outcome import UNRESOLVED, ChunkOutcome, ProtocolDraws
from negotiation.results.summary import Z95, wilson
from negotiation.results.time_blocks import questions_block, timeline_block
from negotiation.space import OutcomeSpace, matches
from negotiation.timeline.questions import question_holds

TIMED = ("question", "deal_by")
"""Metrics of a scenario with a clock, read from the protocol's summary block."""


@dataclass(frozen=True)
class Estimate:
    """A metric's value at a point, with its 95% interval; NaN where undefined."""

    value: float
    low: float
    high: float

    def json(self) -> dict[str, Any]:
        def clean(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 9)

        return {"value": clean(self.value), "ci": [clean(self.low), clean(self.high)]}


def _share(count: int, trials: int) -> Estimate:
    if trials == 0:
        return Estimate(math.nan, math.nan, math.nan)
    lo, hi = wilson(count, trials)
    return Estimate(count / trials, lo, hi)


@dataclass
class Tally:
    """Running sums over the chunks of one point, enough for every metric and its interval."""

    parties: int
    draws: int = 0
    deals: dict[str, int] = field(default_factory=dict)
    unresolved: dict[str, int] = field(default_factory=dict)
    """Protocol label -> draws without a verified equilibrium (Baron–Ferejohn, Rubinstein)."""
    utility: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    squares: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    options: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    accepted: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    slack: float = 0.0
    slack_squares: float = 0.0
    blocks: dict[str, Any] = field(default_factory=dict)
    """Protocol label -> its block of the point's summary (for the metrics of time), set once the point has run."""

    def add(self, chunk: ChunkOutcome, space: OutcomeSpace) -> None:
        self.draws += chunk.size
        for label, draws in chunk.protocols.items():
            deal = draws.deal
            self.deals[label] = self.deals.get(label, 0) + int(deal.sum())
            flagged = draws.extras.get(UNRESOLVED)
            if flagged is not None:
                self.unresolved[label] = self.unresolved.get(label, 0) + int((flagged > 0).sum())
            self.utility[label] = self.utility.get(label, np.zeros(self.parties)) + draws.utility.sum(axis=0)
            self.squares[label] = self.squares.get(label, np.zeros(self.parties)) + (draws.utility**2).sum(axis=0)
            chosen = space.option_columns(space.codes[draws.choice[deal]]).ravel()
            counts = np.bincount(chosen, minlength=space.n_options).astype(np.int64)
            self.options[label] = self.options.get(label, np.zeros(space.n_options, dtype=np.int64)) + counts
        if chunk.slack.size:
            room = slack_in_reach(chunk.slack)
            self.slack += float(room.sum())
            self.slack_squares += float((room**2).sum())
        if chunk.accept.size:
            every = (chunk.accept.all(axis=1) & chunk.ratifiable).sum(axis=0).astype(np.int64)
            self.accepted = every if self.accepted.size == 0 else self.accepted + every

    def estimate(
        self, metric: Metric, label: str, parties: tuple[str, ...], space: OutcomeSpace, issues: list[str], proposals: list[str]
    ) -> Estimate:
        n = self.draws
        if metric.kind in TIMED:
            return block_estimate(metric, self.blocks.get(label, {}), n)
        if metric.kind == "deal_rate":
            return _share(self.deals[label], n - self.unresolved.get(label, 0))
        if metric.kind == "mean_utility":
            p = parties.index(metric.party)
            return _mean(float(self.utility[label][p]), float(self.squares[label][p]), n)
        if metric.kind == "slack":
            return _mean(self.slack, self.slack_squares, n)
        if metric.kind == "issue_share":
            column = int(space.offsets[issues.index(metric.issue)]) + metric.option
            return _share(int(self.options[label][column]), self.deals[label])
        return _share(int(self.accepted[proposals.index(metric.proposal)]), n)


def _mean(total: float, squares: float, n: int) -> Estimate:
    """A mean from its sum and sum of squares over n draws, with the normal 95% interval."""
    mean = total / n
    var = max(squares / n - mean * mean, 0.0) * n / max(n - 1, 1)
    half = Z95 * math.sqrt(var / n)
    return Estimate(mean, mean - half, mean + half)


def slack_in_reach(slack: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each draw's slack, 0 where no package is in reach (the solver's -inf), shape (draws,)."""
    return np.maximum(np.asarray(slack, dtype=np.float64), 0.0)


def block_estimate(metric: Metric, block: Any, draws: int) -> Estimate:
    """A metric of time (``question`` or ``deal_by``) from one protocol's block of a run's summary.

    Parameters
    ----------
    metric : Metric
        Of kind ``question`` or ``deal_by``.
    block : mapping or ProtocolSummary
        ``summary["protocols"][label]``, with ``questions`` and ``timeline`` (DESIGN §9).
    draws : int
        The run's draws (for the interval of a date before the end of period 0).

    Returns
    -------
    Estimate
        NaN where the block does not report it (a run without a clock).
    """
    missing = Estimate(math.nan, math.nan, math.nan)
    if metric.kind == "question":
        q = questions_block(block).get(metric.question)
        if q is None:
            return missing
        lo, hi = q["ci95"]
        return Estimate(float(q["probability"]), float(lo), float(hi))
    timeline = timeline_block(block)
    if timeline is None:
        return missing
    ended = [t for t, d in enumerate(timeline["dates"]) if str(d) <= metric.date]
    if not ended:
        return _share(0, draws)
    t = ended[-1]
    lo, hi = timeline["deal_by_ci95"][t]
    return Estimate(float(timeline["deal_by"][t]), float(lo), float(hi))


def deal_period(draws: ProtocolDraws) -> NDArray[np.int64]:
    """Each draw's period of agreement, -1 for no deal by the horizon, shape (draws,): the ``<protocol>.period``
    column of the draws table, which a run with a clock writes from the protocol's ``period`` per draw."""
    found = getattr(draws, "period", None)
    if found is None:
        found = draws.extras.get("period")
    if found is None:
        raise ValueError("the draws have no period of agreement: the metrics of time need a scenario with a clock")
    period = np.asarray(found)
    if period.dtype.kind == "f":
        period = np.where(np.isfinite(period), period, -1)
    return period.astype(np.int64)


def per_draw(
    metric: Metric, label: str, chunk: ChunkOutcome, parties: tuple[str, ...], space: OutcomeSpace, issues: list[str], proposals: list[str]
) -> NDArray[np.float64]:
    """The metric's value in each draw of a chunk, shape (draws,), for variance-based sensitivity."""
    if metric.kind == "slack":
        return slack_in_reach(chunk.slack)
    if metric.kind == "all_accept":
        j = proposals.index(metric.proposal)
        return (chunk.accept[:, :, j].all(axis=1) & chunk.ratifiable[:, j]).astype(np.float64)
    draws = chunk.protocols[label]
    if metric.kind in TIMED:
        allowed = matches(space.codes, {i: frozenset(options) for i, options in metric.terms}) if metric.terms else None
        return question_holds(deal_period(draws), metric.period, draws.choice, allowed).astype(np.float64)
    if metric.kind == "deal_rate":
        return draws.deal.astype(np.float64)
    if metric.kind == "mean_utility":
        return np.asarray(draws.utility[:, parties.index(metric.party)], dtype=np.float64)
    taken = space.codes[np.maximum(draws.choice, 0), issues.index(metric.issue)]
    return (draws.deal & (taken == metric.option)).astype(np.float64)


__all__ = ["TIMED", "Estimate", "Tally", "block_estimate", "deal_period", "per_draw", "slack_in_reach"]
