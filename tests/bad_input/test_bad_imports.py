"""Bad input to ``negotiation import``: malformed Genius XML and GeniusWeb JSON files exit 2 with located one-line errors.

Each case starts from a well-formed small domain (tests/import_domains.py),
breaks one thing, and checks that the command exits 2 with no traceback,
that every line on standard error reads ``FILE:LINE: path: what is wrong``
and that the expected line is among them; and that nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.import_domains import genius_domain, genius_profile, geniusweb_domain, geniusweb_profile, write
from tests.in_process import negotiation_cli

ISSUES = {"Food": ["Pizza", "Soup"], "Drink": ["Water", "Tea"]}
EVALUATIONS = {"Food": {"Pizza": 2, "Soup": 1}, "Drink": {"Water": 1, "Tea": 4}}
WEIGHTS = {"Food": 0.5, "Drink": 0.5}
LINE = re.compile(r"^[^:\n]+:\d+: [^:\n]+: .+$")


def _genius(folder: Path, domain: str, profile: str) -> list[Path]:
    good = genius_profile(EVALUATIONS, WEIGHTS, reservation=0.1)
    return [write(folder, "d.xml", domain), write(folder, "p.xml", profile), write(folder, "q.xml", good)]


GOOD_DOMAIN = genius_domain(ISSUES)
GOOD_PROFILE = genius_profile(EVALUATIONS, WEIGHTS, discount=0.9, reservation=0.2)

GENIUS: dict[str, tuple[str, str, tuple[str, int, str, str]]] = {
    # case: (domain text, profile text, (file, line, path, message fragment))
    "missing weight": (
        GOOD_DOMAIN,
        genius_profile(EVALUATIONS, {"Food": 1.0}),
        ("p.xml", 8, "utility_space/objective/issue[@name='Drink']", "no <weight index='2'> for this issue"),
    ),
    "unknown issue": (
        GOOD_DOMAIN,
        genius_profile({**EVALUATIONS, "Drinks": {"Water": 1}}, {**WEIGHTS, "Drinks": 0.0}),
        ("p.xml", 12, "utility_space/objective/issue[@name='Drinks']", "issue 'Drinks' is not in the domain (did you mean 'Drink'?)"),
    ),
    "unknown value": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace('value="Soup"', 'value="Soap"'),
        (
            "p.xml",
            6,
            "utility_space/objective/issue[@name='Food']/item[@value='Soap']",
            "not a value of this issue in the domain (did you mean 'Soup'?)",
        ),
    ),
    "weights not summing to 1": (
        GOOD_DOMAIN,
        genius_profile(EVALUATIONS, {"Food": 0.6, "Drink": 0.6}),
        ("p.xml", 12, "utility_space/objective/weight", "the weights sum to 1.2; Genius requires them to sum to 1 (within 0.98-1.02)"),
    ),
    "negative evaluation": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace('evaluation="4"', 'evaluation="-4"'),
        (
            "p.xml",
            10,
            "utility_space/objective/issue[@name='Drink']/item[@value='Tea']/@evaluation",
            "expected a finite number of at least 0, got '-4'",
        ),
    ),
    "reservation beyond 1": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace('reservation value="0.2"', 'reservation value="2"'),
        ("p.xml", 16, "utility_space/reservation/@value", "expected a number in [0, 1], got '2'"),
    ),
    "discount factor beyond 1": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace('discount_factor value="0.9"', 'discount_factor value="1.5"'),
        ("p.xml", 15, "utility_space/discount_factor/@value", "expected a number in [0, 1], got '1.5'"),
    ),
    "bad XML": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace("</issue>", "</isue>", 1),
        ("p.xml", 7, "(file)", "not well-formed XML: mismatched tag"),
    ),
    "bytes not in the declared encoding": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace('value="Soup"', 'value="Soup\udce9"'),
        ("p.xml", 6, "(file)", "not well-formed XML: not well-formed (invalid token)"),
    ),
    "DOCTYPE present": (
        GOOD_DOMAIN.replace("<negotiation_template>", '<!DOCTYPE t [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<negotiation_template>'),
        GOOD_PROFILE,
        ("d.xml", 2, "(file)", "<!DOCTYPE> declarations are not accepted"),
    ),
    "integer issue": (
        GOOD_DOMAIN.replace(
            'type="discrete" etype="discrete" vtype="discrete">\n        <item index="1" value="Water"',
            'type="integer" etype="integer" vtype="integer">\n        <item index="1" value="Water"',
        ),
        GOOD_PROFILE,
        ("d.xml", 9, "utility_space/objective/issue[@name='Drink']", "an integer issue; only discrete issues can be imported"),
    ),
    "issue without index": (
        GOOD_DOMAIN,
        GOOD_PROFILE.replace('name="Drink" index="2" ', 'name="Drink" '),
        ("p.xml", 8, "utility_space/objective/issue[@name='Drink']", "no index attribute, so no <weight> can refer to it"),
    ),
    "wrong root": (
        "<domain/>\n",
        GOOD_PROFILE,
        ("d.xml", 1, "domain", "expected a Genius <negotiation_template> or <utility_space> root element, got <domain>"),
    ),
}


def _check(done: object, file: str, line: int, path: str, fragment: str) -> None:
    assert done.returncode == 2, done.stderr  # type: ignore[attr-defined]
    err = done.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines and all(LINE.match(x) for x in lines), err
    assert any(x.startswith(f"{file}:{line}: {path}: ") and fragment in x for x in lines), err


@pytest.mark.parametrize("case", GENIUS)
def test_a_malformed_genius_file_is_located(tmp_path: Path, case: str) -> None:
    domain, profile, (file, line, path, fragment) = GENIUS[case]
    files = [p.name for p in _genius(tmp_path, domain, profile)]
    done = negotiation_cli("import", "genius", *files, "--out", "out.yaml", cwd=tmp_path)
    _check(done, file, line, path, fragment)
    assert not (tmp_path / "out.yaml").exists()


GW_DOMAIN = geniusweb_domain({"food": ["pizza", "soup"], "drink": ["water", "tea"]})
GW_UTILS = {"food": {"pizza": 1, "soup": 0.5}, "drink": {"water": 0.2, "tea": 1}}
GW_GOOD = geniusweb_profile("good", GW_DOMAIN, GW_UTILS, {"food": 0.5, "drink": 0.5})


def _edit(change: Callable[[dict], None]) -> dict:
    profile = json.loads(json.dumps(GW_GOOD))
    change(profile["LinearAdditiveUtilitySpace"])
    return profile


GEN_WEB: dict[str, tuple[object, object, tuple[str, int, str, str]]] = {
    "weights a list": (
        GW_DOMAIN,
        _edit(lambda s: s.update(issueWeights=[0.5, 0.5])),
        ("p.json", 21, "LinearAdditiveUtilitySpace.issueWeights", "expected issue -> weight (a JSON object), got a list"),
    ),
    "weight a string": (
        GW_DOMAIN,
        _edit(lambda s: s["issueWeights"].update(food="0.5")),
        ("p.json", 22, "LinearAdditiveUtilitySpace.issueWeights.food", "expected a number in [0, 1], got the string '0.5'"),
    ),
    "missing weight": (
        GW_DOMAIN,
        _edit(lambda s: s.update(issueWeights={"food": 1.0})),
        ("p.json", 21, "LinearAdditiveUtilitySpace.issueWeights", "no weight for the domain's issue 'drink'"),
    ),
    "weights not summing to 1": (
        GW_DOMAIN,
        _edit(lambda s: s.update(issueWeights={"food": 0.5, "drink": 0.4})),
        ("p.json", 21, "LinearAdditiveUtilitySpace.issueWeights", "the weights sum to 0.9; GeniusWeb requires them to sum to 1"),
    ),
    "unknown issue": (
        GW_DOMAIN,
        _edit(lambda s: s["issueUtilities"].update(foods=s["issueUtilities"]["food"])),
        ("p.json", 20, "LinearAdditiveUtilitySpace.issueUtilities.foods", "issue 'foods' is not in the domain (did you mean 'food'?)"),
    ),
    "utility beyond 1": (
        GW_DOMAIN,
        _edit(lambda s: s["issueUtilities"]["drink"]["DiscreteValueSetUtilities"]["valueUtilities"].update(tea=3)),
        (
            "p.json",
            16,
            "LinearAdditiveUtilitySpace.issueUtilities.drink.DiscreteValueSetUtilities.valueUtilities.tea",
            "expected a number in [0, 1], got '3'",
        ),
    ),
    "reservation bid off the domain": (
        GW_DOMAIN,
        _edit(lambda s: s.update(reservationBid={"issuevalues": {"food": "soap"}})),
        (
            "p.json",
            45,
            "LinearAdditiveUtilitySpace.reservationBid.issuevalues.food",
            "expected one of 'pizza', 'soup', got 'soap' (did you mean 'soup'?)",
        ),
    ),
    "number issue": (
        {"name": "d", "issuesValues": {"food": {"values": ["pizza", "soup"]}, "price": {"range": [0, 10, 1]}}},
        GW_GOOD,
        ("d.json", 10, "issuesValues.price", "a number issue ('range'); only discrete issues can be imported"),
    ),
    "other profile kind": (
        GW_DOMAIN,
        {"DefaultPartialOrdering": {}},
        ("p.json", 2, "DefaultPartialOrdering", "expected a LinearAdditiveUtilitySpace profile, got 'DefaultPartialOrdering'"),
    ),
    "duplicate key": (
        '{"name": "d",\n "issuesValues": {"food": {"values": ["pizza", "soup"]},\n  "food": {"values": ["soup"]}}}\n',
        GW_GOOD,
        ("d.json", 3, "issuesValues.food", "duplicate key 'food' (first given at line 2)"),
    ),
    "bad JSON": (
        GW_DOMAIN,
        '{"LinearAdditiveUtilitySpace": {\n  "name": "x",\n  "issueWeights": {"food": 0.5,}\n}}\n',
        ("p.json", 3, "(file)", "not valid JSON: Expecting property name enclosed in double quotes"),
    ),
}


@pytest.mark.parametrize("case", GEN_WEB)
def test_a_malformed_geniusweb_file_is_located(tmp_path: Path, case: str) -> None:
    domain, profile, (file, line, path, fragment) = GEN_WEB[case]
    write(tmp_path, "d.json", domain)  # type: ignore[arg-type]
    write(tmp_path, "p.json", profile)  # type: ignore[arg-type]
    write(tmp_path, "q.json", GW_GOOD)
    done = negotiation_cli("import", "geniusweb", "d.json", "p.json", "q.json", "--out", "out.yaml", cwd=tmp_path)
    _check(done, file, line, path, fragment)
    assert not (tmp_path / "out.yaml").exists()


def test_one_profile_is_not_a_negotiation(tmp_path: Path) -> None:
    files = [p.name for p in _genius(tmp_path, GOOD_DOMAIN, GOOD_PROFILE)][:2]
    _check(negotiation_cli("import", "genius", *files, cwd=tmp_path), "d.xml", 0, "(profiles)", "a scenario needs at least 2 parties")


def test_problems_in_several_profiles_are_all_reported(tmp_path: Path) -> None:
    write(tmp_path, "d.xml", GOOD_DOMAIN)
    write(tmp_path, "p.xml", genius_profile(EVALUATIONS, {"Food": 1.0}))
    write(tmp_path, "q.xml", GOOD_PROFILE.replace('value="Soup"', 'value="Soap"'))
    done = negotiation_cli("import", "genius", "d.xml", "p.xml", "q.xml", cwd=tmp_path)
    assert done.returncode == 2
    assert [x.split(":")[0] for x in done.stderr.splitlines()] == ["p.xml", "q.xml", "q.xml"], done.stderr
