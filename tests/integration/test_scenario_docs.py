"""The README's tables of scenarios and docs/VALIDITY.md quote real runs: each cell is rebuilt here from a fresh run.

Every scenario is run with the draws and seed the README states. For the
current scenarios the row holds P(a deal by 31 Dec 2025, 30 Jun 2026 and
31 Dec 2026) with 95% intervals (the questions ``deal_2025``, ``deal_2026h1``
and ``deal_2026``), the most likely deal with its share, what most often
blocks a deal alone, and the named proposals; for the past negotiations,
each question's probability and its resolution from ``scenarios/resolutions.csv``.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from typing import Any

import pytest

import negotiation
from negotiation.report.headline import headline, proposals_text, question_text
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
VALIDITY = (ROOT / "docs" / "VALIDITY.md").read_text(encoding="utf-8")
CURRENT = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
HISTORY = sorted(f"history/{p.name}" for p in (ROOT / "scenarios" / "history").glob("*.yaml"))
QUESTIONS = ("deal_2025", "deal_2026h1", "deal_2026")
"""The dated questions every current scenario asks (deal_2025 where its date is before the end of 2025)."""

with open(ROOT / "scenarios" / "resolutions.csv", newline="", encoding="utf-8") as f:
    RESOLVED = {row["question"]: row["resolved"] for row in csv.DictReader(f)}


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


SECTION = _section(README, "Scenarios")
DRAWS, SEED = (int(x.replace(",", "")) for x in re.search(r"runs of ([\d,]+) draws, seed (\d+)", SECTION).groups())  # type: ignore[union-attr]


def table_rows(section: str) -> dict[str, list[list[str]]]:
    """The table rows of a section whose first cell links to a scenario file, by its path under scenarios/, in order."""
    rows: dict[str, list[list[str]]] = {}
    for line in section.splitlines():
        found = re.match(r"\| \[`((?:history/)?[\w-]+\.yaml)`\]", line)
        if found:
            rows.setdefault(found.group(1), []).append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@cache
def summary(name: str) -> dict[str, Any]:
    return negotiation.run(ROOT / "scenarios" / name, draws=DRAWS, seed=SEED).summary


def current_row(name: str, s: dict[str, Any]) -> list[str]:
    """The cells after the first three (file, as of, question) of a current scenario's row."""
    h = headline(s)
    return [
        *(question_text(s, q) for q in QUESTIONS),
        f"{h['deal']} ({h['deal_share']} of draws)" if h["deal"] != "none" else "none",
        h["blocking"],
        proposals_text(s),
    ]


def history_rows(s: dict[str, Any]) -> list[list[str]]:
    """Per question of a past negotiation: its name, its probability with interval, its resolution."""
    scenario = s["scenario"]
    out: list[list[str]] = []
    for question in s["protocols"][next(iter(s["protocols"]))].get("questions", {}):
        resolved = RESOLVED.get(f"{scenario}.{question}")
        out.append([f"`{question}`", question_text(s, question), {"1": "yes", "0": "no"}.get(resolved or "", "not resolved")])
    return out


def as_of(name: str) -> str:
    """The scenario's as_of as the table writes it (YYYY-MM-DD)."""
    from negotiation.engine.scenario import load_scenario

    return str(load_scenario(ROOT / "scenarios" / name).as_of)


def test_every_scenario_is_in_the_tables() -> None:
    rows = table_rows(SECTION)
    assert sorted(name for name in rows if not name.startswith("history/")) == CURRENT
    assert sorted(name for name in rows if name.startswith("history/")) == HISTORY
    assert len(CURRENT) >= 7 and len(HISTORY) >= 2


@pytest.mark.docs
@pytest.mark.parametrize("name", CURRENT)
def test_a_current_scenarios_row_is_what_a_fresh_run_gives(name: str) -> None:
    s = summary(name)
    (row,) = table_rows(SECTION)[name]
    assert row[1] == as_of(name)
    assert row[3:] == current_row(name, s), f"README row for {name} is stale; its cells should read:\n" + " | ".join(current_row(name, s))
    for text in current_row(name, s)[:3]:
        assert text == "—" or text in VALIDITY, f"docs/VALIDITY.md does not quote {text!r} for {name}"


@pytest.mark.docs
@pytest.mark.parametrize("name", HISTORY)
def test_a_past_negotiations_rows_are_what_a_fresh_run_gives(name: str) -> None:
    s = summary(name)
    rows = table_rows(SECTION)[name]
    expected = history_rows(s)
    assert rows[0][1] == as_of(name)
    assert [row[2:] for row in rows] == expected, f"README rows for {name} are stale; they should read:\n" + "\n".join(
        " | ".join(cells) for cells in expected
    )
    for _, probability, _ in expected:
        assert probability in VALIDITY, f"docs/VALIDITY.md does not quote {probability!r} for {name}"


def test_validity_says_nothing_was_tuned_and_names_every_scenario() -> None:
    assert "No parameter was tuned" in VALIDITY
    for name in CURRENT + HISTORY:
        assert f"`{name.removeprefix('history/')}`" in VALIDITY
