"""Loading a scenario with every protocol the package defines.

The scenario layer checks a file's ``protocols`` section against a catalog it
is given (it imports no solver); this is the loader every caller uses, with
the catalog of :mod:`negotiation.engine.registry`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from negotiation.engine.registry import CATALOG
from negotiation.scenario import load
from negotiation.scenario.model import Scenario
from negotiation.scenario.yamlio import Document


def load_scenario(
    source: str | Path | Mapping[str, Any] | Scenario | Document,
    overrides: load.Overrides = (),
    origins: Sequence[tuple[str, int]] | None = None,
) -> Scenario:
    """Read and validate a scenario (see :func:`negotiation.scenario.load.load_scenario`).

    Parameters
    ----------
    source : path, mapping, Scenario or Document
        A YAML file, the same data as a mapping, an already loaded scenario, or
        a document as read (``scenario.yamlio.parse_text``).
    overrides : sequence of "PATH=VALUE" or (PATH, value), or mapping PATH -> value
        Applied before validation, as ``--set`` does.
    origins : sequence of (file, line), optional
        Where each override was written, for messages.

    Raises
    ------
    ScenarioError
        With every problem found, each located by file and line.
    """
    return load.load_scenario(source, overrides, origins, protocols=CATALOG)


__all__ = ["load_scenario"]
