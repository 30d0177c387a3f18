"""The README's table of scenarios and docs/VALIDITY.md quote real runs: each is rebuilt here from a fresh run.

Every scenario is run with the draws and seed the README states; the
headline (deal rate with its interval, the most likely deal and its share,
what most often blocks a deal alone) must be the text in both documents.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

import negotiation
from negotiation.report.headline import headline, proposals_text
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
VALIDITY = (ROOT / "docs" / "VALIDITY.md").read_text(encoding="utf-8")
SCENARIOS = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


SECTION = _section(README, "Scenarios")
DRAWS, SEED = (int(x.replace(",", "")) for x in re.search(r"runs of ([\d,]+) draws, seed (\d+)", SECTION).groups())  # type: ignore[union-attr]


def table_rows(section: str) -> dict[str, list[str]]:
    """The README table's rows by scenario file name (the first cell holds a link to the file)."""
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\| \[`([\w-]+\.yaml)`\]", line)
        if found:
            rows[found.group(1)] = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return rows


def cell(h: dict[str, str]) -> str:
    """The headline cell as the README writes it."""
    return f"{h['protocol']}: deal {h['deal_rate']}; most likely {h['deal']} ({h['deal_share']} of draws); blocking: {h['blocking']}"


@cache
def summary(name: str) -> dict[str, Any]:
    return negotiation.run(ROOT / "scenarios" / name, draws=DRAWS, seed=SEED).summary


def test_every_scenario_is_in_the_table() -> None:
    assert sorted(table_rows(SECTION)) == SCENARIOS
    assert len(SCENARIOS) >= 7


@pytest.mark.docs
@pytest.mark.parametrize("name", SCENARIOS)
def test_the_headline_is_what_a_fresh_run_gives(name: str) -> None:
    h = headline(summary(name))
    row = table_rows(SECTION)[name]
    assert row[2] == cell(h), f"README row for {name} is stale; it should read:\n{cell(h)}"
    offers = proposals_text(summary(name))
    assert row[3] == offers, f"README row for {name} is stale; its proposals should read:\n{offers}"
    for text in (h["deal_rate"], h["deal"], h["blocking"]):
        assert text in VALIDITY, f"docs/VALIDITY.md does not quote {text!r} for {name}"


def test_validity_says_nothing_was_tuned() -> None:
    assert "No parameter was tuned" in VALIDITY
    for name in SCENARIOS:
        assert f"`{name}`" in VALIDITY
