"""Genius XML domains and profiles (the format of the Genius platform and of ANAC up to 2019).

Facts about the format (Genius source, ``negotiator.utility`` package, read 2026-12):

- a domain file is ``<negotiation_template><utility_space><objective>`` holding
  ``<issue name=... index=... type="discrete">`` elements, each listing its
  values as ``<item value=...>``;
- a profile file is ``<utility_space>`` whose ``<objective>`` repeats the issues,
  each ``<item>`` with an ``evaluation``, and holds one ``<weight index=...
  value=...>`` per issue (``index`` is the issue's); ``<discount_factor
  value=...>`` and ``<reservation value=...>`` are optional;
- a value's utility is its evaluation divided by the largest evaluation of its
  issue (``EvaluatorDiscrete.normalize``; all 0 when that largest is 0), and
  evaluations may not be negative;
- u(ω, t) = Σ_i w_i v_i(ω_i) · δ^t at normalised time t in [0, 1]
  (``AbstractUtilitySpace.discount``); a discount factor ≤ 0 or > 1 counts as 1;
  the reservation value is discounted likewise and is 0 when absent;
- weights count as normalised when they sum to within [0.98, 1.02]
  (``AdditiveUtilitySpace.checkTreeNormalization``).

Only discrete issues are read: an ``integer`` or ``real`` issue is refused with
a located error (docs/IMPORT.md says why).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from negotiation.importers.checks import GENIUS_WEIGHT_SUM, number, too_many_packages, value_text, weight_sum_problem
from negotiation.importers.domain import MIN_PARTIES, ImportedDomain, ImportedIssue, ImportedParty, Problems
from negotiation.importers.xml_reader import XmlDocument, read_xml
from negotiation.scenario.errors import did_you_mean

ROOTS = ("negotiation_template", "utility_space")
"""The root elements a Genius domain or profile file may have."""

_TYPE_ATTRIBUTES = ("type", "etype", "vtype")


def _space(doc: XmlDocument, problems: Problems) -> ET.Element | None:
    """The file's ``<utility_space>`` element."""
    root = doc.root
    if root.tag not in ROOTS:
        problems.add(
            doc.file,
            doc.line(root),
            root.tag,
            f"expected a Genius <negotiation_template> or <utility_space> root element, got <{root.tag}>",
        )
        return None
    space = root if root.tag == "utility_space" else root.find("utility_space")
    if space is None:
        problems.add(doc.file, doc.line(root), root.tag, "has no <utility_space> element")
    return space


def _issue_path(issue: ET.Element) -> str:
    return f"utility_space/objective/issue[@name={value_text(issue.get('name', ''))}]"


def _kind(issue: ET.Element) -> str:
    """The issue's type: the first of type, etype or vtype it writes, else 'discrete' (Genius's default)."""
    for attribute in _TYPE_ATTRIBUTES:
        kind = issue.get(attribute)
        if kind:
            return kind.strip().lower()
    return "discrete"


def _issues(doc: XmlDocument, space: ET.Element, problems: Problems) -> list[ET.Element]:
    """The file's discrete ``<issue>`` elements with a name each, distinct; problems for the others."""
    out: list[ET.Element] = []
    seen: dict[str, int] = {}
    for issue in space.iter("issue"):
        name = issue.get("name")
        path = _issue_path(issue)
        if not name:
            problems.add(doc.file, doc.line(issue), "utility_space/objective/issue", "an <issue> without a name attribute")
            continue
        if name in seen:
            problems.add(doc.file, doc.line(issue), path, f"issue {value_text(name)} is given twice (first at line {seen[name]})")
            continue
        seen[name] = doc.line(issue)
        kind = _kind(issue)
        if kind != "discrete":
            problems.add(
                doc.file,
                doc.line(issue),
                path,
                f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind} issue; only discrete issues can be imported (list its values as <item> elements of a discrete issue)",
            )
            continue
        out.append(issue)
    if not seen:
        problems.add(doc.file, doc.line(space), "utility_space", "no <issue> element: a domain needs at least one issue")
    return out


