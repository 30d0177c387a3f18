"""Results folders appear whole or not at all, and never overwrite."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation.results.folder import default_destination, staged_folder


def test_success_renames_into_place(tmp_path: Path) -> None:
    dest = tmp_path / "run"
    with staged_folder(dest) as staging:
        (staging / "a.txt").write_text("x")
        assert not dest.exists()
    assert (dest / "a.txt").read_text() == "x"
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_failure_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "run"
    with pytest.raises(RuntimeError), staged_folder(dest) as staging:
        (staging / "a.txt").write_text("x")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), staged_folder(tmp_path / "run"):
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_never_overwritten(tmp_path: Path) -> None:
    dest = tmp_path / "run"
    dest.mkdir()
    (dest / "keep.txt").write_text("earlier")
    with pytest.raises(FileExistsError), staged_folder(dest):
        pass
    assert (dest / "keep.txt").read_text() == "earlier"


def test_default_destination_adds_a_suffix_when_taken(tmp_path: Path) -> None:
    moment = datetime(2025, 8, 15, 19, 30, tzinfo=UTC)
    first = default_destination("alaska", "abcdef123456", tmp_path, moment)
    assert first == tmp_path / "alaska" / "20250815T193000Z-abcdef12"
    first.mkdir(parents=True)
    assert default_destination("alaska", "abcdef123456", tmp_path, moment).name == "20250815T193000Z-abcdef12-2"


def test_a_checkpoint_round_trips_for_every_kind_of_protocol() -> None:
    """The restricted reader accepts every class a real checkpoint names (nash, KS, summit, bdm, fearon, Baron–Ferejohn)."""
    import pickle

    from negotiation.engine.chunk import Plan, solve_chunk
    from negotiation.engine.run import new_builder
    from negotiation.engine.scenario import load_scenario
    from negotiation.results.runfolder import load_state
    from tests.conftest import DATA

    protocols = ["nash", "kalai_smorodinsky", "summit", "bdm", {"fearon": {"proposer": "usa", "informed": "russia"}}, "baron_ferejohn"]
    plan = Plan.build(load_scenario(DATA / "static-baseline.yaml", [("protocols", protocols)]))
    builder = new_builder(plan)
    builder.add(solve_chunk(plan, 0, 64))
    state = load_state(pickle.dumps({"builder": builder, "done": 64, "transcripts": {}}, protocol=pickle.HIGHEST_PROTOCOL))
    restored = state["builder"].attach(plan.scenario, plan.space.codes, builder.reporters)
    assert state["done"] == 64
    assert restored.summary() == builder.summary()


class _Payload:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        import os

        return (os.system, ("echo pwned",))


def test_a_checkpoint_naming_anything_else_is_refused() -> None:
    import pickle

    from negotiation.results.runfolder import load_state

    with pytest.raises(pickle.UnpicklingError, match="may not name"):
        load_state(pickle.dumps({"builder": _Payload()}))


@given(st.text(min_size=1, max_size=400), st.text(min_size=1, max_size=400))
def test_a_folder_name_fits_and_keeps_long_names_apart(a: str, b: str) -> None:
    from negotiation.results.folder import NAME_BYTES, folder_name

    short = folder_name(a)
    assert len(short.encode("utf-8")) <= NAME_BYTES
    if len(a.encode("utf-8")) <= NAME_BYTES:
        assert short == a
    else:
        assert a.startswith(short[:-9]) and short[-9] == "-"
        if a != b:
            assert folder_name(b) != short


def test_a_long_name_gives_a_default_destination_the_file_system_takes(tmp_path: Path) -> None:
    moment = datetime(2025, 8, 15, 19, 30, tzinfo=UTC)
    where = default_destination("é" * 300, "abcdef123456", tmp_path, moment)
    assert where.parent.name == "é" * 35 + "-" + where.parent.name[-8:]
    where.mkdir(parents=True)
