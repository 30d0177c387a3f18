"""``run --resume`` on a staging folder changed since the crash: exit 2 naming the file, never a traceback or a write through a link;
a checkpoint of the wrong shape is not used (the chunks start again and give the same results)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import negotiation.engine.pipeline as pipeline
from negotiation.engine.chunk import Plan
from negotiation.engine.pipeline import run_identity
from negotiation.engine.run import new_builder
from negotiation.engine.scenario import load_scenario
from negotiation.results.checkpoint import usable_state
from negotiation.results.runfolder import RunFolder
from tests.conftest import TOY
from tests.in_process import negotiation_cli

ARGS = ("--draws", "300", "--set", "monte_carlo.chunk=100", "--quiet")


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    """The staging folder of an interrupted toy run (its identity as the run computes it, no chunk done yet)."""
    scenario = load_scenario(TOY, ["monte_carlo.draws=300", "monte_carlo.chunk=100"])
    folder = tmp_path / ".r.partial"
    (folder / "parts").mkdir(parents=True)
    (folder / "identity.json").write_text(json.dumps(run_identity(scenario)), encoding="utf-8")
    return folder


def resume(where: Path) -> tuple[int, str]:
    done = negotiation_cli("run", TOY, *ARGS, "--resume", "r", cwd=where)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    ("identity", "expected"),
    [
        ("[1, 2]", ".r.partial/identity.json: (top level): expected an object, got a list"),
        ("{}", ".r.partial/identity.json: scenario_hash: missing"),
        (
            '{"scenario_hash": 3, "draws": 300, "chunk": 100, "seed": 1, "sampler": "random", "precision": null}',
            "scenario_hash: expected a string",
        ),
        ("", ".r.partial/identity.json: is empty"),
        ("\x00\x01", "identity.json:1: not valid JSON"),
    ],
)
def test_an_identity_that_is_not_the_runs_is_named(staging: Path, identity: str, expected: str) -> None:
    (staging / "identity.json").write_text(identity, encoding="utf-8")
    code, err = resume(staging.parent)
    assert code == 2
    assert expected in err
    assert "has no readable identity; start a new run" in err


def test_a_missing_identity_is_reported(staging: Path) -> None:
    (staging / "identity.json").unlink()
    code, err = resume(staging.parent)
    assert code == 2
    assert "has no identity.json; start a new run" in err


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda s: (s / "parts" / "draws-x.arrow").write_text("x"), "parts/draws-x.arrow: not a part the run writes"),
        (  # a part of an earlier version (parquet parts): deleting it and resuming solves its chunk again
            lambda s: (s / "parts" / "draws-000000000000.parquet").write_text("x"),
            "parts/draws-000000000000.parquet: not a part the run writes (parts/draws-<12 digits>.arrow)",
        ),
        (lambda s: (s / "parts" / "notes.txt").write_text("x"), "parts/notes.txt: not a part the run writes"),
        (lambda s: (s / "parts" / "draws-000000000000.arrow").mkdir(), "parts/draws-000000000000.arrow: is not a regular file"),
        (lambda s: ((s / "parts").rmdir(), (s / "parts").write_text("x")), ".r.partial/parts: is a file where the run keeps a folder"),
        (lambda s: (s / "summary.json").mkdir(), ".r.partial/summary.json: is not a regular file"),
        (lambda s: (s / "plots").write_text("x"), ".r.partial/plots: is a file where the run keeps a folder"),
    ],
)
def test_a_stray_or_misplaced_file_in_the_staging_folder_is_named(staging: Path, make: object, expected: str) -> None:
    make(staging)  # type: ignore[operator]
    code, err = resume(staging.parent)
    assert code == 2
    assert expected in err
    assert "delete it and resume again, or delete the staging folder and start a new run" in err


@pytest.mark.parametrize("name", ["summary.json", "parts/draws-000000000000.arrow.tmp", "plots/outcomes.png", "state.pkl"])
def test_a_link_in_the_staging_folder_is_refused_and_its_target_untouched(staging: Path, name: str) -> None:
    victim = staging.parent / "victim"
    victim.write_text("keep", encoding="utf-8")
    (staging / name).parent.mkdir(parents=True, exist_ok=True)
    (staging / name).symlink_to(victim)
    code, err = resume(staging.parent)
    assert code == 2
    assert f".r.partial/{name}: is a symbolic link, which no run writes" in err
    assert victim.read_text(encoding="utf-8") == "keep"


def test_a_linked_staging_folder_is_refused(tmp_path: Path, staging: Path) -> None:
    real = tmp_path / "real"
    staging.rename(real)
    staging.symlink_to(real, target_is_directory=True)
    code, err = resume(tmp_path)
    assert code == 2
    assert "is a symbolic link; an interrupted run's folder is never a link" in err


def _plan() -> Plan:
    return Plan.build(load_scenario(TOY, ["monte_carlo.draws=300", "monte_carlo.chunk=100"]))


def test_a_checkpoint_of_another_shape_is_not_usable() -> None:
    plan = _plan()
    builder = new_builder(plan)
    fresh = lambda: new_builder(plan)  # noqa: E731
    good = {"builder": builder, "done": 0, "transcripts": {}}
    assert usable_state(good, fresh, 300, 100)
    assert not usable_state([good], fresh, 300, 100)
    assert not usable_state({**good, "done": 50}, fresh, 300, 100)  # not a chunk boundary
    assert not usable_state({**good, "done": 400}, fresh, 300, 100)
    assert not usable_state({**good, "done": "0"}, fresh, 300, 100)
    assert not usable_state({**good, "transcripts": [1]}, fresh, 300, 100)
    assert not usable_state({**good, "extra": 1}, fresh, 300, 100)
    assert not usable_state({**good, "builder": {}}, fresh, 300, 100)
    assert not usable_state({**good, "done": 100}, fresh, 300, 100)  # the summary has seen no draw
    broken = pickle.loads(pickle.dumps(builder))
    broken.events = [1, 2, 3]
    assert not usable_state({**good, "builder": broken}, fresh, 300, 100)
    broken = pickle.loads(pickle.dumps(builder))
    broken.reservation_hist = broken.reservation_hist[:1]
    assert not usable_state({**good, "builder": broken}, fresh, 300, 100)
    broken = pickle.loads(pickle.dumps(builder))
    del broken.tally
    assert not usable_state({**good, "builder": broken}, fresh, 300, 100)


def _interrupted(where: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An uninterrupted run ``whole`` and the staging folder of the same run stopped after its second chunk."""
    whole = negotiation_cli("run", TOY, *ARGS, "--out", "whole", cwd=where)
    assert whole.returncode == 0, whole.stderr
    saves = 0
    real = RunFolder.save_state

    def save_then_stop(self: RunFolder, state: object) -> None:
        nonlocal saves
        real(self, state)
        saves += 1
        if saves == 2:
            raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(RunFolder, "save_state", save_then_stop)
        patch.setattr(pipeline, "CHECKPOINT_SECONDS", 0.0)  # a checkpoint after every chunk
        assert negotiation_cli("run", TOY, *ARGS, "--out", "r", cwd=where).returncode == 130
    return where / ".r.partial"


def _same_as_whole(where: Path) -> None:
    for name in ("summary.json", "draws.parquet"):
        assert (where / "r" / name).read_bytes() == (where / "whole" / name).read_bytes(), name


@pytest.mark.slow
def test_a_tampered_checkpoint_starts_the_chunks_again_with_the_same_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = _interrupted(tmp_path, monkeypatch) / "state.pkl"
    saved = pickle.loads(state.read_bytes())
    saved["done"] = 50
    state.write_bytes(pickle.dumps(saved))
    assert resume(tmp_path)[0] == 0
    _same_as_whole(tmp_path)


@pytest.mark.slow
def test_a_part_with_another_tables_columns_is_solved_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa

    staging = _interrupted(tmp_path, monkeypatch)
    table = pa.table({"x": list(range(100))})
    with pa.ipc.new_file(str(staging / "parts" / "draws-000000000000.arrow"), table.schema) as writer:
        writer.write_table(table)
    assert resume(tmp_path)[0] == 0
    _same_as_whole(tmp_path)
