"""Citations in comments and the as_of rule (DESIGN §10; docs/SCENARIOS.md, "Sources, citations and the as_of rule").

A dated scenario may not rest a parameter on a source dated after its
``as_of``; a citation must name a listed source; a month or a year counts as
its last day; proposals named in hindsight are evaluated and marked, never a
parameter. The cases are edits of tests/data/timeline.yaml (as_of 2025-08-15,
one source ``seed`` dated 2025-08-13).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import negotiation
from negotiation.engine.scenario import load_scenario
from negotiation.scenario.citations import check_citations, cited, unmarked
from negotiation.scenario.comments import RESOLVED_HEADER, read_comments
from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.sections.sources import known_by
from tests.conftest import DATA
from tests.in_process import negotiation_cli

TIMELINE = (DATA / "timeline.yaml").read_text(encoding="utf-8")
SEED = '  seed: {title: "News report, 13 Aug 2025", date: "2025-08-13"}\n'
WEIGHT = "    weight: {territory: 0.6, sanctions_relief: 0.4}   # missing issues weigh 0; renormalised per draw\n"


def _line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing ``fragment`` (found by hand, not by the code under test)."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def _write(tmp_path: Path, text: str, name: str = "dated.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [f"{Path(p.file).name}:{p.line}: {p.path}: {p.message}" for p in info.value.problems]


def _with_late_source(date: str = "2026-01-01") -> str:
    """The example with a second source, ``late``, dated ``date``."""
    assert SEED in TIMELINE and WEIGHT in TIMELINE
    return TIMELINE.replace(SEED, SEED + f'  late: {{title: "A later report", date: "{date}"}}\n')


# --- comments ---------------------------------------------------------------------------------------------------------


def test_comments_are_found_with_their_lines_and_hashes_inside_text_are_not() -> None:
    text = (
        "# heading\n"  # 1
        "a: 1  # after a value\n"  # 2
        'b: "x # not a comment"  # a real one\n'  # 3
        "c: >-\n"  # 4
        "  folded # text, not a comment\n"  # 5
        "d: x#y  # hash glued to text is text\n"  # 6
        "  # indented, own line\n"  # 7
        "e: [1, 2]  # one # two\n"  # 8
    )
    found = [(c.line, c.text, c.own_line) for c in read_comments(text)]
    assert found == [
        (1, "heading", True),
        (2, "after a value", False),
        (3, "a real one", False),
        (6, "hash glued to text is text", False),
        (7, "indented, own line", True),
        (8, "one # two", False),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
        st.text(alphabet=st.sampled_from("ab #:[]@-'\"\n\t"), max_size=20),
        min_size=1,
        max_size=8,
    )
)
def test_a_comment_after_every_line_of_a_dumped_mapping_is_found_and_nothing_else(data: dict[str, str]) -> None:
    """Whatever the values hold ('#', quotes, brackets, newlines), the comments found are exactly the ones appended."""
    dumped = yaml.safe_dump(data, default_flow_style=False, width=10_000)
    lines = dumped.splitlines()
    text = "\n".join(
        f"{line}  # c{i}" if line.strip() and not line.startswith(" ") and ":" in line else line for i, line in enumerate(lines)
    )
    expected = [(i + 1, f"c{i}") for i, line in enumerate(lines) if line.strip() and not line.startswith(" ") and ":" in line]
    if yaml.safe_load(text) != data:  # appending broke a multi-line scalar: not a case of this property
        return
    assert [(c.line, c.text) for c in read_comments(text)] == expected


def test_citations_are_marked_with_at_and_brackets_without_it_are_text() -> None:
    assert cited("38% accept [@kiis_jun2025]") == ["kiis_jun2025"]
    assert cited("two [@a; @b] and [@c, @d]") == ["a", "b", "c", "d"]
    assert cited("{uniform: [lo, hi]} and [0, 0.5, 0.5]") == []
    assert unmarked("as [seed] said, [lo, hi]", ["seed"]) == ["seed"]


@pytest.mark.parametrize(
    ("written", "last_day"),
    [("2025-08-13", "2025-08-13"), ("2025-08", "2025-08-31"), ("2024-02", "2024-02-29"), ("2025", "2025-12-31"), (2017, "2017-12-31")],
)
def test_a_month_or_a_year_counts_as_its_last_day(written: object, last_day: str) -> None:
    day = known_by(written)
    assert day is not None and day.isoformat() == last_day


@pytest.mark.parametrize("written", ["2025-13", "2025-02-30", "Aug 2025", "2022–2026", True, 2025.5])
def test_what_is_not_a_source_date(written: object) -> None:
    assert known_by(written) is None


# --- the as_of rule ---------------------------------------------------------------------------------------------------


def test_a_parameter_citing_a_later_source_is_rejected_at_its_line(tmp_path: Path) -> None:
    text = _with_late_source().replace(WEIGHT, WEIGHT.replace("# missing", "# [@late] missing"))
    path = _write(tmp_path, text)
    line = _line_of(text, "[@late]")
    problems = _problems(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"dated.yaml:{line}: parties.russia.weight: rests on [@late], dated 2026-01-01, after as_of 2025-08-15")


def test_the_same_citation_is_fine_when_the_source_is_not_later(tmp_path: Path) -> None:
    text = _with_late_source("2025-08-15").replace(WEIGHT, WEIGHT.replace("# missing", "# [@late] missing"))
    assert load_scenario(_write(tmp_path, text)).as_of is not None


def test_a_month_dated_source_is_later_than_a_day_inside_that_month(tmp_path: Path) -> None:
    """'2025-08' may mean 31 Aug, after an as_of of 15 Aug."""
    text = _with_late_source("2025-08").replace(WEIGHT, WEIGHT.replace("# missing", "# [@late] missing"))
    (problem,) = _problems(_write(tmp_path, text))
    assert "rests on [@late], dated 2025-08 (counted as 2025-08-31), after as_of 2025-08-15" in problem


def test_a_comment_on_its_own_line_applies_to_the_next_key_and_everything_under_it(tmp_path: Path) -> None:
    text = _with_late_source().replace("no_deal:  ", "# the war lottery [@late]\nno_deal:  ")
    line = _line_of(text, "# the war lottery [@late]")
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.startswith(f"dated.yaml:{line}: no_deal: rests on [@late]")


def test_labels_descriptions_and_the_run_settings_may_cite_anything(tmp_path: Path) -> None:
    text = _with_late_source()
    text = text.replace("    label: Russian Federation\n", "    label: Russian Federation   # as named later [@late]\n")
    text = text.replace("protocols: [nash]   #", "protocols: [nash]   # [@late]")
    assert load_scenario(_write(tmp_path, text)).as_of is not None


def test_a_citation_of_an_unlisted_source_is_rejected_with_a_suggestion(tmp_path: Path) -> None:
    text = TIMELINE.replace(WEIGHT, WEIGHT.replace("# missing", "# [@sede] missing"))
    line = _line_of(text, "[@sede]")
    (problem,) = _problems(_write(tmp_path, text))
    assert problem == f"dated.yaml:{line}: parties.russia.weight: cites @sede, which sources does not list (did you mean @seed?)"


def test_a_bracket_of_source_ids_without_at_is_reported(tmp_path: Path) -> None:
    text = TIMELINE.replace(WEIGHT, WEIGHT.replace("# missing", "# [seed] missing"))
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.endswith("[seed] names sources without '@': write [@seed] to cite them")


def test_every_source_of_a_dated_scenario_needs_a_date(tmp_path: Path) -> None:
    text = TIMELINE.replace(SEED, '  seed: {title: "News report, 13 Aug 2025"}\n')
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.startswith(f"dated.yaml:{_line_of(text, '  seed:')}: sources.seed: needs a date")


def test_a_source_date_that_is_not_a_date_is_rejected_in_a_dated_scenario_and_is_text_otherwise(tmp_path: Path) -> None:
    text = TIMELINE.replace('date: "2025-08-13"', 'date: "2022–2026"')
    (problem,) = _problems(_write(tmp_path, text))
    assert "sources.seed.date: '2022–2026' is not a date" in problem
    undated = text.replace(
        "as_of: 2025-08-15\nclock: {period: month, horizon: 2026-12-31}\n",
        "clock: {start: 2025-08-15, period: month, horizon: 2026-12-31}\n",
    )
    assert "as_of" not in undated
    assert load_scenario(_write(tmp_path, undated, "undated.yaml")).sources["seed"]["date"] == "2022–2026"


def test_values_set_from_outside_the_file_are_not_checked(tmp_path: Path) -> None:
    """A --set value has no comment; the file's comment no longer applies to what it replaced."""
    text = _with_late_source().replace(WEIGHT, WEIGHT.replace("# missing", "# [@late] missing"))
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError):
        load_scenario(path)
    s = load_scenario(path, ["parties.russia.weight={territory: 0.5, sanctions_relief: 0.5}"])
    assert s.as_of is not None


