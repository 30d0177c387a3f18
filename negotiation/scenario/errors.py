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


def did_you_mean_path(path: object, choices: Iterable[object]) -> str:
    """A did-you-mean for a misspelt dotted path, found part by part.

    The path whose parts match the longest head of ``path`` is preferred, and
    among those the closest next part, so ``parties.ukraine.reservaton``
    suggests ``parties.ukraine.reservation`` rather than a path that merely
    shares more letters. Falls back to the closest whole path.

    Examples
    --------
    >>> did_you_mean_path("parties.ukraine.reservaton", ["parties.ukraine.recognition", "parties.ukraine.reservation"])
    " (did you mean 'parties.ukraine.reservation'?)"
    """
    parts = str(path).split(".")
    paths = [str(c) for c in choices]
    for head in range(len(parts) - 1, -1, -1):
        prefix = parts[:head]
        below = {c: c.split(".") for c in paths if c.split(".")[:head] == prefix and len(c.split(".")) > head}
        if not below:
            continue
        nexts = list(dict.fromkeys(split[head] for split in below.values()))
        close = closest(parts[head], nexts)
        if close is None:
            break
        fits = [c for c, split in below.items() if split[head] == close]
        best = closest(path, fits) or fits[0]
        return f" (did you mean '{best}'?)"
    return did_you_mean(path, paths)


SHOWN = 40
"""A value from an input is quoted in a message up to this many characters."""


def shown(value: object, limit: int = SHOWN) -> str:
    """A value from an input as a one-line message quotes it: ``repr`` of its text, shortened to ``limit`` characters.

    Examples
    --------
    >>> shown("two\\nlines")
    "'two\\\\nlines'"
    >>> shown("x" * 50, 10)
    "'xxxxxxx...'"
    """
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def one_of(choices: Iterable[object]) -> str:
    """``"one of 'a', 'b', 'c'"`` for a message that lists what is allowed."""
    return "one of " + ", ".join(f"'{c}'" for c in choices)


MAX_PATH = 200
"""A problem's dotted path is printed up to this many characters (a name too long to be valid can be longer)."""
MAX_MESSAGE = 1000
"""A problem's message is printed up to this many characters."""


def _one_line(text: str, limit: int) -> str:
    """``text`` with every line break and other control character escaped, shortened to ``limit`` characters.

    A problem prints as one line whatever the input put into it; the readers
    quote values with :func:`shown`, so this is only the last guard.
    """
    if not text.isprintable():
        text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, at a place in a file.

    Attributes
    ----------
    file : str
        The file as the user named it, ``--set`` for a command-line override,
        or the option (``--draws``, ``--protocol`` ...) for a shorthand of one.
    line : int
        1-based line number (the N-th ``--set``); 0 when no line applies (an
        unreadable file, say; an option other than ``--set`` then prints no line).
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
        if self.line == 0 and (self.file.startswith("--") or self.file.endswith("=")):  # an option or keyword, not --set: no line
            return f"{self.file}: {_one_line(self.path, MAX_PATH)}: {_one_line(self.message, MAX_MESSAGE)}"
        return f"{self.file}:{self.line}: {_one_line(self.path, MAX_PATH)}: {_one_line(self.message, MAX_MESSAGE)}"


class ScenarioError(Exception):
    """Every problem found in an input; the command line prints one per line and exits 2."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.path, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
