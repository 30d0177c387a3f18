"""Reading an XML file safely with the standard library, keeping the line each element starts on.

Parsing is :class:`xml.etree.ElementTree.XMLPullParser` only: no external
entity is fetched. A document that declares a DOCTYPE (where entities would be
defined) is refused before parsing, with its line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from negotiation.importers.domain import Problems

MAX_BYTES = 20_000_000
"""Largest input file read, in bytes."""

_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)\b", re.IGNORECASE)
_POSITION = re.compile(r": line \d+, column \d+$")


@dataclass
class XmlDocument:
    """An XML file's root element and the line each element starts on.

    Attributes
    ----------
    file : str
        The file as the user named it.
    root : Element
        The root element.
    lines : dict
        ``id(element) -> line`` (1-based) for every element of the tree.
    """

    file: str
    root: ET.Element
    lines: dict[int, int] = field(default_factory=dict)

    def line(self, element: ET.Element) -> int:
        """The line ``element`` starts on (the line its start tag ends on), 0 if unknown."""
        return self.lines.get(id(element), 0)


def read_xml(path: str, problems: Problems) -> XmlDocument | None:
    """Parse one XML file; ``None`` after recording a located problem when it cannot be read.

    Parameters
    ----------
    path : str
        The file, as the user named it.
    problems : Problems
        Where a problem is recorded: an unreadable file, a DOCTYPE or ENTITY
        declaration, or malformed XML (with expat's line and message, which
        covers bytes that are not in the encoding the file declares, UTF-8 by default).
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        problems.add(name, 0, "(file)", f"cannot read the file: {exc.strerror}")
        return None
    if len(raw) > MAX_BYTES:
        problems.add(name, 0, "(file)", f"file is larger than {MAX_BYTES:,} bytes")
        return None
    declared = _DECLARATION.search(raw)
    if declared:
        problems.add(
            name,
            raw.count(b"\n", 0, declared.start()) + 1,
            "(file)",
            f"<!{declared.group(1).decode('ascii').upper()}> declarations are not accepted (they can define entities); remove it",
        )
        return None
    parser: Any = ET.XMLPullParser(events=("start",))
    lines: dict[int, int] = {}
    root: ET.Element | None = None
    try:
        for number, chunk in enumerate(raw.splitlines(keepends=True), 1):  # bytes: expat decodes them as the file declares
            parser.feed(chunk)
            flush = getattr(parser, "flush", None)  # Python >= 3.12.3 defers events without it
            if flush is not None:
                flush()
            for _, element in parser.read_events():
                assert isinstance(element, ET.Element)
                lines[id(element)] = number
                root = element if root is None else root
        parser.close()
    except ET.ParseError as exc:
        position: tuple[int, int] = getattr(exc, "position", (0, 0))  # expat's (line, column)
        problems.add(path, position[0], "(file)", f"not well-formed XML: {_POSITION.sub('', str(exc))}")
        return None
    if root is None:
        problems.add(path, 1, "(file)", "no XML element in the file")
        return None
    return XmlDocument(path, root, lines)


__all__ = ["MAX_BYTES", "XmlDocument", "read_xml"]
