"""Solving one chunk of draws: parameters, utilities, every protocol, proposals.

The chunk is cut into sub-blocks of draws small enough that the utilities of
all packages, shape (sub-block, parties, packages), stay in cache; every
protocol on the package matrix runs on the same sub-block of utilities before
the next is built. The agent-based summit, which never needs the utilities of
all packages, runs once on the whole chunk. Loops run per sub-block or per
round, never per draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from negotiation.engine.finite import (
    require_finite_outcome,
    require_recognition_finite,
    require_reservations_finite,
    require_weights_finite,
)
from negotiation.engine.parameters import DrawnParameters, apply_effects, draw_parameters, only, schedule, uniform_columns, unscheduled
from negotiation.engine.registry import CATALOG, PROTOCOLS
from negotiation.engine.sampling import UniformSource
from negotiation.engine.timed import runs_at_start, solve_timed_chunk
from negotiation.engine.untimed import refuse_unsimulated
from negotiation.protocols.definition import BlockProtocol, ProtocolDefinition
from negotiation.results.outcome import ChunkOutcome, ProtocolDraws
from negotiation.scenario.at_start import AtStart, at_start
from negotiation.scenario.model import ProtocolSpec, Scenario
from negotiation.solvers import NO_DEAL, Bargaining, Outcome, PackageSet
from negotiation.solvers.bargaining import ClassMask
from negotiation.solvers.blocking import blocked_draws, lone_blockers, problem_slack
from negotiation.solvers.nash_scan import compiled_scan, spread
from negotiation.solvers.participation import pivotal
from negotiation.solvers.patience_power import party_powers, protocol_powers
from negotiation.solvers.ratification import Ratifier, chosen_passes, chosen_ratifiable, package_passes, win_set
from negotiation.solvers.unobserved import Hidden
from negotiation.space import OutcomeSpace
from negotiation.summit import Talks
from negotiation.summit.chunk_protocol import ChunkProtocol
from negotiation.summit.noise import draw_keys
from negotiation.utility import TOL, chosen_utilities, normalised, package_utilities, war_expectation, weighted_values

SUB_BLOCK_BYTES = 1 << 22
"""Target size of one sub-block's utility array (float64), in bytes; small enough to stay in cache."""


