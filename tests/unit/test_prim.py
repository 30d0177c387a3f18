"""PRIM peeling (Friedman & Fisher 1999, "Bump hunting in high-dimensional data") on cases with a known answer,
and the discovery figure drawn from its summary block."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from matplotlib.figure import Figure

from negotiation.experiment.prim import PrimResult, box_table, boxes_json, covering, in_box, low_peel, prim, to_json
from negotiation.plots.discovery import dotted, plot_discovery

NAMES = ("x0", "x1", "x2", "x3")


@pytest.fixture(scope="module")
def known_box() -> tuple[np.ndarray, np.ndarray, PrimResult]:
    """4,000 uniform points in 4-D, cases where x0 > 0.7 and x1 < 0.3, 2% of labels flipped.

    The box holds 9% of the points. With 2% flips it still holds about 83% of the
    cases (with 5% flips the misplaced cases outside would outnumber a third of
    those inside, and no box could reach 70% coverage at 85% density). Without
    pasting or a test set every peel that removes a noisy point raises the
    density, so the box is chosen at min_coverage 0.75 rather than 0.5.
    """
    rng = np.random.default_rng(20240611)
    x = rng.uniform(size=(4000, 4))
    y = (x[:, 0] > 0.7) & (x[:, 1] < 0.3)
    y ^= rng.uniform(size=4000) < 0.02
    return x, y, prim(x, y, NAMES, min_coverage=0.75)


def test_the_known_box_is_found(known_box: tuple[np.ndarray, np.ndarray, PrimResult]) -> None:
    x, _, result = known_box
    box = result.box
    assert {0, 1} <= set(box.restricted)
    assert box.lo[0] == pytest.approx(0.7, abs=0.05)
    assert box.hi[1] == pytest.approx(0.3, abs=0.05)
    assert box.density > 0.85
    assert box.coverage > 0.7
    data_lo, data_hi = x.min(axis=0), x.max(axis=0)
    for j in (2, 3):
        assert (box.lo[j] - data_lo[j]) + (data_hi[j] - box.hi[j]) <= 0.1 * (data_hi[j] - data_lo[j])


def test_shares_match_a_direct_recount(known_box: tuple[np.ndarray, np.ndarray, PrimResult]) -> None:
    x, y, result = known_box
    assert result.base_rate == pytest.approx(y.mean())
    data_lo, data_hi = x.min(axis=0), x.max(axis=0)
    for box in result.trajectory:
        inside = np.all((x >= box.lo) & (x <= box.hi), axis=1)
        np.testing.assert_array_equal(inside, in_box(box.lo, box.hi, x))
        assert box.mass == pytest.approx(inside.mean())
        assert box.coverage == pytest.approx((inside & y).sum() / y.sum())
        assert box.density == pytest.approx(y[inside].mean())
        assert box.restricted == tuple(np.flatnonzero((box.lo > data_lo) | (box.hi < data_hi)))
        assert not box.lo.flags.writeable


def test_chosen_is_the_densest_box_with_enough_coverage(known_box: tuple[np.ndarray, np.ndarray, PrimResult]) -> None:
    _, _, result = known_box
    eligible = [b for b in result.trajectory if b.coverage >= 0.75]
    assert result.box.density == max(b.density for b in eligible)
    x, y, _ = known_box
    nothing = prim(x, y, NAMES, min_coverage=1.0)
    assert nothing.trajectory[nothing.chosen].coverage == 1.0


def test_no_box_reaching_min_coverage_reports_the_first() -> None:
    x = np.linspace(0.0, 1.0, 200)[:, None]
    y = x[:, 0] > 0.9
    y[0] = True  # one case far from the others: coverage 1 needs the whole range
    result = prim(x, y, ["x"], min_coverage=1.0)
    assert len(result.trajectory) > 1
    assert result.chosen == 0
    nothing = prim(x, np.zeros(200, dtype=bool), ["x"])
    assert nothing.chosen == 0 and len(nothing.trajectory) == 1 and nothing.box.coverage == 0.0


@pytest.mark.parametrize("value", [1.0, 0.0])
def test_a_binary_input_that_decides_the_outcome_is_peeled_to_one_value(value: float) -> None:
    rng = np.random.default_rng(7)
    event = (rng.uniform(size=2000) < 0.4).astype(np.float64)
    x = np.column_stack([rng.uniform(size=2000), event, rng.uniform(size=2000)])
    y = event == value
    result = prim(x, y, ["noise", "events.fired", "more_noise"])
    box = result.box
    assert box.restricted == (1,)
    assert box.lo[1] == box.hi[1] == value
    assert box.density == 1.0 and box.coverage == 1.0
    assert box.mass == pytest.approx(y.mean())
    assert box_table(result, result.chosen) == [{"name": "events.fired", "lo": value, "hi": value, "data_lo": 0.0, "data_hi": 1.0}]


def test_a_rare_binary_value_is_not_peeled_below_min_mass() -> None:
    x = np.zeros((100, 1))
    x[:3, 0] = 1.0
    y = x[:, 0] == 1.0
    result = prim(x, y, ["rare"], min_mass=0.05)
    assert len(result.trajectory) == 1


def test_low_peel_quantile_and_ties() -> None:
    values = np.arange(21, dtype=np.float64)  # 5% quantile = 1.0 exactly: remove the values below it
    np.testing.assert_array_equal(np.flatnonzero(low_peel(values, 0.05)), [0])
    values = np.arange(41, dtype=np.float64)  # 5% quantile = 2.0
    np.testing.assert_array_equal(np.flatnonzero(low_peel(values, 0.05)), [0, 1])
    values = np.arange(30, dtype=np.float64)[::-1]  # 5% quantile = 1.45: remove 0 and 1
    np.testing.assert_array_equal(np.sort(values[low_peel(values, 0.05)]), [0.0, 1.0])
    values = np.array([0.0, 0.0, 0.0, 1.0, 1.0])  # quantile at the minimum: remove the minimum
    np.testing.assert_array_equal(low_peel(values, 0.05), [True, True, True, False, False])
    assert low_peel(np.full(5, 3.0), 0.05).all()
    for m in (1, 2, 7, 50, 101):
        values = np.random.default_rng(m).normal(size=m)
        q = np.quantile(values, 0.1)
        expected = values < q if (values < q).any() else values == values.min()
        np.testing.assert_array_equal(low_peel(values, 0.1), expected)


def test_no_inputs_gives_one_box() -> None:
    result = prim(np.zeros((10, 0)), np.arange(10) < 3, [])
    assert len(result.trajectory) == 1 and result.box.restricted == () and result.base_rate == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("x", "y", "names", "options", "message"),
    [
        (np.zeros(5), np.zeros(5, bool), ["a"], {}, "2-D"),
        (np.zeros((5, 1)), np.zeros((5, 1), bool), ["a"], {}, "1-D"),
        (np.zeros((5, 1)), np.zeros(5), ["a"], {}, "boolean"),
        (np.zeros((5, 1)), np.zeros(4, bool), ["a"], {}, "rows"),
        (np.zeros((0, 1)), np.zeros(0, bool), ["a"], {}, "at least one"),
        (np.zeros((5, 2)), np.zeros(5, bool), ["a"], {}, "names"),
        (np.zeros((5, 2)), np.zeros(5, bool), ["a", "a"], {}, "distinct"),
        (np.full((5, 1), np.nan), np.zeros(5, bool), ["a"], {}, "finite"),
        (np.full((5, 1), np.inf), np.zeros(5, bool), ["a"], {}, "finite"),
        (np.zeros((5, 1)), np.zeros(5, bool), ["a"], {"alpha": 0.5}, "alpha"),
        (np.zeros((5, 1)), np.zeros(5, bool), ["a"], {"alpha": 0.0}, "alpha"),
        (np.zeros((5, 1)), np.zeros(5, bool), ["a"], {"min_mass": 0.0}, "min_mass"),
        (np.zeros((5, 1)), np.zeros(5, bool), ["a"], {"min_coverage": 1.5}, "min_coverage"),
    ],
)
def test_invalid_input_is_refused(x: np.ndarray, y: np.ndarray, names: list[str], options: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        prim(x, y, names, **options)


def test_summary_block_is_plain_json(known_box: tuple[np.ndarray, np.ndarray, PrimResult]) -> None:
    _, _, result = known_box
    block = to_json(result)
    assert json.loads(json.dumps(block, allow_nan=False)) == block
    assert set(block) == {"base_rate", "trajectory", "chosen", "pasting", "box"}  # the keys before pasting, and "pasting"
    assert len(block["trajectory"]) == len(result.trajectory)
    assert block["trajectory"][0] == {"coverage": 1.0, "density": result.base_rate, "mass": 1.0, "restricted": 0}
    assert block["pasting"][0] == block["trajectory"][result.chosen]
    assert block["pasting"][-1]["restricted"] == len(block["box"]["limits"])
    assert all(set(lim) == {"name", "lo", "hi", "data_lo", "data_hi", "quasi_p"} for lim in block["box"]["limits"])
    assert [lim["name"] for lim in block["box"]["limits"]] == [NAMES[j] for j in result.box.restricted]
    assert block["box"]["density"] == result.box.density


def _block(result: PrimResult) -> dict[str, Any]:
    return {**to_json(result), "kind": "discovery", "outcome": "deal under nash", "inputs": list(result.names)}


@pytest.mark.parametrize("restricts", [True, False])
def test_discovery_figure_has_two_titled_panels(known_box: tuple[np.ndarray, np.ndarray, PrimResult], restricts: bool) -> None:
    x, y, result = known_box
    if not restricts:
        result = prim(x, y, NAMES, min_coverage=1.0)
        assert not result.box.restricted
    fig = plot_discovery(_block(result), "Toy: what makes a deal")
    assert isinstance(fig, Figure)
    assert fig.get_suptitle() == "Toy: what makes a deal"
    fig.canvas.draw()
    assert len(fig.axes) == 2
    trade_off, box = fig.axes
    assert all(ax.get_title(loc="left") for ax in fig.axes)
    assert trade_off.get_xlabel() == "coverage (share of cases inside the box)"
    assert trade_off.get_ylabel() == "density (share of the box that are cases)"
    if restricts:
        assert [t.get_text() for t in box.get_yticklabels()] == [dotted(NAMES[j]) for j in result.box.restricted]
    else:
        assert any("restricts no input" in t.get_text() for t in box.texts)


def test_dotted_names_wrap_at_the_dots() -> None:
    assert dotted("parties.united_states.reservation.value", 24) == "parties.united_states.\nreservation.value"
    assert dotted("short") == "short"


TWO_BOXES = {0: ((0.0, 0.3), (0.0, 0.4)), 1: ((0.6, 1.0), (0.7, 1.0))}
"""Two disjoint boxes in [0, 1]^4: x0 < 0.3 and x1 < 0.4; x0 > 0.6 and x2 > 0.7 (the inputs they restrict: (0, 1) and (0, 2))."""


@pytest.fixture(scope="module")
def two_boxes() -> tuple[np.ndarray, np.ndarray, tuple[PrimResult, ...]]:
    """4,000 uniform points, cases exactly inside either box (each holds about 12% of the points)."""
    x = np.random.default_rng(3).uniform(size=(4000, 4))
    first = (x[:, 0] < 0.3) & (x[:, 1] < 0.4)
    second = (x[:, 0] > 0.6) & (x[:, 2] > 0.7)
    return x, first | second, covering(x, first | second, NAMES, boxes=3, min_coverage=0.3)


def test_covering_recovers_two_known_boxes(two_boxes: tuple[np.ndarray, np.ndarray, tuple[PrimResult, ...]]) -> None:
    """Friedman & Fisher (1999), covering: the second search, on the points the first box leaves, finds the other box."""
    x, _, results = two_boxes
    assert len(results) == 2  # nothing denser than the base rate is left after the two boxes
    truths = {(0, 2): ((0.6, 1.0), (0.7, 1.0)), (0, 1): ((0.0, 0.3), (0.0, 0.4))}
    found = set()
    for result in results:
        box = result.box
        data_lo, data_hi = x.min(axis=0), x.max(axis=0)
        key = tuple(j for j in range(4) if box.lo[j] > data_lo[j] + 0.03 or box.hi[j] < data_hi[j] - 0.03)
        assert key in truths, (key, box.lo, box.hi)
        for j, (lo, hi) in zip(key, truths[key], strict=True):
            assert box.lo[j] == pytest.approx(lo, abs=0.03) and box.hi[j] == pytest.approx(hi, abs=0.03)
        assert box.density == 1.0
        found.add(key)
    assert found == set(truths)


def test_covering_shares_match_direct_counts(two_boxes: tuple[np.ndarray, np.ndarray, tuple[PrimResult, ...]]) -> None:
    """Coverage, density and mass of each box recounted from the limits, over all the data (Bryant & Lempert 2010)."""
    x, y, results = two_boxes
    blocks = boxes_json(results)
    taken = np.zeros(len(y), dtype=bool)
    for result, block in zip(results, blocks, strict=True):
        inside = np.all((x >= result.box.lo) & (x <= result.box.hi), axis=1) & ~taken
        assert block["points"] == int((~taken).sum()) and block["cases"] == int(y[~taken].sum())
        assert block["coverage"] == pytest.approx((inside & y).sum() / y.sum())
        assert block["density"] == pytest.approx(y[inside].mean())
        assert block["mass"] == pytest.approx(inside.mean())
        assert block["trajectory"][0]["coverage"] == pytest.approx(y[~taken].sum() / y.sum())
        assert block["pasting"][-1]["coverage"] == pytest.approx(block["coverage"])
        taken |= inside
    assert sum(b["coverage"] for b in blocks) == pytest.approx((taken & y).sum() / y.sum())
    assert sum(b["coverage"] for b in blocks) > 0.95  # limits within 0.03 of the truth lose a few edge cases
    assert blocks[0]["coverage"] == to_json(results[0])["box"]["coverage"]


def test_quasi_p_is_the_binomial_tail_against_the_loosened_box(two_boxes: tuple[np.ndarray, np.ndarray, tuple[PrimResult, ...]]) -> None:
    """Bryant & Lempert (2010): P(X >= H), X ~ Binomial(T, p_j), p_j the density without input j's restriction."""
    x, y, results = two_boxes
    result = results[0]
    box = result.box
    inside = np.all((x >= box.lo) & (x <= box.hi), axis=1)
    t, h = int(inside.sum()), int(y[inside].sum())
    for j, value in zip(box.restricted, result.quasi_p, strict=True):
        loose = np.all((x >= box.lo) & (x <= box.hi) | (np.arange(4) == j), axis=1)
        p = y[loose].mean()
        tail = sum(math.comb(t, k) * p**k * (1 - p) ** (t - k) for k in range(h, t + 1))
        assert value == pytest.approx(tail, rel=1e-6, abs=1e-300)
    # the restrictions that define the box are significant; one that only trims the data's edge is not
    assert box.restricted and set(box.restricted) >= {0, 2}
    for j, value in zip(box.restricted, result.quasi_p, strict=True):
        assert (value < 1e-50) if j in (0, 2) else (value > 0.05), (j, value)


