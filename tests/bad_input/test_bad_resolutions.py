"""Bad input to ``negotiation score``: malformed resolutions files and folders that are not runs exit 2, say where, write nothing.

Every file in ``resolutions/`` is a small resolutions CSV with exactly one
deliberate problem; :data:`EXPECTED` says where it must be reported and what
it must say (a CSV has no comments, so the table is the description). Each is
scored, in an empty working folder of its own, against a hand-built run
folder (``tests.timed_summary``: scenario ``toy-timeline``, protocols
``nash`` and ``baron_ferejohn``, questions ``ceasefire_2025`` and
``frozen_by_2026``). For each we check exit 2, no traceback, nothing on
standard output, exactly one line on standard error of the form
``FILE:LINE: dotted.path: what is wrong``, that no row of the file is pasted
into it, and that no results folder or staging folder is left.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.bad_input.test_bad_input import assert_clean_report, line_pattern
from tests.in_process import negotiation_cli
from tests.timed_summary import timed_summary, untimed

HERE = Path(__file__).resolve().parent
FILES = HERE / "resolutions"

EXPECTED: dict[str, tuple[int, str, str]] = {
    # file: (line, dotted path, message fragment)
    # -- reading the file
    "empty.csv": (0, "(file)", "the file is empty; expected a header question,resolved"),
    "latin1.csv": (2, "(file)", "not valid UTF-8 text (byte 0xe9 at offset 64); save it as UTF-8 CSV"),
    "nul-byte.csv": (2, "(file)", "holds a NUL character: not a text file"),
    "open-quote.csv": (2, "(file)", "not a readable CSV file: unexpected end of data (a quote opened and not closed?)"),
    # -- the header
    "missing-resolved.csv": (1, "resolved", "missing column 'resolved'"),
    "question-misspelt.csv": (
        1,
        "question",
        "missing column 'question' ('questoin' is read as a forecaster's column; did you mean 'question'?)",
    ),
    "capitalised-columns.csv": (1, "Question", "write the column 'Question' in lower case, 'question'"),
    "duplicate-column.csv": (1, "metaculus", "column 'metaculus' appears twice"),
    "unnamed-column.csv": (1, "(column-3)", "a column has no name"),
    "column-named-like-protocol.csv": (1, "nash", "the column 'nash' is named like a protocol of the runs; rename it"),
    "header-only.csv": (1, "rows", "no question rows under the header"),
    # -- the rows
    "row-too-long.csv": (2, "rows.toy-timeline.ceasefire_2025", "the row has 4 cells but the header has 3"),
    "question-empty.csv": (2, "rows.(line-2).question", "empty question; write <scenario name>.<question name>"),
    "duplicate-question.csv": (4, "rows.toy-timeline.ceasefire_2025.question", "the question appears twice (first on line 2)"),
    "resolved-yes.csv": (3, "rows.toy-timeline.frozen_by_2026.resolved", "resolved must be 0 or 1, got 'yes'"),
    "resolved-half.csv": (2, "rows.toy-timeline.ceasefire_2025.resolved", "resolved must be 0 or 1, got '0.5'"),
    "resolved-empty.csv": (
        2,
        "rows.toy-timeline.ceasefire_2025.resolved",
        "resolved must be 0 or 1, got an empty cell (a question that has not resolved has no row)",
    ),
    "probability-word.csv": (
        2,
        "rows.toy-timeline.ceasefire_2025.metaculus",
        "'likely' is not a number; a probability is a number in [0, 1]",
    ),
    "probability-percent.csv": (2, "rows.toy-timeline.ceasefire_2025.metaculus", "'%' is not a number"),
    "probability-above-1.csv": (3, "rows.toy-timeline.frozen_by_2026.metaculus", "a probability must be in [0, 1], got '1.5'"),
    "probability-negative.csv": (2, "rows.toy-timeline.ceasefire_2025.metaculus", "a probability must be in [0, 1], got '-0.1'"),
    "probability-nan.csv": (2, "rows.toy-timeline.ceasefire_2025.metaculus", "a probability must be in [0, 1], got 'nan'"),
    "long-cell.csv": (2, "rows.toy-timeline.ceasefire_2025.metaculus", "'password=hunter2-a-long-secret-pasted...' is not a number"),
}


def _folder(where: Path, summary: dict[str, object]) -> Path:
    where.mkdir(parents=True)
    (where / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return where


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hand-built run folder with two dated questions."""
    return _folder(tmp_path_factory.mktemp("runs") / "toy", timed_summary())


def _nothing_written(cwd: Path) -> None:
    assert list(cwd.iterdir()) == [], [p.name for p in cwd.iterdir()]


def test_every_file_is_in_the_table() -> None:
    assert sorted(p.name for p in FILES.iterdir()) == sorted(EXPECTED)


