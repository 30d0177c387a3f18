"""Streaming aggregation of chunk outcomes into ``summary.json``.

Only integer counts are accumulated: deals per package, events fired,
acceptances, histogram bins, and sums of utilities in fixed point
(:func:`exact_sum`). Integer sums do not depend on the order or grouping of
the draws, so the summary is bit-identical whatever the chunk size or the
number of workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.results.outcome import UNRESOLVED, ChunkOutcome
from negotiation.scenario.model import ProtocolSpec, Scenario

Reporter = Callable[[Scenario, ProtocolSpec, Mapping[str, NDArray[np.int64]], int], dict[str, Any]]
"""Builds a protocol's own summary block from its summed tallies and the number of draws."""

FIXED_SCALE = 2**30
"""Fixed-point scale of summed utilities: a resolution of about 1e-9."""
FIXED_FAST = 1024.0
"""Values within +/- this are summed as int64 in blocks; larger finite values one by one as Python integers.
Either way every finite value counts at its own size: nothing is clipped."""
HISTOGRAM_EDGES = np.linspace(-1.0, 1.0, 81)
"""Bin edges of the utility histograms; values outside [-1, 1] fall in the end bins."""
TOP_PACKAGES = 10
COMPARED_PACKAGES = 5
"""Per protocol, how many of its most frequent packages the comparison lists."""
Z95 = 1.959963984540054
BELIEF_BINS = 200
"""Equal bins on [0, 1] of the belief histograms (per who, end state and period); quantiles are their upper edges."""
BELIEF_QUANTILES = (("p10", 0.1), ("median", 0.5), ("p90", 0.9))
SLACK_EDGES = np.linspace(-2.0, 2.0, 4001)
"""Bin edges of the slack histogram (width 0.001); slacks outside [-2, 2] (and -inf) fall in the end bins.
A quantile is the upper edge of the bin where the cumulative count first reaches it."""
SLACK_QUANTILES = (("p5", 5), ("p25", 25), ("median", 50), ("p75", 75), ("p95", 95))
SLACK_TOL = 1e-9
"""A slack below -SLACK_TOL means no deal in reach (the tolerance of individual rationality, ``utility.TOL``)."""


