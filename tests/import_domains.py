"""Small domains in the Genius XML and GeniusWeb JSON formats, written by the tests themselves.

No file of any published domain is used (their licences differ from ours):
each builder writes the format's elements from a plain description, as the
format's documentation describes them (docs/IMPORT.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr


def genius_domain(issues: Mapping[str, Sequence[str]], name: str = "Lunch") -> str:
    """A Genius domain file: ``<negotiation_template>`` with one discrete ``<issue>`` per entry, its values as items."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<negotiation_template>", f'  <utility_space number_of_issues="{len(issues)}">']
    lines.append(f'    <objective index="0" name={quoteattr(name)} type="objective" etype="objective">')
    for k, (issue, values) in enumerate(issues.items(), 1):
        lines.append(f'      <issue name={quoteattr(issue)} index="{k}" type="discrete" etype="discrete" vtype="discrete">')
        lines += [f'        <item index="{j}" value={quoteattr(v)}/>' for j, v in enumerate(values, 1)]
        lines.append("      </issue>")
    lines += ["    </objective>", "  </utility_space>", "</negotiation_template>"]
    return "\n".join(lines) + "\n"


def genius_profile(
    evaluations: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
    discount: float | None = None,
    reservation: float | None = None,
) -> str:
    """A Genius profile: ``<utility_space>`` with the issues' evaluations, one weight per issue (by index), discount and reservation."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<utility_space>",
        '  <objective index="0" name="Lunch" type="objective" etype="objective">',
    ]
    index = {issue: k for k, issue in enumerate(evaluations, 1)}
    for issue, table in evaluations.items():
        lines.append(f'    <issue name={quoteattr(issue)} index="{index[issue]}" type="discrete" etype="discrete" vtype="discrete">')
        lines += [f'      <item index="{j}" value={quoteattr(v)} evaluation="{e!r}"/>' for j, (v, e) in enumerate(table.items(), 1)]
        lines.append("    </issue>")
    lines += [f'    <weight index="{index[issue]}" value="{w!r}"/>' for issue, w in weights.items()]
    lines.append("  </objective>")
    if discount is not None:
        lines.append(f'  <discount_factor value="{discount!r}"/>')
    if reservation is not None:
        lines.append(f'  <reservation value="{reservation!r}"/>')
    lines.append("</utility_space>")
    return "\n".join(lines) + "\n"


def geniusweb_domain(issues: Mapping[str, Sequence[str]], name: str = "lunch") -> dict[str, object]:
    """A GeniusWeb domain: ``{"name": ..., "issuesValues": {issue: {"values": [...]}}}``."""
    return {"name": name, "issuesValues": {issue: {"values": list(values)} for issue, values in issues.items()}}


def geniusweb_profile(
    name: str,
    domain: Mapping[str, object],
    utilities: Mapping[str, Mapping[str, float]],
    weights: Mapping[str, float],
    reservation: Mapping[str, str] | None = None,
    key: str = "DiscreteValueSetUtilities",
) -> dict[str, object]:
    """A GeniusWeb linear additive profile over ``domain``, with an optional reservation bid; ``key`` names the utilities' kind."""
    space: dict[str, object] = {
        "issueUtilities": {issue: {key: {"valueUtilities": dict(table)}} for issue, table in utilities.items()},
        "issueWeights": dict(weights),
        "domain": dict(domain),
        "name": name,
    }
    if reservation is not None:
        space["reservationBid"] = {"issuevalues": dict(reservation)}
    return {"LinearAdditiveUtilitySpace": space}


def write(folder: Path, name: str, content: str | Mapping[str, object]) -> Path:
    """Write ``content`` (text, or data written as indented JSON) to ``folder/name`` in UTF-8; the path.

    A lone surrogate ``\\udcXX`` in the text is written as the byte 0xXX, to make a file that is not UTF-8.
    """
    path = folder / name
    text = content if isinstance(content, str) else json.dumps(content, indent=2) + "\n"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    return path