def test_the_complete_check_finds_numbers_that_rest_on_nothing() -> None:
    s = load_scenario(DATA / "timeline.yaml")
    days = {name: known_by(meta.get("date")) for name, meta in s.sources.items()}
    assert check_citations(s.document, days, s.as_of, s.hindsight) == []
    found = check_citations(s.document, days, s.as_of, s.hindsight, complete=True)
    lines = {p.line for p in found}
    # ukraine's weight line has no comment, no key above it has one: it rests on nothing
    assert _line_of(TIMELINE, "    weight: {territory: 0.7, minerals_fund: 0.3}") in lines
    # russia's weight line has a comment, but neither a citation nor an assumption
    assert _line_of(TIMELINE, WEIGHT.rstrip("\n")) in lines
    assert all(p.message.startswith("rests on no source") for p in found)


# --- proposals named in hindsight ----------------------------------------------------------------------------------------

PROPOSAL = "  money_making_offer: {territory: west_bank_style, sanctions_relief: 0.5, minerals_fund: [0.5, 0.5]}\n"


def _hindsight(flag: str) -> str:
    assert PROPOSAL in TIMELINE
    later = (
        "  later_plan:   # first reported after as_of [@late]\n"
        f"    hindsight: {flag}\n"
        "    territory: frozen_line\n    sanctions_relief: 0.25\n    minerals_fund: [0.5, 0.5]\n"
    )
    return _with_late_source().replace(PROPOSAL, PROPOSAL + later)


