"""The safe YAML reader: lines, duplicates, tags, aliases, numbers."""

from __future__ import annotations

import time

import pytest

from negotiation.scenario.errors import ScenarioError
from negotiation.scenario.yamlio import parse_text, read_document


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_text(text, "f.yaml")
    return [str(p) for p in info.value.problems]


def test_records_the_line_of_every_key_and_item() -> None:
    doc = parse_text("a: 1\nb:\n  c: [x, y]\n  d: 2\n", "f.yaml")
    assert doc.origins[("a",)] == ("f.yaml", 1)
    assert doc.origins[("b", "c")] == ("f.yaml", 3)
    assert doc.origins[("b", "d")] == ("f.yaml", 4)
    assert doc.where(("b", "d", "missing")) == ("f.yaml", 4)


def test_exponent_without_a_dot_is_a_float_and_dates_stay_strings() -> None:
    doc = parse_text("a: 1e-3\nb: 2025-08-15\nc: -2E+2\n", "f.yaml")
    assert doc.data == {"a": 0.001, "b": "2025-08-15", "c": -200.0}


def test_duplicate_key_names_both_lines() -> None:
    assert _problems("a: 1\nb: 2\na: 3\n") == ["f.yaml:3: a: duplicate key 'a' (first given at line 1)"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['ls']", "!!binary aGk=", "!!set {a, b}", "!custom x"])
def test_tags_beyond_the_core_schema_are_refused(tag: str) -> None:
    problems = _problems(f"a: {tag}\n")
    assert len(problems) == 1 and problems[0].startswith("f.yaml:1: a: YAML tag")


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN"])
def test_non_finite_numbers_are_refused(value: str) -> None:
    assert _problems(f"x: {value}\n") == [f"f.yaml:1: x: '{value}' is not a finite number"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    start = time.perf_counter()
    problems = _problems("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert "aliases expand" in problems[0]


def test_aliases_within_the_limit_are_expanded_into_separate_copies() -> None:
    doc = parse_text("a: &x {k: [1, 2]}\nb: *x\n", "f.yaml")
    assert doc.data["a"] == doc.data["b"]
    assert doc.data["a"] is not doc.data["b"]


def test_recursive_alias_and_merge_keys_are_refused() -> None:
    assert "recursive" in _problems("a: &a [*a]\n")[0]
    assert "merge keys" in _problems("base: &b {x: 1}\nc:\n  <<: *b\n")[0]


def test_syntax_error_is_located() -> None:
    assert _problems("a: [1, 2\nb: 3\n")[0].startswith("f.yaml:2: (file): YAML syntax error")


def test_non_utf8_file_is_refused_with_its_line(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "latin1.yaml"
    path.write_bytes(b"name: x\n# caf\xe9\n")
    with pytest.raises(ScenarioError) as info:
        read_document(path)
    assert str(info.value.problems[0]).startswith(f"{path}:2: (file): not valid UTF-8")


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: object) -> None:
    with pytest.raises(ScenarioError) as info:
        read_document(f"{tmp_path}/nope.yaml")
    assert "cannot read the file" in str(info.value)
