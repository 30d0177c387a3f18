"""Properties of the summit whose leaders anticipate the absent party (docs/MODEL.md §17).

Putnam (1988): a framework must fall in the absent party's win-set; Fearon
(1995): a proposer unsure of the other side's reservation value screens its
offers by the chance it accepts. Anticipation should therefore never make the
absent party reject more of the frameworks, and with its reservation value
known exactly it should reject none.

The scenarios are small (``tests.summit_cases.absent_summit``: one issue, a
and b at the table, c absent and siding with b) with the tactics, the grid,
the rounds and c's reservation law drawn by hypothesis; each example runs the
summit twice on 100 draws (about 0.3 s), so the properties with a real budget
(100 examples) are marked slow and the default suite runs fixed cases of the
same checks.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation
from tests.summit_cases import absent_summit

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TACTICS = ("boulware", "conceder", "linear", "tit_for_tat")


def _frameworks(kw: dict[str, Any], anticipation: bool) -> tuple[int, int]:
    """(frameworks agreed, frameworks c accepts) over the draws."""
    draws = negotiation.run(absent_summit(anticipation=anticipation, **kw)).draws
    framework = draws["summit.framework"] == 1.0
    return int(framework.sum()), int((framework & ~draws["summit.pivotal.c"]).sum())


def _check_never_lower(kw: dict[str, Any]) -> None:
    """Share of frameworks c accepts, with anticipation >= without (cross-multiplied, exact).
    With no framework under anticipation, none may have been accepted without it."""
    on, accepted_on = _frameworks(kw, True)
    off, accepted_off = _frameworks(kw, False)
    if on == 0:
        assert accepted_off == 0
    elif off:
        assert accepted_on * off >= accepted_off * on


def _check_exact(kw: dict[str, Any]) -> None:
    """c's reservation is a number the leaders know: no framework c rejects is agreed."""
    on, accepted_on = _frameworks(kw, True)
    assert accepted_on == on


def _case(tactic_a: str, tactic_b: str, lo: float, width: float, rounds: int, steps: int, seed: int) -> dict[str, Any]:
    d_c: Any = {"uniform": [lo, lo + width]} if width > 0 else lo
    return {
        "tactic_a": tactic_a,
        "tactic_b": tactic_b,
        "d_a": {"uniform": [0.0, 0.4]},
        "d_b": {"uniform": [0.0, 0.4]},
        "d_c": d_c,
        "rounds": rounds,
        "steps": steps,
        "draws": 100,
        "seed": seed,
    }


cases = st.builds(
    _case,
    st.sampled_from(TACTICS),
    st.sampled_from(TACTICS),
    st.floats(0.0, 0.8),
    st.one_of(st.just(0.0), st.floats(0.02, 0.4)),
    st.integers(5, 60),
    st.integers(3, 30),
    st.integers(0, 10_000),
)


@pytest.mark.slow
@SETTINGS
@given(kw=cases)
def test_anticipation_never_lowers_the_share_of_frameworks_the_absent_party_accepts(kw: dict[str, Any]) -> None:
    _check_never_lower(kw)


@pytest.mark.slow
@SETTINGS
@given(kw=cases.map(lambda kw: {**kw, "d_c": kw["d_c"] if isinstance(kw["d_c"], float) else kw["d_c"]["uniform"][0]}))
def test_with_the_reservation_known_exactly_no_framework_it_would_reject_is_agreed(kw: dict[str, Any]) -> None:
    _check_exact(kw)


FIXED = [
    _case("boulware", "conceder", 0.5, 0.2, 40, 21, 1),
    _case("tit_for_tat", "linear", 0.45, 0.15, 30, 11, 2),
    _case("linear", "boulware", 0.6, 0.0, 50, 25, 3),
    _case("conceder", "tit_for_tat", 0.3, 0.4, 20, 7, 4),
]


@pytest.mark.parametrize("kw", FIXED)
def test_the_properties_hold_on_fixed_cases(kw: dict[str, Any]) -> None:
    """The two properties above on four fixed settings, in the default suite."""
    _check_never_lower(kw)
    if not isinstance(kw["d_c"], dict):
        _check_exact(kw)


def test_the_properties_above_are_not_vacuous() -> None:
    """In the fixed cases anticipation does change something: without it c rejects frameworks,
    with it c rejects strictly fewer of them, and frameworks are still agreed."""
    for kw in FIXED[:3]:
        on, accepted_on = _frameworks(kw, True)
        off, accepted_off = _frameworks(kw, False)
        assert off > accepted_off and on > 0
        assert accepted_on * off > accepted_off * on
