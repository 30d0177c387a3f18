"""The protocols a scenario may list, the options each accepts, and what each needs.

This is part of the scenario format, so it lives with the scenario layer; the
solvers register an implementation for each name (a test keeps the two lists
equal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiation.scenario.errors import did_you_mean, one_of

OptionCheck = Callable[[Any, Sequence[str]], str | None]
"""Given an option's value and the scenario's party names, what is wrong with it, or None."""


def _choice(*allowed: str) -> OptionCheck:
    def check(value: Any, parties: Sequence[str]) -> str | None:
        if value in allowed:
            return None
        return f"'{value}' is not {one_of(allowed)}{did_you_mean(value, allowed)}"

    return check


def _party(value: Any, parties: Sequence[str]) -> str | None:
    if value in parties:
        return None
    return f"unknown party '{value}'{did_you_mean(value, parties) or '; expected ' + one_of(parties)}"


def _quota(value: Any, parties: Sequence[str]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= len(parties):
        return f"the quota must be a whole number from 1 to {len(parties)} (the number of parties), got {value!r}"
    return None


def _rounds(value: Any, parties: Sequence[str]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000:
        return f"rounds must be a whole number from 1 to 1000, got {value!r}"
    return None


def _q(value: Any, parties: Sequence[str]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        return f"q (the probability of the status quo) must be a number in [0, 1], got {value!r}"
    return None


@dataclass(frozen=True)
class ProtocolInfo:
    """What a protocol accepts and needs.

    Attributes
    ----------
    options : dict
        Option name -> check.
    required : tuple of str
        Options that must be given.
    uniforms : int
        Uniform random numbers the protocol needs per draw (drawn like any
        uncertain parameter, in columns ``protocols.<label>.<i>``).
    parties : int or None
        The number of parties the protocol requires, if fixed.
    """

    options: dict[str, OptionCheck] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    uniforms: int = 0
    parties: int | None = None


PROTOCOLS: dict[str, ProtocolInfo] = {
    "nash": ProtocolInfo(),
    "kalai_smorodinsky": ProtocolInfo(),
    "utilitarian": ProtocolInfo(),
    "egalitarian": ProtocolInfo(),
    "baron_ferejohn": ProtocolInfo(
        options={"rule": _choice("unanimity", "majority"), "quota": _quota, "order": _choice("random", "alternating"), "first": _party},
        uniforms=2,
    ),
    "rubinstein": ProtocolInfo(options={"first": _party}, uniforms=1, parties=2),
    "fearon": ProtocolInfo(
        options={"proposer": _party, "informed": _party, "private": _choice("cost", "reservation")}, required=("proposer", "informed")
    ),
    "bdm": ProtocolInfo(options={"rounds": _rounds, "q": _q}),
    "summit": ProtocolInfo(uniforms=1),
}
"""Protocol name -> what it accepts and needs."""

PROTOCOL_OPTIONS: dict[str, dict[str, OptionCheck]] = {name: info.options for name, info in PROTOCOLS.items()}
"""Protocol name -> {option name: check}."""

DEFAULT_PROTOCOLS = ("nash",)