@dataclass
class Plan:
    """A scenario made ready to solve: its space, protocols and random source."""

    scenario: Scenario
    space: OutcomeSpace
    packages: PackageSet
    protocols: list[tuple[ProtocolSpec, ProtocolDefinition]]
    ratifier: Ratifier
    proposal_columns: NDArray[np.intp]
    proposal_index: NDArray[np.int64]
    sub_block: int
    source: UniformSource = field(repr=False)
    schedule: list[tuple[int, list[int]]] = field(default_factory=list)
    hidden: Hidden | None = None
    """The ratification steps the negotiators cannot see (None: every step is observed)."""
    at_start: AtStart | None = None
    """How a scenario with a clock became the one-shot problem its untimed protocols run on (None: run as given)."""

    @classmethod
    def build(cls, scenario: Scenario, space: OutcomeSpace | None = None) -> Plan:
        """The plan of a scenario; with a clock and only the summit or ``bdm``, of its one-shot problem at the clock's start.

        Raises
        ------
        ScenarioError
            For what the engine does not simulate (``engine.untimed``), one located line each.
        """
        record = None
        if runs_at_start(scenario):
            scenario, record = at_start(scenario, CATALOG)
        refuse_unsimulated(scenario)
        space = space or OutcomeSpace.from_scenario(scenario)
        codes = np.array(list(scenario.proposals.values()), dtype=np.intp).reshape(-1, len(scenario.issues))
        per_draw = len(scenario.parties) * space.size * 8
        mc = scenario.monte_carlo
        ratifier = Ratifier.build(scenario, space)
        return cls(
            scenario=scenario,
            space=space,
            packages=PackageSet.from_space(space),
            protocols=[(spec, PROTOCOLS[spec.name]) for spec in scenario.protocols],
            ratifier=ratifier,
            proposal_columns=space.option_columns(codes),
            proposal_index=space.index(codes),
            sub_block=max(1, SUB_BLOCK_BYTES // per_draw),
            source=UniformSource(mc.sampler, mc.seed, uniform_columns(scenario)),
            schedule=schedule(scenario),
            hidden=Hidden.build(scenario, space, ratifier),
            at_start=record,
        )


def _stack(values: dict[str, NDArray[np.float64]], paths: list[str]) -> NDArray[np.float64]:
    return np.column_stack([values[p] for p in paths])


def _add(into: dict[str, NDArray[np.int64]], more: Mapping[str, NDArray[np.int64]]) -> None:
    for name, counts in more.items():
        into[name] = into[name] + counts if name in into else counts.copy()


def _talks(
    plan: Plan,
    wv: NDArray[np.float64],
    states: list[NDArray[np.float64]],
    fired: NDArray[np.bool_],
    values: dict[str, NDArray[np.float64]],
    uniforms: NDArray[np.float64],
    levels: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]],
    lotteries: list[NDArray[np.float64]] | None = None,
) -> Talks:
    """The summit's view of a chunk."""
    support, threshold, shift = levels
    ratifier = plan.ratifier

    def ratifiable(choice: NDArray[np.int64]) -> NDArray[np.bool_]:
        if not ratifier.steps:
            return choice >= 0
        return chosen_ratifiable(support, threshold, shift, ratifier.triggers, plan.packages.columns, choice)

    events = plan.scenario.events
    return Talks(
        scenario=plan.scenario,
        space=plan.space,
        wv=wv,
        reservations=np.stack(states),
        state_from=(1, *(at for at, _ in plan.schedule)),
        state_events=((), *(tuple(events[j].name for j in group) for _, group in plan.schedule)),
        fired=fired,
        values=values,
        keys=draw_keys(uniforms[:, 0]),
        ratifiable=ratifiable,
        transcript=plan.scenario.monte_carlo.draws == 1,
        lotteries=np.stack(lotteries) if lotteries else None,
    )


def reservation_states(
    plan: Plan,
    values: dict[str, NDArray[np.float64]],
    wv: NDArray[np.float64],
    fired: NDArray[np.bool_],
    lotteries: list[NDArray[np.float64]] | None = None,
    start: int = 0,
) -> tuple[list[NDArray[np.float64]], NDArray[np.float64] | None]:
    """Reservation values before and after each group of scheduled events, and the final war lottery.

    ``values`` enters with the effects of unscheduled events applied and
    leaves with every effect applied (the world after the summit).

    Returns
    -------
    states : list of ndarray, shape (draws, parties) each
        State 0 holds from the start; state s after the s-th group of
        scheduled events (``parameters.schedule``); the last is final.
    lottery : ndarray, shape (draws, parties), or None

    A list given as ``lotteries`` receives the war lottery's expected utility of each state.
    A reservation value that is NaN or infinite stops the run (``engine.finite``;
    ``start`` is the draw of the first row, for its message).
    """
    scenario, space = plan.scenario, plan.space
    states = []
    lottery = None
    included = unscheduled(scenario)
    groups = [[], *[events for _, events in plan.schedule]]
    for events in groups:
        if events:
            apply_effects(scenario, values, only(fired, events), derived=False, start=start)
            included = included + events
        if scenario.no_deal is not None:
            lottery = war_expectation(wv, space, scenario.no_deal, values)
            for j, party in enumerate(scenario.parties):
                if party.derived_reservation:
                    values[party.reservation] = lottery[:, j] - values[scenario.no_deal.cost[party.name]]
            apply_effects(scenario, values, only(fired, included), derived=True, start=start)
            if lotteries is not None:
                lotteries.append(lottery)
        state = _stack(values, [p.reservation for p in scenario.parties])
        require_reservations_finite(scenario, state, start)
        states.append(state)
    return states, lottery


@dataclass
class ChunkInputs:
    """What every protocol starts from on a range of draws: parameters, weighted values, reservation values."""

    drawn: DrawnParameters
    wv: NDArray[np.float64]
    states: list[NDArray[np.float64]]
    lottery: NDArray[np.float64] | None
    levels: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]
    lotteries: list[NDArray[np.float64]] = field(default_factory=list)

    @property
    def values(self) -> dict[str, NDArray[np.float64]]:
        return self.drawn.values