def exact_sum(x: NDArray[np.float64]) -> int:
    """Sum of ``x`` in fixed point (units of 1/FIXED_SCALE), exact and order-independent, for any finite values.

    Values within :data:`FIXED_FAST` are rounded to 1/FIXED_SCALE and summed
    as int64 in blocks (no block can overflow); larger ones, rare, are added
    one by one as Python integers, so no value is ever clipped.

    Raises
    ------
    ValueError
        On NaN or infinity: a run stops at such a value first (``engine.finite``), so this is a bug.
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    small = np.abs(x) <= FIXED_FAST
    if small.all():
        return _fast_sum(x)
    large = x[~small]
    if not np.isfinite(large).all():
        raise ValueError(f"exact_sum was given {large[~np.isfinite(large)][0]}: a non-finite value reached the summary")
    return _fast_sum(x[small]) + sum(_fixed(float(v)) for v in large)


def _fast_sum(x: NDArray[np.float64]) -> int:
    """Fixed-point sum of values within +/- FIXED_FAST (at most 2**40 units each, so 65,536 of them fit in int64)."""
    q = np.rint(x * FIXED_SCALE).astype(np.int64)
    return sum(int(q[i : i + 65536].sum()) for i in range(0, len(q), 65536))


def _fixed(v: float) -> int:
    """One finite value in units of 1/FIXED_SCALE, rounded half to even as ``np.rint``; exact for any magnitude."""
    if abs(v) >= 2.0**53:  # an integer already: scale it exactly
        return int(v) * FIXED_SCALE
    return int(np.rint(v * FIXED_SCALE))  # |v| * 2**30 < 2**83: the product is exact


def fixed_sums(x: NDArray[np.float64], axis: int = 0) -> NDArray[np.int64]:
    """Sums along ``axis`` in fixed point (units of 1/FIXED_SCALE), as int64: exact and order-independent.

    For per-chunk tallies of values in [0, 1] (normalised positions,
    probabilities); summed over a chunk of at most a few million draws they
    stay far inside the int64 range.

    Raises
    ------
    ValueError
        On a value beyond +/- :data:`FIXED_FAST` or not finite, which the callers' values cannot be: a bug, never clipped.
    """
    x = np.asarray(x, dtype=np.float64)
    if not (np.abs(x) <= FIXED_FAST).all():
        raise ValueError(f"fixed_sums takes values within +/- {FIXED_FAST:g}; got {x[~(np.abs(x) <= FIXED_FAST)].ravel()[0]}")
    q = np.rint(x * FIXED_SCALE).astype(np.int64)
    return np.asarray(q.sum(axis=axis), dtype=np.int64)


def fixed_mean(total: int, count: int) -> float:
    """The mean of ``count`` values whose fixed-point sum is ``total`` (a sum past the largest float still gives its finite mean)."""
    try:
        return total / FIXED_SCALE / count
    except OverflowError:
        return total / (FIXED_SCALE * count)


def wilson(successes: int, trials: int, z: float = Z95) -> list[float]:
    """Wilson score interval for a binomial proportion (Wilson 1927)."""
    if trials == 0:
        return [0.0, 1.0]
    p = successes / trials
    denom = 1.0 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == trials else min(1.0, centre + half)
    return [lo, hi]


def checkpoints(draws: int) -> list[int]:
    """Draw counts at which convergence is recorded: 10, 20, 50, 100, ... and the total."""
    points = []
    scale = 10
    while scale < draws:
        points += [m * scale for m in (1, 2, 5) if m * scale < draws]
        scale *= 10
    return [*points, draws]


def _bins(x: NDArray[np.float64]) -> NDArray[np.int64]:
    width = HISTOGRAM_EDGES[1] - HISTOGRAM_EDGES[0]
    idx = np.floor((np.clip(x, -1.0, 1.0) - HISTOGRAM_EDGES[0]) / width).astype(np.int64)
    return np.bincount(np.minimum(idx, len(HISTOGRAM_EDGES) - 2), minlength=len(HISTOGRAM_EDGES) - 1)


class _SlackTally:
    """The slack's histogram (``SLACK_EDGES``), fixed-point sum and counts: integers only, so mergeable exactly."""

    def __init__(self) -> None:
        self.histogram = np.zeros(len(SLACK_EDGES) - 1, dtype=np.int64)
        self.total = 0
        self.finite = 0
        self.negative = 0
        self.empty = 0

    def add(self, slack: NDArray[np.float64]) -> None:
        if not slack.size:
            return
        finite = slack[np.isfinite(slack)]
        width = (SLACK_EDGES[-1] - SLACK_EDGES[0]) / (len(SLACK_EDGES) - 1)
        clipped = np.clip(np.nan_to_num(slack, neginf=SLACK_EDGES[0], posinf=SLACK_EDGES[-1]), SLACK_EDGES[0], SLACK_EDGES[-1])
        idx = np.minimum(np.floor((clipped - SLACK_EDGES[0]) / width).astype(np.int64), len(self.histogram) - 1)
        self.histogram += np.bincount(idx, minlength=len(self.histogram))
        self.total += exact_sum(finite)
        self.finite += len(finite)
        self.negative += int((slack < -SLACK_TOL).sum())
        self.empty += int(np.isneginf(slack).sum())

    def summary(self, seen: int) -> dict[str, Any]:
        """``mean`` (over draws with a non-empty win-set; None without), the quantiles, ``share_negative`` and ``share_empty``."""
        n = max(seen, 1)
        cumulative = np.cumsum(self.histogram)
        out: dict[str, Any] = {"mean": fixed_mean(self.total, self.finite) if self.finite else None}
        for name, pct in SLACK_QUANTILES:
            reached = np.flatnonzero(100 * cumulative >= pct * seen) if seen else np.zeros(0, dtype=np.int64)
            out[name] = round(float(SLACK_EDGES[int(reached[0]) + 1]), 6) if reached.size else None
        out["share_negative"] = self.negative / n
        out["share_empty"] = self.empty / n
        return out