def test_pasting_regrows_a_box_peeling_cut_short() -> None:
    """With a coarse peel (alpha 0.2) the box overshoots into the true box; pasting a finer share (0.01) regrows it
    (Friedman & Fisher 1999, sec. 4): higher coverage at the same density, limits back at the truth."""
    x = np.random.default_rng(5).uniform(size=(3000, 3))
    y = (x[:, 0] < 0.3) & (x[:, 1] < 0.4)
    result = prim(x, y, ["a", "b", "c"], alpha=0.2, paste_alpha=0.01, min_coverage=0.3)
    peeled, pasted = result.trajectory[result.chosen], result.box
    assert len(result.pasting) > 2 and result.pasting[0] is peeled
    assert pasted.density == peeled.density == 1.0
    assert pasted.coverage > peeled.coverage + 0.1
    assert pasted.hi[0] == pytest.approx(0.3, abs=0.01) and pasted.hi[1] == pytest.approx(0.4, abs=0.01)
    assert pasted.coverage == pytest.approx(((x[:, 0] <= pasted.hi[0]) & (x[:, 1] <= pasted.hi[1]) & y).sum() / y.sum())


def test_covering_arguments_are_checked() -> None:
    x, y = np.zeros((5, 1)), np.zeros(5, bool)
    for boxes in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="boxes"):
            covering(x, y, ["a"], boxes=boxes)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="paste_alpha"):
        prim(x, y, ["a"], paste_alpha=0.5)


