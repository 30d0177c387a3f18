"""Fuzzing ``negotiation report``: a real run's (and an experiment's) ``summary.json`` and ``manifest.json`` with keys
deleted and values replaced by values of any type give exit 0 or 2, never a traceback (exit 1)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.report.html import PNG_SIGNATURE
from tests.in_process import negotiation_cli

TINY_PNG = PNG_SIGNATURE + b"\x00" * 16
"""Enough of a PNG for the report to embed: the fuzzed folders keep their figures small, so each report takes milliseconds."""

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=6),
    st.just("<b>x</b>"),
    st.lists(st.one_of(st.integers(-3, 3), st.text(max_size=2)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.one_of(st.integers(-3, 3), st.text(max_size=2)), max_size=2),
)
"""What a field may be replaced with: every JSON type, out-of-range numbers, markup."""

EXPERIMENT = {
    "experiment": "e",
    "title": "An experiment",
    "scenario": "toy-summit",
    "draws": 100,
    "seed": 1,
    "protocols": ["nash"],
    "metrics": ["deal_rate"],
    "common_random_numbers": "every point shares the draws",
    "studies": {"s": {"kind": "sweep", "label": "A sweep", "axes": ["x"]}},
    "findings": ["A sweep: the deal rate rises."],
    "timing": {"seconds": 1.0, "seconds_in_draws": 0.5},
}
TABLE = "study,point,x,protocol,metric,value,ci_low,ci_high,draws\ns,0,0.1,nash,deal_rate,0.5,0.4,0.6,100\n"


@pytest.fixture(scope="module")
def folders(toy_run: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small run of the toy scenario and a hand-made experiment folder, each figure replaced by a few bytes of PNG."""
    where = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(toy_run, where / "run")
    (where / "run" / "report.html").unlink()
    for png in (where / "run" / "plots").glob("*"):
        png.unlink()
    (where / "run" / "plots" / "frontier.png").write_bytes(TINY_PNG)
    (where / "run" / "plots" / "outcomes.png").write_bytes(TINY_PNG)
    experiment = where / "experiment"
    (experiment / "plots").mkdir(parents=True)
    (experiment / "summary.json").write_text(json.dumps(EXPERIMENT), encoding="utf-8")
    (experiment / "manifest.json").write_text((where / "run" / "manifest.json").read_text(encoding="utf-8"), encoding="utf-8")
    (experiment / "table.csv").write_text(TABLE, encoding="utf-8")
    (experiment / "plots" / "s.png").write_bytes(TINY_PNG)
    return {"run": where / "run", "experiment": experiment}


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value in ``node``, lists entered at their first two items only."""
    if isinstance(node, dict):
        children = list(node.items())
    elif isinstance(node, list):
        children = list(enumerate(node[:2]))
    else:
        return []
    return [p for key, child in children for p in ((*prefix, key), *paths(child, (*prefix, key)))]


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """``data`` with one to three changes: delete or replace a value at a path drawn from all paths, or reached by a
    random walk from the top (which favours the upper levels)."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        if not isinstance(data, dict | list) or not data:
            break
        if draw(st.booleans()):
            path = draw(st.sampled_from(paths(data)))
        else:
            path, node = (), data
            while isinstance(node, dict | list) and node and (not path or draw(st.booleans())):
                key = draw(st.sampled_from(list(node) if isinstance(node, dict) else list(range(len(node)))))
                path, node = (*path, key), node[key]
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if draw(st.integers(0, 3)) == 0:
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
    return data


def _report_of_mutated(folders: dict[str, Path], tmp_path: Path, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["run", "experiment"]))
    name = data.draw(st.sampled_from(["summary.json", "manifest.json"]))
    folder = tmp_path / "f"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(folders[kind], folder)
    original = json.loads((folder / name).read_text(encoding="utf-8"))
    (folder / name).write_text(json.dumps(data.draw(mutated(original))), encoding="utf-8")
    done = negotiation_cli("report", "f", cwd=tmp_path)
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        assert done.stderr.startswith("negotiation: error: f/"), done.stderr


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_folder_gives_a_report_or_exit_2(folders: dict[str, Path], tmp_path: Path, data: st.DataObject) -> None:
    _report_of_mutated(folders, tmp_path, data)


@pytest.mark.slow
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_many_mutated_folders_give_a_report_or_exit_2(folders: dict[str, Path], tmp_path: Path, data: st.DataObject) -> None:
    _report_of_mutated(folders, tmp_path, data)
