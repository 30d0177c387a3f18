"""Protocols and their options are checked against the scenario, with located messages."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from negotiation.engine.registry import CATALOG, PROTOCOLS
from negotiation.engine.scenario import load_scenario
from negotiation.protocols.definition import BlockProtocol
from negotiation.scenario.errors import ScenarioError
from negotiation.summit.chunk_protocol import ChunkProtocol
from tests.conftest import TOY, pie


def _messages(source: Any, protocols: list[Any]) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(source, [("protocols", protocols)])
    return [p.message for p in info.value.problems]


def test_every_protocol_is_defined_once_under_its_own_name() -> None:
    assert all(name == protocol.name for name, protocol in PROTOCOLS.items())
    assert all(isinstance(protocol, BlockProtocol | ChunkProtocol) for protocol in PROTOCOLS.values())
    assert {name: protocol.options for name, protocol in PROTOCOLS.items()} == CATALOG
    assert len(PROTOCOLS) == 9


@pytest.mark.parametrize(
    ("protocol", "fragment"),
    [
        ({"baron_ferejohn": {"rule": "majorty"}}, "'majorty' is not one of 'unanimity', 'majority' (did you mean 'majority'?)"),
        ({"baron_ferejohn": {"quota": 2}}, "'quota' applies only with rule: majority"),
        ({"baron_ferejohn": {"rule": "majority", "quota": 4}}, "the quota must be a whole number from 1 to 3"),
        ({"baron_ferejohn": {"first": "usa"}}, "'first' applies only with order: alternating"),
        ({"baron_ferejohn": {"order": "alternating", "first": "rusia"}}, "unknown party 'rusia' (did you mean 'russia'?)"),
        ({"baron_ferejohn": {"proposer": "usa"}}, "'baron_ferejohn' has no option 'proposer'"),
        ("rubinstein", "'rubinstein' needs exactly 2 parties; this scenario has 3"),
        ("kalai_smorodinski", "unknown protocol 'kalai_smorodinski' (did you mean 'kalai_smorodinsky'?)"),
    ],
)
def test_bad_protocol_options_are_explained(protocol: Any, fragment: str) -> None:
    messages = _messages(TOY, [protocol])
    assert any(fragment in m for m in messages), messages


def test_options_make_distinct_labels() -> None:
    scenario = load_scenario(TOY, [("protocols", ["baron_ferejohn", {"baron_ferejohn": {"rule": "majority", "quota": 2}}])])
    assert [spec.label for spec in scenario.protocols] == ["baron_ferejohn", "baron_ferejohn[quota=2,rule=majority]"]


def test_rubinstein_runs_on_two_parties() -> None:
    scenario = load_scenario(pie(0.1, 0.1), [("protocols", [{"rubinstein": {"first": "b"}}])])
    assert scenario.protocols[0].options == {"first": "b"}


@pytest.mark.slow  # a real process or whole runs: the default suite's time budget
def test_command_line_takes_a_protocol_with_options(tmp_path: Any) -> None:
    out = tmp_path / "out"
    args = [
        "run",
        str(TOY),
        "--draws",
        "60",
        "--protocol",
        "nash",
        "--protocol",
        "{baron_ferejohn: {rule: majority}}",
        "--out",
        str(out),
        "--quiet",
    ]
    done = subprocess.run([sys.executable, "-m", "negotiation", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "negotiation", "run", str(TOY), "--protocol", "{baron_ferejohn: [1]}"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