class _ProtocolTally:
    def __init__(self, packages: int, parties: int, marks: int):
        self.counts = np.zeros(packages, dtype=np.int64)
        self.utility = [0] * parties
        self.pivotal = np.zeros(parties, dtype=np.int64)
        self.blocking = np.zeros(0, dtype=np.int64)
        self.histogram = np.zeros((parties, len(HISTOGRAM_EDGES) - 1), dtype=np.int64)
        self.convergence = np.zeros(marks, dtype=np.int64)
        self.deals = 0
        self.unresolved: int | None = None  # draws without a verified equilibrium; None: the protocol cannot leave one
        self.rounds = 0
        self.has_rounds = False
        self.proposers: NDArray[np.int64] | None = None
        self.extras: dict[str, list[int]] = {}
        self.free: _ProtocolTally | None = None
        self.needs = np.zeros(0, dtype=np.int64)
        self.needs_passed = np.zeros(0, dtype=np.int64)
        self.triggered = np.zeros(0, dtype=np.int64)
        self.failed = np.zeros(0, dtype=np.int64)
        self.tallies: dict[str, NDArray[np.int64]] = {}
        self.deal_by = np.zeros(0, dtype=np.int64)
        self.questions = np.zeros(0, dtype=np.int64)


class SummaryBuilder:
    """Accumulates chunk outcomes; :meth:`summary` gives the ``summary.json`` dict.

    Parameters
    ----------
    scenario : Scenario
    codes : ndarray, shape (packages, issues)
        Option indices of each package (``OutcomeSpace.codes``).
    draws : int
        The total number of draws the run will add.
    reporters : mapping, optional
        Protocol name -> function ``(scenario, spec, tallies, draws) -> dict``
        that builds the protocol's own block of the summary (a summit's
        phases, a stakeholder forecast) from its summed tallies.
    """

    def __init__(self, scenario: Scenario, codes: NDArray[np.intp], draws: int, reporters: Mapping[str, Reporter] | None = None):
        self.scenario = scenario
        self.reporters = dict(reporters or {})
        self.codes = codes
        self.draws = draws
        self.seen = 0
        self.marks = np.asarray(checkpoints(draws), dtype=np.int64)
        parties = len(scenario.parties)
        self.tally = {spec.label: _ProtocolTally(len(codes), parties, len(self.marks)) for spec in scenario.protocols}
        self.agree = np.zeros((len(self.tally), len(self.tally)), dtype=np.int64)
        self.events = np.zeros(len(scenario.events), dtype=np.int64)
        self.reservation = [0] * parties
        self.reservation_hist = np.zeros((parties, len(HISTOGRAM_EDGES) - 1), dtype=np.int64)
        proposals = len(scenario.proposals)
        self.accept = np.zeros((parties, proposals), dtype=np.int64)
        self.all_accept = np.zeros(proposals, dtype=np.int64)
        self.proposal_utility = [[0] * proposals for _ in range(parties)]
        self.support = [0] * len(scenario.ratification)
        self.slack = _SlackTally()
        if scenario.clock is not None and scenario.no_deal is not None:
            periods = scenario.clock.n_periods
            for t in self.tally.values():
                t.deal_by = np.zeros(periods, dtype=np.int64)
                t.questions = np.zeros(len(scenario.questions), dtype=np.int64)
            shape = (1 + parties, len(scenario.no_deal.outcomes), periods, BELIEF_BINS)
            self.belief_hist = np.zeros(shape, dtype=np.int64)

    def __getstate__(self) -> dict[str, Any]:
        """The tallies only: a checkpoint does not carry the scenario, which the resuming run supplies."""
        state = dict(self.__dict__)
        for name in ("scenario", "codes", "reporters"):
            state.pop(name, None)
        return state

    def attach(self, scenario: Scenario, codes: NDArray[np.intp], reporters: Mapping[str, Reporter] | None = None) -> SummaryBuilder:
        """Reattach the scenario to tallies restored from a checkpoint."""
        self.scenario = scenario
        self.codes = codes
        self.reporters = dict(reporters or {})
        return self

    def half_widths(self) -> dict[str, float]:
        """Half the width of each protocol's 95% deal-rate interval so far."""
        out = {}
        for label, t in self.tally.items():
            lo, hi = wilson(t.deals, self.seen - (t.unresolved or 0))
            out[label] = (hi - lo) / 2
        return out

    def precise(self, target: float) -> bool:
        """True when every protocol's deal rate is known to within ``target`` (95% half-width)."""
        return self.seen > 0 and all(w < target for w in self.half_widths().values())

    def add(self, chunk: ChunkOutcome) -> None:
        """Fold one chunk's outcome into the totals."""
        self.seen += chunk.size
        self.slack.add(chunk.slack)
        self.events += chunk.fired.sum(axis=0)
        for r in range(chunk.support.shape[1]):
            self.support[r] += exact_sum(chunk.support[:, r])
        for p in range(len(self.reservation)):
            self.reservation[p] += exact_sum(chunk.reservation[:, p])
            self.reservation_hist[p] += _bins(chunk.reservation[:, p])
        if chunk.accept.size:
            self.accept += chunk.accept.sum(axis=0)
            self.all_accept += (chunk.accept.all(axis=1) & chunk.ratifiable).sum(axis=0)
            for p in range(len(self.reservation)):
                for j in range(chunk.accept.shape[2]):
                    self.proposal_utility[p][j] += exact_sum(chunk.proposal_utility[:, p, j])
        choices = [chunk.protocols[label].choice for label in self.tally if label in chunk.protocols]
        if len(choices) == len(self.tally):
            for a, first in enumerate(choices):
                for b, second in enumerate(choices):
                    self.agree[a, b] += int((first == second).sum())
        if chunk.timeline is not None:
            self._add_beliefs(chunk)
        inside = (self.marks > chunk.start) & (self.marks <= chunk.stop)
        for label, draws in chunk.protocols.items():
            t = self.tally[label]
            deal = draws.deal
            cumulative = t.deals + np.cumsum(deal)
            t.convergence[inside] = cumulative[self.marks[inside] - chunk.start - 1]
            t.deals += int(deal.sum())
            t.counts += np.bincount(draws.choice[deal], minlength=len(self.codes))
            t.pivotal += draws.pivotal.sum(axis=0)
            if draws.blocking is not None:
                t.blocking = t.blocking + draws.blocking.sum(axis=0) if t.blocking.size else draws.blocking.sum(axis=0).astype(np.int64)
            for p in range(len(t.utility)):
                t.utility[p] += exact_sum(draws.utility[:, p])
                t.histogram[p] += _bins(draws.utility[deal, p])
            if draws.rounds is not None:
                t.has_rounds = True
                t.rounds += int(draws.rounds[deal].sum())
            if draws.proposer is not None:
                counts = np.bincount(draws.proposer[draws.proposer >= 0], minlength=len(t.utility))
                t.proposers = counts if t.proposers is None else t.proposers + counts
            if draws.free_choice is not None and draws.needs is not None and draws.passes is not None and draws.triggered is not None:
                if t.free is None:
                    t.free = _ProtocolTally(len(t.counts), len(t.utility), 0)
                    steps = draws.needs.shape[1]
                    t.needs, t.needs_passed, t.triggered = (np.zeros(steps, dtype=np.int64) for _ in range(3))
                free = draws.free_choice >= 0
                t.free.deals += int(free.sum())
                t.free.counts += np.bincount(draws.free_choice[free], minlength=len(t.counts))
                t.needs += draws.needs.sum(axis=0)
                t.needs_passed += (draws.needs & draws.passes).sum(axis=0)
                t.triggered += draws.triggered.sum(axis=0)
            if draws.failed is not None:  # a step the negotiators cannot see rejected the package chosen
                t.failed = t.failed + draws.failed.sum(axis=0) if t.failed.size else draws.failed.sum(axis=0).astype(np.int64)
            if draws.period is not None:
                self._add_periods(t, draws.period, draws.choice)
            for name, counts in draws.tallies.items():
                t.tallies[name] = t.tallies[name] + counts if name in t.tallies else counts.copy()
            for name, column in draws.extras.items():
                if not np.issubdtype(column.dtype, np.floating):
                    continue
                finite = np.asarray(column[np.isfinite(column)], dtype=np.float64)
                total = t.extras.setdefault(name, [0, 0])
                total[0] += exact_sum(finite)
                total[1] += len(finite)
            flagged = draws.extras.get(UNRESOLVED)
            if flagged is not None:
                t.unresolved = (t.unresolved or 0) + int((flagged > 0).sum())

    def _add_beliefs(self, chunk: ChunkOutcome) -> None:
        """Histogram nature's and every party's expected lottery per end state and period."""
        assert chunk.timeline is not None
        who = np.concatenate([chunk.timeline.nature[:, :, None, :], chunk.timeline.beliefs], axis=2)  # (n, T, W, S)
        bins = np.clip(np.floor(who * BELIEF_BINS), 0, BELIEF_BINS - 1).astype(np.int64)
        _, periods, width, states = who.shape
        cell = (np.arange(width)[:, None, None] * states + np.arange(states)[None, None, :]) * periods + np.arange(periods)[None, :, None]
        flat = (cell.transpose(1, 0, 2)[None] * BELIEF_BINS + bins).ravel()
        self.belief_hist += np.bincount(flat, minlength=self.belief_hist.size).reshape(self.belief_hist.shape)

    def _add_periods(self, t: _ProtocolTally, period: NDArray[np.int64], choice: NDArray[np.int64]) -> None:
        """Count deals by each period and the draws where each dated question holds."""
        periods = len(t.deal_by)
        agreed = period[(period >= 0) & (period < periods)]
        t.deal_by += np.cumsum(np.bincount(agreed, minlength=periods)[:periods])
        for q, question in enumerate(self.scenario.questions):
            holds = (period >= 0) & (period <= question.period)
            if question.terms is not None:
                k = np.where(holds, choice, 0)
                for i, allowed in question.terms.items():
                    holds &= np.isin(self.codes[k, i], sorted(allowed))
            t.questions[q] += int(holds.sum())

    def _clock(self) -> dict[str, Any]:
        """The clock block: each period's end date, the dated talks, the strides and the dated events."""
        s = self.scenario
        assert s.clock is not None and s.talks is not None
        return {
            "start": s.clock.start.isoformat(),
            "period": s.clock.period,
            "horizon": s.clock.horizon.isoformat(),
            "dates": [d.isoformat() for d in s.clock.ends],
            "talks": [{"period": talk.period, "date": talk.date.isoformat(), "label": talk.label} for talk in s.talks.dated],
            "every": list(s.talks.every),
            "events": [
                {"name": e.name, "label": e.label, "date": e.date.isoformat(), "period": e.period}
                for e in s.events
                if e.date is not None and e.period is not None
            ],
        }

    def _beliefs(self) -> dict[str, Any]:
        """Quantiles of nature's and each party's expected probability of each end state, per period."""
        s = self.scenario
        assert s.no_deal is not None
        cumulative = np.cumsum(self.belief_hist, axis=-1)
        out: dict[str, Any] = {}
        for w, who in enumerate(("nature", *s.party_names)):
            block = {}
            for k, outcome in enumerate(s.no_deal.outcomes):
                cum = cumulative[w, k]  # (T, bins)
                block[outcome.name] = {
                    name: [round((int(np.argmax(row >= q * self.seen)) + 1) / BELIEF_BINS, 6) for row in cum]
                    for name, q in BELIEF_QUANTILES
                }
            out[who] = block
        return out

    def _timeline(self, t: _ProtocolTally) -> dict[str, Any]:
        """A protocol's ``timeline`` and ``questions`` blocks."""
        s = self.scenario
        assert s.clock is not None
        dates = [d.isoformat() for d in s.clock.ends]
        n = max(self.seen, 1)
        reached = np.flatnonzero(2 * t.deal_by >= self.seen) if self.seen else np.zeros(0, dtype=np.int64)
        median = int(reached[0]) if reached.size else None
        return {
            "timeline": {
                "dates": dates,
                "deal_by": [int(c) / n for c in t.deal_by],
                "deal_by_ci95": [wilson(int(c), self.seen) for c in t.deal_by],
                "median_period": median,
                "median_date": None if median is None else dates[median],
            },
            "questions": {
                q.name: {"by": q.by.isoformat(), "probability": int(t.questions[j]) / n, "ci95": wilson(int(t.questions[j]), self.seen)}
                for j, q in enumerate(s.questions)
            },
        }

    def summary(self) -> dict[str, Any]:
        """The summary of everything added so far."""
        s = self.scenario
        n = max(self.seen, 1)
        names = s.party_names
        out: dict[str, Any] = {
            "scenario": s.name,
            "title": s.title,
            "draws": self.seen,
            "seed": s.monte_carlo.seed,
            "sampler": s.monte_carlo.sampler,
            "parties": {p.name: p.label for p in s.parties},
            "issues": {
                i.name: {
                    "label": i.label,
                    "kind": i.kind,
                    "values": [i.key(j) for j in range(i.size)],
                    "unit": i.unit,
                    "split": list(i.split),
                }
                for i in s.issues
            },
            "protocols": {label: self._protocol(label, t, n) for label, t in self.tally.items()},
            "proposals": {},
            "reservation": {
                "mean": {p: fixed_mean(self.reservation[k], n) for k, p in enumerate(names)},
                "histogram": {p: self.reservation_hist[k].tolist() for k, p in enumerate(names)},
            },
            "slack": self.slack.summary(self.seen),
            "events": {e.name: {"label": e.label, "rate": int(self.events[j]) / n} for j, e in enumerate(s.events)},
            "histogram_edges": [round(float(x), 6) for x in HISTOGRAM_EDGES],
            "convergence": {
                "draws": self.marks[self.marks <= self.seen].tolist(),
                "deals": {label: t.convergence[self.marks <= self.seen].tolist() for label, t in self.tally.items()},
            },
        }
        precision = s.monte_carlo.precision
        if precision is not None:
            out["precision"] = {
                "target": precision,
                "draws_used": self.seen,
                "max_draws": self.draws,
                "reached": self.precise(precision),
                "half_width": {label: round(w, 9) for label, w in self.half_widths().items()},
            }
        if len(self.tally) > 1:
            out["comparison"] = self._comparison(n)
        if s.ratification:
            out["ratification"] = self._ratification(n)
        for j, (name, package) in enumerate(s.proposals.items()):
            out["proposals"][name] = {
                "package": s.package(package),
                "hindsight": name in s.hindsight,
                "acceptance": {p: int(self.accept[k, j]) / n for k, p in enumerate(names)},
                "all_accept": int(self.all_accept[j]) / n,
                "all_accept_ci95": wilson(int(self.all_accept[j]), self.seen),
                "mean_utility": {p: fixed_mean(self.proposal_utility[k][j], n) for k, p in enumerate(names)},
            }
        if s.clock is not None and s.no_deal is not None:
            out["clock"] = self._clock()
            out["beliefs"] = self._beliefs()
        return out

    def _ratification(self, n: int) -> dict[str, Any]:
        """Per ratification step: how often deals needed it and how often it passed them.

        With a step the negotiators cannot see, every step also says whether it
        is ``observed`` and, per protocol, the share of draws in which it
        ``failed`` a package the protocol chose (0 for an observed step).
        """
        out = {}
        unseen = any(not step.observed for step in self.scenario.ratification)
        for r, step in enumerate(self.scenario.ratification):
            protocols = {}
            for label, t in self.tally.items():
                free = t.free.deals if t.free is not None else 0
                protocols[label] = {
                    "needed": int(t.needs[r]) / free if free else 0.0,
                    "pass_rate": int(t.needs_passed[r]) / int(t.needs[r]) if t.needs[r] else None,
                    "needed_with_constraints": int(t.triggered[r]) / t.deals if t.deals else 0.0,
                }
                if unseen:
                    protocols[label]["failed"] = int(t.failed[r]) / n if t.failed.size else 0.0
            touched = sorted({*step.applies_if, *(i for i, _ in step.shift)})
            out[step.name] = {
                "label": step.label,
                "party": step.party,
                "issues": [self.scenario.issues[i].name for i in touched],
                "support_mean": fixed_mean(self.support[r], n),
                "protocols": protocols,
            }
            if unseen:
                out[step.name]["observed"] = step.observed
        return out

    def _comparison(self, n: int) -> dict[str, Any]:
        """Protocols side by side on the same draws: the union of each one's most frequent
        packages with every protocol's share of draws for each, and pairwise agreement."""
        union: list[int] = []
        for t in self.tally.values():
            order = np.lexsort((np.arange(len(t.counts)), -t.counts))[:COMPARED_PACKAGES]
            union += [int(k) for k in order if t.counts[k] > 0 and int(k) not in union]
        labels = list(self.tally)
        return {
            "packages": [self.scenario.package(self.codes[k]) for k in union],
            "shares": {label: [int(self.tally[label].counts[k]) / n for k in union] for label in labels},
            "agreement": {a: {b: int(self.agree[i, j]) / n for j, b in enumerate(labels)} for i, a in enumerate(labels)},
        }

    def _protocol(self, label: str, t: _ProtocolTally, n: int) -> dict[str, Any]:
        s = self.scenario
        terms = self._terms(t, n)
        resolved = self.seen - (t.unresolved or 0)  # the deal rate's denominator: unresolved draws are left out
        out: dict[str, Any] = {
            "deal_rate": t.deals / max(resolved, 1),
            "deal_rate_ci95": wilson(t.deals, resolved),
            "deals": t.deals,
            "issue_shares": terms["issue_shares"],
            "top_packages": terms["top_packages"],
            "mean_utility": {p: fixed_mean(t.utility[k], n) for k, p in enumerate(s.party_names)},
            "pivotal_rate": {p: int(t.pivotal[k]) / n for k, p in enumerate(s.party_names)},
            "blocking_rate": {
                name: int(t.blocking[k]) / n if t.blocking.size else 0.0
                for k, name in enumerate([*s.party_names, *(step.name for step in s.ratification)])
            },
            "utility_histogram": {p: t.histogram[k].tolist() for k, p in enumerate(s.party_names)},
        }
        if t.unresolved is not None:
            out[UNRESOLVED] = t.unresolved
        if t.has_rounds:
            out["mean_round"] = t.rounds / t.deals if t.deals else None
        if t.proposers is not None:
            out["proposers"] = {p: int(t.proposers[k]) / n for k, p in enumerate(s.party_names)}
        if t.extras:
            out["means"] = {name: fixed_mean(total, count) if count else None for name, (total, count) in t.extras.items()}
        if t.free is not None:
            free = self._terms(t.free, n)
            out["unconstrained"] = {
                "deal_rate": t.free.deals / n,
                "deal_rate_ci95": wilson(t.free.deals, self.seen),
                "deals": t.free.deals,
                **free,
            }
        spec = next(spec for spec in s.protocols if spec.label == label)
        if spec.name in self.reporters and t.tallies:
            out.update(self.reporters[spec.name](s, spec, t.tallies, self.seen))
        if s.clock is not None and s.no_deal is not None:
            out.update(self._timeline(t))
        return out

    def _terms(self, t: _ProtocolTally, n: int) -> dict[str, Any]:
        """The distribution of each issue's value among deals, and the most frequent deals."""
        s = self.scenario
        deals = max(t.deals, 1)
        issue_shares = {}
        for i, issue in enumerate(s.issues):
            per_option = np.bincount(self.codes[:, i], weights=t.counts, minlength=issue.size)
            issue_shares[issue.name] = {issue.key(j): float(per_option[j]) / deals if t.deals else 0.0 for j in range(issue.size)}
        order = np.lexsort((np.arange(len(t.counts)), -t.counts))[:TOP_PACKAGES]
        top = [{"package": s.package(self.codes[k]), "share": int(t.counts[k]) / n, "index": int(k)} for k in order if t.counts[k] > 0]
        return {"issue_shares": issue_shares, "top_packages": top}
