"""Shares and issue values as people read them: one rounding rule and one way to write a split, in the CLI and the report."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.plots.style import percent
from negotiation.results.issue_values import package_text, value_text


def test_a_share_near_an_end_is_never_written_as_the_end() -> None:
    # 9,999 of 10,000 draws is 99.99%, 99,999 of 100,000 is 99.999%: neither is every draw
    assert percent(9_999 / 10_000) == "99.99%"
    assert percent(99_999 / 100_000) == ">99.99%"
    assert percent(1 / 100_000) == "<0.01%"
    assert percent(999 / 1000) == "99.9%"
    assert percent(1.0) == "100.0%" and percent(0.0) == "0.0%"


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 10**8), st.data())
def test_only_every_draw_reads_100_and_only_none_reads_0(n: int, data: st.DataObject) -> None:
    """Over k of n draws: the text reads 100% exactly when k = n and 0% exactly when k = 0."""
    k = data.draw(st.integers(0, n))
    text = percent(k / n)
    number = text.lstrip("<>").rstrip("%")
    assert (float(number) == 100.0 and not text.startswith(">")) == (k == n)
    assert (float(number) == 0.0) == (k == 0)


def test_a_split_is_written_with_its_parties_names() -> None:
    assert value_text([1.0, 0.0, 0.0], ["usa", "russia", "ukraine"]) == "usa 1, russia 0, ukraine 0"
    assert value_text([0.5, 0.5]) == "#1 0.5, #2 0.5"  # no names given: numbered, never a bare list
    assert value_text(0.25) == "0.25" and value_text("frozen_line") == "frozen_line"


def test_a_package_puts_a_split_in_parentheses() -> None:
    issues = {"rare_earths": {"kind": "split", "split": ["usa", "russia", "ukraine"]}, "territory": {"kind": "categorical", "split": []}}
    text = package_text({"territory": "frozen_line", "sanctions_relief": 0.5, "rare_earths": [1.0, 0.0, 0.0]}, issues)
    assert text == "territory=frozen_line, sanctions_relief=0.5, rare_earths=(usa 1, russia 0, ukraine 0)"
