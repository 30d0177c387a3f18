"""``negotiation score`` end to end: the printed table, the results folder, the calibration figure, never overwriting.

The hand example scores hand-built run folders (``tests.timed_summary`` with
the questions' probabilities set by the test) against a resolutions file
written here, and checks every number against its arithmetic: the Brier score
B = (1/N) sum (p - o)^2 (Brier 1950) and the log score L = (1/N) sum ln(q if
o = 1 else 1 - q), q = p clipped to [0.001, 0.999] (Good 1952). The last
test scores real runs of ``tests/data/timeline.yaml`` (a clock and questions).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from negotiation.results.scores import ScoreSummary
from negotiation.score import read_scores
from tests.in_process import negotiation_cli
from tests.timed_summary import timed_summary

TIMELINE = Path(__file__).resolve().parents[1] / "data" / "timeline.yaml"
PNG = b"\x89PNG\r\n\x1a\n"


def run_folder(where: Path, scenario: str, questions: dict[str, dict[str, float]]) -> Path:
    """A hand-built run folder: ``scenario``'s protocols, each with its questions' probabilities (``protocol -> name -> p``)."""
    data: dict[str, Any] = timed_summary()
    data["scenario"] = scenario
    data["protocols"] = {label: data["protocols"]["nash"] | {"questions": {}} for label in questions}
    for label, asked in questions.items():
        data["protocols"][label]["questions"] = {
            name: {"by": "2025-12-31", "probability": p, "ci95": [max(p - 0.05, 0.0), min(p + 0.05, 1.0)]} for name, p in asked.items()
        }
    where.mkdir(parents=True)
    (where / "summary.json").write_text(json.dumps(data), encoding="utf-8")
    return where


RESOLUTIONS = """question,resolved,source,crowd
toy-a.a,1,the record,0.6
toy-a.b,0,the record,0.5
toy-a.c,1,the record,
other.q,0,the record,0.1
"""


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """Two runs: toy-a (nash 0.8, 0.3, 0.0 and baron_ferejohn 0.5 on a, b, c) and toy-b (nash 0.9 on d, not resolved)."""
    base = tmp_path_factory.mktemp("score")
    a = run_folder(base / "runs" / "a", "toy-a", {"nash": {"a": 0.8, "b": 0.3, "c": 0.0}, "baron_ferejohn": {"a": 0.5, "b": 0.5, "c": 0.5}})
    b = run_folder(base / "runs" / "b", "toy-b", {"nash": {"d": 0.9}})
    file = base / "resolutions.csv"
    file.write_text(RESOLUTIONS, encoding="utf-8")
    done = negotiation_cli("score", a, b, "--resolutions", file, "--out", base / "out", cwd=base)
    assert done.returncode == 0, done.stderr
    return base, done


def test_hand_example_scores(example: tuple[Path, Any]) -> None:
    base, _ = example
    scores = read_scores(base / "out")
    nash, bf, crowd = scores.forecasters["nash"], scores.forecasters["baron_ferejohn"], scores.forecasters["crowd"]
    # nash: p = 0.8, 0.3, 0.0 on o = 1, 0, 1; the p = 0 on a yes is clipped to 0.001 for the log score
    assert nash.n == 3
    assert nash.brier == pytest.approx(((0.8 - 1) ** 2 + (0.3 - 0) ** 2 + (0.0 - 1) ** 2) / 3, abs=1e-15)  # (0.04 + 0.09 + 1) / 3
    assert nash.log_score == pytest.approx((math.log(0.8) + math.log(1 - 0.3) + math.log(0.001)) / 3, abs=1e-15)
    assert nash.rows[2].log_score == pytest.approx(math.log(0.001), abs=1e-15)
    # baron_ferejohn: always 0.5
    assert (bf.n, bf.brier) == (3, 0.25)
    assert bf.log_score == pytest.approx(math.log(0.5), abs=1e-15)
    # the file's own forecaster, on a, b and other.q (no run forecasts other.q; it still counts for crowd)
    assert crowd.kind == "resolutions" and crowd.n == 3
    assert [r.question for r in crowd.rows] == ["toy-a.a", "toy-a.b", "other.q"]
    assert crowd.brier == pytest.approx(((0.6 - 1) ** 2 + (0.5 - 0) ** 2 + (0.1 - 0) ** 2) / 3, abs=1e-15)  # 0.14
    assert crowd.log_score == pytest.approx((math.log(0.6) + math.log(0.5) + math.log(0.9)) / 3, abs=1e-15)
    # sorted by Brier: crowd 0.14, baron_ferejohn 0.25, nash 0.3767
    assert list(scores.forecasters) == ["crowd", "baron_ferejohn", "nash"]
    assert [dict(u) for u in scores.unmatched] == [{"question": "other.q", "line": 5}]
    assert scores.unresolved == ("toy-b.d",)
    assert scores.drawn == []


def test_the_printed_table(example: tuple[Path, Any]) -> None:
    base, done = example
    lines = done.stdout.splitlines()
    assert lines[0] == f"4 resolved questions from 2 runs and {base / 'resolutions.csv'}"
    assert "p clipped to [0.001, 0.999]" in lines[1]
    assert re.split(r"\s+", lines[2].strip()) == ["forecaster", "N", "Brier", "log", "score"]
    table = [re.split(r"\s+", line.strip()) for line in lines[3:6]]
    assert table == [
        ["crowd", "3", f"{0.42 / 3:.4f}", f"{(math.log(0.6) + math.log(0.5) + math.log(0.9)) / 3:.4f}"],
        ["baron_ferejohn", "3", "0.2500", f"{math.log(0.5):.4f}"],
        ["nash", "3", f"{1.13 / 3:.4f}", f"{(math.log(0.8) + math.log(0.7) + math.log(0.001)) / 3:.4f}"],
    ]
    assert "  no run forecasts other.q (line 5): scored for the file's forecasters only" in lines
    assert "  not in the resolutions file, not scored: toy-b.d" in lines
    assert "  calibration not drawn for crowd (N = 3), baron_ferejohn (N = 3), nash (N = 3): fewer than 10 questions" in lines
    assert lines[-1] == f"results: {base / 'out'}"
    assert done.stderr == ""


def test_the_results_folder(example: tuple[Path, Any]) -> None:
    base, _ = example
    out = base / "out"
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "resolutions.csv", "scores.csv", "scores.json"]
    assert (out / "resolutions.csv").read_bytes() == (base / "resolutions.csv").read_bytes()
    text = (out / "scores.json").read_text(encoding="utf-8")
    assert ScoreSummary.from_json(text).to_json() == text
    data = json.loads(text)
    assert data["kind"] == "score" and data["clip"] == [0.001, 0.999] and data["min_calibration"] == 10
    assert data["forecasters"]["nash"]["rows"][0] == {
        "question": "toy-a.a",
        "p": 0.8,
        "resolved": 1,
        "squared_error": pytest.approx(0.04),
        "log_score": pytest.approx(math.log(0.8)),
        "ci95": [0.75, 0.8500000000000001],
    }
    with open(out / "scores.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["forecaster"], r["question"]) for r in rows] == [
        ("crowd", "toy-a.a"),
        ("crowd", "toy-a.b"),
        ("crowd", "other.q"),
        ("baron_ferejohn", "toy-a.a"),
        ("baron_ferejohn", "toy-a.b"),
        ("baron_ferejohn", "toy-a.c"),
        ("nash", "toy-a.a"),
        ("nash", "toy-a.b"),
        ("nash", "toy-a.c"),
    ]
    assert rows[-1]["p"] == "0.0" and rows[-1]["resolved"] == "1" and float(rows[-1]["log_score"]) == pytest.approx(math.log(0.001))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario_sha256"] == hashlib.sha256(RESOLUTIONS.encode()).hexdigest()
    for run, name in zip(manifest["runs"], ("a", "b"), strict=True):
        assert run["summary_sha256"] == hashlib.sha256((base / "runs" / name / "summary.json").read_bytes()).hexdigest()
    assert manifest["command"][:2] == ["negotiation", "score"]
    assert [p.name for p in base.iterdir() if ".partial" in p.name] == []


def _ten(tmp_path: Path, rows: int) -> Any:
    """nash forecasts 0.05, 0.15, ..., 0.95 on ten questions (one per calibration bin); the file resolves ``rows`` of them."""
    p = {f"q{k}": 0.05 + 0.1 * k for k in range(10)}
    run = run_folder(tmp_path / "run", "toy-ten", {"nash": p})
    outcomes = [0, 0, 1, 0, 1, 0, 1, 1, 0, 1]
    file = tmp_path / "res.csv"
    file.write_text("question,resolved\n" + "".join(f"toy-ten.q{k},{outcomes[k]}\n" for k in range(rows)), encoding="utf-8")
    return negotiation_cli("score", run, "--resolutions", file, "--out", tmp_path / "out", cwd=tmp_path), outcomes


def test_calibration_drawn_at_ten_questions(tmp_path: Path) -> None:
    done, outcomes = _ten(tmp_path, 10)
    assert done.returncode == 0, done.stderr
    assert "  calibration figure (plots/calibration.png): nash" in done.stdout.splitlines()
    assert (tmp_path / "out" / "plots" / "calibration.png").read_bytes()[:8] == PNG
    assert (tmp_path / "out" / "plots" / "calibration.svg").exists()
    nash = read_scores(tmp_path / "out").forecasters["nash"]
    assert nash.drawn and nash.n == 10
    assert [b.n for b in nash.calibration] == [1] * 10  # one forecast per bin
    assert [b.observed for b in nash.calibration] == [float(o) for o in outcomes]
    assert nash.brier == pytest.approx(sum((0.05 + 0.1 * k - outcomes[k]) ** 2 for k in range(10)) / 10)


def test_calibration_not_drawn_below_ten(tmp_path: Path) -> None:
    done, _ = _ten(tmp_path, 9)
    assert done.returncode == 0, done.stderr
    assert "  calibration not drawn for nash (N = 9): fewer than 10 questions" in done.stdout.splitlines()
    assert not (tmp_path / "out" / "plots").exists()
    assert "  not in the resolutions file, not scored: toy-ten.q9" in done.stdout.splitlines()


def test_never_overwritten(tmp_path: Path) -> None:
    run = run_folder(tmp_path / "run", "toy-a", {"nash": {"a": 0.8}})
    file = tmp_path / "res.csv"
    file.write_text("question,resolved\ntoy-a.a,1\n", encoding="utf-8")
    first = negotiation_cli("score", run, "--resolutions", file, cwd=tmp_path)
    second = negotiation_cli("score", run, "--resolutions", file, cwd=tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    folders = sorted((tmp_path / "results" / "score").iterdir())
    assert len(folders) == 2 and all(re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}(-2)?", f.name) for f in folders)
    assert first.stdout.splitlines()[-1] != second.stdout.splitlines()[-1]
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("an earlier result\n", encoding="utf-8")
    refused = negotiation_cli("score", run, "--resolutions", file, "--out", taken, cwd=tmp_path)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr == f"negotiation: error: {taken} already exists; results are never overwritten (choose another --out)\n"
    assert [p.name for p in taken.iterdir()] == ["keep.txt"]


def test_the_report_refuses_a_score_folder(example: tuple[Path, Any]) -> None:
    base, _ = example
    done = negotiation_cli("report", base / "out", cwd=base)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"negotiation: error: {base / 'out'}: a score folder (negotiation score) has no report page")
    assert not (base / "out" / "report.html").exists()


@pytest.mark.slow
def test_real_runs_of_a_scenario_with_a_clock(tmp_path: Path) -> None:
    """Two runs of tests/data/timeline.yaml (its three questions, and under another name ten monthly questions):
    every model probability is the one in summary.json, and N = 13 draws the figure."""
    dates = [f"{2025 + (k + 8) // 12}-{(k + 8) % 12 + 1:02d}-28" for k in range(10)]
    asked = "{" + ", ".join(f"q{k}: {{by: {d}}}" for k, d in enumerate(dates)) + "}"
    first = negotiation_cli("run", TIMELINE, "--draws", "40", "--out", tmp_path / "a", "--quiet", cwd=tmp_path)
    second = negotiation_cli(
        "run",
        TIMELINE,
        "--draws",
        "40",
        "--out",
        tmp_path / "b",
        "--quiet",
        "--set",
        "name=toy-timeline-ten",
        "--set",
        f"questions={asked}",
        cwd=tmp_path,
    )
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    truth = {"toy-timeline.ceasefire_2025": 0, "toy-timeline.frozen_by_2026": 1, "toy-timeline.too_soon": 0}
    truth |= {f"toy-timeline-ten.q{k}": k % 2 for k in range(10)}
    file = tmp_path / "res.csv"
    file.write_text("question,resolved\n" + "".join(f"{q},{o}\n" for q, o in truth.items()), encoding="utf-8")
    done = negotiation_cli("score", tmp_path / "a", tmp_path / "b", "--resolutions", file, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    p = {}
    for folder, name in (("a", "toy-timeline"), ("b", "toy-timeline-ten")):
        summary = json.loads((tmp_path / folder / "summary.json").read_text(encoding="utf-8"))
        p |= {f"{name}.{q}": block["probability"] for q, block in summary["protocols"]["nash"]["questions"].items()}
    nash = read_scores(tmp_path / "out").forecasters["nash"]
    assert nash.n == 13 and nash.drawn
    assert {r.question: r.p for r in nash.rows} == p
    assert nash.brier == pytest.approx(sum((p[q] - o) ** 2 for q, o in truth.items()) / 13, abs=1e-12)
    clipped = {q: min(max(v, 0.001), 0.999) for q, v in p.items()}
    expected_log = sum(math.log(clipped[q]) if o else math.log(1 - clipped[q]) for q, o in truth.items()) / 13
    assert nash.log_score == pytest.approx(expected_log, abs=1e-9)
    assert (tmp_path / "out" / "plots" / "calibration.png").read_bytes()[:8] == PNG
