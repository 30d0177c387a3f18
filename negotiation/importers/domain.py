"""The typed result of an import: issues with discrete values, and one linear additive profile per party."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from negotiation.scenario.errors import Problem, ScenarioError

MIN_PARTIES = 2
"""A scenario needs at least two parties, so an import needs at least two profiles."""


@dataclass(frozen=True)
class ImportedIssue:
    """One discrete issue of a domain.

    Attributes
    ----------
    name : str
        The issue's name as the domain file writes it.
    values : tuple of str
        Its values, in the file's order, each as the file writes it.
    """

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ImportedParty:
    """One party's linear additive profile, u(ω) = Σ_i w_i v_i(ω_i).

    Attributes
    ----------
    name : str
        The profile's name (the file's, or its file name without extension).
    weights : Mapping[str, float]
        Issue name -> weight, as the profile gives it (non-negative).
    values : Mapping[str, Mapping[str, float]]
        Issue name -> value -> utility in [0, 1], after the format's own
        normalisation (Genius: evaluation / the issue's largest evaluation).
    reservation : float
        Utility of no agreement, in [0, 1].
    discount : float
        The profile's discount factor over the whole deadline, in (0, 1];
        1 when the profile has none.
    """

    name: str
    weights: Mapping[str, float]
    values: Mapping[str, Mapping[str, float]]
    reservation: float
    discount: float


@dataclass(frozen=True)
class ImportedDomain:
    """A domain and its parties' profiles, read from one format.

    Attributes
    ----------
    name : str
        The domain's name (the file's, or its file name without extension).
    issues : tuple of ImportedIssue
        The issues, in the domain file's order.
    parties : tuple of ImportedParty
        One per profile, in the order the profiles were given.
    source : str
        The format's name ("Genius" or "GeniusWeb"), for the written file's header.
    files : tuple of str
        The domain file's name and the profiles', without their folders.
    """

    name: str
    issues: tuple[ImportedIssue, ...]
    parties: tuple[ImportedParty, ...]
    source: str
    files: tuple[str, ...]


class Problems:
    """The problems found so far in a set of input files; :meth:`raise_any` raises them all at once."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, file: str, line: int, path: str, message: str) -> None:
        """Record one problem: ``FILE:LINE: path: message``."""
        self.found.append(Problem(file, line, path, message))

    def raise_any(self) -> None:
        """Raise :class:`ScenarioError` with every problem recorded, if there is one."""
        if self.found:
            raise ScenarioError(self.found)


__all__ = ["MIN_PARTIES", "ImportedDomain", "ImportedIssue", "ImportedParty", "Problems"]
