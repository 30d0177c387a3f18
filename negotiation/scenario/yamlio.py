"""Reading YAML safely, with the line of every key kept for error messages.

The reader builds plain Python data (dicts, lists, str, int, float, bool, None)
from PyYAML's *safe* composer, so no tag can run code. On top of ``safe_load``
it rejects what a scenario file should never contain, each with its line:

- bytes that are not UTF-8;
- duplicate keys in a mapping;
- any tag beyond the YAML core schema (``!!python/...``, ``!!binary``, ``!!set`` ...);
- merge keys (``<<``), to keep one way of writing a mapping;
- aliases that expand past :data:`MAX_NODES` nodes (the "billion laughs"),
  detected on the node graph before anything is expanded;
- recursive aliases;
- non-finite numbers (``.inf``, ``.nan``).

Two YAML 1.1 quirks are smoothed over: ``1e-3`` (no dot) reads as a float, as
it does in YAML 1.2, and dates stay strings.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from negotiation.scenario.comments import RESOLVED_HEADER, Comment, read_comments
from negotiation.scenario.errors import Path, Problem, ScenarioError, dotted
from negotiation.scenario.input_file import read_input

MAX_NODES = 100_000
"""Largest number of YAML nodes a document may expand to, aliases included."""

MAX_BYTES = 5_000_000
"""Largest input file read, in bytes."""

MAX_DEPTH = 100
"""Nesting of mappings and lists past which a document that the reader cannot follow is reported at its line
(a scenario needs about ten levels)."""

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_FLOAT_WITHOUT_DOT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-style exponents and without timestamp resolution."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT_WITHOUT_DOT, list("-+0123456789"))


@dataclass
class Document:
    """Plain YAML data plus where each part of it came from.

    Attributes
    ----------
    data : Any
        The document as dicts, lists and scalars.
    file : str
        The file name as given by the user.
    origins : dict
        ``path -> (file, line)`` for every key and list item; overrides from
        ``--set`` record ``("--set", n)`` with n the override's position.
    comments : tuple of Comment or None
        The file's comments (where it cites its sources); None for data that
        did not come from a file's text (a mapping, a ``--set`` value) and for
        a resolved scenario written by a run.
    """

    data: Any
    file: str
    origins: dict[Path, tuple[str, int]] = field(default_factory=dict)
    comments: tuple[Comment, ...] | None = None

    def where(self, path: Path) -> tuple[str, int]:
        """The file and line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.origins:
                return self.origins[probe]
            probe = probe[:-1]
        return self.origins.get((), (self.file, 1))

    def problem(self, path: Path, message: str) -> Problem:
        """A :class:`Problem` located at ``path`` in this document."""
        file, line = self.where(path)
        return Problem(file, line, dotted(path), message)


def read_document(path: str | FsPath) -> Document:
    """Read one YAML file into a :class:`Document`.

    Raises
    ------
    ScenarioError
        With every problem found; the file is never partly accepted.
    """
    _, text = read_input(path, MAX_BYTES)
    return parse_text(text, str(path))


def parse_text(text: str, name: str, origin: tuple[str, int] | None = None) -> Document:
    """Parse YAML text into a :class:`Document`.

    Parameters
    ----------
    text : str
        The YAML source.
    name : str
        The file name used in messages.
    origin : (str, int), optional
        When given, every node is attributed to this place instead of its own
        line; used for the values of ``--set`` overrides.
    """
    text = text.lstrip("\ufeff")
    try:
        loader = _Loader(text)  # the reader rejects control characters here, before any parsing
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if origin is None else 0
        raise ScenarioError([Problem(name, line, "(file)", f"character #x{exc.character:04x} is not allowed in a YAML file")]) from None
    try:
        node = loader.get_single_node()
    except RecursionError:  # nesting past what the recursive composer can read
        raise _too_deep(text, name, lines=origin is None) from None
    except yaml.MarkedYAMLError as exc:
        raise ScenarioError([_syntax_problem(exc, name, lines=origin is None)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(name, 0, "(file)", f"YAML error: {exc}")]) from None
    finally:
        loader.dispose()
    keep = origin is None and not text.startswith(RESOLVED_HEADER)  # a run's dump has no comments of its author
    doc = Document(data=None, file=name, comments=read_comments(text, _Loader) if keep else None)
    if node is None:
        doc.origins[()] = origin or (name, 1)
        return doc
    try:
        _check_size(node, name)
        builder = _Builder(loader, doc, origin)
        doc.data = builder.build(node, ())
    except RecursionError:
        raise _too_deep(text, name, lines=origin is None) from None
    if builder.problems:
        raise ScenarioError(builder.problems)
    return doc


