"""An imported domain written as scenario YAML: issues, parties' weights and value tables, reservation values, patience."""

from __future__ import annotations

import json

from negotiation.importers.domain import ImportedDomain
from negotiation.importers.names import names_for, slug

PROTOCOLS = "[nash, kalai_smorodinsky]"
"""The protocols an imported scenario runs: the two axiomatic points other tools report for a domain."""


def patience(discount: float, rounds: int) -> float:
    """The discount per round of offers for a discount ``discount`` over the whole deadline of ``rounds`` rounds.

    Genius discounts u by δ^t at normalised time t in [0, 1]; after k of R
    equally long rounds t = k/R, so one round costs the factor δ^(1/R).

    Examples
    --------
    >>> patience(0.81, 2)
    0.9
    >>> patience(1.0, 10)
    1.0
    """
    return float(round(discount ** (1.0 / rounds), 15))


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _num(x: float) -> str:
    """A number as the shortest text that reads back as the same float."""
    return repr(float(x))


def scenario_text(domain: ImportedDomain, rounds: int = 1) -> str:
    """The scenario YAML for an imported domain.

    Parameters
    ----------
    domain : ImportedDomain
        What an importer read.
    rounds : int
        Rounds of offers the deadline is divided into, for the patience
        δ^(1/rounds) (see :func:`patience`); 1 reads the whole deadline as one round.

    Returns
    -------
    str
        A scenario file: every issue categorical with its values as options
        (renamed to plain names where needed, the original in the label), one
        party per profile with its weights as given, a table of values, its
        reservation value and patience; protocols Nash and Kalai–Smorodinsky.
    """
    issue_names = names_for((i.name for i in domain.issues), "issue")
    options = [names_for(i.values, "value") for i in domain.issues]
    party_names = names_for((p.name for p in domain.parties), "party")
    out = [
        f"# Imported from the {domain.source} files {', '.join(domain.files)}",
        f"# by `negotiation import {domain.source.lower()}`. Mapping (docs/IMPORT.md): issues and values",
        "# as categorical issues and options; weights as each profile gives them;",
        "# values as each profile's utilities"
        + (", each evaluation divided by its issue's largest (as Genius does);" if domain.source == "Genius" else " (already in [0, 1]);"),
        "# reservation values as the profiles give them"
        + (";" if domain.source == "Genius" else " (the utility of the reservation bid, 0 without one);"),
        f"# patience = discount factor^(1/{rounds}) per round of offers ({rounds} round(s) to the deadline).",
        f"name: {slug(domain.name)}",
        f"title: {_q(domain.name[:200])}",
        f"description: {_q(f'The {domain.source} domain {domain.name}, imported with its {len(domain.parties)} profiles.')}",
        "issues:",
    ]
    for issue, name, opts in zip(domain.issues, issue_names, options, strict=True):
        out.append(f"  {_q(name)}:")
        out.append(f"    label: {_q(issue.name[:200])}")
        renamed = [(o, v) for o, v in zip(opts, issue.values, strict=True) if o != v]
        if renamed:
            note = "; ".join(f"{o} = {v}" for o, v in renamed)
            out.append(f"    description: {_q(('Values as the domain writes them: ' + note)[:5000])}")
        out.append(f"    options: [{', '.join(_q(o) for o in opts)}]")
    out.append("parties:")
    for party, name in zip(domain.parties, party_names, strict=True):
        out.append(f"  {_q(name)}:")
        weights = ", ".join(f"{_q(n)}: {_num(party.weights[i.name])}" for i, n in zip(domain.issues, issue_names, strict=True))
        out.append(f"    weight: {{{weights}}}")
        out.append("    value:")
        for issue, iname, opts in zip(domain.issues, issue_names, options, strict=True):
            table = ", ".join(f"{_q(o)}: {_num(party.values[issue.name][v])}" for o, v in zip(opts, issue.values, strict=True))
            out.append(f"      {_q(iname)}: {{{table}}}")
        out.append(f"    reservation: {_num(party.reservation)}")
        out.append(f"    patience: {_num(patience(party.discount, rounds))}")
    out.append(f"protocols: {PROTOCOLS}")
    out.append("monte_carlo: {draws: 100, seed: 1}   # nothing is drawn: every draw is the same")
    return "\n".join(out) + "\n"


__all__ = ["PROTOCOLS", "patience", "scenario_text"]
