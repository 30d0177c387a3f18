"""What the summit needs for a chunk of draws, with a leading draws axis on every array."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import Scenario
from negotiation.space import OutcomeSpace


@dataclass(frozen=True)
class Talks:
    """The inputs of one summit run over a chunk of draws.

    Attributes
    ----------
    scenario : Scenario
    space : OutcomeSpace
    wv : ndarray, shape (draws, parties, options)
        Weighted option values (``utility.weighted_values``).
    reservations : ndarray, shape (states, draws, parties)
        Reservation values as scheduled events change them: state 0 holds
        from round 1, state s from round ``state_from[s]``; the last state is
        the one in force after the summit.
    state_from : tuple of int
        First round of each state (1 for state 0).
    state_events : tuple of tuple of str
        The scheduled events that begin each state (empty for state 0).
    fired : ndarray of bool, shape (draws, events)
    values : mapping
        Every parameter's value per draw, shape (draws,).
    keys : ndarray of uint64, shape (draws,)
        Each draw's key for the interpreter noise (``summit.noise``).
    ratifiable : callable
        Package index per draw, shape (draws,) -> whether the package passes
        every ratification step it triggers in that draw (False for -1).
    transcript : bool
        Record every round for a readable transcript.
    lotteries : ndarray, shape (states, draws, parties), or None
        Each party's expected utility of the war lottery in each state of
        ``reservations`` (None without ``no_deal``): what the leaders know of
        an absent party's war prospects (``summit.anticipation``).
    """

    scenario: Scenario
    space: OutcomeSpace
    wv: NDArray[np.float64]
    reservations: NDArray[np.float64]
    state_from: tuple[int, ...]
    state_events: tuple[tuple[str, ...], ...]
    fired: NDArray[np.bool_]
    values: Mapping[str, NDArray[np.float64]]
    keys: NDArray[np.uint64]
    ratifiable: Callable[[NDArray[np.int64]], NDArray[np.bool_]]
    transcript: bool = False
    lotteries: NDArray[np.float64] | None = None

    @property
    def draws(self) -> int:
        return int(self.wv.shape[0])


__all__ = ["Talks"]
