"""An issue's value and a package as the command line and the report write them.

One format everywhere a person reads a result: an option by its name
(``west_bank_style``), a number on an issue's grid as ``%g`` (``0.5``), and a
split's shares named by their parties, ``usa 0.5, ukraine 0.5``. Inside a
package, where terms are themselves separated by commas, a split is
parenthesised: ``territory=west_bank_style, minerals_fund=(usa 0.5, ukraine 0.5)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def value_text(value: Any, split: Sequence[str] = ()) -> str:
    """One issue's value: an option name, a number, or a split's shares named by their parties.

    Parameters
    ----------
    value : str, number or list of numbers
        As a summary writes it (``summary.json``'s packages).
    split : sequence of str, optional
        The parties that divide a split issue, in the order of the shares
        (``summary.json``'s ``issues.<issue>.split``). Without them (or with a
        different count) the shares are numbered ``#1 0.5, #2 0.5``.

    Examples
    --------
    >>> value_text([1.0, 0.0, 0.0], ["usa", "russia", "ukraine"])
    'usa 1, russia 0, ukraine 0'
    >>> value_text(0.25), value_text("frozen_line")
    ('0.25', 'frozen_line')
    """
    if isinstance(value, list | tuple):
        names = list(split) if len(split) == len(value) else [f"#{k + 1}" for k in range(len(value))]
        return ", ".join(f"{name} {float(share):g}" for name, share in zip(names, value, strict=True))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def package_text(package: Mapping[str, Any], issues: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """A package as ``issue=value`` terms, a split's named shares in parentheses.

    Parameters
    ----------
    package : mapping
        Issue name -> value, as a summary writes it.
    issues : mapping, optional
        ``summary.json``'s ``issues`` block (issue name -> ``{"split": [...], ...}``),
        which names a split's parties.

    Examples
    --------
    >>> package_text({"territory": "frozen_line", "fund": [0.5, 0.5]}, {"fund": {"split": ["usa", "ukraine"]}})
    'territory=frozen_line, fund=(usa 0.5, ukraine 0.5)'
    """
    terms = []
    for name, value in package.items():
        text = value_text(value, split_of(issues, name))
        terms.append(f"{name}=({text})" if isinstance(value, list | tuple) else f"{name}={text}")
    return ", ".join(terms)


def split_of(issues: Mapping[str, Mapping[str, Any]] | None, name: str) -> list[str]:
    """The parties of split issue ``name`` in a summary's ``issues`` block; empty when it names none."""
    return list(((issues or {}).get(name) or {}).get("split") or [])


__all__ = ["package_text", "split_of", "value_text"]
