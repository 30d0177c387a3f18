"""Importing Genius XML and GeniusWeb JSON domains: the numbers written, checked by hand, and the scenario run end to end.

Every domain here is written by the test (tests/import_domains.py). The
expected values are worked out by hand from the format's documented rules
(docs/IMPORT.md): Genius divides each evaluation by its issue's largest
(``EvaluatorDiscrete.normalize`` in the Genius source); GeniusWeb uses its
utilities as given and values a reservation bid at Σ w_i v_i; Genius's
discount δ over the whole deadline is δ^(1/R) per round of R. The Nash and
Kalai–Smorodinsky packages are found by enumerating the six packages in the
test, from the hand-made utilities, not by the solvers under test.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
import yaml

import negotiation
from negotiation.importers import read_genius, read_geniusweb, scenario_text
from negotiation.importers.names import identifier, slug
from negotiation.importers.scenario_text import patience
from tests.import_domains import genius_domain, genius_profile, geniusweb_domain, geniusweb_profile, write
from tests.in_process import negotiation_cli

ISSUES = {"Food": ["Pizza", "Sushi bar", "Soup"], "Drink": ["Water", "Tea"]}
OPTIONS = {"Food": ["Pizza", "Sushi_bar", "Soup"], "Drink": ["Water", "Tea"]}
"""The options written: 'Sushi bar' holds a space, which an option name may not."""


def lunch_genius(folder: Path) -> list[Path]:
    """A Genius domain with three parties; the comments give each normalised value by hand."""
    a = genius_profile(
        {"Food": {"Pizza": 4, "Sushi bar": 8, "Soup": 2}, "Drink": {"Water": 1, "Tea": 3}},  # /8: 0.5, 1, 0.25; /3: 1/3, 1
        {"Food": 0.6, "Drink": 0.4},
        discount=0.81,
        reservation=0.25,
    )
    b = genius_profile(
        {"Food": {"Pizza": 10, "Sushi bar": 1, "Soup": 5}, "Drink": {"Water": 2, "Tea": 1}},  # /10: 1, 0.1, 0.5; /2: 1, 0.5
        {"Food": 0.3, "Drink": 0.7},
        reservation=0.2,
    )
    c = genius_profile(
        {"Food": {"Pizza": 3, "Sushi bar": 3, "Soup": 6}, "Drink": {"Water": 0, "Tea": 5}},  # /6: 0.5, 0.5, 1; /5: 0, 1
        {"Food": 0.5, "Drink": 0.49},  # sums to 0.99: within Genius's 0.98-1.02
        discount=0,  # Genius reads a factor <= 0 as no discount
    )
    return [
        write(folder, "lunch.xml", genius_domain(ISSUES)),
        *(write(folder, f"{n}.xml", t) for n, t in (("alice", a), ("bob", b), ("carol", c))),
    ]


HAND_GENIUS = {
    "alice": ({"Food": 0.6, "Drink": 0.4}, {"Food": [0.5, 1.0, 0.25], "Drink": [1 / 3, 1.0]}, 0.25, 0.9),
    "bob": ({"Food": 0.3, "Drink": 0.7}, {"Food": [1.0, 0.1, 0.5], "Drink": [1.0, 0.5]}, 0.2, 1.0),
    "carol": ({"Food": 0.5, "Drink": 0.49}, {"Food": [0.5, 0.5, 1.0], "Drink": [0.0, 1.0]}, 0.0, 1.0),
}
"""party: (weights, values per option in order, reservation, patience with --rounds 2: sqrt(0.81) = 0.9)."""


def test_genius_values_are_normalised_by_the_largest_evaluation(tmp_path: Path) -> None:
    domain, *profiles = lunch_genius(tmp_path)
    text = scenario_text(read_genius(str(domain), [str(p) for p in profiles]), rounds=2)
    scenario = yaml.safe_load(text)
    assert scenario["name"] == "lunch"
    assert {k: v["options"] for k, v in scenario["issues"].items()} == OPTIONS
    assert scenario["issues"]["Food"]["description"] == "Values as the domain writes them: Sushi_bar = Sushi bar"
    for party, (weights, values, reservation, wait) in HAND_GENIUS.items():
        written = scenario["parties"][party]
        assert written["weight"] == weights
        for issue, expected in values.items():
            assert [written["value"][issue][o] for o in OPTIONS[issue]] == pytest.approx(expected, abs=1e-15)
        assert written["reservation"] == reservation
        assert written["patience"] == pytest.approx(wait, abs=1e-15)


def _hand_points(hand: dict[str, tuple[dict[str, float], dict[str, list[float]], float, float]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Nash and Kalai–Smorodinsky packages (option indices) by enumeration, weights divided by their sum as the engine does."""
    packages = list(itertools.product(*(range(len(v)) for v in OPTIONS.values())))

    def gain(party: str, k: tuple[int, ...]) -> float:
        weights, values, reservation, _ = hand[party]
        total = sum(weights.values())
        return sum(weights[i] / total * values[i][o] for i, o in zip(OPTIONS, k, strict=True)) - reservation

    acceptable = [k for k in packages if all(gain(p, k) >= 0 for p in hand)]
    nash = max(acceptable, key=lambda k: math.prod(gain(p, k) for p in hand))
    ideal = {p: max(gain(p, k) for k in acceptable) for p in hand}
    ks = max(acceptable, key=lambda k: min(gain(p, k) / ideal[p] for p in hand))
    return nash, ks


