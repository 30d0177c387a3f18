"""The summit as a Mesa 3 model, advancing a whole chunk of draws in lockstep (docs/MODEL.md §13).

Agents are thin. A :class:`Leader` holds its party's index, its ladder of
offers and its concession state as arrays with a leading draws axis; a
:class:`Delegate` holds a stakeholder's name and party. One model step is one
round of the summit in every draw at once:

1. entering a phase, the attendees' stakeholder dynamics set each leader's
   pull target (``summit.delegations``);
2. reservation values switch to the state of any scheduled event due;
3. every leader concedes by its tactic (``summit.tactics``);
4. the leader whose turn it is offers a rung of its ladder
   (``summit.ladder``);
5. every other leader hears the offer through the phase's interpreter noise
   and accepts when what it hears is worth at least its aspiration and its
   reservation value (plus audience costs in force);
6. draws where all accept are settled; the rest go on.

With ``summit.anticipation`` (the default) the leaders value every framework
at its expected utility given the chance the absent parties accept it
(``summit.anticipation``), in steps 3-5 alike.

Mesa supplies the structure (agents registered with the model, activation
through ``AgentSet.do``) and the data collection (``DataCollector``). After
the last round the absent parties accept or reject the framework and
ratification applies (``summit.protocol``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mesa
import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Stakeholder
from negotiation.summit.anticipation import acceptance, joined, valued
from negotiation.summit.delegations import Consensus, pull_targets
from negotiation.summit.ladder import Ladder, build_ladder
from negotiation.summit.noise import normals
from negotiation.summit.tactics import aspiration, time_dependent, tit_for_tat
from negotiation.summit.talks import Talks
from negotiation.utility import TOL


class Leader(mesa.Agent):  # type: ignore[misc]
    """A party's leader at the table.

    Attributes
    ----------
    seat : int
        Position in the turn order.
    party : int
        Party index.
    ladder : Ladder
    concession : ndarray, shape (draws,)
        Share of its range conceded so far (alpha).
    last_step : ndarray, shape (draws,)
        The concession made in the latest round (what tit-for-tat answers).
    aspiration : ndarray, shape (draws,)
    standing : ndarray, shape (draws,)
        The leader's own utility of the latest offer it made (its ideal before it has offered).
    chance : list of ndarray, shape (draws, rungs) each, or None
        With anticipation, per reservation state: the chance every absent party accepts each rung.
    valued : list of Ladder, or None
        With anticipation, per reservation state: the ladder valued at expected utilities
        (``anticipation.valued``); ``ideal`` and the offers follow the state in force.
    """

    def __init__(
        self,
        model: SummitModel,
        seat: int,
        party: int,
        who: Stakeholder,
        ladder: Ladder,
        exponent: NDArray[np.float64],
        chance: list[NDArray[np.float64]] | None = None,
        valued: list[Ladder] | None = None,
    ):
        super().__init__(model)
        self.seat = seat
        self.party = party
        self.who = who
        self.ladder = ladder
        self.exponent = exponent
        self.chance = chance
        self.valued = valued
        self.ideal = ladder.ideal if valued is None else valued[0].ideal
        n = len(exponent)
        self.concession = np.zeros(n)
        self.last_step = np.zeros(n)
        self.aspiration = self.ideal.copy()
        self.standing = ladder.ideal.copy()
        self.target = np.full(n, np.nan)

    def offers(self, state: int) -> Ladder:
        """The ladder this leader offers from in reservation state ``state`` (valued at expected utilities with anticipation)."""
        return self.ladder if self.valued is None else self.valued[state]

    def concede(self, t: int, floor: NDArray[np.float64], others_step: NDArray[np.float64], pull: NDArray[np.float64] | None) -> None:
        """Move this round's concession and aspiration (``summit.tactics``), then apply the delegation's pull."""
        total = self.model.rounds
        if self.who.tactic == "tit_for_tat":
            alpha = tit_for_tat(self.concession, others_step, t, total)
        else:
            alpha = time_dependent(t, total, self.exponent)
        self.last_step = alpha - self.concession
        self.concession = alpha
        level = aspiration(alpha, self.ideal, floor)
        if pull is not None:
            pulled = np.maximum((1.0 - pull) * level + pull * self.target, floor)
            level = np.where(np.isnan(self.target), level, pulled)
        self.aspiration = level


class Delegate(mesa.Agent):  # type: ignore[misc]
    """A delegation member or other stakeholder: a name and a party, nothing more."""

    def __init__(self, model: SummitModel, who: Stakeholder, party: int):
        super().__init__(model)
        self.who = who
        self.party = party


@dataclass
class Settlement:
    """What the talks settled, per draw.

    Attributes
    ----------
    done : ndarray of bool, shape (draws,)
        A framework was agreed at the table.
    round, phase, proposer, package : ndarray of int64, shape (draws,)
        When (round 1-based, phase index), by whom (party index) and on what
        (package index); 0 / -1 where not done.
    utility : ndarray, shape (draws, parties)
        Every party's utility of the framework (NaN where not done).
    blocked : ndarray of bool, shape (draws, parties)
        Who said no to the last offer of a draw with no framework.
    consensus, targets : dict
        Per phase with pull: the delegations' consensus and the leaders'
        pull targets, shape (draws, seats).
    chance : ndarray, shape (draws,), or None
        With anticipation: the leaders' belief, when the framework was agreed,
        that every absent party accepts it (NaN where not done).
    """

    done: NDArray[np.bool_]
    round: NDArray[np.int64]
    phase: NDArray[np.int64]
    proposer: NDArray[np.int64]
    package: NDArray[np.int64]
    utility: NDArray[np.float64]
    blocked: NDArray[np.bool_]
    consensus: dict[int, list[Consensus]] = field(default_factory=dict)
    targets: dict[int, NDArray[np.float64]] = field(default_factory=dict)
    chance: NDArray[np.float64] | None = None

    @classmethod
    def empty(cls, draws: int, parties: int) -> Settlement:
        return cls(
            done=np.zeros(draws, dtype=bool),
            round=np.zeros(draws, dtype=np.int64),
            phase=np.full(draws, -1, dtype=np.int64),
            proposer=np.full(draws, -1, dtype=np.int64),
            package=np.full(draws, -1, dtype=np.int64),
            utility=np.full((draws, parties), np.nan),
            blocked=np.zeros((draws, parties), dtype=bool),
        )


class SummitModel(mesa.Model):  # type: ignore[misc]
    """The summit over a chunk of draws.

    Parameters
    ----------
    talks : Talks
        Inputs with a leading draws axis.
    """

    def __init__(self, talks: Talks):
        super().__init__(rng=0)  # the draws carry their own randomness; Mesa's is unused
        scenario = talks.scenario
        summit = scenario.summit
        assert summit is not None
        self.talks = talks
        self.summit = summit
        self.n = talks.draws
        names = scenario.party_names
        self.table = [names.index(p) for p in scenario.at_table]
        self.absent = [names.index(p) for p in summit.absent]
        self.rounds = summit.rounds
        self.phase_of_round = np.repeat(np.arange(len(summit.phases)), [p.rounds for p in summit.phases])
        self.first_seat = self.table.index(names.index(summit.first)) if summit.first in names else 0
        leaders = {s.party: s for s in scenario.stakeholders if s.role == "leader"}
        self.anticipate = summit.anticipate and bool(self.absent)
        self.leaders: list[Leader] = []
        for seat, p in enumerate(self.table):
            who = leaders[names[p]]
            ladder = build_ladder(talks.wv, talks.space, p, self.table)
            exponent = np.asarray(talks.values[who.concession], dtype=np.float64)
            if not self.anticipate:
                self.leaders.append(Leader(self, seat, p, who, ladder, exponent))
                continue
            ladder = joined(ladder, build_ladder(talks.wv, talks.space, p, self.table + self.absent))  # it trades towards the absent too
            chance = [acceptance(talks, ladder.utility, s) for s in range(len(talks.reservations))]
            ladders = [valued(ladder, c, d, p, self.table) for c, d in zip(chance, talks.reservations, strict=True)]
            self.leaders.append(Leader(self, seat, p, who, ladder, exponent, chance, ladders))
        for s in scenario.stakeholders:
            if s.role != "leader" or s.party not in scenario.at_table:
                Delegate(self, s, names.index(s.party))
        costs = np.column_stack([talks.values[p.audience_cost] for p in summit.phases])
        self.audience = np.cumsum(costs, axis=1)  # (draws, phases): audience costs in force in each phase
        self.noise = np.column_stack([talks.values[p.noise] for p in summit.phases])
        self.pull = np.column_stack([talks.values[p.pull] for p in summit.phases])
        self.state_of_round = np.searchsorted(np.asarray(talks.state_from), np.arange(1, self.rounds + 1), side="right") - 1
        self.settled = Settlement.empty(self.n, len(names))
        self.chance = np.full(self.n, np.nan)
        if self.anticipate:
            self.settled.chance = np.full(self.n, np.nan)
        self.t = 0
        self.phase = -1
        self.offer = np.full(self.n, -1, dtype=np.int64)
        self.heard = np.full((self.n, len(self.table)), np.nan)
        self.accepted = np.zeros((self.n, len(self.table)), dtype=bool)
        self.reporters: dict[str, Any] = {"standing": lambda m: np.column_stack([x.standing for x in m.leaders])}
        if talks.transcript:
            self.reporters |= {
                "proposer": lambda m: m.proposer_seat,
                "offer": lambda m: m.offer.copy(),
                "offer_utility": lambda m: m.offer_utility.copy(),
                "heard": lambda m: m.heard.copy(),
                "accepted": lambda m: m.accepted.copy(),
                "aspiration": lambda m: np.column_stack([x.aspiration for x in m.leaders]),
                "floor": lambda m: m.floor.copy(),
                "done": lambda m: m.settled.done.copy(),
            }
            if self.anticipate:
                self.reporters["chance"] = lambda m: m.chance.copy()
        self.datacollector = mesa.DataCollector(model_reporters=self.reporters)
        self.proposer_seat = self.first_seat
        self.offer_utility = np.full((self.n, len(names)), np.nan)
        self.floor = np.zeros((self.n, len(self.table)))

    # -- one round -------------------------------------------------------------

    def enter_phase(self, k: int) -> None:
        """Start phase ``k``: set the leaders' pull targets from the attendees' stakeholder dynamics."""
        self.phase = k
        phase = self.summit.phases[k]
        if not np.any(self.pull[:, k] > 0):
            for leader in self.leaders:
                leader.target = np.full(self.n, np.nan)
            return
        ideal = np.column_stack([x.ideal for x in self.leaders])
        targets, consensus = pull_targets(
            self.talks.scenario,
            self.talks.space,
            dict(self.talks.values),
            self.talks.wv,
            phase.attendees,
            self.table,
            ideal,
            self.summit.stakeholder_rounds,
        )
        self.settled.consensus[k] = consensus
        self.settled.targets[k] = targets
        for seat, leader in enumerate(self.leaders):
            leader.target = targets[:, seat]

    def step(self) -> None:
        """One round in every draw."""
        self.t += 1
        t = self.t
        k = int(self.phase_of_round[t - 1])
        state = int(self.state_of_round[t - 1])
        if self.anticipate:
            for leader in self.leaders:
                leader.ideal = leader.offers(state).ideal
        if k != self.phase:
            self.enter_phase(k)
        d = self.talks.reservations[state]
        audience = self.audience[:, k]
        self.floor = np.column_stack([d[:, x.party] + audience for x in self.leaders])
        steps = np.column_stack([x.last_step for x in self.leaders])
        m = len(self.leaders)
        for seat, leader in enumerate(self.leaders):
            others = (steps.sum(axis=1) - steps[:, seat]) / max(m - 1, 1)
            pull = self.pull[:, k] if leader.target is not None and np.any(self.pull[:, k] > 0) else None
            leader.concede(t, self.floor[:, seat], others, pull)
        self.proposer_seat = (self.first_seat + t - 1) % m
        proposer = self.leaders[self.proposer_seat]
        rung = proposer.offers(state).offer(proposer.aspiration, TOL)
        rows = np.arange(self.n)
        live = ~self.settled.done
        self.offer = np.where(live, proposer.ladder.package[rows, rung], self.settled.package)
        self.offer_utility = np.where(live[:, None], proposer.ladder.utility[rows, rung, :], self.settled.utility)
        proposer.standing = np.where(live, self.offer_utility[:, proposer.party], proposer.standing)
        value = self.offer_utility
        possible = np.ones(self.n, dtype=bool)
        if proposer.chance is not None and self.settled.chance is not None:
            self.chance = np.where(live, proposer.chance[state][rows, rung], self.settled.chance)
            value = d + self.chance[:, None] * (self.offer_utility - d)
            possible = self.chance > 0  # nobody signs what it is sure an absent party rejects
        sigma = self.noise[:, k]
        listeners = np.array([x.seat for x in self.leaders if x is not proposer], dtype=np.intp)
        z = normals(self.talks.keys, t, listeners) if np.any(sigma > 0) else np.zeros((self.n, len(listeners)))
        self.heard[:] = np.nan
        self.accepted[:] = False
        for j, seat in enumerate(listeners):
            leader = self.leaders[seat]
            heard = value[:, leader.party] - sigma * np.abs(z[:, j])
            self.heard[:, seat] = heard
            self.accepted[:, seat] = (heard >= leader.aspiration - TOL) & (heard >= self.floor[:, seat] - TOL) & possible
        self.accepted[:, proposer.seat] = (value[:, proposer.party] >= self.floor[:, proposer.seat] - TOL) & possible
        agreed = live & self.accepted.all(axis=1) & (self.offer >= 0)
        s = self.settled
        s.done |= agreed
        s.round[agreed] = t
        s.phase[agreed] = k
        s.proposer[agreed] = proposer.party
        s.package[agreed] = self.offer[agreed]
        s.utility[agreed] = self.offer_utility[agreed]
        if s.chance is not None:
            s.chance[agreed] = self.chance[agreed]
        refused = live & ~agreed
        s.blocked[refused] = False
        for seat, leader in enumerate(self.leaders):
            s.blocked[refused, leader.party] = ~self.accepted[refused, seat]
        if self.anticipate:  # an offer some absent party is sure to reject is blocked by it
            s.blocked[np.ix_(np.flatnonzero(refused & ~possible), np.asarray(self.absent, dtype=np.intp))] = True
        self.datacollector.collect(self)
        if t >= self.rounds or s.done.all():
            self.running = False

    def run(self) -> Settlement:
        """Run every round (stopping early once every draw has settled)."""
        self.run_model()
        return self.settled


__all__ = ["Delegate", "Leader", "Settlement", "SummitModel"]
