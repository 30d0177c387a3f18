"""The typed, validated scenario that every later layer reads.

Numeric leaves are not stored in the objects themselves: each is a
:class:`Parameter` in ``Scenario.parameters``, keyed by its dotted path
(``parties.russia.reservation``), and the objects refer to it by that path.
One table of parameters is what lets a distribution sit on any numeric leaf,
an event change any of them, and the draws table name each sampled column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.clock import Clock
from negotiation.scenario.defaults import (
    DEFAULT_CHUNK,
    DEFAULT_DRAWS,
    DEFAULT_SAMPLER,
    DEFAULT_SEED,
    DEFAULT_STAKEHOLDER_ROUNDS,
    DEFAULT_TACTIC,
)
from negotiation.scenario.distributions import Distribution, Domain
from negotiation.scenario.yamlio import Document

IssueKind = Literal["categorical", "numeric", "split"]
ValueKind = Literal["table", "increasing", "decreasing", "peak", "points", "share"]

MAX_PACKAGES = 200_000
"""Largest outcome space accepted: the product of the issue grid sizes, before exclusions."""


Role = Literal["leader", "delegation", "other"]


def format_number(x: float) -> str:
    """The decimal string that keys a numeric issue value, e.g. ``0.25`` or ``600000.0``."""
    return repr(round(float(x), 10) + 0.0)


@dataclass(frozen=True)
class Parameter:
    """One numeric leaf of the scenario.

    Attributes
    ----------
    path : str
        Dotted path, the name users write in ``--set`` and event effects.
    value : float or Distribution or None
        A fixed number, a distribution sampled per draw, or ``None`` for a
        reservation value derived from the war lottery.
    domain : Domain
        Values are clipped into this interval after event effects.
    implicit : bool
        True for defaults the file did not spell out (a missing weight is 0).
    """

    path: str
    value: float | Distribution | None
    domain: Domain
    implicit: bool = False

    @property
    def uncertain(self) -> bool:
        return isinstance(self.value, Distribution)


@dataclass(frozen=True)
class Issue:
    """An issue and its grid of values.

    Attributes
    ----------
    name, label : str
    kind : {"categorical", "numeric", "split"}
    options : tuple of str
        Categorical option names; empty otherwise.
    grid : ndarray, shape (size,)
        Numeric values (numeric issues) or the first party's share (split).
    shares : ndarray, shape (size, len(split))
        Split issues: each option's shares in ``split`` order; empty otherwise.
    split : tuple of str
        The parties that divide a split issue.
    lo, hi : float
        Range of a numeric issue; [0, 1] for split issues.
    """

    name: str
    label: str
    kind: IssueKind
    options: tuple[str, ...] = ()
    grid: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    shares: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))
    split: tuple[str, ...] = ()
    lo: float = 0.0
    hi: float = 1.0
    unit: str = ""

    @property
    def size(self) -> int:
        return len(self.options) if self.kind == "categorical" else len(self.grid)

    def value(self, j: int) -> str | float | list[float]:
        """Option ``j`` as it is written in YAML."""
        if self.kind == "categorical":
            return self.options[j]
        if self.kind == "numeric":
            return float(self.grid[j])
        return [round(float(s), 10) for s in self.shares[j]]

    def key(self, j: int) -> str:
        """Option ``j`` as a string key: the option name, ``0.25`` or ``[0.5, 0.5]``."""
        if self.kind == "categorical":
            return self.options[j]
        if self.kind == "numeric":
            return format_number(self.grid[j])
        return "[" + ", ".join(format_number(s) for s in self.shares[j]) + "]"

    def share_of(self, party: str) -> NDArray[np.float64]:
        """A split issue's share for ``party`` at each option, shape (size,); zeros if it has none."""
        if party in self.split:
            return self.shares[:, self.split.index(party)]
        return np.zeros(self.size)