def chunk_inputs(plan: Plan, start: int, stop: int) -> ChunkInputs:
    """Sample draws ``start`` to ``stop - 1`` and derive their utilities and reservation values."""
    drawn = draw_parameters(plan.scenario, plan.source, start, stop)
    require_weights_finite(plan.scenario, drawn.values, start)
    wv = weighted_values(plan.scenario, plan.space, drawn.values, stop - start)
    lotteries: list[NDArray[np.float64]] = []
    states, lottery = reservation_states(plan, drawn.values, wv, drawn.fired, lotteries, start)
    return ChunkInputs(drawn, wv, states, lottery, plan.ratifier.levels(drawn.values, stop - start), lotteries)


def chunk_talks(plan: Plan, start: int, stop: int, spec: ProtocolSpec) -> Talks:
    """The summit's view of draws ``start`` to ``stop - 1`` (for running the model directly)."""
    given = chunk_inputs(plan, start, stop)
    uniforms = given.drawn.protocol_uniforms[spec.label]
    return _talks(plan, given.wv, given.states, given.drawn.fired, given.values, uniforms, given.levels, given.lotteries)


def solve_chunk(plan: Plan, start: int, stop: int) -> ChunkOutcome:
    """Run every protocol on draws ``start`` to ``stop - 1`` (period by period with a clock: ``engine.timed``).

    Raises
    ------
    NonFiniteError
        At the first NaN or infinity the draws make (``engine.finite``).
    """
    outcome = solve_timed_chunk(plan, start, stop) if plan.scenario.clock is not None else _solve_static_chunk(plan, start, stop)
    require_finite_outcome(plan.scenario, outcome)
    return outcome


