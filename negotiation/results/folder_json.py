"""A results folder's JSON file, read strictly and checked against what is read of it.

:func:`read_json` reads the file as :func:`negotiation.results.files.read_file`
does (a regular file, never through a link), parses it as strict JSON (no
``NaN`` or ``Infinity``, no number too large for a float, no integer of more
than :data:`MAX_DIGITS` digits) and checks it against a schema of
:mod:`negotiation.results.folder_schema`. Every problem is one line
``FILE: dotted.path: what is wrong``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from negotiation.results.files import MAX_READ, FolderFileError, read_file
from negotiation.results.folder_schema import Schema

MAX_DIGITS = 30
"""Longest integer read from a results folder's JSON (a seed is at most 20 digits)."""
MAX_PROBLEMS = 20
"""Problems listed per file; the rest are counted."""

_NAMES = {"object": "an object", "array": "a list", "string": "a string", "number": "a number", "integer": "a whole number"}
_NAMES |= {"boolean": "true or false", "null": "null"}


class FolderReadError(FolderFileError):
    """A results folder's file is not what the report or ``--resume`` can read; one line per problem."""

    def __init__(self, lines: Iterable[str]):
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:24]} is too large for a float")
    return value


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise ValueError(f"an integer of {digits:,} digits is larger than any a results folder holds (at most {MAX_DIGITS})")
    return int(text)


def parse_json(data: bytes, shown: str) -> Any:
    """The value of strict JSON ``data``; ``shown`` names the file in messages.

    Raises
    ------
    FolderReadError
        When the bytes are empty, not UTF-8, or not strict JSON.
    """
    if not data.strip():
        raise FolderReadError([f"{shown}: is empty; it is written whole when a run ends, so the folder was changed since"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FolderReadError(
            [f"{shown}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); not a file the run wrote"]
        ) from None
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise FolderReadError([f"{shown}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"]) from None
    except ValueError as exc:
        raise FolderReadError([f"{shown}: not valid JSON: {exc}"]) from None
    except RecursionError:
        raise FolderReadError([f"{shown}: not valid JSON: nested deeper than the reader can follow"]) from None


def describe(value: Any) -> str:
    """What a JSON value is, for a message: ``a string ('abc')``, ``a list``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = repr(value if len(value) <= 30 else value[:30] + "…")
        return f"a string ({shown})"
    if isinstance(value, int | float):
        return f"a number ({value:g})" if isinstance(value, float) else f"a number ({value})"
    return "a list" if isinstance(value, list) else "an object"


def _expected(kinds: str | list[str]) -> str:
    kinds = [kinds] if isinstance(kinds, str) else kinds
    names = [_NAMES.get(k, k) for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _where(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def problems(error: ValidationError) -> list[tuple[str, str]]:
    """A schema error as (dotted path, what is wrong) pairs: one per missing key, else one."""
    path = list(error.absolute_path)
    kind, rule, value = error.validator, cast(Any, error.validator_value), cast(Any, error.instance)
    if kind == "type":
        return [(_where(path), f"expected {_expected(rule)}, got {describe(value)}")]
    if kind == "required":
        missing = [k for k in rule if isinstance(value, dict) and k not in value]
        return [(_where([*path, k]), "missing; every file the run writes has it") for k in missing]
    if kind == "minimum":
        return [(_where(path), f"must be at least {rule}, got {describe(value)}")]
    if kind == "maximum":
        return [(_where(path), f"must be at most {rule}, got {describe(value)}")]
    if kind in ("minItems", "maxItems"):
        return [(_where(path), f"expected {'at least ' if kind == 'minItems' and rule != 2 else ''}{rule} items, got {len(value)}")]
    if kind == "pattern":
        return [(_where(path), f"{describe(value)} is not a name the run writes")]
    return [(_where(path), error.message[:120])]


def check(data: Any, schema: Schema, shown: str) -> None:
    """Check ``data`` against ``schema``.

    Raises
    ------
    FolderReadError
        Listing every problem (at most :data:`MAX_PROBLEMS`, then how many more), one line each.
    """
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    lines = [f"{shown}: {where}: {what}" for where, what in dict.fromkeys(p for e in errors for p in problems(e))]
    if len(lines) > MAX_PROBLEMS:
        lines = [*lines[:MAX_PROBLEMS], f"{shown}: and {len(lines) - MAX_PROBLEMS} more problems"]
    raise FolderReadError(lines)


def read_json(root: str | Path, name: str, schema: Schema, limit: int = MAX_READ) -> Any | None:
    """The checked contents of ``root/name`` (None when there is no such file).

    Raises
    ------
    FolderFileError
        When the file is a link or not a regular file, or is too large (:func:`read_file`).
    FolderReadError
        When it is not strict JSON or does not follow ``schema``.
    """
    shown = str(Path(root) / name)
    data = read_file(root, name, limit)
    if data is None:
        return None
    value = parse_json(data, shown)
    check(value, schema, shown)
    return value


__all__ = ["MAX_DIGITS", "FolderReadError", "check", "describe", "parse_json", "problems", "read_json"]