def test_genius_import_validates_and_runs_to_the_hand_computed_points(tmp_path: Path) -> None:
    files = lunch_genius(tmp_path)
    done = negotiation_cli("import", "genius", *files, "--rounds", "2", "--out", "lunch.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert negotiation_cli("validate", "lunch.yaml", cwd=tmp_path).stdout == "ok\n"
    summary = negotiation.run(tmp_path / "lunch.yaml", draws=20, seed=1).summary
    nash, ks = _hand_points(HAND_GENIUS)
    for protocol, expected in (("nash", nash), ("kalai_smorodinsky", ks)):
        top = summary["protocols"][protocol]["top_packages"][0]
        assert top["share"] == 1.0
        assert top["package"] == {i: OPTIONS[i][o] for i, o in zip(OPTIONS, expected, strict=True)}


GW_ISSUES = {"food": ["pizza", "sushi", "soup"], "drink": ["water", "tea"], "place": ["in", "out"]}


def test_geniusweb_utilities_as_given_and_the_reservation_bid_valued(tmp_path: Path) -> None:
    domain = geniusweb_domain(GW_ISSUES)
    ann = geniusweb_profile(
        "ann",
        domain,
        {"food": {"pizza": 0.2, "sushi": 1, "soup": 0.5}, "drink": {"water": 0.4, "tea": 1}, "place": {"in": 1, "out": 0}},
        {"food": 0.5, "drink": 0.3, "place": 0.2},
        reservation={"food": "soup", "drink": "water", "place": "out"},  # 0.5*0.5 + 0.3*0.4 + 0.2*0 = 0.37
    )
    ben = geniusweb_profile(
        "ben 2",
        domain,
        {"food": {"pizza": 1, "sushi": 0, "soup": 0.6}, "drink": {"water": 1, "tea": 0.25}, "place": {"in": 0.5, "out": 1}},
        {"food": 0.25, "drink": 0.25, "place": 0.5},
        reservation={"place": "in"},  # a partial bid: 0.5*0.5 = 0.25, the issues it leaves out count 0
    )
    paths = [write(tmp_path, "lunch.json", domain), write(tmp_path, "ann.json", ann), write(tmp_path, "ben.json", ben)]
    scenario = yaml.safe_load(scenario_text(read_geniusweb(*map(str, paths[:1]), [str(p) for p in paths[1:]])))
    assert list(scenario["parties"]) == ["ann", "ben_2"]
    assert scenario["parties"]["ann"]["reservation"] == pytest.approx(0.37, abs=1e-15)
    assert scenario["parties"]["ben_2"]["reservation"] == 0.25
    assert scenario["parties"]["ben_2"]["value"]["drink"] == {"water": 1.0, "tea": 0.25}
    assert scenario["parties"]["ann"]["patience"] == 1.0  # GeniusWeb profiles have no discount
    done = negotiation_cli("import", "geniusweb", *paths, "--out", "lunch.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert negotiation_cli("validate", "lunch.yaml", cwd=tmp_path).stdout == "ok\n"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["genius", "geniusweb"])
def test_an_imported_scenario_runs_from_the_command_line(tmp_path: Path, fmt: str) -> None:
    if fmt == "genius":
        files = lunch_genius(tmp_path)
    else:
        domain = geniusweb_domain(GW_ISSUES)
        table = {"food": {"pizza": 0.2, "sushi": 1, "soup": 0.5}, "drink": {"water": 0.4, "tea": 1}, "place": {"in": 1, "out": 0}}
        files = [write(tmp_path, "d.json", domain)]
        files += [
            write(tmp_path, f"{n}.json", geniusweb_profile(n, domain, table, {"food": 0.5, "drink": 0.3, "place": 0.2})) for n in ("p", "q")
        ]
    assert negotiation_cli("import", fmt, *files, "--out", "imported.yaml", cwd=tmp_path).returncode == 0
    ran = negotiation_cli("run", "imported.yaml", "--draws", "200", "--out", "out", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    assert "200 draws" in ran.stdout and (tmp_path / "out" / "summary.json").is_file()


def test_import_prints_to_standard_output_and_never_overwrites_without_force(tmp_path: Path) -> None:
    files = lunch_genius(tmp_path)
    printed = negotiation_cli("import", "genius", *files, cwd=tmp_path)
    assert printed.returncode == 0 and printed.stdout.startswith(
        "# Imported from the Genius files lunch.xml, alice.xml, bob.xml, carol.xml\n"
    )
    (tmp_path / "taken.yaml").write_text("keep me\n", encoding="utf-8")
    refused = negotiation_cli("import", "genius", *files, "--out", "taken.yaml", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == "negotiation: error: taken.yaml already exists; give --force to overwrite it\n"
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == "keep me\n"
    forced = negotiation_cli("import", "genius", *files, "--out", "taken.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert (tmp_path / "taken.yaml").read_text(encoding="utf-8") == printed.stdout


def test_patience_is_the_discount_per_round() -> None:
    assert patience(0.81, 2) == 0.9
    assert patience(0.5, 1) == 0.5
    assert patience(0.9, 4) ** 4 == pytest.approx(0.9, abs=1e-14)


def test_names_become_identifiers_distinct_within_their_section() -> None:
    assert identifier("Sushi bar") == "Sushi_bar"
    assert identifier("Sushi-bar", taken=["sushi-BAR"]) == "Sushi-bar_2"
    assert identifier("€€", fallback="value") == "value"
    assert len(identifier("x" * 100, taken=["x" * 64])) == 64
    assert slug("Itex vs Cypress") == "itex-vs-cypress"


def test_geniusweb_reads_both_names_of_discrete_utilities(tmp_path: Path) -> None:
    domain = geniusweb_domain(GW_ISSUES)
    table = {"food": {"pizza": 0.2, "sushi": 1, "soup": 0.5}, "drink": {"water": 0.4, "tea": 1}, "place": {"in": 1, "out": 0}}
    texts = []
    for key in ("DiscreteValueSetUtilities", "discreteutils"):
        files = [write(tmp_path, f"{key}-d.json", domain)]
        files += [
            write(tmp_path, f"{key}-{n}.json", geniusweb_profile(n, domain, table, {"food": 0.5, "drink": 0.3, "place": 0.2}, key=key))
            for n in ("p", "q")
        ]
        texts.append(scenario_text(read_geniusweb(str(files[0]), [str(f) for f in files[1:]])).split("\n", 1)[1])
    assert texts[0] == texts[1].replace("discreteutils", "DiscreteValueSetUtilities")


def test_a_genius_file_is_decoded_as_it_declares(tmp_path: Path) -> None:
    domain = genius_domain({"Food": ["Pizza", "Crêpe"], "Drink": ["Water", "Tea"]}).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    (tmp_path / "d.xml").write_bytes(domain.encode("latin-1"))
    profile = genius_profile({"Food": {"Pizza": 1, "Crêpe": 2}, "Drink": {"Water": 1, "Tea": 1}}, {"Food": 0.5, "Drink": 0.5})
    files = [tmp_path / "d.xml", write(tmp_path, "p.xml", profile), write(tmp_path, "q.xml", profile)]
    scenario = yaml.safe_load(scenario_text(read_genius(str(files[0]), [str(f) for f in files[1:]])))
    assert scenario["issues"]["Food"]["options"] == ["Pizza", "Cr_pe"]
    assert scenario["issues"]["Food"]["description"] == "Values as the domain writes them: Cr_pe = Crêpe"
    assert scenario["parties"]["p"]["value"]["Food"] == {"Pizza": 0.5, "Cr_pe": 1.0}
