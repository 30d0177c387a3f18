"""Loading a scenario: read, override, validate, compile.

:func:`load_scenario` is the one way in (``negotiation.engine.scenario.load_scenario``
gives it every protocol the package defines). It reports every problem it finds
together, as a :class:`ScenarioError`, so a user fixes a file in one round.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path as FsPath
from typing import Any

from negotiation.scenario.compile import compile_scenario
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.model import Scenario
from negotiation.scenario.overrides import Override, apply_overrides
from negotiation.scenario.protocol_options import Catalog
from negotiation.scenario.structure import structure_problems
from negotiation.scenario.yamlio import Document, iso_dates, read_document, walk

Overrides = Sequence[Override] | Mapping[str, Any]


def load_scenario(
    source: str | FsPath | Mapping[str, Any] | Scenario | Document,
    overrides: Overrides = (),
    origins: Sequence[tuple[str, int]] | None = None,
    *,
    protocols: Catalog,
) -> Scenario:
    """Read and validate a scenario.

    Parameters
    ----------
    source : path, mapping, Scenario or Document
        A YAML file, the same data as a mapping, an already loaded scenario
        (reloaded from its resolved document, so overrides can be applied), or
        a document (its data and lines, as read).
    overrides : sequence of "PATH=VALUE" or (PATH, value), or mapping PATH -> value
        Applied before validation, as ``--set`` does.
    origins : sequence of (file, line), optional
        Where each override was written, for messages (default ``--set:N``).
    protocols : mapping
        Protocol name -> :class:`~negotiation.scenario.protocol_options.ProtocolOptions`:
        the protocols the scenario may list (``negotiation.engine.scenario``
        passes every protocol the package defines).

    Raises
    ------
    ScenarioError
        With every problem found, each located by file and line.
    """
    if isinstance(source, Scenario):
        doc = copy.deepcopy(source.document)
    elif isinstance(source, Document):
        doc = copy.deepcopy(source)
    elif isinstance(source, Mapping):
        doc = Document(data=iso_dates(copy.deepcopy(dict(source))), file="<scenario>")
        doc.origins = {path: ("<scenario>", 0) for path, _ in walk(doc.data)}
    else:
        doc = read_document(source)
    problems = apply_overrides(doc, overrides, origins) if overrides else []
    located = structure_problems(doc)
    scenario, semantic = compile_scenario(doc, [path for path, _ in located], protocols)
    problems += semantic + [problem for _, problem in located]
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario
