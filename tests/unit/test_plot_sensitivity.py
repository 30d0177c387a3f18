"""The Sobol' tornado figure builds from a ``to_json`` block and is skipped when nothing varies."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.typing import NDArray

from negotiation.experiment.sobol import sobol, to_json
from negotiation.plots.sensitivity import NEGLIGIBLE, TALLEST, dotted_label, plot_sensitivity

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
    # y = u0 + 2 u1 u2 + 0.1 u3 with u ~ U(0, 1)^5: Var y = 1/12 + 4 (1/9 - 1/16) + 0.01/12 = 0.2785, so
    # S_T(c) = (0.01/12) / 0.2785 = 0.003 and S_T(d) = 0: both below NEGLIGIBLE, counted rather than drawn
    assert {block["indices"]["utility"]["first"][n]["value"] < NEGLIGIBLE > total[n]["value"] for n in ("c", "d")} == {True}
    assert ranked[3:] == ["c", "d"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [dotted_label(name) for name in ranked[:3]]
    assert any(t.get_text().startswith("2 more inputs with total index below") for t in ax.texts)
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
    # utility: 3 inputs reach NEGLIGIBLE, share: 1 (u1 alone), gap: 2 (u0 and u4); at most 2 drawn
    for ax, drawn in zip(shown, (2, 1, 2), strict=True):
        assert len(ax.get_yticklabels()) == drawn
        assert any(t.get_text().startswith(f"{5 - drawn} more inputs with total index below") for t in ax.texts)
    taller = plot_sensitivity(block, "Sensitivity", max_inputs=5)
    assert taller is not None and taller.get_figheight() > fig.get_figheight()


def test_nothing_to_draw_when_every_output_is_constant(block: dict[str, Any]) -> None:
    assert plot_sensitivity(_only(block, "deal"), "Sensitivity") is None


def test_dotted_labels_break_after_dots() -> None:
    assert dotted_label("a.b") == "a.b"
    assert dotted_label("parties.united_states.reservation", 24) == "parties.united_states.\nreservation"
    assert all(len(line) <= 10 for line in dotted_label("protocols.baron_ferejohn.discount", 10).split("\n"))
    assert dotted_label("protocols.baron_ferejohn.discount", 10).replace("\n", "") == "protocols.baron_ferejohn.discount"


MANY = [f"parties.party_{k}.value.security_guarantees.article5_like" for k in range(12)]


def test_inputs_without_effect_are_counted_not_drawn_and_the_figure_is_at_most_tallest() -> None:
    """Twelve inputs of which one moves the output: one row, a note for eleven; every input moving four
    outputs: fewer rows per panel, so that the figure stays at most ``TALLEST`` inches high."""

    def one(u: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([u[0] + 0.0 * u[1:].sum(axis=0)])

    block = to_json(sobol(one, MANY, ["deal"], 2**5, 1, resamples=20))
    fig = plot_sensitivity(block, "one input", max_inputs=12)
    assert fig is not None
    fig.canvas.draw()
    (ax,) = [ax for ax in fig.axes if ax.get_visible()]
    assert [t.get_text() for t in ax.get_yticklabels()] == [dotted_label(MANY[0])]
    assert any(t.get_text() == "11 more inputs with total index below 0.001" for t in ax.texts)
    assert fig.get_figheight() * fig.dpi < 800

    def every(u: NDArray[np.float64]) -> NDArray[np.float64]:
        y = u.sum(axis=0)
        return np.stack([y, y**2, np.sqrt(y), -y])

    crowded = to_json(sobol(every, MANY, ["a", "b", "c", "d"], 2**5, 1, resamples=20))
    fig = plot_sensitivity(crowded, "every input", max_inputs=12)
    assert fig is not None
    assert fig.get_figheight() <= TALLEST and fig.get_figheight() * fig.dpi <= 1728
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == 4 and all(1 <= len(ax.get_yticklabels()) < 12 for ax in shown)
