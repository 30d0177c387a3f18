"""Names from other formats made into the names a scenario accepts, distinct within their section."""

from __future__ import annotations

import re
from collections.abc import Iterable

from negotiation.scenario.limits import MAX_NAME

_NOT_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def identifier(text: str, taken: Iterable[str] = (), fallback: str = "x") -> str:
    """``text`` as a name of letters, digits, '_' and '-' (at most 64 characters), not one of ``taken``.

    Every run of other characters becomes one '_', and '_' at either end is
    dropped; an empty result becomes ``fallback``. A name already taken gets
    ``_2``, ``_3`` ... (case-insensitively, so that no two names differ in case only).

    Examples
    --------
    >>> identifier("Beer Heineken")
    'Beer_Heineken'
    >>> identifier("$ 1,000", taken=["1_000"])
    '1_000_2'
    >>> identifier("???", fallback="issue")
    'issue'
    """
    base = _NOT_NAME.sub("_", text).lstrip("_-").rstrip("_")[:MAX_NAME] or fallback  # a name starts with a letter, digit or "_"
    used = {t.lower() for t in taken}
    name, k = base, 1
    while name.lower() in used:
        k += 1
        suffix = f"_{k}"
        name = base[: MAX_NAME - len(suffix)] + suffix
    return name


def slug(text: str) -> str:
    """``text`` as a scenario ``name``: lower-case letters, digits, '_' and '-', starting with a letter or digit.

    Examples
    --------
    >>> slug("Party Domain (2010)")
    'party-domain-2010'
    """
    out = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")[:MAX_NAME]
    return out or "imported"


def names_for(texts: Iterable[str], fallback: str) -> list[str]:
    """Distinct identifiers for ``texts``, in order (see :func:`identifier`)."""
    out: list[str] = []
    for text in texts:
        out.append(identifier(text, out, fallback))
    return out


__all__ = ["identifier", "names_for", "slug"]
