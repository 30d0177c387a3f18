"""Structural validation of a scenario against its JSON Schema, with readable messages.

jsonschema finds every structural error at once; this module turns each into a
:class:`Problem` located by line, with a did-you-mean where a key, a name or a
keyword is misspelt, and picks the intended form when a value may take several
(a number or a distribution; a value table or ``{peak: x}``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from negotiation.scenario.errors import Path, Problem, did_you_mean, one_of, shown
from negotiation.scenario.limits import MAX_NAME
from negotiation.scenario.schema import scenario_schema
from negotiation.scenario.yamlio import Document, walk

_TYPE_NAMES = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}


def kind_of(value: Any) -> str:
    """A short description of a YAML value's type, for messages."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off as booleans; quote the word)"
    if value is None:
        return "nothing (null)"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, str):
        return f"the string {shown(value)}" if len(value) <= 40 and value.isprintable() else "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _amount(x: Any) -> str:
    """A number in a message: whole numbers with thousands separators (1e20 as 100,000,000,000,000,000,000)."""
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e30:
        x = int(x)
    return f"{x:,}" if isinstance(x, int) and abs(x) >= 10_000 else f"{x:g}" if isinstance(x, float) else str(x)


Schema = Callable[[], dict[str, Any]]


@cache
def _validator(schema: Schema) -> Draft202012Validator:
    document = schema()
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document)


def structure_problems(doc: Document, schema: Schema = scenario_schema, what: str = "a scenario") -> list[tuple[Path, Problem]]:
    """Every structural problem of a document, each with the path it concerns.

    ``schema`` gives the JSON Schema to check against (a scenario's by
    default); ``what`` names the document in the message for a non-mapping.
    """
    found: list[tuple[Path, Problem]] = []
    if not isinstance(doc.data, dict):
        path: Path = ()
        return [(path, doc.problem(path, f"{what} must be a mapping of sections, got {kind_of(doc.data)}"))]
    defs = schema().get("$defs", {})
    for error in _validator(schema).iter_errors(doc.data):
        for path, message in _explain(error, defs):
            found.append((path, doc.problem(path, message)))
    for path, message in _non_string_keys(doc.data):
        found.append((path, doc.problem(path, message)))
    return found


def _non_string_keys(data: Any) -> Iterator[tuple[Path, str]]:
    """Names must be strings; YAML turns ``yes:`` or ``1.5:`` into other types."""
    for path, value in walk(data):
        if not isinstance(value, dict):
            continue
        in_shift = len(path) == 4 and path[2] == "shift" and path[0] in ("ratification", "no_deal")
        for key in value:
            if not isinstance(key, str) and not in_shift:
                yield (*path, key), f"the key must be a name, got {kind_of(key)}"