def _domain(path: str, problems: Problems) -> tuple[str, list[ImportedIssue]] | None:
    doc = read_xml(path, problems)
    space = _space(doc, problems) if doc else None
    if doc is None or space is None:
        return None
    issues: list[ImportedIssue] = []
    for issue in _issues(doc, space, problems):
        values: list[str] = []
        for item in issue.iter("item"):
            value = item.get("value")
            where = f"{_issue_path(issue)}/item"
            if value is None:
                problems.add(doc.file, doc.line(item), where, "an <item> without a value attribute")
            elif value in values:
                problems.add(doc.file, doc.line(item), f"{where}[@value={value_text(value)}]", f"value {value_text(value)} is listed twice")
            else:
                values.append(value)
        if len(values) < 2:
            problems.add(doc.file, doc.line(issue), _issue_path(issue), f"has {len(values)} value(s); an issue needs at least 2")
        issues.append(ImportedIssue(issue.get("name", ""), tuple(values)))
    too_many = too_many_packages([len(i.values) for i in issues])
    if too_many:
        problems.add(doc.file, doc.line(space), "utility_space", too_many)
    objective = space.find("objective")
    name = doc.root.get("name") or space.get("name") or (objective.get("name") if objective is not None else None) or Path(path).stem
    return name, issues


def _profile(path: str, issues: Sequence[ImportedIssue], problems: Problems) -> ImportedParty | None:
    doc = read_xml(path, problems)
    space = _space(doc, problems) if doc else None
    if doc is None or space is None:
        return None
    known = {i.name: i for i in issues}
    before = len(problems.found)
    values: dict[str, dict[str, float]] = {}
    by_index: dict[str, str] = {}
    for issue in _issues(doc, space, problems):
        name = issue.get("name", "")
        where = _issue_path(issue)
        index = issue.get("index")
        if index is not None:
            by_index[index.strip()] = name
        if name not in known:
            problems.add(doc.file, doc.line(issue), where, f"issue {value_text(name)} is not in the domain{did_you_mean(name, known)}")
            continue
        evaluations: dict[str, float] = {}
        for item in issue.iter("item"):
            value, text = item.get("value"), item.get("evaluation")
            at = f"{where}/item[@value={value_text(value or '')}]"
            evaluation = number(text)
            if value is None:
                problems.add(doc.file, doc.line(item), f"{where}/item", "an <item> without a value attribute")
            elif value not in known[name].values:
                problems.add(
                    doc.file,
                    doc.line(item),
                    at,
                    f"value {value_text(value)} is not a value of this issue in the domain{did_you_mean(value, known[name].values)}",
                )
            elif text is None:
                problems.add(doc.file, doc.line(item), at, "an <item> without an evaluation attribute")
            elif evaluation is None or evaluation < 0:
                problems.add(
                    doc.file, doc.line(item), f"{at}/@evaluation", f"expected a finite number of at least 0, got {value_text(text)}"
                )
            else:
                evaluations[value] = evaluation
        missing = [v for v in known[name].values if v not in evaluations and all(item.get("value") != v for item in issue.iter("item"))]
        if missing:
            problems.add(
                doc.file, doc.line(issue), where, f"no evaluation for the domain's value(s) {', '.join(value_text(v) for v in missing)}"
            )
        top = max(evaluations.values(), default=0.0)
        values[name] = {v: (e / top if top > 0 else 0.0) for v, e in evaluations.items()}  # EvaluatorDiscrete.normalize
    for name in known:
        if name not in values and not any(i.get("name") == name for i in space.iter("issue")):
            problems.add(doc.file, doc.line(space), "utility_space/objective", f"no <issue> for the domain's issue {value_text(name)}")
    weights: dict[str, float] = {}
    for weight in space.iter("weight"):
        index, text = (weight.get("index") or "").strip(), weight.get("value")
        at = f"utility_space/objective/weight[@index={value_text(index)}]"
        w = number(text)
        if index not in by_index:
            problems.add(doc.file, doc.line(weight), at, f"no issue has index {value_text(index)}{did_you_mean(index, by_index)}")
        elif w is None or w < 0:
            problems.add(doc.file, doc.line(weight), f"{at}/@value", f"expected a finite number of at least 0, got {value_text(text)}")
        elif by_index[index] not in known:
            continue  # the issue is reported already
        elif by_index[index] in weights:
            problems.add(doc.file, doc.line(weight), at, "a second weight for this issue")
        else:
            weights[by_index[index]] = w
    for issue in space.iter("issue"):
        name, index = issue.get("name", ""), issue.get("index")
        if name in values and name not in weights:
            wanted = (
                f"no <weight index={value_text(index)}> for this issue" if index else "no index attribute, so no <weight> can refer to it"
            )
            problems.add(doc.file, doc.line(issue), _issue_path(issue), wanted)
    if len(problems.found) == before and len(weights) == len(known):
        low, high = GENIUS_WEIGHT_SUM
        wrong = weight_sum_problem(list(weights.values()), low, high, f"Genius requires them to sum to 1 (within {low}-{high})")
        if wrong:
            first = next(space.iter("weight"))
            problems.add(doc.file, doc.line(first), "utility_space/objective/weight", wrong)
    reservation = _single(doc, space, "reservation", problems, 0.0, (0.0, 1.0))
    discount = _single(doc, space, "discount_factor", problems, 1.0, (0.0, 1.0))
    if discount is not None and discount <= 0:
        discount = 1.0  # AbstractUtilitySpace.validateDiscount: a factor <= 0 means no discount
    if len(problems.found) > before or reservation is None or discount is None:
        return None
    name = space.get("name") or doc.root.get("name") or Path(path).stem
    return ImportedParty(name, weights, values, reservation, discount)


