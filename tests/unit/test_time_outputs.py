"""What a run with a clock adds to the report and the printed summary, on a hand-built summary (DESIGN §9, "Outputs")."""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation.cli import _print_summary
from negotiation.plots.beliefs import plot_beliefs
from negotiation.plots.style import save
from negotiation.plots.timeline import plot_timeline
from negotiation.report.html import page
from negotiation.report.run import run_sections
from negotiation.report.when import median_text
from negotiation.results.run_summary import RunSummary
from negotiation.results.time_blocks import beliefs_block, clock_block, questions_block, timeline_block
from tests.timed_summary import timed_summary, untimed


def _folder(tmp_path: Path, summary: dict) -> Path:  # type: ignore[type-arg]
    for name, make in (("timeline", plot_timeline), ("beliefs", plot_beliefs)):
        fig = make(summary)
        if fig is not None:
            save(fig, tmp_path / "plots", name)
    return tmp_path


def test_the_blocks_of_time_read_the_same_from_the_dict_and_the_typed_summary() -> None:
    data = timed_summary()
    typed = RunSummary.from_dict(data)
    assert clock_block(typed) == clock_block(data) == data["clock"]
    assert beliefs_block(typed) == data["beliefs"]
    nash = typed.protocols["nash"]
    assert timeline_block(nash) == data["protocols"]["nash"]["timeline"]
    assert questions_block(nash) == data["protocols"]["nash"]["questions"]
    bare = RunSummary.from_dict(untimed(data))
    assert clock_block(bare) is None and beliefs_block(bare) is None
    assert timeline_block(bare.protocols["nash"]) is None and questions_block(bare.protocols["nash"]) == {}


def test_the_report_has_a_when_section_with_a_clock(tmp_path: Path) -> None:
    data = timed_summary()
    summary = RunSummary.from_dict(data)
    sections = run_sections(_folder(tmp_path, data), summary, {}, None)
    ids = [s[0] for s in sections]
    assert ids[:2] == ["results", "when"]
    html = dict((s[0], s[2]) for s in sections)["when"]
    assert 'id="fig-timeline"' in html and 'id="fig-beliefs"' in html
    assert "ceasefire_2025" in html and "2025-12-31" in html and "52.0% [48.9%, 55.1%]" in html and "24.0%" in html
    assert "2025-12-14" in html and "not by the horizon" in html and "deal by the horizon, 2026-02-10" in html
    assert html.index("fig-timeline") < html.index("ceasefire_2025") < html.index("fig-beliefs")
    figures = dict((s[0], s[2]) for s in sections)["figures"]
    assert "fig-timeline" not in figures and "fig-beliefs" not in figures  # shown once, in "When"
    assert page("t", "lede", sections, "footer").count('id="fig-timeline"') == 1


def test_the_report_has_no_when_section_without_a_clock(tmp_path: Path) -> None:
    data = untimed(timed_summary())
    sections = run_sections(_folder(tmp_path, data), RunSummary.from_dict(data), {}, None)
    assert "when" not in [s[0] for s in sections]
    assert not (tmp_path / "plots" / "timeline.png").exists()


def test_median_text() -> None:
    assert median_text({"median_date": "2025-12-14"}) == "2025-12-14"
    assert median_text({"median_date": None}) == "not by the horizon"


def test_the_printed_summary_gives_the_deal_by_the_horizon_the_median_time_and_each_question(capsys: pytest.CaptureFixture[str]) -> None:
    _print_summary(RunSummary.from_dict(timed_summary()))
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:6] == [
        "  nash: deal in 62.0% of draws (95% CI 59.0%-65.0%)",
        "    mean utility: russia 0.500, ukraine 0.400",
        "    deal by 2026-02-10: 62.0% (95% CI 59.0%-65.0%); median time to a deal: 2025-12-14",
        "    question ceasefire_2025 (by 2025-12-31): 52.0% (95% CI 48.9%-55.1%)",
        "    question frozen_by_2026 (by 2026-01-31): 21.0% (95% CI 18.6%-23.6%)",
    ]
    assert "    deal by 2026-02-10: 35.0% (95% CI 32.1%-38.0%); fewer than half agree by the horizon" in lines


def test_the_printed_summary_without_a_clock_has_no_lines_of_time(capsys: pytest.CaptureFixture[str]) -> None:
    _print_summary(RunSummary.from_dict(untimed(timed_summary())))
    out = capsys.readouterr().out
    assert "deal by" not in out and "question" not in out and "median time" not in out
    assert out.count("\n") == 5