_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _too_deep(text: str, name: str, lines: bool = True) -> ScenarioError:
    """The error for nesting the recursive composer or builder could not follow, at the line where the
    nesting passes :data:`MAX_DEPTH`, found from the scanner's tokens (which do not recurse)."""
    depth = 0
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                line = token.start_mark.line + 1 if lines else 0
                return ScenarioError(
                    [Problem(name, line, "(file)", f"the YAML nests deeper than {MAX_DEPTH} levels here; a scenario needs far fewer")]
                )
        elif isinstance(token, _CLOSE):
            depth -= 1
    return ScenarioError([Problem(name, 0, "(file)", f"the YAML nests deeper than {MAX_DEPTH} levels")])


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, lines: bool = True) -> Problem:
    """A YAML syntax error at the line where the parser stopped, naming where the broken part began.

    The parser often notices a mistake a line late (an unclosed ``{`` is found
    at the next key), so the message also gives the line of the construct it
    was reading, e.g. ``(while parsing a flow mapping at line 8)``. With
    ``lines=False`` (a ``--set`` value, which has no lines of its own) only the
    construct is named.
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 0
    message = f"YAML syntax error: {exc.problem or 'invalid YAML'}"
    if exc.context:
        where = f" at line {exc.context_mark.line + 1}" if lines and exc.context_mark is not None else ""
        message += f" ({exc.context}{where})"
    return Problem(name, line, "(file)", message)


def _check_size(root: Node, name: str) -> None:
    """Reject alias bombs and recursive aliases, in time linear in the distinct nodes."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ScenarioError([Problem(name, node.start_mark.line + 1, "(file)", "recursive YAML alias")])
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        sizes[key] = total
        if total > MAX_NODES:
            raise ScenarioError(
                [
                    Problem(
                        name,
                        node.start_mark.line + 1,
                        "(file)",
                        f"YAML aliases expand this document past {MAX_NODES:,} nodes; refusing to expand it",
                    )
                ]
            )
        return total

    size(root)


class _Builder:
    """Turns composed YAML nodes into plain data, recording origins and problems."""

    def __init__(self, loader: _Loader, doc: Document, origin: tuple[str, int] | None):
        self.loader = loader
        self.doc = doc
        self.origin = origin
        self.problems: list[Problem] = []

    def _at(self, node: Node) -> tuple[str, int]:
        return self.origin or (self.doc.file, node.start_mark.line + 1)

    def _fail(self, node: Node, path: Path, message: str) -> None:
        file, line = self._at(node)
        self.problems.append(Problem(file, line, dotted(path), message))

    def build(self, node: Node, path: Path) -> Any:
        self.doc.origins.setdefault(path, self._at(node))
        if node.tag not in _CORE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._fail(node, path, f"YAML tag '{tag}' is not allowed; scenarios hold plain data only")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, path, "merge keys ('<<') are not supported; repeat the keys or use an alias for the whole value")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _CORE_TAGS:
                self._fail(key_node, path, "mapping keys must be plain scalars")
                continue
            key = self._scalar(key_node, path)
            if key in first_line:
                self._fail(key_node, (*path, key), f"duplicate key '{key}' (first given at line {first_line[key]})")
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.doc.origins[(*path, key)] = self._at(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: ScalarNode, path: Path) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:  # an integer past Python's limit on digits read from text
            self._fail(node, path, f"a number of {len(node.value):,} characters is too long to read")
            return None
        if isinstance(value, float) and not math.isfinite(value):
            self._fail(node, path, f"'{node.value}' is not a finite number")
            return None
        return value


def walk(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every ``(path, value)`` pair in plain YAML data, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from walk(value, (*path, i))


def iso_dates(data: Any) -> Any:
    """Plain data with every :class:`datetime.date` written as its ISO string, as a YAML file holds it."""
    if isinstance(data, dict):
        return {key: iso_dates(value) for key, value in data.items()}
    if isinstance(data, list):
        return [iso_dates(value) for value in data]
    if isinstance(data, datetime.datetime):
        return data.date().isoformat()
    if isinstance(data, datetime.date):
        return data.isoformat()
    return data
