"""The Sobol' tornado figure builds from a ``to_json`` block and is skipped when nothing varies."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.typing import NDArray

from negotiation.experiment.sobol import sobol, to_json
from negotiation.plots.sensitivity import dotted_label, plot_sensitivity

INPUTS = ["parties.alpha.reservation", "events.leadership_change_in_the_capital", "issues.tariff.steps", "c", "d"]


def _model(u: NDArray[np.float64]) -> NDArray[np.float64]:
    y = u[0] + 2.0 * u[1] * u[2] + 0.1 * u[3]
    return np.stack([y, np.ones(u.shape[1]), u[1] ** 2, u[0] - u[4]])


@pytest.fixture(scope="module")
def block() -> dict[str, Any]:
    return {"kind": "sensitivity", **to_json(sobol(_model, INPUTS, ["utility", "deal", "share", "gap"], 2**5, 1, resamples=100))}


def _only(block: dict[str, Any], *outputs: str) -> dict[str, Any]:
    return {**block, "indices": {k: v for k, v in block["indices"].items() if k in outputs}}


def test_two_outputs_side_by_side(block: dict[str, Any]) -> None:
    fig = plot_sensitivity(_only(block, "utility", "deal", "share"), "Sensitivity")
    assert isinstance(fig, Figure)
    fig.canvas.draw()
    assert fig.get_suptitle() == "Sensitivity"
    assert [ax.get_title(loc="left") for ax in fig.axes] == ["utility", "share"]
    left, right = (ax.get_position() for ax in fig.axes)
    assert left.x1 < right.x0
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Sobol' index"
    assert ax.get_xlim()[0] == 0.0 and ax.get_xlim()[1] >= 1.0
    total = block["indices"]["utility"]["total"]
    ranked = sorted(INPUTS, key=lambda name: -total[name]["value"])
    assert [t.get_text() for t in ax.get_yticklabels()] == [dotted_label(name) for name in ranked]
    assert "events.leadership_change_\nin_the_capital" in [t.get_text() for t in ax.get_yticklabels()]
    legend = fig.legends[0]
    assert len(legend.get_texts()) == 2 and "deal" in legend.get_title().get_text()


def test_many_outputs_go_two_to_a_row_and_inputs_are_truncated(block: dict[str, Any]) -> None:
    fig = plot_sensitivity(block, "Sensitivity", max_inputs=2)
    assert isinstance(fig, Figure)
    fig.canvas.draw()
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 3
    first, second, third = (ax.get_position() for ax in shown)
    assert abs(first.y0 - second.y0) < 1e-9 and first.x1 < second.x0, "the first two side by side"
    assert third.y1 < first.y0, "the third on the next row"
    for ax in shown:
        assert len(ax.get_yticklabels()) == 2
        assert any(t.get_text().startswith("3 more inputs with total index below") for t in ax.texts)
    taller = plot_sensitivity(block, "Sensitivity", max_inputs=5)
    assert taller is not None and taller.get_figheight() > fig.get_figheight()


def test_nothing_to_draw_when_every_output_is_constant(block: dict[str, Any]) -> None:
    assert plot_sensitivity(_only(block, "deal"), "Sensitivity") is None


def test_dotted_labels_break_after_dots() -> None:
    assert dotted_label("a.b") == "a.b"
    assert dotted_label("parties.united_states.reservation", 24) == "parties.united_states.\nreservation"
    assert all(len(line) <= 10 for line in dotted_label("protocols.baron_ferejohn.discount", 10).split("\n"))
    assert dotted_label("protocols.baron_ferejohn.discount", 10).replace("\n", "") == "protocols.baron_ferejohn.discount"