def test_discovery_figure_shows_every_box_with_quasi_p(two_boxes: tuple[np.ndarray, np.ndarray, tuple[PrimResult, ...]]) -> None:
    _, _, results = two_boxes
    block = {**_block(results[0]), "boxes": boxes_json(results)}
    fig = plot_discovery(block, "Toy: two boxes")
    fig.canvas.draw()
    trade_off, limits = fig.axes
    expected = [dotted(NAMES[j]) for r in results for j in r.box.restricted]
    assert [t.get_text() for t in limits.get_yticklabels()] == expected
    headers = [t.get_text() for t in limits.texts if t.get_text().startswith("box ")]
    assert headers == [f"box {k + 1}: coverage {b['coverage']:.1%}, density {b['density']:.1%}" for k, b in enumerate(block["boxes"])]
    assert sum("quasi-p" in t.get_text() for t in limits.texts) == len(expected)
    labels = trade_off.get_legend_handles_labels()[1]
    assert "box 1 after pasting" in labels and "box 2" in labels
    assert limits.get_title(loc="left").startswith("2 boxes in sequence")


def test_discovery_figure_draws_a_block_written_before_pasting(known_box: tuple[np.ndarray, np.ndarray, PrimResult]) -> None:
    """A summary.json of an earlier version has no pasting, boxes or quasi_p: its figure is still drawn."""
    _, _, result = known_box
    old = _block(result)
    del old["pasting"]
    for lim in old["box"]["limits"]:
        del lim["quasi_p"]
    fig = plot_discovery(old, "Old block")
    fig.canvas.draw()
    assert not any("quasi-p" in t.get_text() for t in fig.axes[1].texts)
    assert [t.get_text() for t in fig.axes[1].get_yticklabels()] == [dotted(NAMES[j]) for j in result.box.restricted]