@dataclass(frozen=True)
class ValueFunction:
    """How one party values one issue, onto [0, 1] (docs/MODEL.md §2).

    ``table`` holds one parameter path per option; ``peak`` one path; ``points``
    fixed abscissae ``xs`` with a parameter path per ordinate. ``share`` is the
    default for a split issue: the party's own share.
    """

    kind: ValueKind
    table: tuple[str, ...] = ()
    peak: str = ""
    xs: tuple[float, ...] = ()
    ys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Party:
    """A party; numeric attributes are parameter paths.

    ``power`` is None when the file writes ``power: from_patience``: the
    party's Nash exponent is then ``1 / (-ln patience)`` per draw
    (:mod:`negotiation.solvers.patience_power`).
    """

    name: str
    label: str
    weight: dict[str, str]
    value: dict[str, ValueFunction]
    reservation: str
    derived_reservation: bool
    power: str | None
    patience: str
    recognition: str


@dataclass(frozen=True)
class WarOutcome:
    """An end state of continued war: a complete package and its probability's path."""

    name: str
    label: str
    probability: str
    package: tuple[int, ...]


FROM_PATIENCE = "from_patience"
"""The value of a party's ``power`` (or of the ``nash`` option ``power``) that derives it from patience (Binmore, Rubinstein & Wolinsky 1986)."""

PartialPackage = dict[int, frozenset[int]]
"""Issue index -> the option indices that match."""


@dataclass(frozen=True)
class Effect:
    """``op`` in {add, multiply, set} of the operand parameter onto ``target``."""

    target: str
    op: str
    operand: str


@dataclass(frozen=True)
class Belief:
    """A party's Dirichlet prior over the end states of the war (Smith & Stam 2004).

    Attributes
    ----------
    party : str
    mean : dict
        End-state name -> parameter path of its prior mean, for every end state
        in ``NoDeal.outcomes`` order (a state the file leaves out has an
        implicit 0). Fixed means sum to 1; with distributions the engine
        renormalises the means per draw.
    confidence : str
        Parameter path of the concentration (pseudo-observations, in periods
        of fighting), above 0: the prior is Dirichlet(confidence * mean).
    """

    party: str
    mean: dict[str, str]
    confidence: str


@dataclass(frozen=True)
class WarType:
    """One private type of a party over the war (Fearon 1995; Fey & Ramsay 2011).

    Attributes
    ----------
    name : str
    prior : str
        Parameter path of the type's prior probability (a fixed number; a
        party's priors sum to 1).
    probability : dict
        End-state name -> parameter path of the type's own war lottery, for
        every end state in ``NoDeal.outcomes`` order (a state left out has an
        implicit 0; renormalised per draw like the outcomes). Empty when the
        type keeps nature's lottery.
    cost : str or None
        Parameter path of the party's cost of war under this type; None keeps
        ``no_deal.cost``.
    """

    name: str
    prior: str
    probability: dict[str, str]
    cost: str | None


@dataclass(frozen=True)
class PrivateTypes:
    """The private types of one party: the draw's true type is drawn from the priors.

    Attributes
    ----------
    party : str
    types : tuple of WarType
        In file order.
    """

    party: str
    types: tuple[WarType, ...]


@dataclass(frozen=True)
class Enforcement:
    """The commitment problem: an agreed package can collapse into war (Fearon 1995 §4; Powell 2006).

    Attributes
    ----------
    breakdown : str
        Parameter path of the base chance rho that a deal collapses.
    shift : dict
        (issue index, option index) -> parameter path of the change to rho for
        packages with that value, as ratification's ``shift``; rho is clipped
        to [0, 1] after the shifts.
    after : tuple of Effect
        The war that follows a collapse: effects on ``no_deal.*`` parameters.
    """

    breakdown: str
    shift: dict[tuple[int, int], str]
    after: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class NoDeal:
    """The war lottery (Fearon 1995): end states and each party's cost-parameter path.

    Attributes
    ----------
    outcomes : tuple of WarOutcome
    cost : dict
        Party -> parameter path.
    drift : dict
        End-state name -> parameter path of the per-period increment of its
        probability (shifting power, Powell 2006); the lottery is renormalised
        after each increment. Empty without ``drift``.
    beliefs : tuple of Belief
        The parties with their own priors, in file order; a party not listed
        believes nature's lottery. Empty without ``beliefs``.
    enforcement : Enforcement or None
        None without ``enforcement``: deals hold.
    types : PrivateTypes or None
        One party's private types over the war; None without ``types``.
    """

    outcomes: tuple[WarOutcome, ...]
    cost: dict[str, str]
    drift: dict[str, str] = field(default_factory=dict)
    beliefs: tuple[Belief, ...] = ()
    enforcement: Enforcement | None = None
    types: PrivateTypes | None = None

    @property
    def dynamic(self) -> bool:
        """True when drift, beliefs or enforcement are written: something only the timeline simulates."""
        return bool(self.drift or self.beliefs or self.enforcement is not None)


