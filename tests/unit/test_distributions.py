"""Distributions sample by inverse CDF; checked against scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from negotiation.scenario.distributions import Distribution, argument_problem

U = np.linspace(0.001, 0.999, 41)


@pytest.mark.parametrize(
    ("dist", "reference"),
    [
        (Distribution("uniform", (0.2, 0.7)), stats.uniform(0.2, 0.5)),
        (Distribution("normal", (1.0, 2.0)), stats.norm(1.0, 2.0)),
        (Distribution("truncnormal", (0.5, 0.2, 0.0, 1.0)), stats.truncnorm(-2.5, 2.5, loc=0.5, scale=0.2)),
        (Distribution("beta", (33.0, 67.0)), stats.beta(33, 67)),
        (Distribution("triangular", (0.1, 0.2, 0.6)), stats.triang(0.2, loc=0.1, scale=0.5)),
        (Distribution("lognormal", (0.0, 0.5)), stats.lognorm(0.5)),
    ],
)
def test_ppf_matches_scipy(dist: Distribution, reference: stats.rv_continuous) -> None:
    np.testing.assert_allclose(dist.ppf(U), reference.ppf(U), rtol=1e-9, atol=1e-12)
    lo, hi = dist.support()
    assert (dist.ppf(U) >= lo).all() and (dist.ppf(U) <= hi).all()


@pytest.mark.parametrize(
    ("dist", "reference"),
    [
        (Distribution("uniform", (0.2, 0.7)), stats.uniform(0.2, 0.5)),
        (Distribution("normal", (1.0, 2.0)), stats.norm(1.0, 2.0)),
        (Distribution("truncnormal", (0.5, 0.2, 0.0, 1.0)), stats.truncnorm(-2.5, 2.5, loc=0.5, scale=0.2)),
        (Distribution("beta", (33.0, 67.0)), stats.beta(33, 67)),
        (Distribution("triangular", (0.1, 0.2, 0.6)), stats.triang(0.2, loc=0.1, scale=0.5)),
        (Distribution("triangular", (0.0, 0.0, 1.0)), stats.triang(0.0, loc=0.0, scale=1.0)),
        (Distribution("lognormal", (0.0, 0.5)), stats.lognorm(0.5)),
    ],
)
def test_cdf_matches_scipy_and_inverts_ppf(dist: Distribution, reference: stats.rv_continuous) -> None:
    x = np.linspace(-1.0, 3.0, 81)
    np.testing.assert_allclose(dist.cdf(x), reference.cdf(x), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(dist.cdf(dist.ppf(U)), U, rtol=1e-7, atol=1e-9)


def test_choice_cdf_steps_at_the_values() -> None:
    dist = Distribution("choice", (3.0, 1.0, 2.0))
    np.testing.assert_allclose(dist.cdf(np.array([0.5, 1.0, 1.5, 2.0, 3.0, 4.0])), [0, 1 / 3, 1 / 3, 2 / 3, 1, 1])


def test_choice_takes_each_value_equally_often() -> None:
    values = Distribution("choice", (1.0, 5.0, 9.0)).ppf((np.arange(300) + 0.5) / 300)
    assert sorted(np.unique(values, return_counts=True)[1].tolist()) == [100, 100, 100]


@pytest.mark.parametrize(
    ("name", "args", "fragment"),
    [
        ("uniform", (1.0, 0.0), "lo < hi"),
        ("normal", (0.0, -1.0), "sd > 0"),
        ("beta", (-1.0, 2.0), "a > 0"),
        ("triangular", (0.0, 2.0, 1.0), "lo <= mode <= hi"),
        ("lognormal", (0.0,), "takes 2 arguments"),
        ("truncnormal", (0.0, 1.0, 1.0, 0.0), "lo < hi"),
    ],
)
def test_bad_arguments_are_explained(name: str, args: tuple[float, ...], fragment: str) -> None:
    problem = argument_problem(name, args)
    assert problem is not None and fragment in problem


def test_good_arguments_pass() -> None:
    assert argument_problem("beta", (2.0, 5.0)) is None
    assert argument_problem("choice", (1.0,)) is None
