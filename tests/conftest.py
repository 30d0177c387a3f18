"""Shared fixtures: the README's example scenario and a tiny two-party pie."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
TOY = DATA / "toy.yaml"
STAKEHOLDERS = DATA / "stakeholders.yaml"


def pie(d_a: float = 0.0, d_b: float = 0.0, steps: int = 100, **extra: Any) -> dict[str, Any]:
    """Two parties dividing a unit pie, each valuing its own share linearly."""
    scenario: dict[str, Any] = {
        "name": "pie",
        "issues": {"pie": {"split": ["a", "b"], "steps": steps}},
        "parties": {
            "a": {"weight": {"pie": 1.0}, "reservation": d_a},
            "b": {"weight": {"pie": 1.0}, "reservation": d_b},
        },
        "monte_carlo": {"draws": 20, "seed": 1},
    }
    scenario.update(extra)
    return scenario


@pytest.fixture
def toy_path() -> Path:
    return TOY


@pytest.fixture(scope="session")
def toy_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``run toy.yaml --draws 200 --report`` (so the frontier figure is drawn), made once for the tests that tamper with a
    results folder; copy it before changing it."""
    from tests.in_process import negotiation_cli

    where = tmp_path_factory.mktemp("toy-run")
    done = negotiation_cli("run", TOY, "--draws", "200", "--out", "r", "--quiet", "--report", cwd=where)
    assert done.returncode == 0, done.stderr
    return where / "r"