def _scan_block(
    plan: Plan, matrix: list[tuple[ProtocolSpec, BlockProtocol]], power: NDArray[np.float64], patience: NDArray[np.float64]
) -> int:
    """Draws per block: larger than ``plan.sub_block`` when every protocol on the package matrix is Nash solved by ``solvers.nash_scan``.

    That path never forms an array over (draws, parties, packages); its
    largest is the win-set, one byte per package and draw, so a block holds
    ``SUB_BLOCK_BYTES`` of it (gains of no-deal draws are still formed
    ``plan.sub_block`` draws at a time). Fewer, longer blocks cost less per
    draw. The results do not depend on the block size.
    """
    if not matrix or not compiled_scan():
        return plan.sub_block
    for spec, _ in matrix:
        if spec.name != "nash" or not np.all(protocol_powers(power, patience, spec) == 1.0):
            return plan.sub_block
    return max(plan.sub_block, SUB_BLOCK_BYTES // max(plan.packages.size, 1))


def _solve_static_chunk(plan: Plan, start: int, stop: int) -> ChunkOutcome:
    """Run every protocol on draws ``start`` to ``stop - 1`` of a scenario without a clock."""
    scenario, space = plan.scenario, plan.space
    n = stop - start
    given = chunk_inputs(plan, start, stop)
    drawn, values, wv, states, lottery = given.drawn, given.values, given.wv, given.states, given.lottery
    d = states[-1]
    offsets = None if drawn.types is None else drawn.types.offsets(wv, space, scenario)
    patience = _stack(values, [p.patience for p in scenario.parties])
    power = party_powers(scenario.parties, values, patience)
    recognition = normalised(require_recognition_finite(scenario, _stack(values, [p.recognition for p in scenario.parties]), start))

    parties = len(scenario.parties)
    labels = [spec.label for spec, _ in plan.protocols]
    choices = {label: np.empty(n, dtype=np.int64) for label in labels}
    blocked = {label: np.zeros((n, parties), dtype=bool) for label in labels}
    blocking = {label: np.zeros((n, parties + plan.ratifier.steps), dtype=bool) for label in labels}
    slack = np.full(n, -np.inf)
    rounds: dict[str, NDArray[np.int64]] = {}
    proposers: dict[str, NDArray[np.int64]] = {}
    extras: dict[str, dict[str, NDArray[np.float64] | NDArray[np.int64]]] = {label: {} for label in labels}
    tallies: dict[str, dict[str, NDArray[np.int64]]] = {label: {} for label in labels}
    transcripts: dict[str, str] = {}
    ratifier = plan.ratifier
    steps = ratifier.steps
    support, threshold, shift = given.levels
    free = {label: np.empty(n, dtype=np.int64) for label in labels} if steps else {}
    needs = {label: np.zeros((n, steps), dtype=bool) for label in labels}
    passed = {label: np.zeros((n, steps), dtype=bool) for label in labels}
    hidden = plan.hidden
    failed = {label: np.zeros((n, steps), dtype=bool) for label in labels} if hidden is not None else {}
    prepared = {}
    matrix = [(spec, protocol) for spec, protocol in plan.protocols if isinstance(protocol, BlockProtocol)]
    for spec, protocol in matrix:
        if protocol.prepare is not None:
            ready = protocol.prepare(scenario, values, n, spec)
            prepared[spec.label] = ready.rows
            _add(tallies[spec.label], ready.tallies)

    def record(label: str, rows: slice, outcome: Outcome, unbound: NDArray[np.int64] | None) -> None:
        """File one protocol's outcome on some draws."""
        lo = rows.start
        choices[label][rows] = outcome.choice
        if outcome.rounds is not None:
            rounds.setdefault(label, np.zeros(n, dtype=np.int64))[rows] = outcome.rounds
        if outcome.proposer is not None:
            proposers.setdefault(label, np.full(n, -1, dtype=np.int64))[rows] = outcome.proposer
        for name, column in outcome.extras.items():
            if name not in extras[label]:
                floating = np.issubdtype(column.dtype, np.floating)
                extras[label][name] = np.full(n, np.nan) if floating else np.full(n, -1, dtype=np.int64)
            extras[label][name][rows] = column
        _add(tallies[label], outcome.tallies)
        if outcome.transcript is not None:
            transcripts[label] = outcome.transcript
        if unbound is not None:
            free[label][rows] = unbound
            dealt = np.flatnonzero(unbound >= 0)
            needs[label][lo + dealt] = ratifier.triggers[:, unbound[dealt]].T
            at = lo + dealt
            passed[label][at] = chosen_passes(support[at], threshold[at], shift[at], plan.packages.columns[unbound[dealt]])

    block = _scan_block(plan, matrix, power, patience) if hidden is None else plan.sub_block
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        rows = slice(lo, hi)
        # pass/fail once per class of packages the steps treat alike, then spread to the packages
        passing = ratifier.passing(support[rows], threshold[rows], shift[rows], plan.packages.incidence) if steps else None
        made = None
        if passing is not None:  # the win-set: passing.win_set(ratifier.seen), spread from its classes faster
            by_class = win_set(ratifier.seen[:, passing.classes.representatives], passing.by_class)
            made = ClassMask(by_class, passing.classes.index, spread(by_class, passing.classes.index))
        problem = Bargaining(
            wv=wv[rows],
            d=d[rows],
            packages=plan.packages,
            feasible=None if made is None else made.mask,
            feasible_classes=made,
            power=power[rows],
            patience=patience[rows],
            recognition=recognition[rows],
            uniforms={label: u[rows] for label, u in drawn.protocol_uniforms.items()},
            parties=scenario.party_names,
            parameters=scenario.parameters,
            lottery=None if lottery is None else lottery[rows],
            prepared={label: {k: v[rows] for k, v in ready.items()} for label, ready in prepared.items()},
            types=None if drawn.types is None or offsets is None else drawn.types.view(offsets, rows),
            tied_hands=passing is not None,
        )
        # Steps the negotiators cannot see: they bargain over expected gains (solvers.unobserved).
        if hidden is None:
            asked = problem
        else:
            chance = hidden.chance(shift[rows]) if passing is None else hidden.class_chance(shift[rows], passing.classes)
            asked = hidden.expected(problem, chance)
        for spec, protocol in matrix:
            label = spec.label
            outcome = protocol.solve(asked, spec)
            missed = np.flatnonzero(outcome.choice == NO_DEAL)
            # gains of the no-deal draws, a sub-block's worth at a time (the block may be larger: _scan_block)
            for part in np.array_split(missed, -(-missed.size // plan.sub_block)) if missed.size else ():
                gain = problem.gain_of(part)
                blocking[label][lo + part] = lone_blockers(gain, ratifier.triggers, None if passing is None else passing.dense(part))
                if outcome.pivotal is None:
                    feasible = None if asked.feasible is None else asked.feasible[part]
                    blocked[label][lo + part] = pivotal(gain if asked is problem else asked.gain_of(part), feasible)
            if outcome.pivotal is not None:
                blocked[label][rows] = outcome.pivotal
            if hidden is not None:  # then the draw's own support votes on the package chosen
                outcome, failed[label][rows] = hidden.judge(outcome, support[rows], threshold[rows], shift[rows], plan.packages.columns)
            # The tied-hands comparison: the same protocol on the same draws, ratification ignored.
            unbound = None
            if passing is not None:
                unbound = (
                    outcome.unconstrained if outcome.unconstrained is not None else protocol.solve(problem.unconstrained(), spec).choice
                )
            record(label, rows, outcome, unbound)
        # a deal must pass every step at home, seen or not: the slack is on the draw's realised win-set
        slack[rows] = problem_slack(
            problem if hidden is None or passing is None else problem.restricted(passing.win_set(ratifier.triggers))
        )

    for spec, whole in plan.protocols:
        if not isinstance(whole, ChunkProtocol):
            continue
        uniforms = drawn.protocol_uniforms[spec.label]
        talks = _talks(plan, wv, states, drawn.fired, values, uniforms, (support, threshold, shift), given.lotteries)
        outcome = whole.solve(talks, spec)
        blocked[spec.label][:] = outcome.pivotal if outcome.pivotal is not None else False
        if hidden is not None and outcome.unconstrained is not None:  # the summit never screens by ratification
            failed[spec.label][:] = hidden.failures(support, threshold, shift, plan.packages.columns, outcome.unconstrained)
        missed = np.flatnonzero(outcome.choice == NO_DEAL).astype(np.intp)
        levels = (support, threshold, shift)
        blocking[spec.label][missed] = blocked_draws(wv, d, plan.packages, ratifier.triggers, levels, missed, plan.sub_block)
        record(spec.label, slice(0, n), outcome, outcome.unconstrained if steps else None)

    result = ChunkOutcome(start=start, stop=stop, sampled=drawn.sampled, fired=drawn.fired, reservation=d, support=support, slack=slack)
    for label in labels:
        choice = choices[label]
        deal = choice >= 0
        realised = d.copy()
        if deal.any():
            realised[deal] = chosen_utilities(wv[deal], space.option_columns(space.codes[choice[deal]]))
        result.protocols[label] = ProtocolDraws(
            choice,
            realised,
            blocked[label],
            rounds.get(label),
            proposers.get(label),
            extras[label],
            free.get(label),
            needs[label] if steps else None,
            passed[label] if steps else None,
            (ratifier.triggers[:, np.maximum(choice, 0)].T & deal[:, None]) if steps else None,
            tallies[label],
            transcripts.get(label),
            failed=failed.get(label),
            blocking=blocking[label],
        )
    proposal_u = package_utilities(wv, plan.proposal_columns)
    result.proposal_utility = proposal_u
    result.accept = proposal_u >= d[:, :, None] - TOL
    if steps:
        at_proposals = package_passes(support, threshold, shift, plan.proposal_columns)
        result.ratifiable = win_set(ratifier.triggers[:, plan.proposal_index], at_proposals)
    else:
        result.ratifiable = np.ones((n, len(plan.proposal_columns)), dtype=bool)
    return result


__all__ = ["SUB_BLOCK_BYTES", "ChunkInputs", "Plan", "chunk_inputs", "chunk_talks", "reservation_states", "solve_chunk"]
