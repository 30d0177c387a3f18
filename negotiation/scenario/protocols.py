"""The protocol names a scenario may list, and the options each accepts.

This is part of the scenario format, so it lives with the scenario layer; the
solvers register an implementation for each name (a test keeps the two lists
equal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

OptionCheck = Callable[[Any], str | None]
"""Returns what is wrong with an option's value, or None."""

PROTOCOL_OPTIONS: dict[str, dict[str, OptionCheck]] = {
    "nash": {},
}
"""Protocol name -> {option name: check}."""

DEFAULT_PROTOCOLS = ("nash",)
