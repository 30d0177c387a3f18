"""The comments of a YAML file, with their lines: where a scenario cites its sources.

A YAML comment starts with ``#`` at the start of a line or after a space or
tab, outside any scalar (a ``#`` inside a quoted string or a block scalar is
text). PyYAML drops comments, so they are found here from the scanner's
tokens: every scalar token's span is text, and a ``#`` outside all of them
begins a comment that runs to the end of its line.

A scenario written by a run (``scenario.yaml`` of a results folder) begins with
:data:`RESOLVED_HEADER`; it is a dump without the author's comments, checked
when its source file was, and the reader keeps no comments for it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

RESOLVED_HEADER = "# Resolved scenario: the input file with every override applied.\n"
"""First line of a scenario written by a run: the input file with every override applied."""

_HASH = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


@dataclass(frozen=True)
class Comment:
    """One comment of a YAML file.

    Attributes
    ----------
    line : int
        Its line, counted from 1.
    text : str
        What follows the ``#``, stripped.
    own_line : bool
        True when nothing but blanks precedes it on its line; False for a
        comment after a value.
    applies_to : int
        The line whose key or item it applies to: its own line for a comment
        after a value; for a comment on its own line, the next line of the
        text that is neither blank nor a comment (0 when there is none).
    """

    line: int
    text: str
    own_line: bool
    applies_to: int = 0


def read_comments(text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> tuple[Comment, ...]:
    """Every comment of a YAML text that parses, in file order.

    Parameters
    ----------
    text : str
        YAML source (already known to be well formed).
    loader : SafeLoader subclass
        The loader whose scanner reads the text.

    Returns
    -------
    tuple of Comment
    """
    starts: list[int] = []
    ends: list[int] = []
    for token in yaml.scan(text, Loader=loader):
        if isinstance(token, yaml.ScalarToken) and token.end_mark.index > token.start_mark.index:
            starts.append(token.start_mark.index)
            ends.append(token.end_mark.index)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: list[Comment] = []
    done = -1  # end of the last comment found: a '#' inside a comment is its text
    for match in _HASH.finditer(text):
        i = match.start()
        k = bisect.bisect_right(starts, i) - 1
        if i < done or (k >= 0 and i < ends[k]):
            continue  # inside a scalar or a comment: text, not a comment
        line = bisect.bisect_right(line_starts, i)
        line_end = text.find("\n", i)
        done = len(text) if line_end < 0 else line_end
        own = not text[line_starts[line - 1] : i].strip()
        found.append(Comment(line=line, text=text[i + 1 : done].strip(), own_line=own, applies_to=0 if own else line))
    own_lines = {c.line for c in found if c.own_line}
    lines = text.split("\n")
    content = [k for k, body in enumerate(lines, start=1) if body.strip() and k not in own_lines]
    return tuple(
        Comment(c.line, c.text, c.own_line, content[j] if (j := bisect.bisect_right(content, c.line)) < len(content) else 0)
        if c.own_line
        else c
        for c in found
    )


__all__ = ["RESOLVED_HEADER", "Comment", "read_comments"]
