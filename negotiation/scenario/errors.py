"""Scenario problems: one located message per thing that is wrong with an input file.

A :class:`Problem` prints as ``FILE:LINE: dotted.path: what is wrong``. A
:class:`ScenarioError` carries every problem found in one input, so that a user
sees all of them at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Path = tuple[str | int, ...]
"""A location inside a YAML document: mapping keys and list indices, outermost first."""


def dotted(path: Path) -> str:
    """Render a path as the dotted string users write, e.g. ``parties.russia.weight``."""
    return ".".join(str(part) for part in path) if path else "(top-level)"


def closest(word: object, choices: Iterable[object]) -> str | None:
    """The choice a misspelt word most plausibly means, or ``None`` when nothing is close."""
    names = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), names, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix for a misspelt word, or ``""`` when nothing is close."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


def one_of(choices: Iterable[object]) -> str:
    """``"one of 'a', 'b', 'c'"`` for a message that lists what is allowed."""
    return "one of " + ", ".join(f"'{c}'" for c in choices)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, at a place in a file.

    Attributes
    ----------
    file : str
        The file as the user named it, or ``--set`` for a command-line override.
    line : int
        1-based line number; 0 when no line applies (an unreadable file, say).
    path : str
        Dotted path inside the document.
    message : str
        What is wrong, phrased for the user, with a did-you-mean where it fits.
    """

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class ScenarioError(Exception):
    """Every problem found in an input; the command line prints one per line and exits 2."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