def test_the_latin1_file_really_is_not_utf8() -> None:
    with pytest.raises(UnicodeDecodeError):
        (FILES / "latin1.csv").read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_resolutions_file(name: str, run: Path, tmp_path: Path) -> None:
    line, path, fragment = EXPECTED[name]
    file = FILES / name
    done = negotiation_cli("score", run, "--resolutions", file, "--out", tmp_path / "out", cwd=tmp_path)
    assert_clean_report(done, line_pattern(file, path))
    (only,) = done.stderr.splitlines()
    assert only.startswith(f"{file}:{line}: {path}: "), only
    assert fragment in only, only
    rows = file.read_bytes().decode("utf-8", errors="replace").splitlines()[1:]
    assert [row for row in rows if len(row) > 12 and row in only] == [], "a raw row was pasted into the message"
    _nothing_written(tmp_path)


def test_a_long_cell_is_shortened(tmp_path: Path, run: Path) -> None:
    done = negotiation_cli("score", run, "--resolutions", FILES / "long-cell.csv", "--out", tmp_path / "out", cwd=tmp_path)
    assert "hunter2-a-long-secret-pasted-by-mistake" not in done.stderr


GOOD = "question,resolved\ntoy-timeline.ceasefire_2025,0\n"


def _good(where: Path) -> Path:
    file = where / "resolutions.csv"
    file.write_text(GOOD, encoding="utf-8")
    return file


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    csv_file = _good(tmp_path / "in")
    (tmp_path / "cwd").mkdir()
    missing = tmp_path / "nowhere"
    done = negotiation_cli("score", missing, "--resolutions", csv_file, "--out", tmp_path / "cwd" / "out", cwd=tmp_path / "cwd")
    assert_clean_report(done, line_pattern(missing))
    assert done.stderr == f"{missing}:0: (folder): no such results folder\n"
    _nothing_written(tmp_path / "cwd")


def test_a_folder_without_a_summary(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a run", encoding="utf-8")
    csv_file = _good(tmp_path)
    (tmp_path / "cwd").mkdir()
    done = negotiation_cli("score", folder, "--resolutions", csv_file, "--out", tmp_path / "cwd" / "out", cwd=tmp_path / "cwd")
    assert_clean_report(done, line_pattern(folder))
    assert done.stderr == f"{folder}:0: (folder): not a run's results folder: no summary.json\n"
    _nothing_written(tmp_path / "cwd")


def test_a_run_without_questions(tmp_path: Path) -> None:
    """A run without a clock (the hand-built summary with its blocks of time removed) has nothing to score."""
    folder = _folder(tmp_path / "static", untimed(timed_summary()))
    csv_file = _good(tmp_path)
    (tmp_path / "cwd").mkdir()
    done = negotiation_cli("score", folder, "--resolutions", csv_file, "--out", tmp_path / "cwd" / "out", cwd=tmp_path / "cwd")
    summary = folder / "summary.json"
    assert_clean_report(done, line_pattern(summary))
    assert done.stderr == (
        f"{summary}:0: questions: the run has no dated questions to score: run a scenario with a clock and 'questions'\n"
    )
    _nothing_written(tmp_path / "cwd")


def test_a_summary_that_is_not_json(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "summary.json").write_text("{not json", encoding="utf-8")
    csv_file = _good(tmp_path)
    (tmp_path / "cwd").mkdir()
    done = negotiation_cli("score", folder, "--resolutions", csv_file, "--out", tmp_path / "cwd" / "out", cwd=tmp_path / "cwd")
    assert_clean_report(done, line_pattern(folder / "summary.json"))
    assert "not a readable summary" in done.stderr
    _nothing_written(tmp_path / "cwd")


def test_two_runs_of_one_scenario_are_one_line_naming_both(tmp_path: Path) -> None:
    first = _folder(tmp_path / "a", timed_summary())
    second = _folder(tmp_path / "b", timed_summary())
    csv_file = _good(tmp_path)
    (tmp_path / "cwd").mkdir()
    done = negotiation_cli("score", first, second, "--resolutions", csv_file, "--out", tmp_path / "cwd" / "out", cwd=tmp_path / "cwd")
    assert_clean_report(done, line_pattern(second / "summary.json"))
    (only,) = done.stderr.splitlines()
    assert only == (
        f"{second / 'summary.json'}:0: questions.ceasefire_2025: the question 'toy-timeline.ceasefire_2025' is also forecast by "
        f"{first} (2 questions shared); score one run of each scenario"
    )
    _nothing_written(tmp_path / "cwd")


def test_every_problem_of_the_file_and_the_folders_at_once(tmp_path: Path) -> None:
    """A bad file and a bad folder: both reported in one call, each on its own located line."""
    (tmp_path / "cwd").mkdir()
    done = negotiation_cli(
        "score",
        tmp_path / "nowhere",
        "--resolutions",
        FILES / "resolved-yes.csv",
        "--out",
        tmp_path / "cwd" / "out",
        cwd=tmp_path / "cwd",
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2
    assert all(re.match(r"^\S+:\d+: \S+: .+$", line) for line in lines), lines
    _nothing_written(tmp_path / "cwd")


def test_resolutions_required(tmp_path: Path, run: Path) -> None:
    done = negotiation_cli("score", run, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "the following arguments are required: --resolutions" in done.stderr
    _nothing_written(tmp_path)