def _resolve(branch: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = branch.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = defs[ref.rsplit("/", 1)[1]]
        return resolved
    return branch


def _branch_matches_type(branch: dict[str, Any], instance: Any, defs: dict[str, Any]) -> bool:
    branch = _resolve(branch, defs)
    if "enum" in branch:
        return isinstance(instance, str)
    kind = branch.get("type")
    if kind == "object":
        return isinstance(instance, dict)
    if kind == "array":
        return isinstance(instance, list)
    if kind == "string":
        return isinstance(instance, str)
    if kind in ("number", "integer"):
        return isinstance(instance, int | float) and not isinstance(instance, bool)
    return "anyOf" in branch and any(_branch_matches_type(b, instance, defs) for b in branch["anyOf"])


def _pick_branch(error: ValidationError, defs: dict[str, Any]) -> int | None:
    """The alternative the user most plausibly meant, by the type and keys of the value."""
    instance: Any = error.instance
    branches: list[dict[str, Any]] = list(error.validator_value)  # type: ignore[arg-type]
    fits = [i for i, b in enumerate(branches) if _branch_matches_type(b, instance, defs)]
    if not fits:
        return None
    if isinstance(instance, dict) and len(fits) > 1:
        keyed = [i for i in fits if set(_resolve(branches[i], defs).get("required", [])) & set(instance)]
        if keyed:
            return keyed[0]
        unkeyed = [i for i in fits if not _resolve(branches[i], defs).get("required")]
        return unkeyed[0] if unkeyed else fits[0]
    return fits[0]


def _unknown_form(schema: dict[str, Any], instance: Any, defs: dict[str, Any]) -> tuple[Path, str] | None:
    """For alternatives that name a thing (``x-noun``: a metric) by a word or by the one key of a mapping:
    the (path below the value, message) for a word or key that names none of them, listing every form
    (``x-more``); None otherwise."""
    noun = schema.get("x-noun")
    if noun is None:
        return None
    branches = [_resolve(b, defs) for b in schema.get("anyOf", schema.get("oneOf", []))]
    words = [w for b in branches for w in b.get("enum", [])]
    keys = [k for b in branches if b.get("type") == "object" for k in b.get("required", [])]
    more = schema.get("x-more", "")
    if isinstance(instance, str) and instance in keys:
        return (), f"the {noun} {shown(instance)} needs a value: {{{instance}: ...}}{more}"
    if isinstance(instance, str) and instance not in words:
        return (), f"unknown {noun} {shown(instance)}{did_you_mean(instance, words + keys)}{more}"
    if isinstance(instance, dict) and len(instance) == 1:
        key = next(iter(instance))
        if key in words and key not in keys:
            return (key,), f"the {noun} {shown(key)} takes no value: write it alone{more}"
        if key not in keys:
            return (key,), f"unknown {noun} {shown(key)}{did_you_mean(key, keys + words) or more}"
    if isinstance(instance, dict) and len(instance) > 1 and keys:
        return (), f"must be a mapping with exactly one key, got {', '.join(repr(str(k)) for k in instance)}"
    return None


def _explain(error: ValidationError, defs: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    instance: Any = error.instance
    expected: Any = error.validator_value
    schema = error.schema if isinstance(error.schema, dict) else {}

    if kind in ("anyOf", "oneOf"):
        named = _unknown_form(schema, instance, defs)
        if named is not None:
            yield (*path, *named[0]), named[1]
            return
        choice = _pick_branch(error, defs)
        sub = [e for e in (error.context or []) if e.relative_schema_path and e.relative_schema_path[0] == choice]
        if choice is not None and sub:
            for e in sub:
                yield from _explain(e, defs)
            return
        message = schema.get("x-error", "does not match any allowed form")
        yield path, f"{message}; got {kind_of(instance)}"
    elif kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or (f"; expected {one_of(allowed)}" if allowed else "")
                yield (*path, key), f"unknown {schema.get('x-noun', 'key')} '{key}'{hint}"
    elif kind == "required":
        for key in expected:
            if key not in instance:
                yield path, f"missing required key '{key}'"
    elif kind == "type":
        want = expected
        wants = [want] if isinstance(want, str) else list(want)
        yield path, f"expected {' or '.join(_TYPE_NAMES.get(w, w) for w in wants)}, got {kind_of(instance)}"
    elif kind == "enum":
        yield path, f"{shown(instance)} is not {one_of(expected)}{did_you_mean(instance, expected)}"
    elif kind == "pattern":
        if len(instance) > MAX_NAME:
            return  # reported as too long (maxLength), where the long name is shown shortened
        if schema is not None and error.relative_schema_path and "propertyNames" in error.relative_schema_path:
            yield (*path, instance), f"the name '{instance}' may hold only letters, digits, '_' and '-'"
        else:
            yield path, f"'{instance}' must be lower-case letters, digits, '_' and '-', starting with a letter or digit"
    elif kind == "minimum":
        yield path, f"must be at least {_amount(expected)}, got {_amount(instance)}{schema.get('x-below', '')}"
    elif kind == "exclusiveMinimum":
        yield path, f"must be greater than {expected}, got {instance}"
    elif kind == "maximum":
        yield path, f"must be at most {_amount(expected)}, got {_amount(instance)}{schema.get('x-beyond', '')}"
    elif kind == "maxLength":
        what = "the name" if error.relative_schema_path and "propertyNames" in error.relative_schema_path else "the text"
        yield path, f"{what} {shown(instance)} has {len(instance):,} characters, more than the limit of {expected:,}"
    elif kind in ("minItems", "maxItems"):
        n = expected
        if schema.get("minItems") == schema.get("maxItems"):
            yield path, f"needs exactly {n} items, got {len(instance)}"
        elif kind == "minItems":
            yield path, f"needs at least {n} item{'s' if n != 1 else ''}, got {len(instance)}"
        else:
            yield path, f"takes at most {n} items, got {len(instance)}"
    elif kind in ("minProperties", "maxProperties"):
        n = expected
        if schema.get("minProperties") == 1 and schema.get("maxProperties") == 1:
            keys = ", ".join(f"'{k}'" for k in instance) or "none"
            yield path, f"must be a mapping with exactly one key, got {keys}"
        elif kind == "minProperties":
            yield path, f"needs at least {n} entr{'ies' if n != 1 else 'y'}, got {len(instance)}"
        else:
            yield path, f"takes at most {n} entries, got {len(instance)}"
    elif kind == "uniqueItems":
        seen: set[Any] = set()
        dupes = []
        for x in instance:
            if x in seen:
                dupes.append(str(x))
            seen.add(x)
        yield path, f"items must be unique; repeated: {', '.join(dupes) or 'some'}"
    else:
        yield path, error.message
