"""The results folder's writer: parts as Arrow IPC files flushed to disk at checkpoints, one parquet encode at the end.

A crash between a part and its checkpoint resumes to the same files; a checkpoint flushes every part it
counts on before the state; ``draws.parquet`` is dictionary-encoded only on the columns of codes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import negotiation.engine.pipeline as pipeline
from negotiation.engine.scenario import load_scenario
from negotiation.results.runfolder import ROW_GROUP_ROWS, RunFolder
from negotiation.results.table import coded_columns
from tests.conftest import TOY
from tests.in_process import negotiation_cli

ARGS = ("--draws", "300", "--set", "monte_carlo.chunk=100", "--protocol", "nash", "--quiet")


@pytest.fixture(autouse=True)
def _no_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs here are about files, not figures: skip drawing them."""
    import negotiation.plots

    monkeypatch.setattr(negotiation.plots, "save_figures", lambda data, folder: folder.mkdir(exist_ok=True))


def _same(a: Path, b: Path) -> None:
    for name in ("summary.json", "draws.parquet", "scenario.yaml"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_a_crash_between_a_part_and_its_checkpoint_resumes_to_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Killed after the third chunk's part is written, before its checkpoint: the part is past the state, removed and solved again."""
    assert negotiation_cli("run", TOY, *ARGS, "--out", "whole", cwd=tmp_path).returncode == 0
    calls = 0
    real = RunFolder.save_state

    def crash_on_third(self: RunFolder, state: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        real(self, state)

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "CHECKPOINT_SECONDS", 0.0)
        patch.setattr(RunFolder, "save_state", crash_on_third)
        assert negotiation_cli("run", TOY, *ARGS, "--out", "r", cwd=tmp_path).returncode == 130
    parts = tmp_path / ".r.partial" / "parts"
    assert sorted(p.name for p in parts.iterdir()) == [f"draws-{s:012d}.arrow" for s in (0, 100, 200)]
    done = negotiation_cli("run", TOY, *ARGS, "--resume", "r", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    _same(tmp_path / "r", tmp_path / "whole")


def test_a_run_shorter_than_the_checkpoint_interval_checkpoints_once_and_resumes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With checkpoints far apart, a crash before the last chunk's checkpoint leaves no state: the resume solves every chunk again."""
    assert negotiation_cli("run", TOY, *ARGS, "--out", "whole", cwd=tmp_path).returncode == 0
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "CHECKPOINT_SECONDS", 1e9)
        patch.setattr(RunFolder, "save_state", lambda self, state: (_ for _ in ()).throw(KeyboardInterrupt))
        assert negotiation_cli("run", TOY, *ARGS, "--out", "r", cwd=tmp_path).returncode == 130
    staging = tmp_path / ".r.partial"
    assert not (staging / "state.pkl").exists() and len(list((staging / "parts").iterdir())) == 3
    assert negotiation_cli("run", TOY, *ARGS, "--resume", "r", cwd=tmp_path).returncode == 0
    _same(tmp_path / "r", tmp_path / "whole")


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open descriptor through /proc")
def test_a_checkpoint_flushes_its_parts_and_their_folder_before_the_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    flushed: list[str] = []
    real = os.fsync

    def record(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    folder = RunFolder(tmp_path / "out")
    folder.start({"draws": 3}, None)
    try:
        flushed.clear()
        table = pa.table({"draw": pa.array([0, 1], pa.int64())})
        folder.write_part(0, table)
        folder.write_part(2, table)
        assert flushed == [], "a part is not flushed when written"
        folder.save_state({"done": 4})
        parts, state = folder.parts.resolve(), (folder.staging / "state.pkl").resolve()
        assert flushed[:3] == [str(parts / "draws-000000000000.arrow"), str(parts / "draws-000000000002.arrow"), str(parts)]
        assert len(flushed) == 4 and Path(flushed[3]).parent == state.parent and Path(flushed[3]).name.startswith(".state.pkl.")
        flushed.clear()
        folder.save_state({"done": 4})
        assert len(flushed) == 1, "parts already flushed are not flushed again"
    finally:
        folder.release()


def test_only_the_columns_of_codes_are_dictionary_encoded(tmp_path: Path) -> None:
    """Packages, issues, rounds, proposers and verdicts carry a dictionary page; random floats and counters are plain."""
    done = negotiation_cli(
        "run", TOY, "--draws", "700", "--set", "monte_carlo.chunk=300", "--quiet", "--out", "r", cwd=tmp_path
    )  # every protocol
    assert done.returncode == 0, done.stderr
    file = pq.ParquetFile(tmp_path / "r" / "draws.parquet")
    coded = set(coded_columns(load_scenario(TOY), file.schema_arrow))
    assert {"nash.package", "nash.territory", "nash.minerals_fund.usa", "nash.ratification.ukraine_referendum"} <= coded
    meta = file.metadata
    assert meta.num_row_groups == 1 and meta.row_group(0).column(0).compression == "ZSTD"
    for i in range(meta.num_columns):
        column = meta.row_group(0).column(i)
        dictionary = "RLE_DICTIONARY" in column.encodings or "PLAIN_DICTIONARY" in column.encodings
        assert dictionary == (column.path_in_schema in coded), column.path_in_schema
        assert column.compression == "ZSTD"


def test_rounds_proposers_and_verdicts_are_codes_utilities_and_draws_are_not() -> None:
    scenario = load_scenario(TOY, [("protocols", ["nash", {"baron_ferejohn": {"order": "alternating"}}])])
    bf = scenario.protocols[1].label
    names = ["draw", "slack", "reservation.usa", f"{bf}.package", f"{bf}.deal", f"{bf}.round", f"{bf}.proposer", f"{bf}.utility.usa"]
    names += [f"{bf}.ratification.ukraine_referendum", "nash.minerals_fund.usa", "nash.territory", "nash.pivotal.usa", "nash.period"]
    schema = pa.schema([(name, pa.float64()) for name in names])
    assert coded_columns(scenario, schema) == [
        f"{bf}.package",
        f"{bf}.round",
        f"{bf}.proposer",
        f"{bf}.ratification.ukraine_referendum",
        "nash.minerals_fund.usa",
        "nash.territory",
        "nash.period",
    ]


def test_parts_are_gathered_into_row_groups_of_the_smallest_size(tmp_path: Path) -> None:
    folder = RunFolder(tmp_path / "out")
    folder.start({"draws": 1}, None)
    try:
        rows = ROW_GROUP_ROWS // 3 + 1
        starts = [k * rows for k in range(7)]
        for start in starts:
            folder.write_part(start, pa.table({"draw": pa.array(range(start, start + rows), pa.int64()), "x": pa.array([0.5] * rows)}))
        folder.combine(starts, lambda schema: ["x"])
        meta = pq.ParquetFile(folder.staging / "draws.parquet").metadata
        assert [meta.row_group(g).num_rows for g in range(meta.num_row_groups)] == [3 * rows, 3 * rows, rows]
        table = pq.read_table(folder.staging / "draws.parquet")
        assert table.column("draw").to_pylist() == list(range(7 * rows))
        assert "RLE_DICTIONARY" in meta.row_group(0).column(1).encodings
        assert "RLE_DICTIONARY" not in meta.row_group(0).column(0).encodings
    finally:
        folder.release()
