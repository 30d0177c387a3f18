"""Fuzzing the scenario reader: a shipped scenario with its structure broken is rejected cleanly, never with a traceback.

Each example takes one of the shipped scenarios (``scenarios/``,
``scenarios/history/``, ``tests/data/``), breaks its structure in one to three
places (a key deleted, a value replaced by one of another type, a key renamed,
two subtrees swapped, a line of the YAML text written twice, which repeats a
key) and runs ``negotiation validate`` on the result in this process
(:mod:`tests.in_process`). The command must exit 0 (the change was legal) or
2 with one ``FILE:LINE: dotted.path: what is wrong`` line per problem; exit 1
or a traceback is a bug.

The examples are derandomized, so a run is reproducible and CI sees the same
ones every time. :data:`QUICK` examples run in the default suite and
:data:`THOROUGH` in the slow group; ``NEGOTIATION_FUZZ_EXAMPLES=N`` runs N
instead (for a long search by hand, with ``-m slow``).
"""

from __future__ import annotations

import copy
import functools
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.in_process import negotiation_cli

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("scenarios/history/*.yaml"), *ROOT.glob("tests/data/*.yaml")],
    key=lambda p: p.stat().st_size,
)
"""The shipped scenarios, smallest first (hypothesis shrinks towards the first)."""

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _document(index: int) -> Any:
    """The data of ``FILES[index]``, read once (copy it before changing it)."""
    return yaml.safe_load(FILES[index].read_text(encoding="utf-8"))


QUICK = 20
"""Examples in the default suite (about 3 s)."""

THOROUGH = 250
"""Examples in the slow group (about 25 s)."""

DEADLINE = timedelta(seconds=20)
"""The longest one validation may take (the largest scenario takes well under a second on an idle machine)."""

POOL: list[Any] = [
    0,
    -1,
    0.5,
    1e308,
    -1e308,
    2**70,
    float("nan"),
    float("inf"),
    "",
    "x",
    "nan",
    "-inf",
    "1e999",
    "2025-08-15",
    "increasing",
    "from_patience",
    "nash",
    True,
    None,
    [],
    [1],
    [[1]],
    [[0, 0], [1, 1]],
    ["a", "b"],
    [{"a": 1}],
    {},
    {"a": 1},
    {"a": {"b": [1, {"c": None}]}},
    {"uniform": [0, 1]},
    {"beta": [2, 5]},
    {"normal": [0, 1]},
    {"uniform": "x"},
    {"uniform": [[0], [1]]},
    {"add": 0.1},
    {"points": [[0, 0], [1, 1]]},
    {"nash": {"power": "from_patience"}},
]
"""Replacement values: every YAML type, nested lists and mappings, distributions, huge, negative and non-finite numbers."""

PROBLEM_LINE = re.compile(r"^s\.yaml:\d+: \S.*: \S.*$")
"""One problem as the contract prints it: FILE:LINE: dotted.path: what is wrong."""

Step = tuple[str, int, int, Any]
"""One mutation: what to do, the path (an index into the document's paths), a second index, and a value."""


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path in the document below the top, outermost first."""
    out: list[tuple[Any, ...]] = [here] if here else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*here, i))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def _mutate(data: Any, step: Step) -> None:
    """Apply one mutation to ``data`` in place (a step whose path no longer exists does nothing)."""
    op, i, j, value = step
    paths = _paths(data)
    if not paths:
        return
    path = paths[i % len(paths)]
    parent, key = _parent(data, path), path[-1]
    if op == "delete":
        del parent[key]
    elif op == "replace":
        parent[key] = copy.deepcopy(value)
    elif op == "rename" and isinstance(parent, dict):
        names = [p[-1] for p in paths if isinstance(p[-1], str) and p[-1] != key] or ["x"]
        new = value if isinstance(value, str) and value else names[j % len(names)]
        parent[new] = parent.pop(key)
    elif op == "swap":
        other = paths[j % len(paths)]
        if other[: len(path)] == path or path[: len(other)] == other:
            return  # one holds the other
        other_parent = _parent(data, other)
        parent[key], other_parent[other[-1]] = other_parent[other[-1]], parent[key]


def _text(data: Any, repeat: int | None) -> str:
    """The document as YAML; ``repeat`` writes that line twice (a mapping's key given twice, or a list item)."""
    text = yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=200)
    if repeat is None:
        return text
    lines = text.splitlines(keepends=True)
    k = repeat % len(lines)
    return "".join([*lines[: k + 1], lines[k], *lines[k + 1 :]])


steps = st.tuples(
    st.sampled_from(["replace", "replace", "replace", "delete", "rename", "swap"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(POOL),
)
mutations = st.tuples(st.integers(0, len(FILES) - 1), st.lists(steps, min_size=1, max_size=3), st.none() | st.integers(0, 10_000))


def _check(tmp: Path, mutation: tuple[int, list[Step], int | None]) -> int:
    """Validate the broken scenario; its exit code, after checking what the command said."""
    index, changes, repeat = mutation
    data = copy.deepcopy(_document(index))
    for step in changes:
        _mutate(data, step)
    (tmp / "s.yaml").write_text(_text(data, repeat), encoding="utf-8")
    out = negotiation_cli("validate", "s.yaml", cwd=tmp)
    assert "Traceback" not in out.stderr, out.stderr
    assert out.returncode in (0, 2), out.stderr
    if out.returncode == 2:
        lines = out.stderr.splitlines()
        assert lines, "exit 2 with nothing said"
        bad = [line for line in lines if not PROBLEM_LINE.match(line)]
        assert not bad, f"not one located problem per line: {bad}"
    else:
        assert out.stdout.strip().endswith("ok"), out.stdout
    return out.returncode


def _fuzz(tmp: Path, examples: int) -> None:
    """Run ``examples`` examples in ``tmp``; print how many ran and how many were legal (shown with ``pytest -s``)."""
    codes: list[int] = []

    def check(mutation: tuple[int, list[Step], int | None]) -> None:
        codes.append(_check(tmp, mutation))

    settings(
        max_examples=examples,
        deadline=DEADLINE,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )(given(mutations)(check))()
    print(f"scenario fuzz: {len(codes)} examples, {codes.count(0)} legal (exit 0), {codes.count(2)} rejected (exit 2)")


_EXTRA = os.environ.get("NEGOTIATION_FUZZ_EXAMPLES")


def test_a_broken_scenario_exits_0_or_2_with_located_lines(tmp_path: Path) -> None:
    _fuzz(tmp_path, QUICK)


@pytest.mark.slow
def test_many_broken_scenarios_exit_0_or_2_with_located_lines(tmp_path: Path) -> None:
    _fuzz(tmp_path, int(_EXTRA) if _EXTRA else THOROUGH)
