"""Solving one chunk of draws of a scenario with a clock: the war fought period by period (docs/MODEL.md).

Per draw (every array has a leading draws axis; no loop over draws or periods).
Events without a date (those that hold from the start, and those scheduled at a
summit round, which only the summit distinguishes) hold in every period.

1. **Nature's lottery** ``pi_t`` (:func:`negotiation.timeline.lottery_path`): the
   ``no_deal.outcomes`` probabilities after the events that hold from the
   start, plus ``t * drift``, plus the jumps of dated events, clipped at 0 and
   renormalised. A dated event that fires moves an outcome's probability
   from its period on: in each period the probabilities are those after the
   effects of every dated event that holds by then (in file order, clipped
   into [0, 1]), and the jump in period t is their change from period t - 1.
   Costs and explicit reservation values move the same way, from the event's
   period on.
2. **Battle signals** ``s_t ~ pi_t`` from the draw's own uniform column
   ``clock.signal.<t>``, so results are the same for any chunk size.
3. **Beliefs**: a party with ``no_deal.beliefs`` holds a Dirichlet with its
   mean (renormalised per draw) and confidence, updated by the signals of the
   periods before (:func:`negotiation.timeline.expected_lotteries`); a party
   without believes nature's lottery of the period.
4. **Reservation values** ``d_{p,t} = sum_s E_{p,t}[pi_s] u_p(k_s) - c_{p,t}``,
   with ``c_{p,t}`` the cost after the events that hold in period t. A party
   with an explicit ``reservation`` keeps it every period (moved only by the
   events of the period). Effects on a derived reservation apply after it is
   derived, from the event's period on.
5. **Talks**: every protocol solves at the talk periods through
   :func:`negotiation.timeline.first_agreement`, on the sub-block's utilities,
   win-set and the period's reservation values; a deal ends the draw. With
   private types (``no_deal.types``) each protocol carries its proposer's
   belief mask from talk to talk (``Outcome.remaining``: the types that
   refused every offer so far).

Dated events may move only outcome probabilities, costs and reservation
values (utilities are the same in every period); the scenario layer is not
asked to check this, so the engine refuses anything else with a located line
(:func:`timed_refusals`).

Enforcement (Fearon 1995 §4; Powell 2006): package k breaks down with chance
rho_k (``breakdown`` plus the ``shift`` entries its options match, clipped to
[0, 1]); d'_{p,t} is the reservation value of the war after a collapse,
computed exactly as d (same signals, same beliefs) on the parameters with the
``after`` effects applied. At a talk the protocol bargains over
v_p(k, t) = (1 - rho_k) u_p(k) + rho_k d'_{p,t}: its gains are v - d. The
draws table's utilities are those of the package as agreed, u.

A protocol is consulted only at talks where some package is in reach
(``first_agreement``), so its own tallies (a Baron-Ferejohn equilibrium
count, say) count those consultations, not draws. Draws with no deal have
``pivotal`` and ``blocking`` from the last talk's problem; a draw's slack is
the largest over its talks (``solvers.blocking.slack``).

Ratification steps the negotiators cannot see (``observed: false``,
:mod:`negotiation.solvers.unobserved`): at each talk the protocol solves on
expected gains, then the draw's support votes; a rejected package leaves the
draw to the next talk, and the step that rejected it counts as observed in
that draw from then on.

A deal means a deal by the horizon: a draw's package is the one agreed at its
first talk with a deal; its utilities are the package's, or on no deal the
reservation values of the last period. ``ChunkOutcome.reservation`` holds
period 0's reservation values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from negotiation.engine import unresolved
from negotiation.engine.finite import (
    ADVICE_EFFECT,
    require_finite,
    require_recognition_finite,
    require_reservations_finite,
    require_weights_finite,
    show,
)
from negotiation.engine.parameters import EFFECT_FUNCTIONS, apply_effects, draw_parameters, only, schedule, unscheduled
from negotiation.engine.registry import CATALOG
from negotiation.protocols.definition import BlockProtocol
from negotiation.results.outcome import ChunkOutcome, ProtocolDraws, TimelineDraws
from negotiation.scenario.errors import Problem
from negotiation.scenario.model import Effect, ProtocolSpec, Scenario
from negotiation.solvers import NO_DEAL, Bargaining
from negotiation.solvers.bargaining import Outcome
from negotiation.solvers.blocking import lone_blockers
from negotiation.solvers.nash import nash_given_protocol, nash_protocol
from negotiation.solvers.participation import pivotal
from negotiation.solvers.patience_power import party_powers
from negotiation.solvers.ratification import ClassPassing, chosen_passes, package_passes, win_set
from negotiation.timeline import (
    PackageValues,
    battle_signals,
    dense_reaches,
    expected_lotteries,
    first_agreement,
    lottery_path,
    nature_beliefs,
)
from negotiation.timeline.reservation import breakdown_chance, enforced_gain
from negotiation.timeline.slack import talk_slack
from negotiation.utility import TOL, chosen_utilities, normalised, package_utilities, weighted_values

if TYPE_CHECKING:
    from negotiation.engine.chunk import Plan

Array = NDArray[np.float64]


def _add(into: dict[str, NDArray[np.int64]], more: Mapping[str, NDArray[np.int64]]) -> None:
    for name, counts in more.items():
        into[name] = into[name] + counts if name in into else counts.copy()


WAR_TARGETS = ("no_deal.outcomes.", "no_deal.cost.")
"""Prefixes of the parameters a dated event may move (besides parties' reservation values)."""


def runs_at_start(scenario: Scenario) -> bool:
    """True for a scenario with a clock whose protocols all do not run talk by talk (the summit, ``bdm``).

    Such a run solves the one-shot problem at the clock's start
    (:func:`negotiation.scenario.at_start.at_start`); a run that mixes them
    with timed protocols is refused (:func:`timed_refusals`).
    """
    protocols = scenario.protocols
    return scenario.clock is not None and bool(protocols) and not any(CATALOG[spec.name].timed for spec in protocols)


def timed_refusals(scenario: Scenario) -> list[Problem]:
    """What a scenario with a clock asks that the engine does not simulate, one located line each.

    Protocols that do not run talk by talk (``ProtocolOptions.timed``: the summit, ``bdm``)
    listed with timed ones (alone they run at the clock's start, :func:`runs_at_start`),
    a clock without ``no_deal``, and dated events that move anything but outcome
    probabilities, costs and reservation values.
    """
    found = []
    doc = scenario.document
    if scenario.no_deal is None:
        found.append(doc.problem(("clock",), "a clock needs no_deal (the war fought period by period); add it or remove the clock"))
    for k, spec in enumerate(scenario.protocols):
        if not CATALOG[spec.name].timed:
            found.append(
                doc.problem(
                    ("protocols", k),
                    f"the {spec.name} protocol does not run talk by talk with the timed protocols; "
                    f"run it on its own with --protocol {spec.name} (one talk at the clock's start)",
                )
            )
    reservations = {p.reservation for p in scenario.parties}
    for event in scenario.events:
        if event.period is None:
            continue
        for effect in event.effects:
            if not (effect.target.startswith(WAR_TARGETS) or effect.target in reservations):
                found.append(
                    doc.problem(
                        ("events", event.name, "effects", effect.target),
                        "a dated event may move only no_deal outcome probabilities, costs and reservation values",
                    )
                )
    return found


def _stack(values: dict[str, Array], paths: list[str]) -> Array:
    return np.column_stack([values[p] for p in paths])


def _segments(scenario: Scenario, periods: int) -> list[tuple[int, int, list[int]]]:
    """Periods ``[lo, hi)`` between dated events, with the dated events that hold in them (in file order)."""
    starts = sorted({e.period for e in scenario.events if e.period is not None})
    bounds = [0, *[t for t in starts if t > 0], periods]
    out = []
    for lo, hi in pairwise(bounds):
        out.append((lo, hi, [j for j, e in enumerate(scenario.events) if e.period is not None and e.period <= lo]))
    return out


class WarPath:
    """Nature's lottery, beliefs and reservation values per period for a range of draws.

    Attributes
    ----------
    pi : ndarray, shape (draws, periods, states)
    beliefs : ndarray, shape (draws, periods, parties, states)
    expected : ndarray, shape (draws, periods, parties)
        Each party's expected utility of the war under its own belief, before
        its cost (what ``Bargaining.lottery`` holds in a static run).
    d : ndarray, shape (draws, periods, parties)
        Reservation values.
    """

    def __init__(
        self,
        scenario: Scenario,
        values: dict[str, Array],
        wv: Array,
        columns: NDArray[np.intp],
        fired: NDArray[np.bool_],
        uniforms: Array,
        start: int = 0,
    ):
        assert scenario.clock is not None and scenario.no_deal is not None
        no_deal = scenario.no_deal
        n, periods = wv.shape[0], scenario.clock.n_periods
        names = scenario.party_names
        states = [o.probability for o in no_deal.outcomes]
        weights = np.zeros((n, periods, len(states)))
        cost = np.zeros((n, periods, len(names)))
        fixed = np.zeros((n, periods, len(names)))
        base = dict(values)
        held = unscheduled(scenario) + [j for _, group in schedule(scenario) for j in group]
        for lo, hi, dated in _segments(scenario, periods):
            now = dict(base)
            if dated:
                apply_effects(scenario, now, only(fired, dated), derived=False, start=start)
            weights[:, lo:hi] = _stack(now, states)[:, None, :]
            cost[:, lo:hi] = _stack(now, [no_deal.cost[p] for p in names])[:, None, :]
            for j, party in enumerate(scenario.parties):
                if not party.derived_reservation:
                    fixed[:, lo:hi, j] = now[party.reservation][:, None]
        jumps = np.diff(weights, axis=1, prepend=0.0)
        jumps[:, 0] = 0.0
        self.pi = lottery_path(weights[:, 0], periods, self._drift(scenario, values, n), jumps)
        signals = battle_signals(self.pi, uniforms)
        self.beliefs = self._beliefs(scenario, values, signals)
        require_finite(self.pi, scenario, ("no_deal", "outcomes"), start, lambda v, _: f"nature's lottery is {show(v)}")
        require_finite(self.beliefs, scenario, ("no_deal", "beliefs"), start, lambda v, _: f"a party's belief about the war is {show(v)}")
        end_u = package_utilities(wv, columns)  # (draws, parties, states)
        self.expected = np.einsum("ntps,nps->ntp", self.beliefs, end_u)
        d = self.expected - cost
        for j, party in enumerate(scenario.parties):
            if not party.derived_reservation:
                d[:, :, j] = fixed[:, :, j]
        for lo, hi, dated in _segments(scenario, periods):
            _derived_effects(scenario, values, d[:, lo:hi], fired, sorted(held + dated), start)
        require_reservations_finite(scenario, d, start)
        self.d = d

    @staticmethod
    def _drift(scenario: Scenario, values: dict[str, Array], n: int) -> Array | None:
        assert scenario.no_deal is not None
        drift = scenario.no_deal.drift
        if not drift:
            return None
        return np.column_stack([values[drift[o.name]] if o.name in drift else np.zeros(n) for o in scenario.no_deal.outcomes])

    def _beliefs(self, scenario: Scenario, values: dict[str, Array], signals: NDArray[np.int64]) -> Array:
        assert scenario.no_deal is not None
        parties = scenario.party_names
        out = np.array(nature_beliefs(self.pi, len(parties)))
        held = scenario.no_deal.beliefs
        if not held:
            return out
        n = self.pi.shape[0]
        mean = normalised(
            np.stack(
                [
                    np.column_stack([values[b.mean[o.name]] if o.name in b.mean else np.zeros(n) for o in scenario.no_deal.outcomes])
                    for b in held
                ],
                axis=1,
            )
        )
        confidence = np.column_stack([values[b.confidence] for b in held])
        learnt = expected_lotteries(mean, confidence, signals)
        for k, belief in enumerate(held):
            out[:, :, parties.index(belief.party)] = learnt[:, :, k]
        return out


def _made(effect: Effect) -> Callable[[float, int], str]:
    """What an effect that made NaN or infinity says: ``multiply made no_deal.cost.usa inf``."""
    return lambda v, _: f"{effect.op} made {effect.target} {show(v)}"


def _derived_effects(
    scenario: Scenario, values: dict[str, Array], d: Array, fired: NDArray[np.bool_], events: list[int], start: int = 0
) -> None:
    """Effects of ``events`` on derived reservation values, in place on ``d`` (draws, periods, parties), then clipped.

    An effect that makes NaN or infinity stops the run (``engine.finite``), before any clipping.
    """
    index = {p.reservation: j for j, p in enumerate(scenario.parties) if p.derived_reservation}
    touched = set()
    for j in events:
        for effect in scenario.events[j].effects:
            if effect.target in index:
                p = index[effect.target]
                x = d[:, :, p]
                with np.errstate(over="ignore", invalid="ignore"):  # reported below, with the draw
                    d[:, :, p] = np.where(fired[:, j, None], EFFECT_FUNCTIONS[effect.op](x, values[effect.operand][:, None]), x)
                event = scenario.events[j]
                require_finite(
                    d[:, :, p],
                    scenario,
                    ("events", event.name, "effects", effect.target),
                    start,
                    _made(effect),
                    ADVICE_EFFECT,
                )
                touched.add(p)
    for p in touched:
        domain = scenario.parameters[scenario.parties[p].reservation].domain
        np.clip(d[:, :, p], domain.lo, domain.hi, out=d[:, :, p])


def _solve(protocol: BlockProtocol, problem: Bargaining, spec: ProtocolSpec) -> Outcome:
    """``protocol.solve(problem, spec)``; the ``nash`` protocol on gains given outright by one compiled pass (the same choice)."""
    quick = nash_given_protocol(problem, spec) if protocol.solve is nash_protocol else None
    return quick if quick is not None else protocol.solve(problem, spec)


def solve_timed_chunk(plan: Plan, start: int, stop: int) -> ChunkOutcome:
    """Run every protocol on draws ``start`` to ``stop - 1`` of a scenario with a clock, talk by talk."""
    scenario, space = plan.scenario, plan.space
    assert scenario.clock is not None and scenario.talks is not None and scenario.no_deal is not None
    n = stop - start
    drawn = draw_parameters(scenario, plan.source, start, stop)
    values = drawn.values
    for _, group in plan.schedule:  # summit-round events hold from the start here, as for any protocol but the summit
        apply_effects(scenario, values, only(drawn.fired, group), derived=False, start=start)
    require_weights_finite(scenario, values, start)
    wv = weighted_values(scenario, space, values, n)
    if drawn.signal_uniforms is None:
        raise ValueError("a clock needs its signal columns")
    ends = space.option_columns(np.array([o.package for o in scenario.no_deal.outcomes], dtype=np.intp))
    war = WarPath(scenario, values, wv, ends, drawn.fired, drawn.signal_uniforms, start)
    d = war.d
    typed = drawn.types  # private types: the proposer's belief mask per protocol, carried from talk to talk
    offsets = None if typed is None else typed.offsets(wv, space, scenario)
    enforcement = scenario.no_deal.enforcement
    d_after: Array | None = None
    rho_options: Array | None = None
    if enforcement is not None:
        after = dict(values)
        for effect in enforcement.after:
            with np.errstate(over="ignore", invalid="ignore"):  # reported below, with the draw
                after[effect.target] = EFFECT_FUNCTIONS[effect.op](after[effect.target], after[effect.operand])
            require_finite(
                after[effect.target],
                scenario,
                ("no_deal", "enforcement", "after", effect.target),
                start,
                _made(effect),
                ADVICE_EFFECT,
            )
            domain = scenario.parameters[effect.target].domain
            after[effect.target] = np.clip(after[effect.target], domain.lo, domain.hi)
        d_after = WarPath(scenario, after, wv, ends, drawn.fired, drawn.signal_uniforms, start).d
        rho_options = np.zeros((n, wv.shape[2]))
        for (issue, option), path in enforcement.shift.items():
            rho_options[:, plan.packages.offsets[issue] + option] += values[path]
    periods = scenario.clock.n_periods
    talks = scenario.talks.mask
    patience = _stack(values, [p.patience for p in scenario.parties])
    power = party_powers(scenario.parties, values, patience)
    recognition = normalised(require_recognition_finite(scenario, _stack(values, [p.recognition for p in scenario.parties]), start))
    ratifier = plan.ratifier
    steps = ratifier.steps
    support, threshold, shift = ratifier.levels(values, n)
    parties = len(scenario.parties)
    matrix = [(spec, protocol) for spec, protocol in plan.protocols if isinstance(protocol, BlockProtocol)]
    prepared: dict[str, dict[str, NDArray[np.float64]]] = {}
    tallies: dict[str, dict[str, NDArray[np.int64]]] = {spec.label: {} for spec, _ in matrix}
    for spec, protocol in matrix:
        if protocol.prepare is not None:
            ready = protocol.prepare(scenario, values, n, spec)
            prepared[spec.label] = dict(ready.rows)
            _add(tallies[spec.label], ready.tallies)

    labels = [spec.label for spec, _ in matrix]
    period = {label: np.full(n, -1, dtype=np.int64) for label in labels}
    choice = {label: np.full(n, NO_DEAL, dtype=np.int64) for label in labels}
    free = {label: np.full(n, NO_DEAL, dtype=np.int64) for label in labels}
    blocked = {label: np.zeros((n, parties), dtype=bool) for label in labels}
    blocking = {label: np.zeros((n, parties + steps), dtype=bool) for label in labels}
    slacks = np.full(n, -np.inf)
    talk_at = np.flatnonzero(talks)
    rounds: dict[str, NDArray[np.int64]] = {}
    proposers: dict[str, NDArray[np.int64]] = {}
    extras: dict[str, dict[str, NDArray[np.float64] | NDArray[np.int64]]] = {label: {} for label in labels}
    last = int(np.flatnonzero(talks)[-1]) if talks.any() else periods - 1
    hidden = plan.hidden  # steps the negotiators cannot see; a failed vote reveals its step for later talks
    failed = {label: np.zeros((n, steps), dtype=bool) for label in labels} if hidden is not None else {}
    remaining = {label: np.ones(typed.prior.shape, dtype=bool) for label in labels} if typed is not None else {}
    for spec, protocol in matrix:
        if protocol.unresolved:
            unresolved.start_flags(extras[spec.label], n)

    for lo in range(0, n, plan.sub_block):
        hi = min(lo + plan.sub_block, n)
        block = slice(lo, hi)
        # pass/fail once per class of packages the steps treat alike, then spread to the packages
        passing = ratifier.passing(support[block], threshold[block], shift[block], plan.packages.incidence) if steps else None
        feasible = None if passing is None else passing.win_set(ratifier.seen)
        values_pv = PackageValues.from_options(wv[block], plan.packages)
        rho = None
        if enforcement is not None and rho_options is not None:
            rho = breakdown_chance(values[enforcement.breakdown][block], rho_options[block] @ plan.packages.incidence)
        after_block = None if d_after is None else d_after[block]
        # Enforced gains of the last rows asked per period: the tied-hands solve asks first, on every draw
        # with a deal in reach, and the constrained solve at the same talk reuses them for its draws (a subset).
        formed: dict[int, tuple[NDArray[np.intp], Array]] = {}

        def problem(
            rows: NDArray[np.intp],
            t: int,
            dt: Array,
            constrained: bool,
            block: slice = block,
            feasible: NDArray[np.bool_] | None = feasible,
            rho: Array | None = rho,
            after_block: Array | None = after_block,
            label: str | None = None,
            formed: dict[int, tuple[NDArray[np.intp], Array]] = formed,
        ) -> Bargaining:
            """The bargaining problem of draws ``rows`` of the block at talk ``t``; ``dt`` is ``d[block][rows, t]``."""
            at = block.start + rows
            made = Bargaining(
                wv=wv[at],
                d=dt,
                packages=plan.packages,
                feasible=None if feasible is None or not constrained else feasible[rows],
                power=power[at],
                patience=patience[at],
                recognition=recognition[at],
                uniforms={label: u[at] for label, u in drawn.protocol_uniforms.items()},
                parties=scenario.party_names,
                parameters=scenario.parameters,
                lottery=war.expected[at, t],
                prepared={name: {k: v[at] for k, v in ready.items()} for name, ready in prepared.items()},
                types=None if typed is None or offsets is None else typed.view(offsets, at, remaining[label][at] if label else None),
            )
            if rho is not None and after_block is not None:
                known = formed.get(t)
                if known is not None and np.array_equal(known[0], rows):  # the same rows: the same gains, read only
                    return made.with_gain(known[1])
                if known is not None:  # rows are sorted: found when each is among the rows already formed
                    where = np.minimum(np.searchsorted(known[0], rows), max(len(known[0]) - 1, 0))
                    if known[0].size and np.array_equal(known[0][where], rows):
                        return made.with_gain(known[1][where])
                gain = enforced_gain(made.gain, dt, rho[rows], after_block[rows, t])
                formed[t] = (rows, gain)
                return made.with_gain(gain)
            return made

        for spec, protocol in matrix:
            label = spec.label
            quota = protocol.quota(spec, parties) if protocol.quota is not None else None

            def solve(
                rows: NDArray[np.intp],
                t: int,
                dt: Array,
                protocol: BlockProtocol = protocol,
                spec: ProtocolSpec = spec,
                label: str = label,
                block: slice = block,
                passing: ClassPassing | None = passing,
            ) -> NDArray[np.int64]:
                asked = problem(rows, t, dt, True, label=label)
                if hidden is not None and passing is not None:
                    now = block.start + rows
                    known = failed[label][now]  # a failed vote is public: that step is observed from then on
                    # each package's chance of passing at home, worked out once per class of packages
                    chance = hidden.class_chance(shift[now], passing.classes, known, passing.by_class[rows])
                    quick = nash_given_protocol(asked, spec, chance) if protocol.solve is nash_protocol else None
                    outcome, lost = hidden.judge(
                        quick if quick is not None else protocol.solve(hidden.expected(asked, chance), spec),
                        support[now],
                        threshold[now],
                        shift[now],
                        plan.packages.columns,
                    )
                    failed[label][now] |= lost
                else:
                    outcome = _solve(protocol, asked, spec)
                if outcome.remaining is not None:
                    remaining[label][block.start + rows] = outcome.remaining
                agreed = outcome.choice != NO_DEAL
                at = block.start + rows[agreed]
                if outcome.rounds is not None:
                    rounds.setdefault(label, np.zeros(n, dtype=np.int64))[at] = outcome.rounds[agreed]
                if outcome.proposer is not None:
                    proposers.setdefault(label, np.full(n, -1, dtype=np.int64))[at] = outcome.proposer[agreed]
                for name, column in outcome.extras.items():
                    if name not in extras[label]:
                        floating = np.issubdtype(column.dtype, np.floating)
                        extras[label][name] = np.full(n, np.nan) if floating else np.full(n, -1, dtype=np.int64)
                    extras[label][name][at] = column[agreed]
                unresolved.flag_talk(extras[label], block.start + rows, outcome)
                _add(tallies[label], outcome.tallies)
                return outcome.choice

            reach: list[NDArray[np.bool_] | None] = [None, None]
            if steps and talk_at.size:
                # who has a deal in reach at the first talk, with and without ratification, from one screen
                first = int(talk_at[0])
                after_first = None if after_block is None else after_block[:, first]
                reach = list(dense_reaches(values_pv, [feasible, None], d[block][:, first], TOL, rho, after_first, quota))
                # The tied-hands comparison: the same protocol with ratification ignored, on the same draws.
                # Solved first: its draws at each talk include the constrained solve's, which reuses their gains.

                def unbound(
                    rows: NDArray[np.intp], t: int, dt: Array, protocol: BlockProtocol = protocol, spec: ProtocolSpec = spec
                ) -> NDArray[np.int64]:
                    return _solve(protocol, problem(rows, t, dt, False), spec).choice

                free[label][block] = first_agreement(
                    values_pv, None, d[block], talks, unbound, TOL, rho, after_block, quota, first_reach=reach[1]
                )[1]
            t_of, k_of = first_agreement(values_pv, feasible, d[block], talks, solve, TOL, rho, after_block, quota, first_reach=reach[0])
            period[label][block], choice[label][block] = t_of, k_of
            unresolved.withdraw(extras[label], block, period[label], choice[label], rounds.get(label), proposers.get(label))
            k_of = choice[label][block]
            missed = np.flatnonzero((k_of == NO_DEAL) & unresolved.resolved(extras[label], block))
            if missed.size:
                at_last = problem(missed.astype(np.intp), last, d[lo + missed, last], True)
                gain = at_last.gain_of(np.arange(missed.size))
                blocked[label][lo + missed] = pivotal(gain, at_last.feasible)
                blocking[label][lo + missed] = lone_blockers(gain, ratifier.triggers, None if passing is None else passing.dense(missed))
        # the draw's slack over its talks, on the screened values first_agreement has already formed
        if talk_at.size:
            screened, error = values_pv.screened
            at_talks = None if after_block is None else after_block[:, talk_at]
            # a deal must pass every step at home, seen or not: the slack is on the draw's realised win-set
            realised = feasible if hidden is None or passing is None else passing.win_set(ratifier.triggers)
            slacks[block] = talk_slack(screened, error, values_pv.exact, realised, d[block][:, talk_at], rho, at_talks)

    final = d[:, last]
    result = ChunkOutcome(
        start=start, stop=stop, sampled=drawn.sampled, fired=drawn.fired, reservation=d[:, 0].copy(), support=support, slack=slacks
    )
    result.timeline = TimelineDraws(nature=war.pi, beliefs=war.beliefs)
    for label in labels:
        chosen = choice[label]
        deal = chosen >= 0
        realised = final.copy()
        if deal.any():
            realised[deal] = chosen_utilities(wv[deal], space.option_columns(space.codes[chosen[deal]]))
        needs = passed = triggered = None
        if steps:
            unb = free[label]
            dealt = np.flatnonzero(unb >= 0)
            needs = np.zeros((n, steps), dtype=bool)
            passed = np.zeros((n, steps), dtype=bool)
            needs[dealt] = ratifier.triggers[:, unb[dealt]].T
            passed[dealt] = chosen_passes(support[dealt], threshold[dealt], shift[dealt], plan.packages.columns[unb[dealt]])
            triggered = ratifier.triggers[:, np.maximum(chosen, 0)].T & deal[:, None]
        result.protocols[label] = ProtocolDraws(
            chosen,
            realised,
            blocked[label],
            rounds.get(label),
            proposers.get(label),
            extras[label],
            free[label] if steps else None,
            needs,
            passed,
            triggered,
            tallies[label],
            None,
            period[label],
            failed.get(label),
            blocking=blocking[label],
        )
    d0 = d[:, 0]
    proposal_u = package_utilities(wv, plan.proposal_columns)
    result.proposal_utility = proposal_u
    result.accept = proposal_u >= d0[:, :, None] - TOL
    if steps:
        result.ratifiable = win_set(
            ratifier.triggers[:, plan.proposal_index], package_passes(support, threshold, shift, plan.proposal_columns)
        )
    else:
        result.ratifiable = np.ones((n, len(plan.proposal_columns)), dtype=bool)
    return result


__all__ = ["WAR_TARGETS", "WarPath", "runs_at_start", "solve_timed_chunk", "timed_refusals"]
