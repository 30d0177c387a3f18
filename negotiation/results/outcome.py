"""What one chunk of draws produced: the rows of the draws table, before aggregation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

UNRESOLVED = "unresolved"
"""The per-draw extra (int 0 or 1) by which a protocol flags a draw it could not resolve.

Baron–Ferejohn and Rubinstein set it where they found no verified stationary
equilibrium; the draw's choice is then no deal, and the summary leaves it out
of the deal rate and counts it (``protocols.<label>.unresolved``).
"""


@dataclass
class ProtocolDraws:
    """One protocol's result per draw.

    Attributes
    ----------
    choice : ndarray of int64, shape (draws,)
        Package index, or -1 for no deal.
    utility : ndarray, shape (draws, parties)
        Realised utility: at the package chosen, or the reservation value on no deal.
    pivotal : ndarray of bool, shape (draws, parties)
        No deal, but a deal would exist without that party's participation constraint.
    rounds : ndarray of int64, shape (draws,), or None
        Round of agreement, for protocols with rounds (0 on no deal).
    proposer : ndarray of int64, shape (draws,), or None
        The party whose proposal decided the draw (-1 for none), for protocols with proposers.
    extras : dict
        Further per-draw numbers by name, e.g. ``p_war``, or :data:`UNRESOLVED`.
    free_choice : ndarray of int64, shape (draws,), or None
        With ratification steps: the package the protocol picks when domestic
        ratification is ignored (-1 for no deal), on the same draws.
    needs, passes : ndarray of bool, shape (draws, steps), or None
        Whether that unconstrained package triggers each ratification step,
        and whether the step would pass it.
    triggered : ndarray of bool, shape (draws, steps), or None
        Whether the package chosen (under ratification) triggers each step.
    tallies : dict
        Integer arrays the summary sums over chunks (a protocol's own counts).
    transcript : str or None
        A readable account of a single-draw run, for protocols that write one.
    period : ndarray of int64, shape (draws,), or None
        With a clock: the period of agreement, -1 where no deal by the horizon.
    failed : ndarray of bool, shape (draws, steps), or None
        With a ratification step the negotiators cannot see: whether that step
        rejected a package the protocol chose (at any talk, with a clock).
    blocking : ndarray of bool, shape (draws, parties + steps), or None
        In no-deal draws, each party's and then each ratification step's
        constraint that alone stands between the draw and a deal
        (``solvers.blocking.lone_blockers``); False in draws with a deal.
    """

    choice: NDArray[np.int64]
    utility: NDArray[np.float64]
    pivotal: NDArray[np.bool_]
    rounds: NDArray[np.int64] | None = None
    proposer: NDArray[np.int64] | None = None
    extras: dict[str, NDArray[np.float64] | NDArray[np.int64]] = field(default_factory=dict)
    free_choice: NDArray[np.int64] | None = None
    needs: NDArray[np.bool_] | None = None
    passes: NDArray[np.bool_] | None = None
    triggered: NDArray[np.bool_] | None = None
    tallies: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    transcript: str | None = None
    period: NDArray[np.int64] | None = None
    failed: NDArray[np.bool_] | None = None
    blocking: NDArray[np.bool_] | None = None

    @property
    def deal(self) -> NDArray[np.bool_]:
        return self.choice >= 0


@dataclass
class TimelineDraws:
    """With a clock: nature's lottery and each party's expected lottery at the start of each period.

    Attributes
    ----------
    nature : ndarray, shape (draws, periods, states)
    beliefs : ndarray, shape (draws, periods, parties, states)
    """

    nature: NDArray[np.float64]
    beliefs: NDArray[np.float64]


@dataclass
class ChunkOutcome:
    """Everything computed for draws ``start`` to ``stop - 1``.

    Attributes
    ----------
    sampled : dict
        Uncertain parameter path -> drawn values, shape (draws,).
    fired : ndarray of bool, shape (draws, events)
    reservation : ndarray, shape (draws, parties)
        Reservation values after events (derived ones included).
    protocols : dict
        Protocol label -> :class:`ProtocolDraws`.
    accept : ndarray of bool, shape (draws, parties, proposals)
        Whether each party weakly prefers each proposal to no deal.
    ratifiable : ndarray of bool, shape (draws, proposals)
    proposal_utility : ndarray, shape (draws, parties, proposals)
    support : ndarray, shape (draws, steps)
        Each ratification step's base support in the draw (before shifts).
    timeline : TimelineDraws or None
        With a clock: the lotteries per period (for the beliefs block).
    slack : ndarray, shape (draws,)
        The largest common rise of every reservation value that still leaves
        a deal (``solvers.blocking.slack``; -inf where the win-set is empty).
    """

    start: int
    stop: int
    sampled: dict[str, NDArray[np.float64]]
    fired: NDArray[np.bool_]
    reservation: NDArray[np.float64]
    protocols: dict[str, ProtocolDraws] = field(default_factory=dict)
    accept: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0, 0), dtype=bool))
    ratifiable: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))
    proposal_utility: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0, 0)))
    support: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))
    timeline: TimelineDraws | None = None
    slack: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    @property
    def size(self) -> int:
        return self.stop - self.start