@dataclass(frozen=True)
class Ratification:
    """A domestic ratification step (Putnam 1988).

    ``shift`` maps (issue index, option index) to a parameter path.
    ``observed`` False: the negotiators know the support and threshold only
    by their laws as written, not the draw's values (Iida 1993).
    """

    name: str
    label: str
    party: str
    applies_if: PartialPackage
    support: str
    shift: dict[tuple[int, int], str]
    threshold: str
    observed: bool = True


@dataclass(frozen=True)
class Event:
    """A shock that fires per draw with probability ``probability`` (a path).

    ``at`` is the summit round (1-based, counted over all phases) from which a
    scheduled event's effects hold during the summit; None for an event that
    holds from the start. Protocols without a clock see every effect.

    A dated event (``at: YYYY-MM-DD``, which needs a ``clock``) has ``date``
    and ``period``, the clock period containing the date: in draws where it
    fires (with its ``probability``, as any event) its effects hold from that
    period on. ``at`` is then None.
    """

    name: str
    label: str
    probability: str
    effects: tuple[Effect, ...]
    at: int | None = None
    date: dt.date | None = None
    period: int | None = None


@dataclass(frozen=True)
class Stakeholder:
    """A leader, delegation member or other actor (Bueno de Mesquita 1994).

    Attributes
    ----------
    capability : str
        Parameter path.
    position, salience : dict
        Issue name -> parameter path. Positions on numeric issues are in the
        issue's units; on categorical issues the option's index (an ordinal
        scale in the listed order). Only issues with a salience are listed in
        ``salience``; the others have salience 0.
    tactic : str
        A leader's concession tactic at the summit.
    concession : str
        Parameter path of the tactic's exponent e (Faratin, Sierra & Jennings 1998).
    """

    name: str
    label: str
    party: str
    role: Role
    capability: str
    position: dict[str, str]
    salience: dict[str, str]
    tactic: str = DEFAULT_TACTIC
    concession: str = ""


@dataclass(frozen=True)
class Phase:
    """One phase of the summit; ``noise``, ``pull`` and ``audience_cost`` are parameter paths."""

    name: str
    label: str
    rounds: int
    attendees: tuple[str, ...]
    noise: str
    pull: str
    audience_cost: str


@dataclass(frozen=True)
class Summit:
    """The agent-based summit's plan (docs/MODEL.md §13).

    Attributes
    ----------
    phases : tuple of Phase
    absent : tuple of str
        Parties not at the table.
    first : str
        The party whose leader opens.
    stakeholder_rounds : int
        Rounds of stakeholder dynamics run in a phase with pull.
    anticipate : bool
        The leaders screen frameworks by the chance the absent parties accept
        them (``summit.anticipation``; docs/MODEL.md §17).
    beliefs : tuple of (str, float or Distribution)
        Explicit beliefs about absent parties' reservation values; an absent
        party not listed is anticipated from its law as written.
    """

    phases: tuple[Phase, ...]
    absent: tuple[str, ...]
    first: str
    stakeholder_rounds: int = DEFAULT_STAKEHOLDER_ROUNDS
    anticipate: bool = True
    beliefs: tuple[tuple[str, float | Distribution], ...] = ()

    @property
    def rounds(self) -> int:
        """Rounds over all phases."""
        return sum(p.rounds for p in self.phases)

    def start(self, phase: int) -> int:
        """The first round (1-based, over all phases) of phase number ``phase``."""
        return 1 + sum(p.rounds for p in self.phases[:phase])


@dataclass(frozen=True)
class Talk:
    """A dated talk: its date, label and the clock period containing the date."""

    date: dt.date
    label: str
    period: int


