"""Summary statistics: Wilson intervals, exact sums, checkpoints, the fields of docs/OUTPUTS.md."""

from __future__ import annotations

import numpy as np
import pytest

import negotiation
from negotiation.results.summary import checkpoints, exact_sum, wilson
from tests.conftest import TOY


def test_wilson_interval_matches_published_values() -> None:
    """Newcombe (1998), Statistics in Medicine 17, 857-872, Table I: 81/263 -> 0.2553-0.3662;
    15/148 -> 0.0624-0.1605; 0/20 -> 0.0000-0.1611."""
    np.testing.assert_allclose(wilson(81, 263), [0.2553, 0.3662], atol=5e-5)
    np.testing.assert_allclose(wilson(15, 148), [0.0624, 0.1605], atol=5e-5)
    np.testing.assert_allclose(wilson(0, 20), [0.0, 0.1611], atol=5e-5)


def test_exact_sum_does_not_depend_on_grouping() -> None:
    x = np.random.default_rng(0).random(10_001) * 2 - 0.5
    assert exact_sum(x) == exact_sum(x[:3]) + exact_sum(x[3:5000]) + exact_sum(x[5000:])
    assert exact_sum(x) / 2**30 == pytest.approx(x.sum(), abs=1e-5)


def test_checkpoints() -> None:
    assert checkpoints(1000) == [10, 20, 50, 100, 200, 500, 1000]
    assert checkpoints(7) == [7]


def test_summary_has_every_contract_field() -> None:
    s = negotiation.run(TOY, draws=3000, seed=5).summary
    assert {"scenario", "draws", "seed", "protocols", "proposals"} <= set(s)
    nash = s["protocols"]["nash"]
    assert {"deal_rate", "deal_rate_ci95", "issue_shares", "top_packages", "mean_utility", "pivotal_rate"} <= set(nash)
    lo, hi = nash["deal_rate_ci95"]
    assert lo <= nash["deal_rate"] <= hi
    shares = nash["issue_shares"]
    assert set(shares["sanctions_relief"]) == {"0.0", "0.25", "0.5", "0.75", "1.0"}
    assert sum(shares["territory"].values()) == pytest.approx(1.0)
    assert set(shares["minerals_fund"]) == {"[0.0, 1.0]", "[0.25, 0.75]", "[0.5, 0.5]", "[0.75, 0.25]", "[1.0, 0.0]"}
    top = nash["top_packages"][0]
    assert set(top["package"]) == {"territory", "sanctions_relief", "minerals_fund"}
    assert sum(t["share"] for t in nash["top_packages"]) <= nash["deal_rate"] + 1e-12
    offer = s["proposals"]["money_making_offer"]
    assert set(offer["acceptance"]) == {"russia", "ukraine", "usa"}
    assert offer["all_accept"] <= min(offer["acceptance"].values())


def test_summary_agrees_with_the_draws_table() -> None:
    res = negotiation.run(TOY, draws=2500, seed=9)
    frame, nash = res.draws, res.summary["protocols"]["nash"]
    assert nash["deals"] == int(frame["nash.deal"].sum())
    for party in ("russia", "ukraine", "usa"):
        assert nash["mean_utility"][party] == pytest.approx(frame[f"nash.utility.{party}"].mean(), abs=1e-8)
        assert nash["pivotal_rate"][party] == pytest.approx(frame[f"nash.pivotal.{party}"].mean())
    counts = frame.loc[frame["nash.deal"], "nash.territory"].value_counts(normalize=True)
    for option, share in counts.items():
        assert nash["issue_shares"]["territory"][option] == pytest.approx(share)
    offer = res.summary["proposals"]["money_making_offer"]
    assert offer["all_accept"] == pytest.approx(frame["proposal.money_making_offer.all_accept"].mean())
    for party in ("russia", "ukraine", "usa"):
        assert offer["acceptance"][party] == pytest.approx(frame[f"proposal.money_making_offer.accept.{party}"].mean())
    assert res.summary["convergence"]["deals"]["nash"][-1] == nash["deals"]


def test_wilson_interval_is_exact_at_the_extremes() -> None:
    assert wilson(0, 500)[0] == 0.0
    assert wilson(500, 500)[1] == 1.0


def test_protocols_are_compared_on_the_same_draws() -> None:
    res = negotiation.run(TOY, draws=1500, seed=4, protocols=["nash", "kalai_smorodinsky", "utilitarian"])
    comparison, frame = res.summary["comparison"], res.draws
    agreement = comparison["agreement"]
    for a in agreement:
        assert agreement[a][a] == 1.0
        for b in agreement:
            assert agreement[a][b] == agreement[b][a]
            assert agreement[a][b] == pytest.approx((frame[f"{a}.package"] == frame[f"{b}.package"]).mean())
    for label, shares in comparison["shares"].items():
        listed = {repr(t["package"]): t["share"] for t in res.summary["protocols"][label]["top_packages"]}
        for package, share in zip(comparison["packages"], shares, strict=True):
            if repr(package) in listed:
                assert share == listed[repr(package)]
