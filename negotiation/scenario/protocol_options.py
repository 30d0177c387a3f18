"""What a protocol accepts in a scenario file: its options, their checks, and its checks against the scenario.

This is the protocol's side of the scenario format, held as data: the
scenario layer imports no solver. Each protocol's definition (in
``negotiation.protocols`` and ``negotiation.summit``) carries one
:class:`ProtocolOptions`; the compiler receives them as a catalog
(protocol name -> options) and checks every listed protocol against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.errors import did_you_mean, one_of

OptionCheck = Callable[[Any, Sequence[str]], str | None]
"""Given an option's value and the scenario's party names, what is wrong with it, or None."""

Conflicts = Callable[[CompileContext, Mapping[str, Any], CompiledSections], list[str]]
"""Given the compilation, a protocol's options and the sections compiled so far, one message per problem."""


def choice(*allowed: str) -> OptionCheck:
    """A check that the value is one of ``allowed`` (with a did-you-mean)."""

    def check(value: Any, parties: Sequence[str]) -> str | None:
        if value in allowed:
            return None
        return f"'{value}' is not {one_of(allowed)}{did_you_mean(value, allowed)}"

    return check


def party(value: Any, parties: Sequence[str]) -> str | None:
    """Check that the value names a party of the scenario."""
    if value in parties:
        return None
    return f"unknown party '{value}'{did_you_mean(value, parties) or '; expected ' + one_of(parties)}"


def whole_number(what: str, lo: int, hi: int | None = None) -> OptionCheck:
    """A check that the value is a whole number from ``lo`` to ``hi`` (None: the number of parties)."""

    def check(value: Any, parties: Sequence[str]) -> str | None:
        top = len(parties) if hi is None else hi
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= top:
            bound = f"{top} (the number of parties)" if hi is None else f"{top}"
            return f"{what} must be a whole number from {lo} to {bound}, got {value!r}"
        return None

    return check


def unit_number(what: str) -> OptionCheck:
    """A check that the value is a number in [0, 1]."""

    def check(value: Any, parties: Sequence[str]) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
            return f"{what} must be a number in [0, 1], got {value!r}"
        return None

    return check


def no_conflicts(context: CompileContext, options: Mapping[str, Any], compiled: CompiledSections) -> list[str]:
    """The conflicts of a protocol that asks nothing of the scenario: none."""
    return []


@dataclass(frozen=True)
class ProtocolOptions:
    """What a protocol accepts and needs from a scenario.

    Attributes
    ----------
    name : str
        The name a scenario lists it by.
    options : dict
        Option name -> check.
    required : tuple of str
        Options that must be given.
    uniforms : int
        Uniform random numbers the protocol needs per draw (drawn like any
        uncertain parameter, in columns ``protocols.<label>.<i>``).
    parties : int or None
        The number of parties the protocol requires, if fixed.
    conflicts : callable
        Checks of the options against the scenario, once each option passed
        its own check: one message per problem, reported at the protocol's
        place in the ``protocols`` list.
    timed : bool
        Whether the protocol runs with a clock, talk by talk (docs/MODEL.md §16).
    """

    name: str
    options: dict[str, OptionCheck] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    uniforms: int = 0
    parties: int | None = None
    conflicts: Conflicts = no_conflicts
    timed: bool = True


Catalog = Mapping[str, ProtocolOptions]
"""Protocol name -> what it accepts; the compiler checks the ``protocols`` section against one."""

__all__ = [
    "Catalog",
    "Conflicts",
    "OptionCheck",
    "ProtocolOptions",
    "choice",
    "no_conflicts",
    "party",
    "unit_number",
    "whole_number",
]
