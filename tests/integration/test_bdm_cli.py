"""``negotiation bdm ACTORS.csv`` end to end: the results folder, the printed table and bad tables."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest

from negotiation.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "experiments" / "bdm-eu-emissions.csv"
# The weighted median by round, as locked in tests/regression/test_bdm.py.
MEDIAN = [
    7.0,
    8.415932315426764,
    9.610859134120192,
    9.96197959040132,
    9.96197959040132,
    9.96197959040132,
    7.472046361916352,
    8.82459385526247,
    9.671129769802063,
]
ACTORS = ["Netherlands", "Belgium", "Luxembourg", "Germany", "France", "Italy", "UK", "Ireland", "Denmark", "Greece"]
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<path>[^:]+): (?P<message>.+)$")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bdm") / "x"
    assert main(["bdm", str(EXAMPLE), "--out", str(out)]) == 0
    return out


def test_results_folder_holds_the_forecast(folder: Path) -> None:
    assert {p.name for p in folder.iterdir()} == {"summary.json", "actors.csv", "positions.csv", "plots", "manifest.json"}
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["scenario"] == "bdm-eu-emissions" and summary["draws"] == 1 and summary["rounds"] == 10 and summary["q"] == 1.0
    block = summary["protocols"]["bdm"]["forecast"]["position"]
    assert block["scale"] == "units" and block["rounds"] == 10
    assert len(block["mean_by_round"]) == len(block["median_by_round"]) == 11
    assert round(block["mean_by_round"][0], 2) == 7.39
    assert block["median_by_round"][0] == 7.0
    assert list(block["final_positions"]) == ACTORS
    assert all(len(path) == 11 for path in block["positions_by_round"].values())
    assert (folder / "plots" / "positions.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (folder / "actors.csv").read_bytes() == EXAMPLE.read_bytes()


def test_positions_csv_has_one_row_per_round(folder: Path) -> None:
    with open(folder / "positions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["round", *ACTORS, "weighted_mean", "weighted_median"]
    assert [int(r[0]) for r in rows[1:]] == list(range(11))
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    block = summary["protocols"]["bdm"]["forecast"]["position"]
    assert [float(r[-1]) for r in rows[1:]] == block["median_by_round"]
    assert [float(r[-2]) for r in rows[1:]] == block["mean_by_round"]


def test_eight_rounds_reproduce_the_regression_medians(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "eight"
    assert main(["bdm", str(EXAMPLE), "--rounds", "8", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "weighted median by round: 7.000 8.416 9.611 9.962 9.962 9.962 7.472 8.825 9.671" in printed
    assert f"results: {out}" in printed
    assert re.search(r"Belgium\s+7\.000\s+9\.671", printed)
    block = json.loads((out / "summary.json").read_text(encoding="utf-8"))["protocols"]["bdm"]["forecast"]["position"]
    np.testing.assert_allclose(block["median_by_round"], MEDIAN, rtol=0, atol=1e-9)


def test_default_destination_is_under_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["bdm", str(EXAMPLE), "--rounds", "2"]) == 0
    (run,) = (tmp_path / "results" / "bdm-eu-emissions-bdm").iterdir()
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}", run.name)
    assert (run / "summary.json").exists()
    assert f"results: {Path('results') / 'bdm-eu-emissions-bdm' / run.name}" in capsys.readouterr().out


GOOD = EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "line", "path", "words"),
    [
        (GOOD.replace("Belgium,0.08,7,0.4", "Belgium,lots,7,0.4"), 3, "actors.Belgium.Capability", "'lots' is not a number"),
        (GOOD.replace("Salience", "Salince"), 1, "Salince", "did you mean 'Salience'?"),
        (GOOD.replace("Greece,0.08,7,0.7", "Greece,0.08,7,1.5"), 11, "actors.Greece.Salience", "salience must lie in [0, 1]"),
        (GOOD.replace("Denmark", "Germany"), 10, "actors.Germany.Actor", "duplicate actor 'Germany' (first on line 5)"),
    ],
)
def test_a_bad_table_prints_one_located_problem_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int, path: str, words: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    assert main(["bdm", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (only,) = err.strip().splitlines()
    found = PROBLEM_LINE.match(only)
    assert found, only
    assert (found["file"], int(found["line"]), found["path"]) == (str(bad), line, path)
    assert words in found["message"]
    assert not (tmp_path / "out").exists()


def test_a_missing_file_is_reported_at_line_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bdm", str(tmp_path / "none.csv"), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'none.csv'}:0: (file): cannot read the file")


def test_an_existing_out_folder_is_refused_and_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["bdm", str(EXAMPLE), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already exists; results are never overwritten" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_a_left_over_staging_folder_is_named_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A forecast killed mid-write leaves its staging folder; bdm has no --resume, so the message must not offer one."""
    out = tmp_path / "x"
    staging = tmp_path / ".x.partial"
    staging.mkdir()
    (staging / "identity.json").write_text("{}", encoding="utf-8")
    assert main(["bdm", str(EXAMPLE), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"left {staging} behind; delete it and run again" in err
    assert "--resume" not in err and "Traceback" not in err
    assert not out.exists() and (staging / "identity.json").exists()


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "half"])
def test_q_outside_the_unit_interval_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bdm", str(EXAMPLE), "--q", value])
    assert stop.value.code == 2
    assert "argument --q" in capsys.readouterr().err


def test_the_python_entry_point_returns_readable_results(tmp_path: Path) -> None:
    import negotiation
    from negotiation.engine.stakeholder_table import write_stakeholder_forecast

    summary, where = write_stakeholder_forecast(EXAMPLE, rounds=3, destination=tmp_path / "r")
    assert where == tmp_path / "r"
    assert summary.kind == "stakeholders" and summary.protocols["bdm"].forecast["position"]["rounds"] == 3
    res = negotiation.load(where)
    assert res.summary["protocols"]["bdm"]["forecast"]["position"]["rounds"] == 3
    assert repr(res).startswith("<Results bdm-eu-emissions: 1 draw; bdm at ")


def test_the_manifest_is_a_runs_with_the_tables_settings(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["protocols"] == ["bdm"] and manifest["rounds"] == 10 and manifest["q"] == 1.0
    assert manifest["seed"] is None and manifest["draws"] == 1
    assert manifest["command"][:2] == ["negotiation", "bdm"] and "versions" in manifest
