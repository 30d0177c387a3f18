"""Our Nash and Kalai–Smorodinsky packages against NegMAS's, on three small domains written here; skipped without negmas.

NegMAS is not a dependency of this project (``pip install negmas`` to run
this test). ``benchmarks/compare_negmas.py`` does the comparison; docs/IMPORT.md
("Comparing with NegMAS") shows its output on the same three domains and works
the differences out by hand. On the two Genius domains the Nash packages
agree; the KS packages agree on the first and differ on the second, where
party a's best package over the whole space (NegMAS's ideal) is one that b
refuses, and ours takes the ideal among the packages both accept. On the
GeniusWeb domain the Nash packages differ: NegMAS measures ben's gains from
his worst package, which is worth more than his reservation value.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from negotiation.importers import read_genius, read_geniusweb
from tests.conftest import ROOT
from tests.import_domains import genius_domain, genius_profile, geniusweb_domain, geniusweb_profile, write

pytest.importorskip("negmas")


def _benchmark():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("compare_negmas", ROOT / "benchmarks" / "compare_negmas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _split(folder: Path) -> list[str]:
    """docs/IMPORT.md's second domain: a share in seven steps and three terms."""
    issues = {"Share": [f"s{k}" for k in range(7)], "Terms": ["t0", "t1", "t2"]}
    a = genius_profile(
        {"Share": {f"s{k}": k for k in range(7)}, "Terms": {"t0": 3, "t1": 2, "t2": 0}}, {"Share": 0.8, "Terms": 0.2}, reservation=0.1
    )
    b = genius_profile(
        {"Share": {f"s{k}": 6 - k for k in range(7)}, "Terms": {"t0": 0, "t1": 2, "t2": 3}}, {"Share": 0.7, "Terms": 0.3}, reservation=0.55
    )
    return [str(write(folder, n, t)) for n, t in (("split.xml", genius_domain(issues, name="Split")), ("a.xml", a), ("b.xml", b))]


def _holiday(folder: Path) -> list[str]:
    """docs/IMPORT.md's first domain, the holiday."""
    issues = {"Destination": ["Beach", "City", "Mountains"], "Length": ["1 week", "2 weeks"], "Hotel": ["Hostel", "3 stars", "5 stars"]}
    ann = genius_profile(
        {
            "Destination": {"Beach": 10, "City": 4, "Mountains": 2},
            "Length": {"1 week": 1, "2 weeks": 4},
            "Hotel": {"Hostel": 1, "3 stars": 3, "5 stars": 4},
        },
        {"Destination": 0.5, "Length": 0.2, "Hotel": 0.3},
        discount=0.9,
        reservation=0.4,
    )
    ben = genius_profile(
        {
            "Destination": {"Beach": 1, "City": 6, "Mountains": 8},
            "Length": {"1 week": 5, "2 weeks": 2},
            "Hotel": {"Hostel": 5, "3 stars": 4, "5 stars": 1},
        },
        {"Destination": 0.4, "Length": 0.25, "Hotel": 0.35},
        discount=0.8,
        reservation=0.5,
    )
    return [
        str(write(folder, n, t)) for n, t in (("holiday.xml", genius_domain(issues, name="Holiday")), ("ann.xml", ann), ("ben.xml", ben))
    ]


def test_nash_differs_where_a_reservation_value_lies_below_the_worst_package(tmp_path: Path) -> None:
    """docs/IMPORT.md's GeniusWeb domain: ben's worst package (0.3125) is above his reservation value (0.25)."""
    domain = geniusweb_domain({"food": ["pizza", "sushi", "soup"], "drink": ["water", "tea"], "place": ["in", "out"]})
    ann = geniusweb_profile(
        "ann",
        domain,
        {"food": {"pizza": 0.2, "sushi": 1, "soup": 0.5}, "drink": {"water": 0.4, "tea": 1}, "place": {"in": 1, "out": 0}},
        {"food": 0.5, "drink": 0.3, "place": 0.2},
        reservation={"food": "soup", "drink": "water", "place": "out"},
    )
    ben = geniusweb_profile(
        "ben",
        domain,
        {"food": {"pizza": 1, "sushi": 0, "soup": 0.6}, "drink": {"water": 1, "tea": 0.25}, "place": {"in": 0.5, "out": 1}},
        {"food": 0.25, "drink": 0.25, "place": 0.5},
        reservation={"place": "in"},
    )
    files = [str(write(tmp_path, n, t)) for n, t in (("lunch.json", domain), ("ann.json", ann), ("ben.json", ben))]
    bench = _benchmark()
    ours = bench.ours(read_geniusweb(files[0], files[1:]))
    theirs = bench.negmas_points("geniusweb", files[0], files[1:], sys.executable)
    assert not isinstance(theirs, str), theirs
    assert ours["nash"] == {"food": "sushi", "drink": "tea", "place": "out"}
    assert [p["package"] for p in theirs["nash_points"]] == [{"food": "sushi", "drink": "water", "place": "out"}]


@pytest.mark.parametrize(("build", "ks_agrees"), [(_holiday, True), (_split, False)])
def test_nash_agrees_and_ks_differs_only_where_the_ideal_point_does(tmp_path: Path, build, ks_agrees: bool) -> None:  # type: ignore[no-untyped-def]
    bench = _benchmark()
    domain, *profiles = build(tmp_path)
    ours = bench.ours(read_genius(domain, profiles))
    theirs = bench.negmas_points("genius", domain, profiles, sys.executable)
    assert not isinstance(theirs, str), theirs
    assert ours["nash"] in [p["package"] for p in theirs["nash_points"]]
    assert (ours["kalai_smorodinsky"] in [p["package"] for p in theirs["ks_points"]]) is ks_agrees
    if not ks_agrees:
        assert ours["kalai_smorodinsky"] == {"Share": "s1", "Terms": "t1"}
        assert theirs["ks_points"][0]["package"] == {"Share": "s2", "Terms": "t1"}
