"""Properties of the importers on random Genius profiles and names (docs/IMPORT.md).

- Genius's utility of every package, Σ_i w_i e_i(x_i) / max e_i (the rule of
  ``EvaluatorDiscrete.normalize`` in the Genius source), computed here from the
  evaluations, equals the imported scenario's Σ_i w_i v_i(x_i) / Σ_i w_i (the
  engine divides weights by their sum) up to rounding when the weights sum to
  1; and every issue's best value is 1 unless all its evaluations are 0.
- The written file always parses as YAML and validates.
- Names made from any text are distinct identifiers of at most 64 characters.
- The patience for N rounds compounds back to the discount factor: p^N = δ.
"""

from __future__ import annotations

import itertools
import math
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.engine.scenario import load_scenario
from negotiation.importers import read_genius, scenario_text
from negotiation.importers.names import names_for
from negotiation.importers.scenario_text import patience
from negotiation.scenario.schema import NAME_PATTERN
from tests.import_domains import genius_domain, genius_profile, write

VALUE = st.text(alphabet="ab c-é1", min_size=1, max_size=6)


@st.composite
def domains(draw: st.DrawFn) -> tuple[dict[str, list[str]], list[tuple[dict[str, dict[str, int]], dict[str, float]]]]:
    n_issues = draw(st.integers(1, 3))
    issues: dict[str, list[str]] = {}
    for k in range(n_issues):
        issues[f"Issue {k}"] = draw(st.lists(VALUE, min_size=2, max_size=4, unique=True))
    profiles = []
    for _ in range(draw(st.integers(2, 3))):
        evaluations = {i: {v: draw(st.integers(0, 20)) for v in values} for i, values in issues.items()}
        raw = [draw(st.integers(1, 9)) for _ in issues]
        weights = {i: r / sum(raw) for i, r in zip(issues, raw, strict=True)}
        profiles.append((evaluations, weights))
    return issues, profiles


Case = tuple[dict[str, list[str]], list[tuple[dict[str, dict[str, int]], dict[str, float]]]]


@settings(max_examples=12, deadline=None)
@given(domains())
def test_imported_utilities_are_genius_utilities(case: Case) -> None:
    _check_utilities(case)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(domains())
def test_imported_utilities_are_genius_utilities_full_budget(case: Case) -> None:
    _check_utilities(case)


def _check_utilities(case: Case) -> None:
    issues, profiles = case
    with tempfile.TemporaryDirectory() as folder:
        files = [write(Path(folder), "d.xml", genius_domain(issues))]
        files += [write(Path(folder), f"p{k}.xml", genius_profile(e, w)) for k, (e, w) in enumerate(profiles)]
        domain = read_genius(str(files[0]), [str(f) for f in files[1:]])
        text = scenario_text(domain)
        written = Path(folder) / "s.yaml"
        written.write_text(text, encoding="utf-8")
        scenario = yaml.safe_load(text)
        load_scenario(written)
    option_names = [scenario["issues"][n]["options"] for n in scenario["issues"]]
    for (evaluations, weights), party in zip(profiles, scenario["parties"].values(), strict=True):
        for issue, name in zip(issues, scenario["issues"], strict=True):
            table = party["value"][name]
            assert max(table.values()) == (1.0 if max(evaluations[issue].values()) > 0 else 0.0)
        total = sum(party["weight"].values())
        for package in itertools.product(*(range(len(v)) for v in issues.values())):
            genius = sum(
                weights[i] * (evaluations[i][issues[i][k]] / max(evaluations[i].values()) if max(evaluations[i].values()) > 0 else 0.0)
                for i, k in zip(issues, package, strict=True)
            )
            ours = sum(
                party["weight"][n] / total * party["value"][n][opts[k]]
                for n, opts, k in zip(scenario["issues"], option_names, package, strict=True)
            )
            assert math.isclose(ours, genius, rel_tol=1e-12, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=8))
def test_names_are_distinct_identifiers(texts: list[str]) -> None:
    names = names_for(texts, "x")
    assert len({n.lower() for n in names}) == len(texts)
    assert all(re.fullmatch(NAME_PATTERN, n) and len(n) <= 64 for n in names)


@settings(max_examples=100, deadline=None)
@given(st.floats(0.01, 1.0), st.integers(1, 1000))
def test_patience_compounds_to_the_discount_factor(discount: float, rounds: int) -> None:
    assert math.isclose(patience(discount, rounds) ** rounds, discount, rel_tol=1e-9)
