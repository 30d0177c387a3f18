"""The sweep figure's axes: shares on 0-100%, a utility axis never narrower than ``LEAST_SPAN``."""

from __future__ import annotations

from typing import Any

import pytest

from negotiation.plots.experiment import LEAST_SPAN, plot_heatmaps, plot_sweep, spread


def _point(x: float, utility: float, rate: float) -> dict[str, Any]:
    return {
        "label": f"x={x}",
        "settings": {"parties.usa.reservation": x},
        "results": {
            "nash": {
                "deal_rate": {"value": rate, "ci": [rate - 0.01, rate + 0.01]},
                "mean_utility[usa]": {"value": utility, "ci": [utility - 0.001, utility + 0.001]},
            }
        },
    }


def test_a_small_change_of_utility_is_not_stretched_over_the_panel() -> None:
    """A mean utility moving by 0.02 over the sweep (0.61 to 0.63) and a deal rate moving by 0.01."""
    block = {
        "kind": "sweep",
        "axes": [{"path": "parties.usa.reservation", "values": [0.0, 0.5, 1.0]}],
        "points": [_point(0.0, 0.61, 0.50), _point(0.5, 0.62, 0.505), _point(1.0, 0.63, 0.51)],
    }
    fig = plot_sweep(block, "sweep")
    rate, utility = (ax for ax in fig.axes if ax.get_visible())
    assert rate.get_ylim() == pytest.approx((-0.02, 1.02))
    low, high = utility.get_ylim()
    assert high - low == pytest.approx(LEAST_SPAN)
    assert low < 0.609 and high > 0.631  # the band inside, centred
    assert (low + high) / 2 == pytest.approx(0.62, abs=1e-3)
    assert f"at least {LEAST_SPAN:g}" in utility.get_ylabel()


def test_spread_widens_only_a_narrow_range() -> None:
    assert spread(0.61, 0.63) == pytest.approx((0.52, 0.72))
    assert spread(0.1, 0.9) == (0.1, 0.9)
    assert spread(float("nan"), float("nan")) == (0.0, LEAST_SPAN)
    assert spread(0.5, 0.5, least=1.0) == (0.0, 1.0)


def test_a_heat_map_of_utility_has_a_colour_scale_at_least_least_span_wide() -> None:
    block = {
        "kind": "sweep",
        "axes": [{"path": "parties.usa.reservation", "values": [0.0, 1.0]}, {"path": "parties.russia.reservation", "values": [0.0, 1.0]}],
        "points": [_point(0.0, 0.61, 0.5), _point(0.0, 0.62, 0.5), _point(1.0, 0.62, 0.5), _point(1.0, 0.63, 0.5)],
    }
    fig = plot_heatmaps(block, "heat")
    utility = next(ax for ax in fig.axes if ax.get_title(loc="left").startswith("mean_utility"))
    vmin, vmax = utility.images[0].get_clim()
    assert vmax - vmin == pytest.approx(LEAST_SPAN)