@dataclass(frozen=True)
class TalkSchedule:
    """When agreement is possible (``talks``; default every period).

    Attributes
    ----------
    mask : ndarray of bool, shape (n_periods,)
        True in each period with a talk: the dated talks' periods and every
        ``every``-th period from period 0.
    dated : tuple of Talk
        The dated talks, in file order, with their labels (for plots).
    every : tuple of int
        The strides written, in file order (empty: only dated talks, or the default).
    """

    mask: NDArray[np.bool_]
    dated: tuple[Talk, ...] = ()
    every: tuple[int, ...] = ()


@dataclass(frozen=True)
class Question:
    """A dated question the run answers: a deal by ``by`` (with these terms).

    Attributes
    ----------
    name : str
    by : date
        Within the clock (not after its horizon).
    period : int
        The last period that ends on or before ``by`` (:meth:`Clock.ended_by`):
        the question holds in a draw when the protocol's deal period is at most
        this. -1 when ``by`` falls before the end of period 0: no deal can be
        in time and the question's probability is 0.
    terms : PartialPackage or None
        ``with``: issue index -> allowed option indices; None for any deal.
    """

    name: str
    by: dt.date
    period: int
    terms: PartialPackage | None = None


@dataclass(frozen=True)
class MonteCarlo:
    """Draws, seed, sampler and chunk; ``precision``, when set, stops the run once every
    protocol's deal rate is known to that 95% half-width (``draws`` is then the most)."""

    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    sampler: str = DEFAULT_SAMPLER
    chunk: int = DEFAULT_CHUNK
    precision: float | None = None


@dataclass(frozen=True)
class ProtocolSpec:
    """A protocol to run and its options, e.g. ``baron_ferejohn`` with ``{rule: majority}``."""

    name: str
    options: dict[str, Any]

    @property
    def label(self) -> str:
        """The name that keys this protocol's results, e.g. ``nash`` or ``baron_ferejohn[rule=majority]``."""
        if not self.options:
            return self.name
        return f"{self.name}[{','.join(f'{k}={v}' for k, v in sorted(self.options.items()))}]"


@dataclass
class Scenario:
    """A validated scenario.

    Attributes
    ----------
    parameters : dict
        Every numeric leaf by dotted path, in file order; see :class:`Parameter`.
    document : Document
        The resolved YAML (overrides applied) with line numbers, for messages
        and for writing ``scenario.yaml``.
    as_of : date or None
        The information date.
    clock : Clock or None
        The periods of a dated scenario; None for a static one (one bargaining
        problem per draw, as without time).
    talks : TalkSchedule or None
        When agreement is possible; set exactly when ``clock`` is.
    questions : tuple of Question
        The dated questions, in file order (they need a clock).
    hindsight : tuple of str
        The proposals named in hindsight (``hindsight: true``): first put
        forward after ``as_of``, evaluated but never a parameter.
    """

    name: str
    title: str
    issues: tuple[Issue, ...]
    exclude: tuple[PartialPackage, ...]
    parties: tuple[Party, ...]
    no_deal: NoDeal | None
    ratification: tuple[Ratification, ...]
    events: tuple[Event, ...]
    proposals: dict[str, tuple[int, ...]]
    protocols: tuple[ProtocolSpec, ...]
    monte_carlo: MonteCarlo
    parameters: dict[str, Parameter]
    document: Document
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    stakeholders: tuple[Stakeholder, ...] = ()
    summit: Summit | None = None
    as_of: dt.date | None = None
    clock: Clock | None = None
    talks: TalkSchedule | None = None
    questions: tuple[Question, ...] = ()
    hindsight: tuple[str, ...] = ()

    @property
    def party_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parties)

    @property
    def at_table(self) -> tuple[str, ...]:
        """Parties present at the summit (all parties when the scenario has no summit plan)."""
        absent = self.summit.absent if self.summit is not None else ()
        return tuple(p for p in self.party_names if p not in absent)

    @property
    def uncertain(self) -> list[Parameter]:
        """Parameters drawn from a distribution, in file order."""
        return [p for p in self.parameters.values() if p.uncertain]

    def package(self, codes: tuple[int, ...] | NDArray[np.intp]) -> dict[str, Any]:
        """A package of option indices as ``{issue: value}`` in YAML form."""
        return {issue.name: issue.value(int(j)) for issue, j in zip(self.issues, codes, strict=True)}
