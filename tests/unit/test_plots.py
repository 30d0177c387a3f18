"""Every figure builds from a summary, is labelled, and keeps party colours fixed."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import negotiation
from negotiation.plots import FIGURES
from negotiation.plots.style import PARTY_COLOURS
from tests.conftest import STAKEHOLDERS


@pytest.fixture(scope="module")
def summary() -> dict:  # type: ignore[type-arg]
    """A run to which every figure applies: several protocols, the summit and the stakeholder forecast."""
    return negotiation.run(
        STAKEHOLDERS, draws=1500, seed=2, protocols=["nash", "kalai_smorodinsky", "baron_ferejohn", "summit", "bdm"]
    ).summary


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_has_title_and_labelled_axes(summary: dict, name: str) -> None:  # type: ignore[type-arg]
    fig = FIGURES[name](summary)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    fig.canvas.draw()
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    assert visible
    assert any(ax.get_xlabel() for ax in visible) or all(any(t.get_text() for t in ax.get_xticklabels()) for ax in visible)
    for ax in visible:
        assert ax.get_ylabel() or any(t.get_text() for t in ax.get_yticklabels())
        if len(visible) > 1:
            assert ax.get_title(loc="left") or ax.get_title(), "panels of a multi-panel figure need titles"


def test_party_colours_are_the_same_in_every_figure(summary: dict) -> None:  # type: ignore[type-arg]
    utilities = FIGURES["utilities"](summary)
    proposals = FIGURES["proposals"](summary)
    assert utilities is not None and proposals is not None
    for k, party in enumerate(summary["parties"]):
        label = summary["parties"][party]
        bars = [p for ax in proposals.axes for c in ax.containers if hasattr(c, "patches") and c.get_label() == label for p in c.patches]
        assert bars and to_hex(bars[0].get_facecolor()) == PARTY_COLOURS[k].lower()
        ax = utilities.axes[k]
        assert ax.get_title(loc="left") == label
        assert to_hex(ax.containers[0].patches[0].get_facecolor()) == PARTY_COLOURS[k].lower()


def test_proposals_figure_is_skipped_without_proposals(summary: dict) -> None:  # type: ignore[type-arg]
    bare = copy.deepcopy(summary)
    bare["proposals"] = {}
    assert FIGURES["proposals"](bare) is None


def test_protocol_comparison_needs_two_protocols(summary: dict) -> None:  # type: ignore[type-arg]
    one = copy.deepcopy(summary)
    one["protocols"] = {"nash": summary["protocols"]["nash"]}
    assert FIGURES["protocols"](one) is None
    fig = FIGURES["protocols"](summary)
    assert fig is not None
    fig.canvas.draw()
    heat = fig.axes[1]
    assert [t.get_text() for t in heat.get_xticklabels()] == list(summary["protocols"])
    assert heat.get_yticklabels()[-1].get_text() == "no deal"


@pytest.mark.parametrize(("parties", "panels"), [(2, 1), (3, 3), (4, 6)])
def test_the_frontier_has_a_panel_per_pair_of_parties(parties: int, panels: int) -> None:
    from negotiation.engine.representative import pareto_optimal
    from negotiation.plots.frontier import plot_frontier

    rng = np.random.default_rng(parties)
    u = rng.random((300, parties))
    d = np.full(parties, 0.2)
    acceptable = np.all(u >= d, axis=1)
    pareto = np.zeros(300, dtype=bool)
    pareto[np.flatnonzero(acceptable)[pareto_optimal(u[acceptable])]] = True
    names = tuple(f"p{i}" for i in range(parties))
    fig = plot_frontier(names, u, d, np.ones(300, dtype=bool), acceptable, pareto, int(np.argmax(acceptable)), -1)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == panels
    assert {ax.get_xlabel() for ax in visible} <= {f"utility of {n}" for n in names}
