"""The state one compilation of a scenario shares between its sections, and the helpers they use.

The compiler walks the document section by section (``negotiation.scenario.sections``).
Each section is a function of a :class:`CompileContext`: it reads the raw data
through it, registers numeric leaves as parameters on it and reports each
problem on it, located at a path of the document. Subtrees that already
failed the schema (the *broken* paths) are skipped, so one mistake is
reported once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from negotiation.scenario.distributions import ARGUMENTS, Distribution, Domain, argument_problem
from negotiation.scenario.errors import Path, Problem, closest, did_you_mean, dotted
from negotiation.scenario.limits import MAX_MAGNITUDE, MAX_UTILITY
from negotiation.scenario.model import Issue, Parameter, Party, Stakeholder, Summit
from negotiation.scenario.structure import kind_of
from negotiation.scenario.yamlio import Document

MISSING = object()
"""What :func:`lookup` returns for a path that is not in the data, when no default is given."""


def lookup(data: Any, path: Path, default: Any = MISSING) -> Any:
    """The value at ``path`` in nested mappings and lists, or ``default`` when it is not there."""
    node = data
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return default
    return node


def is_number(x: Any) -> bool:
    """True for an int or float that is not a bool (YAML's ``yes`` is not a number)."""
    return isinstance(x, int | float) and not isinstance(x, bool)


def bounded(domain: Domain, limit: float | None = None) -> Domain:
    """``domain`` with an unbounded side cut at ``limit``, by default the limit of its kind: :data:`MAX_UTILITY`
    for a number on the utility scale (a domain unbounded on both sides), :data:`MAX_MAGNITUDE` for any other."""
    if limit is None:
        limit = MAX_UTILITY if domain.lo == -math.inf else MAX_MAGNITUDE
    return Domain(max(domain.lo, -limit), min(domain.hi, limit))


def _why(domain: Domain, limit: float | None) -> str:
    """Why a number beyond :func:`bounded` is refused, for the message."""
    if limit is not None:
        return " (larger numbers overflow)"
    if domain.lo == -math.inf:
        return " (a number on the utility scale, where utilities lie in [0, 1])"
    return f" (the limit of a scenario's numbers, {MAX_MAGNITUDE:g}: larger ones are a mistake of scale)"


def is_distribution(x: Any) -> bool:
    """True for a one-key mapping ``{name: [numbers]}`` naming a known distribution (its arguments not yet checked)."""
    if not (isinstance(x, dict) and len(x) == 1):
        return False
    name, args = next(iter(x.items()))
    return name in ARGUMENTS and isinstance(args, list) and all(is_number(a) for a in args)


class CompileContext:
    """One compilation in progress: the document, what the schema found broken, and what is compiled so far.

    Parameters
    ----------
    doc : Document
        The YAML document with the line of every path.
    broken : iterable of Path
        Where the schema (``negotiation.scenario.structure``) reported a problem.

    Attributes
    ----------
    data : dict
        The document's data (empty when it is not a mapping).
    structural : bool
        True when the schema reported anything, even at the top level.
    broken : list of Path
        The non-empty paths the schema reported; nothing at or below one is reported again.
    problems : list of Problem
        Every problem reported so far, in the order found.
    params : dict
        Dotted path -> :class:`Parameter`, every numeric leaf registered so far, in file order.
    issues : dict
        Issue name -> :class:`Issue`, the issues that compiled.
    unusable_issues : set of str
        Issues that did not compile; a reference to one is not reported again.
    party_names : list of str
        The parties as listed, once the parties section is read.
    """

    def __init__(self, doc: Document, broken: Iterable[Path]):
        self.doc = doc
        self.data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}
        paths = list(broken)
        self.structural = bool(paths)
        self.broken = [b for b in paths if b]
        self.problems: list[Problem] = []
        self.params: dict[str, Parameter] = {}
        self.issues: dict[str, Issue] = {}
        self.unusable_issues: set[str] = set()
        self.party_names: list[str] = []

    def bad(self, path: Path, message: str) -> None:
        """Report a problem at ``path`` (located by the document's line for it)."""
        self.problems.append(self.doc.problem(path, message))

    def is_broken(self, path: Path) -> bool:
        """True when the schema already reported a problem in or above ``path``."""
        n = len(path)
        return any(b[:n] == path or path[: len(b)] == b for b in self.broken)

    def readable(self, path: Path) -> bool:
        """True when the schema found nothing wrong at ``path`` or above it.

        A section reads a value only through a readable path: there the
        schema vouches for the value's shape (a mapping, a list, a number or
        a distribution, as the format says), so a value of the wrong type is
        reported once, by the schema, and never reaches the compiler.
        """
        return not any(path[: len(b)] == b for b in self.broken)

    def section(self, path: Path) -> dict[Any, Any]:
        """The mapping at ``path``; an empty one when there is none, it is of another type, or it is not :meth:`readable`."""
        value = lookup(self.data, path, None)
        return value if isinstance(value, dict) and self.readable(path) else {}

    def sequence(self, path: Path) -> list[Any]:
        """The list at ``path``; an empty one when there is none, it is of another type, or it is not :meth:`readable`."""
        value = lookup(self.data, path, None)
        return value if isinstance(value, list) and self.readable(path) else []

    def entries(self, path: Path) -> list[tuple[Any, Path, dict[Any, Any]]]:
        """``(name, path, mapping)`` for each entry of the named section at ``path`` that is a readable mapping."""
        return [
            (name, (*path, name), spec)
            for name, spec in self.section(path).items()
            if isinstance(spec, dict) and self.readable((*path, name))
        ]

    def number(
        self,
        path: Path,
        domain: Domain,
        what: str,
        *,
        default: float | None = None,
        positive: bool = False,
        limit: float | None = None,
    ) -> str:
        """Register the numeric leaf at ``path`` as a parameter and return its dotted path.

        Parameters
        ----------
        path : Path
            Where the leaf is (or would be) in the document.
        domain : Domain
            Where its values may lie; a fixed value or a distribution's support outside it is reported.
        what : str
            The leaf in words, for messages ("a probability").
        default : float, optional
            Its value when the file leaves it out (the parameter is then implicit).
        positive : bool
            Also require a fixed value above 0.
        limit : float, optional
            Bound on the absolute value on an unbounded side of ``domain``, instead of the usual
            (:data:`MAX_UTILITY` on the utility scale, :data:`MAX_MAGNITUDE` for other numbers).
        """
        bound = bounded(domain, limit)
        key = dotted(path)
        raw = lookup(self.data, path)
        value: float | Distribution | None
        if raw is MISSING:
            self.params[key] = Parameter(key, default, domain, implicit=True)
            return key
        if self.is_broken(path):
            value = default if default is not None else 0.0
        elif is_number(raw):
            value = float(raw)
            if value not in domain or (positive and value <= 0):
                need = "greater than 0" if positive and value in domain else domain.describe()
                self.bad(path, f"{what} must be {need}, got {value:g}")
            elif value not in bound:
                self.bad(path, f"{what} must be {bound.describe()}, got {value:g}{_why(domain, limit)}")
        elif is_distribution(raw):
            name, args = next(iter(raw.items()))
            value = Distribution(name, tuple(float(a) for a in args))
            trouble = argument_problem(name, value.args)
            if trouble:
                self.bad((*path, name), trouble)
            else:
                lo, hi = value.support()
                low, high = value.extremes()
                if lo < domain.lo or hi > domain.hi:
                    fix = "; use truncnormal or beta to bound it" if math.isinf(lo) or math.isinf(hi) else ""
                    self.bad(path, f"{what} must be {domain.describe()}, but {name} can give values in [{lo:g}, {hi:g}]{fix}")
                elif not (low in bound and high in bound):
                    self.bad(
                        path,
                        f"{what} must be {bound.describe()}, but {name} can give values in [{low:.3g}, {high:.3g}]{_why(domain, limit)}",
                    )
        else:
            self.bad(path, f"{what} must be a number or a distribution such as {{beta: [2, 5]}}, got {kind_of(raw)}")
            value = default if default is not None else 0.0
        self.params[key] = Parameter(key, value, domain)
        return key

    def implicit(self, path: Path, value: float, domain: Domain) -> str:
        """Register a leaf the file does not write, with its default ``value``; return its dotted path."""
        key = dotted(path)
        self.params[key] = Parameter(key, value, domain, implicit=True)
        return key

    def fixed(self, key: str) -> float | None:
        """The value of parameter ``key`` when it is a fixed number, else None."""
        value = self.params[key].value
        return value if isinstance(value, float) else None

    @staticmethod
    def misspelt(keys: Iterable[Any], meant: str, choices: Iterable[Any]) -> bool:
        """True when one of ``keys`` is not a choice but is a misspelling of ``meant``.

        Such a key was already reported with a did-you-mean, so ``meant`` being
        absent is the same mistake and is not reported again.
        """
        names = [str(c) for c in choices]
        return any(str(key) not in names and closest(key, names) == meant for key in keys)

    def known_issue(self, name: Any, path: Path) -> Issue | None:
        """The issue called ``name``, or None after reporting it unknown (unless it failed to compile)."""
        if name in self.issues:
            return self.issues[name]
        if name not in self.unusable_issues and self.readable(("issues",)) and self.readable(path):
            self.bad(path, f"unknown issue '{name}'{did_you_mean(name, self.issues)}")
        return None

    def known_party(self, name: Any, path: Path) -> bool:
        """True for a listed party; otherwise report it unknown and return False."""
        if name in self.party_names:
            return True
        if not self.readable(("parties",)) or not self.readable(path):
            return False  # the parties section or this name (a key that is not a name, say) was reported by the schema
        self.bad(path, f"unknown party '{name}'{did_you_mean(name, self.party_names)}")
        return False

    def reported_under(self, path: Path) -> bool:
        """True when a problem at or below ``path`` was reported, by the schema or by a section so far."""
        at = dotted(path)
        return self.is_broken(path) or any(p.path == at or p.path.startswith(at + ".") for p in self.problems)


@dataclass(frozen=True)
class CompiledSections:
    """The sections compiled before the protocols, which a protocol's options are checked against.

    Attributes
    ----------
    parties : tuple of Party
    stakeholders : tuple of Stakeholder
    summit : Summit
    """

    parties: tuple[Party, ...]
    stakeholders: tuple[Stakeholder, ...]
    summit: Summit


__all__ = ["MISSING", "CompileContext", "CompiledSections", "bounded", "is_distribution", "is_number", "lookup"]
