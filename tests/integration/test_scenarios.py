"""Every scenario file validates and runs through the command line (the runs are in the slow group).

Every scenario is dated (DESIGN §10): it has ``as_of`` and a clock, every
number rests on a citation or an ``assumption:``, and no parameter cites a
source dated after ``as_of`` (``negotiation validate`` rejects that, at its
line: shown here on a copy of the baseline).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation.engine.scenario import load_scenario
from negotiation.scenario.citations import check_citations
from negotiation.scenario.sections.sources import known_by
from tests.conftest import ROOT
from tests.in_process import negotiation_cli

CURRENT = sorted((ROOT / "scenarios").glob("*.yaml"))
"""The scenarios of the US–Russia–Ukraine negotiation from August 2025 on."""
HISTORY = sorted((ROOT / "scenarios" / "history").glob("*.yaml"))
"""Past negotiations whose outcomes are known, for the back-test."""
SCENARIOS = CURRENT + HISTORY
BASELINE = "alaska-summit-2025"
"""The baseline, the scenario the test of the as_of rule copies with one later citation."""


def test_there_are_scenarios() -> None:
    assert len(CURRENT) >= 7 and len(HISTORY) >= 2


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_scenario_is_dated_and_every_number_rests_on_a_citation_or_an_assumption(path: Path) -> None:
    s = load_scenario(path)
    assert s.as_of is not None and s.clock is not None and s.questions
    days = {name: known_by(meta.get("date")) for name, meta in s.sources.items()}
    assert all(day is not None for day in days.values())
    found = check_citations(s.document, days, s.as_of, s.hindsight, complete=True)
    assert not found, "\n".join(str(p) for p in found)


@pytest.mark.parametrize("path", CURRENT, ids=lambda p: p.stem)
def test_the_current_scenarios_run_to_the_end_of_2026_and_ask_the_common_questions(path: Path) -> None:
    s = load_scenario(path)
    assert s.as_of is not None and s.clock is not None
    assert s.clock.horizon >= dt.date(2026, 12, 31)
    asked = {q.name: q for q in s.questions}
    expected = {"deal_2026h1": dt.date(2026, 6, 30), "deal_2026": dt.date(2026, 12, 31)}
    if s.as_of < dt.date(2025, 12, 31):
        expected["deal_2025"] = dt.date(2025, 12, 31)
    assert {name: asked[name].by for name in expected if name in asked} == expected
    assert all(asked[name].terms is None for name in expected)
    assert any(q.terms for q in s.questions), "one question on terms"


def test_a_copy_of_the_baseline_citing_a_later_source_fails_at_that_line(tmp_path: Path) -> None:
    baseline = (ROOT / "scenarios" / f"{BASELINE}.yaml").read_text(encoding="utf-8")
    as_of = load_scenario(ROOT / "scenarios" / f"{BASELINE}.yaml").as_of
    assert as_of is not None
    later = as_of + dt.timedelta(days=1)
    lines = baseline.splitlines()
    sources = lines.index("sources:")
    lines.insert(sources + 1, f'  later_report: {{title: "A report of the next day", date: "{later}"}}')
    russia = lines.index("  russia:")
    line = next(i for i in range(russia, len(lines)) if re.match(r"^      territory: .*#", lines[i]))
    lines[line] += " [@later_report]"
    copy = tmp_path / "baseline-with-a-later-citation.yaml"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = negotiation_cli("validate", copy, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{copy}:{line + 1}: parties.russia.weight.territory: rests on [@later_report], dated {later}, after as_of {as_of}: a dated "
        "scenario uses only what was public by then; cite an earlier source, or mark a proposal named in hindsight with 'hindsight: true'"
    ]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_validates(path: Path, tmp_path: Path) -> None:
    valid = negotiation_cli("validate", path, cwd=tmp_path)
    assert valid.returncode == 0, valid.stderr


@pytest.mark.slow  # the default suite runs the baseline through the report's fixture (tests/integration/reports.py)
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_runs(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "negotiation", "run", str(path), "--draws", "500", "--seed", "1", "--out", str(out), "--quiet"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["draws"] == 500
    assert (out / "plots" / "outcomes.png").stat().st_size > 10_000