def test_a_proposal_named_in_hindsight_may_cite_a_later_source_and_is_marked_in_the_outputs(tmp_path: Path) -> None:
    s = load_scenario(_write(tmp_path, _hindsight("true")))
    assert s.hindsight == ("later_plan",)
    proposals = negotiation.run(s, draws=50, seed=1).summary["proposals"]
    assert proposals["later_plan"]["hindsight"] is True
    assert proposals["money_making_offer"]["hindsight"] is False


def test_without_the_mark_the_same_proposal_is_rejected(tmp_path: Path) -> None:
    text = _hindsight("false")
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.startswith(f"dated.yaml:{_line_of(text, 'later_plan:')}: proposals.later_plan: rests on [@late]")


def test_the_mark_must_be_true_or_false(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, _hindsight("later")))
    assert any(": proposals.later_plan.hindsight: " in p for p in problems), problems


@pytest.mark.slow  # whole runs: the default suite's time budget
def test_the_command_line_marks_a_proposal_named_in_hindsight_and_the_runs_resolved_scenario_reloads(tmp_path: Path) -> None:
    """One run: its printed lines and summary mark the proposal, and its ``scenario.yaml``, which has no comments, reloads."""
    path = _write(tmp_path, _hindsight("true"))
    folder = tmp_path / "out"
    done = negotiation_cli("run", path, "--draws", "50", "--seed", "1", "--out", folder, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "proposal later_plan (named in hindsight): all accept and ratifiable in" in done.stdout
    assert "proposal money_making_offer: all accept and ratifiable in" in done.stdout
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["proposals"]["later_plan"]["hindsight"] is True
    resolved = (folder / "scenario.yaml").read_text(encoding="utf-8")
    assert resolved.startswith(RESOLVED_HEADER) and "[@late]" not in resolved
    again = load_scenario(folder / "scenario.yaml")
    assert again.hindsight == ("later_plan",) and again.document.comments is None
    shutil.rmtree(folder)


def test_a_comment_above_a_dropped_proposal_does_not_move_to_the_next_section(tmp_path: Path) -> None:
    """An experiment may drop a proposal (``fix``): the comment above it applies to nothing rather than to what follows."""
    from negotiation.scenario.yamlio import read_document

    text = _hindsight("true").replace(
        "  later_plan:   # first reported after as_of [@late]\n", "  # first reported after as_of [@late]\n  later_plan:\n"
    )
    doc = read_document(_write(tmp_path, text))
    del doc.data["proposals"]["later_plan"]
    doc.origins = {path: where for path, where in doc.origins.items() if path[:2] != ("proposals", "later_plan")}
    days = {name: known_by(meta.get("date")) for name, meta in doc.data["sources"].items()}
    assert check_citations(doc, days, load_scenario(DATA / "timeline.yaml").as_of, ()) == []
    (comment,) = [c for c in doc.comments or () if "[@late]" in c.text]
    assert comment.own_line and comment.applies_to == comment.line + 1