def _single(doc: XmlDocument, space: ET.Element, tag: str, problems: Problems, default: float, bounds: tuple[float, float]) -> float | None:
    """The ``value`` of the file's one ``<tag>`` element in [lo, hi], ``default`` without one, ``None`` after a problem."""
    found = list(space.iter(tag))
    if not found:
        return default
    element = found[0]
    text = element.get("value")
    x = number(text)
    lo, hi = bounds
    if len(found) > 1:
        problems.add(doc.file, doc.line(found[1]), f"utility_space/{tag}", f"a second <{tag}> (first at line {doc.line(element)})")
        return None
    if x is None or not lo <= x <= hi:
        problems.add(
            doc.file, doc.line(element), f"utility_space/{tag}/@value", f"expected a number in [{lo:g}, {hi:g}], got {value_text(text)}"
        )
        return None
    return x


def read_genius(domain: str, profiles: Sequence[str]) -> ImportedDomain:
    """Read a Genius XML domain and its parties' profiles.

    Parameters
    ----------
    domain : str
        The domain file (``<negotiation_template>``).
    profiles : sequence of str
        One profile file (``<utility_space>``) per party, at least two.

    Returns
    -------
    ImportedDomain
        Values normalised per issue by the largest evaluation, as Genius does.

    Raises
    ------
    ScenarioError
        Every problem found in any of the files, one located line each.
    """
    problems = Problems()
    if len(profiles) < MIN_PARTIES:
        problems.add(
            domain,
            0,
            "(profiles)",
            f"a scenario needs at least {MIN_PARTIES} parties: give one profile file per party, got {len(profiles)}",
        )
    read = _domain(domain, problems)
    if read is None:
        problems.raise_any()
    assert read is not None
    name, issues = read
    parties = [] if len(problems.found) else [_profile(p, issues, problems) for p in profiles]
    problems.raise_any()
    files = tuple(Path(f).name for f in (domain, *profiles))
    return ImportedDomain(name, tuple(issues), tuple(p for p in parties if p is not None), "Genius", files)


__all__ = ["ROOTS", "read_genius"]
